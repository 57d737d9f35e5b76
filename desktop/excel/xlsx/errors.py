"""Files the xlsx reader and writer cannot use: ``ExcelFileError`` (a ``UserError`` with a Chinese message
saying why and what to do), and the check that tells an old .xls, a password-protected workbook or a
non-workbook apart before the zip is opened."""
from __future__ import annotations

from pathlib import Path

from desktop.errors import UserError

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class ExcelFileError(UserError):
    """The file cannot be read as an Excel workbook; the message says why and what to do."""


def check_file(path: Path) -> None:
    """Raise ``ExcelFileError`` for files that are not .xlsx workbooks, with the reason."""
    name = Path(path).name
    try:
        with open(path, "rb") as fh:
            head = fh.read(8)
            if head == OLE_MAGIC:
                fh.seek(0)
                blob = fh.read(4 * 1024 * 1024)
                if "EncryptedPackage".encode("utf-16-le") in blob:
                    raise ExcelFileError(
                        f"文件“{name}”设置了打开密码，无法读取。请在Excel或WPS中打开它，取消密码"
                        "（文件→信息→保护工作簿→用密码进行加密，清空密码）后另存，再导入。")
                raise ExcelFileError(
                    f"文件“{name}”是旧版Excel格式（.xls），本程序只能读取.xlsx。请在Excel或WPS中打开它，"
                    "“另存为”Excel工作簿（*.xlsx）后再导入。")
    except OSError as exc:
        raise ExcelFileError(f"无法打开文件“{name}”：{exc.strerror or exc}") from None
    if head[:2] != b"PK":
        raise ExcelFileError(f"文件“{name}”不是Excel工作簿（.xlsx）。请选择从Excel或国家系统导出的.xlsx文件。")
