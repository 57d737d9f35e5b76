"""A combo box over a code list (StrEnum whose value is the Chinese label)."""
from __future__ import annotations

from enum import StrEnum

from PySide6.QtWidgets import QComboBox, QWidget


# Item data for "nothing chosen". Never store None as item data: PySide6 6.12 on Python 3.11 drops a
# reference to None each time currentData() returns it, and the interpreter aborts after a few thousand.
EMPTY = ""


# Listen to ``currentIndexChanged`` (Qt's own signal) and read ``value()``. No Python re-emit: in PySide6
# 6.12 every emit() made from Python leaks a reference to True.
class EnumCombo(QComboBox):
    """Shows the labels of ``enum_cls``; ``value()`` is the member (or ``None`` for the empty choice).

    The labels are the national system's Chinese code labels, so they are shown as they are (data, not
    interface text)."""

    def __init__(self, enum_cls: type[StrEnum], allow_empty: bool = True, empty_text: str = "",
                 parent: QWidget | None = None):
        super().__init__(parent)
        self._enum = enum_cls
        self._allow_empty = allow_empty
        if allow_empty:
            self.addItem(empty_text or "—", EMPTY)
        for member in enum_cls:
            self.addItem(member.value, member.value)  # a StrEnum would arrive back as a plain str
        self.setMaxVisibleItems(20)

    def value(self):
        data = self.currentData()
        return None if data in (None, EMPTY) else self._enum(data)

    def setValue(self, member) -> None:  # noqa: N802 - Qt naming
        if member is None:
            self.setCurrentIndex(0 if self._allow_empty else -1)
            return
        if not isinstance(member, self._enum):
            member = self._enum(member)
        self.setCurrentIndex(self.findData(member.value))


class BoolCombo(QComboBox):
    """是 / 否 / (empty) for the optional yes-no fields."""

    def __init__(self, allow_empty: bool = True, parent: QWidget | None = None):
        super().__init__(parent)
        self._allow_empty = allow_empty
        if allow_empty:
            self.addItem("—", EMPTY)
        self.addItem("是", True)
        self.addItem("否", False)

    def value(self) -> bool | None:
        data = self.currentData()
        return data if isinstance(data, bool) else None

    def setValue(self, value: bool | None) -> None:  # noqa: N802
        if value is None:
            self.setCurrentIndex(0 if self._allow_empty else -1)
        else:
            self.setCurrentIndex(self.findData(bool(value)))
