"""A county database restored from an older backup (docs/sync-protocol.md, "Restored from a backup").

The server keeps restore windows (sync/server/restore.py): seqs handed out by the lost history that it
will never hand out again. At a fresh handshake the engine reports a restore it is the first to see (its
cursor is above the server's counter) and sends again what it holds with versions inside a window."""
from __future__ import annotations

import json

from desktop.domain.ids import new_id
from sync.versions import ALL, version

from . import local as L
from .local import LocalLedger, Txn
from .transport import Transport


def after_restore(transport: Transport, led: LocalLedger, hello: dict) -> None:
    """Report the restore if we are the first to see it, then send again what the lost seqs held."""
    # the furthest this laptop has seen: its cursor, or an acknowledged push above it (a round cut off
    # between the ack and the end of the pull)
    mark = max(led.cursor, int(led.get_meta(L.MAX_ACKED, "0")))
    windows = hello.get("restore_windows") or []
    top = hello.get("seq")
    inside = [w for w in windows if w["after"] < mark < w["resumed"]]
    if not inside and isinstance(top, int) and top < mark:
        windows = transport.post("/api/v1/restored", {"cursor": mark})["restore_windows"]
        inside = [w for w in windows if w["after"] < mark < w["resumed"]]
    for w in inside:
        with Txn(led.conn):
            resend_lost(led, w["after"], w["resumed"])


def resend_lost(led: LocalLedger, after: int, resumed: int) -> int:
    """The server's database was restored from a backup that ends at seq `after`; the seqs up to
    `resumed` are never handed out again (sync/server/restore.py). What this laptop holds with a
    version inside that window may be gone from the server: every such field is queued again with the
    record's current value, made on version `after` (an edit another laptop sends meanwhile still makes
    a conflict rather than being overwritten). Pending edits made on such versions are rebased on
    `after`, and the cursor goes back to `after`. Returns the number of changes queued."""
    def lost(v) -> bool:
        return isinstance(v, int) and after < v < resumed

    now = L.now_iso()
    queued, touched = [], []
    for name, ent in led.reg.items():
        if ent.system or name not in led.tables:
            continue
        cols = [c.name for c in ent.columns]
        updates = []
        for rid, text, *values in led.conn.execute(
                f"SELECT id, server_versions, {', '.join(cols)} FROM {name} WHERE server_versions != '{{}}'"):
            versions = json.loads(text or "{}")
            gone = {f for f in cols if lost(version(versions, f))}
            if not gone:
                continue
            # every version inside: made in the window (the server lacks the record) or pulled then
            # (a pulled row's fields all carry its seq); the whole record goes, and with base `after`
            # it is a creation if the server lacks it and a merge of what differs if it has it
            whole = len(gone) == len(cols)
            fields = {c: v for c, v in zip(cols, values) if whole or c in gone}
            base = {f: after for f in fields}
            versions.update(base)
            if lost(versions.get(ALL)):
                versions[ALL] = after
            queued.append((new_id(), name, rid, json.dumps(fields, ensure_ascii=False), json.dumps(base), now))
            updates.append((json.dumps(versions), rid))
            touched.append((name, rid))
        led.conn.executemany(f"UPDATE {name} SET server_versions = ? WHERE id = ?", updates)
    rebased = []
    for seq, base in led.conn.execute("SELECT seq, base FROM outbox").fetchall():
        b = json.loads(base or "{}")
        if any(lost(v) for v in b.values()):
            rebased.append((json.dumps({f: after if lost(v) else v for f, v in b.items()}), seq))
    led.conn.executemany("UPDATE outbox SET base = ? WHERE seq = ?", rebased)
    led.conn.executemany("INSERT INTO outbox (change_id, entity, record_id, fields, base, created_at) "
                          "VALUES (?, ?, ?, ?, ?, ?)", queued)
    led.refresh_touched(set(touched))
    led.set_meta(L.CURSOR, str(after))
    led.set_meta(L.MAX_ACKED, str(after))
    return len(queued)
