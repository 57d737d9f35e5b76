"""Undo of deletes: every delete announces its ``Deletion`` on ``events.deleted``; the last one is restored
with ``Ledger.restore`` on the runner (Ctrl+Z)."""
from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class UndoDeletes(QObject):
    """Remembers the deletions announced on ``events.deleted`` and restores the last one."""

    changed = Signal(bool)  # whether there is something to undo

    def __init__(self, ledger, runner, messages, events, parent: QObject | None = None):
        super().__init__(parent)
        self.ledger, self.runner, self.messages, self.events = ledger, runner, messages, events
        self.stack: list[tuple[object, str]] = []
        events.deleted.connect(self._remember)

    def _remember(self, deletion, description: str) -> None:
        if deletion:
            self.stack.append((deletion, description))
            self.changed.emit(True)

    def undo(self) -> None:
        if not self.stack:
            self.messages.info(self.tr("Nothing to undo."))
            return
        deletion, description = self.stack.pop()
        self.changed.emit(bool(self.stack))

        def done(_result):
            self.messages.info(self.tr("Restored: %1").replace("%1", description))
            for entity in ("household", "person", "employment"):
                ids = [record_id for e, record_id in deletion.items if e == entity]
                if ids:
                    self.events.changed.emit(entity, ids)

        def failed(exc):
            self.stack.append((deletion, description))
            self.changed.emit(True)
            self.messages.error(exc)

        self.runner.run(self.ledger.restore, deletion, on_done=done, on_error=failed)
