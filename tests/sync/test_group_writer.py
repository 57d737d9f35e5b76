"""The group-commit writer outlives requests that gave up while waiting (a client gone, the server
stopping): the other requests of its group are still answered."""
from __future__ import annotations

from concurrent.futures import Future

from sync.scope import Role, Scope
from sync.server.db import init_db, make_engine
from sync.server.push import Job
from sync.server.writer import GroupWriter


def test_a_cancelled_request_does_not_stop_the_writer(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'county.db'}")
    init_db(engine)
    writer = GroupWriter(engine)
    scope = Scope(Role.VILLAGE, "410101001001")
    given_up, waiting = Future(), Future()
    writer.queue.put((Job(scope, "va", "c1", []), given_up))
    writer.queue.put((Job(scope, "va", "c2", []), waiting))
    given_up.cancel()
    writer._start()
    assert waiting.result(timeout=30).acks == []
    assert writer.submit(Job(scope, "va", "c3", [])).rejected == []     # still writing afterwards
    assert writer._thread.is_alive()
    engine.dispose()
