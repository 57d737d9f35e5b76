"""The first run on an empty ledger: the welcome offers to connect to the county server (the settings
dialog), to practise with demo data (marked as practice data that never goes to the county) or to start
alone; a demo ledger cannot log in and File → Clear demo data… turns it back into a real, empty ledger."""
from __future__ import annotations

from types import SimpleNamespace

import pytest

from desktop import sync_support as S

# a shown QMainWindow on the offscreen platform warns about size hints it cannot pass on
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
WAIT = 20_000


@pytest.fixture
def app_state(qapp, monkeypatch):
    """start_gui changes process-wide things (font, translators, excepthook): put them back afterwards."""
    import sys
    from desktop.ui.translations import remove_translations
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    # no OS keyring in tests: the token store is a 0600 file in the data folder
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    font = qapp.font()
    yield qapp
    remove_translations(qapp, getattr(qapp, "_translators", []))
    qapp._translators = []
    qapp.setFont(font)
    collector = getattr(qapp, "_collector", None)      # the program's GUI-thread garbage collection
    if collector is not None:
        collector.stop()
        del qapp._collector


@pytest.fixture
def first_start(app_state, tmp_path, qtbot, monkeypatch):
    from desktop.ui import app as app_module
    monkeypatch.setattr(app_module, "DEMO_HOUSEHOLDS", 4)   # keep the test short
    sessions = []

    def start():
        session = app_module.start_gui(SimpleNamespace(data_dir=tmp_path, lang=None))
        sessions.append(session)
        qtbot.addWidget(session.window)
        return session

    yield start
    for session in sessions:
        session.close()


def test_the_first_run_asks_whether_to_connect_to_the_county_or_practise(first_start, qtbot):
    session = first_start()
    window = session.window
    welcome = window.welcome
    assert welcome.isVisible() and welcome.windowTitle() == "欢迎使用"
    assert welcome.connect_button.text() == "连接县服务器"
    assert "不会上传到县里" in welcome.demo_button.description()
    qtbot.waitUntil(lambda: window.household_empty.text() != "", timeout=WAIT)
    assert window.household_empty.text().startswith("台账里还没有记录")
    assert "同步 → 同步设置" in window.household_empty.text()        # the empty list mentions logging in
    welcome.connect_button.click()
    settings = session.sync.ui.settings_dialog
    qtbot.waitUntil(lambda: settings.isVisible(), timeout=WAIT)
    assert settings.windowTitle() == "同步设置"
    assert not welcome.isVisible()
    assert not window.demo_mode.label.isVisible()


def test_practice_data_is_marked_cannot_log_in_and_can_be_cleared_from_the_window(first_start, qtbot):
    session = first_start()
    window = session.window
    window.welcome.demo_button.click()
    qtbot.waitUntil(lambda: window.totals is not None and window.totals.households == 4
                    and not window.households.busy, timeout=WAIT)
    assert window.household_model.rowCount() == 4
    assert window.demo_mode.label.isVisible() and "不会上传到县里" in window.demo_mode.label.text()
    assert window.demo_mode.action.isVisible() and window.demo_mode.action in window.file_menu.actions()

    settings = session.sync.ui.open_settings()                 # trying to log in anyway
    settings.server.setText("http://127.0.0.1:9")
    settings.username.setText("va")
    settings.password.setText("whatever")
    with qtbot.waitSignal(settings.login_failed, timeout=WAIT) as failed:
        settings.login_button.click()
    assert "演示" in failed.args[0] and "文件 → 清除演示数据" in failed.args[0] and "--data-dir" not in failed.args[0]
    settings.reject()

    window.demo_mode.action.trigger()
    question = window.demo_mode.question
    assert "包括您自己录入的" in question.text()
    from PySide6.QtWidgets import QMessageBox
    with qtbot.waitSignal(window.demo_mode.cleared, timeout=WAIT):
        question.button(QMessageBox.StandardButton.Yes).click()
    qtbot.waitUntil(lambda: window.totals.households == 0 and window.household_model.rowCount() == 0,
                    timeout=WAIT)
    assert not S.is_demo_ledger(session.ledger.path)
    assert not window.demo_mode.label.isVisible() and not window.demo_mode.action.isVisible()
    assert window.welcome.isVisible()                           # now: connect, or practise again
    assert session.ledger.pending_count() == 0                 # nothing invented is left to upload


def test_a_demo_ledger_says_so_at_the_next_start_and_no_login_dialog_opens(first_start, qtbot, tmp_path):
    from desktop.demo import generate
    from desktop.store.ledger import Ledger
    ledger = Ledger.open(tmp_path / "ledger.sqlite")
    try:
        generate(ledger, households=2, seed=1)
    finally:
        ledger.close()
    session = first_start()
    window = session.window
    assert window.demo_mode.label.isVisible()
    with qtbot.waitSignal(session.sync.ui.first_run_checked, timeout=WAIT, raising=False):
        pass
    assert session.sync.ui.settings_dialog is None
    assert getattr(window, "welcome", None) is None
