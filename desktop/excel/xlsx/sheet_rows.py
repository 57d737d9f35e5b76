"""The rows of one worksheet part, decoded to Python values.

The part is scanned with regular expressions in 1 MB chunks cut at row ends (about three times faster
than ``iterparse`` here); every writer we know emits the plain ``<row><c r s t><v>…</v></c></row>`` shape
the fast path reads, and any other cell shape falls back to a slower, general pattern.
"""
from __future__ import annotations

import codecs
import re
from datetime import datetime
from typing import Iterator
from xml.sax.saxutils import unescape

from openpyxl.utils.datetime import MAC_EPOCH, from_excel

from .cells import column_index

_CELL_REF = re.compile(r"([A-Z]+)(\d+)")


def sheet_rows(fh, strings: list[str], dates: set[int], date1904: bool) -> Iterator[tuple[int, list]]:
    """Non-empty rows of the open sheet part ``fh`` as ``(row_number, values)``; ``values[i]`` is column i
    (A=0). ``strings`` are the shared strings, ``dates`` the cell style indexes that are dates."""
    row_re, cell_re, attr_re, v_re = _ROW_RE, _CELL_RE, _ATTR_RE, _V_RE
    row_number = 0
    tail = ""
    decoder = codecs.getincrementaldecoder("utf-8")()
    while True:
        chunk = fh.read(1 << 20)
        text = tail + decoder.decode(chunk, final=not chunk)
        if chunk:
            # cut after the last complete row; keep the rest for the next chunk
            cut = text.rfind("row>")
            if cut < 0:
                tail = text
                continue
            cut += 4
            tail, text = text[cut:], text[:cut]
        else:
            tail = ""
        for m in row_re.finditer(text):
            rattrs, body = m.group(1), m.group(2)
            rm = _R_ATTR.search(rattrs)
            row_number = int(rm.group(1)) if rm else row_number + 1
            if not body:
                continue
            values: list = []
            fast = _FAST_CELL_RE.findall(body)
            if len(fast) == body.count("<c ") and fast:
                cols = _COLS
                for letters, style, t, v, inline in fast:
                    if not v:
                        if not inline:
                            continue
                        v = unescape(inline) if "&" in inline else inline
                        t = "inlineStr"
                    col = cols.get(letters)
                    if col is None:
                        col = cols[letters] = column_index(letters)
                    if t == "s":
                        value = strings[int(v)]
                    elif not t or t == "n":
                        if style and int(style) in dates:
                            try:
                                value = from_excel(float(v), MAC_EPOCH) if date1904 \
                                    else from_excel(float(v))
                            except (ValueError, OverflowError):
                                value = float(v)
                        elif v.isdigit():
                            value = int(v)
                        else:
                            value = float(v)
                            if value.is_integer() and "." not in v and "E" not in v and "e" not in v:
                                value = int(value)
                    elif t == "inlineStr":
                        value = v
                    elif t == "str":
                        value = unescape(v)
                    elif t == "b":
                        value = v.strip() == "1"
                    elif t == "d":
                        value = _iso_datetime(v)
                    else:
                        continue
                    if value == "":
                        continue
                    n = len(values)
                    if col >= n:
                        values.extend([None] * (col - n + 1))
                    values[col] = value
                if values:
                    yield row_number, values
                continue
            for cm in cell_re.finditer(body):
                attrs = dict(attr_re.findall(cm.group(1)))
                inner = cm.group(2)
                ref = attrs.get("r")
                if ref:
                    lm = _CELL_REF.match(ref)
                    col = column_index(lm.group(1)) if lm else len(values)
                else:
                    col = len(values)
                if not inner:
                    continue
                t = attrs.get("t")
                value = None
                if t == "inlineStr":
                    value = unescape("".join(_T_RE.findall(inner)))
                else:
                    vm = v_re.search(inner)
                    if vm is None:
                        continue
                    v = vm.group(1)
                    if t == "s":
                        value = strings[int(v)]
                    elif t == "str":
                        value = unescape(v)
                    elif t == "e":
                        value = None
                    elif t == "b":
                        value = v.strip() == "1"
                    elif t == "d":
                        value = _iso_datetime(v)
                    else:
                        num = float(v)
                        style = attrs.get("s")
                        if style is not None and int(style) in dates:
                            try:
                                value = from_excel(num, MAC_EPOCH) if date1904 else from_excel(num)
                            except (ValueError, OverflowError):
                                value = num
                        elif num.is_integer() and "." not in v and "E" not in v and "e" not in v:
                            value = int(v)
                        else:
                            value = num
                if value is not None and value != "":
                    if col >= len(values):
                        values.extend([None] * (col - len(values) + 1))
                    values[col] = value
            if values:
                yield row_number, values
        if not chunk:
            break


def _iso_datetime(text: str):
    try:
        return datetime.fromisoformat(text.strip().rstrip("Z"))
    except ValueError:
        return text


_FAST_CELL_RE = re.compile(r'<c r="([A-Z]+)\d+"(?: s="(\d+)")?(?: t="(\w+)")?(?:/>|><v>([^<]*)</v></c>|><is><t(?: xml:space="preserve")?>([^<]*)</t></is></c>|></c>)')
_COLS: dict[str, int] = {}
_ROW_RE = re.compile(r"<(?:\w+:)?row\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?row>)", re.S)
_CELL_RE = re.compile(r"<(?:\w+:)?c\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?c>)", re.S)
_ATTR_RE = re.compile(r'\b([rst])="([^"]*)"')
_R_ATTR = re.compile(r'\br="(\d+)"')
_V_RE = re.compile(r"<(?:\w+:)?v>([^<]*)</(?:\w+:)?v>")
_T_RE = re.compile(r"<(?:\w+:)?t(?:\s[^>]*)?>([^<]*)</(?:\w+:)?t>")
