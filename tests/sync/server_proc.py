"""A real `county-server serve` process on 127.0.0.1 (random free port), for tests and benchmarks."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[2]
PG_BASE = "postgresql+psycopg://root@127.0.0.1:5432/test"
CLI = [sys.executable, "-m", "sync.server.cli"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run_cli(db_url: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*CLI, "--db", db_url, *args], cwd=ROOT, capture_output=True, text=True, timeout=120)


def postgres_running() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 5432), timeout=1):
            return True
    except OSError:
        return False


def ensure_postgres() -> None:
    if postgres_running():
        return
    version = sorted(os.listdir("/etc/postgresql"))[-1]
    subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "start"], check=True,
                   timeout=60)
    for _ in range(100):
        if postgres_running():
            return
        time.sleep(0.1)
    raise RuntimeError("PostgreSQL did not start")


class PgSchema:
    """A fresh PostgreSQL schema; the URL puts it first on the search path."""

    def __init__(self):
        import psycopg
        ensure_postgres()
        self.name = "t_" + uuid.uuid4().hex[:12]
        with psycopg.connect("host=127.0.0.1 port=5432 user=root dbname=test", autocommit=True) as c:
            c.execute(f"CREATE SCHEMA {self.name}")
        self.url = f"{PG_BASE}?options=-csearch_path%3D{self.name}"

    def drop(self) -> None:
        import psycopg
        with psycopg.connect("host=127.0.0.1 port=5432 user=root dbname=test", autocommit=True) as c:
            c.execute(f"DROP SCHEMA IF EXISTS {self.name} CASCADE")


class ServerProcess:
    def __init__(self, db_url: str, port: int | None = None, workers: int = 1, log: Path | None = None):
        self.db_url, self.port, self.workers, self.log = db_url, port or free_port(), workers, log
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen | None = None

    def start(self) -> ServerProcess:
        self.proc = subprocess.Popen([*CLI, "--db", self.db_url, "serve", "--host", "127.0.0.1", "--port",
                                      str(self.port), "--workers", str(self.workers)], cwd=ROOT,
                                     stdout=subprocess.DEVNULL,
                                     stderr=open(self.log, "ab") if self.log else subprocess.PIPE)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                err = self.proc.stderr.read().decode(errors="replace") if self.proc.stderr else ""
                raise RuntimeError("county-server exited: " + err)
            try:
                if requests.get(self.url + "/api/v1/hello", timeout=0.5).status_code == 200:
                    return self
            except requests.RequestException:
                time.sleep(0.05)   # startup wait only
        raise RuntimeError("county-server did not answer within 30 s")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.proc is not None and self.proc.stderr:
            self.proc.stderr.close()
        self.proc = None

    def kill(self) -> None:
        if self.proc is not None:
            self.proc.kill()
            self.proc.wait()
            if self.proc.stderr:
                self.proc.stderr.close()
            self.proc = None
