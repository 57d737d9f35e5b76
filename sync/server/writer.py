"""Group commit: one writer thread per server process applies the pushes of all requests waiting at that
moment in one transaction (one lock of the seq counter, one lookup, one bulk insert, one commit), so many
villages pushing at once do not queue behind each other's round trips."""
from __future__ import annotations

import gc
import os
import queue
import sys
import threading
import time
from concurrent.futures import Future
from datetime import UTC, datetime

from sqlalchemy import Engine

from .db import single_statement_conn, write_conn
from .push import TIMING, Batch, Job, Outcome

MAX_JOBS = 64          # requests per transaction
MAX_CHANGES = 20_000   # changes per transaction
PRESUME_PAUSE = 8      # transactions applied with lookups after a presumption failed (replays come in runs)
# changes written between two refreshes of the planner's statistics (PostgreSQL)
ANALYZE_EVERY = int(os.environ.get("COUNTY_SERVER_ANALYZE_EVERY", "20000"))
# Collector thresholds for a server process: a burst allocates hundreds of thousands of short-lived
# objects (decoded changes, record states, rows), and with the default first threshold (700) the cyclic
# collector ran thousands of times and spent about a quarter of the server's CPU re-scanning the
# surviving ones (measured: 1.0 s of 3.5 s in the 200-laptop burst). Reference counting frees all of
# them anyway; the collector still runs, 14x less often.
GC_THRESHOLDS = (10_000, 10, 10)
_gc_tuned = False


def tune_gc() -> None:
    """Once per server process: objects alive at startup (modules, app) go out of the collector's
    sight (gc.freeze), and collections run less often (GC_THRESHOLDS)."""
    global _gc_tuned
    if not _gc_tuned:
        _gc_tuned = True
        gc.collect()
        gc.freeze()
        gc.set_threshold(*GC_THRESHOLDS)


class GroupWriter:
    def __init__(self, engine: Engine):
        tune_gc()
        self.engine = engine
        self.queue: queue.Queue[tuple[Job, Future]] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._lookups_only = 0     # transactions left before presuming new records again
        self._since_analyze = 0    # changes written since the last ANALYZE (PostgreSQL)
        self._analyzing = threading.Lock()
        self._lock = threading.Lock()

    def submit(self, job: Job) -> Outcome:
        """Apply one request's push; blocks until its transaction committed (or raises its error)."""
        return self.submit_future(job).result()

    def submit_future(self, job: Job) -> Future:
        """Queue one request's push; the future gets its Outcome once its transaction committed (or the
        transaction's error). An async caller awaits it without holding a thread."""
        self._start()
        done: Future = Future()
        self.queue.put((job, done))
        return done

    def _start(self) -> None:
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._loop, name="county-writer", daemon=True)
                self._thread.start()

    def _loop(self) -> None:
        while True:
            items = [self.queue.get()]
            size = len(items[0][0].push)
            while len(items) < MAX_JOBS and size < MAX_CHANGES:
                try:
                    item = self.queue.get_nowait()
                except queue.Empty:
                    break
                items.append(item)
                size += len(item[0].push)
            # a request given up while it waited (client gone, server stopping) is dropped: nothing of it
            # is applied, and its client sends it again. The others can no longer be cancelled, so their
            # answers always land.
            items = [item for item in items if item[1].set_running_or_notify_cancel()]
            if not items:
                continue
            try:
                self._run(items)
            except BaseException as exc:  # noqa: BLE001 - the thread must outlive any one transaction
                for _, done in items:
                    if not done.done():
                        done.set_exception(exc)

    def _run(self, items: list[tuple[Job, Future]], presume: bool = True) -> None:
        now = datetime.now(UTC).isoformat(timespec="seconds")
        presume = presume and self.engine.dialect.name == "postgresql"
        if presume and self._lookups_only > 0:
            self._lookups_only -= 1
            presume = False
        try:
            t0 = time.perf_counter()
            with write_conn(self.engine) as conn:
                with conn.begin():
                    outs = Batch(conn, now=now).run_jobs([job for job, _ in items], presume_new=presume)
                    t1 = time.perf_counter()
                if TIMING:
                    print(f"  txn {1000 * (time.perf_counter() - t0):.0f} ms, commit "
                          f"{1000 * (time.perf_counter() - t1):.0f} ms", file=sys.stderr, flush=True)
        except Exception as exc:  # noqa: BLE001 - handed to the waiting request(s)
            if presume:     # a record presumed new was not (a replay, a copied ledger) or anything else
                self._lookups_only = PRESUME_PAUSE
                if TIMING:
                    print(f"  presumed new records: {type(exc).__name__}, again with lookups", file=sys.stderr,
                          flush=True)
                return self._run(items, presume=False)
            if len(items) == 1:
                items[0][1].set_exception(exc)
            else:                  # one bad request must not fail the others: apply each on its own
                for item in items:
                    self._run([item], presume=False)
            return
        for (_, done), out in zip(items, outs):
            done.set_result(out)
        self._note_written(sum(len(job.push) for job, _ in items))

    def _note_written(self, changes: int) -> None:
        """PostgreSQL plans a county's pull page from its statistics of `records`; after a burst of
        inserts (a county's first day) they lag until autovacuum gets round to it, and the planner then
        reads and sorts every row left in scope for each page. Refresh them after every ANALYZE_EVERY
        changes, on a thread of its own (ANALYZE does not block writes)."""
        if self.engine.dialect.name != "postgresql":
            return
        self._since_analyze += changes
        if self._since_analyze >= ANALYZE_EVERY and not self._analyzing.locked():
            self._since_analyze = 0
            threading.Thread(target=self._analyze, name="county-analyze", daemon=True).start()

    def _analyze(self) -> None:
        with self._analyzing:
            try:
                with single_statement_conn(self.engine) as conn:
                    conn.exec_driver_sql("ANALYZE records")
            except Exception:  # noqa: BLE001 - statistics only speed plans up; autovacuum analyses too
                pass
