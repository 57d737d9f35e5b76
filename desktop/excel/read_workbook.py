"""Step 1 of an import: read a workbook into staged households, each record remembering its sheet row.

``read_national`` reads the national system's person export (every sheet with a recognisable header);
``read_ledger_workbook`` reads the app's own workbook (sheets 户, 人员, 务工就业) and fills in the
ledger's households and persons its rows refer to. Missing required columns become file problems; a
workbook with no usable sheet at all is an ``ExcelFileError``.
"""
from __future__ import annotations

from itertools import chain

from desktop.domain.models import EmploymentSpell, Household, Person

from . import ledger_workbook, national
from .columns import LEDGER_SHEETS, NATIONAL_COLUMNS, SHEET_HOUSEHOLDS, SHEET_PERSONS, SHEET_SPELLS
from .match_records import load_records
from .report import ImportReport, RowError
from .staging import SheetInfo, StagedFile
from .xlsx.errors import ExcelFileError
from .xlsx.reader import XlsxReader


def read_national(reader: XlsxReader, regions, today, report: ImportReport, tell) -> StagedFile:
    """Every sheet with a recognisable header is read (an export split into several sheets is one file);
    sheets without one (notes, pivot tables) are skipped."""
    staged = StagedFile(national.KIND, [], [])
    any_rows = False
    stager = national.NationalReader(regions, today)
    for sheet in reader.sheet_names:
        rows = reader.rows(sheet)
        head = []
        for item in rows:
            head.append(item)
            if len(head) >= national.HEADER_SCAN_ROWS:
                break
        any_rows = any_rows or bool(head)
        idx = national.find_header(head)
        if idx is None:
            rows.close()
            continue
        header_row, header = head[idx]
        index, written = national.map_header(
            sheet, header, lambda s, h: report.unknown_columns.append((s, h)),
            lambda s, h: report.ignored_columns.append((s, h)))
        staged.sheets.append(SheetInfo(sheet, list(header), header_row))
        missing = national.missing_required(index)
        if missing:
            rows.close()
            names = "、".join(f"“{c.label}”" for c in missing)
            staged.file_problems.append(RowError(
                sheet, header_row, None, f"缺少必需的列：{names}。请检查表头（也接受常见别名，如“身份证号”“人编号”）。"))
            continue
        dimension = reader.dimension_rows(sheet)
        total = max(dimension - header_row, 1) if dimension else 0  # 0: unknown, the bar shows "busy"
        stager.stage(sheet, header_row, header, index, written, chain(head[idx + 1:], rows), staged,
                     lambda n: tell(n, total, f"正在读取“{sheet}”"))
    staged.households.extend(stager.households())
    if staged.sheets:
        return staged
    if not any_rows:
        raise ExcelFileError(f"文件“{reader.name}”是空的：没有任何工作表含有数据。")
    expected = "、".join(f"“{c.label}”" for c in NATIONAL_COLUMNS if c.required)
    raise ExcelFileError(
        f"文件“{reader.name}”中没有找到人员信息的表头。国家系统导出表应含有{expected}等列；"
        f"本程序导出的台账应含有“{SHEET_HOUSEHOLDS}”“{SHEET_PERSONS}”“{SHEET_SPELLS}”工作表。")


def read_ledger_workbook(reader: XlsxReader, ledger, regions, today, report: ImportReport, tell) -> StagedFile:
    staged = StagedFile(ledger_workbook.KIND, [], [])
    parser = ledger_workbook.LedgerWorkbookReader(regions, today)
    names = {n.strip(): n for n in reader.sheet_names}
    parsed = {}
    for sheet, cls in LEDGER_SHEETS.items():
        real = names.get(sheet)
        if real is None:
            parsed[cls] = []
            continue
        rows = reader.rows(real)
        first = next(rows, None)
        if first is None:
            parsed[cls] = []
            continue
        header_row, header = first
        staged.sheets.append(SheetInfo(real, list(header), header_row))
        dimension = reader.dimension_rows(real)
        total = max(dimension - header_row, 1) if dimension else 0
        out, missing = parser.stage_sheet(cls, real, header, rows,
                                          lambda s, h: report.unknown_columns.append((s, h)),
                                          lambda n: tell(n, total, f"正在读取“{real}”"))
        if missing:
            names_ = "、".join(f"“{m}”" for m in missing)
            staged.file_problems.append(RowError(real, header_row, None, f"缺少必需的列：{names_}"))
        parsed[cls] = out
        staged.rows_read += len(out)
    if staged.file_problems:
        return staged

    def lookup_household(household_id):
        found = load_records(ledger, Household, "id", [household_id])
        return found[0] if found else None

    def lookup_person(person_id):
        found = load_records(ledger, Person, "id", [person_id])
        return found[0] if found else None

    def spell_in_ledger(spell_id) -> bool:
        return bool(load_records(ledger, EmploymentSpell, "id", [spell_id]))

    ledger_workbook.group_ledger_rows(parsed[Household], parsed[Person], parsed[EmploymentSpell], staged,
                                      lookup_household, lookup_person, spell_in_ledger)
    return staged
