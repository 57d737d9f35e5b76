"""A date field that may stay empty: a line edit that reads 1985-07-15, 1985/7/15, 1985.7.15, 19850715 or
1985年7月15日. ``date()`` is the date or ``None``; ``problem()`` says why non-empty text is not a date."""
from __future__ import annotations

import re
import unicodedata
from datetime import date

from PySide6.QtWidgets import QLineEdit, QWidget

_SEPARATED = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")


class DateTextError(ValueError):
    pass


def parse_date_text(text: str) -> date | None:
    """The date written in ``text``; ``None`` for empty text; ``DateTextError`` (Chinese) otherwise."""
    clean = unicodedata.normalize("NFKC", text or "").strip()
    if not clean:
        return None
    match = _SEPARATED.match(clean) or _COMPACT.match(clean)
    if match is None:
        raise DateTextError("日期格式不对，请按“年-月-日”填写，如 2024-03-15")
    year, month, day = (int(g) for g in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        raise DateTextError(f"没有这一天：{year}年{month}月{day}日") from None


class OptionalDateEdit(QLineEdit):
    """Listen to ``textChanged`` and read ``date()``."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setPlaceholderText("年-月-日")
        self.setMaxLength(16)

    def date(self) -> date | None:
        try:
            return parse_date_text(self.text())
        except DateTextError:
            return None

    def problem(self) -> str | None:
        """Why the text is not a date (Chinese), or ``None`` when it is one or is empty."""
        try:
            parse_date_text(self.text())
        except DateTextError as exc:
            return str(exc)
        return None

    def setDate(self, value: date | None) -> None:  # noqa: N802 - Qt naming
        self.setText(value.isoformat() if value else "")
