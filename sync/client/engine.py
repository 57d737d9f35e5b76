"""The sync engine: one call, `sync_once`, runs a whole round against the county server.

A round is a loop of `POST /api/v1/sync` requests, each pushing the next batch of pending outbox rows
(oldest first, error rows skipped) and pulling the next page. Each response is applied in one SQLite
transaction (acks, rejections, pulled rows, cursor, on_applied hook), so a round interrupted at any
point resumes from the last applied page and loses nothing. The round ends with the count check.
"""
from __future__ import annotations

import hashlib
import json
import os
import socket
import sqlite3
import threading
import time
import uuid
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from sync.protocol import DEFAULT_PULL_LIMIT

from . import local as L
from .credentials import TokenStore
from .errors import AuthFailed, NotConfigured, SyncError
from .local import Derived, LocalLedger, OnApplied, Txn
from .restore import after_restore
from .session import check_hello
from .transport import Transport

MAX_REQUESTS_PER_ROUND = 100_000
FIRST_PAGE = 2000      # a small first page: applying starts sooner while the server builds the next


@dataclass
class Rejected:
    change_id: str
    entity: str
    record_id: str
    code: str
    reason: str


@dataclass
class SyncProgress:
    requests: int
    pushed: int
    pending: int          # outbox rows still to send in this round
    pulled: int
    more: bool            # more pull pages follow


@dataclass
class SyncReport:
    pushed: int = 0
    pulled: int = 0
    rejected: list[Rejected] = field(default_factory=list)
    conflicts: int = 0            # conflict records pulled in this round
    duplicates: int = 0           # duplicate flags pulled in this round
    duration: float = 0.0
    requests: int = 0
    bytes_sent: int = 0
    bytes_received: int = 0
    count_mismatch: dict[str, tuple[int, int]] = field(default_factory=dict)  # entity -> (local, server)
    held_back: int = 0            # local changes not sent because the account may only read
    repaired: bool = False        # the count check failed once and everything was pulled again

    @property
    def ok(self) -> bool:
        """Everything in sync: nothing refused, nothing held back, the counts agree."""
        return not self.rejected and not self.count_mismatch and not self.held_back


@dataclass
class SyncStatus:
    server_url: str | None
    account: dict | None
    pending: int
    errors: int
    open_conflicts: int
    open_duplicates: int
    last_sync: str | None
    last_error: str | None
    cursor: int


def _ledger_home(db: str | Path) -> str:
    """Where this ledger file lives: the computer and the file's full path (hashed, nothing readable)."""
    node = uuid.getnode()
    mac = 0 if (node >> 40) & 1 else node   # no hardware address found: getnode() is random per process
    place = f"{socket.gethostname()}\0{mac}\0{os.path.normcase(os.path.realpath(db))}"
    return hashlib.sha256(place.encode("utf-8", "surrogatepass")).hexdigest()[:32]


# The handshake is asked again after this many seconds, so an app that stays open notices a new minimum
# version or a county database restored from a backup within minutes (one extra request per period).
HELLO_MAX_AGE = 600.0


class SyncEngine:
    """Construct once per ledger and keep it (the handshake and the circuit breaker live here).

    `db` is the ledger's SQLite path (the engine opens its own connection per round, so it can run on a
    worker thread). The token comes from `token`, else from `token_store` for the saved server/account.
    `on_applied(conn, entity, ids)` runs inside the transaction that applied pulled rows; `derived`
    names local-only columns computed from pulled values and written with the rows. `verify` may
    name the county's CA certificate file for HTTPS.
    """

    def __init__(self, db: str | Path, *, server_url: str | None = None, token: str | None = None,
                 token_store: TokenStore | None = None, transport: Transport | None = None,
                 on_applied: OnApplied | None = None, derived: Derived | None = None, push_batch: int = 500,
                 pull_limit: int = DEFAULT_PULL_LIMIT, verify: bool | str = True,
                 clock: Callable[[], float] = time.perf_counter):
        self.db = db
        self.on_applied, self.derived = on_applied, derived
        self.push_batch, self.pull_limit = push_batch, pull_limit
        self.clock = clock
        self._server_url, self._token, self._store = server_url, token, token_store
        self.transport = transport
        self._own_transport = transport is None
        self.verify = verify
        self._hello: dict | None = None
        self._hello_at = 0.0
        self._running = threading.Lock()     # one round at a time (timer and Sync Now may overlap)
        self._led: LocalLedger | None = None

    # --- setup ------------------------------------------------------------------------------------
    def _open(self) -> tuple[sqlite3.Connection, LocalLedger]:
        """The round's connection, kept open between rounds (only used under `_running`)."""
        if self._led is None:
            conn = L.connect(self.db, durable=False)
            self._led = LocalLedger(conn)
        return self._led.conn, self._led

    def close(self) -> None:
        """Release the ledger connection (a later round opens it again)."""
        with self._running:
            if self._led is not None:
                self._led.conn.close()
                self._led = None

    def _transport(self, led: LocalLedger) -> Transport:
        url = self._server_url or led.get_meta(L.SERVER_URL)
        if not url:
            raise NotConfigured()
        if self.transport is None or (self._own_transport and self.transport.base_url != url.rstrip("/")):
            self.transport = Transport(url, verify=self.verify)     # first use, or logged in elsewhere
            self._hello = None
        if self.transport.token is None:
            token = self._token
            account = json.loads(led.get_meta(L.ACCOUNT) or "null")
            if token is None and self._store is not None and account:
                token = self._store.get(url, account["username"])
            if token is None:
                raise NotConfigured()
            self.transport.token = token
        return self.transport

    def handshake(self, transport: Transport, led: LocalLedger, *, force: bool = False) -> dict:
        """GET /hello: refuse before any data moves if either side is too old; notice a replaced server
        database (new instance id) and pull again from zero, or one restored from an older backup (its
        last seq below our cursor) and send again what it lost."""
        fresh = self._hello is None or force or self.clock() - self._hello_at > HELLO_MAX_AGE
        if fresh:
            hello = transport.get("/api/v1/hello", force=force)
            check_hello(hello)
            self._hello, self._hello_at = hello, self.clock()
        with Txn(led.conn):
            self._check_instance(led, self._hello["instance_id"])
        if fresh:
            try:
                after_restore(transport, led, self._hello)   # the county restored an older backup?
            except BaseException:
                self._hello = None      # not handled: the next round asks again
                raise
        return self._hello

    @staticmethod
    def _check_instance(led: LocalLedger, instance: str) -> None:
        known = led.get_meta(L.SERVER_INSTANCE)
        if known != instance:
            if known is not None:
                led.set_meta(L.CURSOR, "0")
            led.set_meta(L.SERVER_INSTANCE, instance)

    def _device_id(self, led: LocalLedger) -> str:
        """The client id the server's echo rule trusts ("your own write, not sent back"). It belongs to
        this ledger file on this computer: a copied folder (a new laptop, a restored backup, a second
        copy) gets a new id, or each copy would never receive the other's edits."""
        device = led.get_meta(L.DEVICE_ID)
        home = _ledger_home(self.db)
        if not device or led.get_meta(L.DEVICE_HOME) != home:
            device = str(uuid.uuid4())
            with Txn(led.conn):
                led.set_meta(L.DEVICE_ID, device)
                led.set_meta(L.DEVICE_HOME, home)
        return device

    # --- the round --------------------------------------------------------------------------------
    def sync_once(self, progress: Callable[[SyncProgress], None] | None = None, *,
                  force: bool = False) -> SyncReport:
        """Push everything pending, pull everything new, check counts. Raises a SyncError subclass
        (ServerUnreachable, AuthFailed, ClientTooOld, ...) when the round cannot complete; everything
        applied before that stays applied. `force` skips the circuit breaker's cool-down (Sync Now)."""
        with self._running:
            return self._sync_once(progress, force)

    def _sync_once(self, progress, force: bool) -> SyncReport:
        t0 = self.clock()
        report = SyncReport()
        conn, led = self._open()
        transport = None
        start = (0, 0, 0)
        try:
            transport = self._transport(led)
            start = (transport.requests, transport.bytes_sent, transport.bytes_received)
            self.handshake(transport, led, force=force)
            self._round(led, transport, report, progress)
            with Txn(conn):
                led.set_meta(L.LAST_SYNC, L.now_iso())
                led.set_meta(L.LAST_ERROR, None)
        except SyncError as exc:
            if isinstance(exc, AuthFailed) and self._token is None and transport is not None:
                transport.token = None      # after a new login the next round reads the new token
            with Txn(conn):
                led.set_meta(L.LAST_ERROR, exc.message)
            raise
        finally:
            if transport is not None:
                report.requests = transport.requests - start[0]
                report.bytes_sent = transport.bytes_sent - start[1]
                report.bytes_received = transport.bytes_received - start[2]
            report.duration = self.clock() - t0
        return report

    def _round(self, led: LocalLedger, transport: Transport, report: SyncReport, progress) -> None:
        """Steps: 1. send the next push batch with the cursor; 2. while the answer is being applied,
        already ask for the next pull page when there is nothing left to push (the server works while
        we write); 3. apply acks + page + cursor in one transaction; 4. at the end, the count check."""
        client_id = self._device_id(led)
        after_seq, echo, repaired = 0, False, False
        account = json.loads(led.get_meta(L.ACCOUNT) or "null") or {}
        read_only = account.get("role") in ("township", "county")
        if read_only:       # the server would refuse them (403); keep them and still pull
            report.held_back = led.pending_count()[0]
        prefetched: Future | None = None
        pulled_any = False
        with ThreadPoolExecutor(max_workers=1) as pool:
            for _ in range(MAX_REQUESTS_PER_ROUND):
                cursor = led.cursor
                if prefetched is not None:
                    batch, resp = [], prefetched.result()
                    prefetched = None
                else:
                    batch = [] if read_only else led.pending(self.push_batch, after_seq)
                    if batch:
                        after_seq = batch[-1]["seq"]
                    resp = transport.post("/api/v1/sync", self._body(client_id, cursor, batch, echo,
                                                                     first=not pulled_any))
                more_push = len(batch) == self.push_batch or (
                    bool(batch) and bool(led.pending(1, after_seq)))
                if resp["more"] and not more_push:
                    prefetched = pool.submit(transport.post, "/api/v1/sync",
                                             self._body(client_id, resp["next_cursor"], [], echo))
                self._apply(led, batch, cursor, resp, report)
                if led.requeued:        # refused children of a record just accepted go out again now
                    after_seq = 0
                    more_push = not read_only
                pulled_any = pulled_any or bool(resp["pull"].get("rows"))
                if self._server_replaced(led, resp.get("instance_id")):
                    if prefetched is not None:  # asked with the old cursor: let it finish, drop it
                        prefetched.result()
                        prefetched = None
                    continue                    # a new server database: pull it all from seq 0
                if progress is not None:
                    pending, _ = led.pending_count()
                    progress(SyncProgress(transport.requests, report.pushed, pending, report.pulled,
                                          resp["more"]))
                if resp["more"] or more_push:
                    continue
                mismatch = self._count_check(led, resp.get("counts"))
                if mismatch and not repaired:
                    # Repair: pull everything again, our own writes included. Local changes in flight keep
                    # their values (apply_page never overwrites them) and nothing local is deleted.
                    with Txn(led.conn):
                        led.set_meta(L.CURSOR, "0")
                    repaired = echo = report.repaired = True
                    continue
                report.count_mismatch = mismatch
                return

    def _server_replaced(self, led: LocalLedger, instance: str | None) -> bool:
        if not instance or instance == led.get_meta(L.SERVER_INSTANCE):
            return False
        with Txn(led.conn):
            led.set_meta(L.SERVER_INSTANCE, instance)
            led.set_meta(L.CURSOR, "0")
        if self._hello is not None:
            self._hello["instance_id"] = instance
        return True

    def _body(self, client_id: str, cursor: int, batch: list[dict], echo: bool, first: bool = False) -> dict:
        limit = min(self.pull_limit, FIRST_PAGE) if first else self.pull_limit
        body = {"client_id": client_id, "cursor": cursor, "pull_limit": limit,
                "push": [{k: c[k] for k in ("change_id", "entity", "record_id", "fields", "base")}
                         for c in batch]}
        if echo:
            body["echo"] = True
        return body

    def _apply(self, led: LocalLedger, batch: list[dict], cursor: int, resp: dict, report: SyncReport) -> None:
        by_id = {c["change_id"]: c for c in batch}
        with Txn(led.conn):
            touched = led.apply_outcome(batch, resp["acks"], resp["rejected"])
            applied = led.apply_page(resp["pull"], cursor, self.on_applied, self.derived)
            led.refresh_touched(touched)
            led.set_meta(L.CURSOR, str(resp["next_cursor"]))
        report.pushed += len(resp["acks"])
        report.pulled += sum(applied.values())
        report.conflicts += applied.get("conflict", 0)
        report.duplicates += applied.get("duplicate", 0)
        for rej in resp["rejected"]:
            c = by_id.get(rej["change_id"], {})
            report.rejected.append(Rejected(rej["change_id"], c.get("entity", ""), c.get("record_id", ""),
                                            rej.get("code", ""), rej["reason"]))

    @staticmethod
    def _count_check(led: LocalLedger, counts: dict | None) -> dict[str, tuple[int, int]]:
        if not counts:
            return {}
        mine = led.counts(counts)
        return {e: (mine[e], n) for e, n in counts.items() if e in mine and mine[e] != n}

    # --- status -----------------------------------------------------------------------------------
    def status(self) -> SyncStatus:
        conn = L.connect(self.db)
        led = LocalLedger(conn)
        try:
            pending, errors = led.pending_count()
            conflicts = conn.execute("SELECT count(*) FROM conflict WHERE resolved_at IS NULL").fetchone()[0]
            dups = conn.execute("SELECT count(*) FROM duplicate WHERE resolved_at IS NULL").fetchone()[0]
            return SyncStatus(led.get_meta(L.SERVER_URL), json.loads(led.get_meta(L.ACCOUNT) or "null"),
                              pending, errors, conflicts, dups, led.get_meta(L.LAST_SYNC),
                              led.get_meta(L.LAST_ERROR), led.cursor)
        finally:
            conn.close()


__all__ = ["SyncEngine", "SyncReport", "SyncProgress", "SyncStatus", "Rejected"]
