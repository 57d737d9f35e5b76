"""The employment-spell dialog (务工就业记录): add or correct one job spell of a person, or end one.

Checked as you type with ``validation.validate_spell``: the work place must be a county (or 国外 with
a place text), the end not before the start; income and missing details of a current job are warnings."""
from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal, InvalidOperation

from PySide6.QtWidgets import QCheckBox, QGridLayout, QLabel, QLineEdit, QWidget

from desktop.domain.codes import Channel, Contract, EmploymentForm, Industry, Severity, VerifyMethod
from desktop.domain.models import EmploymentSpell, Household, Person
from desktop.domain.places import place_bucket
from desktop.domain.validation import Issue, validate_spell

from .widgets.date_edit import OptionalDateEdit
from .widgets.enum_combo import BoolCombo, EnumCombo
from .widgets.record_dialog import RecordDialog
from .widgets.region_picker import CountyPicker


class SpellDialog(RecordDialog):
    """``spell`` is the spell to correct, or ``None`` for a new one. ``end_only`` shows just the end date
    (结束务工), defaulting to today. ``others`` are the person's other spells (overlap warning)."""

    def __init__(self, ledger, runner, messages, events, regions, person: Person, household: Household | None,
                 spell: EmploymentSpell | None = None, others: list[EmploymentSpell] = (),
                 end_only: bool = False, parent: QWidget | None = None, today: date | None = None):
        super().__init__(messages, parent, existing=spell is not None and not end_only)
        self.ledger, self.runner, self.events, self.regions = ledger, runner, events, regions
        self.person, self.household, self.others = person, household, list(others)
        self.today = today or date.today()
        self.end_only = end_only
        self._base = spell or EmploymentSpell(person_id=person.id, form=EmploymentForm.MIGRANT,
                                              start_date=self.today)
        if end_only:
            self.setWindowTitle(self.tr("End job of %1").replace("%1", person.name))
        elif spell is None:
            self.setWindowTitle(self.tr("New job for %1").replace("%1", person.name))
        else:
            self.setWindowTitle(self.tr("Correct job of %1").replace("%1", person.name))
        self._build()
        self._fill(self._base)

    def _build(self) -> None:
        self.form_combo = EnumCombo(EmploymentForm, allow_empty=False)
        self.abroad_check = QCheckBox(self.tr("Works abroad"), self)
        self.county_picker = CountyPicker(self.regions, self)
        self.place_edit = QLineEdit(self)
        self.place_edit.setPlaceholderText(self.tr("Town, street or (abroad) country and city"))
        self.employer_edit = QLineEdit(self)
        self.industry_combo = EnumCombo(Industry)
        self.channel_combo = EnumCombo(Channel)
        self.p2p_combo = BoolCombo()
        self.income_edit = QLineEdit(self)
        self.income_edit.setPlaceholderText(self.tr("yuan per month"))
        self.start_edit = OptionalDateEdit(self)
        self.end_edit = OptionalDateEdit(self)
        self.end_edit.setPlaceholderText(self.tr("empty = still working"))
        self.contract_combo = EnumCombo(Contract)
        self.verify_combo = EnumCombo(VerifyMethod)
        self.note_edit = QLineEdit(self)

        grid = QGridLayout()
        r = 0
        if not self.end_only:
            r = self.add_field(grid, r, self.tr("&Form of work"), "form", self.form_combo)
            grid.addWidget(self.abroad_check, r, 1)
            self.watch(self.abroad_check, "abroad")
            self.abroad_check.toggled.connect(self._abroad_mode)
            r = self.add_field(grid, r + 1, self.tr("Work &county"), "work_county_code", self.county_picker)
            self.place_note = QLabel(self)
            self.place_note.setStyleSheet("color: #2e6b30;")
            grid.addWidget(self.place_note, r, 1)
            r += 1
            self.county_picker.valueChanged.connect(lambda _c: self._show_place())
            self.abroad_check.toggled.connect(lambda _on: self._show_place())
            r = self.add_field(grid, r, self.tr("Work place (detail)"), "work_place", self.place_edit)
            r = self.add_field(grid, r, self.tr("&Employer"), "employer", self.employer_edit)
            r = self.add_field(grid, r, self.tr("Industry"), "industry", self.industry_combo)
            r = self.add_field(grid, r, self.tr("Channel"), "channel", self.channel_combo)
            r = self.add_field(grid, r, self.tr("Point-to-point transport"), "point_to_point", self.p2p_combo)
            r = self.add_field(grid, r, self.tr("Monthly &income"), "monthly_income", self.income_edit)
            r = self.add_field(grid, r, self.tr("&Start date"), "start_date", self.start_edit)
        r = self.add_field(grid, r, self.tr("En&d date"), "end_date", self.end_edit)
        if not self.end_only:
            r = self.add_field(grid, r, self.tr("Labour contract"), "contract", self.contract_combo)
            r = self.add_field(grid, r, self.tr("Verified by"), "verify_method", self.verify_combo)
            r = self.add_field(grid, r, self.tr("Note"), "note", self.note_edit)
        grid.setColumnStretch(1, 1)
        grid.setRowStretch(r, 1)
        self.frame(grid)
        order = [self.end_edit] if self.end_only else [
            self.form_combo, self.abroad_check, self.county_picker, self.place_edit, self.employer_edit,
            self.industry_combo, self.channel_combo, self.p2p_combo, self.income_edit, self.start_edit,
            self.end_edit, self.contract_combo, self.verify_combo, self.note_edit]
        for first, second in zip(order + [self.save_button], order[1:] + [self.save_button, self.cancel_button]):
            QWidget.setTabOrder(first, second)
        if self.end_only:
            self.resize(420, 160)
        else:
            self.resize(620, 600)

    def _fill(self, s: EmploymentSpell) -> None:
        self.begin_fill()
        self.form_combo.setValue(s.form)
        self.abroad_check.setChecked(bool(s.abroad))
        self.county_picker.setValue(s.work_county_code)
        self.place_edit.setText(s.work_place or "")
        self.employer_edit.setText(s.employer or "")
        self.industry_combo.setValue(s.industry)
        self.channel_combo.setValue(s.channel)
        self.p2p_combo.setValue(s.point_to_point)
        self.income_edit.setText("" if s.monthly_income is None else f"{Decimal(s.monthly_income):f}")
        self.start_edit.setDate(s.start_date)
        self.end_edit.setDate(self.today if self.end_only and s.end_date is None else s.end_date)
        self.contract_combo.setValue(s.contract)
        self.verify_combo.setValue(s.verify_method)
        self.note_edit.setText(s.note or "")
        self.county_picker.setEnabled(not s.abroad)
        if not self.end_only:
            self._show_place()
        self.end_fill()
        (self.end_edit if self.end_only else self.form_combo).setFocus()
        if self.end_only:
            self.end_edit.selectAll()  # type over today's date, or Enter to take it

    def _show_place(self) -> None:
        """Say which county was understood and what kind of place it is for this household."""
        code = self.county_picker.value()
        if self.abroad_check.isChecked() or code is None:
            self.place_note.clear()
            return
        text = "✔ " + self.regions.full_name(code)
        if self.household is not None:
            probe = EmploymentSpell(person_id=self.person.id, form=EmploymentForm.MIGRANT,
                                    start_date=self.today, work_county_code=code)
            bucket = place_bucket(self.household.village_code, probe)
            if bucket is not None:
                text += f"（{bucket.value}）"
        self.place_note.setText(text)

    def _abroad_mode(self, abroad: bool) -> None:
        self.county_picker.setEnabled(not abroad)
        if abroad and not self._filling:
            self.county_picker.setValue(None)

    # ------------------------------------------------------------------ collect, check, write
    def _income(self) -> Decimal | None:
        text = self.income_edit.text().strip().replace(",", "").replace("元", "")
        if not text:
            return None
        try:
            return Decimal(text)
        except InvalidOperation:
            return None

    def collect(self) -> EmploymentSpell:
        if self.end_only:
            return replace(self._base, end_date=self.end_edit.date())
        abroad = self.abroad_check.isChecked()
        return replace(
            self._base, form=self.form_combo.value(), abroad=abroad,
            work_county_code=None if abroad else self.county_picker.value(),
            work_place=self.place_edit.text().strip() or None, employer=self.employer_edit.text().strip() or None,
            industry=self.industry_combo.value(), channel=self.channel_combo.value(),
            point_to_point=self.p2p_combo.value(), monthly_income=self._income(),
            start_date=self.start_edit.date() or self._base.start_date, end_date=self.end_edit.date(),
            contract=self.contract_combo.value(), verify_method=self.verify_combo.value(),
            note=self.note_edit.text().strip() or None)

    def check(self, spell: EmploymentSpell) -> list[Issue]:
        issues = validate_spell(spell, self.person, self.household, self.regions, self.today, self.others)
        extra: list[Issue] = []
        if not self.end_only:
            if not self.county_picker.isEnabled() or self.county_picker.value() is not None:
                pass
            elif self.county_picker.text().strip():
                issues = [i for i in issues if i.field != "work_county_code"]
                extra.append(Issue(Severity.ERROR, "work_county_code", "form.county",
                                   "务工所在县：请从列表中选到县级（如“江苏省苏州市昆山市”）"))
            if self.income_edit.text().strip() and self._income() is None:
                extra.append(Issue(Severity.ERROR, "monthly_income", "form.number",
                                   "务工月收入：请填写数字（元），如 3500"))
            if self.start_edit.problem() or not self.start_edit.text().strip():
                extra.append(Issue(Severity.ERROR, "start_date", "form.required",
                                   f"开始日期：{self.start_edit.problem() or '未填写'}"))
        if self.end_edit.problem():
            extra.append(Issue(Severity.ERROR, "end_date", "form.date", f"结束日期：{self.end_edit.problem()}"))
        elif self.end_only and self.end_edit.date() is None:
            extra.append(Issue(Severity.ERROR, "end_date", "form.required", "结束日期：请填写结束日期"))
        if self.end_only:  # only the end date can change here: other problems are not this dialog's
            issues = [i for i in issues if i.field == "end_date"]
        return issues + extra

    def write(self, spell: EmploymentSpell) -> None:
        self.runner.run(self.ledger.save, spell, on_done=lambda _c: self._written(spell.id),
                        on_error=self.write_failed)

    def _written(self, spell_id: str) -> None:
        self.events.changed.emit("employment", [spell_id])
        self.write_done(spell_id)
