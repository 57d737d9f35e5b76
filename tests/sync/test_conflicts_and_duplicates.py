"""Same-field conflicts kept and resolved; duplicate ID numbers flagged to both villages."""
from __future__ import annotations

from sync.client import list_conflicts, list_duplicates, resolve_conflict, resolve_duplicate

from .conftest import VILLAGE_A, VILLAGE_B
from .localdb import add_household, add_person, edit, query, row


def _shared_person(a, b):
    hh = add_household(a.path, VILLAGE_A)
    p = add_person(a.path, hh, "张三", "410101199001010011", phone="1")
    a.sync(); b.sync()
    return p


def test_same_field_edited_on_two_laptops_first_stays_and_loser_is_kept(laptop):
    a, b = laptop("va", "a"), laptop("va", "b")
    p = _shared_person(a, b)
    edit(a.path, "person", p, phone="13900000001")
    edit(b.path, "person", p, phone="13900000002")
    a.sync()
    rb = b.sync()
    a.sync()

    assert rb.conflicts == 1 and rb.rejected == []
    for lap in (a, b):
        assert row(lap.path, "person", p)["phone"] == "13900000001"          # server order wins
        [c] = list_conflicts(lap.path)
        assert (c.entity, c.record_id, c.field) == ("person", p, "phone")
        assert (c.local_value, c.server_value) == ("13900000002", "13900000001")
    assert row(b.path, "person", p)["sync_state"] == "conflict"
    assert query(b.path, "SELECT count(*) n FROM outbox") == [{"n": 0}]


def test_resolving_keep_local_syncs_the_value_and_the_resolution(laptop):
    a, b = laptop("va", "a"), laptop("va", "b")
    p = _shared_person(a, b)
    edit(a.path, "person", p, phone="A")
    edit(b.path, "person", p, phone="B")
    a.sync(); b.sync()
    [c] = list_conflicts(b.path)

    resolve_conflict(b.path, c.id, "local")
    assert row(b.path, "person", p)["phone"] == "B"
    report = b.sync()
    a.sync()

    assert report.rejected == [] and report.conflicts == 0
    for lap in (a, b):
        assert row(lap.path, "person", p)["phone"] == "B"
        assert row(lap.path, "person", p)["sync_state"] == "synced"
        assert list_conflicts(lap.path) == []
        [done] = list_conflicts(lap.path, open_only=False)
        assert done.resolution == "local"


def test_resolving_keep_server_leaves_the_value(laptop):
    a, b = laptop("va", "a"), laptop("va", "b")
    p = _shared_person(a, b)
    edit(a.path, "person", p, name="张三丰")
    edit(b.path, "person", p, name="张叁")
    a.sync(); b.sync()
    [c] = list_conflicts(b.path)
    resolve_conflict(b.path, c.id, "server")
    b.sync(); a.sync()
    for lap in (a, b):
        assert row(lap.path, "person", p)["name"] == "张三丰"
        assert list_conflicts(lap.path) == []


def test_conflicts_are_visible_to_the_county(laptop):
    a, b = laptop("va", "a"), laptop("va", "b")
    p = _shared_person(a, b)
    edit(a.path, "person", p, phone="A")
    edit(b.path, "person", p, phone="B")
    a.sync(); b.sync()
    county = laptop("co", "county")
    county.sync()
    assert [(c.record_id, c.local_value) for c in list_conflicts(county.path)] == [(p, "B")]


def test_delete_against_edit_is_no_conflict_and_both_apply(laptop):
    a, b = laptop("va", "a"), laptop("va", "b")
    p = _shared_person(a, b)
    edit(a.path, "person", p, deleted=1)
    edit(b.path, "person", p, phone="2")
    a.sync(); b.sync(); a.sync()
    for lap in (a, b):
        got = row(lap.path, "person", p)
        assert (got["deleted"], got["phone"]) == (1, "2")


def test_same_id_number_in_two_villages_is_flagged_to_both(laptop):
    a, b = laptop("va", "a"), laptop("vb", "b")
    pa = add_person(a.path, add_household(a.path, VILLAGE_A), "张三", "410101199001010011")
    pb = add_person(b.path, add_household(b.path, VILLAGE_B), "张三", "410101199001010011")
    a.sync()
    rb = b.sync()
    ra = a.sync()

    assert rb.duplicates == 1 and ra.duplicates == 1
    [da] = list_duplicates(a.path)
    [db] = list_duplicates(b.path)
    assert (da.person_id, da.other_person_id, da.other_village_code) == (pa, pb, VILLAGE_B)
    assert (db.person_id, db.other_person_id, db.other_village_code, db.other_name) == (pb, pa, VILLAGE_A, "张三")

    # merge path: village B drops its copy; both flags clear themselves
    edit(b.path, "person", pb, deleted=1)
    b.sync(); a.sync()
    assert list_duplicates(a.path) == [] and list_duplicates(b.path) == []
    assert list_duplicates(a.path, open_only=False)[0].resolution == "cleared"


def test_duplicate_in_one_village_and_manual_resolution(laptop):
    a, b = laptop("va", "a"), laptop("va", "b")
    hh = add_household(a.path, VILLAGE_A)
    a.sync(); b.sync()
    add_person(a.path, hh, "李四", "410101199001010022")
    add_person(b.path, hh, "李四", "410101199001010022")
    a.sync(); b.sync(); a.sync()
    flags = list_duplicates(a.path)
    assert len(flags) == 2 and len(list_duplicates(b.path)) == 2
    for flag in flags:
        resolve_duplicate(a.path, flag.id, "not_same")
    a.sync(); b.sync()
    assert list_duplicates(b.path) == []
    assert {d.resolution for d in list_duplicates(b.path, open_only=False)} == {"not_same"}
