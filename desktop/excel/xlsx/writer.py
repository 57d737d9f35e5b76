"""``XlsxWriter``: writes an .xlsx workbook sheet by sheet, rows streamed into the zip, strings shared;
a bold frozen header row and a date style are all the formatting it needs."""
from __future__ import annotations

import re
import zipfile
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Iterable
from xml.sax.saxutils import escape

from .cells import column_letter
from .errors import ExcelFileError

_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_STYLES_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy\\-mm\\-dd"/></numFmts>'
    '<fonts count="2"><font><sz val="11"/><name val="宋体"/><family val="2"/></font>'
    '<font><b/><sz val="11"/><name val="宋体"/><family val="2"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="常规" xfId="0" builtinId="0"/></cellStyles>'
    '</styleSheet>')
_DATE_STYLE, _HEADER_STYLE = 1, 2
_EXCEL_EPOCH = date(1899, 12, 30).toordinal()


class XlsxWriter:
    """Writes an .xlsx file sheet by sheet; rows are streamed to the zip, strings are shared."""

    def __init__(self, path: Path | str):
        self.path = Path(path)
        self._sheets: list[str] = []
        self._strings: dict[str, int] = {}
        self._texts: list[str] = []
        try:
            self.zip = zipfile.ZipFile(self.path, "w", zipfile.ZIP_DEFLATED, compresslevel=1)
        except OSError as exc:
            raise ExcelFileError(f"无法写入文件“{self.path}”：{exc.strerror or exc}"
                                 "（文件是否正在Excel中打开，或文件夹不可写？）") from None

    def _sst(self, text: str) -> int:
        """Index of ``text`` in the shared strings (keyed by the raw text; cleaned once when first seen)."""
        index = self._strings.get(text)
        if index is None:
            index = self._strings[text] = len(self._texts)
            self._texts.append(_clean(text))
        return index

    def add_sheet(self, name: str, header: list[str], rows: Iterable[Iterable], widths: list[int] | None = None,
                  ) -> int:
        """Write one sheet: a bold, frozen header row and ``rows`` (values: str, int, float, Decimal,
        date, datetime, bool, None). Returns the number of data rows."""
        self._sheets.append(name)
        part = f"xl/worksheets/sheet{len(self._sheets)}.xml"
        count = 0
        sst = self._sst
        letters = [column_letter(i) for i in range(max(len(header), 1) + 64)]
        with self.zip.open(part, "w", force_zip64=True) as raw:
            buf: list[str] = []
            buf.append('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                       '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                       'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
                       '<sheetViews><sheetView workbookViewId="0">'
                       '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
                       '</sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/>')
            if widths:
                buf.append("<cols>")
                for i, w in enumerate(widths):
                    buf.append(f'<col min="{i + 1}" max="{i + 1}" width="{w}" customWidth="1"/>')
                buf.append("</cols>")
            buf.append("<sheetData>")
            buf.append('<row r="1">' + "".join(
                f'<c r="{letters[i]}1" t="s" s="{_HEADER_STYLE}"><v>{sst(str(h))}</v></c>'
                for i, h in enumerate(header)) + "</row>")
            known = self._strings.get
            r = 1
            for row in rows:
                r += 1
                count += 1
                cells = []
                add = cells.append
                rs = str(r)
                for i, value in enumerate(row):
                    if value is None:
                        continue
                    cls = type(value)
                    if cls is str:
                        if not value:
                            continue
                        index = known(value)
                        if index is None:
                            index = sst(value)
                        add(f'<c r="{letters[i]}{rs}" t="s"><v>{index}</v></c>')
                    elif cls is bool:
                        add(f'<c r="{letters[i]}{rs}" t="b"><v>{int(value)}</v></c>')
                    elif cls is int or cls is float or cls is Decimal:
                        add(f'<c r="{letters[i]}{rs}"><v>{value}</v></c>')
                    elif cls is date:
                        add(f'<c r="{letters[i]}{rs}" s="{_DATE_STYLE}"><v>{value.toordinal() - _EXCEL_EPOCH}</v></c>')
                    elif cls is datetime:
                        serial = (value.toordinal() - _EXCEL_EPOCH
                                  + (value.hour * 3600 + value.minute * 60 + value.second) / 86400)
                        add(f'<c r="{letters[i]}{rs}" s="{_DATE_STYLE}"><v>{serial}</v></c>')
                    else:
                        add(f'<c r="{letters[i]}{rs}" t="s"><v>{sst(str(value))}</v></c>')
                buf.append(f'<row r="{rs}">{"".join(cells)}</row>')
                if len(buf) >= 2000:
                    raw.write("".join(buf).encode("utf-8"))
                    buf.clear()
            buf.append("</sheetData></worksheet>")
            raw.write("".join(buf).encode("utf-8"))
        return count

    def close(self) -> None:
        try:
            z = self.zip
            sheets = self._sheets or []
            if not sheets:
                self.add_sheet("Sheet1", [], [])
                sheets = self._sheets
            z.writestr("[Content_Types].xml", _content_types(len(sheets)))
            z.writestr("_rels/.rels", (
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'))
            z.writestr("xl/workbook.xml", (
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
                + "".join(f'<sheet name="{escape(_clean(n), {chr(34): "&quot;"})}" sheetId="{i + 1}" '
                          f'r:id="rId{i + 1}"/>' for i, n in enumerate(sheets))
                + "</sheets></workbook>"))
            z.writestr("xl/_rels/workbook.xml.rels", (
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                + "".join(f'<Relationship Id="rId{i + 1}" Type="http://schemas.openxmlformats.org/'
                          f'officeDocument/2006/relationships/worksheet" Target="worksheets/sheet{i + 1}.xml"/>'
                          for i in range(len(sheets)))
                + f'<Relationship Id="rId{len(sheets) + 1}" Type="http://schemas.openxmlformats.org/'
                  'officeDocument/2006/relationships/styles" Target="styles.xml"/>'
                + f'<Relationship Id="rId{len(sheets) + 2}" Type="http://schemas.openxmlformats.org/'
                  'officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
                + "</Relationships>"))
            z.writestr("xl/styles.xml", _STYLES_XML)
            with z.open("xl/sharedStrings.xml", "w", force_zip64=True) as raw:
                n = len(self._texts)
                raw.write(('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                           '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                           f'count="{n}" uniqueCount="{n}">').encode("utf-8"))
                chunk: list[str] = []
                for text in self._texts:
                    space = ' xml:space="preserve"' if text[:1].isspace() or text[-1:].isspace() else ""
                    chunk.append(f"<si><t{space}>{escape(text)}</t></si>")
                    if len(chunk) >= 5000:
                        raw.write("".join(chunk).encode("utf-8"))
                        chunk.clear()
                chunk.append("</sst>")
                raw.write("".join(chunk).encode("utf-8"))
        finally:
            self.zip.close()

    def abort(self) -> None:
        """Close and remove a partly written file."""
        try:
            self.zip.close()
        finally:
            self.path.unlink(missing_ok=True)


def _clean(text: str) -> str:
    return _ILLEGAL_XML.sub("", text)


def _content_types(n: int) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        'spreadsheetml.sheet.main+xml"/>'
        + "".join(f'<Override PartName="/xl/worksheets/sheet{i + 1}.xml" ContentType="application/'
                  'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' for i in range(n))
        + '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.'
          'spreadsheetml.styles+xml"/>'
        '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.sharedStrings+xml"/>'
        '</Types>')
