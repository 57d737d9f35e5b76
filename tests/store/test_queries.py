"""The window's read queries: filtered and sorted key lists, display rows, the bulk zero-employment scan."""
import subprocess
import sys
from datetime import date, timedelta

import pytest

from desktop.domain.codes import EmploymentForm, HouseholdType, LabourSkill, MonitorCategory, Relation, SchoolStatus, Sex
from desktop.domain.idnumber import make_id_number
from desktop.domain.models import EmploymentSpell, Household, Person
from desktop.store import queries as q

TODAY = date(2026, 11, 27)
VILLAGE_A = "610328100001"
VILLAGE_B = "610328100002"


def person(household, name, relation, birth, order, **kw):
    return Person(household_id=household.id, name=name, relation=relation, birth_date=birth,
                  id_number=make_id_number("610328", birth, order), sex=Sex.MALE if order % 2 else Sex.FEMALE, **kw)


@pytest.fixture
def s(ledger):
    """张三 (works, 省外) and 曾梅 in village A; 李四 (监测户, job ended 2026-03-10: zero, overdue) in A;
    王五 (一般农户, 丧失劳动力) in B."""
    zhang = Household(village_code=VILLAGE_A, hh_no="A1", phone="13912345678")
    li = Household(village_code=VILLAGE_A, hh_no="A2", monitor_category=MonitorCategory.EDGE)
    wang = Household(village_code=VILLAGE_B, hh_no="B1", hh_type=HouseholdType.ORDINARY)
    r = dict(zhang=zhang, li=li, wang=wang,
             zhang_san=person(zhang, "张三", Relation.HEAD, date(1980, 5, 1), 1, phone="13912345678"),
             zeng_mei=person(zhang, "曾梅", Relation.SPOUSE, date(1982, 6, 2), 2, labour_skill=LabourSkill.WEAK),
             li_si=person(li, "李四", Relation.HEAD, date(1975, 1, 9), 3, labour_skill=LabourSkill.SKILLED),
             wang_wu=person(wang, "王五", Relation.HEAD, date(1950, 2, 3), 5, labour_skill=LabourSkill.LOST))
    r["job"] = EmploymentSpell(person_id=r["zhang_san"].id, form=EmploymentForm.MIGRANT,
                               start_date=date(2025, 3, 1), work_county_code="440300000000")
    r["old_job"] = EmploymentSpell(person_id=r["li_si"].id, form=EmploymentForm.LOCAL, start_date=date(2025, 6, 1),
                                   end_date=date(2026, 3, 10), work_county_code="610328000000")
    ledger.insert_new(r.values())
    return r


@pytest.fixture
def conn(ledger):
    reader = q.Reader(ledger.path)
    yield reader.conn()
    reader.close_all()


def person_names(conn, flt=q.ListFilter(), sort=None):
    keys = q.person_keys(conn, flt, sort, TODAY)
    rows = q.person_rows(conn, keys, TODAY)
    return [rows[k].name for k in keys]


def household_nos(conn, flt=q.ListFilter(), sort=None):
    keys = q.household_keys(conn, flt, sort, TODAY)
    rows = q.household_rows(conn, keys)
    return [rows[k].hh_no for k in keys]


def test_default_order_is_the_order_of_entry_households_together(s, conn):
    assert person_names(conn) == ["张三", "曾梅", "李四", "王五"]
    assert household_nos(conn) == ["A1", "A2", "B1"]


def test_filters_on_village_kind_labour_and_employment(s, conn):
    assert person_names(conn, q.ListFilter(village_code=VILLAGE_B)) == ["王五"]
    assert person_names(conn, q.ListFilter(kind=q.HouseholdKind.MONITORED)) == ["李四"]
    assert person_names(conn, q.ListFilter(kind=q.HouseholdKind.ORDINARY)) == ["王五"]
    assert person_names(conn, q.ListFilter(labour_skill=LabourSkill.WEAK)) == ["曾梅"]
    assert person_names(conn, q.ListFilter(employment=q.EmploymentFilter.EMPLOYED)) == ["张三"]
    assert person_names(conn, q.ListFilter(employment=q.EmploymentFilter.NOT_EMPLOYED)) == ["曾梅", "李四", "王五"]


def test_household_list_keeps_households_with_a_matching_member(s, conn):
    assert household_nos(conn, q.ListFilter(labour_skill=LabourSkill.WEAK)) == ["A1"]
    assert household_nos(conn, q.ListFilter(employment=q.EmploymentFilter.EMPLOYED)) == ["A1"]
    assert household_nos(conn, q.ListFilter(search="王")) == ["B1"]


def test_zero_only_selects_zero_employment_households(s, conn):
    assert person_names(conn, q.ListFilter(zero_only=True)) == ["李四"]
    assert household_nos(conn, q.ListFilter(zero_only=True)) == ["A2"]


@pytest.mark.parametrize("query, expected", [
    ("张", ["张三"]), ("zs", ["张三"]), ("zhangsan", ["张三"]), ("cm", ["曾梅"]), ("zengmei", ["曾梅"]),
    ("3912345", ["张三"]), ("  李 ", ["李四"]), ("赵", []),
])
def test_search_by_name_pinyin_every_surname_reading_and_phone(s, conn, query, expected):
    assert person_names(conn, q.ListFilter(search=query)) == expected


def test_search_by_id_number_fragment(s, conn):
    assert person_names(conn, q.ListFilter(search=s["li_si"].id_number[-6:])) == ["李四"]


def test_search_combines_with_filters(s, conn):
    assert person_names(conn, q.ListFilter(search="张", village_code=VILLAGE_B)) == []
    assert person_names(conn, q.ListFilter(search="z", labour_skill=LabourSkill.WEAK)) == ["曾梅"]


def test_a_filtered_search_is_not_cut_off_by_better_matches_elsewhere(s, conn, monkeypatch):
    monkeypatch.setattr(q, "SEARCH_LIMIT", 1)
    assert person_names(conn, q.ListFilter(search="z")) == ["张三"]
    assert person_names(conn, q.ListFilter(search="z", labour_skill=LabourSkill.WEAK)) == ["曾梅"]
    assert household_nos(conn, q.ListFilter(search="w", village_code=VILLAGE_B)) == ["B1"]


def test_sort_by_age_and_by_name_descending(s, conn):
    assert person_names(conn, sort=q.Sort("age")) == ["曾梅", "张三", "李四", "王五"]
    assert person_names(conn, sort=q.Sort("age", descending=True)) == ["王五", "李四", "张三", "曾梅"]
    assert household_nos(conn, sort=q.Sort("hh_no", descending=True)) == ["B1", "A2", "A1"]
    assert household_nos(conn, sort=q.Sort("size", descending=True))[0] == "A1"


def test_unknown_sort_key_falls_back_to_default_order(s, conn):
    assert person_names(conn, sort=q.Sort("name; DROP TABLE person")) == ["张三", "曾梅", "李四", "王五"]


def test_deleted_records_are_not_listed(s, conn, ledger):
    ledger.delete(Household, s["li"].id)
    assert person_names(conn) == ["张三", "曾梅", "王五"]
    assert household_nos(conn) == ["A1", "B1"]
    assert q.totals(conn) == q.Totals(households=2, persons=3)


def test_rows_carry_display_columns_and_current_job(s, conn):
    keys = q.person_keys(conn, q.ListFilter(search="张三"), None, TODAY)
    row = q.person_rows(conn, keys, TODAY)[keys[0]]
    assert (row.name, row.sex, row.birth_date, row.relation, row.job_form, row.job_place, row.sync_state) == (
        "张三", "男", "1980-05-01", "户主", "外出务工", "省外", "pending")
    hh_keys = q.household_keys(conn, q.ListFilter(search="张三"), None, TODAY)
    hh = q.household_rows(conn, hh_keys)[hh_keys[0]]
    assert (hh.hh_no, hh.head_name, hh.size, hh.hh_type, hh.phone) == ("A1", "张三", 2, "脱贫户", "13912345678")


def test_village_codes_are_those_with_households(s, conn):
    assert q.village_codes(conn) == [VILLAGE_A, VILLAGE_B]


def test_zero_scan_finds_overdue_household_with_its_labour_members(s, conn):
    scan = q.zero_employment_scan(conn, TODAY)
    assert scan.households == [q.ZeroHousehold(
        household_id=s["li"].id, hh_no="A2", village_code=VILLAGE_A, head_name="李四", phone=None,
        since=date(2026, 3, 11), deadline=date(2026, 3, 31), overdue=True, labour_names=("李四",))]
    assert (scan.count, scan.overdue_count) == (1, 1)


def test_zero_scan_before_the_deadline_is_not_overdue(s, conn):
    scan = q.zero_employment_scan(conn, date(2026, 3, 20))
    assert [(z.hh_no, z.overdue) for z in scan.households] == [("A2", False)]


def test_zero_scan_ignores_students_old_people_and_ordinary_households(ledger, conn):
    lifted = Household(village_code=VILLAGE_A, hh_no="S1")
    student = person(lifted, "赵学", Relation.HEAD, date(2005, 1, 1), 7, school_status=SchoolStatus.UNI2)
    old = person(lifted, "赵老", Relation.FATHER, date(1960, 1, 1), 9)
    ordinary = Household(village_code=VILLAGE_A, hh_no="O1", hh_type=HouseholdType.ORDINARY)
    idle = person(ordinary, "钱闲", Relation.HEAD, date(1990, 1, 1), 11)
    ledger.insert_new([lifted, student, old, ordinary, idle])
    assert q.zero_employment_scan(conn, TODAY).households == []


def test_zero_scan_without_any_job_uses_the_registration_date(ledger, conn):
    household = Household(village_code=VILLAGE_A, hh_no="N1")
    ledger.insert_new([household, person(household, "孙闲", Relation.HEAD, date(1990, 1, 1), 13)])
    (z,) = q.zero_employment_scan(conn, date.today() + timedelta(days=200)).households
    registered = date.fromisoformat(ledger.conn.execute("SELECT created_at FROM household").fetchone()[0][:10])
    assert z.since == registered and z.overdue


def test_zero_scan_sees_a_new_job_at_once(s, conn, ledger):
    assert q.zero_household_ids(conn, TODAY.isoformat()) == {s["li"].id}
    ledger.save(EmploymentSpell(person_id=s["li_si"].id, form=EmploymentForm.PUBLIC_POST, start_date=date(2026, 11, 1)))
    assert q.zero_household_ids(conn, TODAY.isoformat()) == set()


def test_reader_gives_each_thread_its_own_connection(ledger):
    import threading
    reader = q.Reader(ledger.path)
    seen = []
    thread = threading.Thread(target=lambda: seen.append(reader.conn()))
    thread.start()
    thread.join()
    assert seen[0] is not reader.conn()
    reader.close_all()


def test_queries_do_not_import_qt():
    code = "import sys, desktop.store.queries; print('PySide6' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_a_scan_of_some_households_patches_the_full_scan(s, conn, ledger):
    full = q.zero_employment_scan(conn, TODAY)
    ledger.save(EmploymentSpell(person_id=s["li_si"].id, form=EmploymentForm.PUBLIC_POST, start_date=date(2026, 11, 1)))
    changed = q.households_of(conn, "person", [s["li_si"].id])
    assert changed == {s["li"].id}
    patched = full.patched(q.zero_employment_scan(conn, TODAY, household_ids=changed), changed)
    assert patched.households == [] == q.zero_employment_scan(conn, TODAY).households


def test_households_of_jobs_and_households(s, conn):
    assert q.households_of(conn, "employment", [s["old_job"].id, s["job"].id]) == {s["li"].id, s["zhang"].id}
    assert q.households_of(conn, "household", [s["wang"].id]) == {s["wang"].id}
