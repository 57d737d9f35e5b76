"""Does the window stay responsive while the app syncs? A laptop logs in through the SyncController (real
runner, offscreen) and pulls N persons (with their households and one spell per household) that another
laptop pushed to a real county-server process; a 10 ms QTimer on the GUI thread records the largest gap
between its ticks during the round.

    .venv/bin/python benchmarks/bench_sync_gui.py [--persons 10000]
"""
from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

VILLAGE = "610302001001"
PASSWORD = "bench-pass-1"


def start_server(tmp: Path) -> tuple[subprocess.Popen, str]:
    import requests
    db = f"sqlite:///{tmp / 'county.db'}"
    cli = [sys.executable, "-m", "sync.server.cli", "--db", db]
    for user in ("va", "va2"):
        subprocess.run([*cli, "add-account", "--username", user, "--password", PASSWORD, "--role", "village",
                        "--region", VILLAGE], check=True, capture_output=True, cwd=ROOT)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([*cli, "serve", "--port", str(port)], cwd=ROOT, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(600):
        try:
            if requests.get(url + "/api/v1/hello", timeout=0.5).ok:
                return proc, url
        except requests.RequestException:
            time.sleep(0.05)
    raise RuntimeError("county-server did not start")


def fill_server(tmp: Path, url: str, persons: int) -> None:
    from desktop import sync_support as S
    from desktop.domain.codes import EmploymentForm, Relation
    from desktop.domain.idnumber import make_id_number
    from desktop.domain.models import EmploymentSpell, Household, Person
    from desktop.store.ledger import Ledger
    from sync.client import FileTokenStore
    (tmp / "a").mkdir()
    ledger = Ledger.open(tmp / "a" / "ledger.sqlite")
    records, n, i = [], 0, 0
    while n < persons:
        household = Household(village_code=VILLAGE, hh_no=f"HH{i:06d}")
        records.append(household)
        for j in range(min(3, persons - n)):
            person = Person(household_id=household.id, name=f"张{i}{j}",
                            relation=Relation.HEAD if j == 0 else Relation.OTHER,
                            id_number=make_id_number("610302", date(1960 + n % 40, 1 + n % 12, 1 + n % 28), n % 999))
            records.append(person)
            if j == 0:
                records.append(EmploymentSpell(person_id=person.id, form=list(EmploymentForm)[0],
                                               start_date=date(2025, 3, 1), employer="某公司"))
            n += 1
        i += 1
    ledger.insert_new(records)
    ledger.close()
    store = FileTokenStore(tmp / "a" / "token.json")
    S.login_account(tmp / "a" / "ledger.sqlite", url, "va", PASSWORD, store)
    report = S.make_engine(tmp / "a" / "ledger.sqlite", store).sync_once()
    assert not report.rejected, report.rejected[:3]
    print(f"pushed {report.pushed} records in {report.duration:.2f} s ({report.requests} requests)")


def measure(tmp: Path, url: str) -> None:
    from PySide6.QtCore import QElapsedTimer, QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from desktop.store.ledger import Ledger
    from desktop.ui.events import LedgerEvents
    from desktop.ui.runner import Runner
    from desktop.ui.sync import SyncController
    from sync.client import FileTokenStore

    app = QApplication.instance() or QApplication([])
    (tmp / "b").mkdir()
    ledger = Ledger.open(tmp / "b" / "ledger.sqlite")
    runner = Runner()
    controller = SyncController(ledger.path, runner, LedgerEvents(), tmp / "b",
                                token_store=FileTokenStore(tmp / "b" / "token.json"))
    controller.start(first_sync_ms=600_000)
    clock = QElapsedTimer()
    clock.start()
    gaps: list[int] = []
    last = [clock.elapsed()]

    def tick():
        now = clock.elapsed()
        gaps.append(now - last[0])
        last[0] = now

    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(tick)
    timer.start()
    loop = QEventLoop()
    result = {}
    controller.sync_finished.connect(lambda r: (result.update(report=r), loop.quit()))
    controller.sync_failed.connect(lambda m: (result.update(error=m), loop.quit()))
    t0 = time.perf_counter()
    controller.login(url, "va2", PASSWORD, None)
    loop.exec()
    wall = time.perf_counter() - t0
    controller.stop()
    runner.wait_idle()
    ledger.close()
    if "error" in result:
        raise SystemExit(result["error"])
    report = result["report"]
    gaps.sort()
    print(f"login + first round through the controller: {wall:.2f} s; pulled {report.pulled} records in "
          f"{report.duration:.2f} s, {report.requests} requests, {report.bytes_received / 1e6:.2f} MB down")
    print(f"GUI thread during the round: {len(gaps)} timer ticks, largest gap {gaps[-1]} ms, "
          f"99th percentile {gaps[int(len(gaps) * 0.99)]} ms, gaps over 100 ms: {sum(g > 100 for g in gaps)}")
    del app


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--persons", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        proc, url = start_server(tmp)
        try:
            fill_server(tmp, url, args.persons)
            measure(tmp, url)
        finally:
            proc.terminate()
            proc.wait()


if __name__ == "__main__":
    main()
