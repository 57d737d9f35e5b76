"""The household form (户信息): new or edit a household's own facts.

Checked as you type with ``validation.validate_household``. Problems of the member structure (户主 count,
配偶 count, no members yet) are not this form's business: they are fixed by editing members and are shown
on the household page, so they never block saving the household's own facts."""
from __future__ import annotations

from dataclasses import replace
from datetime import date

from PySide6.QtWidgets import QGridLayout, QLineEdit, QWidget

from desktop.domain.codes import HouseholdType, MonitorCategory, PovertyAttribute, Severity
from desktop.domain.models import Household
from desktop.domain.phones import normalize_phone
from desktop.domain.validation import Issue, validate_household

from .widgets.enum_combo import BoolCombo, EnumCombo
from .widgets.record_dialog import RecordDialog
from .widgets.region_picker import VillagePicker

STRUCTURE_CODES = frozenset({"household.head_count", "household.spouse_count", "household.no_members",
                             "household.couple_same_sex"})


class HouseholdForm(RecordDialog):
    def __init__(self, ledger, runner, messages, events, regions, household_id: str | None = None,
                 parent: QWidget | None = None, today: date | None = None, village_code: str | None = None):
        super().__init__(messages, parent, existing=household_id is not None)
        self.ledger, self.runner, self.events, self.regions = ledger, runner, events, regions
        self.household_id = household_id
        self.today = today or date.today()
        self._base: Household | None = None
        self._members: list = []
        self.setWindowTitle(self.tr("Edit household") if household_id else self.tr("New household"))
        self._build()
        if household_id is None:
            self._loaded((Household(village_code=village_code or ""), []))
        else:
            self.setEnabled(False)
            self.runner.run(self._load, household_id, on_done=self._loaded, on_error=self._load_failed)

    def _build(self) -> None:
        self.village_picker = VillagePicker(self.regions, parent=self)
        self.hh_no_edit = QLineEdit(self)
        self.hh_no_edit.setMaxLength(30)
        self.natural_village_edit = QLineEdit(self)
        self.natural_village_edit.setPlaceholderText(self.tr("e.g. 东沟组"))
        self.phone_edit = QLineEdit(self)
        self.phone_edit.setMaxLength(20)
        self.type_combo = EnumCombo(HouseholdType, allow_empty=False)
        self.attr_combo = EnumCombo(PovertyAttribute)
        self.monitor_combo = EnumCombo(MonitorCategory, empty_text=self.tr("(not monitored)"))
        self.risk_combo = BoolCombo()
        self.support_person_edit = QLineEdit(self)
        self.support_phone_edit = QLineEdit(self)
        self.note_edit = QLineEdit(self)

        grid = QGridLayout()
        r = self.add_field(grid, 0, self.tr("&Village"), "village_code", self.village_picker)
        r = self.add_field(grid, r, self.tr("Household no."), "hh_no", self.hh_no_edit)
        r = self.add_field(grid, r, self.tr("Natural village / group"), "natural_village", self.natural_village_edit)
        r = self.add_field(grid, r, self.tr("&Phone"), "phone", self.phone_edit)
        r = self.add_field(grid, r, self.tr("Household type"), "hh_type", self.type_combo)
        r = self.add_field(grid, r, self.tr("Poverty-exit attribute"), "poverty_attr", self.attr_combo)
        r = self.add_field(grid, r, self.tr("Monitoring category"), "monitor_category", self.monitor_combo)
        r = self.add_field(grid, r, self.tr("Risk eliminated"), "risk_eliminated", self.risk_combo)
        r = self.add_field(grid, r, self.tr("Support cadre"), "support_person", self.support_person_edit)
        r = self.add_field(grid, r, self.tr("Support cadre phone"), "support_phone", self.support_phone_edit)
        r = self.add_field(grid, r, self.tr("Note"), "note", self.note_edit)
        grid.setColumnStretch(1, 1)
        grid.setRowStretch(r, 1)
        self.frame(grid)
        order = [self.village_picker.search, self.village_picker.county, self.village_picker.township,
                 self.village_picker.village, self.hh_no_edit, self.natural_village_edit, self.phone_edit,
                 self.type_combo, self.attr_combo, self.monitor_combo, self.risk_combo,
                 self.support_person_edit, self.support_phone_edit, self.note_edit, self.save_button,
                 self.cancel_button]
        for first, second in zip(order, order[1:]):
            QWidget.setTabOrder(first, second)
        self.resize(640, 560)

    # ------------------------------------------------------------------ loading
    def _load(self, household_id: str):
        return self.ledger.household(household_id), self.ledger.members(household_id)

    def _loaded(self, loaded) -> None:
        household, members = loaded
        self.setEnabled(True)
        self._base, self._members = household, members
        self.begin_fill()
        self.village_picker.setValue(household.village_code or None)
        self.hh_no_edit.setText(household.hh_no or "")
        self.natural_village_edit.setText(household.natural_village or "")
        self.phone_edit.setText(household.phone or "")
        self.type_combo.setValue(household.hh_type)
        self.attr_combo.setValue(household.poverty_attr)
        self.monitor_combo.setValue(household.monitor_category)
        self.risk_combo.setValue(household.risk_eliminated)
        self.support_person_edit.setText(household.support_person or "")
        self.support_phone_edit.setText(household.support_phone or "")
        self.note_edit.setText(household.note or "")
        self.end_fill()
        (self.hh_no_edit if household.village_code else self.village_picker.search).setFocus()

    def _load_failed(self, exc: Exception) -> None:
        self.messages.error(exc)
        self._dirty = False
        super(RecordDialog, self).reject()

    # ------------------------------------------------------------------ collect, check, write
    def collect(self) -> Household:
        base = self._base or Household(village_code="")
        return replace(
            base, village_code=self.village_picker.value() or "", hh_no=self.hh_no_edit.text().strip() or None,
            natural_village=self.natural_village_edit.text().strip() or None,
            phone=normalize_phone(self.phone_edit.text()), hh_type=self.type_combo.value(),
            poverty_attr=self.attr_combo.value(), monitor_category=self.monitor_combo.value(),
            risk_eliminated=self.risk_combo.value(),
            support_person=self.support_person_edit.text().strip() or None,
            support_phone=normalize_phone(self.support_phone_edit.text()),
            note=self.note_edit.text().strip() or None)

    def check(self, household: Household) -> list[Issue]:
        if self._base is None:
            return []
        issues = validate_household(household, self._members, self.regions, self.today)
        issues = [i for i in issues if i.code not in STRUCTURE_CODES]
        if not household.village_code:
            issues = [i for i in issues if i.field != "village_code"]
            issues.append(Issue(Severity.ERROR, "village_code", "form.required",
                                "村：请选择本户所在的村（可输入村名搜索）"))
        return issues

    def write(self, household: Household) -> None:
        self.runner.run(self.ledger.save, household, on_done=lambda _changed: self._written(household.id),
                        on_error=self.write_failed)

    def _written(self, household_id: str) -> None:
        self.events.changed.emit("household", [household_id])
        self.write_done(household_id)

