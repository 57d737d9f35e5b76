"""Small display helpers shared by the list models: sync-state marks, village names, ages."""
from __future__ import annotations

from datetime import date
from functools import lru_cache

from PySide6.QtCore import QCoreApplication, QT_TRANSLATE_NOOP
from PySide6.QtGui import QColor

from desktop.domain.age import age_on

SYNC_TEXT = {
    "pending": QT_TRANSLATE_NOOP("SyncState", "● Not sent"),
    "synced": QT_TRANSLATE_NOOP("SyncState", "✓ Synced"),
    "error": QT_TRANSLATE_NOOP("SyncState", "✗ Rejected"),
    "conflict": QT_TRANSLATE_NOOP("SyncState", "⚠ Conflict"),
}
SYNC_TIP = {
    "pending": QT_TRANSLATE_NOOP("SyncState", "Saved on this computer, not yet sent to the county server"),
    "synced": QT_TRANSLATE_NOOP("SyncState", "Same as on the county server"),
    "error": QT_TRANSLATE_NOOP("SyncState", "The county server refused the last change; open the record to fix it"),
    "conflict": QT_TRANSLATE_NOOP("SyncState", "Changed here and on the server at the same time; please check"),
}
SYNC_COLOR = {"pending": QColor("#757575"), "synced": QColor("#2e7d32"), "error": QColor("#c62828"),
              "conflict": QColor("#c62828")}
RED = QColor("#c62828")
GREY = QColor("#757575")


def sync_text(state: str | None) -> str:
    return QCoreApplication.translate("SyncState", SYNC_TEXT.get(state or "pending", SYNC_TEXT["pending"]))


def sync_tip(state: str | None) -> str:
    return QCoreApplication.translate("SyncState", SYNC_TIP.get(state or "pending", SYNC_TIP["pending"]))


class VillageNames:
    """Short and full names of village codes, remembered (the list asks for them on every paint)."""

    def __init__(self, regions):
        self._regions = regions
        self.short = lru_cache(maxsize=4096)(self._short)
        self.full = lru_cache(maxsize=4096)(self._full)

    def _short(self, code: str) -> str:
        if self._regions is None:
            return code
        return self._regions.short_name(code) or code

    def _full(self, code: str) -> str:
        if self._regions is None:
            return code
        return self._regions.full_name(code) or code


def age_text(birth: str | None, today: date) -> str:
    if not birth:
        return ""
    try:
        return str(age_on(date.fromisoformat(birth), today))
    except ValueError:
        return ""
