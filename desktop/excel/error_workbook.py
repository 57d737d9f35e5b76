"""The error workbook of an import that left rows out: the rejected rows of each sheet, with the file's
own columns plus 错误原因 (every error of the row, by column) and 原行号."""
from __future__ import annotations

from pathlib import Path

from .staging import SheetInfo, Source
from .xlsx.writer import XlsxWriter

ERROR_COLUMN = "错误原因"


def default_error_path(path: Path) -> Path:
    return path.with_name(f"{path.stem}_错误清单.xlsx")


def write_error_workbook(path: Path, sheets: list[SheetInfo], sources: list[Source]) -> None:
    by_sheet: dict[str, list[Source]] = {}
    for s in sources:
        by_sheet.setdefault(s.sheet, []).append(s)
    writer = XlsxWriter(path)
    try:
        for info in sheets:
            rows = sorted({id(s): s for s in by_sheet.get(info.name, [])}.values(), key=lambda s: s.row)
            if not rows:
                continue
            width = len(info.header)
            header = [("" if h is None else h) for h in info.header] + [ERROR_COLUMN, "原行号"]

            def out_rows(rows=rows, width=width):
                for s in rows:
                    values = list(s.values[:width]) + [None] * (width - len(s.values[:width]))
                    reasons = [p for p in s.problems if p.is_error]
                    text = "；".join((f"{p.column}：{p.reason}" if p.column else p.reason) for p in reasons) \
                        or "同户其他行有错误，整户未导入"
                    yield values + [text, s.row]
            writer.add_sheet(info.name, header, out_rows())
        writer.close()
    except BaseException:
        writer.abort()
        raise
