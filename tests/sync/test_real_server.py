"""The real client against a real `county-server serve` process on 127.0.0.1, on SQLite and PostgreSQL."""
from __future__ import annotations

import gzip
import itertools
import os
import stat
import subprocess
import sys
import threading
from dataclasses import dataclass

import pytest
import requests

from sync.client import (AuthFailed, FileTokenStore, NotConfigured, ServerUnreachable, SyncEngine, list_conflicts,
                         list_duplicates, login, logout)
from sync.protocol import PROTOCOL_HEADER
from sync.server.auth import add_account
from sync.server.db import make_engine

from .localdb import add_employment, add_household, add_person, edit, make_ledger, query, row
from .server_proc import ROOT, PgSchema, ServerProcess, run_cli

PASSWORD = "secret-pass"
_towns = itertools.count(1)


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def server(request, tmp_path_factory):
    schema = None
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('srv') / 'county.db'}"
    else:
        schema = PgSchema()
        url = schema.url
    done = run_cli(url, "init")
    assert done.returncode == 0, done.stderr
    assert run_cli(url, "init").returncode == 0                       # idempotent
    proc = ServerProcess(url).start()
    yield proc
    proc.stop()
    if schema is not None:
        schema.drop()


@dataclass
class Region:
    town: str
    a: str
    b: str


@pytest.fixture
def region(server):
    """A fresh township with two villages and accounts town / a / b for this test."""
    n = next(_towns)
    r = Region(f"410101{n:03d}000", f"410101{n:03d}001", f"410101{n:03d}002")
    engine = make_engine(server.db_url)
    for suffix, role, code in (("t", "township", r.town), ("a", "village", r.a), ("b", "village", r.b)):
        add_account(engine, f"u{n}{suffix}", PASSWORD, role, code)
    engine.dispose()
    r.users = {"town": f"u{n}t", "a": f"u{n}a", "b": f"u{n}b"}
    return r


@pytest.fixture
def laptop(server, region, tmp_path):
    count = itertools.count()

    def make(who: str, **kw):
        path = make_ledger(tmp_path / f"{who}-{next(count)}.sqlite")
        store = FileTokenStore(tmp_path / f"token-{who}.json")
        login(path, server.url, region.users[who], PASSWORD, store)
        return path, SyncEngine(path, token_store=store, **kw), store
    return make


def test_add_account_cli_validates_region(server):
    bad = run_cli(server.db_url, "add-account", "--username", "x", "--password", PASSWORD, "--role", "village",
                  "--region", "410101001000")
    assert bad.returncode == 2 and "不是村级代码" in bad.stderr
    good = run_cli(server.db_url, "add-account", "--username", "cli-user", "--password", PASSWORD, "--role",
                   "county", "--region", "410101000000")
    assert good.returncode == 0, good.stderr


def test_two_villages_sync_through_the_server(laptop, region):
    a_path, a, a_store = laptop("a")
    a2_path, a2, _ = laptop("a")
    hh = add_household(a_path, region.a, phone="1")
    p = add_person(a_path, hh, "张三", "410101199001010011")
    add_employment(a_path, p)
    first = a.sync_once()
    assert (first.pushed, first.rejected) == (3, [])
    assert a.sync_once().requests == 1                                  # nothing to do: one request
    assert a2.sync_once().pulled == 3
    assert row(a2_path, "person", p)["name"] == "张三"
    assert stat.S_IMODE(os.stat(a_store.path).st_mode) == 0o600


def test_wrong_password_and_revoked_token(server, laptop, region, tmp_path):
    path = make_ledger(tmp_path / "x.sqlite")
    with pytest.raises(AuthFailed):
        login(path, server.url, region.users["a"], "nope-nope", FileTokenStore(tmp_path / "t.json"))
    a_path, a, store = laptop("a")
    add_household(a_path, region.a)
    token = store.get(server.url, region.users["a"])
    logout(a_path, store)
    with pytest.raises(NotConfigured):
        SyncEngine(a_path, token_store=store).sync_once()       # logged out: asks to log in
    with pytest.raises(AuthFailed):
        SyncEngine(a_path, token=token).sync_once()              # the old token is revoked on the server
    assert query(a_path, "SELECT count(*) n FROM outbox") == [{"n": 1}]


def test_scope_township_reads_but_cannot_write(server, laptop, region):
    a_path, a, _ = laptop("a")
    b_path, b, _ = laptop("b")
    t_path, t, _ = laptop("town")
    add_household(a_path, region.a)
    add_household(b_path, region.b)
    intruder = add_household(b_path, region.a)
    a.sync_once()
    rb = b.sync_once()
    assert [(r.record_id, r.code) for r in rb.rejected] == [(intruder, "out_of_scope")]
    assert t.sync_once().pulled == 2
    add_household(t_path, region.a)
    assert t.sync_once().held_back == 1                      # kept locally, never sent
    r = requests.post(server.url + "/api/v1/sync", json={"client_id": "t", "cursor": 0, "push": [
        {"change_id": "01a21ccb-53b2-73ac-9dae-e2f75774ac45", "entity": "household",
         "record_id": "01a21ccb-53b2-73ac-9dae-e2f75774ac46", "fields": {"note": "x"}}]},
        headers={PROTOCOL_HEADER: "1", "Authorization": f"Bearer {t.transport.token}"}, timeout=10)
    assert r.status_code == 403 and "只能查看" in r.json()["detail"]


def test_conflict_and_duplicate_over_http(laptop, region):
    a_path, a, _ = laptop("a")
    a2_path, a2, _ = laptop("a")
    b_path, b, _ = laptop("b")
    hh = add_household(a_path, region.a, phone="0")
    a.sync_once(); a2.sync_once()
    edit(a_path, "household", hh, phone="A")
    edit(a2_path, "household", hh, phone="B")
    a.sync_once(); a2.sync_once()
    [c] = list_conflicts(a2_path)
    assert (c.local_value, c.server_value) == ("B", "A") and row(a2_path, "household", hh)["phone"] == "A"

    add_person(a_path, hh, "李四", "410101199001010022")
    add_person(b_path, add_household(b_path, region.b), "李四", "410101199001010022")
    a.sync_once(); b.sync_once(); a.sync_once()
    assert len(list_duplicates(a_path)) == 1 and len(list_duplicates(b_path)) == 1


def test_protocol_and_body_errors_are_clear(server, laptop):
    _, a, store = laptop("a")
    a.sync_once()
    token = a.transport.token
    h = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    r = requests.post(server.url + "/api/v1/sync", data=b'{"client_id":"c","cursor":0}',
                      headers={**h, PROTOCOL_HEADER: "0"}, timeout=10)
    assert r.status_code == 426 and "升级" in r.json()["detail"]
    r = requests.post(server.url + "/api/v1/sync", data=b'{"client_id": 5', headers={**h, PROTOCOL_HEADER: "1"},
                      timeout=10)
    assert r.status_code == 422 and "请求格式错误" in r.json()["detail"]
    big = gzip.compress(b" " * (11 * 1024 * 1024))
    r = requests.post(server.url + "/api/v1/sync", data=big,
                      headers={**h, PROTOCOL_HEADER: "1", "Content-Encoding": "gzip"}, timeout=10)
    assert r.status_code == 413


def test_server_restarted_mid_pull_resumes(server, laptop, region):
    a_path, a, _ = laptop("a")
    for i in range(60):
        add_household(a_path, region.a, hh_no=str(i))
    a.sync_once()
    b_path, b, _ = laptop("a", pull_limit=10)
    pages = []

    def stop_after_two(p):
        pages.append(p.pulled)
        if len(pages) == 2:
            server.kill()                       # the server dies between two pages

    try:
        with pytest.raises(ServerUnreachable):
            b.sync_once(progress=stop_after_two)
        have = query(b_path, "SELECT count(*) n FROM household")[0]["n"]
        assert 20 <= have < 60                  # the pages applied before the drop are kept (one may be in flight)
    finally:
        server.start()
    b.transport.reset_circuit()
    rest = b.sync_once()
    assert rest.pulled == 60 - have and rest.count_mismatch == {}
    assert query(b_path, "SELECT count(*) n FROM household") == [{"n": 60}]


def test_concurrent_laptops_of_many_villages_all_accepted_once(server, tmp_path):
    """Ten villages push 50 new persons each at the same moment."""
    n = next(_towns)
    engine = make_engine(server.db_url)
    codes = [f"410101{n:03d}{v:03d}" for v in range(1, 11)]
    for i, code in enumerate(codes):
        add_account(engine, f"c{n}-{i}", PASSWORD, "village", code)
    engine.dispose()
    engines = []
    for i, code in enumerate(codes):
        path = make_ledger(tmp_path / f"v{i}.sqlite")
        store = FileTokenStore(tmp_path / f"t{i}.json")
        login(path, server.url, f"c{n}-{i}", PASSWORD, store)
        hh = add_household(path, code)
        for j in range(50):
            add_person(path, hh, f"人{j}", f"41010119{i:02d}0101{j:03d}X")
        engines.append(SyncEngine(path, token_store=store))
    barrier = threading.Barrier(len(engines))
    reports, errors = [], []

    def go(e):
        barrier.wait()
        try:
            reports.append(e.sync_once())
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=go, args=(e,)) for e in engines]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(r.pushed for r in reports) == [51] * 10
    assert all(r.rejected == [] for r in reports)
    town = f"410101{n:03d}000"
    engine = make_engine(server.db_url)
    add_account(engine, f"c{n}-town", PASSWORD, "township", town)
    engine.dispose()
    path = make_ledger(tmp_path / "town.sqlite")
    store = FileTokenStore(tmp_path / "town.json")
    login(path, server.url, f"c{n}-town", PASSWORD, store)
    report = SyncEngine(path, token_store=store).sync_once()
    assert report.pulled == 10 * 51 and report.count_mismatch == {}
    assert query(path, "SELECT count(DISTINCT id) n FROM person") == [{"n": 500}]


KILLER = """
import os, sys
from sync.client import FileTokenStore, SyncEngine
path, token_file, when = sys.argv[1], sys.argv[2], sys.argv[3]
engine = SyncEngine(path, token_store=FileTokenStore(token_file), push_batch=20, pull_limit=20)
def die(progress):
    if when == "push" and progress.pushed >= 20 or when == "pull" and progress.pulled >= 20:
        os._exit(9)                       # killed: no cleanup, no commit of anything in flight
engine.sync_once(progress=die)
"""


@pytest.mark.parametrize("when", ["push", "pull"])
def test_client_killed_mid_round_loses_and_doubles_nothing(server, laptop, region, tmp_path, when):
    a_path, a, a_store = laptop("a")
    b_path, b, b_store = laptop("a")
    src = a_path if when == "push" else b_path
    for i in range(15):
        hh = add_household(src, region.a, hh_no=str(i))
        add_person(src, hh, f"人{i}", f"41010119900101{i:03d}X")
    if when == "pull":
        b.sync_once()                                  # b has the data; a will be killed while pulling it
    victim, store = (a_path, a_store) if when == "push" else (a_path, a_store)
    done = subprocess.run([sys.executable, "-c", KILLER, str(victim), str(store.path), when],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 9, done.stderr
    for _ in range(2):
        a.sync_once()
        b.sync_once()
    for path in (a_path, b_path):
        assert query(path, "SELECT count(*) n FROM household") == [{"n": 15}]
        assert query(path, "SELECT count(*) n FROM person") == [{"n": 15}]
        assert query(path, "SELECT count(*) n FROM outbox") == [{"n": 0}]
    report = a.sync_once()
    assert report.count_mismatch == {} and not report.repaired
