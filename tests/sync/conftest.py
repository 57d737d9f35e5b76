"""Fixtures for the sync tests: an in-process county server with four accounts, and village laptops
(fresh ledger files) logged in to it through the real client stack."""
from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from sync.client import MemoryTokenStore, RetryPolicy, SyncEngine, Transport, login
from sync.server.app import create_app
from sync.server.auth import add_account
from sync.server.db import init_db, make_engine

from .inprocess import ASGIAdapter, session_for
from .localdb import make_ledger

URL = "http://county.test"
VILLAGE_A = "410101001001"
VILLAGE_B = "410101001002"
VILLAGE_OTHER_TOWN = "410101002001"
TOWNSHIP = "410101001000"
COUNTY = "410101000000"
PASSWORD = "secret-pass"
ACCOUNTS = [("va", "village", VILLAGE_A), ("vb", "village", VILLAGE_B), ("vc", "village", VILLAGE_OTHER_TOWN),
            ("tw", "township", TOWNSHIP), ("co", "county", COUNTY)]


@dataclass
class Laptop:
    path: Path
    engine: SyncEngine
    adapter: ASGIAdapter
    store: MemoryTokenStore

    def sync(self, **kw):
        return self.engine.sync_once(**kw)


class NoWait:
    """Backoff that records the waits instead of sleeping."""
    def __init__(self):
        self.waits = []

    def __call__(self, seconds):
        self.waits.append(seconds)


@pytest.fixture(scope="session")
def template_db(tmp_path_factory) -> Path:
    """A server database with the accounts made once (scrypt is deliberately slow), copied per test."""
    path = tmp_path_factory.mktemp("template") / "county.db"
    engine = make_engine(f"sqlite:///{path}")
    init_db(engine)
    for username, role, region in ACCOUNTS:
        add_account(engine, username, PASSWORD, role, region)
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return path


@pytest.fixture
def server_db(tmp_path, template_db):
    shutil.copy(template_db, tmp_path / "county.db")
    return f"sqlite:///{tmp_path / 'county.db'}"


@pytest.fixture
def app(server_db):
    application = create_app(server_db)
    yield application
    application.state.db.dispose()


@pytest.fixture
def laptop(app, tmp_path):
    made = []

    def make(username: str = "va", name: str | None = None, *, app_ledger: bool = False, **engine_kw) -> Laptop:
        """app_ledger: the ledger file as the desktop store makes it (every migration, search triggers)."""
        path = tmp_path / f"{name or username}-{len(made)}.sqlite"
        if app_ledger:
            from desktop.store.database import open_database
            open_database(path).conn.close()
        else:
            make_ledger(path)
        session, adapter = session_for(app)
        store = MemoryTokenStore()
        transport = Transport(URL, session=session, sleep=NoWait(), policy=RetryPolicy(attempts=2))
        login(path, URL, username, PASSWORD, store, transport=transport)
        engine = SyncEngine(path, token_store=store, transport=transport, **engine_kw)
        lap = Laptop(path, engine, adapter, store)
        made.append(lap)
        return lap

    yield make
    for lap in made:
        lap.engine.close()
        lap.adapter.close()
