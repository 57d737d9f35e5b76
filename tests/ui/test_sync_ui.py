"""Sync in the window, against a real county-server process on 127.0.0.1: the status indicator (offline,
pending count, up to date), Sync Now, automatic sync after a local change, never two rounds at once,
township accounts read-only, the settings dialog's login, and the conflicts view resolving a conflict and
listing refused changes. The real background runner is used; tests wait on signals, never sleep."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
import requests
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from desktop import sync_support as S
from desktop.domain.codes import Relation
from desktop.domain.idnumber import make_id_number
from desktop.domain.models import Household, Person
from desktop.store.ledger import Ledger
from desktop.ui.events import LedgerEvents
from desktop.ui.runner import Runner
from desktop.ui.sync import ConflictsView, SettingsDialog, SyncController, SyncSnapshot, SyncStatusWidget
from desktop.ui.sync.status_widget import GREEN, GREY
from desktop.ui.translations import install_translations, remove_translations
from sync.client import FileTokenStore, SyncEngine
# tests/sync is the package `sync` for pytest (tests/ is on sys.path); its server_proc is the one helper that
# starts county servers for every test
from sync.server_proc import ServerProcess

PASSWORD = "village-pass-1"
TOWNSHIP, VILLAGE, OTHER_VILLAGE = "610302001000", "610302001001", "610302001002"
WAIT = 20_000       # ms; a round on loopback takes well under a second


def county_server(tmp: Path) -> ServerProcess:
    """`county-server init / add-account` on an SQLite file in `tmp`, then `serve` on a free port of
    127.0.0.1 (started; ready when /api/v1/hello answers)."""
    accounts = [("va", "village", VILLAGE), ("va2", "village", VILLAGE), ("vb", "village", OTHER_VILLAGE),
                ("tw", "township", TOWNSHIP)]
    return ServerProcess(f"sqlite:///{tmp / 'county.db'}").setup(accounts, PASSWORD).start()


@pytest.fixture(scope="module")
def county(tmp_path_factory):
    server = county_server(tmp_path_factory.mktemp("county"))
    yield server
    server.stop()


@pytest.fixture
def chinese(qapp):
    translators = install_translations(qapp, "zh_CN")
    yield
    remove_translations(qapp, translators)


class Laptop:
    """One village laptop: its ledger (the store), the window's runner and event hub, a controller."""

    def __init__(self, qtbot, path: Path, **controller_kw):
        self.path = path
        path.mkdir(parents=True, exist_ok=True)
        self.ledger = Ledger.open(path / "ledger.sqlite")
        self.runner = Runner()
        self.events = LedgerEvents()
        self.store = FileTokenStore(path / "token.json")
        kw = dict(debounce_ms=60_000, interval_ms=300_000)
        kw.update(controller_kw)
        self.controller = SyncController(self.ledger.path, self.runner, self.events, path,
                                         token_store=self.store, **kw)
        self.controller.start(first_sync_ms=300_000)     # as the window does; no round until logged in
        self.qtbot = qtbot

    def login(self, county, user="va", password=PASSWORD):
        """Log in through the controller (runner) and wait for the first round it starts."""
        with self.qtbot.waitSignal(self.controller.sync_finished, timeout=WAIT):
            self.controller.login(county.url, user, password, None)

    def save(self, *records):
        for record in records:
            self.ledger.save(record)
            self.events.changed.emit(type(record).__name__.lower(), [record.id])

    def sync_now(self):
        with self.qtbot.waitSignal(self.controller.sync_finished, timeout=WAIT) as blocker:
            self.controller.sync_now()
        return blocker.args[0]

    def close(self):
        self.controller.stop()
        self.runner.wait_idle()
        self.ledger.close()


@pytest.fixture
def laptops(qtbot, tmp_path):
    made = []

    def make(name="a", **kw):
        lap = Laptop(qtbot, tmp_path / name, **kw)
        made.append(lap)
        return lap

    yield make
    for lap in made:
        lap.close()


def household_with_head(name: str, serial: int, village=VILLAGE):
    household = Household(village_code=village)
    person = Person(household_id=household.id, name=name, relation=Relation.HEAD,
                    id_number=make_id_number("610302", date(1979, 3, serial % 28 + 1), serial))
    return household, person


# ------------------------------------------------------------------------------------------ status
def test_not_logged_in_the_indicator_invites_to_log_in(qtbot, laptops, chinese):
    lap = laptops()
    widget = SyncStatusWidget(lap.controller)
    qtbot.addWidget(widget)
    with qtbot.waitSignal(lap.controller.status_refreshed, timeout=WAIT):
        lap.controller.start()
    assert not lap.controller.state.configured
    assert widget.text() == "尚未设置同步 · 点这里登录县服务器"
    with qtbot.waitSignal(widget.settings_requested):
        qtbot.mouseClick(widget.label, Qt.MouseButton.LeftButton)


def test_pending_count_updates_after_a_local_save(qtbot, laptops, chinese):
    lap = laptops()
    widget = SyncStatusWidget(lap.controller)
    qtbot.addWidget(widget)
    household, person = household_with_head("吴待传", 21)
    with qtbot.waitSignal(lap.controller.pending_changed, timeout=WAIT,
                          check_params_cb=lambda n: n == 2):
        lap.save(household, person)
    assert lap.controller.state.pending == 2


def test_status_shows_offline_when_the_server_is_down(qtbot, laptops, chinese, tmp_path):
    server = county_server(tmp_path)
    lap = laptops()
    widget = SyncStatusWidget(lap.controller)
    qtbot.addWidget(widget)
    try:
        lap.login(server)
    finally:
        server.stop()
    lap.save(*household_with_head("郑离线", 22))
    with qtbot.waitSignal(lap.controller.sync_failed, timeout=WAIT) as failed:
        lap.controller.sync_now()
    assert "无法连接县服务器" in failed.args[0]
    state = lap.controller.state
    assert state.online is False and state.pending == 2
    assert widget.text().startswith("无法连接县服务器，数据已保存在本机，联网后会自动同步 · 待上传 2 条 · 上次同步：今天")
    assert widget.dot_color() == GREY
    # the next automatic try comes soon (backoff starts at 30 s), not after the 5-minute interval
    # (a coarse QTimer may fire up to 5% late)
    assert 0 < lap.controller.next_sync_in_ms() <= 30_000 * 1.05


def test_sync_now_against_a_live_server_empties_pending_and_reloads_the_lists(qtbot, laptops, chinese, county):
    lap = laptops()
    widget = SyncStatusWidget(lap.controller)
    qtbot.addWidget(widget)
    lap.login(county)
    lap.save(*household_with_head("冯同步", 23))
    assert lap.ledger.pending_count() == 2
    with qtbot.waitSignal(lap.events.reloaded, timeout=WAIT):
        report = lap.sync_now()
    assert report.pushed == 2 and not report.rejected
    assert lap.controller.state.pending == 0 and lap.controller.state.online is True
    assert lap.ledger.pending_count() == 0
    assert widget.text().startswith("已全部同步 · 上次同步：今天")
    assert widget.dot_color() == GREEN


def test_a_local_change_is_synced_automatically_after_a_short_pause(qtbot, laptops, county):
    lap = laptops(debounce_ms=50)
    lap.login(county)
    with qtbot.waitSignal(lap.controller.sync_finished, timeout=WAIT,
                          check_params_cb=lambda report: report.pushed == 2) as done:
        lap.save(*household_with_head("陈自动", 24))
    assert not done.args[0].rejected
    assert lap.ledger.pending_count() == 0


def test_never_two_rounds_at_once(qtbot, laptops, county):
    lap = laptops()
    lap.login(county)
    seen, finished = [], []
    lap.controller.syncing_changed.connect(seen.append)
    lap.controller.sync_finished.connect(finished.append)
    lap.controller.sync_now()
    lap.controller.sync_now()            # asked during the first round: runs right after it
    lap.controller.sync_now()            # ... and is not queued twice
    qtbot.waitUntil(lambda: len(finished) == 2 and not lap.controller.syncing, timeout=WAIT)
    assert seen == [True, False, True, False]


def test_a_revoked_login_asks_to_log_in_again_and_stops_automatic_rounds(qtbot, laptops, chinese, county):
    lap = laptops()
    widget = SyncStatusWidget(lap.controller)
    qtbot.addWidget(widget)
    lap.login(county)
    token = lap.store.get(county.url, "va")
    # the county revokes this laptop's token (as logging out elsewhere with it would)
    revoked = requests.post(county.url + "/api/v1/logout", json={}, timeout=5,
                            headers={"Authorization": f"Bearer {token}", "X-Protocol-Version": "1"})
    assert revoked.status_code < 300
    with qtbot.waitSignal(lap.controller.login_required, timeout=WAIT), \
            qtbot.waitSignal(lap.controller.sync_failed, timeout=WAIT) as failed:
        lap.controller.sync_now()
    assert "重新登录" in failed.args[0]
    assert lap.controller.state.needs_login
    assert widget.text().startswith("登录已失效：点这里重新登录")
    assert lap.controller.next_sync_in_ms() == -1


def test_a_township_account_is_read_only_with_the_reason(qtbot, laptops, chinese, county):
    lap = laptops()
    with qtbot.waitSignal(lap.controller.read_only_changed, timeout=WAIT) as changed:
        lap.controller.login(county.url, "tw", PASSWORD, None)
    assert changed.args == [True, "乡镇账号只能查看各村台账，不能修改"]
    assert lap.controller.read_only is True
    assert lap.controller.read_only_reason == "乡镇账号只能查看各村台账，不能修改"


def test_the_last_sync_reads_as_today_or_yesterday(qtbot, laptops, chinese):
    lap = laptops()
    now = datetime(2026, 11, 27, 10, 32).astimezone()
    widget = SyncStatusWidget(lap.controller, now=lambda: now)
    qtbot.addWidget(widget)
    assert widget.describe_last_sync(now.astimezone(timezone.utc)) == "上次同步：今天 10:32"
    assert widget.describe_last_sync(now - timedelta(days=1)) == "上次同步：昨天 10:32"
    assert widget.describe_last_sync(now - timedelta(days=3)) == "上次同步：11月24日 10:32"
    assert widget.describe_last_sync(None) == "从未同步"


def test_a_long_round_shows_a_progress_bar_and_counts(qtbot, laptops, chinese):
    lap = laptops()
    widget = SyncStatusWidget(lap.controller)
    qtbot.addWidget(widget)
    widget.show_state(SyncSnapshot(configured=True, online=True, syncing=True, pushed=120, pulled=3000))
    assert widget.bar.isHidden()                      # short rounds do not flicker a bar
    assert widget.text().startswith("正在同步…已上传 120 条，已下载 3000 条")
    qtbot.waitUntil(lambda: not widget.bar.isHidden(), timeout=5000)
    widget.show_state(SyncSnapshot(configured=True, online=True, last_sync=datetime.now(timezone.utc)))
    assert widget.bar.isHidden()


# ------------------------------------------------------------------------------------------ settings
def test_settings_dialog_logs_in_and_shows_the_region(qtbot, laptops, chinese, county):
    lap = laptops()
    dialog = SettingsDialog(lap.controller)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.loaded, timeout=WAIT):
        pass
    dialog.server.setText(county.url.removeprefix("http://"))   # typed without http://
    dialog.username.setText("va")
    dialog.password.setText("wrong-password")
    with qtbot.waitSignal(dialog.login_failed, timeout=WAIT):
        dialog.login_button.click()
    assert "用户名或密码错误" in dialog.result.text()
    dialog.password.setText(PASSWORD)
    with qtbot.waitSignal(dialog.logged_in, timeout=WAIT), \
            qtbot.waitSignal(lap.controller.sync_finished, timeout=WAIT):
        dialog.login_button.click()
    assert "陕西省宝鸡市渭滨区金陵街道新建路东段社区" in dialog.result.text()
    assert "村级账号" in dialog.result.text()
    assert dialog.password.text() == ""
    assert lap.controller.state.configured and lap.controller.state.online

    widget = SyncStatusWidget(lap.controller)
    qtbot.addWidget(widget)
    with qtbot.waitSignal(dialog.logged_out, timeout=WAIT):
        dialog.logout_button.click()
    assert "已退出登录" in dialog.result.text()
    assert widget.text() == "已退出登录 · 点这里登录县服务器"
    assert lap.store.get(county.url, "va") is None
    assert lap.controller.next_sync_in_ms() == -1             # no automatic round until a new login


def test_settings_dialog_refuses_a_missing_certificate_file(qtbot, laptops, chinese, county, tmp_path):
    lap = laptops()
    dialog = SettingsDialog(lap.controller)
    qtbot.addWidget(dialog)
    dialog.server.setText(county.url)
    dialog.username.setText("va")
    dialog.password.setText(PASSWORD)
    dialog.ca_file.setText(str(tmp_path / "county-ca.pem"))
    with qtbot.waitSignal(dialog.login_failed, timeout=WAIT) as failed:
        dialog.login_button.click()
    assert failed.args[0].startswith("找不到证书文件")


# ------------------------------------------------------------------------------------------ conflicts
def _other_laptop(county, path: Path, user="va2") -> SyncEngine:
    path.mkdir()
    store = FileTokenStore(path / "token.json")
    S.login_account(path / "ledger.sqlite", county.url, user, PASSWORD, store)
    return S.make_engine(path / "ledger.sqlite", store)


def test_conflicts_view_resolves_a_conflict_and_the_choice_syncs(qtbot, laptops, chinese, county, tmp_path):
    lap = laptops()
    lap.login(county)
    other = _other_laptop(county, tmp_path / "other")
    household, person = household_with_head("韩冲突", 25)
    lap.save(household, person)
    lap.sync_now()
    other.sync_once()
    other_ledger = Ledger.open(tmp_path / "other" / "ledger.sqlite")
    try:
        theirs = other_ledger.person(person.id)
        theirs.phone = "13800000001"
        other_ledger.save(theirs)
    finally:
        other_ledger.close()
    other.sync_once()
    mine = lap.ledger.person(person.id)
    mine.phone = "13900000002"
    lap.save(mine)
    lap.sync_now()
    assert lap.controller.state.conflicts == 1
    assert "成员联系电话" in S.record_problem(lap.ledger.path, "person", person.id)

    view = ConflictsView(lap.controller)
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.loaded, timeout=WAIT):
        pass
    model = view.conflicts
    assert model.rowCount() == 1
    row = [model.index(0, c).data() for c in range(4)]
    # this laptop's value lost: it is called this laptop's, the other one the server's
    assert row == [f"韩冲突（身份证 {person.id_number}）", "成员联系电话", "本机的值：13900000002",
                   "县服务器上的值：13800000001"]
    assert view.tabs.tabText(0) == "冲突（1）"
    keep_local = view.findChild(QPushButton, f"keep-local-{model.items[0].id}")
    assert keep_local.text() == "改回本机的值"
    with qtbot.waitSignal(view.resolved, timeout=WAIT), qtbot.waitSignal(view.loaded, timeout=WAIT):
        keep_local.click()
    assert model.rowCount() == 0
    lap.sync_now()
    assert lap.controller.state.pending == 0 and lap.controller.state.conflicts == 0
    other.sync_once()
    other_ledger = Ledger.open(tmp_path / "other" / "ledger.sqlite")
    try:
        assert other_ledger.person(person.id).phone == "13900000002"
    finally:
        other_ledger.close()


def test_refused_changes_are_listed_with_the_servers_reason(qtbot, laptops, chinese, county):
    lap = laptops()
    lap.login(county)
    lap.save(*household_with_head("杨外村", 26, village=OTHER_VILLAGE))
    report = lap.sync_now()
    assert len(report.rejected) == 2
    assert lap.controller.state.rejected == 2
    widget = SyncStatusWidget(lap.controller)
    qtbot.addWidget(widget)
    assert "2 条修改被退回，点这里看原因" in widget.text()
    view = ConflictsView(lap.controller)
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.loaded, timeout=WAIT):
        pass
    assert view.tabs.currentIndex() == 2 and view.tabs.tabText(2) == "被退回的修改（2）"
    records = {view.rejected.index(r, 0).data() for r in range(2)}
    assert "杨外村户" in records
    reasons = {item.entity: item.reason for item in view.rejected.items}
    assert "本账号" in reasons["household"] and OTHER_VILLAGE in reasons["household"]
    assert "户记录" in reasons["person"]          # its household was refused, so it cannot be placed
    refused = next(i.record_id for i in view.rejected.items if i.entity == "household")
    assert lap.ledger.sync_state(Household, refused) == "error"
    assert "本账号" in S.record_problem(lap.ledger.path, "household", refused)   # for a form or a tooltip


def test_an_id_number_registered_in_two_villages_is_flagged_and_can_be_settled(qtbot, laptops, chinese,
                                                                                county, tmp_path):
    lap = laptops()
    lap.login(county)
    household, person = household_with_head("何重复", 27)
    other = _other_laptop(county, tmp_path / "other", user="vb")
    their_household = Household(village_code=OTHER_VILLAGE)
    theirs = Person(household_id=their_household.id, name="何重复", relation=Relation.HEAD,
                    id_number=person.id_number)
    other_ledger = Ledger.open(tmp_path / "other" / "ledger.sqlite")
    try:
        other_ledger.save(their_household)
        other_ledger.save(theirs)
    finally:
        other_ledger.close()
    assert not other.sync_once().rejected
    lap.save(household, person)
    lap.sync_now()
    if lap.controller.state.duplicates == 0:      # the flag may come down with the next page
        lap.sync_now()
    assert lap.controller.state.duplicates == 1

    view = ConflictsView(lap.controller)
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.loaded, timeout=WAIT):
        pass
    assert view.tabs.currentIndex() == 1 and view.tabs.tabText(1) == "身份证重复（1）"
    row = [view.duplicates.index(0, c).data() for c in range(4)]
    assert row == [f"何重复（身份证 {person.id_number}）", person.id_number,
                   "陕西省宝鸡市渭滨区金陵街道新开路社区", "何重复"]
    not_same = view.findChild(QPushButton, f"dup-not-same-{view.duplicates.items[0].id}")
    assert not_same.text() == "不是同一人"
    with qtbot.waitSignal(view.resolved, timeout=WAIT), qtbot.waitSignal(view.loaded, timeout=WAIT):
        not_same.click()
    assert view.duplicates.rowCount() == 0
    lap.sync_now()
    assert lap.controller.state.pending == 0 and lap.controller.state.duplicates == 0


@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")   # offscreen platform limit
def test_attach_sync_puts_the_indicator_in_the_status_bar_and_asks_to_log_in_on_first_run(qtbot, tmp_path,
                                                                                          chinese):
    from PySide6.QtWidgets import QMainWindow
    from desktop.ui.sync import attach_sync
    window = QMainWindow()
    qtbot.addWidget(window)
    ledger = Ledger.open(tmp_path / "ledger.sqlite")
    runner, events = Runner(), LedgerEvents()
    try:
        controller = attach_sync(window, ledger, runner, None, events, tmp_path,
                                 token_store=FileTokenStore(tmp_path / "token.json"))
        window.show()
        qtbot.waitUntil(lambda: controller.ui.settings_dialog is not None
                        and controller.ui.settings_dialog.isVisible(), timeout=WAIT)
        assert window.statusBar().findChild(SyncStatusWidget) is controller.ui.widget
        assert controller.ui.settings_dialog.windowTitle() == "同步设置"
        assert controller.sync_now_action.text() == "立即同步"
        assert controller.ui.menu.title() == "同步(&S)"
        assert controller.ui.settings_action in controller.ui.menu.actions()
        assert controller.read_only is False
        controller.ui.settings_dialog.reject()
        qtbot.waitUntil(lambda: controller.ui.settings_dialog is None, timeout=WAIT)
    finally:
        controller.stop()
        runner.wait_idle()
    # the next start does not nag: the status bar invites to log in instead
    window2 = QMainWindow()
    qtbot.addWidget(window2)
    runner2 = Runner()
    try:
        controller2 = attach_sync(window2, ledger, runner2, None, events, tmp_path,
                                  token_store=FileTokenStore(tmp_path / "token.json"))
        with qtbot.waitSignal(controller2.ui.first_run_checked, timeout=WAIT) as checked:
            pass
        assert checked.args == [False] and controller2.ui.settings_dialog is None
        assert controller2.ui.widget.text() == "尚未设置同步 · 点这里登录县服务器"
    finally:
        controller2.stop()
        runner2.wait_idle()
        ledger.close()
