"""Several requests' pushes applied in one transaction behave as if applied one after another."""
from __future__ import annotations

import json

from sync.protocol import Change
from sync.scope import Role, Scope
from sync.server.db import init_db, make_engine, read_conn, write_conn
from sync.server.pull import pull_page
from sync.server.push import Batch, Job

VILLAGE = "410101001001"
HH = "01a21ccb-0000-7000-8000-000000000001"


def _change(n: int, fields: dict, base: dict | None = None) -> Change:
    return Change(change_id=f"01a21ccb-0000-7000-8000-{n:012d}", entity="household", record_id=HH,
                  fields=fields, base=base or {})


def _pull(engine, client: str, cursor: int) -> list[list]:
    scope = Scope(Role.VILLAGE, VILLAGE)
    with read_conn(engine) as conn, conn.begin():
        page, *_ = pull_page(conn, scope, client, cursor, 100)
    return json.loads(page)["rows"]


def test_second_request_in_one_transaction_sees_the_first_and_pulls_it(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'c.db'}")
    init_db(engine)
    scope = Scope(Role.VILLAGE, VILLAGE)
    first = Job(scope, "va", "laptop-1", [_change(1, {"village_code": VILLAGE, "hh_type": "脱贫户", "phone": "1"})])
    second = Job(scope, "va", "laptop-2", [_change(2, {"note": "n"}), _change(3, {"phone": "2"})])
    with write_conn(engine) as conn, conn.begin():
        out1, out2 = Batch(conn, now="t").run_jobs([first, second])

    assert [a["conflicts"] for a in out1.acks] == [[]]
    assert [a["conflicts"] for a in out2.acks] == [[], ["phone"]]   # base 0 vs phone set by laptop-1
    rows = _pull(engine, "laptop-2", 0)                             # laptop-2 never saw laptop-1's write
    assert any(r[1] == HH for r in rows)
    assert any(r[0] == 3 for r in rows)                             # and the conflict record comes too
    engine.dispose()


def test_replayed_change_across_jobs_applies_once(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'c.db'}")
    init_db(engine)
    scope = Scope(Role.VILLAGE, VILLAGE)
    create = _change(1, {"village_code": VILLAGE, "hh_type": "脱贫户"})
    with write_conn(engine) as conn, conn.begin():
        a, b = Batch(conn, now="t").run_jobs([Job(scope, "va", "x", [create]), Job(scope, "va", "x", [create])])
    assert a.acks == b.acks and len(_pull(engine, "other", 0)) == 1
    engine.dispose()
