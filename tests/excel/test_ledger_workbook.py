"""The app's own workbook: export → import into an empty ledger gives back the same ledger; re-import,
duplicates against the ledger, missing columns."""
from __future__ import annotations

import random
from dataclasses import fields
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest

from desktop.domain.codes import (
    Channel, Contract, Education, EmploymentForm, HouseholdType, IdType, Industry, Intention, LabourSkill,
    MonitorCategory, PersonStatus, PoliticalStatus, PovertyAttribute, Relation, SchoolStatus, Sex, VerifyMethod,
)
from desktop.domain.idnumber import make_id_number
from desktop.domain.models import EmploymentSpell, Household, Person
from desktop.domain.regions import default_regions
from desktop.excel.exporter import export_ledger
from desktop.excel.importer import ImportRejected, import_file
from desktop.store.ledger import Ledger

from excel_helpers import read_book, table_counts, write_book

TODAY = date.today()


def _maybe(rng, value, p=0.5):
    return value if rng.random() < p else None


def build_ledger(ledger, households=80, seed=1):
    """Valid households with every field type filled or left empty at random."""
    rng = random.Random(seed)
    villages = [v.code for v in default_regions().villages_of("610328000000")][:30]
    records = []
    order = 1
    for n in range(households):
        lifted = rng.random() < 0.7
        h = Household(
            village_code=rng.choice(villages), hh_type=HouseholdType.LIFTED if lifted else HouseholdType.ORDINARY,
            hh_no=_maybe(rng, f"61032810{n:08d}", 0.8), natural_village=_maybe(rng, f"{rng.randrange(1, 9)}组"),
            phone=f"139{rng.randrange(10**7, 10**8)}",
            poverty_attr=rng.choice(list(PovertyAttribute)) if lifted else None,
            monitor_category=(MonitorCategory.UNSTABLE if lifted else MonitorCategory.EDGE) if rng.random() < 0.3
            else (None if lifted else MonitorCategory.EDGE),
            support_person=_maybe(rng, "李帮扶"), support_phone=_maybe(rng, "0917-3212345"),
            note=_maybe(rng, "备注：含&<>\"特殊字符", 0.2))
        if h.monitor_category is not None:
            h.risk_eliminated = rng.choice([True, False, None])
        records.append(h)
        size = rng.randrange(1, 5)
        for k in range(size):
            head = k == 0
            age = rng.randrange(25, 58) if k < 2 else rng.randrange(5, 15)
            male = (k == 0) if k < 2 else rng.random() < 0.5
            birth = TODAY - timedelta(days=365 * age + rng.randrange(30, 300))
            order += 2
            number = make_id_number("610328", birth, (order % 998) + (1 if male else 0))
            sex = Sex.MALE if int(number[16]) % 2 else Sex.FEMALE
            relation = Relation.HEAD if head else (Relation.SPOUSE if k == 1 else
                                                   (Relation.SON if sex == Sex.MALE else Relation.DAUGHTER))
            child = age < 16
            p = Person(
                household_id=h.id, name=rng.choice("王李张刘陈") + rng.choice(["建国", "秀英", "小明", "丽"]),
                id_number=number, sex=sex, birth_date=birth, relation=relation,
                labour_skill=LabourSkill.NONE if child else rng.choice([LabourSkill.ORDINARY, LabourSkill.SKILLED]),
                id_type=IdType.RESIDENT, person_no=_maybe(rng, f"P{n:05d}{k}"),
                ethnicity=rng.choice(["汉族", "回族", None]),
                education=None if child else rng.choice(list(Education)),
                school_status=SchoolStatus.PRIMARY if child else None,
                health="健康", political_status=_maybe(rng, rng.choice(list(PoliticalStatus))),
                phone=_maybe(rng, f"137{rng.randrange(10**7, 10**8)}"),
                speaks_mandarin=rng.choice([True, False, None]), dibao=rng.choice([True, False, None]),
                tekun=rng.choice([False, None]), status=PersonStatus.NORMAL,
                work_intention=_maybe(rng, Intention.YES) if not child else None,
                training_intention=_maybe(rng, rng.choice(list(Intention))), note=_maybe(rng, "多行\n备注", 0.1))
            records.append(p)
            if not child and rng.random() < 0.7:
                start = TODAY - timedelta(days=rng.randrange(400, 900))
                ended = rng.random() < 0.5
                abroad = rng.random() < 0.05
                records.append(EmploymentSpell(
                    person_id=p.id, form=rng.choice([EmploymentForm.MIGRANT, EmploymentForm.WORKSHOP]),
                    start_date=start, end_date=start + timedelta(days=rng.randrange(30, 300)) if ended else None,
                    work_county_code=None if abroad else rng.choice(["320506000000", "610113000000"]),
                    abroad=abroad, work_place="新加坡" if abroad else _maybe(rng, "工业园"),
                    employer="某某有限公司", industry=rng.choice(list(Industry)), channel=rng.choice(list(Channel)),
                    point_to_point=rng.choice([True, False]),
                    monthly_income=Decimal(rng.randrange(150000, 900000)) / 100,
                    contract=_maybe(rng, rng.choice(list(Contract))),
                    verify_method=_maybe(rng, rng.choice(list(VerifyMethod))), note=_maybe(rng, "春节返乡", 0.2)))
    # the rarer shapes: an upgraded 15-digit number, a disabled person, someone who moved out
    persons = [r for r in records if isinstance(r, Person) and r.relation == Relation.SPOUSE]
    if len(persons) >= 3:
        old = persons[0]
        old.birth_date = date(1965, 3, 8)
        number = make_id_number("610328", old.birth_date, 12 if old.sex == Sex.FEMALE else 13)
        old.id_number, old.id_original = number, number[:6] + number[8:17]
        persons[1].health, persons[1].disability_category = "长期慢性病,残疾", "肢体残疾"
        persons[1].labour_skill = LabourSkill.WEAK
        persons[2].status = PersonStatus.MOVED_OUT
    ledger.insert_new(records)
    return records


def snapshot(ledger):
    out = {}
    for cls, table in ((Household, "household"), (Person, "person"), (EmploymentSpell, "employment")):
        out[cls] = {r.id: r for r in ledger._records(cls, "deleted = 0", ())}
    return out


def test_export_then_import_into_an_empty_ledger_gives_back_the_same_ledger(ledger, tmp_path):
    build_ledger(ledger)
    before = snapshot(ledger)
    assert len(before[Person]) > 150 and len(before[EmploymentSpell]) > 50
    summary = export_ledger(ledger, tmp_path / "台账.xlsx")
    assert (summary.households, summary.persons, summary.spells) == tuple(len(before[c]) for c in before)
    assert "已导出" in summary.describe()

    other = Ledger.open(tmp_path / "empty.sqlite")
    try:
        report = import_file(other, tmp_path / "台账.xlsx")
        assert not report.errors
        after = snapshot(other)
    finally:
        other.close()
    for cls in before:
        assert after[cls].keys() == before[cls].keys()
        for record_id, record in before[cls].items():
            assert after[cls][record_id] == record, cls.__name__
    # every field type really occurred with and without a value
    persons = list(before[Person].values())
    assert any(p.id_original for p in persons) and any(p.status == PersonStatus.MOVED_OUT for p in persons)
    for name in ("speaks_mandarin", "political_status", "phone", "note"):
        values = {getattr(p, name) is None for p in persons}
        assert values == {True, False}, name
    incomes = [s.monthly_income for s in before[EmploymentSpell].values()]
    assert any(i != i.to_integral_value() for i in incomes)


def test_export_file_is_a_normal_workbook_with_readable_columns(ledger, tmp_path):
    build_ledger(ledger, households=5)
    export_ledger(ledger, tmp_path / "a.xlsx")
    book = read_book(tmp_path / "a.xlsx")
    assert list(book) == ["户", "人员", "务工就业"]
    header = book["人员"][0]
    assert "证件号码" in header and "人ID" in header and "户编号" in header
    row = book["人员"][1]
    assert isinstance(row[header.index("出生日期")], datetime)  # a real date cell, not text
    assert isinstance(row[header.index("证件号码")], str)  # never a number in scientific notation
    assert book["户"][1][book["户"][0].index("村名称")].startswith("陕西省宝鸡市千阳县")


def test_reimporting_the_own_workbook_changes_nothing(ledger, tmp_path):
    build_ledger(ledger, households=10)
    export_ledger(ledger, tmp_path / "a.xlsx")
    counts = table_counts(ledger)
    report = import_file(ledger, tmp_path / "a.xlsx")
    assert report.persons_added == 0 and report.persons_updated == 0 and report.persons_unchanged > 0
    assert table_counts(ledger) == counts


def test_an_edited_cell_updates_that_field_only(ledger, tmp_path):
    build_ledger(ledger, households=5)
    export_ledger(ledger, tmp_path / "a.xlsx")
    book = read_book(tmp_path / "a.xlsx")
    sheets = {name: [list(r) for r in rows] for name, rows in book.items()}
    header = sheets["人员"][0]
    sheets["人员"][1][header.index("成员联系电话")] = "13800001234"
    write_book(tmp_path / "b.xlsx", sheets)
    before = table_counts(ledger)
    report = import_file(ledger, tmp_path / "b.xlsx")
    assert report.persons_updated == 1
    person_id = sheets["人员"][1][header.index("人ID")]
    assert ledger.person(person_id).phone == "13800001234"
    assert table_counts(ledger)[3] == before[3] + 1


def test_same_person_under_another_id_is_matched_by_id_number(ledger, tmp_path):
    build_ledger(ledger, households=3)
    export_ledger(ledger, tmp_path / "a.xlsx")
    book = {name: [list(r) for r in rows] for name, rows in read_book(tmp_path / "a.xlsx").items()}
    header = book["人员"][0]
    old_id = book["人员"][1][header.index("人ID")]
    book["人员"][1][header.index("人ID")] = "0190aaaa-0000-7000-8000-000000000001"
    sp_header = book["务工就业"][0]
    for row in book["务工就业"][1:]:
        if row[sp_header.index("人ID")] == old_id:
            row[sp_header.index("人ID")] = "0190aaaa-0000-7000-8000-000000000001"
    write_book(tmp_path / "b.xlsx", book)
    persons = ledger.count(Person)
    import_file(ledger, tmp_path / "b.xlsx")
    assert ledger.count(Person) == persons
    assert ledger.person(old_id)


def test_duplicate_id_number_of_a_different_ledger_person_is_rejected(ledger, tmp_path):
    build_ledger(ledger, households=3)
    export_ledger(ledger, tmp_path / "a.xlsx")
    book = {name: [list(r) for r in rows] for name, rows in read_book(tmp_path / "a.xlsx").items()}
    header = book["人员"][0]
    col = header.index("证件号码")
    # row 2 takes the number of row 3's person, who is in the ledger under another id
    book["人员"][1][col] = book["人员"][2][col]
    book["人员"] = [book["人员"][0], book["人员"][1]]
    write_book(tmp_path / "b.xlsx", book)
    counts = table_counts(ledger)
    with pytest.raises(ImportRejected) as info:
        import_file(ledger, tmp_path / "b.xlsx")
    errors = info.value.report.errors
    assert any(e.sheet == "人员" and e.row == 2 and e.column == "证件号码" and "另一人" in e.reason for e in errors)
    assert table_counts(ledger) == counts


def test_own_workbook_with_a_missing_column_is_rejected(ledger, tmp_path):
    build_ledger(ledger, households=2)
    export_ledger(ledger, tmp_path / "a.xlsx")
    book = {name: [list(r) for r in rows] for name, rows in read_book(tmp_path / "a.xlsx").items()}
    col = book["人员"][0].index("姓名")
    book["人员"] = [r[:col] + r[col + 1:] for r in book["人员"]]
    write_book(tmp_path / "b.xlsx", book)
    other = Ledger.open(tmp_path / "o.sqlite")
    try:
        with pytest.raises(ImportRejected) as info:
            import_file(other, tmp_path / "b.xlsx")
        assert "姓名" in info.value.report.describe() and "缺少" in info.value.report.describe()
        assert table_counts(other) == (0, 0, 0, 0)
    finally:
        other.close()


def test_bad_rows_of_the_own_workbook_name_their_sheet(ledger, tmp_path):
    build_ledger(ledger, households=4)
    export_ledger(ledger, tmp_path / "a.xlsx")
    book = {name: [list(r) for r in rows] for name, rows in read_book(tmp_path / "a.xlsx").items()}
    sp = book["务工就业"][0]
    book["务工就业"][1][sp.index("开始日期")] = "2023-13-01"
    hh = book["户"][0]
    book["户"][2][hh.index("村代码")] = "610328999999"
    write_book(tmp_path / "b.xlsx", book)
    other = Ledger.open(tmp_path / "o.sqlite")
    try:
        with pytest.raises(ImportRejected) as info:
            import_file(other, tmp_path / "b.xlsx")
        errors = info.value.report.errors
        assert any(e.sheet == "务工就业" and e.row == 2 and e.column == "开始日期" for e in errors)
        assert any(e.sheet == "户" and e.row == 3 and e.column == "村代码" for e in errors)
        report = import_file(other, tmp_path / "b.xlsx", skip_invalid=True)
        assert report.households_rejected == 2
        written = read_book(report.error_path)
        assert set(written) <= {"户", "人员", "务工就业"} and "错误原因" in written["户"][0]
    finally:
        other.close()


def test_every_model_field_has_a_column():
    """Guards the sheet layouts when a field is added to the models."""
    from desktop.excel.columns import LEDGER_FIELDS
    for cls in (Household, Person, EmploymentSpell):
        assert set(LEDGER_FIELDS[cls]) == {f.name for f in fields(cls)}


def test_importing_an_older_export_brings_back_a_deleted_household(ledger, tmp_path):
    records = build_ledger(ledger, households=4)
    export_ledger(ledger, tmp_path / "a.xlsx")
    household = next(r for r in records if isinstance(r, Household))
    before = snapshot(ledger)
    ledger.delete(Household, household.id)
    assert ledger.count(Household) == len(before[Household]) - 1
    import_file(ledger, tmp_path / "a.xlsx")
    assert snapshot(ledger) == before


def test_export_reports_progress(ledger, tmp_path):
    build_ledger(ledger, households=700)
    calls = []
    summary = export_ledger(ledger, tmp_path / "a", progress=lambda d, t, w: calls.append((d, t)))
    assert summary.path == tmp_path / "a.xlsx" and summary.path.exists()
    assert calls and all(d <= t for d, t in calls)
    assert calls[-1][0] == calls[-1][1] == summary.households + summary.persons + summary.spells


def test_a_partial_workbook_adds_to_ledger_households_and_rejects_whole_households(ledger, tmp_path):
    records = build_ledger(ledger, households=3)
    household = next(r for r in records if isinstance(r, Household))
    head = next(r for r in records if isinstance(r, Person) and r.household_id == household.id
                and r.relation == Relation.HEAD)
    from desktop.excel.columns import ledger_header
    header = ledger_header(Person)
    new_member = {"人ID": "0190bbbb-0000-7000-8000-000000000001", "户ID": household.id, "姓名": "王小",
                  "证件号码": make_id_number("610328", date(2001, 5, 6), 21), "性别": "男",
                  "出生日期": date(2001, 5, 6), "与户主关系": "户主", "劳动技能": "普通劳动力", "文化程度": "高中",
                  "健康状况": "健康"}
    row = [new_member.get(h) for h in header]
    path = write_book(tmp_path / "补录.xlsx", {"户": [ledger_header(Household)], "人员": [header, row]})
    with pytest.raises(ImportRejected) as info:  # a second 户主 for a household of the ledger
        import_file(ledger, path)
    assert any(e.sheet == "人员" and e.row == 2 and "户主" in e.reason for e in info.value.report.errors)
    report = import_file(ledger, path, skip_invalid=True)
    assert report.persons_added == 0
    assert read_book(report.error_path)["人员"][1][header.index("姓名")] == "王小"
    row[header.index("与户主关系")] = "之子"
    write_book(path, {"户": [ledger_header(Household)], "人员": [header, row]})
    report = import_file(ledger, path)
    assert report.persons_added == 1
    assert ledger.person("0190bbbb-0000-7000-8000-000000000001").household_id == household.id
    assert head in ledger.members(household.id)
