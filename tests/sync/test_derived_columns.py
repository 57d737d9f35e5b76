"""Pulled persons are written with the store's derived search text (sync_hooks.DERIVED), on an initial
pull, on a merge with a local edit still in flight, and after a conflict is resolved."""
from __future__ import annotations

import sqlite3

from desktop.store.search import PersonSearch
from desktop.store.search_text import person_search_text
from desktop.store.sync_hooks import DERIVED, on_applied
from sync.client import SyncEngine
from sync.client.conflicts import resolve_conflict

from .conftest import VILLAGE_A
from .localdb import add_household, add_person, edit, query, row


def _search_text_is_current(path, person_id) -> str:
    got = row(path, "person", person_id)
    assert got["search_text"] == person_search_text(got)
    return got["search_text"]


def test_an_initial_pull_writes_the_search_text_of_every_person(laptop):
    a, b = laptop("va", "a"), laptop("va", "b", derived=DERIVED)
    hh = add_household(a.path, VILLAGE_A)
    people = [add_person(a.path, hh, name, f"41010119900101{i:03d}X", phone=f"1380000000{i}")
              for i, name in enumerate(["张三", "单田芳", "Ayi"])]
    a.sync()
    b.sync()
    texts = [_search_text_is_current(b.path, p) for p in people]
    assert "zhangsan" in texts[0] and "13800000000" in texts[0]
    assert "shantianfang" in texts[1]      # 单 read as a surname, as the store's own save does


def test_a_merged_row_gets_the_search_text_of_its_merged_values(laptop):
    a, b = laptop("va", "a"), laptop("va", "b")
    hh = add_household(a.path, VILLAGE_A)
    person = add_person(a.path, hh, "张三", "410101199001010011", phone="13800000000")
    a.sync(); b.sync()
    edit(a.path, "person", person, name="李四")
    a.sync()
    edit(b.path, "household", hh, note="先推送这一条")
    edit(b.path, "person", person, phone="13911112222")   # still in the outbox while the page is applied
    one_by_one = SyncEngine(b.path, transport=b.engine.transport, token_store=b.store, push_batch=1,
                            derived=DERIVED)
    one_by_one.sync_once()
    one_by_one.close()
    got = row(b.path, "person", person)
    assert (got["name"], got["phone"]) == ("李四", "13911112222")
    text = _search_text_is_current(b.path, person)
    assert "lisi" in text and "13911112222" in text and "zhangsan" not in text


def test_resolving_a_conflict_for_the_local_name_updates_the_search_text(laptop):
    a, b = laptop("va", "a", derived=DERIVED), laptop("va", "b", derived=DERIVED)
    hh = add_household(a.path, VILLAGE_A)
    person = add_person(a.path, hh, "张三", "410101199001010011")
    a.sync(); b.sync()
    edit(a.path, "person", person, name="王五")
    edit(b.path, "person", person, name="赵六")
    a.sync()
    assert b.sync().conflicts == 1
    assert "wangwu" in _search_text_is_current(b.path, person)       # the server's value won
    [conflict] = query(b.path, "SELECT id FROM conflict WHERE resolved_at IS NULL")
    resolve_conflict(b.path, conflict["id"], "local", on_applied=on_applied)
    assert "zhaoliu" in _search_text_is_current(b.path, person)


def test_pulled_renames_and_deletes_reach_the_apps_search_index(laptop):
    """The engine's upsert of a person already on the laptop fires the store's search triggers; they
    once failed it (UNIQUE person_search_change.person_id) whenever the deleted flag or the name changed."""
    a, b = laptop("va", "a"), laptop("va", "b", app_ledger=True, derived=DERIVED)
    hh = add_household(a.path, VILLAGE_A)
    zhang = add_person(a.path, hh, "张三", "410101199001010011")
    li = add_person(a.path, hh, "李四", "410101199001010027")
    a.sync()
    b.sync()
    conn = sqlite3.connect(b.path)
    try:
        index = PersonSearch(conn)
        assert index.ids("zhangsan") == [zhang] and index.ids("lisi") == [li]
        edit(a.path, "person", zhang, name="张山")
        edit(a.path, "person", li, deleted=1)
        a.sync()
        report = b.sync()
        assert report.pulled == 2 and report.rejected == []
        assert index.ids("zhangshan") == [zhang] and index.ids("lisi") == []
        newcomer = add_person(a.path, hh, "王五", "410101199001010035")
        a.sync()
        b.sync()
        assert index.ids("wangwu") == [newcomer]
    finally:
        conn.close()
