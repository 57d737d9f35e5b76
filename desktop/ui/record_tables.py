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
    keep_place(table)
    return table


def keep_place(table: QTableView) -> None:
    """When the model is reset with ``keep_place`` (the same list re-read after a sync round added or
    removed records), the selected record stays selected and the record at the top stays at the top."""
    model = table.model()
    place: dict[str, int | None] = {}

    def remember() -> None:
        place.clear()
        if not model.keep_place:
            return
        current = table.currentIndex()
        top = table.rowAt(0)
        place["current"] = model.keys[current.row()] if current.isValid() and current.row() < len(model.keys) \
            else None
        place["top"] = model.keys[top] if 0 <= top < len(model.keys) else None
        place["column"] = current.column() if current.isValid() else 0

    def restore() -> None:
        if not place:
            return
        rows = {key: row for row, key in enumerate(model.keys)} if model.keys else {}
        top, current = rows.get(place["top"]), rows.get(place["current"])
        if top is not None:
            table.scrollTo(model.index(top, 0), QAbstractItemView.ScrollHint.PositionAtTop)
        if current is not None:
            table.setCurrentIndex(model.index(current, place["column"] or 0))
            table.selectRow(current)
            if top is None:
                table.scrollTo(model.index(current, 0))
        place.clear()

    model.modelAboutToBeReset.connect(remember)
    model.modelReset.connect(restore)


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
