"""Scope by region code, rejected changes kept in error without blocking the rest."""
from __future__ import annotations

import json

from sync.protocol import PROTOCOL_HEADER

from .conftest import URL, VILLAGE_A, VILLAGE_B, VILLAGE_OTHER_TOWN
from .localdb import add_employment, add_household, add_person, edit, query, row


def test_rejected_change_stays_in_error_and_does_not_block_others(laptop):
    a = laptop("va")
    hh = add_household(a.path, VILLAGE_A)
    orphan = add_person(a.path, "01a21ccb-0000-7000-8000-000000000000", "孤儿", "410101199001010000")
    ok = add_person(a.path, hh, "李四", "410101199001010011")
    report = a.sync()

    assert report.pushed == 2
    [rej] = report.rejected
    assert (rej.record_id, rej.code) == (orphan, "parent_missing") and "户记录" in rej.reason
    assert query(a.path, "SELECT record_id, state FROM outbox") == [{"record_id": orphan, "state": "error"}]
    assert row(a.path, "person", orphan)["sync_state"] == "error"
    assert row(a.path, "person", ok)["sync_state"] == "synced"

    again = a.sync()                                   # error rows are not resent until edited
    assert (again.pushed, again.rejected, again.requests) == (0, [], 1)

    edit(a.path, "person", orphan, household_id=hh)    # fixed: the store puts it back in the queue
    fixed = a.sync()
    assert (fixed.pushed, fixed.rejected) == (2, [])
    assert row(a.path, "person", orphan)["sync_state"] == "synced"


def test_unknown_field_and_bad_value_are_named(laptop):
    a = laptop("va")
    t = a.engine.transport
    change = {"change_id": "01a21ccb-53b2-73ac-9dae-e2f75774ac45", "entity": "household",
              "record_id": "01a21ccb-53b2-73ac-9dae-e2f75774ac46",
              "fields": {"village_code": VILLAGE_A, "hh_type": "脱贫户", "colour": "red"}}
    bad_type = {**change, "change_id": "01a21ccb-53b2-73ac-9dae-e2f75774ac47",
                "record_id": "01a21ccb-53b2-73ac-9dae-e2f75774ac49",
                "fields": {"village_code": VILLAGE_A, "hh_type": 5}}
    no_entity = {**change, "change_id": "01a21ccb-53b2-73ac-9dae-e2f75774ac48", "entity": "spaceship"}
    resp = t.post("/api/v1/sync", {"client_id": "c", "cursor": 0, "push": [change, bad_type, no_entity]})
    reasons = {r["code"]: r["reason"] for r in resp["rejected"]}
    assert set(reasons) == {"unknown_field", "bad_value", "unknown_entity"}
    assert "colour" in reasons["unknown_field"] and "hh_type" in reasons["bad_value"]
    assert "spaceship" in reasons["unknown_entity"]
    assert resp["acks"] == [] and resp["counts"]["household"] == 0


def test_village_cannot_write_another_village(laptop):
    a, b = laptop("va", "a"), laptop("vb", "b")
    hh = add_household(a.path, VILLAGE_A)
    a.sync()
    intruder_hh = add_household(b.path, VILLAGE_A)                 # b claims a household in village A
    sneaky = add_person(b.path, hh, "王五", "410101199001010022")   # and a person in a's household
    report = b.sync()
    assert {r.code for r in report.rejected} == {"out_of_scope", "parent_missing"} or \
        {r.code for r in report.rejected} == {"out_of_scope"}
    assert {r.record_id for r in report.rejected} == {intruder_hh, sneaky}
    assert query(a.path, "SELECT count(*) n FROM person") == [{"n": 0}]
    a.sync()
    assert query(a.path, "SELECT count(*) n FROM household") == [{"n": 1}]


def test_child_inherits_village_from_parent_on_the_server(laptop):
    a, b = laptop("va", "a"), laptop("vb", "b")
    hh = add_household(a.path, VILLAGE_A)
    p = add_person(a.path, hh, "赵六", "410101199001010033")
    add_employment(a.path, p)
    a.sync()
    rb = b.sync()
    assert rb.pulled == 0 and rb.count_mismatch == {}
    assert query(b.path, "SELECT count(*) n FROM person") == [{"n": 0}]


def test_township_reads_its_villages_and_writes_nothing(laptop):
    a, b, c = laptop("va", "a"), laptop("vb", "b"), laptop("vc", "c")
    add_household(a.path, VILLAGE_A)
    add_household(b.path, VILLAGE_B)
    add_household(c.path, VILLAGE_OTHER_TOWN)
    for lap in (a, b, c):
        lap.sync()
    town = laptop("tw", "town")
    report = town.sync()
    assert report.pulled == 2
    assert {r["village_code"] for r in query(town.path, "SELECT village_code FROM household")} == {VILLAGE_A,
                                                                                                  VILLAGE_B}
    county = laptop("co", "county")
    assert county.sync().pulled == 3

    add_household(town.path, VILLAGE_A)          # should not happen (the app disables editing) ...
    held = town.sync()                            # ... but then pulling still works and nothing is lost
    assert (held.held_back, held.pushed, held.ok) == (1, 0, False)     # not "everything in sync"
    assert query(town.path, "SELECT state FROM outbox") == [{"state": "pending"}]
    t = town.engine.transport
    r = t.session.post(URL + "/api/v1/sync", json={"client_id": "t", "cursor": 0, "push": [json.loads(
        '{"change_id": "01a21ccb-53b2-73ac-9dae-e2f75774ac45", "entity": "household", '
        '"record_id": "01a21ccb-53b2-73ac-9dae-e2f75774ac46", "fields": {"note": "x"}}')]},
        headers={PROTOCOL_HEADER: "1", "Authorization": f"Bearer {t.token}"}, timeout=5)
    assert r.status_code == 403 and "只能查看" in r.json()["detail"]
