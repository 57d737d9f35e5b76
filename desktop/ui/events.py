"""The window's notice board: whoever writes to the ledger announces it here, and every view that shows
those records refreshes itself. Views never call each other."""
from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class LedgerEvents(QObject):
    # entity ("household" / "person" / "employment"), ids written (empty list = many / unknown: reload)
    changed = Signal(str, list)
    # a Deletion (desktop.store.ledger.Deletion) and a short Chinese description, for "undo delete"
    deleted = Signal(object, str)
    # the whole ledger may have changed (import, demo data, sync pull)
    reloaded = Signal()
