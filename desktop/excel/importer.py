"""Import an Excel workbook into the ledger: the national system's person export or the app's own ledger
workbook (recognised by its sheets 户 and 人员).

1. Read: every row becomes a staged record remembering its sheet row (``read_workbook``, with
   ``national`` / ``ledger_workbook``).
2. Match: households by 户编号, persons by ID number, spells by id or 年度 and 就业形式; what the file gives
   overwrites the ledger's values (``match_records``).
3. Validate every record with the domain rules, plus duplicate ID numbers inside the file and against
   other persons of the ledger (``validate_rows``).
4. Any blocking error → ``ImportRejected`` (nothing written) unless ``skip_invalid``: then households with
   an error are left out whole and their rows go to an error workbook (``error_workbook``).
5. Write in ONE transaction (``write_records``).
"""
from __future__ import annotations

import time
from datetime import date
from pathlib import Path
from typing import Callable

from desktop.domain.regions import default_regions

from . import ledger_workbook
from .error_workbook import ERROR_COLUMN, default_error_path, write_error_workbook
from .match_records import match_records
from .read_workbook import read_ledger_workbook, read_national
from .report import ImportRejected, ImportReport, RowError
from .validate_rows import validate_rows
from .write_records import write_records
from .xlsx.errors import ExcelFileError
from .xlsx.reader import XlsxReader

Progress = Callable[[int, int, str], None]

__all__ = ["import_file", "ImportRejected", "ImportReport", "RowError", "ExcelFileError", "default_error_path",
           "ERROR_COLUMN"]


def import_file(ledger, path, *, skip_invalid: bool = False, error_path=None, progress: Progress | None = None,
                today: date | None = None, regions=None) -> ImportReport:
    """Import ``path`` into ``ledger``. Returns the report; raises ``ImportRejected`` (nothing changed,
    ``.report`` lists the problems) or ``ExcelFileError`` (not a usable workbook)."""
    started = time.perf_counter()
    path = Path(path)
    regions = regions if regions is not None else default_regions()
    today = today or date.today()
    report = ImportReport(path)
    tell = progress or (lambda done, total, what: None)

    with XlsxReader(path) as reader:
        if ledger_workbook.is_ledger_workbook(reader.sheet_names):
            staged = read_ledger_workbook(reader, ledger, regions, today, report, tell)
        else:
            staged = read_national(reader, regions, today, report, tell)
    report.kind = staged.kind
    report.rows_read = staged.rows_read
    if staged.file_problems:
        report.problems.extend(staged.file_problems)
        report.seconds = time.perf_counter() - started
        raise ImportRejected(report)
    if not staged.households and not staged.orphans and not staged.skipped:
        raise ExcelFileError(f"文件“{path.name}”中没有数据行（只有表头），没有可导入的内容。")

    tell(0, 1, "正在核对台账中已有的记录")
    context = match_records(ledger, staged)
    validate_rows(staged, context, regions, today, tell)

    bad = [h for h in staged.households if h.has_errors]
    all_sources = [s for h in staged.households for s in h.sources()] + staged.orphans + staged.skipped
    report.problems.extend(p for s in sorted(all_sources, key=lambda s: (s.sheet, s.row)) for p in s.problems)
    if (bad or staged.orphans) and not skip_invalid:
        report.seconds = time.perf_counter() - started
        raise ImportRejected(report)
    good = [h for h in staged.households if not h.has_errors]
    if bad or staged.orphans:
        rejected_sources = [s for h in bad for s in h.sources()] + staged.orphans
        report.households_rejected = sum(1 for h in bad if h.from_file) or len(bad)
        report.rows_rejected = len({(s.sheet, s.row) for s in rejected_sources})
        report.error_path = Path(error_path) if error_path else default_error_path(path)
        write_error_workbook(report.error_path, staged.sheets, rejected_sources)

    write_records(ledger, good, report, tell, staged.restore)
    report.seconds = time.perf_counter() - started
    return report
