"""The app's own workbook filled in by hand: ids like "H-001" (the county server refuses records that are
not under a UUID, and such a record used to stop syncing altogether) get new UUIDs on import, the rows
that refer to them follow, and the report says so, naming sheet, row and column."""
from __future__ import annotations

from datetime import date

import pytest

from desktop.domain.idnumber import make_id_number
from desktop.domain.ids import is_uuid, new_id
from desktop.domain.models import EmploymentSpell, Household, Person
from desktop.domain.regions import default_regions
from desktop.excel.columns import ledger_header
from desktop.excel.importer import ImportRejected, import_file
from desktop.store.ledger import Ledger

from excel_helpers import outbox, table_counts, write_book

VILLAGE = default_regions().villages_of("610328000000")[0].code


def _row(cls, values: dict) -> list:
    return [values.get(h) for h in ledger_header(cls)]


def household(hid: str, phone: str) -> list:
    return _row(Household, {"户ID": hid, "村代码": VILLAGE, "户类型": "脱贫户", "脱贫属性": "一般脱贫户",
                            "户联系电话": phone})


def person(pid: str, hid: str, name: str, order: int) -> list:
    birth = date(1980, 4, 5)
    number = make_id_number("610328", birth, order)
    return _row(Person, {"人ID": pid, "户ID": hid, "姓名": name, "证件号码": number,
                         "性别": "男" if int(number[16]) % 2 else "女", "出生日期": birth, "与户主关系": "户主",
                         "劳动技能": "普通劳动力", "文化程度": "初中", "健康状况": "健康"})


def spell(sid: str, pid: str) -> list:
    return _row(EmploymentSpell, {"务工ID": sid, "人ID": pid, "就业形式": "外出务工", "开始日期": date(2024, 3, 1),
                                  "务工所在县代码": "440306", "务工企业名称": "富士康", "所属行业": "制造业",
                                  "就业渠道": "亲友介绍", "是否点对点输送": "否", "务工月收入": 4500})


def book(path, households, persons, spells=()):
    return write_book(path, {"户": [ledger_header(Household), *households],
                             "人员": [ledger_header(Person), *persons],
                             "务工就业": [ledger_header(EmploymentSpell), *spells]})


@pytest.fixture
def ledger(tmp_path):
    led = Ledger.open(tmp_path / "ledger.sqlite")
    yield led
    led.close()


def test_hand_typed_ids_get_new_uuids_and_the_links_between_sheets_are_kept(ledger, tmp_path):
    path = book(tmp_path / "补录.xlsx",
                [household("H-001", "13900000001"), household("H-002", "13900000002")],
                [person("P-1", "H-001", "张一", 11), person("P-2", "H-002", "李二", 13)],
                [spell("S-1", "P-1")])
    report = import_file(ledger, path)
    assert (report.households_added, report.persons_added) == (2, 2)
    rows = ledger.conn.execute("SELECT id, phone FROM household ORDER BY phone").fetchall()
    assert [phone for _, phone in rows] == ["13900000001", "13900000002"] and all(is_uuid(i) for i, _ in rows)
    people = dict(ledger.conn.execute("SELECT name, household_id FROM person").fetchall())
    assert people == {"张一": rows[0][0], "李二": rows[1][0]}           # each person stays in its household
    [(sid, owner)] = ledger.conn.execute("SELECT id, person_id FROM employment").fetchall()
    assert is_uuid(sid) and owner == ledger.conn.execute("SELECT id FROM person WHERE name = '张一'").fetchone()[0]
    assert all(is_uuid(record_id) for _, record_id, _ in outbox(ledger))   # what sync will send
    notes = {(w.sheet, w.row, w.column): w.reason for w in report.warnings if "不是本程序生成的编号" in w.reason}
    assert set(notes) == {("户", 2, "户ID"), ("户", 3, "户ID"), ("人员", 2, "人ID"), ("人员", 3, "人ID"),
                          ("务工就业", 2, "务工ID")}
    assert "H-001" in notes[("户", 2, "户ID")] and rows[0][0] in notes[("户", 2, "户ID")]


def test_one_hand_typed_id_on_two_household_rows_is_still_a_duplicate(ledger, tmp_path):
    path = book(tmp_path / "重复.xlsx", [household("H-001", "13900000001"), household("H-001", "13900000002")],
                [person("P-1", "H-001", "张一", 11)])
    with pytest.raises(ImportRejected) as info:
        import_file(ledger, path)
    assert any(e.sheet == "户" and e.row == 3 and e.column == "户ID" and "重复" in e.reason
               for e in info.value.report.errors)
    assert table_counts(ledger) == (0, 0, 0, 0)


def test_a_person_row_pointing_at_an_unknown_hand_typed_household_is_named(ledger, tmp_path):
    path = book(tmp_path / "孤儿.xlsx", [household("H-001", "13900000001")],
                [person("P-1", "H-001", "张一", 11), person("P-2", "H-009", "李二", 13)])
    with pytest.raises(ImportRejected) as info:
        import_file(ledger, path)
    assert any(e.sheet == "人员" and e.row == 3 and e.column == "户ID" and "H-009" in e.reason
               for e in info.value.report.errors)


def test_an_id_the_ledger_already_holds_still_matches_its_record(ledger, tmp_path):
    """A household an older version imported under "H-001": importing the row again updates it rather
    than adding a second household."""
    ledger.save(Household(village_code=VILLAGE, id="H-001", phone="13900000009"))
    path = book(tmp_path / "再导入.xlsx", [household("H-001", "13900000001")], [person("P-1", "H-001", "张一", 11)])
    import_file(ledger, path)
    assert ledger.conn.execute("SELECT id, phone FROM household").fetchall() == [("H-001", "13900000001")]


def test_an_employment_id_the_ledger_already_holds_still_matches_its_record(ledger, tmp_path):
    """Re-importing the ledger's own workbook whose 务工ID an older version kept as typed ("S-001") updates
    that employment record instead of adding a second one."""
    h, p, s = new_id(), new_id(), new_id()
    import_file(ledger, book(tmp_path / "a.xlsx", [household(h, "13800000000")], [person(p, h, "张三", 1)],
                             [spell(s, p)]))
    ledger.conn.execute("UPDATE employment SET id = 'S-001' WHERE id = ?", (s,))
    import_file(ledger, book(tmp_path / "b.xlsx", [household(h, "13800000000")], [person(p, h, "张三", 1)],
                             [spell("S-001", p)]))
    assert ledger.conn.execute("SELECT id FROM employment WHERE deleted = 0").fetchall() == [("S-001",)]
