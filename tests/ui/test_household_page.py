"""The household page and household form: facts, zero-employment deadline, members, undoable deletes."""
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox

from desktop.domain.codes import (
    Education, EmploymentForm, HouseholdType, PovertyAttribute, Relation, Severity, Sex,
)
from desktop.domain.idnumber import make_id_number
from desktop.domain.models import EmploymentSpell, Household, Person
from desktop.domain.regions import default_regions
from desktop.ui.events import LedgerEvents
from desktop.ui.household_form import HouseholdForm
from desktop.ui.household_page import HouseholdPage
from desktop.ui.messages import Messages
from desktop.ui.person_form import PersonForm
from desktop.ui.runner import InlineRunner
from desktop.ui.widgets.field_error import ERROR_COLOR

# The offscreen platform cannot resize native windows, raise popups or grab the keyboard, and says so for
# every shown window or popup; these are limits of the test platform, not faults.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support (propagateSizeHints|raise|grabbing)")

TODAY = date(2026, 11, 27)
VILLAGE = "610328100001"


def type_text(widget, text):
    for ch in text:
        QTest.sendKeyEvent(QTest.KeyAction.Click, widget, Qt.Key.Key_unknown, ch, Qt.KeyboardModifier.NoModifier)


def member(household, name, relation, year, order):
    birth = date(year, 3, 1)
    return Person(household_id=household.id, name=name, id_number=make_id_number("610328", birth, order),
                  sex=Sex.MALE if order % 2 else Sex.FEMALE, birth_date=birth, relation=relation,
                  education=Education.JUNIOR)


@pytest.fixture
def household(ledger):
    h = Household(village_code=VILLAGE, phone="13912345678", hh_no="6103281001010001",
                  poverty_attr=PovertyAttribute.GENERAL)
    head = member(h, "张三", Relation.HEAD, 1975, 1)
    wife = member(h, "李梅", Relation.SPOUSE, 1978, 2)
    ledger.save_all([h, head, wife])
    return h


@pytest.fixture
def events():
    return LedgerEvents()


@pytest.fixture
def page(qtbot, ledger, household, events):
    widget = HouseholdPage(ledger, InlineRunner(), Messages(), events, default_regions(), today=TODAY)
    qtbot.addWidget(widget)
    widget.show_household(household.id)
    widget.show()
    return widget


def test_header_shows_village_head_and_members(page):
    assert "陕西省宝鸡市千阳县城关镇" in page.header.text()
    assert "张三" in page.header.text()
    assert [page.members_model.index(r, 0).data() for r in range(page.members_model.rowCount())] == ["张三", "李梅"]


def test_zero_employment_household_past_its_deadline_is_red(ledger, household, page):
    (head, wife) = ledger.members(household.id)
    ledger.save(EmploymentSpell(person_id=head.id, form=EmploymentForm.LOCAL, start_date=date(2026, 1, 5),
                                end_date=date(2026, 5, 31), work_county_code="610328000000"))
    page.reload()
    assert page.data.zero.is_zero and page.data.zero.deadline == date(2026, 6, 30)
    assert "2026-06-30" in page.zero_label.text()
    assert ERROR_COLOR in page.zero_label.styleSheet()


def test_selecting_a_member_shows_their_history(ledger, household, page):
    (head, wife) = ledger.members(household.id)
    ledger.save(EmploymentSpell(person_id=wife.id, form=EmploymentForm.PUBLIC_POST, start_date=date(2026, 2, 1),
                                work_county_code="610328000000", employer="村保洁"))
    page.reload()
    page.select_member(wife.id)
    assert page.history.data.person.id == wife.id
    assert page.history.model.index(0, 3).data() == "村保洁"


def test_delete_member_is_announced_and_restore_brings_it_back(ledger, household, page, events, qtbot):
    (head, wife) = ledger.members(household.id)
    page.select_member(wife.id)
    page.delete_button.click()
    with qtbot.waitSignal(events.deleted) as deleted:
        page.question.button(QMessageBox.StandardButton.Yes).click()
    deletion, description = deleted.args
    assert "李梅" in description
    assert [m.name for m in ledger.members(household.id)] == ["张三"]
    assert page.members_model.rowCount() == 1
    ledger.restore(deletion)
    events.reloaded.emit()
    assert [m.name for m in ledger.members(household.id)] == ["张三", "李梅"]
    assert page.members_model.rowCount() == 2


def test_keep_answer_deletes_nothing(ledger, household, page):
    page.delete_button.click()
    page.question.button(QMessageBox.StandardButton.No).click()
    assert len(ledger.members(household.id)) == 2


def test_add_member_through_the_page(ledger, household, page):
    page.add_button.click()
    form = page.dialog
    assert isinstance(form, PersonForm)
    type_text(form.name_edit, "张小明")
    QTest.keyClicks(form.id_edit, make_id_number("610328", date(2001, 6, 1), 5))
    form.relation_combo.setValue(Relation.SON)
    form.education_combo.setValue(Education.SENIOR)
    form.save_button.click()
    assert "张小明" in [m.name for m in ledger.members(household.id)]
    assert page.selected_member().name == "张小明"


def test_delete_household_cascades_and_can_be_restored(ledger, household, page, events, qtbot):
    page.delete_household_button.click()
    with qtbot.waitSignal(events.deleted) as deleted, qtbot.waitSignal(page.household_deleted):
        page.question.button(QMessageBox.StandardButton.Yes).click()
    assert ledger.members(household.id) == []
    assert page.data.household is None
    ledger.restore(deleted.args[0])
    events.reloaded.emit()
    assert len(ledger.members(household.id)) == 2


# ------------------------------------------------------------------------------ household form
@pytest.fixture
def make_household_form(qtbot, ledger, events):
    def make(household_id=None):
        form = HouseholdForm(ledger, InlineRunner(), Messages(), events, default_regions(), household_id,
                             today=TODAY)
        qtbot.addWidget(form)
        form.show()
        return form
    return make


def test_new_household_needs_a_village(make_household_form, ledger):
    form = make_household_form()
    QTest.keyClicks(form.phone_edit, "13912345678")
    form.save_button.click()
    assert form.error_label("village_code").severity is Severity.ERROR
    assert ledger.count(Household) == 0


def test_new_household_with_village_found_by_name(make_household_form, ledger, events, qtbot):
    form = make_household_form()
    type_text(form.village_picker.search, "千阳县 城关镇 西关社区")
    QTest.keyClick(form.village_picker.search, Qt.Key.Key_Return)
    assert form.village_picker.value() == VILLAGE
    assert not form.error_label("phone").isVisible()  # Enter picked the village, it did not try to save
    QTest.keyClicks(form.phone_edit, "139 1234 5678")
    form.attr_combo.setValue(PovertyAttribute.DIBAO)
    with qtbot.waitSignal(events.changed):
        form.save_button.click()
    (saved,) = [ledger.household(i) for (i,) in ledger.conn.execute("SELECT id FROM household")]
    assert (saved.village_code, saved.phone, saved.hh_type, saved.poverty_attr) == (
        VILLAGE, "13912345678", HouseholdType.LIFTED, PovertyAttribute.DIBAO)


def test_bad_phone_is_an_error_next_to_the_field(make_household_form, household, ledger):
    form = make_household_form(household.id)
    form.phone_edit.setText("1391234")
    assert form.error_label("phone").severity is Severity.ERROR
    form.save_button.click()
    assert ledger.household(household.id).phone == "13912345678"


def test_zero_employment_since_registration_when_nobody_ever_worked(ledger, household, page):
    # Nobody in the household has a job record: the household counts as zero-employment from the day it
    # entered the ledger (clamped to the reference day), like the zero-employment view says.
    assert page.data.zero.is_zero
    assert page.data.zero.since is not None and page.data.zero.deadline == date(2026, 12, 31)
    assert "2026-12-31" in page.zero_label.text()
