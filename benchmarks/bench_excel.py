"""Excel import/export speed (issue 2 goals: import of a 10,000-row national export within 10 s; export of
100,000 persons within 15 s).

    .venv/bin/python benchmarks/bench_excel.py [--rows 10000] [--households 30000] [--keep DIR]

Generates a realistic 47-column national export (real Baoji villages, valid ID numbers, households with
heads/spouses/children/parents, legacy work columns; written by openpyxl like a real export, with title
rows above the header) and a demo ledger of about 100,000 persons, then times:
  * import of the export into an empty ledger (and a re-import of the same file: all rows unchanged),
  * export of the 100,000-person ledger to the app's workbook,
  * import of that workbook into an empty ledger (round trip).
Prints the figures; the exit status is 1 if a goal is missed.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from desktop.demo import generate  # noqa: E402
from desktop.domain.models import EmploymentSpell, Household, Person  # noqa: E402
from desktop.domain.regions import default_regions  # noqa: E402
from desktop.excel.exporter import export_ledger  # noqa: E402
from desktop.excel.importer import import_file  # noqa: E402
from desktop.excel.sample_data import national_rows, write_national_export  # noqa: E402
from desktop.store.ledger import Ledger  # noqa: E402

IMPORT_GOAL_S = 10.0
EXPORT_GOAL_S = 15.0


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--households", type=int, default=30_000)
    parser.add_argument("--keep", type=Path, default=None, help="keep the generated files in this folder")
    parser.add_argument("--no-roundtrip", action="store_true")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="bench_excel_"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}; files in {work}")
    default_regions()  # loaded once per process by the app too
    for name in ("import.sqlite", "roundtrip.sqlite"):
        for suffix in ("", "-wal", "-shm"):
            (work / (name + suffix)).unlink(missing_ok=True)

    ok = True
    # ---------------------------------------------------------------- national import
    export = work / "national_export.xlsx"
    t = time.perf_counter()
    rows = national_rows(args.rows, seed=7)
    write_national_export(export, rows)
    print(f"generated national export: {len(rows)} rows, {export.stat().st_size / 1e6:.1f} MB "
          f"({time.perf_counter() - t:.1f} s, not timed)")
    ledger = Ledger.open(work / "import.sqlite")
    calls = []
    t, cpu = time.perf_counter(), time.process_time()
    report = import_file(ledger, export, progress=lambda d, n, w: calls.append(d))
    import_s = time.perf_counter() - t
    print(f"IMPORT national {report.rows_read} rows → {report.households_added} households, "
          f"{report.persons_added} persons, {report.spells_added} spells: {import_s:.2f} s "
          f"(CPU {time.process_time() - cpu:.2f} s; goal {IMPORT_GOAL_S:.0f} s; {len(calls)} progress calls; "
          f"{len(report.warnings)} warnings)")
    ok &= import_s <= IMPORT_GOAL_S
    outbox = ledger.pending_count()
    t = time.perf_counter()
    again = import_file(ledger, export)
    print(f"RE-IMPORT same file: {time.perf_counter() - t:.2f} s; persons unchanged {again.persons_unchanged}, "
          f"updated {again.persons_updated}, added {again.persons_added}; new outbox changes "
          f"{ledger.pending_count() - outbox}")
    ledger.close()

    # ---------------------------------------------------------------- export
    big = Ledger.open(work / "big.sqlite")
    if big.count(Person) == 0:
        t = time.perf_counter()
        generate(big, households=args.households, seed=11)
        print(f"generated demo ledger: {big.count(Household)} households, {big.count(Person)} persons, "
              f"{big.count(EmploymentSpell)} spells ({time.perf_counter() - t:.1f} s, not timed)")
    target = work / "ledger_export.xlsx"
    t, cpu = time.perf_counter(), time.process_time()
    summary = export_ledger(big, target)
    export_s = time.perf_counter() - t
    print(f"EXPORT {summary.persons} persons ({summary.households} households, {summary.spells} spells): "
          f"{export_s:.2f} s (CPU {time.process_time() - cpu:.2f} s), {target.stat().st_size / 1e6:.1f} MB "
          f"(goal {EXPORT_GOAL_S:.0f} s for 100,000 persons)")
    ok &= export_s <= EXPORT_GOAL_S * max(1.0, summary.persons / 100_000)
    big.close()

    # ---------------------------------------------------------------- round trip import of the export
    if not args.no_roundtrip:
        empty = Ledger.open(work / "roundtrip.sqlite")
        t = time.perf_counter()
        back = import_file(empty, target, skip_invalid=True, error_path=work / "roundtrip_errors.xlsx")
        print(f"IMPORT own workbook ({back.rows_read} rows) into an empty ledger: {time.perf_counter() - t:.2f} s "
              f"→ {back.households_added} households, {back.persons_added} persons, {back.spells_added} spells; "
              f"{back.households_rejected} households rejected by the validation rules")
        for problem in back.errors[:5]:
            print("   ", problem.describe())
        empty.close()
    print(f"load average now {os.getloadavg()[0]:.1f} (other work on this machine slows wall-clock figures)")
    print("all goals met" if ok else "GOAL MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
