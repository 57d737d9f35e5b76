"""Files that are not usable workbooks get a clear Chinese message and leave the ledger unchanged; the
streaming reader/writer agree with openpyxl."""
from __future__ import annotations

import zipfile
from datetime import date, datetime
from decimal import Decimal

import openpyxl
import pytest

from desktop.errors import UserError
from desktop.excel.importer import import_file
from desktop.excel.xlsx.errors import OLE_MAGIC, ExcelFileError
from desktop.excel.xlsx.reader import XlsxReader
from desktop.excel.xlsx.writer import XlsxWriter

from excel_helpers import national_book, table_counts, write_book


def _rejected(ledger, path, *words):
    with pytest.raises(UserError) as info:
        import_file(ledger, path)
    message = str(info.value)
    for word in words:
        assert word in message, message
    assert "Traceback" not in message
    assert table_counts(ledger) == (0, 0, 0, 0)
    return message


def test_a_text_file_is_not_an_excel_file(ledger, tmp_path):
    path = tmp_path / "名单.xlsx"
    path.write_text("姓名,证件号码\n张三,610328198507150036\n", encoding="utf-8")
    _rejected(ledger, path, "名单.xlsx", "不是Excel")


def test_a_truncated_workbook(ledger, tmp_path, rows):
    path = national_book(tmp_path / "full.xlsx", rows)
    data = path.read_bytes()
    cut = tmp_path / "半截.xlsx"
    cut.write_bytes(data[: len(data) // 2])
    _rejected(ledger, cut, "半截.xlsx", "损坏")


def test_a_corrupt_sheet_inside_a_valid_zip(ledger, tmp_path, rows):
    path = national_book(tmp_path / "full.xlsx", rows)
    broken = tmp_path / "坏.xlsx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(broken, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "xl/workbook.xml":
                data = data[: len(data) // 2]
            dst.writestr(item, data)
    _rejected(ledger, broken, "坏.xlsx")


def test_an_empty_workbook(ledger, tmp_path):
    path = write_book(tmp_path / "空.xlsx", {"Sheet1": []})
    _rejected(ledger, path, "空")


def test_a_workbook_without_a_person_header(ledger, tmp_path):
    path = write_book(tmp_path / "别的表.xlsx", {"Sheet1": [["品名", "数量"], ["苹果", 3]]})
    _rejected(ledger, path, "没有找到", "证件号码")


def test_header_only(ledger, tmp_path):
    from desktop.excel.sample_data import NATIONAL_HEADER
    path = write_book(tmp_path / "只有表头.xlsx", {"Sheet1": [NATIONAL_HEADER]})
    _rejected(ledger, path, "没有数据行")


def test_a_password_protected_workbook(ledger, tmp_path):
    # Excel saves an encrypted workbook as an OLE compound file holding an "EncryptedPackage" stream.
    path = tmp_path / "加密.xlsx"
    path.write_bytes(OLE_MAGIC + b"\x00" * 504 + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 1024)
    _rejected(ledger, path, "密码")


def test_an_old_xls_file(ledger, tmp_path):
    path = tmp_path / "旧.xls"
    path.write_bytes(OLE_MAGIC + b"\x00" * 2048)
    _rejected(ledger, path, ".xls", "另存为")


def test_a_word_document(ledger, tmp_path):
    path = tmp_path / "说明.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<document/>")
    _rejected(ledger, path, "不是Excel")


def test_missing_file_is_a_user_error(ledger, tmp_path):
    with pytest.raises(ExcelFileError):
        import_file(ledger, tmp_path / "没有这个文件.xlsx")


def test_reader_reads_what_openpyxl_writes(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "数据"
    sheet.append(["标题"])
    sheet.append([])
    sheet.append(["文本", 12, 3.5, date(2020, 2, 29), True, None, "a<b&c", "  前后空格 "])
    sheet["J5"] = "跳过的行后"
    book.save(tmp_path / "o.xlsx")
    with XlsxReader(tmp_path / "o.xlsx") as reader:
        assert reader.sheet_names == ["数据"]
        rows = list(reader.rows("数据"))
    assert rows[0] == (1, ["标题"])
    assert rows[1] == (3, ["文本", 12, 3.5, datetime(2020, 2, 29), True, None, "a<b&c", "  前后空格 "])
    assert rows[2] == (5, [None] * 9 + ["跳过的行后"])


def test_openpyxl_reads_what_the_writer_writes(tmp_path):
    writer = XlsxWriter(tmp_path / "w.xlsx")
    writer.add_sheet("人员", ["姓名", "日期", "金额", "整数", "布尔", "代码"],
                     [["张三", date(1985, 7, 15), Decimal("3500.50"), 7, True, "610328100201"],
                      ["李\x01四", None, 0.25, -3, False, "0917"]])
    writer.add_sheet("空", ["只有表头"], [])
    writer.close()
    book = openpyxl.load_workbook(tmp_path / "w.xlsx")
    assert book.sheetnames == ["人员", "空"]
    values = [list(r) for r in book["人员"].iter_rows(values_only=True)]
    assert values[0] == ["姓名", "日期", "金额", "整数", "布尔", "代码"]
    assert values[1] == ["张三", datetime(1985, 7, 15), 3500.5, 7, True, "610328100201"]
    assert values[2] == ["李四", None, 0.25, -3, False, "0917"]
    with XlsxReader(tmp_path / "w.xlsx") as reader:
        assert list(reader.rows("人员"))[1] == (2, ["张三", datetime(1985, 7, 15), 3500.5, 7, True, "610328100201"])


def test_damaged_bytes_inside_a_sheet(ledger, tmp_path, rows):
    path = national_book(tmp_path / "full.xlsx", rows)
    with zipfile.ZipFile(path) as z:
        info = z.getinfo("xl/worksheets/sheet1.xml")
    data = bytearray(path.read_bytes())
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    for k in range(start + 200, start + 260):
        data[k] ^= 0x5A
    damaged = tmp_path / "损坏.xlsx"
    damaged.write_bytes(bytes(data))
    _rejected(ledger, damaged, "损坏.xlsx")
