"""The county ends an account's logins on a real server process (SQLite and PostgreSQL): `county-server revoke`
(a lost laptop), `add-account` for an existing user (a password reset), `disable` / `enable`. Every laptop of
that account gets AuthFailed ("登录已失效…请重新登录") on its next round and keeps its unsent changes; after a
new login they go up. Other accounts are not touched."""
from __future__ import annotations

import pytest

from sync.client import AuthFailed, FileTokenStore, Forbidden, SyncEngine, login
from sync.server.db import make_engine

from .localdb import add_household, add_person, make_ledger, query
from .server_proc import ServerProcess, database

PASSWORD = "secret-pass"
NEW_PASSWORD = "new-secret-pass"
VILLAGE = "610302001001"
OTHER = "610302001002"
USERS = ["lost", "reset", "off", "other", "nobody-logged-in"]


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def server(request, tmp_path_factory):
    url, schema = database(request.param, tmp_path_factory.mktemp("srv"))
    accounts = [(u, "village", OTHER if u == "other" else VILLAGE) for u in USERS]
    proc = ServerProcess(url).setup(accounts, PASSWORD).start()
    yield proc
    proc.stop()
    if schema is not None:
        schema.drop()


class Laptop:
    def __init__(self, server, directory, name: str, username: str, password: str = PASSWORD):
        self.server, self.username = server, username
        self.path = make_ledger(directory / f"{name}.sqlite")
        self.store = FileTokenStore(directory / f"{name}-token.json")
        self.login(password)
        self.engine = SyncEngine(self.path, token_store=self.store)

    def login(self, password: str) -> dict:
        return login(self.path, self.server.url, self.username, password, self.store)

    def outbox(self) -> int:
        return query(self.path, "SELECT count(*) n FROM outbox")[0]["n"]

    def state(self) -> dict:
        return {t: query(self.path, f"SELECT * FROM {t} ORDER BY 1") for t in ("household", "person", "outbox")}


def server_rows(server) -> tuple[int, int]:
    engine = make_engine(server.db_url)
    try:
        with engine.connect() as conn:
            return (conn.exec_driver_sql("SELECT count(*) FROM records").scalar(),
                    conn.exec_driver_sql("SELECT count(*) FROM changes").scalar())
    finally:
        engine.dispose()


def refused(laptop: Laptop) -> str:
    """The round fails with AuthFailed and the server's reason; nothing changes on either side."""
    before_local, before_server = laptop.state(), server_rows(laptop.server)
    with pytest.raises(AuthFailed) as caught:
        laptop.engine.sync_once()
    assert laptop.state() == before_local
    assert server_rows(laptop.server) == before_server
    return caught.value.message


def test_revoke_logs_out_every_laptop_of_the_account_and_nothing_is_lost(server, tmp_path):
    a = Laptop(server, tmp_path, "a", "lost")
    b = Laptop(server, tmp_path, "b", "lost")
    other = Laptop(server, tmp_path, "c", "other")
    hh = add_household(a.path, VILLAGE)
    assert a.engine.sync_once().pushed == 1
    add_person(a.path, hh, "王丢失", "610302198001010011")
    add_household(b.path, VILLAGE)
    assert a.outbox() == 1 and b.outbox() == 1

    done = server.cli("revoke", "--username", "lost")
    assert done.returncode == 0, done.stderr
    assert "lost" in done.stdout and "2 个有效" in done.stdout and "重新登录" in done.stdout

    for laptop in (a, b):          # both laptops, at once; their changes stay queued
        message = refused(laptop)
        assert message.startswith("登录已失效") and "请重新登录" in message
        assert laptop.outbox() == 1
    assert other.engine.sync_once().pulled == 0     # another account is not touched

    a.login(PASSWORD)              # the assistant logs in again: the kept change goes up
    report = a.engine.sync_once()
    assert report.pushed == 1 and a.outbox() == 0
    assert query(a.path, "SELECT name FROM person") == [{"name": "王丢失"}]
    b.login(PASSWORD)
    assert b.engine.sync_once().pushed == 1 and b.outbox() == 0

    again = server.cli("revoke", "--username", "lost")      # only the two new logins are valid now
    assert again.returncode == 0 and "2 个有效" in again.stdout
    for engine in (a.engine, b.engine, other.engine):
        engine.close()


def test_revoke_of_an_unknown_account_says_so(server):
    done = server.cli("revoke", "--username", "no-such-user")
    assert done.returncode == 2
    assert "没有账号 no-such-user" in done.stderr and "Traceback" not in done.stderr
    done = server.cli("revoke", "--username", "nobody-logged-in")
    assert done.returncode == 0 and "0 个有效" in done.stdout


def test_a_password_reset_revokes_the_old_logins(server, tmp_path):
    laptop = Laptop(server, tmp_path, "r", "reset")
    add_household(laptop.path, VILLAGE)

    done = server.cli("add-account", "--username", "reset", "--password", NEW_PASSWORD, "--role", "village",
                      "--region", VILLAGE)
    assert done.returncode == 0, done.stderr
    assert "密码已重置" in done.stdout and "1 个" in done.stdout

    assert refused(laptop).startswith("登录已失效")
    assert laptop.outbox() == 1
    with pytest.raises(AuthFailed):                  # the old password is gone
        laptop.login(PASSWORD)
    laptop.login(NEW_PASSWORD)
    assert laptop.engine.sync_once().pushed == 1 and laptop.outbox() == 0
    laptop.engine.close()

    fresh = server.cli("add-account", "--username", "brand-new", "--password", PASSWORD, "--role", "village",
                       "--region", VILLAGE)
    assert fresh.returncode == 0 and "已新建" in fresh.stdout


def test_disable_refuses_even_the_right_password_and_enable_gives_it_back(server, tmp_path):
    laptop = Laptop(server, tmp_path, "d", "off")
    add_household(laptop.path, VILLAGE)

    done = server.cli("disable", "--username", "off")
    assert done.returncode == 0 and "已停用" in done.stdout and "1 个" in done.stdout
    assert refused(laptop).startswith("登录已失效")
    with pytest.raises(Forbidden) as caught:         # the right password: told the account is disabled
        laptop.login(PASSWORD)
    assert "已被县里停用" in caught.value.message and "本机" in caught.value.message
    with pytest.raises(AuthFailed):                  # a wrong one: only "wrong password", no hint
        laptop.login("wrong-password")

    # a password reset of a disabled account keeps it disabled, and says so
    done = server.cli("add-account", "--username", "off", "--password", NEW_PASSWORD, "--role", "village",
                      "--region", VILLAGE)
    assert done.returncode == 0 and "仍是停用状态" in done.stdout
    with pytest.raises(Forbidden):
        laptop.login(NEW_PASSWORD)

    done = server.cli("enable", "--username", "off")
    assert done.returncode == 0 and "已启用" in done.stdout
    laptop.login(NEW_PASSWORD)
    assert laptop.engine.sync_once().pushed == 1 and laptop.outbox() == 0
    laptop.engine.close()
    assert server.cli("disable", "--username", "no-such-user").returncode == 2
