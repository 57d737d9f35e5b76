"""Benchmark: search-as-you-type over 300,000 persons (issue 2: results within 50 ms p95).

Builds a temporary ledger with the real schema (resources/sql/0001_ledger.sql, 0002_search.sql) filled
with synthetic persons (common surnames incl. 多音字 ones and compound surnames, common given-name
characters, valid 18-digit Baoji ID numbers, mobile phones), builds ``PersonSearch`` and times 200+
queries of each kind through ``PersonSearch.search`` (limit 500, total counted up to 2000), including
the check for changes that every search makes. Prints p50 / p95 / max per kind in ms.

    .venv/bin/python benchmarks/bench_search.py [--persons 300000] [--queries 250] [--compare]

``--compare`` also times the SQLite-only designs that were rejected (instr() scan of search_text, a
narrow covering index, FTS5 trigram) on a few queries of each kind.
"""
from __future__ import annotations

import argparse
import os
import random
import sqlite3
import statistics
import sys
import tempfile
import time
import tracemalloc
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from desktop.domain.names import pinyin_keys, search_text  # noqa: E402
from desktop.store.search import PersonSearch  # noqa: E402

# (surname, weight): the most common surnames, roughly by frequency, then 多音字 and compound ones.
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
    "姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
POLYPHONIC = "曾单仇解区朴查盖尉乐员缪种折翟柏褚谌车"
COMPOUND = ["欧阳", "司马", "上官", "诸葛", "尉迟", "长孙", "令狐", "万俟", "单于", "皇甫"]
GIVEN = (
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华建国文斌辉鹏飞玲红梅云莉宁波峰亮浩宇婷雪琴"
    "俊德志海林春燕凤荣子晨欣怡佳乐长重朝行和晓东海燕玉珍福贵兴旺翠花小龙虎成栋梁智博思源雨轩梓涵"
    "一诺浩然欣妍嘉怡子豪宇航金银铁柱二狗三四五六七八九秋冬正大中天"
)
COUNTIES = ["610302", "610303", "610304", "610322", "610323", "610324", "610326", "610327", "610328",
            "610329", "610330", "610331"]
WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def id_number(rng: random.Random) -> str:
    birth = date(1940, 1, 1) + timedelta(days=rng.randrange(0, 27000))
    body = f"{rng.choice(COUNTIES)}{birth:%Y%m%d}{rng.randrange(1, 1000):03d}"
    check = "10X98765432"[sum(int(d) * w for d, w in zip(body, WEIGHTS)) % 11]
    return body + check


def person_name(rng: random.Random) -> str:
    r = rng.random()
    if r < 0.01:
        surname = rng.choice(COMPOUND)
    elif r < 0.08:
        surname = rng.choice(POLYPHONIC)
    else:
        # Zipf-like: earlier surnames are more common
        surname = SURNAMES[min(int(rng.paretovariate(1.1)) - 1, len(SURNAMES) - 1)] if rng.random() < 0.5 \
            else rng.choice(SURNAMES)
    given = "".join(rng.choice(GIVEN) for _ in range(1 if rng.random() < 0.3 else 2))
    return surname + given


def phone(rng: random.Random) -> str | None:
    if rng.random() < 0.25:
        return None
    return f"1{rng.choice('3456789')}{rng.randrange(0, 10**9):09d}"


def build(path: Path, persons: int, seed: int = 7) -> list[tuple[str, str, str, str | None]]:
    rng = random.Random(seed)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    for sql in sorted((ROOT / "resources" / "sql").glob("*.sql")):
        conn.executescript(sql.read_text(encoding="utf-8"))
    people = []
    rows = []
    household = None
    now = "2026-01-01T00:00:00Z"
    for i in range(persons):
        if household is None or rng.random() < 0.3:
            household = f"hh-{i:07d}"
        pid = f"p-{i:07d}-{rng.randrange(16**8):08x}"
        name, idn, tel = person_name(rng), id_number(rng), phone(rng)
        people.append((pid, name, idn, tel))
        rows.append((pid, household, name, idn, "之子", "普通劳动力", "居民身份证", "健康", "正常", tel,
                     now, now, search_text(name, idn, tel)))
    conn.execute("BEGIN")
    conn.executemany(
        "INSERT INTO person (id, household_id, name, id_number, relation, labour_skill, id_type, health, "
        "status, phone, created_at, updated_at, search_text) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", rows)
    conn.execute("COMMIT")
    conn.close()
    return people


def queries(people, rng: random.Random, n: int) -> dict[str, list[str]]:
    sample = [rng.choice(people) for _ in range(n * 3)]
    kinds: dict[str, list[str]] = {
        "surname (1 汉字)": [p[1][0] for p in sample[:n]],
        "name (2-3 汉字)": [p[1] if len(p[1]) <= 3 else p[1][:3] for p in sample[n:2 * n]],
        "given name part": [p[1][-2:] for p in sample[2 * n:3 * n]],
        "initials (zs)": [],
        "full pinyin": [],
        "partial pinyin": [],
        "1-2 letters (typing)": [],
        "ID last 6": [p[2][-6:].lower() for p in sample[:n]],
        "ID birth date": [p[2][6:14] for p in sample[n:2 * n]],
        "phone fragment": [],
        "no match": [],
        "within 1% filter": [],
    }
    for p in sample[:n]:
        keys = pinyin_keys(p[1])
        full = [k for k in keys if len(k) > len(p[1])] or keys
        inits = [k for k in keys if len(k) == len(p[1])] or keys
        kinds["initials (zs)"].append(rng.choice(inits))
        kinds["full pinyin"].append(rng.choice(full))
        f = rng.choice(full)
        kinds["partial pinyin"].append(f[:max(2, len(f) - rng.randrange(1, 4))])
        kinds["1-2 letters (typing)"].append(f[:rng.choice((1, 2))])
    phones = [p[3] for p in sample if p[3]]
    for tel in phones[:n]:
        cut = rng.choice(("tail4", "tail8", "head7"))
        kinds["phone fragment"].append(tel[-4:] if cut == "tail4" else tel[-8:] if cut == "tail8" else tel[:7])
    nomatch = ["qqqq", "xzqv", "鑫鑫鑫", "龘", "00000000", "99999999x", "zzzzzz", "vvv", "嬴政嬴政", "12345678901"]
    kinds["no match"] = [nomatch[i % len(nomatch)] for i in range(n)]
    kinds["within 1% filter"] = [rng.choice(kinds["surname (1 汉字)"] + kinds["initials (zs)"]) for _ in range(n)]
    return kinds


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=300_000)
    parser.add_argument("--queries", type=int, default=250)
    parser.add_argument("--compare", action="store_true", help="also time the SQLite-only designs")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "ledger.sqlite"
        t = time.perf_counter()
        people = build(path, args.persons)
        print(f"built {args.persons:,} persons in {time.perf_counter() - t:.1f} s "
              f"({path.stat().st_size / 1e6:.0f} MB)")
        conn = sqlite3.connect(path, isolation_level=None)
        tracemalloc.start()
        probe = PersonSearch(conn)
        memory = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        del probe
        t, c = time.perf_counter(), time.process_time()
        index = PersonSearch(conn)
        built, built_cpu = time.perf_counter() - t, time.process_time() - c
        print(f"PersonSearch built in {built:.2f} s ({built_cpu:.2f} s CPU); it holds {memory[0] / 1e6:.0f} MB "
              f"(peak while building {memory[1] / 1e6:.0f} MB); "
              f"strings {sum(len(b.text) for b in index._bufs) / 1e6:.1f} M chars "
              f"({', '.join(str(round(len(b.text) / 1e6, 1)) for b in index._bufs)})")

        rng = random.Random(11)
        kinds = queries(people, rng, args.queries)
        filters = {"within 1% filter": set(), "within 10% filter": set()}
        filters["within 1% filter"] = {p[0] for p in rng.sample(people, len(people) // 100)}
        filters["within 10% filter"] = {p[0] for p in rng.sample(people, len(people) // 10)}
        kinds["within 10% filter"] = kinds["within 1% filter"]
        print(f"load average before timing: {os.getloadavg()[0]:.1f} (2 cores: above 2, other processes "
              f"compete for the CPU and stretch wall-clock times; CPU ms = this process's own time)")
        print(f"\n{'kind':24} {'n':>4} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'p95 CPU ms':>11} {'avg hits':>9}")
        worst = worst_cpu = 0.0
        for kind, qs in kinds.items():
            times, cpu, hits = [], [], []
            for q in qs:
                t, c = time.perf_counter(), time.process_time()
                result = index.search(q, 500, within=filters.get(kind))
                times.append((time.perf_counter() - t) * 1000)
                cpu.append((time.process_time() - c) * 1000)
                hits.append(result.total)
            worst, worst_cpu = max(worst, pct(times, 0.95)), max(worst_cpu, pct(cpu, 0.95))
            print(f"{kind:24} {len(qs):4d} {pct(times, 0.5):8.2f} {pct(times, 0.95):8.2f} {max(times):8.2f} "
                  f"{pct(cpu, 0.95):11.2f} {statistics.mean(hits):9.0f}")

        # as desktop/store/queries.py calls it: ids only, up to 2000, every kind of query mixed
        mixed = [q for qs in list(kinds.values())[:11] for q in qs[:25]]
        times, cpu = [], []
        for q in mixed:
            t, c = time.perf_counter(), time.process_time()
            index.ids(q, 2000)
            times.append((time.perf_counter() - t) * 1000)
            cpu.append((time.process_time() - c) * 1000)
        worst, worst_cpu = max(worst, pct(times, 0.95)), max(worst_cpu, pct(cpu, 0.95))
        print(f"{'ids(q, 2000), all kinds':24} {len(times):4d} {pct(times, 0.5):8.2f} {pct(times, 0.95):8.2f} "
              f"{max(times):8.2f} {pct(cpu, 0.95):11.2f}")

        # an edit, then the next keystroke: refresh + search
        times, cpu = [], []
        for i in range(50):
            pid, name, idn, tel = people[i * (len(people) // 60)]
            conn.execute("UPDATE person SET phone = ?, search_text = ? WHERE id = ?",
                         (f"1390000{i:04d}", search_text(name, idn, f"1390000{i:04d}"), pid))
            t, c = time.perf_counter(), time.process_time()
            result = index.search(f"1390000{i:04d}", 500)
            times.append((time.perf_counter() - t) * 1000)
            cpu.append((time.process_time() - c) * 1000)
            assert result.ids == [pid], (result, pid)
        worst, worst_cpu = max(worst, pct(times, 0.95)), max(worst_cpu, pct(cpu, 0.95))
        print(f"{'after an edit':24} {len(times):4d} {pct(times, 0.5):8.2f} {pct(times, 0.95):8.2f} "
              f"{max(times):8.2f} {pct(cpu, 0.95):11.2f}")
        print(f"\nworst p95: {worst:.2f} ms wall-clock, {worst_cpu:.2f} ms CPU -> "
              f"{'OK' if worst <= 50 else 'TOO SLOW'} (budget 50 ms); "
              f"load average after: {os.getloadavg()[0]:.1f}")

        if args.compare:
            compare(conn, kinds)
        conn.close()
    return 0 if worst <= 50 else 1


def compare(conn: sqlite3.Connection, kinds: dict[str, list[str]]) -> None:
    print("\nSQLite-only designs (20 queries per kind, LIMIT 500, no count):")
    conn.execute("CREATE INDEX person_search_cover ON person(deleted, search_text)")
    conn.execute("CREATE VIRTUAL TABLE person_fts USING fts5(search_text, content='person', "
                 "content_rowid='rowid', tokenize='trigram')")
    conn.execute("INSERT INTO person_fts(person_fts) VALUES ('rebuild')")
    designs = {
        "instr on table": "SELECT id FROM person NOT INDEXED WHERE deleted = 0 AND instr(search_text, ?) LIMIT 500",
        "instr covering index": "SELECT id FROM person INDEXED BY person_search_cover WHERE deleted = 0 "
                                "AND instr(search_text, ?) LIMIT 500",
        "fts5 trigram (>=3)": "SELECT rowid FROM person_fts WHERE search_text MATCH ? LIMIT 500",
    }
    print(f"{'kind':24} " + " ".join(f"{d:>22}" for d in designs))
    for kind, qs in kinds.items():
        cells = []
        for sql in designs.values():
            times = []
            for q in qs[:20]:
                if "person_fts" in sql:
                    if len(q) < 3:
                        continue
                    q = '"' + q + '"'
                t = time.perf_counter()
                conn.execute(sql, (q,)).fetchall()
                times.append((time.perf_counter() - t) * 1000)
            cells.append(f"p95 {pct(times, 0.95):7.1f} max {max(times):6.1f}" if times else "n/a (<3 chars)")
        print(f"{kind:24} " + " ".join(f"{c:>22}" for c in cells))


if __name__ == "__main__":
    raise SystemExit(main())
