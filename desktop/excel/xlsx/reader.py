"""``XlsxReader``: opens an .xlsx workbook and reads its structure (which sheets, in which parts; the
shared strings; which cell styles are dates); ``rows(sheet)`` streams a sheet's rows through
``sheet_rows``."""
from __future__ import annotations

import posixpath
import re
import zipfile
import zlib
from pathlib import Path
from typing import Iterator
from xml.etree.ElementTree import ParseError, iterparse

from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format

from .errors import ExcelFileError, check_file
from .sheet_rows import sheet_rows

_DATE_BUILTIN_IDS = frozenset({14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47,
                               27, 28, 29, 30, 31, 34, 35, 36, 50, 51, 52, 53, 54, 55, 56, 57, 58})
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


class XlsxReader:
    def __init__(self, path: Path | str):
        self.path = Path(path)
        self.name = self.path.name
        check_file(self.path)
        try:
            self.zip = zipfile.ZipFile(self.path)
            bad = None
        except zipfile.BadZipFile:
            bad = True
        except OSError as exc:
            raise ExcelFileError(f"无法打开文件“{self.name}”：{exc.strerror or exc}") from None
        if bad:
            raise ExcelFileError(f"文件“{self.name}”已损坏或不完整（可能没有下载或复制完），无法读取。"
                                 "请重新导出或重新复制该文件后再导入。")
        try:
            self._load_workbook()
            self._strings = self._load_shared_strings()
            self._date_styles = self._load_styles()
        except ExcelFileError:
            self.zip.close()
            raise
        except (KeyError, ParseError, zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, IndexError):
            self.zip.close()
            raise ExcelFileError(f"文件“{self.name}”已损坏或不是Excel工作簿，无法读取。"
                                 "请在Excel或WPS中打开检查，另存为.xlsx后再导入。") from None

    def close(self) -> None:
        self.zip.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # ------------------------------------------------------------------ parts
    def _open(self, part: str):
        return self.zip.open(part)

    def _load_workbook(self) -> None:
        names = set(self.zip.namelist())
        if "xl/workbook.xml" not in names:
            raise ExcelFileError(f"文件“{self.name}”不是Excel工作簿（.xlsx）（可能是Word或其他文件）。")
        rels: dict[str, str] = {}
        if "xl/_rels/workbook.xml.rels" in names:
            with self._open("xl/_rels/workbook.xml.rels") as fh:
                for _, el in iterparse(fh):
                    if _local(el.tag) == "Relationship":
                        target = el.get("Target", "")
                        if target.startswith("/"):
                            target = target[1:]
                        else:
                            target = posixpath.normpath(posixpath.join("xl", target))
                        rels[el.get("Id")] = target
        self.sheets: list[tuple[str, str]] = []
        self.date1904 = False
        with self._open("xl/workbook.xml") as fh:
            events = list(iterparse(fh))
        for _, el in events:
            tag = _local(el.tag)
            if tag == "sheet":
                rid = el.get(f"{{{_REL_NS}}}id") or el.get("id")
                target = rels.get(rid)
                if target is None:
                    n = len(self.sheets) + 1
                    target = f"xl/worksheets/sheet{n}.xml"
                if target in names:
                    self.sheets.append((el.get("name", ""), target))
            elif tag == "workbookPr":
                self.date1904 = el.get("date1904") in ("1", "true")

    @property
    def sheet_names(self) -> list[str]:
        return [n for n, _ in self.sheets]

    def _load_shared_strings(self) -> list[str]:
        part = next((n for n in self.zip.namelist() if n.lower() == "xl/sharedstrings.xml"), None)
        if part is None:
            return []
        with self._open(part) as fh:
            return self._parse_strings(fh)

    def _parse_strings(self, fh) -> list[str]:
        strings: list[str] = []
        append = strings.append
        for _, el in iterparse(fh):
            if _local(el.tag) != "si":
                continue
            parts = []
            for child in el:
                tag = _local(child.tag)
                if tag == "t":
                    parts.append(child.text or "")
                elif tag == "r":
                    for t in child:
                        if _local(t.tag) == "t":
                            parts.append(t.text or "")
                # rPh (phonetic runs) and phoneticPr are not part of the value
            append("".join(parts))
            el.clear()
        return strings

    def _load_styles(self) -> set[int]:
        if "xl/styles.xml" not in self.zip.namelist():
            return set()
        custom: dict[int, str] = {}
        xfs: list[int] = []
        in_cell_xfs = False
        with self._open("xl/styles.xml") as fh:
            events = list(iterparse(fh, events=("start", "end")))
        for event, el in events:
            tag = _local(el.tag)
            if event == "start":
                if tag == "cellXfs":
                    in_cell_xfs = True
                continue
            if tag == "numFmt":
                try:
                    custom[int(el.get("numFmtId"))] = el.get("formatCode", "")
                except (TypeError, ValueError):
                    pass
            elif tag == "xf" and in_cell_xfs:
                try:
                    xfs.append(int(el.get("numFmtId", "0")))
                except ValueError:
                    xfs.append(0)
            elif tag == "cellXfs":
                in_cell_xfs = False
        dates = set()
        for index, fmt_id in enumerate(xfs):
            if fmt_id in _DATE_BUILTIN_IDS:
                dates.add(index)
            elif fmt_id in custom and is_date_format(custom[fmt_id]):
                dates.add(index)
            elif fmt_id not in custom and fmt_id in BUILTIN_FORMATS and is_date_format(BUILTIN_FORMATS[fmt_id]):
                dates.add(index)
        return dates

    # ------------------------------------------------------------------ rows
    def dimension_rows(self, sheet: str) -> int | None:
        """The row count the sheet declares (``<dimension ref="A1:AU10001">``), for progress; may be
        ``None`` or wrong (it is only a hint)."""
        part = dict(self.sheets)[sheet]
        with self._open(part) as fh:
            head = fh.read(4096).decode("utf-8", "ignore")
        m = re.search(r'<(?:\w+:)?dimension ref="[A-Z]+\d+:[A-Z]+(\d+)"', head)
        return int(m.group(1)) if m else None

    def rows(self, sheet: str) -> Iterator[tuple[int, list]]:
        """Non-empty rows of ``sheet`` as ``(row_number, values)``; ``values[i]`` is column i (A=0)
        (decoded by ``sheet_rows``; a damaged part is an ``ExcelFileError`` naming the sheet)."""
        part = dict(self.sheets)[sheet]
        try:
            with self._open(part) as fh:
                yield from sheet_rows(fh, self._strings, self._date_styles, self.date1904)
        except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, IndexError, OSError, UnicodeDecodeError):
            raise ExcelFileError(f"文件“{self.name}”的工作表“{sheet}”已损坏或不完整，无法读取。"
                                 "请重新导出或在Excel中另存后再导入。") from None
