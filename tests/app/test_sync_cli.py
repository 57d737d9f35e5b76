"""The sync commands of village-ledger against a real county-server process on 127.0.0.1 (SQLite):
login (wrong password, region name, token file 0600), sync exit codes (0 in sync, 1 rejected and listed,
3 server down with the ledger untouched), conflicts listed humanly and resolved, township view-only,
logout. The CLI runs as a subprocess, exactly as a user or a script would run it."""
from __future__ import annotations

import json
import os
import sqlite3
import stat
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from desktop.domain.idnumber import make_id_number
from desktop.domain.codes import Relation
from desktop.domain.models import Household, Person
from desktop.store.ledger import Ledger
# tests/sync is the package `sync` for pytest (tests/ is on sys.path); its server_proc is the one helper that
# starts county servers for every test
from sync.server_proc import ServerProcess, free_port, make_county_ca

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "village-pass-1"
TOWNSHIP = "610302001000"                 # 宝鸡市渭滨区金陵街道
VILLAGE = "610302001001"                  # 新建路东段社区
OTHER_VILLAGE = "610302001002"            # 新开路社区
# no OS keyring in tests: the token goes to <data-dir>/token.json (0600)
ENV = {**os.environ, "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring", "PYTHONUTF8": "1"}


def county_server(tmp: Path, **kw) -> ServerProcess:
    """`county-server init`, `add-account` (va, va2 of the village, tw of the township) on an SQLite file in
    `tmp`; `.start()` serves it on a free port of 127.0.0.1 (ready when /api/v1/hello answers)."""
    accounts = [("va", "village", VILLAGE), ("va2", "village", VILLAGE), ("va3", "village", VILLAGE),
                ("tw", "township", TOWNSHIP)]
    return ServerProcess(f"sqlite:///{tmp / 'county.db'}", **kw).setup(accounts, PASSWORD)


@pytest.fixture(scope="module")
def county(tmp_path_factory):
    server = county_server(tmp_path_factory.mktemp("county")).start()
    yield server
    server.stop()


def vl(data_dir: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "desktop", "--data-dir", str(data_dir), *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=120, env=ENV)


def login(county, data_dir, user="va", password=PASSWORD):
    return vl(data_dir, "login", "--server", county.url, "--username", user, "--password", password)


def add_person(data_dir: Path, name: str, village=VILLAGE, serial=1):
    ledger = Ledger.open(data_dir / "ledger.sqlite")
    try:
        household = Household(village_code=village)
        ledger.save(household)
        person = Person(household_id=household.id, name=name, relation=Relation.HEAD,
                        id_number=make_id_number("610302", date(1980, 1, serial % 28 + 1), serial))
        ledger.save(person)
        return household, person
    finally:
        ledger.close()


def edit_phone(data_dir: Path, person: Person, phone: str) -> None:
    ledger = Ledger.open(data_dir / "ledger.sqlite")
    try:
        stored = ledger.person(person.id)
        stored.phone = phone
        ledger.save(stored)
    finally:
        ledger.close()


def snapshot(data_dir: Path) -> dict:
    """The ledger's records and queued changes (meta may note the failed attempt)."""
    conn = sqlite3.connect(data_dir / "ledger.sqlite")
    try:
        return {t: conn.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall()
                for t in ("household", "person", "employment", "outbox", "conflict")}
    finally:
        conn.close()


# ------------------------------------------------------------------------------------------ login
def test_login_with_a_wrong_password_is_refused_clearly(county, tmp_path):
    done = login(county, tmp_path, password="not-the-password")
    assert done.returncode == 1
    assert "用户名或密码错误" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "token.json").exists()


def test_too_many_wrong_passwords_pause_the_account_even_for_the_right_one(county, tmp_path):
    tries = [login(county, tmp_path, user="va3", password="not-the-password") for _ in range(5)]
    assert [t.returncode for t in tries] == [1] * 5
    assert "登录失败：用户名或密码错误（15 分钟内再输错 1 次，该账号将暂停登录 15 分钟）。" in tries[3].stderr
    assert "已输错 5 次" in tries[4].stderr
    done = login(county, tmp_path, user="va3")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "登录尝试过于频繁" in done.stderr and "分钟后再试" in done.stderr and "正确的密码也要等" in done.stderr
    assert not (tmp_path / "token.json").exists()


def test_login_prints_the_account_and_region_and_keeps_the_token_private(county, tmp_path):
    done = login(county, tmp_path)
    assert done.returncode == 0, done.stderr
    assert "va（村级账号）" in done.stdout
    assert "陕西省宝鸡市渭滨区金陵街道新建路东段社区" in done.stdout
    token_file = tmp_path / "token.json"
    assert stat.S_IMODE(token_file.stat().st_mode) == 0o600
    assert PASSWORD not in token_file.read_text()


def test_login_to_an_unreachable_server_exits_3(tmp_path):
    done = vl(tmp_path, "login", "--server", f"http://127.0.0.1:{free_port()}", "--username", "va",
              "--password", PASSWORD)
    assert done.returncode == 3
    assert "无法连接县服务器" in done.stderr


def test_an_unusable_address_is_a_usage_error(tmp_path):
    done = vl(tmp_path, "login", "--server", "ftp://county", "--username", "va", "--password", PASSWORD)
    assert done.returncode == 2
    assert "服务器地址" in done.stderr


def test_township_login_says_it_can_only_view(county, tmp_path):
    done = login(county, tmp_path, user="tw")
    assert done.returncode == 0, done.stderr
    assert "乡镇账号" in done.stdout and "只能查看" in done.stdout


# ------------------------------------------------------------------------------------------ sync
def test_sync_sends_local_changes_and_reports_in_sync(county, tmp_path):
    assert login(county, tmp_path).returncode == 0
    add_person(tmp_path, "王建国", serial=11)
    done = vl(tmp_path, "sync")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "上传 2 条修改" in done.stdout and "已一致" in done.stdout
    assert snapshot(tmp_path)["outbox"] == []
    # a second laptop of the village receives them
    other = tmp_path / "other"
    assert login(county, other, user="va2").returncode == 0
    assert vl(other, "sync").returncode == 0
    assert any(row[2] == "王建国" for row in snapshot(other)["person"])


def test_sync_without_login_says_to_log_in(tmp_path):
    done = vl(tmp_path, "sync")
    assert done.returncode == 1
    assert "登录" in done.stderr


def test_sync_with_the_server_down_exits_3_and_leaves_the_ledger_as_it_was(tmp_path):
    (tmp_path / "srv").mkdir()
    server = county_server(tmp_path / "srv").start()
    try:
        assert login(server, tmp_path / "laptop").returncode == 0
    finally:
        server.stop()
    add_person(tmp_path / "laptop", "李秀英", serial=12)
    before = snapshot(tmp_path / "laptop")
    done = vl(tmp_path / "laptop", "sync")
    assert done.returncode == 3
    assert "无法连接县服务器" in done.stderr and "本机" in done.stderr
    assert snapshot(tmp_path / "laptop") == before
    assert len(before["outbox"]) == 2


def test_a_rejected_change_exits_1_names_the_record_and_reason_and_the_rest_goes_through(county, tmp_path):
    assert login(county, tmp_path).returncode == 0
    add_person(tmp_path, "赵外村", village=OTHER_VILLAGE, serial=13)     # not this account's village
    add_person(tmp_path, "钱本村", serial=14)
    done = vl(tmp_path, "sync")
    assert done.returncode == 1
    assert "被服务器退回" in done.stderr
    assert "赵外村户" in done.stderr and "本账号" in done.stderr and OTHER_VILLAGE in done.stderr
    outbox = snapshot(tmp_path)["outbox"]
    assert {row[2] for row in outbox} == {"household", "person"}         # only 赵外村's two changes stay
    assert all(row[7] == "error" for row in outbox)
    listed = json.loads(vl(tmp_path, "conflicts", "--json").stdout)
    assert {r["record"].split("（")[0] for r in listed["rejected"]} == {"赵外村户", "赵外村"}


# ------------------------------------------------------------------------------------------ conflicts
def test_conflicts_are_listed_with_both_values_and_resolving_syncs_the_choice(county, tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    assert login(county, a).returncode == 0 and login(county, b, user="va2").returncode == 0
    _, person = add_person(a, "孙丽华", serial=15)
    assert vl(a, "sync").returncode == 0 and vl(b, "sync").returncode == 0
    edit_phone(a, person, "13800000001")
    edit_phone(b, person, "13900000002")
    assert vl(a, "sync").returncode == 0
    done = vl(b, "sync")
    assert done.returncode == 0, done.stderr
    assert "冲突" in done.stdout

    listed = json.loads(vl(b, "conflicts", "--json").stdout)
    mine = [c for c in listed["conflicts"] if c["record_id"] == person.id]
    assert len(mine) == 1
    conflict = mine[0]
    assert conflict["record"] == f"孙丽华（身份证 {person.id_number}）"
    assert conflict["field_label"] == "成员联系电话"
    assert (conflict["local_text"], conflict["server_text"]) == ("13900000002", "13800000001")
    text = vl(b, "conflicts").stdout
    assert "孙丽华" in text and "成员联系电话" in text and conflict["id"] in text

    done = vl(b, "conflicts", "resolve", conflict["id"], "--keep", "local")
    assert done.returncode == 0, done.stderr
    assert "13900000002" in done.stdout
    assert vl(b, "sync").returncode == 0
    assert vl(a, "sync").returncode == 0
    phones = {row[2]: row[17] for row in snapshot(a)["person"]}
    assert phones["孙丽华"] == "13900000002"
    assert [c for c in json.loads(vl(b, "conflicts", "--json").stdout)["conflicts"]
            if c["record_id"] == person.id] == []


def test_resolving_an_unknown_conflict_is_refused(county, tmp_path):
    assert login(county, tmp_path).returncode == 0
    done = vl(tmp_path, "conflicts", "resolve", "no-such-conflict", "--keep", "server")
    assert done.returncode == 1
    assert "找不到" in done.stderr


def test_no_conflicts_says_so(tmp_path):
    done = vl(tmp_path, "conflicts")
    assert done.returncode == 0 and "没有未处理的冲突" in done.stdout


# ------------------------------------------------------------------------------------------ https
def test_login_over_https_uses_the_county_ca_file(tmp_path):
    (tmp_path / "srv").mkdir()
    ca, cert, key = make_county_ca(tmp_path / "srv")
    server = county_server(tmp_path / "srv", certfile=cert, keyfile=key, ca=ca).start()   # serve --certfile
    try:
        assert server.url.startswith("https://")
        laptop = tmp_path / "laptop"
        args = ["login", "--server", server.url, "--username", "va", "--password", PASSWORD]
        done = vl(laptop, *args)
        assert done.returncode == 3 and "证书" in done.stderr                # the county CA is not trusted
        not_pem = tmp_path / "notes.txt"
        not_pem.write_text("not a certificate")
        done = vl(laptop, *args, "--ca-file", str(not_pem))
        assert done.returncode == 2 and "证书" in done.stderr
        done = vl(laptop, *args, "--ca-file", str(ca))
        assert done.returncode == 0, done.stderr
        add_person(laptop, "吴加密", serial=17)
        done = vl(laptop, "sync")                                       # the CA file is remembered
        assert done.returncode == 0, done.stderr
        assert "上传 2 条修改" in done.stdout
    finally:
        server.stop()


# ------------------------------------------------------------------------------------------ logout
def test_logout_forgets_the_token_and_keeps_the_data(county, tmp_path):
    assert login(county, tmp_path).returncode == 0
    add_person(tmp_path, "周退出", serial=16)
    done = vl(tmp_path, "logout")
    assert done.returncode == 0 and "已退出" in done.stdout
    assert json.loads((tmp_path / "token.json").read_text()) == {}
    assert len(snapshot(tmp_path)["outbox"]) == 2
    assert vl(tmp_path, "sync").returncode == 1


# ------------------------------------------------------------------------------------------ search
def test_a_person_pulled_from_the_county_is_found_by_search_on_the_other_laptop(county, tmp_path):
    from desktop.store.search import search_person_ids
    first, second = tmp_path / "first", tmp_path / "second"
    _, person = add_person(first, "曾秀兰", serial=21)
    for laptop in (first, second):
        assert login(county, laptop).returncode == 0
    assert vl(first, "sync").returncode == 0
    assert vl(second, "sync").returncode == 0
    ledger = Ledger.open(second / "ledger.sqlite")
    try:
        assert ledger.person(person.id).name == "曾秀兰"
        for query in ("曾秀兰", "ceng", "zxl", person.id_number[-6:]):
            assert person.id in search_person_ids(ledger.conn, query), query
    finally:
        ledger.close()


def test_a_demo_ledger_cannot_log_in_so_invented_people_never_reach_the_county(county, tmp_path):
    assert vl(tmp_path, "demo", "--households", "3").returncode == 0
    done = login(county, tmp_path)
    assert done.returncode == 1
    assert "演示台账" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "token.json").exists()


# ------------------------------------------------------------------------------------------ read-only accounts
def _conflict_between_two_village_laptops(county, a: Path, b: Path, name: str, serial: int):
    """a's phone reaches the county first (it stays), b's loses: the conflict record is pulled by both."""
    assert login(county, a).returncode == 0 and login(county, b, user="va2").returncode == 0
    _, person = add_person(a, name, serial=serial)
    assert vl(a, "sync").returncode == 0 and vl(b, "sync").returncode == 0
    edit_phone(a, person, "13811111111")
    edit_phone(b, person, "13822222222")
    assert vl(a, "sync").returncode == 0
    assert vl(b, "sync").returncode == 0
    assert vl(a, "sync").returncode == 0
    return person


def test_a_township_laptop_says_its_changes_are_held_back_and_cannot_import_or_resolve(county, tmp_path):
    village, township = tmp_path / "village", tmp_path / "township"
    person = _conflict_between_two_village_laptops(county, village, tmp_path / "other", "沈乡看", 41)
    assert login(county, township, user="tw").returncode == 0
    assert vl(township, "sync").returncode == 0
    edit_phone(township, person, "13733333333")             # edited anyway (e.g. by a script)
    done = vl(township, "sync")
    assert done.returncode == 1
    assert "本机有 1 条修改没有上传：乡镇账号只能查看各村台账，不能修改" in done.stderr
    assert "已一致" not in done.stdout

    sheet = tmp_path / "村台账.xlsx"
    sheet.write_bytes(b"PK")                                  # refused before the file is read
    done = vl(township, "import", str(sheet))
    assert done.returncode == 1
    assert done.stderr.startswith("不能导入：乡镇账号只能查看各村台账，不能修改。") and "村级账号" in done.stderr

    conflict = [c for c in json.loads(vl(township, "conflicts", "--json").stdout)["conflicts"]
                if c["record_id"] == person.id][0]
    before = snapshot(township)
    done = vl(township, "conflicts", "resolve", conflict["id"], "--keep", "server")
    assert done.returncode == 1
    assert "乡镇账号只能查看，不能处理冲突" in done.stderr and "Traceback" not in done.stderr
    assert snapshot(township) == before


# ------------------------------------------------------------------------------------------ whose value
def test_each_laptop_is_told_truthfully_whose_conflict_value_is_whose(county, tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    person = _conflict_between_two_village_laptops(county, a, b, "韦两台", 42)
    # b submitted the value that lost: it is b's own
    text = vl(b, "conflicts").stdout
    assert "本机的值：13822222222" in text and "县服务器上的值：13811111111" in text
    assert "--keep local：改回本机的值“13822222222”" in text
    # a's value won: the other value is not called a's
    text = vl(a, "conflicts").stdout
    assert "本机的值" not in text
    assert "其他电脑提交的值（未采用）：13822222222" in text and "现在的值：13811111111" in text
    assert "--keep local：改用其他电脑提交的值“13822222222”；--keep server：保留现在的值“13811111111”" in text
    [mine] = [c for c in json.loads(vl(a, "conflicts", "--json").stdout)["conflicts"] if c["record_id"] == person.id]
    assert (mine["lost_here"], mine["local_label"], mine["server_label"]) == (False, "其他电脑提交的值（未采用）",
                                                                             "现在的值")
    [theirs] = [c for c in json.loads(vl(b, "conflicts", "--json").stdout)["conflicts"]
                if c["record_id"] == person.id]
    assert (theirs["lost_here"], theirs["local_label"]) == (True, "本机的值")
    # on a, keeping "server" keeps a's own value, and says so
    done = vl(a, "conflicts", "resolve", mine["id"], "--keep", "server")
    assert done.returncode == 0, done.stderr
    assert "保留现在的值“13811111111”" in done.stdout
    phones = {row[2]: row[17] for row in snapshot(a)["person"]}
    assert phones["韦两台"] == "13811111111"


# ------------------------------------------------------------------------------------------ small messages
def test_output_cut_short_by_the_reader_is_not_an_error(county, tmp_path):
    """`village-ledger conflicts --json | head`: the reader is gone before the program writes (the pipe has
    no reading end at all), so every write fails with EPIPE. No 程序内部出错, nothing on stderr."""
    _conflict_between_two_village_laptops(county, tmp_path / "a", tmp_path / "b", "段管道", 43)
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        done = subprocess.run([sys.executable, "-m", "desktop", "--data-dir", str(tmp_path / "a"), "conflicts",
                               "--json"], stdout=write_end, stderr=subprocess.PIPE, cwd=ROOT, text=True,
                              timeout=120, env=ENV)
    finally:
        os.close(write_end)
    assert done.stderr == ""
    assert done.returncode == 0


def test_a_wrong_password_reads_as_one_sentence(county, tmp_path):
    done = login(county, tmp_path, user="va2", password="not-the-password")
    assert done.returncode == 1
    assert done.stderr.startswith("登录失败：用户名或密码错误")
    assert done.stderr.count("用户名或密码错误") == 1


def test_every_record_kind_in_a_count_mismatch_has_a_chinese_name():
    from desktop import sync_support as S
    for entity in ("household", "person", "employment", "duplicate", "conflict"):
        assert S.ENTITY_LABELS[entity] and not S.ENTITY_LABELS[entity].isascii()
