"""The 户 list: one row per live household."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QT_TRANSLATE_NOOP, Qt

from desktop.store.queries import HouseholdRow, ZeroScan, household_rows

from .display import GREY, RED, SYNC_COLOR, VillageNames, sync_text, sync_tip
from .paged import Column, PagedTableModel

C = "HouseholdTableModel"
Right = Qt.AlignmentFlag.AlignRight
Center = Qt.AlignmentFlag.AlignHCenter


class HouseholdTableModel(PagedTableModel):
    context = C
    columns = (
        Column(QT_TRANSLATE_NOOP("HouseholdTableModel", "Household no."), "hh_no", 150),
        Column(QT_TRANSLATE_NOOP("HouseholdTableModel", "Village"), "village", 110),
        Column(QT_TRANSLATE_NOOP("HouseholdTableModel", "Head"), "head", 80),
        Column(QT_TRANSLATE_NOOP("HouseholdTableModel", "Members"), "size", 50, Right),
        Column(QT_TRANSLATE_NOOP("HouseholdTableModel", "Type / monitoring"), "kind", 215),
        Column(QT_TRANSLATE_NOOP("HouseholdTableModel", "Phone"), "phone", 110),
        Column(QT_TRANSLATE_NOOP("HouseholdTableModel", "Zero employment"), None, 80, Center),
        Column(QT_TRANSLATE_NOOP("HouseholdTableModel", "Sync"), "sync", 80),
    )

    def __init__(self, reader, regions, parent=None):
        super().__init__(reader, parent)
        self.villages = VillageNames(regions)
        self._zero: dict[str, bool] = {}  # household id -> overdue

    def fetch(self, conn, keys):
        return household_rows(conn, keys)

    def set_zero(self, scan: ZeroScan) -> None:
        self._zero = {z.household_id: z.overdue for z in scan.households}
        self.refresh_rows()

    def cell(self, r: HouseholdRow, column: int, role: int):
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == 6 and self._zero.get(r.id):
                return RED
            if column == 7:
                return SYNC_COLOR.get(r.sync_state)
            if column == 0 and not r.hh_no:
                return GREY
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == 1:
                return self.villages.full(r.village_code)
            if column == 7:
                return sync_tip(r.sync_state)
            return None
        if column == 0:
            return r.hh_no or QCoreApplication.translate("HouseholdTableModel", "(none yet)")
        if column == 1:
            return self.villages.short(r.village_code)
        if column == 2:
            return r.head_name or QCoreApplication.translate("HouseholdTableModel", "(no head)")
        if column == 3:
            return r.size
        if column == 4:
            return f"{r.hh_type}（{r.monitor_category}）" if r.monitor_category else r.hh_type
        if column == 5:
            return r.phone or ""
        if column == 6:
            if r.id not in self._zero:
                return ""
            return (QCoreApplication.translate("HouseholdTableModel", "Overdue") if self._zero[r.id]
                    else QCoreApplication.translate("HouseholdTableModel", "Yes"))
        if column == 7:
            return sync_text(r.sync_state)
        return None
