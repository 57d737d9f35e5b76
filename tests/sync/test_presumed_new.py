"""The group writer presumes records pushed with every required field to be new (no lookups) and, when one
was not, applies the same pushes again with lookups: the answers and the stored data are those of the
plain path. SQLite never presumes; the same tests pin the same answers there."""
from __future__ import annotations

import pytest

from desktop.domain.ids import new_id
from sync.scope import Role, Scope
from sync.server.db import init_db, make_engine
from sync.server.push import Job
from sync.server.wire import Change
from sync.server.writer import GroupWriter

from .server_proc import database

VILLAGE = "410101001001"
SCOPE = Scope(Role.VILLAGE, VILLAGE)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def engine(request, tmp_path):
    url, schema = database(request.param, tmp_path)
    eng = make_engine(url)
    init_db(eng)
    yield eng
    eng.dispose()
    if schema is not None:
        schema.drop()


def household(hh_id: str, **fields) -> Change:
    return Change(change_id=new_id(), entity="household", record_id=hh_id,
                  fields={"village_code": VILLAGE, "hh_type": "脱贫户", "hh_no": "H1", **fields})


def person(p_id: str, hh_id: str, id_number: str, **fields) -> Change:
    return Change(change_id=new_id(), entity="person", record_id=p_id, fields={
        "household_id": hh_id, "name": "张三", "id_number": id_number, "sex": "男", "relation": "户主",
        "labour_skill": "普通劳动力", "id_type": "居民身份证", "health": "健康", "status": "正常", **fields})


def push(engine, changes: list[Change], client: str = "laptop-1", username: str = "va"):
    return GroupWriter(engine).submit(Job(SCOPE, username, client, changes, None, cursor=0))


def count(engine, entity: str) -> int:
    with engine.connect() as conn:
        return conn.exec_driver_sql(f"SELECT count(*) FROM records WHERE entity = '{entity}'").scalar_one()


def stored(engine, record_id: str) -> tuple:
    with engine.connect() as conn:
        return tuple(conn.exec_driver_sql(f"SELECT seq, vals FROM records WHERE id = '{record_id}'").one())


def test_a_replayed_creation_gets_its_first_answer_and_is_stored_once(engine):
    hh, p = new_id(), new_id()
    changes = [household(hh), person(p, hh, "410101199001010011")]
    first = push(engine, changes)
    assert not first.rejected and len(first.acks) == 2
    again = push(engine, changes)                       # the answer was lost: the laptop sends it again
    assert again.acks == first.acks and not again.rejected
    assert count(engine, "household") == 1 and count(engine, "person") == 1
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM changes").scalar_one() == 2


def test_a_new_change_creating_a_stored_record_is_merged_into_it(engine):
    hh = new_id()
    push(engine, [household(hh, phone="1")])
    seq_before, _ = stored(engine, hh)
    out = push(engine, [household(hh, phone="2")], client="laptop-2")   # a copied ledger, say
    assert not out.rejected
    assert out.acks[0]["conflicts"] == ["phone"]         # base 0: laptop-2 never saw phone "1"
    assert stored(engine, hh)[0] > seq_before            # rewritten: the pusher pulls the value that stayed
    assert count(engine, "household") == 1 and count(engine, "conflict") == 1
    assert '"1"' in stored(engine, hh)[1]                # the value applied first stays


def test_a_presumed_creation_that_is_rejected_gets_the_plain_answer(engine):
    p = new_id()
    out = push(engine, [person(p, new_id(), "410101199001010011")])    # its household is nowhere
    assert [r["code"] for r in out.rejected] == ["parent_missing"] and not out.acks
    assert count(engine, "person") == 0


def test_a_burst_of_creations_in_one_transaction_with_a_replay_among_them(engine):
    writer = GroupWriter(engine)
    hh = new_id()
    old = [household(hh), person(new_id(), hh, "410101199001010011")]
    first = writer.submit(Job(SCOPE, "va", "laptop-1", old, None, cursor=0))
    fresh_hh = new_id()
    fresh = [household(fresh_hh), person(new_id(), fresh_hh, "410101199001010011")]   # same ID number
    futures = [writer.submit_future(Job(SCOPE, "va", "laptop-2", fresh, None, cursor=0)),
               writer.submit_future(Job(SCOPE, "va", "laptop-1", old, None, cursor=0))]
    second, replay = (f.result() for f in futures)
    assert replay.acks == first.acks
    assert not second.rejected and len(second.acks) == 2
    assert count(engine, "household") == 2 and count(engine, "person") == 2
    assert count(engine, "duplicate") == 2               # the pair is flagged, once per side
