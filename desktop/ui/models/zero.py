"""The 零就业家庭 table: the (at most a few thousand) households of one zero-employment scan."""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QT_TRANSLATE_NOOP, Qt

from desktop.store.queries import ZeroHousehold, ZeroScan

from .display import GREY, RED, VillageNames
from .paged import ID_ROLE

C = "ZeroTableModel"
COLUMNS = (
    QT_TRANSLATE_NOOP("ZeroTableModel", "Household no."), QT_TRANSLATE_NOOP("ZeroTableModel", "Village"), QT_TRANSLATE_NOOP("ZeroTableModel", "Head"),
    QT_TRANSLATE_NOOP("ZeroTableModel", "Phone"), QT_TRANSLATE_NOOP("ZeroTableModel", "Zero since"), QT_TRANSLATE_NOOP("ZeroTableModel", "Clear by"),
    QT_TRANSLATE_NOOP("ZeroTableModel", "State"), QT_TRANSLATE_NOOP("ZeroTableModel", "Labour members"),
)
WIDTHS = (140, 100, 80, 110, 95, 95, 110, 240)


class ZeroTableModel(QAbstractTableModel):
    def __init__(self, regions, parent=None):
        super().__init__(parent)
        self.villages = VillageNames(regions)
        self.rows: list[ZeroHousehold] = []
        self.day = date.today()

    def set_scan(self, scan: ZeroScan) -> None:
        self.beginResetModel()
        self.rows = list(scan.households)
        self.day = scan.day
        self.endResetModel()

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole:
            if orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS):
                return QCoreApplication.translate("ZeroTableModel", COLUMNS[section])
            if orientation == Qt.Orientation.Vertical:
                return section + 1
        return None

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        z = self.rows[index.row()]
        column = index.column()
        if role == ID_ROLE:
            return z.household_id
        if role == Qt.ItemDataRole.ForegroundRole:
            if z.overdue and column in (5, 6):
                return RED
            if column == 4 and z.since is None:
                return GREY
            return None
        if role == Qt.ItemDataRole.ToolTipRole and column == 1:
            return self.villages.full(z.village_code)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column == 0:
            return z.hh_no or QCoreApplication.translate("ZeroTableModel", "(none yet)")
        if column == 1:
            return self.villages.short(z.village_code)
        if column == 2:
            return z.head_name or ""
        if column == 3:
            return z.phone or ""
        if column == 4:
            return z.since.isoformat() if z.since else QCoreApplication.translate("ZeroTableModel", "unknown")
        if column == 5:
            return z.deadline.isoformat() if z.deadline else ""
        if column == 6:
            if z.deadline is None:
                return QCoreApplication.translate("ZeroTableModel", "Zero employment")
            days = (z.deadline - self.day).days
            if z.overdue:
                return QCoreApplication.translate("ZeroTableModel", "Overdue by %n day(s)", "", -days)
            return QCoreApplication.translate("ZeroTableModel", "%n day(s) left", "", days)
        if column == 7:
            return "、".join(z.labour_names)
        return None

    def household_id(self, row: int) -> str | None:
        return self.rows[row].household_id if 0 <= row < len(self.rows) else None
