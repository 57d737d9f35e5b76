"""The main window's household and person lists as table views: whole-row selection, sorting by a header
click through the model's query, column widths scaled for the screen's CJK glyphs; and the "nothing here"
label stacked behind each table."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QStackedWidget, QTableView, QWidget


def record_table(model, parent: QWidget) -> QTableView:
    """A read-only table over a paged record model (``model.columns`` gives each column's width)."""
    table = QTableView(parent)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setSortingEnabled(False)  # the model sorts through a query; header clicks below
    header = table.horizontalHeader()
    header.setSectionsClickable(True)
    header.setSortIndicatorShown(True)
    header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
    header.sortIndicatorChanged.connect(model.sort)
    header.setStretchLastSection(True)
    header.setHighlightSections(False)
    metrics = table.fontMetrics()
    scale = max(1.0, metrics.horizontalAdvance("户") / 13)  # widths are for a 13 px CJK glyph
    for column, spec in enumerate(model.columns):
        title = model.headerData(column, Qt.Orientation.Horizontal)
        table.setColumnWidth(column, max(int(spec.width * scale), metrics.horizontalAdvance(title) + 28))
        if spec.stretch:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
    table.verticalHeader().setDefaultSectionSize(parent.fontMetrics().height() + 8)
    table.verticalHeader().setSectionResizeMode(table.verticalHeader().ResizeMode.Fixed)
    table.setWordWrap(False)
    return table


def with_empty_state(table: QTableView, parent: QWidget) -> tuple[QStackedWidget, QLabel]:
    """A stack showing ``table`` (page 0) or, when the list is empty, a centred label (page 1)."""
    label = QLabel(parent)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setWordWrap(True)
    label.setStyleSheet("color: #555; font-size: 12pt; padding: 40px;")
    stack = QStackedWidget(parent)
    stack.addWidget(table)
    stack.addWidget(label)
    return stack, label
