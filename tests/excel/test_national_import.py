"""Import of the national system's person export: headers and aliases, bad rows, skip-invalid, re-import."""
from __future__ import annotations

from datetime import date

import pytest

from desktop.domain.codes import EmploymentForm, Relation, Sex
from desktop.domain.idnumber import make_id_number
from desktop.domain.models import EmploymentSpell, Household, Person
from desktop.errors import UserError
from desktop.excel.importer import ERROR_COLUMN, ImportRejected, import_file
from desktop.excel.sample_data import NATIONAL_HEADER

from excel_helpers import (
    COL, first_row_number, head_rows, national_book, outbox, read_book, table_counts, worker_rows,
)


def _households(rows):
    return {r[COL["户编号"]] for r in rows}


def test_a_valid_export_is_imported_grouped_into_households(ledger, tmp_path, rows):
    path = national_book(tmp_path / "导出.xlsx", rows)
    report = import_file(ledger, path)
    assert report.rows_read == len(rows)
    assert report.persons_added == len(rows) == ledger.count(Person)
    assert report.households_added == len(_households(rows)) == ledger.count(Household)
    assert not report.errors
    # one 户主 per household, village resolved from the names, phone kept
    r = rows[head_rows(rows)[0]]
    household = ledger.household_by_no(r[COL["户编号"]])
    assert household.village_code.startswith("6103") and len(household.village_code) == 12
    assert household.phone == r[COL["户联系电话"]]
    members = ledger.members(household.id)
    assert [m.relation for m in members].count(Relation.HEAD) == 1
    head = ledger.person_by_id_number(r[COL["证件号码"]])
    assert head.name == r[COL["姓名"]] and head.household_id == household.id
    assert head.birth_date == date.fromisoformat(r[COL["出生日期"]])
    assert head.person_no == r[COL["人口编号"]]
    assert "导入" in report.describe() or "已导入" in report.describe()


def test_legacy_work_columns_become_a_spell_resolved_to_a_county(ledger, tmp_path, rows):
    i = worker_rows(rows)[0]
    rows[i][COL["务工所在地"]] = "江苏省苏州市吴中区"
    rows[i][COL["务工时间（月）"]] = 8
    rows[i][COL["年度"]] = 2023
    rows[i][COL["就业渠道"]] = "亲友介绍"
    import_file(ledger, national_book(tmp_path / "a.xlsx", rows))
    person = ledger.person_by_id_number(rows[i][COL["证件号码"]])
    [spell] = ledger.spells(person.id)
    assert spell.work_county_code == "320506000000"
    assert spell.form == EmploymentForm.MIGRANT
    assert spell.start_date == date(2023, 1, 1) and spell.end_date == date(2023, 8, 31)
    assert spell.employer == rows[i][COL["务工企业名称"]]
    assert spell.work_place == "江苏省苏州市吴中区"


def test_header_aliases_title_rows_and_messy_headers_are_understood(ledger, tmp_path, rows):
    header = list(NATIONAL_HEADER)
    header[COL["人口编号"]] = "人编号"
    header[COL["证件号码"]] = "公民身份\n号码"
    header[COL["户联系电话"]] = " 联系电话 "
    header[COL["成员联系电话"]] = "人联系电话"
    header[COL["务工时间（月）"]] = "务工时间(月)"
    header[COL["县"]] = "县（市、区）"
    report = import_file(ledger, national_book(tmp_path / "b.xlsx", rows, header=header))
    assert report.persons_added == len(rows)
    assert not report.unknown_columns
    r = rows[worker_rows(rows)[0]]
    person = ledger.person_by_id_number(r[COL["证件号码"]])
    assert person.person_no == r[COL["人口编号"]]
    assert ledger.spells(person.id)


def test_header_row_may_be_the_first_row(ledger, tmp_path, rows):
    report = import_file(ledger, national_book(tmp_path / "c.xlsx", rows, title=False))
    assert report.persons_added == len(rows)


def test_unknown_columns_are_reported_not_fatal(ledger, tmp_path, rows):
    header = list(NATIONAL_HEADER) + ["备用字段X"]
    data = [r + ["abc"] for r in rows]
    report = import_file(ledger, national_book(tmp_path / "d.xlsx", data, header=header))
    assert report.persons_added == len(rows)
    assert ("Sheet1", "备用字段X") in report.unknown_columns
    assert "备用字段X" in report.describe()


def test_missing_required_columns_reject_the_file_naming_them(ledger, tmp_path, rows):
    drop = [COL["证件号码"], COL["户编号"]]
    header = [h for i, h in enumerate(NATIONAL_HEADER) if i not in drop]
    data = [[v for i, v in enumerate(r) if i not in drop] for r in rows]
    with pytest.raises(ImportRejected) as info:
        import_file(ledger, national_book(tmp_path / "e.xlsx", data, header=header))
    text = info.value.report.describe()
    assert "证件号码" in text and "户编号" in text and "缺少" in text
    assert isinstance(info.value, UserError)
    assert table_counts(ledger) == (0, 0, 0, 0)


def _reject(ledger, path):
    with pytest.raises(ImportRejected) as info:
        import_file(ledger, path)
    assert table_counts(ledger) == (0, 0, 0, 0), "nothing may be imported when a row is wrong"
    return info.value.report


def _error_at(report, row, column):
    found = [e for e in report.errors if e.row == row and e.column == column]
    assert found, f"no error at row {row} column {column}: {[e.describe() for e in report.errors]}"
    assert all(e.sheet == "Sheet1" for e in found)
    return found[0]


@pytest.mark.parametrize("case", ["checksum", "impossible_date", "bad_enum", "unknown_village",
                                  "child_labour", "second_head", "duplicate_id", "months_out_of_range"])
def test_each_bad_row_is_reported_with_sheet_row_column_and_nothing_is_imported(ledger, tmp_path, rows, case):
    start = first_row_number()
    heads = head_rows(rows)
    i = heads[1]
    column = None
    if case == "checksum":
        number = rows[i][COL["证件号码"]]
        rows[i][COL["证件号码"]] = number[:17] + ("0" if number[17] != "0" else "1")
        column, word = "证件号码", "校验"
    elif case == "impossible_date":
        rows[i][COL["出生日期"]] = "1985-02-30"
        column, word = "出生日期", "不存在"
    elif case == "bad_enum":
        rows[i][COL["劳动技能"]] = "很强"
        column, word = "劳动技能", "不是有效取值"
    elif case == "unknown_village":
        rows[i][COL["村"]] = "不存在村"
        column, word = "村", "找不到村"
    elif case == "child_labour":
        birth = date(date.today().year - 10, 3, 1)
        rows[i][COL["证件号码"]] = make_id_number("610328", birth, 11)
        rows[i][COL["出生日期"]] = birth.isoformat()
        rows[i][COL["性别"]] = "男"
        rows[i][COL["在校生状况"]], rows[i][COL["文化程度"]] = "小学", None
        rows[i][COL["劳动技能"]] = "普通劳动力"
        column, word = "劳动技能", "16"
    elif case == "second_head":
        j = i + 1
        assert rows[j][COL["户编号"]] == rows[i][COL["户编号"]]
        rows[j][COL["与户主关系"]] = "户主"
        i = j
        column, word = "与户主关系", "户主"
    elif case == "duplicate_id":
        rows[i][COL["证件号码"]] = rows[heads[0]][COL["证件号码"]]
        column, word = "证件号码", "重复"
    elif case == "months_out_of_range":
        rows[i][COL["务工时间（月）"]] = 14
        column, word = "务工时间（月）", "范围"
    report = _reject(ledger, national_book(tmp_path / f"{case}.xlsx", rows))
    error = _error_at(report, start + i, column)
    assert word in error.reason
    assert f"第{start + i}行" in report.describe()


def test_skip_invalid_imports_the_valid_households_and_writes_the_rejected_rows(ledger, tmp_path, rows):
    heads = head_rows(rows)
    bad = heads[2]
    bad_hh = rows[bad][COL["户编号"]]
    rows[bad][COL["证件号码"]] = "61032819850715003"  # 17 digits
    bad_rows = [i for i, r in enumerate(rows) if r[COL["户编号"]] == bad_hh]
    path = national_book(tmp_path / "有错.xlsx", rows)
    report = import_file(ledger, path, skip_invalid=True)
    assert report.households_rejected == 1
    assert report.households_added == len(_households(rows)) - 1
    assert report.persons_added == len(rows) - len(bad_rows)
    assert ledger.household_by_no(bad_hh) is None
    assert report.error_path == tmp_path / "有错_错误清单.xlsx"
    book = read_book(report.error_path)
    sheet = book["Sheet1"]
    header = list(sheet[0])
    assert header[:len(NATIONAL_HEADER)] == NATIONAL_HEADER and ERROR_COLUMN in header
    reason_col = header.index(ERROR_COLUMN)
    written = sheet[1:]
    assert len(written) == len(bad_rows)
    by_name = {r[COL["姓名"]]: r for r in written}
    assert "证件号码" in by_name[rows[bad][COL["姓名"]]][reason_col]
    assert "位数" in by_name[rows[bad][COL["姓名"]]][reason_col]
    others = [r for r in written if r[COL["姓名"]] != rows[bad][COL["姓名"]]]
    assert all("整户未导入" in r[reason_col] for r in others)


def test_explicit_error_path(ledger, tmp_path, rows):
    rows[0][COL["性别"]] = "未知"
    target = tmp_path / "out" / "errors.xlsx"
    target.parent.mkdir()
    report = import_file(ledger, national_book(tmp_path / "x.xlsx", rows), skip_invalid=True, error_path=target)
    assert report.error_path == target and target.exists()


def test_reimport_updates_instead_of_duplicating(ledger, tmp_path, rows):
    path = national_book(tmp_path / "第一次.xlsx", rows)
    import_file(ledger, path)
    counts = table_counts(ledger)
    again = import_file(ledger, path)
    assert again.persons_unchanged == len(rows) and again.persons_added == again.persons_updated == 0
    assert table_counts(ledger) == counts, "an unchanged re-import changes nothing, not even the outbox"

    i = worker_rows(rows)[0]
    rows[i][COL["成员联系电话"]] = "13700001111"
    rows[i][COL["务工时间（月）"]] = 5
    changed = import_file(ledger, national_book(tmp_path / "第二次.xlsx", rows))
    assert changed.persons_updated == 1 and changed.persons_added == 0
    assert changed.spells_updated == 1 and changed.spells_added == 0
    assert ledger.count(Person) == len(rows)
    person = ledger.person_by_id_number(rows[i][COL["证件号码"]])
    assert person.phone == "13700001111"
    new_changes = outbox(ledger)[counts[3]:]
    assert [(e, f) for e, _, f in new_changes if e == "person"] == [("person", {"phone": "13700001111"})]


def test_reimport_keeps_fields_the_export_does_not_have(ledger, tmp_path, rows):
    path = national_book(tmp_path / "a.xlsx", rows)
    import_file(ledger, path)
    person = ledger.person_by_id_number(rows[0][COL["证件号码"]])
    person.note = "本人外出，电话联系"
    person.work_intention = None
    ledger.save(person)
    import_file(ledger, path)
    assert ledger.person(person.id).note == "本人外出，电话联系"


def test_blank_sex_and_birth_date_are_taken_from_the_id_number(ledger, tmp_path, rows):
    rows[0][COL["性别"]] = None
    rows[0][COL["出生日期"]] = None
    import_file(ledger, national_book(tmp_path / "a.xlsx", rows))
    number = rows[0][COL["证件号码"]]
    person = ledger.person_by_id_number(number)
    assert person.sex == (Sex.MALE if int(number[16]) % 2 else Sex.FEMALE)
    assert person.birth_date == date(int(number[6:10]), int(number[10:12]), int(number[12:14]))


def test_dates_as_excel_dates_and_fifteen_digit_numbers(ledger, tmp_path, rows):
    i = head_rows(rows)[0]
    number = rows[i][COL["证件号码"]]
    birth = date.fromisoformat(rows[i][COL["出生日期"]])
    if birth.year < 2000:
        rows[i][COL["证件号码"]] = number[:6] + number[8:17]  # the 15-digit form of the same number
    rows[i][COL["出生日期"]] = birth  # a real date cell
    import_file(ledger, national_book(tmp_path / "a.xlsx", rows))
    person = ledger.person_by_id_number(number)
    assert person is not None and person.birth_date == birth
    if birth.year < 2000:
        assert person.id_original == number[:6] + number[8:17]


def test_progress_is_reported(ledger, tmp_path):
    from desktop.excel.sample_data import national_rows
    rows = national_rows(1200, seed=5)
    calls = []
    import_file(ledger, national_book(tmp_path / "big.xlsx", rows), progress=lambda d, t, w: calls.append((d, t, w)))
    assert len(calls) >= 3
    assert all(isinstance(w, str) and w for _, _, w in calls)
    assert calls[-1][0] == calls[-1][1]


def test_public_post_and_abroad_rows(ledger, tmp_path, rows):
    i, j = worker_rows(rows)[:2]
    rows[i][COL["务工所在地"]] = None
    rows[i][COL["务工企业名称"]] = None
    rows[i][COL["公益性岗位类型"]] = "护林员"
    rows[i][COL["务工时间（月）"]] = 12
    rows[j][COL["是否国外务工"]] = "是"
    rows[j][COL["务工所在地"]] = "新加坡"
    import_file(ledger, national_book(tmp_path / "a.xlsx", rows))
    post = ledger.spells(ledger.person_by_id_number(rows[i][COL["证件号码"]]).id)[0]
    assert post.form == EmploymentForm.PUBLIC_POST and "护林员" in post.note
    household = ledger.household(ledger.person_by_id_number(rows[i][COL["证件号码"]]).household_id)
    assert post.work_county_code == household.village_code
    abroad = ledger.spells(ledger.person_by_id_number(rows[j][COL["证件号码"]]).id)[0]
    assert abroad.abroad and abroad.work_place == "新加坡" and abroad.work_county_code is None


def test_unresolvable_work_place_is_kept_as_text_with_a_warning(ledger, tmp_path, rows):
    i = worker_rows(rows)[0]
    rows[i][COL["务工所在地"]] = "江苏省"
    report = import_file(ledger, national_book(tmp_path / "a.xlsx", rows))
    spell = ledger.spells(ledger.person_by_id_number(rows[i][COL["证件号码"]]).id)[0]
    assert spell.work_place == "江苏省" and spell.work_county_code == "320000000000"
    assert any("未能确定到县级" in w.reason for w in report.warnings)


def test_the_sample_file_imports_cleanly(ledger):
    from desktop.resources import resource_path
    sample = resource_path("samples", "national_export_sample.xlsx")
    report = import_file(ledger, sample, today=date(2024, 6, 30))
    assert report.persons_added > 20 and not report.errors
    assert ledger.count(EmploymentSpell) > 0


def test_an_export_split_over_several_sheets_is_one_file(ledger, tmp_path, rows):
    from excel_helpers import write_book
    cut = next(i for i in head_rows(rows) if i > len(rows) // 2)
    rows[cut + 1][COL["证件号码"]] = "1234"  # a bad row on the second sheet
    path = write_book(tmp_path / "分表.xlsx", {
        "一组": [NATIONAL_HEADER] + rows[:cut], "说明": [["本表由系统导出"]],
        "二组": [["标题"], NATIONAL_HEADER] + rows[cut:]})
    with pytest.raises(ImportRejected) as info:
        import_file(ledger, path)
    assert [(e.sheet, e.row) for e in info.value.report.errors] == [("二组", 2 + 2)]
    report = import_file(ledger, path, skip_invalid=True)
    bad_hh = rows[cut][COL["户编号"]]
    assert report.persons_added == len(rows) - sum(1 for r in rows if r[COL["户编号"]] == bad_hh)
    assert set(read_book(report.error_path)) == {"二组"}


def test_a_totals_line_under_the_data_is_skipped_with_a_warning(ledger, tmp_path, rows):
    data = rows + [["合计", None, None, None, None, None, None, None, None, None, None, None, None, None, None,
                    None, None, None, None, None, f"共{len(rows)}人"]]
    report = import_file(ledger, national_book(tmp_path / "合计.xlsx", data))
    assert report.persons_added == len(rows)
    assert any("合计" in w.reason and w.row == first_row_number() + len(rows) for w in report.warnings)


def test_the_import_is_one_transaction(ledger, tmp_path, rows):
    import sqlite3
    first = rows[: head_rows(rows)[3]]
    import_file(ledger, national_book(tmp_path / "a.xlsx", first))
    counts = table_counts(ledger)
    i = worker_rows(first)[0]
    rows[i][COL["成员联系电话"]] = "13600002222"  # an update of an existing person
    last = rows[-1][COL["姓名"]]
    # a real database failure while the new records are written (after the updates)
    ledger.conn.execute(f"CREATE TRIGGER fail BEFORE INSERT ON person WHEN NEW.name = '{last}' "
                        "BEGIN SELECT RAISE(ABORT, 'disk full'); END")
    with pytest.raises(sqlite3.DatabaseError):
        import_file(ledger, national_book(tmp_path / "b.xlsx", rows))
    ledger.conn.execute("DROP TRIGGER fail")
    assert table_counts(ledger) == counts
    assert ledger.person_by_id_number(rows[i][COL["证件号码"]]).phone != "13600002222"


def test_head_id_column_that_disagrees_with_the_head_row_is_a_warning(ledger, tmp_path, rows):
    i = head_rows(rows)[0] + 1
    rows[i][COL["户主证件号码"]] = rows[head_rows(rows)[1]][COL["证件号码"]]
    report = import_file(ledger, national_book(tmp_path / "a.xlsx", rows))
    assert [(w.row, w.column) for w in report.warnings if "户主证件号码" in w.reason] == [
        (first_row_number() + i, "户主证件号码")]


def test_an_id_number_of_another_ledger_person_is_rejected(ledger, tmp_path, rows):
    import_file(ledger, national_book(tmp_path / "a.xlsx", rows))
    counts = table_counts(ledger)
    i = head_rows(rows)[1]
    rows[i][COL["人口编号"]] = "9999999999"  # another person of the national system with the same number
    with pytest.raises(ImportRejected) as info:
        import_file(ledger, national_book(tmp_path / "b.xlsx", rows))
    error = _error_at(info.value.report, first_row_number() + i, "证件号码")
    assert "另一人" in error.reason
    assert table_counts(ledger) == counts


def test_a_ledger_locked_by_another_program_is_a_calm_error(ledger, tmp_path, rows):
    import sqlite3
    from desktop.store.errors import DatabaseLocked
    other = sqlite3.connect(ledger.path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another window holds the write lock
    ledger.conn.execute("PRAGMA busy_timeout = 100")
    try:
        with pytest.raises(DatabaseLocked) as info:
            import_file(ledger, national_book(tmp_path / "a.xlsx", rows))
        assert "占用" in str(info.value)
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert table_counts(ledger) == (0, 0, 0, 0)


def test_a_village_code_column_is_used_when_present(ledger, tmp_path, rows):
    header = list(NATIONAL_HEADER) + ["村代码"]
    data = [r + ["610328100200"] for r in rows]
    for r in data:
        r[COL["村"]] = "某村"  # names no longer needed
    import_file(ledger, national_book(tmp_path / "a.xlsx", data, header=header))
    assert {h.village_code for h in ledger._records(Household, "deleted = 0", ())} == {"610328100200"}


def test_an_id_number_stored_as_a_number_is_explained(ledger, tmp_path, rows):
    i = head_rows(rows)[0]
    rows[i][COL["证件号码"]] = float(rows[i][COL["证件号码"]][:17] + "0")  # what Excel does to a long number
    report = _reject(ledger, national_book(tmp_path / "a.xlsx", rows))
    error = _error_at(report, first_row_number() + i, "证件号码")
    assert "数字" in error.reason and "文本" in error.reason
    assert len([e for e in report.errors if e.row == first_row_number() + i and e.column == "证件号码"]) == 1
