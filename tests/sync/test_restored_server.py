"""The county restores its database from an older backup: what the server acknowledged after the backup
is gone there, and laptops whose cursor is past the backup send it again at their next handshake, so
nothing is lost and the laptops and the server agree again."""
from __future__ import annotations

import sqlite3

import pytest

from sync.client import ServerUnreachable

from .conftest import VILLAGE_A
from .server_proc import run_cli
from .localdb import add_household, add_person, edit, query, row


def _copy_db(src: str, dst: str) -> None:
    a, b = sqlite3.connect(src), sqlite3.connect(dst)
    try:
        a.backup(b)
    finally:
        a.close()
        b.close()


def test_laptops_send_again_what_a_restored_server_lost(laptop, server_db, tmp_path):
    server_file = server_db.removeprefix("sqlite:///")
    backup = str(tmp_path / "backup.db")
    a, b = laptop("va", "a"), laptop("va", "b")
    hh = add_household(a.path, VILLAGE_A, phone="1")
    person = add_person(a.path, hh, "张三", "410101199001010011", note="备份前")
    a.sync(); b.sync()
    _copy_db(server_file, backup)                      # last night's backup

    edit(a.path, "person", person, note="备份后改")     # acknowledged after the backup ...
    hh2 = add_household(a.path, VILLAGE_A, phone="2")
    person2 = add_person(a.path, hh2, "李四", "410101199001010027")
    edit(b.path, "household", hh, phone="b 改的")
    a.sync(); b.sync(); a.sync()
    _copy_db(backup, server_file)                      # ... and lost when the county restores it

    report_a = a.sync(force=True)
    report_b = b.sync(force=True)
    a.sync(force=True)

    assert row(a.path, "person", person)["note"] == "备份后改"      # never overwritten by the backup's value
    for lap in (a, b):
        assert query(lap.path, "SELECT count(*) n FROM outbox") == [{"n": 0}]
        assert query(lap.path, "SELECT entity, field, local_value, server_value FROM conflict") == []
        assert row(lap.path, "household", hh)["phone"] == "b 改的"
    assert report_a.pushed >= 3 and report_a.count_mismatch == {} and report_b.count_mismatch == {}
    c = laptop("va", "c")                              # a laptop starting from zero gets all of it
    c.sync()
    assert row(c.path, "person", person)["note"] == "备份后改"
    assert row(c.path, "person", person2)["name"] == "李四"
    assert row(c.path, "household", hh)["phone"] == "b 改的"


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_an_app_left_open_notices_the_restore_when_its_handshake_ages(laptop, server_db, tmp_path):
    """Automatic rounds reuse the handshake (a round with nothing to do is one request); it is asked
    again after HELLO_MAX_AGE, and the restore is noticed then, without Sync Now."""
    from sync.client.engine import HELLO_MAX_AGE
    server_file = server_db.removeprefix("sqlite:///")
    backup = str(tmp_path / "backup.db")
    clock = Clock()
    a = laptop("va", "a", clock=clock)
    hh = add_household(a.path, VILLAGE_A, phone="1")
    a.sync()
    _copy_db(server_file, backup)
    edit(a.path, "household", hh, phone="备份后改")
    a.sync()
    _copy_db(backup, server_file)

    assert a.sync().requests == 1                        # the old handshake: nothing noticed yet
    clock.now += HELLO_MAX_AGE + 1
    report = a.sync()
    assert report.pushed == 1 and report.count_mismatch == {}
    c = laptop("va", "c")
    c.sync()
    assert row(c.path, "household", hh)["phone"] == "备份后改"


class Stop(Exception):
    pass


def test_an_acknowledged_push_above_the_cursor_is_sent_again(laptop, server_db, tmp_path):
    """A round cut off after its push was acknowledged but before the pull caught up leaves the cursor
    below the ack: the restore is still noticed (the highest acknowledged seq counts too)."""
    server_file = server_db.removeprefix("sqlite:///")
    backup = str(tmp_path / "backup.db")
    a, b = laptop("va", "a", pull_limit=2), laptop("va", "b")
    hh = add_household(a.path, VILLAGE_A, phone="old")
    a.sync()
    for i in range(5):
        add_household(b.path, VILLAGE_A, phone=f"b{i}")
    b.sync()
    _copy_db(server_file, backup)
    edit(a.path, "household", hh, phone="new after backup")

    def stop(_progress):
        raise Stop()
    with pytest.raises(Stop):
        a.sync(progress=stop)              # push acknowledged, first pull page applied, laptop closed
    _copy_db(backup, server_file)
    a.sync(force=True); b.sync(force=True); a.sync(force=True)
    c = laptop("va", "c")
    c.sync()
    assert row(c.path, "household", hh)["phone"] == "new after backup"


def _three_edits_lost_to_a_restore(laptop, server_db, tmp_path):
    """Laptops a and b share households hh and hh2; a's three edits of hh (last: "new2") are acknowledged
    after the backup, which the county then restores."""
    server_file = server_db.removeprefix("sqlite:///")
    backup = str(tmp_path / "backup.db")
    a, b = laptop("va", "a"), laptop("va", "b")
    hh = add_household(a.path, VILLAGE_A, phone="old")
    hh2 = add_household(a.path, VILLAGE_A, phone="x")
    a.sync(); b.sync()
    _copy_db(server_file, backup)
    for i in range(3):
        edit(a.path, "household", hh, phone=f"new{i}")
        a.sync()
    _copy_db(backup, server_file)
    return a, b, hh, hh2


def test_a_failed_restore_report_is_tried_again_next_round(laptop, server_db, tmp_path):
    a, b, hh, hh2 = _three_edits_lost_to_a_restore(laptop, server_db, tmp_path)
    transport, real_post, failed = a.engine.transport, a.engine.transport.post, []

    def drop_first_report(path, *args, **kw):      # the connection drops on the report, once
        if path == "/api/v1/restored" and not failed:
            failed.append(path)
            raise ServerUnreachable()
        return real_post(path, *args, **kw)
    transport.post = drop_first_report
    with pytest.raises(ServerUnreachable):
        a.sync(force=True)
    a.sync()                                       # an automatic round: the handshake is asked again
    edit(b.path, "household", hh2, phone="b edit")
    b.sync(force=True)
    a.sync()
    c = laptop("va", "c")
    c.sync()
    assert row(c.path, "household", hh)["phone"] == "new2"
    assert row(a.path, "household", hh2)["phone"] == "b edit"


def test_with_the_countys_restored_step_an_edit_right_after_the_restore_reaches_everyone(
        laptop, server_db, tmp_path):
    """The restore procedure: put the backup in place, run `county-server restored`, then serve. The window
    then starts exactly at the backup's end, so an edit another laptop sends before this one syncs is
    pulled by it too. (Without the step, the first laptop ahead of the server opens the window at the
    counter it finds, and such an edit can be missed by the laptops that were ahead.)"""
    a, b, hh, hh2 = _three_edits_lost_to_a_restore(laptop, server_db, tmp_path)
    done = run_cli(server_db, "restored")
    assert done.returncode == 0 and "备份" in done.stdout, done.stderr
    edit(b.path, "household", hh2, phone="b edit")
    b.sync(force=True)
    a.sync(force=True)
    a.sync(force=True)
    assert row(a.path, "household", hh2)["phone"] == "b edit"
    assert row(a.path, "household", hh)["phone"] == "new2"
    c = laptop("va", "c")
    c.sync()
    assert (row(c.path, "household", hh)["phone"], row(c.path, "household", hh2)["phone"]) == ("new2", "b edit")
