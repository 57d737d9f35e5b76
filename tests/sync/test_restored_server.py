"""The county restores its database from an older backup: what the server acknowledged after the backup
is gone there, and laptops whose cursor is past the backup send it again at their next handshake, so
nothing is lost and the laptops and the server agree again."""
from __future__ import annotations

import sqlite3

from .conftest import VILLAGE_A
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
