"""What the sync controller runs on the background runner: plain data in, plain data out, no widgets
(and no Qt at all)."""
from __future__ import annotations

import threading

from desktop import sync_support as S
from sync.client import SyncEngine


class EngineBox:
    """The engine kept between rounds (handshake, circuit breaker); built on the worker thread."""
    engine: SyncEngine | None = None


class LazyTokenStore:
    """The token store, chosen on first use on a worker thread: probing the OS keyring may talk to D-Bus
    or wait for an unlock prompt, which must not happen on the GUI thread."""

    def __init__(self, data_dir, store=None):
        self._data_dir, self._store = data_dir, store
        self._lock = threading.Lock()

    def _get(self):
        with self._lock:
            if self._store is None:
                self._store = S.token_store(self._data_dir)
            return self._store

    def get(self, server, username):
        return self._get().get(server, username)

    def set(self, server, username, token):
        self._get().set(server, username, token)

    def delete(self, server, username):
        self._get().delete(server, username)


def sync_job(box: EngineBox, db: str, store, force: bool, progress=None):
    """Runs on the runner's worker thread: plain data in, plain data out."""
    if box.engine is None:
        box.engine = S.make_engine(db, store)
    engine = box.engine

    def report(p):
        if progress is not None:
            progress(p.pushed, p.pulled, str(p.pending))

    result = engine.sync_once(report, force=force)
    return result, engine.status()


def status_job(db: str):
    return SyncEngine(db).status()
