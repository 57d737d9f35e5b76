"""Initial pull over a bad link: 10,000 persons (+ households, employment spells) pulled by a county
account through a TCP proxy that drops 20% of connections mid-transfer (tests/sync/proxy.py: the request
lost, the request cut halfway, or the answer cut after the server sent part of it).

    .venv/bin/python benchmarks/bench_sync_faults.py [--db sqlite|postgres] [--persons 10000]
                                                     [--runs 5] [--drop 0.2] [--pull-limits default,2000]

For each run (a fresh laptop, a different proxy seed) it prints the wall time until the ledger is complete
(all rounds, the engine's real retry backoff and, when a round gave up, the circuit breaker's
cool-down included: column "backoff"), the rounds needed, the requests and bytes on the
wire, the pages asked for, how many of them were asked for again and the cursor each re-fetch started
from: a re-fetch asks again for the page that was lost (same cursor), never from zero ("back" counts
requests whose cursor is below one asked for earlier: a restart would show there). A run without
drops through the same proxy is printed first for comparison.
"""
from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_sync import COUNTY, PASSWORD, REFERENCE, Bench  # noqa: E402

from sync.client import MemoryTokenStore, ServerUnreachable, SyncEngine, Transport, login  # noqa: E402
from tests.sync.localdb import make_ledger  # noqa: E402
from tests.sync.proxy import DroppingProxy  # noqa: E402


def pull_through(bench: Bench, drop: float, seed: int, pull_limit: int | None) -> dict:
    with DroppingProxy(bench.server.url, drop_rate=drop, seed=seed) as proxy:
        bench.n += 1
        path = make_ledger(bench.work / f"f{bench.n}.sqlite")
        store = MemoryTokenStore()
        for _ in range(20):                       # the login may be dropped too (not timed)
            try:
                login(path, proxy.url, "county", PASSWORD, store)
                break
            except ServerUnreachable:
                pass
        waits: list[float] = []

        def sleep(seconds: float) -> None:        # the engine's own backoff, really slept, and recorded
            waits.append(seconds)
            time.sleep(seconds)

        transport = Transport(proxy.url, sleep=sleep)
        kw = {"pull_limit": pull_limit} if pull_limit else {}
        engine = SyncEngine(path, token_store=store, transport=transport, **kw)
        first_sync = proxy.sync_requests
        log_start = len(proxy.log)
        t0 = time.perf_counter()
        rounds = failed = 0
        pulled = 0
        while True:
            rounds += 1
            try:
                report = engine.sync_once()
                pulled += report.pulled
                break
            except ServerUnreachable:
                failed += 1
                if rounds >= 50:
                    raise
                sleep(transport.cooling_down)        # what the app's timer would do: wait out the cool-down
                transport.reset_circuit()
        elapsed = time.perf_counter() - t0
        engine.close()
        log = proxy.log[log_start:]
        syncs = [e for e in log if e.cursor is not None]
        seen: set[int] = set()
        refetch = []
        for e in syncs:
            if e.cursor in seen:
                refetch.append(e.cursor)
            seen.add(e.cursor)
        conn = sqlite3.connect(path)
        have = sum(conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                   for t in ("household", "person", "employment"))
        conn.close()
        assert proxy.sync_requests - first_sync == len(syncs)
        return {"elapsed": elapsed, "rounds": rounds, "failed": failed, "requests": len(log),
                "pages": len(syncs), "refetch": refetch, "restarted": _went_back([e.cursor for e in syncs]),
                "drops": dict(proxy.stats.drops), "dropped_here": sum(1 for e in log if e.fault),
                "bytes_down": proxy.stats.bytes_down, "bytes_up": proxy.stats.bytes_up,
                "wasted": sum(e.response_bytes for e in log if e.fault == "response_cut"),
                "backoff": sum(waits), "records": have, "cursors": [e.cursor for e in syncs]}


def _went_back(cursors: list[int]) -> int:
    """Requests that asked for a cursor below one already asked for (what a restart from zero does)."""
    top, back = -1, 0
    for c in cursors:
        if c < top:
            back += 1
        top = max(top, c)
    return back


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    ap.add_argument("--persons", type=int, default=10_000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--drop", type=float, default=0.2)
    ap.add_argument("--pull-limits", default="default,2000")
    args = ap.parse_args(argv)
    print(f"# VillageLedger initial pull over a link dropping {args.drop:.0%} of connections mid-transfer, "
          f"server on {args.db}, {time.strftime('%Y-%m-%d %H:%M')}, load average {os.getloadavg()[0]:.1f} on "
          f"{os.cpu_count()} cores")
    work = Path(tempfile.mkdtemp(prefix="bench-faults-"))
    bench = Bench(args.db, work)
    try:
        bench.seed(args.persons)
        bench.account("county", "county", COUNTY + "000000")
        for limit_s in args.pull_limits.split(","):
            limit = None if limit_s == "default" else int(limit_s)
            label = "engine default pages" if limit is None else f"pull_limit {limit}"
            print(f"\n## {args.persons:,} persons (+hh, spells), {label}")
            print(f"{'run':<14} {'time':>8} {'rounds':>6} {'req':>4} {'pages':>5} {'drops':>5} {'refetched':>9} "
                  f"{'back':>6} {'backoff':>8} {'bytes down':>11} {'wasted':>10} records")
            pull_through(bench, 0.0, 0, limit)          # warm-up (server caches), not printed
            runs = [("no drops", pull_through(bench, 0.0, 0, limit))]
            runs += [(f"seed {s}", pull_through(bench, args.drop, s, limit)) for s in range(1, args.runs + 1)]
            for name, r in runs:
                print(f"{name:<14} {r['elapsed'] * 1000:6.0f}ms {r['rounds']:6d} {r['requests']:4d} {r['pages']:5d} "
                      f"{r['dropped_here']:5d} {len(r['refetch']):9d} {r['restarted']:6d} "
                      f"{r['backoff'] * 1000:6.0f}ms {r['bytes_down']:11,} {r['wasted']:10,} {r['records']:,}")
                if r["refetch"]:
                    print(f"{'':14}   re-fetched page cursors {r['refetch']} of page cursors {r['cursors']}")
            total = runs[0][1]["records"]
            assert all(r["records"] == total for _, r in runs), "a run ended with a different number of records"
            dropped = runs[1:]
            print(f"{'':14} {sum(len(r['refetch']) for _, r in dropped)} pages re-fetched over "
                  f"{sum(r['pages'] for _, r in dropped)} asked in {len(dropped)} runs; "
                  f"{sum(r['restarted'] for _, r in dropped)} requests went back to an earlier cursor "
                  f"(a restart would); "
                  f"every run ended with all {total:,} records")
        print(f"\nreference (CouchDB, no drops): {REFERENCE['pull10k']}; target: a link dropping 20% of connections "
              f"completes and an interrupted pull resumes from its last page")
    finally:
        bench.close()
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
