"""Values the laptops could not read back are refused per change by a real county server (SQLite and
PostgreSQL), never stored and never failing the whole request: one bad change must not stop a village,
township or county from syncing. Also: a base version no server handed out, and how rejections name
records."""
from __future__ import annotations

import itertools

import pytest
import requests

from sync.client import MemoryTokenStore, SyncEngine, list_conflicts, login
from sync.protocol import PROTOCOL_HEADER

from .localdb import add_employment, add_household, add_person, make_ledger, query, row
from .server_proc import PgSchema, ServerProcess, free_port

PASSWORD = "secret-pass"
VILLAGE = "610328100201"
COUNTY = "610328000000"
ACCOUNTS = [("va", "village", VILLAGE), ("va2", "village", VILLAGE), ("co", "county", COUNTY)]
_ids = itertools.count(1)


def uid(n: int | None = None) -> str:
    """A fresh UUID-shaped id (unique within the module's server)."""
    return f"01a21d5a-fdc4-71a3-805a-{next(_ids) if n is None else n:012x}"


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def server(request, tmp_path_factory):
    schema = None
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('bad-values') / 'county.db'}"
    else:
        schema = PgSchema()
        url = schema.url
    proc = ServerProcess(url, free_port()).setup(ACCOUNTS, PASSWORD).start()
    yield proc
    proc.stop()
    if schema is not None:
        schema.drop()


@pytest.fixture
def laptop(server, tmp_path):
    made = []

    def make(username: str = "va"):
        path = make_ledger(tmp_path / f"{username}-{len(made)}.sqlite")
        store = MemoryTokenStore()
        login(path, server.url, username, PASSWORD, store)
        engine = SyncEngine(path, token_store=store)
        made.append(engine)
        return path, engine
    yield make
    for engine in made:
        engine.close()


def token(server, username: str = "va") -> str:
    r = requests.post(server.url + "/api/v1/login", json={"username": username, "password": PASSWORD},
                      headers={PROTOCOL_HEADER: "1"}, timeout=10)
    r.raise_for_status()
    return r.json()["token"]


def push(server, changes: list[dict], username: str = "va") -> dict:
    r = requests.post(server.url + "/api/v1/sync", json={"client_id": "raw", "cursor": 0, "pull_limit": 0,
                                                         "push": changes},
                      headers={PROTOCOL_HEADER: "1", "Authorization": f"Bearer {token(server, username)}"},
                      timeout=30)
    assert r.status_code == 200, r.text
    return r.json()


def synced_person(laptop, name: str = "张三"):
    path, engine = laptop("va")
    hh = add_household(path, VILLAGE, hh_no="610328100201000" + str(next(_ids) % 100).zfill(2))
    pid = add_person(path, hh, name, f"6103281985030{next(_ids) % 10000:04d}1")
    report = engine.sync_once(force=True)
    assert report.rejected == [], report.rejected
    return path, engine, hh, pid


@pytest.mark.parametrize("field, value, words", [
    ("deleted", 10 ** 30, "0（否）或 1（是）"),  # SQLite integers are 64-bit: OverflowError on every laptop
    ("deleted", True, "0（否）或 1（是）"),      # JSON true for an integer
    ("deleted", 2, "0（否）或 1（是）"),
    ("dibao", 1.5, "0（否）或 1（是）"),
    ("sex", "男人", "不在代码表中"),
    ("birth_date", "1985-02-30", "不是有效日期"),
    ("health", "健康,胡说", "胡说"),
    ("name", "长" * 51, "过长"),
    ("id_number", "6103281985\x0003040011", "控制字符"),
    ("household_id", "H-001", "不是有效的记录编号"),
])
def test_a_bad_value_is_rejected_alone_and_never_reaches_other_laptops(server, laptop, field, value, words):
    path, engine, hh, pid = synced_person(laptop)
    good = {"change_id": uid(), "entity": "person", "record_id": pid, "fields": {"phone": "13900000001"},
            "base": {"phone": 0}}
    bad = {"change_id": uid(), "entity": "person", "record_id": pid, "fields": {field: value},
           "base": {field: 10 ** 9 if field == "deleted" else 0}}
    answer = push(server, [bad, good])
    assert [a["change_id"] for a in answer["acks"]] == [good["change_id"]]           # the rest goes ahead
    [rej] = answer["rejected"]
    assert rej["change_id"] == bad["change_id"] and rej["code"] == "bad_value"
    assert f"（{field}）" in rej["reason"] and words in rej["reason"], rej["reason"]
    assert pid in rej["reason"]              # the full id (its first 8 characters are only a time prefix)
    # every other laptop in scope keeps syncing and sees the good edit only
    for user in ("va2", "co"):
        other_path, other = laptop(user)
        report = other.sync_once(force=True)
        assert report.ok, report
        person = row(other_path, "person", pid)
        assert person["phone"] == "13900000001" and person["deleted"] == 0
        assert person[field] != value


@pytest.mark.parametrize("fields, label", [
    ({"start_date": "notadate"}, "“开始日期”（start_date）"),
    ({"end_date": "2020-13-45"}, "“结束日期”（end_date）"),
    ({"start_date": "20240101"}, "“开始日期”（start_date）"),      # Python reads it, the format is yyyy-mm-dd
    ({"form": "胡乱"}, "“就业形式”（form）"),
    ({"industry": "挖矿"}, "“所属行业”（industry）"),
    ({"monthly_income": -5}, "“务工月收入”（monthly_income）"),
    ({"monthly_income": 1e300}, "“务工月收入”（monthly_income）"),
    ({"person_id": "P-1"}, "“人ID”（person_id）"),
])
def test_domain_invalid_values_of_a_spell_are_rejected(server, laptop, fields, label):
    _, _, _, pid = synced_person(laptop)
    spell = {"person_id": pid, "form": "外出务工", "start_date": "2024-01-01", "monthly_income": 3500}
    control = {"change_id": uid(), "entity": "employment", "record_id": uid(), "fields": spell}
    bad = {"change_id": uid(), "entity": "employment", "record_id": uid(), "fields": {**spell, **fields}}
    answer = push(server, [bad, control])
    assert [a["change_id"] for a in answer["acks"]] == [control["change_id"]]
    [rej] = answer["rejected"]
    assert rej["code"] == "bad_value" and label in rej["reason"], rej["reason"]


def test_a_non_uuid_record_id_is_rejected_alone_and_the_queue_keeps_moving(server, laptop):
    """A record kept under an id like "H-001" (a hand-typed workbook id of an older program) used to fail
    the whole request with an English 422 at every round, so nothing synced any more."""
    path, engine = laptop("va")
    bad = add_household(path, VILLAGE, id="H-001")
    hh = add_household(path, VILLAGE)
    pid = add_person(path, hh, "好人", "610328198503040038")
    add_employment(path, pid)
    report = engine.sync_once(force=True)
    assert report.pushed == 3                                  # the three others are acknowledged
    [rej] = report.rejected
    assert (rej.record_id, rej.code) == (bad, "bad_value")
    assert "H-001" in rej.reason and "不是本程序生成的编号" in rej.reason
    assert [(r["record_id"], r["state"]) for r in query(path, "SELECT record_id, state FROM outbox")] == \
        [("H-001", "error")]
    assert row(path, "person", pid)["sync_state"] == "synced"
    again = engine.sync_once(force=True)                       # later rounds work
    assert (again.pushed, again.rejected, again.count_mismatch) == (0, [], {}), again   # not resent until edited
    other_path, other = laptop("va2")
    other.sync_once(force=True)
    assert row(other_path, "person", pid)["name"] == "好人" and row(other_path, "household", "H-001") is None


def test_a_base_above_the_servers_counter_does_not_overwrite(server, laptop):
    """A base no server handed out cannot be 'the newest value': the edit is merged as if made on an
    unknown version, so the server's value stays and the pushed one is kept in a conflict record."""
    path, engine, hh, pid = synced_person(laptop)
    change = {"change_id": uid(), "entity": "person", "record_id": pid, "fields": {"name": "李四"},
              "base": {"name": 10 ** 15}}
    answer = push(server, [change])
    [ack] = answer["acks"]
    assert ack["conflicts"] == ["name"]
    other_path, other = laptop("va2")
    other.sync_once(force=True)
    assert row(other_path, "person", pid)["name"] == "张三"
    [conflict] = [c for c in list_conflicts(other_path) if c.record_id == pid]
    values = (str(conflict.local_value), str(conflict.server_value))
    assert conflict.field == "name" and any("李四" in v for v in values) and any("张三" in v for v in values)
    # a base the server did hand out still applies as before
    seq = push(server, [{"change_id": uid(), "entity": "person", "record_id": pid, "fields": {"note": "x"},
                         "base": {"note": 0}}])["acks"][0]["seq"]
    answer = push(server, [{"change_id": uid(), "entity": "person", "record_id": pid, "fields": {"note": "y"},
                            "base": {"note": seq}}])
    assert answer["acks"][0]["conflicts"] == []
    negative = push(server, [{"change_id": uid(), "entity": "person", "record_id": pid, "fields": {"note": "z"},
                              "base": {"note": -1}}])
    assert negative["rejected"][0]["code"] == "bad_value" and "基础版本" in negative["rejected"][0]["reason"]


def test_rejections_name_the_household_by_its_number_and_the_person_by_name(server, laptop):
    path, engine = laptop("va")
    hh = add_household(path, "610328100299", hh_no="6103281002990001")       # another village
    pid = add_person(path, hh, "王五", "610328198503040054")
    report = engine.sync_once(force=True)
    reasons = {r.record_id: r.reason for r in report.rejected}
    assert "户编号 6103281002990001" in reasons[hh] and hh in reasons[hh]
    assert "“王五”" in reasons[pid] and pid in reasons[pid] and hh in reasons[pid]


def test_every_4xx_is_chinese_with_a_code(server):
    h = {PROTOCOL_HEADER: "1"}
    r = requests.get(server.url + "/api/v1/nothing-here", headers=h, timeout=10)
    assert r.status_code == 404 and r.json()["code"] == "not_found" and "没有这个地址" in r.json()["detail"]
    r = requests.get(server.url + "/api/v1/sync", headers=h, timeout=10)
    assert r.status_code == 405 and r.json()["code"] == "method_not_allowed"
    assert "/api/v1/sync" in r.json()["detail"] and "POST" in r.json()["detail"]
    r = requests.post(server.url + "/api/v1/login", json={"username": "va"}, headers=h, timeout=10)
    assert r.status_code == 422 and r.json()["code"] == "invalid_body"
    assert "缺少必填字段“密码”（password）" in r.json()["detail"]
    auth = {**h, "Authorization": f"Bearer {token(server)}"}
    r = requests.post(server.url + "/api/v1/sync", json={"client_id": "c", "cursor": "x"}, headers=auth, timeout=10)
    assert r.status_code == 422 and "“同步游标”（cursor）应为整数" in r.json()["detail"]
    r = requests.post(server.url + "/api/v1/sync", json={"cursor": 0}, headers=auth, timeout=10)
    assert r.status_code == 422 and "缺少必填字段“设备编号”（client_id）" in r.json()["detail"]
    r = requests.post(server.url + "/api/v1/sync", json={"client_id": "c", "cursor": 0, "push": [{"change_id": "x"}]},
                      headers=auth, timeout=10)
    assert r.status_code == 422 and "第 1 条修改的“修改编号”（push.0.change_id）格式不对" in r.json()["detail"]
    r = requests.post(server.url + "/api/v1/sync", json={"client_id": "c", "cursor": 0}, timeout=10)
    assert r.status_code == 400 and r.json()["code"] == "bad_request" and "请求头" in r.json()["detail"]
    r = requests.get(server.url + "/api/v1/me", headers=h, timeout=10)
    assert r.status_code == 401 and r.json()["code"] == "not_logged_in"
    for r in (requests.get(server.url + "/x", timeout=10),
              requests.put(server.url + "/api/v1/login", json={}, headers=h, timeout=10)):
        text = r.json()["detail"]
        assert 400 <= r.status_code < 500 and r.json()["code"]
        assert not any(w in text for w in ("Not Found", "Method Not Allowed", "Field required", "Expected", "Input"))
