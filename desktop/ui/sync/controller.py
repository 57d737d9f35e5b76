"""Automatic background sync for the window.

``SyncController`` decides *when* to sync and keeps the state the status bar shows; the engine (Qt-free,
``sync.client``) does the work on the one background runner. Rules:

- a round starts at start-up, every ``interval_ms`` (5 min) while the server answers, ``debounce_ms``
  (10 s) after the last local change, and on Sync Now (which skips the engine's cool-down);
- when the server cannot be reached the next try backs off (30 s, 1, 2, 4 min ... up to the interval),
  so the laptop notices quickly that the link is back without hammering a dead server;
- never two rounds at once: a request during a round runs one more round right after it;
- no sync while not logged in; after "login expired" only Sync Now or a new login tries again;
- after a round that changed local rows (pulled, acknowledged or rejected) ``events.reloaded`` is emitted.

Only QTimers and the runner: no threads of its own, no sleeps, no widgets.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QAction

from desktop import sync_support as S
from desktop.store import sync_hooks
from sync.client import (AuthFailed, ClientTooOld, NotConfigured, ServerBusy, ServerUnreachable, SyncError,
                         resolve_conflict, resolve_duplicate)

from .jobs import EngineBox, LazyTokenStore, status_job, sync_job

log = logging.getLogger(__name__)

MINUTE = 60_000


@dataclass(frozen=True)
class SyncSnapshot:
    """Everything the status bar shows, as one immutable value."""
    configured: bool = False
    account: dict | None = None
    online: bool | None = None          # None: not tried yet
    syncing: bool = False
    pushed: int = 0                     # during a round
    pulled: int = 0
    pending: int = 0                    # local changes not yet accepted by the server
    rejected: int = 0                   # changes the server refused (outbox state 'error')
    conflicts: int = 0
    duplicates: int = 0
    last_sync: datetime | None = None   # aware, UTC
    error: str = ""                     # Chinese, says what to do; "" when the last round was fine
    needs_login: bool = False
    logged_out: bool = False            # the user logged out here (data stays; no sync until a new login)
    read_only: bool = False
    read_only_reason: str = ""


def _parse_time(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None


class SyncController(QObject):
    state_changed = Signal(object)          # SyncSnapshot
    online_changed = Signal(bool)
    syncing_changed = Signal(bool)
    progress = Signal(int, int)             # pushed, pulled so far in this round
    pending_changed = Signal(int)
    last_sync_changed = Signal(object)      # datetime | None
    error_changed = Signal(str)             # "" when cleared
    read_only_changed = Signal(bool, str)   # read-only?, why (Chinese)
    account_changed = Signal(object)        # dict | None
    sync_finished = Signal(object)          # SyncReport of a completed round
    sync_failed = Signal(str)               # the user message of a failed round
    status_refreshed = Signal()             # counts re-read (after a local change, a resolve, a login)
    login_required = Signal()               # the token was refused: open the settings dialog

    def __init__(self, db_path: str | Path, runner, events, data_dir: str | Path | None, *,
                 token_store=None, interval_ms: int = 5 * MINUTE, debounce_ms: int = 10_000,
                 offline_first_ms: int = 30_000, parent: QObject | None = None):
        super().__init__(parent)
        self.db = str(db_path)
        self.runner, self.events = runner, events
        self.data_dir = data_dir
        self.store = LazyTokenStore(data_dir, token_store)
        self.interval_ms, self.offline_first_ms = interval_ms, offline_first_ms
        self._box = EngineBox()
        self._state = SyncSnapshot()
        self._busy = False
        self._again: bool | None = None      # a round was asked for during a round (value: force)
        self._retry_ms = 0
        self._status_gen = 0
        self.last_round_forced = False      # the running / last round was asked for by the user
        self._stopped = True
        self._own_reload = False

        self._periodic = QTimer(self)
        self._periodic.setSingleShot(True)
        self._periodic.timeout.connect(lambda: self.request_sync(force=False))
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(debounce_ms)
        self._debounce.timeout.connect(lambda: self.request_sync(force=False))

        self.sync_now_action = QAction(self.tr("Sync now"), self)
        self.sync_now_action.setToolTip(self.tr("Send this laptop's changes to the county server and fetch "
                                                "everyone else's now"))
        self.sync_now_action.triggered.connect(self.sync_now)

        events.changed.connect(self._local_change)
        events.deleted.connect(self._local_change)
        events.reloaded.connect(self._reloaded)

    # ------------------------------------------------------------------ public state
    @property
    def state(self) -> SyncSnapshot:
        return self._state

    @property
    def read_only(self) -> bool:
        return self._state.read_only

    @property
    def read_only_reason(self) -> str:
        return self._state.read_only_reason

    @property
    def syncing(self) -> bool:
        return self._busy

    def next_sync_in_ms(self) -> int:
        """Milliseconds until the next automatic round (-1: none scheduled)."""
        return self._periodic.remainingTime() if self._periodic.isActive() else -1

    # ------------------------------------------------------------------ lifecycle
    def start(self, first_sync_ms: int = 2000) -> None:
        """Read the saved state; the first round follows shortly if logged in."""
        self._stopped = False
        self.refresh_status(then_sync_in=first_sync_ms)

    def stop(self) -> None:
        """Stop scheduling (on close); a running round finishes on its own, runner.wait_idle waits for it."""
        self._stopped = True
        self._periodic.stop()
        self._debounce.stop()

    def reconfigure(self) -> None:
        """After login or logout: forget the engine (new server/token), re-read, sync at once."""
        self._new_engine()
        self._set(needs_login=False, logged_out=False, error="", online=None)
        self.refresh_status()
        self.request_sync(force=True)

    def _new_engine(self) -> None:
        """The next round builds a new engine; the old one's ledger connection and HTTP session are
        closed on the worker thread (after a round it may still be running)."""
        old, self._box = self._box, EngineBox()
        if old.engine is not None:
            self.runner.run(old.engine.close)

    # ------------------------------------------------------------------ requests
    def sync_now(self) -> None:
        """The Sync Now button: runs at once, skipping any cool-down; queued if a round is running."""
        self.request_sync(force=True)

    def request_sync(self, force: bool = False) -> None:
        if self._busy:
            self._again = bool(force or self._again)
            return
        if not force and (self._stopped or not self._state.configured or self._state.needs_login):
            return
        self._periodic.stop()
        self._debounce.stop()
        self._busy = True
        self.last_round_forced = force
        self._set(syncing=True, pushed=0, pulled=0)
        self.syncing_changed.emit(True)
        self.runner.run(sync_job, self._box, self.db, self.store, force,
                        on_done=self._round_done, on_error=self._round_failed, on_progress=self._progress)

    def refresh_status(self, then_sync_in: int | None = None) -> None:
        """Re-read counts, account and last sync from the ledger (on the runner)."""
        self._status_gen += 1
        gen = self._status_gen

        def done(result):
            if gen == self._status_gen:     # else a newer read (or a round's own) came after this one
                self._apply_status(result)
            self.status_refreshed.emit()
            if then_sync_in is not None and self._state.configured and not self._stopped:
                self._schedule(then_sync_in)

        self.runner.run(status_job, self.db, on_done=done, on_error=self._status_failed)

    def resolve(self, conflict_id: str, keep: str, entity: str, record_id: str, on_done=None, on_error=None):
        """The user's choice for one conflict: written locally and queued; it syncs with the next round."""
        def done(_):
            self._announce_change(entity, [record_id])
            if on_done is not None:
                on_done(conflict_id)

        self.runner.run(resolve_conflict, self.db, conflict_id, keep, on_applied=sync_hooks.on_applied,
                        on_done=done, on_error=on_error)

    def resolve_duplicate(self, duplicate_id: str, resolution: str, on_done=None, on_error=None):
        """'merged' (the villages sorted it out) or 'not_same'; queued and synced like an edit."""
        def done(_):
            self._local_change()
            if on_done is not None:
                on_done(duplicate_id)

        self.runner.run(resolve_duplicate, self.db, duplicate_id, resolution, on_done=done, on_error=on_error)

    def login(self, server: str, username: str, password: str, ca_file: str | None, on_done=None,
              on_error=None) -> None:
        """Log in on the runner; on success the controller starts syncing with the new account."""
        def done(result: S.LoginResult):
            self.reconfigure()
            if on_done is not None:
                on_done(result)

        self.runner.run(S.login_account, self.db, server, username, password, self.store, ca_file=ca_file,
                        on_done=done, on_error=on_error)

    def logout(self, on_done=None, on_error=None) -> None:
        from sync.client import Transport, logout

        def job(db, store):
            settings = S.read_settings(db)
            if settings.server_url:
                logout(db, store, transport=Transport(settings.server_url, verify=S.verify_of(settings.ca_file),
                                                      connect_timeout=3, read_timeout=5))

        def done(_):
            self._new_engine()
            self._set(needs_login=True, logged_out=True, error="", online=None)
            self._periodic.stop()
            self.refresh_status()
            if on_done is not None:
                on_done(None)

        self.runner.run(job, self.db, self.store, on_done=done, on_error=on_error)

    # ------------------------------------------------------------------ runner callbacks
    def _progress(self, pushed: int, pulled: int, _pending: str) -> None:
        self._set(pushed=pushed, pulled=pulled)
        self.progress.emit(pushed, pulled)

    def _round_done(self, result) -> None:
        report, status = result
        self._retry_ms = 0
        self._status_gen += 1               # reads started before the round ended are stale now
        self._apply_status(status)
        self._set(online=True, error="" if not report.count_mismatch else self.tr(
            "After syncing, the record counts here and on the server differ; sync again, and if it "
            "persists tell the county."), needs_login=False)
        if report.pulled or report.pushed or report.rejected:
            self._emit_reloaded()
        self._finish()
        self.sync_finished.emit(report)
        self._schedule(self.interval_ms)

    def _round_failed(self, exc: Exception) -> None:
        if isinstance(exc, NotConfigured):
            self._set(configured=False, online=None, error="")
            self._finish()
            self.login_required.emit()
            return
        message = self._message(exc)
        delay = self.interval_ms
        if isinstance(exc, ServerUnreachable):
            self._set(online=False, error=message)
            delay = self._backoff()
        elif isinstance(exc, AuthFailed):
            self._set(online=True, error=message, needs_login=True)
            self.login_required.emit()
        elif isinstance(exc, ClientTooOld):
            self._set(online=True, error=message)
        elif isinstance(exc, ServerBusy):
            self._set(online=True, error=message)
            delay = self._backoff()
        elif isinstance(exc, SyncError):
            self._set(online=True, error=message)
        else:
            log.error("sync round failed with a bug", exc_info=exc)
            self._set(error=message)
            delay = self._backoff()
        self._finish()
        self.sync_failed.emit(message)
        self.refresh_status()
        if not isinstance(exc, (AuthFailed, ClientTooOld)):
            self._schedule(delay)

    def _status_failed(self, exc: Exception) -> None:
        log.error("reading the sync status failed", exc_info=exc)

    # ------------------------------------------------------------------ helpers
    def _finish(self) -> None:
        self._busy = False
        self._set(syncing=False)
        self.syncing_changed.emit(False)
        again, self._again = self._again, None
        if again is not None:
            self.request_sync(force=again)

    def _message(self, exc: Exception) -> str:
        if isinstance(exc, SyncError):
            return exc.message
        return self.tr("The program hit an error while syncing; your data is safe on this laptop. If this "
                       "keeps happening, send the log file to the county IT staff.")

    def _backoff(self) -> int:
        self._retry_ms = min(self.interval_ms, self._retry_ms * 2 if self._retry_ms else self.offline_first_ms)
        return self._retry_ms

    def _schedule(self, ms: int) -> None:
        if self._stopped or not self._state.configured or self._state.needs_login or self._busy:
            return
        self._periodic.start(max(0, ms))

    def _local_change(self, *_args) -> None:
        self.refresh_status()
        if self._state.configured and not self._stopped and not self._state.read_only:
            self._debounce.start()

    def _reloaded(self) -> None:
        if self._own_reload:
            return
        self._local_change()

    def _announce_change(self, entity: str, ids: list[str]) -> None:
        self.events.changed.emit(entity, ids)

    def _emit_reloaded(self) -> None:
        self._own_reload = True
        try:
            self.events.reloaded.emit()
        finally:
            self._own_reload = False

    def _apply_status(self, status) -> None:
        account = status.account
        configured = bool(status.server_url and account)
        reason = self._read_only_reason(account)
        self._set(configured=configured, account=account, pending=status.pending, rejected=status.errors,
                  conflicts=status.open_conflicts, duplicates=status.open_duplicates,
                  last_sync=_parse_time(status.last_sync), read_only=bool(reason), read_only_reason=reason)

    def _read_only_reason(self, account: dict | None) -> str:
        role = (account or {}).get("role")
        if role == "township":
            return self.tr("A township account can view its villages' ledgers but cannot change them.")
        if role == "county":
            return self.tr("A county account can view the county's ledgers but cannot change them.")
        return ""

    def _set(self, **changes) -> None:
        old = self._state
        new = replace(old, **changes)
        if new == old:
            return
        self._state = new
        if new.syncing != old.syncing:
            self.sync_now_action.setEnabled(not new.syncing)
        if new.online != old.online and new.online is not None:
            self.online_changed.emit(new.online)
        if new.pending != old.pending:
            self.pending_changed.emit(new.pending)
        if new.last_sync != old.last_sync:
            self.last_sync_changed.emit(new.last_sync)
        if new.error != old.error:
            self.error_changed.emit(new.error)
        if new.account != old.account:
            self.account_changed.emit(new.account)
        if (new.read_only, new.read_only_reason) != (old.read_only, old.read_only_reason):
            self.read_only_changed.emit(new.read_only, new.read_only_reason)
        self.state_changed.emit(new)
