"""Read-only record tables look and behave the same everywhere."""
from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView


def tidy_table(table: QTableView) -> None:
    """Whole-row single selection, no editing, columns sized to their contents with some air."""
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.verticalHeader().setVisible(False)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(False)
    header.setMinimumSectionSize(56)
    table.setStyleSheet("QTableView::item { padding: 0 8px; } QHeaderView::section { padding: 2px 8px; }")
