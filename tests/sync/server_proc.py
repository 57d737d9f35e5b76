"""A real `county-server serve` process on 127.0.0.1 (random free port), for tests and benchmarks; the one
helper every test that starts a county server uses (tests/sync, tests/app, tests/ui)."""
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


def run_cli(db_url: str, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([*CLI, "--db", db_url, *args], cwd=ROOT, capture_output=True, text=True, timeout=120,
                          env=env)


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


def database(kind: str, directory: Path) -> tuple[str, PgSchema | None]:
    """A fresh county database: kind 'sqlite' (a file in `directory`) or 'postgres' (a new schema; drop
    it when done). Returns (URL, schema or None)."""
    if kind == "sqlite":
        return f"sqlite:///{directory / 'county.db'}", None
    schema = PgSchema()
    return schema.url, schema


class ServerProcess:
    """`county-server --db URL serve` on 127.0.0.1. `env`: extra environment of the server process (and of
    `cli`); `certfile`/`keyfile`: serve HTTPS (`ca`: the CA file that verifies it, for the start-up check)."""

    def __init__(self, db_url: str, port: int | None = None, workers: int = 1, log: Path | None = None, *,
                 env: dict[str, str] | None = None, certfile: Path | None = None, keyfile: Path | None = None,
                 ca: Path | None = None):
        self.db_url, self.port, self.workers, self.log = db_url, port or free_port(), workers, log
        self.env = {**os.environ, "PYTHONUTF8": "1", **(env or {})}
        self.tls = ["--certfile", str(certfile), "--keyfile", str(keyfile)] if certfile else []
        self.ca = ca
        self.url = f"{'https' if certfile else 'http'}://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen | None = None

    @property
    def db(self) -> str:
        return self.db_url

    def cli(self, *args: str) -> subprocess.CompletedProcess:
        """Another county-server command on the same database (init, add-account, set-min-client, ...)."""
        return run_cli(self.db_url, *args, env=self.env)

    def setup(self, accounts, password: str) -> ServerProcess:
        """`init`, then `add-account` for each (username, role, region)."""
        done = self.cli("init")
        assert done.returncode == 0, done.stderr
        for user, role, region in accounts:
            done = self.cli("add-account", "--username", user, "--password", password, "--role", role,
                            "--region", region)
            assert done.returncode == 0, done.stderr
        return self

    def start(self) -> ServerProcess:
        log = open(self.log, "ab") if self.log else None      # the child keeps its own copy of the handle
        try:
            self.proc = subprocess.Popen([*CLI, "--db", self.db_url, "serve", "--host", "127.0.0.1", "--port",
                                          str(self.port), "--workers", str(self.workers), *self.tls], cwd=ROOT,
                                         env=self.env, stdout=subprocess.DEVNULL,
                                         stderr=log if log else subprocess.PIPE)
        finally:
            if log:
                log.close()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                err = self.proc.stderr.read().decode(errors="replace") if self.proc.stderr else ""
                if self.proc.stderr:
                    self.proc.stderr.close()
                self.proc = None
                raise RuntimeError("county-server exited: " + err)
            try:
                if requests.get(self.url + "/api/v1/hello", timeout=0.5,
                                verify=str(self.ca) if self.ca else True).status_code == 200:
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


def make_county_ca(directory: Path) -> tuple[Path, Path, Path]:
    """A county CA and a server certificate for 127.0.0.1 signed by it (made here, valid two days):
    (ca.pem, server.pem, server.key)."""
    import datetime
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    now = datetime.datetime.now(datetime.UTC)
    ca_key, key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Test County CA")])
    ca = (x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name).public_key(ca_key.public_key())
          .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(minutes=5))
          .not_valid_after(now + datetime.timedelta(days=2))
          .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
          .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True, crl_sign=True,
                                       content_commitment=False, key_encipherment=False, data_encipherment=False,
                                       key_agreement=False, encipher_only=False, decipher_only=False), critical=True)
          .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
          .sign(ca_key, hashes.SHA256()))
    cert = (x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")]))
            .issuer_name(ca_name).public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(minutes=5)).not_valid_after(now + datetime.timedelta(days=2))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                           critical=False)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
            .sign(ca_key, hashes.SHA256()))
    paths = directory / "ca.pem", directory / "server.pem", directory / "server.key"
    paths[0].write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    paths[1].write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    paths[2].write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    paths[2].chmod(0o600)
    return paths
