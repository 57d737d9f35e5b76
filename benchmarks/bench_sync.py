"""Sync benchmarks against a real county-server process, beside the CouchDB/PouchDB reference.

    .venv/bin/python benchmarks/bench_sync.py [--db sqlite|postgres] [--scenarios pull10k,edits,conc200,...]

Scenarios (the reference figures are from ../shared/bench/peer-pouchdb, same machine):
  pull10k   initial pull of 10,000 persons + their households + employment spells, county account
  pull100k  the same with 100,000 persons
            (--app-ledger: into the app's own ledger file, migrated by desktop.store with the search
            triggers of 0002_search.sql, the engine writing person.search_text with every pulled person
            (sync_hooks.DERIVED), as the desktop app does)
  edits     100 edits pushed by one laptop, then pulled by another of the same village
  noop      a sync round with nothing to do
  conc200   200 village laptops push 200 new persons each at the same moment (each posts its first
            sync request, built beforehand by its SyncEngine; --full-clients runs whole engine rounds)
Data looks like a rural labour ledger (gen.js of the reference): 40 villages of one county, households
of 1-6 persons, 85% of persons with one employment spell.
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import shutil
import sqlite3
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from desktop.domain.ids import new_id  # noqa: E402
from sync.client import MemoryTokenStore, SyncEngine, login  # noqa: E402
from sync.client.engine import SyncReport  # noqa: E402
from sync.protocol import PROTOCOL_HEADER, PROTOCOL_VERSION  # noqa: E402
from sync.server.auth import add_account  # noqa: E402
from sync.server.db import make_engine  # noqa: E402
from sync.versions import version  # noqa: E402
from tests.sync.localdb import make_ledger  # noqa: E402
from tests.sync.server_proc import PgSchema, ServerProcess, run_cli  # noqa: E402

PASSWORD = "bench-pass"
COUNTY = "610302"
VILLAGES = [f"{COUNTY}{t}{v}" for t in ("101", "102", "103", "104", "105") for v in range(201, 209)]

REFERENCE = {   # CouchDB replication (PouchDB 9 <-> express-pouchdb), gzip, loopback, this machine
    "pull10k": "3.06 s, 504 requests, 1,867,536 B down",
    "pull100k": "32.6 s, 5,004 requests, 18,684,571 B down",
    "push100": "51 ms, 6 requests",
    "pull100": "57 ms, 9 requests",
    "noop": "11 ms, 8 requests",
    "conc": "2.29 s for 50 clients x 200 docs",
}

SURNAMES = list("王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶")
GIVEN = list("伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华建国红玉梅林文辉斌鹏飞云海峰丹萍春燕宁波亮龙凤")
FORMS = ["外出务工", "就地就近务工", "就业帮扶车间", "公益性岗位"]   # EmploymentForm labels (the server checks code lists)
PLACES = ["广东省深圳市", "广东省东莞市", "江苏省苏州市", "浙江省宁波市", "陕西省西安市", "陕西省宝鸡市"]
EMPLOYERS = ["富士康科技集团", "立讯精密", "中建三局项目部", "西安建工集团", "宝鸡吉利汽车", "个体经营"]
WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def id_number(rng: random.Random, village: str, birth: str, male: bool) -> str:
    seq = rng.randint(0, 99) * 10 + (rng.choice((1, 3, 5, 7, 9)) if male else rng.choice((0, 2, 4, 6, 8)))
    first = village[:6] + birth.replace("-", "") + f"{seq:03d}"
    return first + "10X98765432"[sum(int(c) * w for c, w in zip(first, WEIGHTS)) % 11]


def phone(rng: random.Random) -> str:
    return rng.choice(["138", "139", "150", "158", "187", "199"]) + "".join(rng.choices("0123456789", k=8))


def generate(rng: random.Random, village: str, persons: int):
    """(households, persons, spells) rows as dicts for one village."""
    hhs, people, spells = [], [], []
    made = 0
    while made < persons:
        size = min(rng.randint(1, 6), persons - made)
        hh = {"id": new_id(), "village_code": village, "hh_no": f"{village}{len(hhs):05d}",
              "natural_village": f"{rng.randint(1, 9)}组", "phone": phone(rng), "hh_type": "脱贫户"}
        hhs.append(hh)
        for k in range(size):
            male = rng.random() < 0.52
            birth = f"{rng.randint(1955, 2006)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            p = {"id": new_id(), "household_id": hh["id"], "name": rng.choice(SURNAMES) + "".join(
                rng.choices(GIVEN, k=rng.randint(1, 2))), "id_number": id_number(rng, village, birth, male),
                "sex": "男" if male else "女", "birth_date": birth, "relation": "户主" if k == 0 else "之子",
                "labour_skill": "普通劳动力", "id_type": "居民身份证", "ethnicity": "汉族", "health": "健康",
                "phone": phone(rng), "status": "正常"}
            people.append(p)
            if rng.random() < 0.85:
                form = rng.choice(FORMS)
                spells.append({"id": new_id(), "person_id": p["id"], "form": form, "start_date": "2024-03-01",
                               "work_place": rng.choice(PLACES), "employer": rng.choice(EMPLOYERS),
                               "monthly_income": rng.randint(20, 90) * 100})
        made += size
    return hhs, people, spells


def write_local(path: Path, hhs, people, spells) -> None:
    """Bulk-write records and their outbox rows household by household (a household, its members,
    their spells), as the store's import of the national system's workbook would."""
    members: dict[str, list] = {}
    for p in people:
        members.setdefault(p["household_id"], []).append(p)
    jobs = {s["person_id"]: s for s in spells}
    ordered = []
    for hh in hhs:
        ordered.append(("household", hh))
        for p in members.get(hh["id"], []):
            ordered.append(("person", p))
            if p["id"] in jobs:
                ordered.append(("employment", jobs[p["id"]]))
    conn = sqlite3.connect(path)
    now = "2026-01-01T00:00:00+00:00"
    with conn:
        for entity, r in ordered:
            cols = list(r)
            conn.execute(f"INSERT INTO {entity} ({', '.join(cols)}, created_at, updated_at) VALUES "
                         f"({', '.join('?' * (len(cols) + 2))})", (*r.values(), now, now))
        conn.executemany("INSERT INTO outbox (change_id, entity, record_id, fields, base, created_at) "
                         "VALUES (?, ?, ?, ?, '{}', ?)",
                         [(new_id(), entity, r["id"], json.dumps({k: v for k, v in r.items() if k != "id"},
                                                                 ensure_ascii=False), now) for entity, r in ordered])
    conn.close()


class Bench:
    def __init__(self, db: str, work: Path, app_ledger: bool = False):
        self.work = work
        self.app_ledger = app_ledger
        self.schema = PgSchema() if db == "postgres" else None
        self.db_url = self.schema.url if self.schema else f"sqlite:///{work / 'county.db'}"
        assert run_cli(self.db_url, "init").returncode == 0
        log = Path(os.environ["BENCH_SERVER_LOG"]) if os.environ.get("BENCH_SERVER_LOG") else None
        self.server = ServerProcess(self.db_url, workers=1, log=log).start()
        self.accounts: set[str] = set()
        self.n = 0

    def close(self):
        self.server.stop()
        if self.schema:
            self.schema.drop()

    def account(self, username: str, role: str, code: str) -> None:
        if username not in self.accounts:
            engine = make_engine(self.db_url)
            add_account(engine, username, PASSWORD, role, code)
            engine.dispose()
            self.accounts.add(username)

    def laptop(self, username: str, app: bool = False, **kw) -> tuple[Path, SyncEngine]:
        self.n += 1
        if app:
            from desktop.store.database import open_database
            from desktop.store.sync_hooks import DERIVED
            path = self.work / f"l{self.n}.sqlite"
            open_database(path).conn.close()
            kw.setdefault("derived", DERIVED)
        else:
            path = make_ledger(self.work / f"l{self.n}.sqlite")
        store = MemoryTokenStore()
        login(path, self.server.url, username, PASSWORD, store)
        return path, SyncEngine(path, token_store=store, **kw)

    def seed(self, persons: int) -> None:
        """Each of the 40 villages pushes its share (not timed)."""
        rng = random.Random(20240601)
        t0 = time.perf_counter()
        for i, village in enumerate(VILLAGES):
            self.account(f"v{i}", "village", village)
            path, engine = self.laptop(f"v{i}", push_batch=1000)
            write_local(path, *generate(rng, village, persons // len(VILLAGES)))
            engine.sync_once()
        print(f"  (seeded {persons:,} persons in {time.perf_counter() - t0:.1f} s)", file=sys.stderr)


def fmt(report, label: str) -> str:
    return (f"{label:<34} {report.duration * 1000:9.0f} ms {report.requests:5d} req "
            f"{report.bytes_sent:>12,} B up {report.bytes_received:>12,} B down")


def initial_pull(bench: Bench, persons: int, key: str) -> None:
    bench.seed(persons)
    bench.account("county", "county", COUNTY + "000000")
    runs = []
    for _ in range(3):
        path, engine = bench.laptop("county", app=bench.app_ledger)
        engine.sync_once()                       # warm: handshake, then reset to measure the pull only
        conn = sqlite3.connect(path)
        with conn:
            for t in ("household", "person", "employment", "conflict", "duplicate"):
                conn.execute(f"DELETE FROM {t}")
            conn.execute("UPDATE meta SET value = '0' WHERE key = 'sync_cursor'")
        conn.close()
        runs.append(engine.sync_once())
    report = sorted(runs, key=lambda r: r.duration)[1]
    label = f"initial pull {persons:,} persons (+hh, spells){' app' if bench.app_ledger else ''}"
    print(fmt(report, label), f"  [{report.pulled:,} records, "
          f"best {min(r.duration for r in runs) * 1000:.0f} ms]")
    print(f"{'':34} reference: {REFERENCE[key]}")


def edits(bench: Bench) -> None:
    village = VILLAGES[0]
    bench.account("e0", "village", village)
    a_path, a = bench.laptop("e0")
    rng = random.Random(7)
    hhs, people, spells = generate(rng, village, 300)
    write_local(a_path, hhs, people, spells)
    a.sync_once()
    b_path, b = bench.laptop("e0")
    b.sync_once()
    push, pull, noop = [], [], []
    for run in range(3):
        conn = sqlite3.connect(a_path)
        with conn:
            for p in people[run * 100:(run + 1) * 100]:
                versions = json.loads(conn.execute("SELECT server_versions FROM person WHERE id = ?",
                                                   (p["id"],)).fetchone()[0])
                value = phone(rng)
                conn.execute("UPDATE person SET phone = ? WHERE id = ?", (value, p["id"]))
                conn.execute("INSERT INTO outbox (change_id, entity, record_id, fields, base, created_at) "
                             "VALUES (?, 'person', ?, ?, ?, '')", (new_id(), p["id"], json.dumps({"phone": value}),
                                                                 json.dumps({"phone": version(versions, "phone")})))
        conn.close()
        push.append(a.sync_once())
        pull.append(b.sync_once())
        noop.append(b.sync_once())
    med = lambda rs: sorted(rs, key=lambda r: r.duration)[1]  # noqa: E731
    print(fmt(med(push), "push 100 edits"), f"  [{med(push).pushed} pushed]")
    print(f"{'':34} reference: {REFERENCE['push100']}")
    print(fmt(med(pull), "pull 100 edits"), f"  [{med(pull).pulled} pulled]")
    print(f"{'':34} reference: {REFERENCE['pull100']}")
    print(fmt(med(noop), "no-op round"))
    print(f"{'':34} reference: {REFERENCE['noop']}")


def server_cpu(server) -> float:
    """User+system CPU seconds of the server process and its children (Linux /proc)."""
    total = 0.0
    pids = [server.proc.pid]
    try:
        pids += [int(p) for p in Path(f"/proc/{server.proc.pid}/task/{server.proc.pid}/children").read_text().split()]
    except OSError:
        pass
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except OSError:
            pass
    return total


class Prebuilt:
    """A laptop reduced to its first sync request: the exact body its SyncEngine would send (outbox
    batch, cursor, gzip), built before the clock starts, so the laptops' own CPU (2 cores shared with
    the server) does not count against the server. `sync_once` posts it and checks the answer."""

    def __init__(self, engine: SyncEngine):
        conn, led = engine._open()
        transport = engine._transport(led)
        batch = led.pending(engine.push_batch, 0)
        body = engine._body(led.get_meta("device_id"), led.cursor, batch, False, first=True)
        self.data = gzip.compress(json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode(), 5)
        self.headers = {PROTOCOL_HEADER: str(PROTOCOL_VERSION), "Accept-Encoding": "gzip",
                        "Accept": "application/json", "Authorization": f"Bearer {transport.token}",
                        "Content-Type": "application/json", "Content-Encoding": "gzip"}
        self.url, self.session, self.n = transport.base_url + "/api/v1/sync", transport.session, len(batch)

    def sync_once(self) -> SyncReport:
        for attempt in range(3):          # as the engine's transport would (same body: idempotent)
            try:
                resp = self.session.post(self.url, data=self.data, headers=self.headers, timeout=60)
                break
            except requests.ConnectionError:
                if attempt == 2:
                    raise
        resp.raise_for_status()
        answer = resp.json()
        if answer["rejected"] or answer["more"] or len(answer["acks"]) != self.n:
            raise RuntimeError(f"unexpected answer: {len(answer['acks'])} acks, {answer['rejected'][:2]}")
        return SyncReport(pushed=len(answer["acks"]), requests=attempt + 1)


def concurrent(bench: Bench, clients: int = 200, persons: int = 200, full: bool = False) -> None:
    rng = random.Random(11)
    t0 = time.perf_counter()
    codes = [f"{COUNTY}9{i // 200:02d}{i % 200 + 1:03d}" for i in range(clients)]

    def prepare(i):
        bench.account(f"c{i}", "village", codes[i])
        path, engine = bench.laptop(f"c{i}")
        engine.sync_once()              # warm: handshake done, as for a laptop that synced before
        return path, engine

    for i in range(clients):        # accounts one by one (the CLI path), logins in parallel below
        bench.account(f"c{i}", "village", codes[i])
    with ThreadPoolExecutor(8) as pool:
        laptops = list(pool.map(prepare, range(clients)))
    for i, (path, engine) in enumerate(laptops):
        hhs, people, _ = generate(rng, codes[i], persons)
        write_local(path, hhs, people, [])
    if not full:
        laptops = [(path, Prebuilt(engine)) for path, engine in laptops]
    print(f"  (prepared {clients} laptops in {time.perf_counter() - t0:.1f} s; "
          f"{'full sync engines' if full else 'requests pre-built'})", file=sys.stderr)
    barrier = threading.Barrier(clients + 1)
    reports, errors = [], []

    ends = []

    def go(engine):
        barrier.wait()
        try:
            reports.append(engine.sync_once())
            ends.append(time.perf_counter())
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=go, args=(e,)) for _, e in laptops]
    for t in threads:
        t.start()
    cpu0, srv0 = time.process_time(), server_cpu(bench.server)
    barrier.wait()
    start = time.perf_counter()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - start
    print(f"  (CPU: clients {time.process_time() - cpu0:.1f} s, server {server_cpu(bench.server) - srv0:.1f} s; "
          f"clients done at {', '.join(f'{(e - start):.2f}' for e in sorted(ends)[::max(1, clients // 10)])} s)",
          file=sys.stderr)
    pushed = sum(r.pushed for r in reports)
    engine = make_engine(bench.db_url)
    with engine.connect() as conn:
        stored = conn.exec_driver_sql("SELECT count(*) FROM records WHERE entity = 'person' AND "
                                      "village_code LIKE '6103029%%'").scalar_one()
    engine.dispose()
    expected = clients * persons
    print(f"{clients} clients x {persons} new persons at once {elapsed * 1000:9.0f} ms  "
          f"errors={len(errors)} pushed={pushed:,} persons stored={stored:,} (expected {expected:,}) "
          f"requests={sum(r.requests for r in reports)}")
    for exc in errors[:3]:
        print(f"  error: {exc!r}"[:300], file=sys.stderr)
    print(f"{'':34} reference: {REFERENCE['conc']}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", choices=["sqlite", "postgres"], default="postgres")
    ap.add_argument("--scenarios", default="pull10k,edits,conc200")
    ap.add_argument("--full-clients", action="store_true",
                    help="conc*: each laptop runs its whole SyncEngine round in this process (applying the "
                         "acks too) instead of posting its pre-built first request")
    ap.add_argument("--app-ledger", action="store_true",
                    help="pull*: pull into the app's ledger (store migrations, search triggers), writing the "
                         "app's derived column person.search_text with each row")
    args = ap.parse_args(argv)
    scenarios = args.scenarios.split(",")
    print(f"# VillageLedger sync benchmark, server on {args.db}, {time.strftime('%Y-%m-%d %H:%M')}, "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (median of 3 runs)")
    for name in scenarios:
        work = Path(tempfile.mkdtemp(prefix="bench-sync-"))
        bench = Bench(args.db, work, app_ledger=args.app_ledger)
        try:
            if name == "pull10k":
                initial_pull(bench, 10_000, "pull10k")
            elif name == "pull100k":
                initial_pull(bench, 100_000, "pull100k")
            elif name in ("edits", "noop"):
                edits(bench)
            elif name == "conc200":
                concurrent(bench, full=args.full_clients)
            elif name == "conc50":
                concurrent(bench, 50, 200, full=args.full_clients)
            else:
                print(f"unknown scenario {name}", file=sys.stderr)
        finally:
            bench.close()
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
