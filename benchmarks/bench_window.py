"""Main window at 300,000 persons: time from process start to the window shown and its first rows painted,
and search-as-you-type latency through the window's own path (RecordList → queries.person_keys on the
runner → model → first page of rows fetched for painting).

    .venv/bin/python benchmarks/bench_window.py [--persons 300000] [--data-dir /tmp/vl-bench-300k]

The ledger is built once (synthetic records through ``Ledger.insert_new``, see ``synthetic.py``) and kept
in ``--data-dir`` for later runs. The start-up is measured in a fresh child process (offscreen), from
the moment the parent starts it, so Python and Qt imports are included.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

QUERIES = ["张", "张伟", "王", "王秀", "李", "l", "li", "lix", "z", "zh", "zha", "zhan", "zhang", "zw", "wxy",
           "ceng", "shan", "1391", "13912", "6103", "610328", "6103281980", "x", "曾", "单", "刘洋", "chen"]


def ensure_ledger(data_dir: Path, persons: int) -> Path:
    from desktop import paths
    path = paths.ledger_path(data_dir)
    if path.exists():
        return path
    from benchmarks.synthetic import build
    print(f"building a {persons:,}-person ledger in {path} (once) …", flush=True)
    started = time.perf_counter()
    build(path, persons).close()
    print(f"  built in {time.perf_counter() - started:.1f} s", flush=True)
    return path


def child(data_dir: str, t0: float) -> None:
    """Runs in a fresh process: start like run_gui, report when the first rows are painted."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QTimer

    from desktop import paths
    from desktop.domain.regions import default_regions
    from desktop.store.ledger import Ledger
    from desktop.store.queries import Reader
    from desktop.ui.app import create_application
    from desktop.ui.events import LedgerEvents
    from desktop.ui.main_window import MainWindow
    from desktop.ui.messages import Messages
    from desktop.ui.runner import Runner

    app = create_application(None)
    ledger = Ledger.open(paths.ledger_path(data_dir))
    messages = Messages()
    runner = Runner(error_sink=messages.error)
    window = MainWindow(ledger, runner, messages, LedgerEvents(), default_regions(), reader=Reader(ledger.path))
    window.resize(1366, 740)
    window.show()
    app.processEvents()
    shown = time.time() - t0
    marks = {}

    def check():
        if "rows" not in marks and window.household_model.rowCount():
            window.household_table.viewport().repaint()  # paints the visible rows: fetches their page
            marks["rows"] = time.time() - t0
        if "persons" not in marks and window.person_model.rowCount():
            marks["persons"] = time.time() - t0
        if "zero" not in marks and window.zero_scan is not None:
            marks["zero"] = time.time() - t0
        if len(marks) == 3:
            print(f"RESULT {shown:.3f} {marks['rows']:.3f} {marks['persons']:.3f} {marks['zero']:.3f}", flush=True)
            app.quit()
        else:
            QTimer.singleShot(5, check)

    QTimer.singleShot(0, check)
    app.exec()
    runner.wait_idle()


def startup(data_dir: Path, runs: int) -> None:
    results = []
    for _ in range(runs):
        t0 = time.time()
        out = subprocess.run([sys.executable, __file__, "--child", str(data_dir), str(t0)],
                             capture_output=True, text=True, check=True, cwd=ROOT)
        line = next(l for l in out.stdout.splitlines() if l.startswith("RESULT"))
        results.append([float(x) for x in line.split()[1:]])
    for i, label in enumerate(["window shown", "first household rows painted", "person list loaded",
                               "zero-employment scan done"]):
        values = sorted(r[i] for r in results)
        print(f"  {label:32s} median {statistics.median(values):6.2f} s   (runs: "
              + ", ".join(f"{v:.2f}" for v in values) + ")")


def search_latency(data_dir: Path) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEventLoop, QTimer

    from desktop import paths
    from desktop.domain.regions import default_regions
    from desktop.store.ledger import Ledger
    from desktop.store.queries import Reader
    from desktop.ui.app import create_application
    from desktop.ui.events import LedgerEvents
    from desktop.ui.main_window import MainWindow
    from desktop.ui.messages import Messages
    from desktop.ui.runner import Runner

    app = create_application(None)
    ledger = Ledger.open(paths.ledger_path(data_dir))
    runner = Runner()
    window = MainWindow(ledger, runner, Messages(), LedgerEvents(), default_regions(), reader=Reader(ledger.path))
    window.show()
    records = window.persons

    def wait_loaded(timeout_ms=60000):
        loop = QEventLoop()
        records.loaded.connect(loop.quit)
        QTimer.singleShot(timeout_ms, loop.quit)
        loop.exec()
        records.loaded.disconnect(loop.quit)

    wait_loaded()
    runner.wait_idle()
    window.tabs.setCurrentIndex(1)  # the person list follows the search box while it is on screen
    app.processEvents()
    # warm the search index (built once per ledger file, about a second at 300k; done at start-up in use)
    records.set_search("预热")
    wait_loaded()
    times, counts = [], []
    for query in QUERIES * 3:
        started = time.perf_counter()
        records.set_search(query)
        wait_loaded()
        for row in range(min(30, window.person_model.rowCount())):  # what a screen shows
            window.person_model.row_record(row)
        times.append((time.perf_counter() - started) * 1000)
        counts.append(window.person_model.rowCount())
    times.sort()
    p50 = statistics.median(times)
    p95 = times[int(len(times) * 0.95) - 1]
    print(f"  search as you type ({len(times)} queries, list ids + first screen of rows): "
          f"p50 {p50:.1f} ms, p95 {p95:.1f} ms, max {times[-1]:.1f} ms")
    print(f"  matches per query: min {min(counts)}, median {statistics.median(counts):.0f}, max {max(counts)}")
    # The whole window path: the search box text → the list on screen (persons tab) reloaded.
    runner.wait_idle()
    app.processEvents()
    both = []
    for query in QUERIES * 2:
        started = time.perf_counter()
        window.search_edit.setText(query)
        window._search_now()  # what the 150 ms debounce timer calls
        while window.persons.busy or window.households.busy:
            app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 5)
        window.person_table.viewport().repaint()  # the rows a user sees, painted
        both.append((time.perf_counter() - started) * 1000)
    both.sort()
    print(f"  search box to the person list on screen ({len(both)} queries): p50 {statistics.median(both):.1f} ms, "
          f"p95 {both[int(len(both) * 0.95) - 1]:.1f} ms (plus the {window.search_timer.interval()} ms "
          "typing pause)")
    records.set_search("")
    runner.wait_idle()


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(sys.argv[2], float(sys.argv[3]))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=300_000)
    parser.add_argument("--data-dir", type=Path, default=Path("/tmp/vl-bench-300k"))
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    ensure_ledger(args.data_dir, args.persons)
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"main window, {args.persons:,} persons, offscreen, {os.cpu_count()} CPUs, load average {load}:")
    startup(args.data_dir, args.runs)
    search_latency(args.data_dir)
    zero_scan(args.data_dir)


def zero_scan(data_dir: Path) -> None:
    from desktop import paths
    from desktop.store.queries import Reader, zero_employment_scan
    reader = Reader(paths.ledger_path(data_dir))
    times = []
    for _ in range(3):
        started = time.perf_counter()
        scan = zero_employment_scan(reader.conn())
        times.append(time.perf_counter() - started)
    reader.close_all()
    print(f"  zero-employment scan alone: median {statistics.median(times):.2f} s "
          f"({scan.count:,} households, {scan.overdue_count:,} overdue)")


if __name__ == "__main__":
    main()
