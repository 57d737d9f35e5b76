"""The main window: Chinese by default, search as you type (typed Chinese, pinyin), filters, delete and
undo, the zero-employment view, opening a household. Real background runner; tests wait, never sleep."""
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop.domain.codes import LabourSkill, Relation
from desktop.domain.idnumber import make_id_number
from desktop.domain.models import Person
from desktop.store.queries import EmploymentFilter, HouseholdKind

# The offscreen platform cannot resize native windows, raise popups or grab the keyboard, and says so for
# every shown window or popup; these are limits of the test platform, not faults.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support (propagateSizeHints|raise|grabbing)")


def type_text(widget, text):
    for ch in text:
        QTest.sendKeyEvent(QTest.KeyAction.Click, widget, Qt.Key.Key_unknown, ch, Qt.KeyboardModifier.NoModifier)


def names(window):
    model = window.person_model
    return [model.row_record(row).name for row in range(model.rowCount())]


def settle(qtbot, window):
    qtbot.waitUntil(lambda: not window.search_timer.isActive() and not window.persons.busy
                    and not window.households.busy)


def test_window_shows_chinese_labels_by_default(zh, sample, make_window):
    window = make_window()
    menus = [a.text() for a in window.menuBar().actions()]
    assert menus == ["文件(&F)", "编辑(&E)", "视图(&V)", "帮助(&H)"]
    assert window.windowTitle() == "村级就业帮扶台账"
    assert window.tabs.tabText(0) == "户(&H)" and window.tabs.tabText(1) == "人员(&P)"
    headers = [window.person_model.headerData(c, Qt.Orientation.Horizontal) for c in range(3)]
    assert headers == ["姓名", "性别", "年龄"]
    assert window.count_label.text() == "台账共 3 户，4 人"
    assert window.undo_action.text() == "撤销删除(&U)"


def test_english_when_asked(qapp, sample, make_window):
    from desktop.ui.translations import install_translations
    assert install_translations(qapp, "en") == []
    window = make_window()
    assert window.windowTitle() == "Village employment ledger"
    assert window.person_model.headerData(0, Qt.Orientation.Horizontal) == "Name"


def test_lists_show_households_and_persons_with_current_job(sample, make_window):
    window = make_window()
    assert window.household_model.rowCount() == 3 and window.person_model.rowCount() == 4
    zhang = window.person_model.row_record(0)
    assert zhang.name == "张三" and zhang.job_form == "外出务工" and zhang.job_place == "省外"
    row = [window.person_model.data(window.person_model.index(0, c)) for c in range(10)]
    assert row[:3] == ["张三", "男", "46"] and row[6] == "外出务工·省外"
    assert row[8] == "西关社区"
    village_tip = window.person_model.data(window.person_model.index(0, 8), Qt.ItemDataRole.ToolTipRole)
    assert village_tip == "陕西省宝鸡市千阳县城关镇西关社区"


def test_typing_chinese_filters_the_person_list(sample, make_window, qtbot):
    window = make_window(tab=1)
    window.focus_search()
    type_text(window.search_edit, "李")
    settle(qtbot, window)
    qtbot.waitUntil(lambda: names(window) == ["李四"])
    assert window.count_label.text().endswith("shown: 1 persons")
    window.tabs.setCurrentIndex(0)  # the household list catches up when shown
    settle(qtbot, window)
    assert window.household_model.rowCount() == 1
    assert window.household_model.row_record(0).head_name == "李四"


def test_pinyin_of_every_surname_reading_finds_the_person(sample, make_window, qtbot):
    window = make_window(tab=1)
    qtbot.keyClicks(window.search_edit, "cm")  # 曾梅: ceng mei as well as zeng mei
    settle(qtbot, window)
    assert names(window) == ["曾梅"]
    window.search_edit.clear()
    qtbot.keyClicks(window.search_edit, "zengm")
    settle(qtbot, window)
    assert names(window) == ["曾梅"]


def test_id_fragment_and_phone_find_the_person(sample, make_window, qtbot):
    window = make_window(tab=1)
    qtbot.keyClicks(window.search_edit, sample["li_si"].id_number[-8:])
    settle(qtbot, window)
    assert names(window) == ["李四"]
    window.search_edit.clear()
    qtbot.keyClicks(window.search_edit, "3912345")
    settle(qtbot, window)
    assert names(window) == ["张三"]


def test_a_later_search_wins_over_an_earlier_one(sample, make_window, qtbot):
    window = make_window(tab=1)
    window.persons.set_search("张")
    window.persons.set_search("王")
    qtbot.waitUntil(lambda: not window.persons.busy)
    assert names(window) == ["王五"]


def test_no_match_shows_a_hint_instead_of_an_empty_table(zh, sample, make_window, qtbot):
    window = make_window(tab=1)
    type_text(window.search_edit, "赵")
    settle(qtbot, window)
    assert window.person_model.rowCount() == 0
    assert window.person_stack.currentIndex() == 1
    assert "没有符合" in window.person_empty.text()


def test_filters_select_village_type_labour_employment_and_zero(sample, make_window, qtbot):
    window = make_window(tab=1)
    panel = window.filters
    qtbot.waitUntil(lambda: panel.village_combo.count() == 3)

    def choose(combo, value):
        combo.setCurrentIndex(combo.findData(value))
        settle(qtbot, window)

    choose(panel.village_combo, sample["wang"].village_code)
    assert names(window) == ["王五"]
    choose(panel.village_combo, None)
    choose(panel.kind_combo, HouseholdKind.MONITORED)
    assert names(window) == ["李四"]
    choose(panel.kind_combo, None)
    choose(panel.labour_combo, LabourSkill.WEAK)
    assert names(window) == ["曾梅"]
    choose(panel.labour_combo, None)
    choose(panel.employment_combo, EmploymentFilter.EMPLOYED)
    assert names(window) == ["张三"]
    choose(panel.employment_combo, None)
    panel.zero_check.setChecked(True)
    settle(qtbot, window)
    assert names(window) == ["李四"]
    panel.clear_button.click()
    settle(qtbot, window)
    assert len(names(window)) == 4


def test_sorting_by_a_column_header(sample, make_window, qtbot):
    window = make_window(tab=1)
    header = window.person_table.horizontalHeader()
    header.setSortIndicator(2, Qt.SortOrder.DescendingOrder)  # 年龄, oldest first
    settle(qtbot, window)
    assert names(window) == ["王五", "李四", "张三", "曾梅"]


def test_delete_asks_then_undo_restores(sample, make_window, qtbot, ledger):
    window = make_window(tab=1)
    window.tabs.setCurrentIndex(1)
    window.person_table.setFocus()
    window.person_table.selectRow(names(window).index("李四"))
    window.delete_action.trigger()
    question = window.dialog
    assert isinstance(question, QMessageBox) and "李四" in question.text()
    question.button(QMessageBox.StandardButton.Yes).click()
    qtbot.waitUntil(lambda: "李四" not in names(window) and window.undo_action.isEnabled())
    assert ledger.count(type(sample["li_si"])) == 3

    window.undo_action.trigger()
    qtbot.waitUntil(lambda: "李四" in names(window))
    assert ledger.person(sample["li_si"].id).name == "李四"
    assert not window.undo_action.isEnabled()


def test_answering_no_deletes_nothing(sample, make_window, qtbot):
    window = make_window()
    window.household_table.selectRow(0)
    window.tabs.setCurrentIndex(0)
    window.delete_action.trigger()
    window.dialog.button(QMessageBox.StandardButton.No).click()
    settle(qtbot, window)
    assert window.household_model.rowCount() == 3 and not window.undo_action.isEnabled()


def test_zero_employment_view_counts_the_overdue_household(zh, sample, make_window):
    window = make_window()
    view = window.zero_view
    assert window.zero_scan.count == 1 and window.zero_scan.overdue_count == 1
    assert view.count_label.text() == "零就业家庭：1 户"
    assert view.overdue_label.text() == "其中超期未清零：1 户"
    model = view.model
    row = [model.data(model.index(0, c)) for c in range(8)]
    assert row[0] == "6103281000010002" and row[4] == "2026-03-11" and row[5] == "2026-03-31"
    assert row[6] == "超期 241 天" and row[7] == "李四"
    assert model.data(model.index(0, 6), Qt.ItemDataRole.ForegroundRole).name() == "#c62828"
    assert window.tabs.tabText(2) == "零就业家庭 1 户(&Z)"


def test_enter_on_a_person_opens_their_household(sample, make_window, qtbot):
    window = make_window(tab=1)
    window.tabs.setCurrentIndex(1)
    window.person_table.setFocus()
    window.person_table.selectRow(names(window).index("李四"))
    QTest.keyClick(window.person_table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.household_window is not None and window.household_window.isVisible())
    assert window.household_window.page.household_id == sample["li"].id


def test_ctrl_f_focuses_the_search_box(sample, make_window, qtbot):
    window = make_window()
    window.household_table.setFocus()
    window.search_action.trigger()
    assert QApplication.focusWidget() is window.search_edit or window.search_edit.hasFocus()


def test_an_empty_ledger_says_how_to_start(zh, ledger, make_window):
    window = make_window()
    assert window.household_stack.currentIndex() == 1
    assert "导入Excel" in window.household_empty.text()


def test_a_new_person_elsewhere_appears_in_the_list(sample, make_window, qtbot, ledger):
    window = make_window(tab=1)
    newborn = Person(household_id=sample["zhang"].id, name="张小", relation=Relation.SON,
                     birth_date=date(2020, 1, 1), id_number=make_id_number("610328", date(2020, 1, 1), 7),
                     labour_skill=LabourSkill.NONE)
    ledger.save(newborn)
    window.events.changed.emit("person", [newborn.id])
    qtbot.waitUntil(lambda: "张小" in names(window))
    # the totals come from their own background task, which may finish after the list
    qtbot.waitUntil(lambda: window.count_label.text().endswith("5 persons"))


# ---------------------------------------------------------------------------------------------- start-up
@pytest.fixture
def app_state(qapp, monkeypatch):
    """run_gui changes process-wide things (font, translators, excepthook): put them back afterwards."""
    import sys
    from desktop.ui.translations import remove_translations
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    font = qapp.font()
    yield qapp
    remove_translations(qapp, getattr(qapp, "_translators", []))
    qapp._translators = []
    qapp.setFont(font)
    collector = getattr(qapp, "_collector", None)      # the program's GUI-thread garbage collection
    if collector is not None:
        collector.stop()
        del qapp._collector


def answer_modal_later(qapp, seen: list, button=QMessageBox.StandardButton.Ok):
    """Poll the event loop (no sleeping) for the modal message box and answer it."""
    from PySide6.QtCore import QTimer
    timer = QTimer(qapp)

    def check():
        box = qapp.activeModalWidget()
        if isinstance(box, QMessageBox):
            seen.append(box.text())
            timer.stop()
            box.button(button).click()

    timer.timeout.connect(check)
    timer.start(10)
    return timer


@pytest.mark.parametrize("damage, expected", [
    (lambda path: path.write_bytes(b"this is not a ledger" * 100), "已损坏"),
    (lambda path: __import__("sqlite3").connect(path).execute("PRAGMA user_version = 99"), "更新版本"),
])
def test_a_ledger_that_cannot_be_opened_is_explained_and_the_program_ends(app_state, tmp_path, damage, expected):
    from types import SimpleNamespace
    from desktop.ui.app import run_gui
    damage(tmp_path / "ledger.sqlite")
    seen = []
    timer = answer_modal_later(app_state, seen)
    assert run_gui(SimpleNamespace(data_dir=tmp_path, lang=None)) == 1
    timer.stop()
    assert len(seen) == 1 and expected in seen[0] and "Traceback" not in seen[0]


def test_a_bug_reaching_the_event_loop_gets_a_calm_dialog(app_state, qtbot, caplog):
    import sys
    from desktop.ui.app import install_excepthook
    from desktop.ui.messages import Messages
    from PySide6.QtWidgets import QWidget
    from desktop.ui.translations import install_translations
    app_state._translators = install_translations(app_state, None)
    parent = QWidget()
    qtbot.addWidget(parent)
    install_excepthook(Messages(parent, "/tmp/village-ledger.log"))
    try:
        raise KeyError("internal detail")
    except KeyError as exc:
        sys.excepthook(type(exc), exc, exc.__traceback__)
    box = parent.findChild(QMessageBox)
    assert box.windowTitle() == "程序出错" and "village-ledger.log" in box.text()
    assert "internal detail" not in box.text() and "KeyError" not in box.text()
    box.close()
    assert "uncaught exception" in caplog.text


def test_a_new_job_clears_the_household_from_the_zero_view_without_a_full_rescan(sample, make_window, qtbot,
                                                                                   ledger):
    from desktop.domain.codes import EmploymentForm
    from desktop.domain.models import EmploymentSpell
    window = make_window()
    full_scans = []
    window.zero_tracker.started.connect(lambda: full_scans.append(1))
    job = EmploymentSpell(person_id=sample["li_si"].id, form=EmploymentForm.PUBLIC_POST, start_date=date(2026, 11, 1))
    ledger.save(job)
    window.events.changed.emit("employment", [job.id])
    qtbot.waitUntil(lambda: window.zero_scan.count == 0)
    assert window.zero_view.count_label.text().endswith("0") and full_scans == []


def test_deleting_the_zero_household_updates_the_counts(sample, make_window, qtbot):
    window = make_window()
    window.tabs.setCurrentIndex(2)
    window.zero_view.table.selectRow(0)
    window.delete_action.trigger()  # the menu command works on the zero-employment list too
    assert "李四 户及其全部家庭成员" in window.dialog.text() or "李四" in window.dialog.text()
    window.dialog.button(QMessageBox.StandardButton.Yes).click()
    qtbot.waitUntil(lambda: window.zero_scan.count == 0 and window.totals.households == 2)
    window.undo_action.trigger()
    qtbot.waitUntil(lambda: window.zero_scan.count == 1 and window.zero_scan.overdue_count == 1)
