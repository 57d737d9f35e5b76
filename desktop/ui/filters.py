"""The filter panel at the left of the main window: village, household type, labour category,
employment status and zero-employment only. It only says what is asked (``changed(ListFilter)``); the
lists do the querying."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QFormLayout, QGroupBox, QLabel, QPushButton, QVBoxLayout, QWidget,
)

from desktop.domain.codes import LabourSkill
from desktop.store.queries import EmploymentFilter, HouseholdKind, ListFilter


class FilterPanel(QWidget):
    changed = Signal(object)  # ListFilter (without search text)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._quiet = False
        self.village_combo = QComboBox(self)
        self.village_combo.setMinimumContentsLength(8)
        self.village_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.kind_combo = self._combo([(k.value, k) for k in HouseholdKind])
        self.labour_combo = self._combo([(s.value, s) for s in LabourSkill])
        self.employment_combo = self._combo([(e.value, e) for e in EmploymentFilter])
        self.zero_check = QCheckBox(self.tr("Zero-employment households only"), self)
        self.clear_button = QPushButton(self.tr("Show all"), self)
        self.set_villages([])

        box = QGroupBox(self.tr("Filter"), self)
        form = QFormLayout(box)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        form.addRow(self._label(self.tr("&Village"), self.village_combo), self.village_combo)
        form.addRow(self._label(self.tr("Household &type"), self.kind_combo), self.kind_combo)
        form.addRow(self._label(self.tr("&Labour category"), self.labour_combo), self.labour_combo)
        form.addRow(self._label(self.tr("&Employment"), self.employment_combo), self.employment_combo)
        form.addRow(self.zero_check)
        form.addRow(self.clear_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(box)
        layout.addStretch(1)

        for combo in (self.village_combo, self.kind_combo, self.labour_combo, self.employment_combo):
            combo.currentIndexChanged.connect(self._emit)
        self.zero_check.toggled.connect(self._emit)
        self.clear_button.clicked.connect(self.clear)

    def _label(self, text: str, buddy: QWidget) -> QLabel:
        label = QLabel(text, self)
        label.setBuddy(buddy)
        return label

    def _combo(self, items) -> QComboBox:
        combo = QComboBox(self)
        combo.addItem(self.tr("All"), None)
        for text, value in items:
            combo.addItem(text, value)
        return combo

    def set_villages(self, villages: list[tuple[str, str]]) -> None:
        """``[(code, name)]``; keeps the chosen village if it is still there."""
        current = self.village_combo.currentData()
        self._quiet = True
        self.village_combo.clear()
        self.village_combo.addItem(self.tr("All villages"), None)
        for code, name in villages:
            self.village_combo.addItem(name, code)
            self.village_combo.setItemData(self.village_combo.count() - 1, code, Qt.ItemDataRole.ToolTipRole)
        index = self.village_combo.findData(current) if current else 0
        self.village_combo.setCurrentIndex(max(index, 0))
        self._quiet = False
        if current and index < 0:
            self._emit()

    def value(self) -> ListFilter:
        # Item data comes back as plain str (Qt keeps no Python enum type): parse it again.
        def parsed(combo, enum_cls):
            data = combo.currentData()
            return enum_cls(data) if data else None

        return ListFilter(village_code=self.village_combo.currentData() or None,
                          kind=parsed(self.kind_combo, HouseholdKind),
                          labour_skill=parsed(self.labour_combo, LabourSkill),
                          employment=parsed(self.employment_combo, EmploymentFilter),
                          zero_only=self.zero_check.isChecked())

    def clear(self) -> None:
        self._quiet = True
        for combo in (self.village_combo, self.kind_combo, self.labour_combo, self.employment_combo):
            combo.setCurrentIndex(0)
        self.zero_check.setChecked(False)
        self._quiet = False
        self._emit()

    def _emit(self, *_args) -> None:
        if not self._quiet:
            self.changed.emit(self.value())
