"""Push and pull between two laptops of one village through the in-process server."""
from __future__ import annotations

import json

from sync.client import SyncEngine
from sync.versions import version

from .conftest import VILLAGE_A
from .localdb import add_employment, add_household, add_person, edit, query, row


def _seed(path, n=3):
    hh = add_household(path, VILLAGE_A, phone="13800000000")
    people = [add_person(path, hh, f"张{i}", f"41010119900101{i:03d}X") for i in range(n)]
    spells = [add_employment(path, p, employer="某厂") for p in people]
    return hh, people, spells


def test_push_then_pull_reaches_the_other_laptop(laptop):
    a, b = laptop("va", "a"), laptop("va", "b")
    hh, people, spells = _seed(a.path)

    ra = a.sync()
    rb = b.sync()

    assert (ra.pushed, ra.rejected, ra.requests) == (7, [], 2)   # hello + one sync request
    assert query(a.path, "SELECT count(*) n FROM outbox") == [{"n": 0}]
    assert {r["sync_state"] for r in query(a.path, "SELECT sync_state FROM person")} == {"synced"}
    assert rb.pulled == 7
    got = row(b.path, "person", people[1])
    assert (got["name"], got["household_id"], got["sync_state"]) == ("张1", hh, "synced")
    assert row(b.path, "household", hh)["phone"] == "13800000000"
    assert row(b.path, "employment", spells[2])["employer"] == "某厂"
    versions = json.loads(got["server_versions"])
    assert all(version(versions, f) > 0 for f in ("name", "id_number", "deleted", "household_id"))


def test_nothing_to_do_is_one_request_and_own_push_is_not_echoed(laptop):
    a = laptop("va", "a")
    _seed(a.path)
    first = a.sync()
    again = a.sync()
    assert first.pulled == 0                      # our own records are not sent back to us
    assert (again.requests, again.pushed, again.pulled) == (1, 0, 0)
    assert again.count_mismatch == {} and not again.repaired


def test_on_applied_hook_runs_in_the_pull_transaction(laptop):
    a = laptop("va", "a")
    seen = []

    def hook(conn, entity, ids):
        assert conn.in_transaction
        seen.append((entity, len(ids)))

    b = laptop("va", "b", on_applied=hook)
    _seed(a.path, 2)
    a.sync()
    b.sync()
    assert sorted(seen) == [("employment", 2), ("household", 1), ("person", 2)]


def test_replayed_change_is_applied_once(laptop, app):
    """The reply to a push is lost: the client sends the same changes again; the server answers the same."""
    a, b = laptop("va", "a"), laptop("va", "b")
    hh = add_household(a.path, VILLAGE_A)
    [change] = query(a.path, "SELECT change_id, entity, record_id, fields, base FROM outbox")
    body = {"client_id": "x", "cursor": 0, "pull_limit": 0,
            "push": [{**change, "fields": json.loads(change["fields"]), "base": {}}]}
    first = a.engine.transport.post("/api/v1/sync", body)
    second = a.engine.transport.post("/api/v1/sync", body)
    assert first["acks"] == second["acks"] and len(first["acks"]) == 1

    report = a.sync()                           # the outbox still holds it: sent a third time
    assert report.pushed == 1 and report.rejected == []
    b.sync()
    assert query(b.path, "SELECT id FROM household") == [{"id": hh}]
    assert a.engine.transport.post("/api/v1/sync", {**body, "push": [], "pull_limit": 100}
                                   )["counts"]["household"] == 1


def test_edits_of_different_fields_merge(laptop):
    a, b = laptop("va", "a"), laptop("va", "b")
    hh, people, _ = _seed(a.path, 1)
    a.sync(); b.sync()

    edit(a.path, "person", people[0], phone="13911112222")
    edit(b.path, "person", people[0], note="外出务工")
    a.sync(); b.sync(); a.sync()

    for lap in (a, b):
        got = row(lap.path, "person", people[0])
        assert (got["phone"], got["note"], got["sync_state"]) == ("13911112222", "外出务工", "synced")
        assert query(lap.path, "SELECT count(*) n FROM conflict") == [{"n": 0}]


def test_two_edits_of_one_field_on_one_laptop_do_not_conflict(laptop):
    a = laptop("va", "a")
    hh = add_household(a.path, VILLAGE_A, phone="1")
    a.sync()
    edit(a.path, "household", hh, phone="2")
    a.sync()
    edit(a.path, "household", hh, phone="3")
    edit(a.path, "household", hh, phone="4")
    report = a.sync()
    assert report.pushed == 2 and report.conflicts == 0
    assert row(a.path, "household", hh)["phone"] == "4"


def test_soft_delete_and_undo_sync_like_fields(laptop):
    a, b = laptop("va", "a"), laptop("va", "b")
    hh, people, _ = _seed(a.path, 1)
    a.sync(); b.sync()
    edit(a.path, "person", people[0], deleted=1)
    a.sync(); b.sync()
    assert row(b.path, "person", people[0])["deleted"] == 1
    edit(b.path, "person", people[0], deleted=0)
    b.sync(); a.sync()
    assert row(a.path, "person", people[0])["deleted"] == 0


def test_local_edit_in_flight_survives_a_pull(laptop):
    a, b = laptop("va", "a"), laptop("va", "b")
    hh = add_household(a.path, VILLAGE_A, phone="1", note="n1")
    a.sync(); b.sync()
    edit(a.path, "household", hh, note="from a")
    a.sync()
    edit(b.path, "household", hh, phone="from b")   # pending on b while b pulls a's note
    conn_report = SyncEngine(b.path, transport=b.engine.transport, token_store=b.store)
    conn_report.sync_once()
    got = row(b.path, "household", hh)
    assert (got["phone"], got["note"], got["sync_state"]) == ("from b", "from a", "synced")



def test_two_rounds_started_at_once_run_one_after_the_other(laptop):
    import threading
    a, b = laptop("va", "a"), laptop("va", "b")
    _seed(a.path, 3)
    reports = []
    threads = [threading.Thread(target=lambda: reports.append(a.sync())) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(r.pushed for r in reports) == [0, 7]
    assert b.sync().pulled == 7
