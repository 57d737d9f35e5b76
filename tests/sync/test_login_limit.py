"""Failed logins are limited (per user name and per client address, counted in the database): past the
limit within the window a login gets 429 with a Chinese reason and Retry-After, even with the right
password, until the window is over; a success resets the user's count; guesses sent at the same moment
are bounded too; several worker processes share the count. Real server process, SQLite and PostgreSQL
(the limits are set small through the server's environment)."""
from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from sync.client import AuthFailed, BadRequest, FileTokenStore, login
from sync.protocol import PROTOCOL_HEADER
from sync.server.db import make_engine

from .localdb import make_ledger
from .server_proc import ServerProcess, database

PASSWORD = "secret-pass"
VILLAGE = "610302001001"
USER_LIMIT, IP_LIMIT, WINDOW = 3, 8, 600
LIMITS = {"COUNTY_SERVER_LOGIN_MAX_FAILURES": str(USER_LIMIT), "COUNTY_SERVER_LOGIN_IP_MAX_FAILURES": str(IP_LIMIT),
          "COUNTY_SERVER_LOGIN_WINDOW": str(WINDOW)}
USERS = [f"u{i}" for i in range(6)]


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def server(request, tmp_path_factory):
    url, schema = database(request.param, tmp_path_factory.mktemp("srv"))
    # PostgreSQL runs two worker processes: the count lives in the database, so they share it
    workers = 2 if request.param == "postgres" else 1
    proc = ServerProcess(url, env=LIMITS, workers=workers)
    proc.setup([(u, "village", VILLAGE) for u in USERS], PASSWORD).start()
    yield proc
    proc.stop()
    if schema is not None:
        schema.drop()


@pytest.fixture
def db(server):
    """The server's database; every test starts with no failures counted."""
    engine = make_engine(server.db_url)
    with engine.begin() as conn:
        conn.exec_driver_sql("DELETE FROM login_failures")
    yield engine
    engine.dispose()


def attempt(server, username: str, password: str) -> requests.Response:
    return requests.post(server.url + "/api/v1/login", json={"username": username, "password": password},
                         headers={PROTOCOL_HEADER: "1"}, timeout=30)


def pass_the_window(engine, key: str) -> None:
    """What the clock would do in WINDOW seconds: the window of `key` began long enough ago."""
    with engine.begin() as conn:
        conn.exec_driver_sql("UPDATE login_failures SET window_start = window_start - %d WHERE key = '%s'"
                             % (WINDOW + 1, key))


def test_after_the_limit_even_the_right_password_waits_for_the_window(server, db):
    answers = [attempt(server, "u0", "wrong-password") for _ in range(USER_LIMIT)]
    assert [r.status_code for r in answers] == [401] * USER_LIMIT
    assert "用户名或密码错误" in answers[0].json()["detail"]
    assert answers[-2].json()["detail"] == "用户名或密码错误（10 分钟内再输错 1 次，该账号将暂停登录 10 分钟）"
    assert answers[-1].json()["detail"] == "用户名或密码错误（10 分钟内已输错 3 次，该账号暂停登录 10 分钟）"

    r = attempt(server, "u0", PASSWORD)                          # the right password: still refused
    assert r.status_code == 429
    detail = r.json()["detail"]
    assert detail.startswith("登录尝试过于频繁") and "u0" in detail and "10 分钟后再试" in detail, detail
    assert 1 <= int(r.headers["Retry-After"]) <= WINDOW
    assert attempt(server, "u1", PASSWORD).status_code == 200    # another user of the same village is not held

    pass_the_window(db, "user:u0")
    assert attempt(server, "u0", PASSWORD).status_code == 200


def test_a_successful_login_resets_the_count(server, db):
    for _ in range(USER_LIMIT - 1):
        assert attempt(server, "u2", "wrong-password").status_code == 401
    assert attempt(server, "u2", PASSWORD).status_code == 200
    for _ in range(USER_LIMIT - 1):                              # counting starts again from zero
        assert attempt(server, "u2", "wrong-password").status_code == 401
    assert attempt(server, "u2", PASSWORD).status_code == 200


def test_a_password_reset_by_the_county_lifts_the_pause(server, db):
    for _ in range(USER_LIMIT):
        attempt(server, "u3", "wrong-password")
    assert attempt(server, "u3", PASSWORD).status_code == 429
    done = server.cli("add-account", "--username", "u3", "--password", "new-password-1", "--role", "village",
                      "--region", VILLAGE)
    assert done.returncode == 0, done.stderr
    assert attempt(server, "u3", "new-password-1").status_code == 200
    server.cli("add-account", "--username", "u3", "--password", PASSWORD, "--role", "village", "--region", VILLAGE)


def test_guessing_many_user_names_from_one_address_is_limited(server, db):
    names = [f"nobody{i}" for i in range(IP_LIMIT)]
    assert [attempt(server, n, "guess-guess").status_code for n in names] == [401] * IP_LIMIT
    r = attempt(server, "u4", PASSWORD)
    assert r.status_code == 429 and "127.0.0.1" in r.json()["detail"] and "Retry-After" in r.headers
    pass_the_window(db, "ip:127.0.0.1")
    assert attempt(server, "u4", PASSWORD).status_code == 200


def test_guesses_sent_at_the_same_moment_are_bounded(server, db):
    with ThreadPoolExecutor(12) as pool:
        codes = sorted(pool.map(lambda _: attempt(server, "u5", "wrong-password").status_code, range(12)))
    assert codes == [401] * USER_LIMIT + [429] * (12 - USER_LIMIT)
    with db.connect() as conn:
        assert conn.exec_driver_sql("SELECT failures FROM login_failures WHERE key = 'user:u5'").scalar() == USER_LIMIT


def test_the_client_shows_the_reason(server, db, tmp_path):
    path, store = make_ledger(tmp_path / "a.sqlite"), FileTokenStore(tmp_path / "token.json")
    for _ in range(USER_LIMIT):
        with pytest.raises(AuthFailed):
            login(path, server.url, "u1", "wrong-password", store)
    t0 = time.monotonic()
    with pytest.raises(BadRequest) as caught:
        login(path, server.url, "u1", PASSWORD, store)
    assert caught.value.status == 429 and "登录尝试过于频繁" in caught.value.message
    assert time.monotonic() - t0 < 5                              # answered at once, not retried
    assert store.get(server.url, "u1") is None
