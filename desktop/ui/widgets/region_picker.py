"""Region pickers built on the shipped region table (``desktop.domain.regions.RegionTable``).

``VillagePicker``: 县区 → 乡镇 → 村 combos under one city (宝鸡市 by default) plus a search box that finds a
village by any part of its name. ``CountyPicker``: a search-as-you-type field for the county someone works
in, anywhere in China ("昆山" → 江苏省苏州市昆山市)."""
from __future__ import annotations

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtWidgets import QComboBox, QCompleter, QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from .enum_combo import EMPTY

BAOJI = "610300000000"


class _SearchEdit(QLineEdit):
    """Enter picks the village found; it must not also press the dialog's Save button."""

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt naming
        super().keyPressEvent(event)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()


class VillagePicker(QWidget):
    valueChanged = Signal(object)  # 12-digit village code or None

    def __init__(self, regions, root_code: str = BAOJI, parent: QWidget | None = None):
        super().__init__(parent)
        self._regions = regions
        self._root = root_code
        self._code: str | None = None
        self._updating = False

        self.search = _SearchEdit(self)
        self.search.setPlaceholderText(self.tr("Search a village by name, e.g. 新民"))
        self.search.setClearButtonEnabled(True)
        self.county = QComboBox(self)
        self.township = QComboBox(self)
        self.village = QComboBox(self)
        for combo in (self.county, self.township, self.village):
            combo.setMaxVisibleItems(20)
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)

        self._choices = {self._village_label(v.code): v.code for v in regions.villages_of(root_code)}
        completer = QCompleter(sorted(self._choices), self.search)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setMaxVisibleItems(15)
        completer.activated.connect(self._searched)
        self.search.setCompleter(completer)
        self.search.returnPressed.connect(lambda: self._searched(self.search.text()))

        combos = QHBoxLayout()
        combos.setContentsMargins(0, 0, 0, 0)
        combos.addWidget(self.county)
        combos.addWidget(self.township)
        combos.addWidget(self.village, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search)
        layout.addLayout(combos)

        self._fill(self.county, regions.children(root_code), self.tr("County/district"))
        self.county.currentIndexChanged.connect(self._county_changed)
        self.township.currentIndexChanged.connect(self._township_changed)
        self.village.currentIndexChanged.connect(self._village_changed)
        self._county_changed()

    # ----------------------------------------------------------------- public
    def value(self) -> str | None:
        return self._code

    def setValue(self, code: str | None) -> None:  # noqa: N802 - Qt naming
        self._updating = True
        try:
            if code and len(code) == 12:
                self.county.setCurrentIndex(max(0, self.county.findData(code[:6] + "000000")))
                self._county_changed()
                self.township.setCurrentIndex(max(0, self.township.findData(code[:9] + "000")))
                self._township_changed()
                self.village.setCurrentIndex(max(0, self.village.findData(code)))
            else:
                self.county.setCurrentIndex(0)
                self._county_changed()
        finally:
            self._updating = False
        self._village_changed()

    def display_name(self) -> str:
        return self._regions.full_name(self._code) if self._code else ""

    # ----------------------------------------------------------------- internals
    def _village_label(self, code: str) -> str:
        parts = [self._regions.short_name(r.code) for r in self._regions.ancestors(code)[2:]]
        return " ".join(parts)  # 千阳县 城关镇 新民村

    def _fill(self, combo: QComboBox, regions, empty: str) -> None:
        blocked = combo.blockSignals(True)
        combo.clear()
        combo.addItem(f"（{empty}）", EMPTY)
        for region in regions:
            combo.addItem(self._regions.short_name(region.code), region.code)
        combo.blockSignals(blocked)

    def _county_changed(self, *_args) -> None:
        code = self.county.currentData() or None
        self._fill(self.township, self._regions.children(code) if code else [], self.tr("Township"))
        self._township_changed()

    def _township_changed(self, *_args) -> None:
        code = self.township.currentData() or None
        self._fill(self.village, self._regions.children(code) if code else [], self.tr("Village"))
        self._village_changed()

    def _village_changed(self, *_args) -> None:
        if self._updating:
            return
        code = self.village.currentData() or None
        if code != self._code:
            self._code = code
            self.valueChanged.emit(code)

    def _searched(self, text: str) -> None:
        code = self._choices.get(text.strip())
        if code is None:
            matches = [c for label, c in self._choices.items() if text.strip() and text.strip() in label]
            if len(matches) != 1:
                return
            code = matches[0]
        self.setValue(code)
        self.village.setFocus()


class CountyPicker(QLineEdit):
    """Type part of a county, city or province name and pick the county from the list. ``value()`` is the
    12-digit county code once a county is chosen (or the typed text names exactly one), else ``None``."""

    valueChanged = Signal(object)

    def __init__(self, regions, parent: QWidget | None = None):
        super().__init__(parent)
        self._regions = regions
        self._code: str | None = None
        self._by_label: dict[str, str] = {}
        self.setPlaceholderText(self.tr("Type a county or city, e.g. 昆山 or 千阳"))
        self.setClearButtonEnabled(True)
        self._model = QStringListModel(self)
        completer = QCompleter(self._model, self)
        completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        completer.setMaxVisibleItems(12)
        completer.activated.connect(self._chosen)
        self.setCompleter(completer)
        self.textEdited.connect(self._edited)
        self.editingFinished.connect(self._resolve)

    def value(self) -> str | None:
        return self._code

    def setValue(self, code: str | None) -> None:  # noqa: N802
        self._code = code or None
        self.setText(self._regions.full_name(code) if code else "")
        self.valueChanged.emit(self._code)

    def _edited(self, text: str) -> None:
        matches = self._regions.counties_matching(text, limit=30)
        self._by_label = {self._regions.full_name(r.code): r.code for r in matches}
        self._model.setStringList(list(self._by_label))
        self._set_code(self._exact(text, matches))

    def _exact(self, text: str, matches) -> str | None:
        needle = text.strip()
        if needle in self._by_label:
            return self._by_label[needle]
        exact = [r for r in matches if r.name == needle or (len(r.name) > 2 and r.name[:-1] == needle)]
        if len(exact) == 1:
            return exact[0].code
        return None

    def _chosen(self, label: str) -> None:
        code = self._by_label.get(label)
        if code is not None:
            self.setText(label)
            self._set_code(code)

    def _resolve(self) -> None:
        if self._code is None and self.text().strip():
            matches = self._regions.counties_matching(self.text(), limit=30)
            self._by_label.update({self._regions.full_name(r.code): r.code for r in matches})
            code = self._exact(self.text(), matches)
            if code is not None:
                self.setText(self._regions.full_name(code))
                self._set_code(code)

    def _set_code(self, code: str | None) -> None:
        if code != self._code:
            self._code = code
            self.valueChanged.emit(code)
