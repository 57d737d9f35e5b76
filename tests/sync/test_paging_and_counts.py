"""Paged pull resuming after an interruption; the final count check and its repair."""
from __future__ import annotations

import pytest

from sync.client import ServerUnreachable

from .conftest import VILLAGE_A
from .localdb import add_household, add_person, open_db, query


def _many(path, households=10, per=4):
    for i in range(households):
        hh = add_household(path, VILLAGE_A, hh_no=f"H{i}")
        for j in range(per):
            add_person(path, hh, f"人{i}-{j}", f"4101011990{i:02d}{j:02d}0000")


def test_push_goes_in_batches_and_pull_in_pages(laptop):
    a = laptop("va", "a", push_batch=20)
    _many(a.path)                                   # 50 records
    ra = a.sync()
    assert (ra.pushed, ra.requests) == (50, 1 + 3)  # hello + 3 batches of <= 20
    b = laptop("va", "b", pull_limit=15)
    progress = []
    rb = b.sync(progress=progress.append)
    assert rb.pulled == 50 and rb.requests == 1 + 4
    assert [p.pulled for p in progress] == [15, 30, 45, 50]
    assert [p.more for p in progress] == [True, True, True, False]


def test_interrupted_pull_resumes_from_its_last_page(laptop):
    a = laptop("va", "a")
    _many(a.path)
    a.sync()
    b = laptop("va", "b", pull_limit=15)
    b.adapter.fail_after = b.adapter.calls + 3          # hello + 2 pages, then the link drops
    with pytest.raises(ServerUnreachable):
        b.sync()
    have = query(b.path, "SELECT (SELECT count(*) FROM household) + (SELECT count(*) FROM person) n")[0]["n"]
    assert have == 30
    cursor = int(query(b.path, "SELECT value FROM meta WHERE key = 'sync_cursor'")[0]["value"])
    assert cursor > 0

    b.adapter.fail_after = None
    b.engine.transport.reset_circuit()
    rest = b.sync()
    assert rest.pulled == 20 and rest.requests == 2       # the two remaining pages only
    assert query(b.path, "SELECT count(*) n FROM person") == [{"n": 40}]


def test_count_check_repairs_a_damaged_ledger(laptop):
    a = laptop("va", "a")
    _many(a.path, households=3, per=2)
    a.sync()
    conn = open_db(a.path)
    conn.execute("DELETE FROM person WHERE id IN (SELECT id FROM person LIMIT 2)")  # e.g. a restored backup
    conn.close()
    report = a.sync()
    assert report.repaired and report.count_mismatch == {}
    assert query(a.path, "SELECT count(*) n FROM person") == [{"n": 6}]


def test_count_check_never_deletes_local_pending_rows(laptop):
    a = laptop("va", "a")
    _many(a.path, households=2, per=1)
    a.sync()
    conn = open_db(a.path)
    conn.execute("UPDATE household SET server_versions = '{}' WHERE hh_no = 'H0'")  # looks local-only now
    conn.close()
    add_household(a.path, VILLAGE_A, hh_no="new")
    report = a.sync()
    assert report.repaired and report.count_mismatch == {}
    assert query(a.path, "SELECT count(*) n FROM household") == [{"n": 3}]


def test_pull_with_township_scope_uses_pages_too(laptop):
    a = laptop("va", "a")
    _many(a.path, households=5, per=1)
    a.sync()
    town = laptop("tw", "town", pull_limit=4)
    report = town.sync()
    assert report.pulled == 10 and report.requests == 1 + 3 and report.count_mismatch == {}


def test_a_replaced_server_database_is_pulled_again_from_zero(laptop, app):
    a, b = laptop("va", "a"), laptop("va", "b")
    _many(a.path, households=2, per=2)
    a.sync()
    assert b.sync().pulled == 6
    app.state.instance_id = "f" * 32              # as if the county restored another database
    again = b.sync()
    assert again.pulled == 6 and again.count_mismatch == {}
    assert query(b.path, "SELECT value FROM meta WHERE key = 'server_instance'") == [{"value": "f" * 32}]
