"""Python's cyclic garbage collector, run on the GUI thread only.

Left automatic, the collector runs on whichever thread happens to allocate, which is often one of the
runner's worker threads. If it then frees a cycle that owns a Qt object (a dialog or window made in Python
without a parent), Qt deletes that object on the worker thread: "QBasicTimer::stop: Failed. Possibly
trying to stop from a different thread", then a crash. So automatic collection is switched off and a timer
on the GUI thread collects when the collector's own thresholds say it is due (the PyQt recipe)."""
from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer


class MainThreadCollector(QObject):
    def __init__(self, parent: QObject | None = None, interval_ms: int = 1000):
        super().__init__(parent)
        self._threshold = gc.get_threshold()
        gc.disable()
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.check)
        self._timer.start(interval_ms)

    def check(self) -> None:
        """Collect the generations whose counts passed their thresholds (cheap when nothing is due)."""
        counts = gc.get_count()
        for generation in (2, 1, 0):
            if counts[generation] > self._threshold[generation]:
                gc.collect(generation)
                return

    def stop(self) -> None:
        self._timer.stop()
        gc.enable()
