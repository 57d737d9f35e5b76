"""Helpers for the Excel tests: real .xlsx files written by openpyxl in tmp_path."""
from __future__ import annotations

import json

import openpyxl
import pytest

from desktop.excel.sample_data import NATIONAL_HEADER, national_rows

COL = {name: i for i, name in enumerate(NATIONAL_HEADER)}


def write_book(path, sheets: dict[str, list[list]]):
    """Write ``{sheet name: rows}`` with openpyxl (the way other programs' files look)."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def read_book(path) -> dict[str, list[tuple]]:
    book = openpyxl.load_workbook(path, read_only=True)
    try:
        return {name: [tuple(r) for r in book[name].iter_rows(values_only=True)] for name in book.sheetnames}
    finally:
        book.close()


def national_book(path, rows, header=None, title=True):
    lead = [["脱贫人口信息"], []] if title else []
    return write_book(path, {"Sheet1": lead + [list(header or NATIONAL_HEADER)] + [list(r) for r in rows]})


def first_row_number(title=True) -> int:
    """Excel row number of the first data row in ``national_book``."""
    return 4 if title else 2


def outbox(ledger):
    return [(e, r, json.loads(f)) for e, r, f in ledger.conn.execute(
        "SELECT entity, record_id, fields FROM outbox ORDER BY seq")]


def table_counts(ledger):
    return tuple(ledger.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                 for t in ("household", "person", "employment", "outbox"))


def head_rows(rows):
    return [i for i, r in enumerate(rows) if r[COL["与户主关系"]] == "户主"]


def worker_rows(rows):
    return [i for i, r in enumerate(rows) if r[COL["务工所在地"]]]
