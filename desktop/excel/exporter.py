"""Export the ledger to the app's own workbook (sheets 户, 人员, 务工就业), streamed so that 100,000
persons take seconds. The file is written next to the target and renamed into place at the end, so a
failed export never leaves a half-written workbook under the chosen name."""
from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Callable

from desktop.domain.regions import default_regions

from .ledger_workbook import export_rows
from .report import ExportSummary
from .xlsx.errors import ExcelFileError
from .xlsx.writer import XlsxWriter

WIDTHS = {"户": [38, 22, 14, 10, 10, 14, 14, 10, 14, 10, 14, 16, 30],
          "人员": [38, 38, 22, 10, 12, 20, 18, 6, 12, 10, 8, 12, 12, 10, 10, 16, 10, 14, 8, 8, 8, 8, 8, 8, 16, 22],
          "务工就业": [38, 38, 14, 12, 12, 14, 8, 20, 24, 18, 14, 8, 10, 10, 8, 16, 10, 20, 24]}


def export_ledger(ledger, path, progress: Callable[[int, int, str], None] | None = None,
                  regions=None) -> ExportSummary:
    started = time.perf_counter()
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        path = path.with_name(path.name + ".xlsx")
    if regions is None:
        regions = default_regions()
    tmp = path.with_name(f".{path.stem}.{os.getpid()}.tmp.xlsx")
    summary = ExportSummary(path)
    writer = XlsxWriter(tmp)
    try:
        counts = []
        for sheet, header, rows, _count in export_rows(ledger, regions, progress):
            counts.append(writer.add_sheet(sheet, header, rows, WIDTHS.get(sheet)))
        writer.close()
    except BaseException:
        writer.abort()
        raise
    try:
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise ExcelFileError(f"无法写入“{path}”：{exc.strerror or exc}（文件是否正在Excel中打开？）") from None
    summary.households, summary.persons, summary.spells = counts
    summary.seconds = time.perf_counter() - started
    if progress is not None:
        total = sum(counts)
        progress(total, total, "导出完成")
    return summary
