"""Handshake, login, tokens, protocol versions, malformed and oversized bodies."""
from __future__ import annotations

import gzip
import json

import pytest

from sync.client import (AuthFailed, ClientTooOld, MemoryTokenStore, RetryPolicy, SyncEngine, Transport, login,
                         logout)
from sync.protocol import PROTOCOL_HEADER, PROTOCOL_VERSION
from sync.server.app import create_app

from .conftest import PASSWORD, URL, VILLAGE_A, NoWait
from .inprocess import session_for
from .localdb import add_household, make_ledger, query


def _raw(app):
    session, _ = session_for(app)
    return session


def test_hello_names_versions_without_login(app):
    r = _raw(app).get(URL + "/api/v1/hello", timeout=5)
    body = r.json()
    assert r.status_code == 200
    assert (body["protocol_version"], body["min_client_protocol"]) == (PROTOCOL_VERSION, 1)
    assert len(body["instance_id"]) == 32


def test_data_request_without_protocol_header_is_refused(app):
    r = _raw(app).post(URL + "/api/v1/login", json={"username": "va", "password": PASSWORD}, timeout=5)
    assert r.status_code == 400 and PROTOCOL_HEADER in r.json()["detail"]


def test_too_old_client_gets_426_and_keeps_its_changes(server_db, tmp_path):
    app = create_app(server_db, min_client_protocol=PROTOCOL_VERSION + 1)
    path = make_ledger(tmp_path / "old.sqlite")
    add_household(path, VILLAGE_A)
    session, _ = session_for(app)
    transport = Transport(URL, session=session, token="whatever", sleep=NoWait())
    with pytest.raises(ClientTooOld) as err:
        SyncEngine(path, server_url=URL, transport=transport).sync_once()
    assert "升级" in err.value.message
    r = session.post(URL + "/api/v1/sync", json={"client_id": "c", "cursor": 0},
                     headers={PROTOCOL_HEADER: str(PROTOCOL_VERSION)}, timeout=5)
    assert r.status_code == 426 and "升级" in r.json()["detail"]
    assert query(path, "SELECT state FROM outbox") == [{"state": "pending"}]
    app.state.db.dispose()


def test_login_stores_token_and_account(app, tmp_path):
    path = make_ledger(tmp_path / "l.sqlite")
    store = MemoryTokenStore()
    session, _ = session_for(app)
    account = login(path, URL, "va", PASSWORD, store, transport=Transport(URL, session=session))
    assert account == {"username": "va", "role": "village", "region_code": VILLAGE_A}
    assert store.get(URL, "va")
    meta = {r["key"]: r["value"] for r in query(path, "SELECT key, value FROM meta")}
    assert meta["server_url"] == URL and json.loads(meta["account"])["region_code"] == VILLAGE_A


def test_wrong_password_is_refused_in_chinese(app, tmp_path):
    path = make_ledger(tmp_path / "l.sqlite")
    session, _ = session_for(app)
    with pytest.raises(AuthFailed) as err:
        login(path, URL, "va", "wrong-password", MemoryTokenStore(), transport=Transport(URL, session=session))
    assert err.value.message == "用户名或密码错误"
    with pytest.raises(AuthFailed):
        login(path, URL, "nobody", PASSWORD, MemoryTokenStore(), transport=Transport(URL, session=session))


def test_revoked_token_fails_and_local_data_stays(laptop):
    a = laptop("va")
    add_household(a.path, VILLAGE_A)
    token = a.store.get(URL, "va")
    logout(a.path, a.store, transport=Transport(URL, session=a.engine.transport.session))
    assert a.store.get(URL, "va") is None
    with pytest.raises(AuthFailed) as err:
        SyncEngine(a.path, token=token, transport=Transport(URL, session=a.engine.transport.session,
                                                            token=token)).sync_once()
    assert "重新登录" in err.value.message
    assert query(a.path, "SELECT count(*) n FROM outbox WHERE state = 'pending'") == [{"n": 1}]


def test_malformed_body_is_422_and_changes_nothing(laptop, app):
    a = laptop("va")
    t = a.engine.transport
    good = {"change_id": "01a21ccb-53b2-73ac-9dae-e2f75774ac45", "entity": "household",
            "record_id": "01a21ccb-53b2-73ac-9dae-e2f75774ac46",
            "fields": {"village_code": VILLAGE_A, "hh_type": "脱贫户"}}
    bad = {**good, "change_id": "not-a-uuid", "record_id": "01a21ccb-53b2-73ac-9dae-e2f75774ac47"}
    r = t.session.post(URL + "/api/v1/sync", json={"client_id": "c", "cursor": 0, "push": [good, bad]},
                       headers={PROTOCOL_HEADER: "1", "Authorization": f"Bearer {t.token}"}, timeout=5)
    assert r.status_code == 422
    assert r.json()["detail"].startswith("请求格式错误，未做任何修改") and "push.1.change_id" in r.json()["detail"]
    counts = t.post("/api/v1/sync", {"client_id": "c", "cursor": 0})["counts"]
    assert counts["household"] == 0


def test_oversized_and_bad_gzip_bodies_are_refused(laptop):
    a = laptop("va")
    t = a.engine.transport
    headers = {PROTOCOL_HEADER: "1", "Authorization": f"Bearer {t.token}", "Content-Type": "application/json",
               "Content-Encoding": "gzip"}
    bomb = gzip.compress(b'{"client_id": "' + b"x" * (11 * 1024 * 1024) + b'"}')
    r = t.session.post(URL + "/api/v1/sync", data=bomb, headers=headers, timeout=5)
    assert r.status_code == 413 and "过大" in r.json()["detail"]
    r = t.session.post(URL + "/api/v1/sync", data=b"not gzip", headers=headers, timeout=5)
    assert r.status_code == 400 and "gzip" in r.json()["detail"]


def test_unreachable_server_backs_off_without_a_retry_storm(tmp_path):
    path = make_ledger(tmp_path / "l.sqlite")
    add_household(path, VILLAGE_A)
    waits, now = NoWait(), [0.0]
    transport = Transport("http://127.0.0.1:9", token="t", sleep=waits, clock=lambda: now[0],
                          policy=RetryPolicy(attempts=3), connect_timeout=0.5)
    engine = SyncEngine(path, server_url="http://127.0.0.1:9", transport=transport)
    from sync.client import ServerUnreachable
    with pytest.raises(ServerUnreachable) as err:
        engine.sync_once()
    assert transport.requests == 3 and len(waits.waits) == 2          # bounded retries, with backoff
    assert "本机" in err.value.message
    with pytest.raises(ServerUnreachable):
        engine.sync_once()                                            # cooling down: no request at all
    assert transport.requests == 3
    now[0] += 600
    with pytest.raises(ServerUnreachable):
        engine.sync_once()
    assert transport.requests == 6
    assert query(path, "SELECT state FROM outbox") == [{"state": "pending"}]


def test_openapi_describes_every_endpoint(app):
    doc = _raw(app).get(URL + "/openapi.json", timeout=5).json()
    paths = doc["paths"]
    assert {"/api/v1/hello", "/api/v1/login", "/api/v1/logout", "/api/v1/me", "/api/v1/sync"} <= set(paths)
    ref = paths["/api/v1/sync"]["post"]["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    schemas = doc["components"]["schemas"]
    assert ref == "#/components/schemas/SyncRequest" and "push" in schemas["SyncRequest"]["properties"]
    assert "change_id" in schemas["Change"]["properties"] and "pull" in schemas["SyncResponse"]["properties"]


def test_engine_picks_up_a_new_login_after_its_token_was_revoked(laptop):
    a = laptop("va")
    add_household(a.path, VILLAGE_A)
    session = a.engine.transport.session
    logout(a.path, a.store, transport=Transport(URL, session=session))
    with pytest.raises(AuthFailed):
        a.sync()
    login(a.path, URL, "va", PASSWORD, a.store, transport=Transport(URL, session=session))
    assert a.sync().pushed == 1


def test_expired_token_asks_to_log_in_again(laptop, app):
    a = laptop("va")
    with app.state.db.begin() as conn:
        conn.exec_driver_sql("UPDATE tokens SET expires_at = '2000-01-01T00:00:00+00:00'")
    with pytest.raises(AuthFailed) as err:
        a.sync()
    assert "过期" in err.value.message
