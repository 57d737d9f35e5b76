"""After a burst of pushes the county server refreshes PostgreSQL's statistics of its records table, so
a county's pull pages are read in seq order from the index instead of sorting every row left in scope
(the planner's choice while its statistics still describe an empty table)."""
from __future__ import annotations

import time

import psycopg
import pytest

from sync.client import FileTokenStore, SyncEngine, login
from sync.server.auth import add_account
from sync.server.db import make_engine

from .localdb import add_household, make_ledger
from .server_proc import PgSchema, ServerProcess, run_cli

pytestmark = pytest.mark.postgres
VILLAGE = "410101001001"


def _last_analyze(schema: PgSchema):
    with psycopg.connect("host=127.0.0.1 port=5432 user=root dbname=test", autocommit=True) as c:
        return c.execute("SELECT last_analyze FROM pg_stat_user_tables WHERE schemaname = %s AND relname = "
                         "'records'", (schema.name,)).fetchone()[0]


def test_a_burst_of_pushes_refreshes_the_planners_statistics(tmp_path):
    schema = PgSchema()
    server = None
    try:
        assert run_cli(schema.url, "init").returncode == 0
        engine = make_engine(schema.url)
        add_account(engine, "va", "secret-pass", "village", VILLAGE)
        engine.dispose()
        server = ServerProcess(schema.url, env={"COUNTY_SERVER_ANALYZE_EVERY": "50"}).start()
        path = make_ledger(tmp_path / "a.sqlite")
        store = FileTokenStore(tmp_path / "token.json")
        login(path, server.url, "va", "secret-pass", store)
        engine = SyncEngine(path, token_store=store)
        for i in range(20):
            add_household(path, VILLAGE, phone=f"1380000{i:04d}")
        engine.sync_once()
        assert _last_analyze(schema) is None                 # 20 changes: below the threshold
        for i in range(40):
            add_household(path, VILLAGE, phone=f"1390000{i:04d}")
        engine.sync_once()
        engine.close()
        deadline = time.monotonic() + 30                     # ANALYZE runs on a thread of its own
        while _last_analyze(schema) is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert _last_analyze(schema) is not None
    finally:
        if server is not None:
            server.stop()
        schema.drop()
