"""The 零就业家庭 view: how many zero-employment households there are, how many are past their 清零
deadline (red), and the list of them. Double-click (or Enter) opens a household."""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView, QHBoxLayout, QLabel, QPushButton, QTableView, QVBoxLayout, QWidget,
)

from desktop.store.queries import ZeroScan, households_of, zero_employment_scan

from .models.zero import WIDTHS, ZeroTableModel


class ZeroView(QWidget):
    openHousehold = Signal(str)
    refreshRequested = Signal()

    def __init__(self, regions, parent: QWidget | None = None):
        super().__init__(parent)
        self.scan: ZeroScan | None = None
        self.model = ZeroTableModel(regions, self)
        self.count_label = QLabel(self)
        self.overdue_label = QLabel(self)
        self.hint_label = QLabel(self)
        self.hint_label.setWordWrap(True)
        self.hint_label.setStyleSheet("color: #555;")
        self.refresh_button = QPushButton(self.tr("Recount"), self)
        for label in (self.count_label, self.overdue_label):
            font = label.font()
            font.setPointSizeF(font.pointSizeF() * 1.3)
            font.setBold(True)
            label.setFont(font)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate(WIDTHS):
            self.table.setColumnWidth(column, width)
        self.table.doubleClicked.connect(lambda index: self._open(index.row()))
        self.table.activated.connect(lambda index: self._open(index.row()))
        self.refresh_button.clicked.connect(self.refreshRequested)

        top = QHBoxLayout()
        top.addWidget(self.count_label)
        top.addSpacing(24)
        top.addWidget(self.overdue_label)
        top.addStretch(1)
        top.addWidget(self.refresh_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.hint_label)
        layout.addWidget(self.table, 1)
        self.show_counting()

    def show_counting(self) -> None:
        self.count_label.setText(self.tr("Zero-employment households: counting…"))
        self.overdue_label.setText("")

    def set_scan(self, scan: ZeroScan) -> None:
        self.scan = scan
        self.model.set_scan(scan)
        self.count_label.setText(self.tr("Zero-employment households: %1").replace("%1", str(scan.count)))
        overdue = scan.overdue_count
        self.overdue_label.setText(self.tr("of which overdue: %1").replace("%1", str(overdue)))
        self.overdue_label.setStyleSheet("color: #c62828;" if overdue else "color: #2e7d32;")
        if scan.count == 0:
            self.hint_label.setText(self.tr(
                "No zero-employment households on %1: every lifted or monitored household with labour "
                "has at least one member in work.").replace("%1", scan.day.isoformat()))
        else:
            self.hint_label.setText(self.tr(
                "As of %1. A household must have a member in work by the end of the quarter in which it "
                "became zero-employment; red ones are past that deadline. Double-click to open.")
                .replace("%1", scan.day.isoformat()))

    def _open(self, row: int) -> None:
        household_id = self.model.household_id(row)
        if household_id:
            self.openHousehold.emit(household_id)


class ZeroTracker(QObject):
    """Keeps the zero-employment scan current without rescanning 300,000 persons after every save: a
    full scan at start, on "Recount" and after imports (``events.changed`` with no ids); after an edit
    or a delete, only the households it touched are scanned again and patched in."""

    started = Signal()
    scanned = Signal(object)  # ZeroScan
    DELAY_MS = 300

    def __init__(self, runner, reader, events, day: date, parent: QObject | None = None):
        super().__init__(parent)
        self.runner, self.reader, self.day = runner, reader, day
        self.scan: ZeroScan | None = None
        self._pending: dict[str, set[str]] = {}
        self._full_wanted = False
        self._full_running = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(self.DELAY_MS)
        self._timer.timeout.connect(self._flush)
        events.changed.connect(self._changed)
        events.deleted.connect(self._deleted)

    def rescan(self) -> None:
        self._full_running = True
        self._pending.clear()
        self.started.emit()
        day = self.day
        self.runner.run(lambda: zero_employment_scan(self.reader.conn(), day), on_done=self._full_done,
                        on_error=self._full_failed)

    def _full_done(self, scan: ZeroScan) -> None:
        self._full_running = False
        self.scan = scan
        self.scanned.emit(scan)

    def _full_failed(self, exc: Exception) -> None:
        self._full_running = False
        raise exc  # a bug: the excepthook reports it

    def _changed(self, entity: str, ids: list) -> None:
        if not ids or entity not in ("household", "person", "employment"):
            self._full_wanted = True
        else:
            self._pending.setdefault(entity, set()).update(ids)
        self._timer.start()

    def _deleted(self, deletion, _description: str = "") -> None:
        for entity, record_id in getattr(deletion, "items", ()):
            self._pending.setdefault(entity, set()).add(record_id)
        self._timer.start()

    def _flush(self) -> None:
        if self._full_running:
            self._timer.start()  # after the running full scan, which may predate these edits
            return
        if self.scan is None or self._full_wanted:
            self._full_wanted = False
            self.rescan()
            return
        pending, self._pending = self._pending, {}
        if not pending:
            return
        day = self.day

        def work():  # worker thread
            conn = self.reader.conn()
            households: set[str] = set()
            for entity, ids in pending.items():
                households |= households_of(conn, entity, sorted(ids))
            return households, zero_employment_scan(conn, day, household_ids=households)

        self.runner.run(work, on_done=self._partial_done)

    def _partial_done(self, result) -> None:
        households, partial = result
        if self._full_running or self.scan is None:
            return  # a full scan is on its way and covers these households
        self.scan = self.scan.patched(partial, households)
        self.scanned.emit(self.scan)
