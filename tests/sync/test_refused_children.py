"""A change refused because its parent was refused goes out again, by itself, once the parent is fixed."""
from __future__ import annotations

from .conftest import VILLAGE_A, VILLAGE_B
from .localdb import add_employment, add_household, add_person, edit, query, row


def test_fixing_a_refused_household_sends_its_members_and_their_spells(laptop):
    a, b = laptop("va", "a"), laptop("va", "b")
    hh = add_household(a.path, VILLAGE_B)                 # another village: refused (out of scope)
    person = add_person(a.path, hh, "王五", "410101199001010011")
    spell = add_employment(a.path, person, employer="某厂")
    first = a.sync()
    assert sorted(r.entity for r in first.rejected) == ["employment", "household", "person"]
    assert {r["state"] for r in query(a.path, "SELECT state FROM outbox")} == {"error"}

    edit(a.path, "household", hh, village_code=VILLAGE_A)  # the fix the message asks for
    second = a.sync()

    assert second.rejected == [] and query(a.path, "SELECT * FROM outbox") == []
    b.sync()
    assert row(b.path, "person", person)["name"] == "王五"
    assert row(b.path, "employment", spell)["employer"] == "某厂"
    assert row(b.path, "household", hh)["village_code"] == VILLAGE_A


def test_a_child_refused_for_its_own_fault_stays_refused(laptop):
    a = laptop("va", "a")
    hh = add_household(a.path, VILLAGE_A)
    a.sync()
    person = add_person(a.path, hh, "王五", "410101199001010011", deleted="否")   # not 0 or 1: refused
    assert [r.entity for r in a.sync().rejected] == ["person"]
    edit(a.path, "household", hh, phone="13800000000")    # the household is accepted again
    report = a.sync()
    assert [r.entity for r in report.rejected] == ["person"]
    assert [(r["record_id"], r["state"]) for r in query(a.path, "SELECT record_id, state FROM outbox")] == [
        (person, "error")]
