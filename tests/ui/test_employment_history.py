"""Employment history: add, end, correct and delete a spell; the county is required unless abroad."""
from datetime import date
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox

from desktop.domain.codes import Channel, Education, EmploymentForm, Industry, Relation, Severity, Sex
from desktop.domain.idnumber import make_id_number
from desktop.domain.models import EmploymentSpell, Household, Person
from desktop.domain.regions import default_regions
from desktop.ui.employment_history import EmploymentHistory
from desktop.ui.events import LedgerEvents
from desktop.ui.messages import Messages
from desktop.ui.runner import InlineRunner

# The offscreen platform cannot resize native windows, raise popups (the county completer) or grab the
# keyboard, and says so for every shown window or popup; these are limits of the test platform, not faults.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support (propagateSizeHints|raise|grabbing)")

TODAY = date(2026, 11, 27)
KUNSHAN = "320583000000"


def type_text(widget, text):
    for ch in text:
        QTest.sendKeyEvent(QTest.KeyAction.Click, widget, Qt.Key.Key_unknown, ch, Qt.KeyboardModifier.NoModifier)


@pytest.fixture
def person(ledger):
    household = Household(village_code="610328100001", phone="13912345678")
    worker = Person(household_id=household.id, name="张三", id_number=make_id_number("610328", date(1985, 7, 15), 3),
                    sex=Sex.MALE, birth_date=date(1985, 7, 15), relation=Relation.HEAD,
                    education=Education.JUNIOR)
    ledger.save_all([household, worker])
    return worker


@pytest.fixture
def events():
    return LedgerEvents()


@pytest.fixture
def history(qtbot, ledger, person, events):
    widget = EmploymentHistory(ledger, InlineRunner(), Messages(), events, default_regions(), today=TODAY)
    qtbot.addWidget(widget)
    widget.set_person(person.id)
    widget.show()
    return widget


def saved_spell(person_id, **changes):
    values = dict(person_id=person_id, form=EmploymentForm.MIGRANT, start_date=date(2026, 3, 1),
                  work_county_code=KUNSHAN, employer="昆山某电子厂", industry=Industry.C, channel=Channel.SELF,
                  point_to_point=False, monthly_income=Decimal(4500))
    values.update(changes)
    return EmploymentSpell(**values)


def test_add_spell_with_county_picked_by_name(history, ledger, person, events, qtbot):
    history.add_button.click()
    dialog = history.dialog
    type_text(dialog.county_picker, "昆山")
    assert dialog.county_picker.value() == KUNSHAN
    type_text(dialog.employer_edit, "昆山某电子厂")
    dialog.industry_combo.setValue(Industry.C)
    dialog.channel_combo.setValue(Channel.SELF)
    dialog.p2p_combo.setValue(False)
    QTest.keyClicks(dialog.income_edit, "4500")
    dialog.start_edit.setText("2026-03-01")
    with qtbot.waitSignal(events.changed):
        QTest.keyClick(dialog.employer_edit, Qt.Key.Key_Return)
    (spell,) = ledger.spells(person.id)
    assert (spell.work_county_code, spell.employer, spell.monthly_income, spell.start_date, spell.end_date) == (
        KUNSHAN, "昆山某电子厂", Decimal(4500), date(2026, 3, 1), None)
    assert history.model.rowCount() == 1
    assert history.model.index(0, 1).data() == "江苏省苏州市昆山市"
    assert history.model.index(0, 2).data() == "省外务工"


def test_spell_without_county_is_refused(history, ledger, person):
    history.add_button.click()
    dialog = history.dialog
    type_text(dialog.employer_edit, "某厂")
    dialog.save_button.click()
    label = dialog.error_label("work_county_code")
    assert label.severity is Severity.ERROR and "县级" in label.text()
    assert ledger.spells(person.id) == [] and dialog.isVisible()


def test_text_that_is_no_county_is_refused(history, ledger, person):
    history.add_button.click()
    dialog = history.dialog
    type_text(dialog.county_picker, "苏州")  # a city: several counties match, none chosen
    dialog.save_button.click()
    assert dialog.error_label("work_county_code").severity is Severity.ERROR
    assert ledger.spells(person.id) == []


def test_abroad_needs_no_county(history, ledger, person):
    history.add_button.click()
    dialog = history.dialog
    dialog.abroad_check.setChecked(True)
    type_text(dialog.place_edit, "新加坡")
    type_text(dialog.employer_edit, "某建筑公司")
    dialog.industry_combo.setValue(Industry.E)
    dialog.channel_combo.setValue(Channel.ORGANISED)
    dialog.p2p_combo.setValue(True)
    QTest.keyClicks(dialog.income_edit, "9000")
    dialog.save_button.click()
    (spell,) = ledger.spells(person.id)
    assert (spell.abroad, spell.work_county_code, spell.work_place) == (True, None, "新加坡")


def test_end_spell_defaults_to_today(history, ledger, person):
    ledger.save(saved_spell(person.id))
    history.reload()
    history.table.selectRow(0)
    history.end_button.click()
    dialog = history.dialog
    assert dialog.end_edit.date() == TODAY
    dialog.save_button.click()
    assert ledger.spells(person.id)[0].end_date == TODAY
    assert not history.end_button.isEnabled()  # an ended spell cannot be ended again


def test_end_before_start_is_refused(history, ledger, person):
    ledger.save(saved_spell(person.id))
    history.reload()
    history.end_button.click()
    dialog = history.dialog
    dialog.end_edit.setText("2026-01-01")
    dialog.save_button.click()
    assert dialog.error_label("end_date").severity is Severity.ERROR
    assert ledger.spells(person.id)[0].end_date is None


def test_correct_spell_and_income_warning_needs_confirmation(history, ledger, person):
    ledger.save(saved_spell(person.id))
    history.reload()
    history.correct_button.click()
    dialog = history.dialog
    dialog.income_edit.setText("300")
    assert dialog.error_label("monthly_income").severity is Severity.WARNING
    dialog.save_button.click()
    assert ledger.spells(person.id)[0].monthly_income == Decimal(4500)
    dialog.question.button(QMessageBox.StandardButton.Yes).click()
    assert ledger.spells(person.id)[0].monthly_income == Decimal(300)


def test_income_that_is_not_a_number_is_refused(history, ledger, person):
    history.add_button.click()
    dialog = history.dialog
    type_text(dialog.income_edit, "四千")
    assert dialog.error_label("monthly_income").severity is Severity.ERROR


def test_delete_spell_is_announced_for_undo(history, ledger, person, events, qtbot):
    spell = saved_spell(person.id)
    ledger.save(spell)
    history.reload()
    history.delete_button.click()
    with qtbot.waitSignal(events.deleted) as deleted:
        history.question.button(QMessageBox.StandardButton.Yes).click()
    assert ledger.spells(person.id) == [] and history.model.rowCount() == 0
    ledger.restore(deleted.args[0])
    events.reloaded.emit()
    assert [s.id for s in ledger.spells(person.id)] == [spell.id]
    assert history.model.rowCount() == 1


def test_tab_goes_through_the_spell_dialog_in_reading_order(history):
    history.add_button.click()
    dialog = history.dialog
    dialog.form_combo.setFocus()
    seen = [dialog.form_combo]
    for _ in range(13):
        seen.append(seen[-1].nextInFocusChain())
        while not seen[-1].focusPolicy() & Qt.FocusPolicy.TabFocus or not seen[-1].isVisibleTo(dialog):
            seen[-1] = seen[-1].nextInFocusChain()
    assert seen == [dialog.form_combo, dialog.abroad_check, dialog.county_picker, dialog.place_edit,
                    dialog.employer_edit, dialog.industry_combo, dialog.channel_combo, dialog.p2p_combo,
                    dialog.income_edit, dialog.start_edit, dialog.end_edit, dialog.contract_combo,
                    dialog.verify_combo, dialog.note_edit]


def test_end_job_with_enter_and_esc(history, ledger, person):
    ledger.save(saved_spell(person.id))
    history.reload()
    history.end_button.click()
    QTest.keyClick(history.dialog.end_edit, Qt.Key.Key_Escape)
    assert history.dialog is None and ledger.spells(person.id)[0].end_date is None
    history.end_button.click()
    QTest.keyClicks(history.dialog.end_edit, "2026-10-31")  # replaces the selected default
    QTest.keyClick(history.dialog.end_edit, Qt.Key.Key_Return)
    assert ledger.spells(person.id)[0].end_date == date(2026, 10, 31)
