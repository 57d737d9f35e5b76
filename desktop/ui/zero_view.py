"""The 零就业家庭 view: how many zero-employment households there are, how many are past their 清零
deadline (red), and the list of them. Double-click (or Enter) opens a household."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView, QHBoxLayout, QLabel, QPushButton, QTableView, QVBoxLayout, QWidget,
)

from desktop.store.queries import ZeroScan

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
