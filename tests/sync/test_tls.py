"""`county-server serve --certfile --keyfile`: laptops sync over HTTPS with the county's CA file; a client
without it is told clearly (certificate, what to do) and nothing is retried or sent; bad certificate options
are refused before the server starts. Certificates are made in the test. Real server process, SQLite and
PostgreSQL."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from sync.client import FileTokenStore, SyncEngine, UntrustedServer, login

from .localdb import add_household, add_person, make_ledger, query, row
from .server_proc import ROOT, ServerProcess, database, make_county_ca

PASSWORD = "secret-pass"
VILLAGE = "610302001001"
ENV = {**os.environ, "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring", "PYTHONUTF8": "1"}


@pytest.fixture(scope="module")
def county_ca(tmp_path_factory):
    return make_county_ca(tmp_path_factory.mktemp("ca"))


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def server(request, tmp_path_factory, county_ca):
    ca, cert, key = county_ca
    url, schema = database(request.param, tmp_path_factory.mktemp("srv"))
    proc = ServerProcess(url, certfile=cert, keyfile=key, ca=ca)
    proc.setup([("va", "village", VILLAGE), ("va2", "village", VILLAGE)], PASSWORD).start()
    yield proc
    proc.stop()
    if schema is not None:
        schema.drop()


def test_laptops_sync_over_https_with_the_county_ca(server, county_ca, tmp_path):
    ca = str(county_ca[0])
    assert server.url.startswith("https://")
    laptops = []
    for user in ("va", "va2"):
        path, store = make_ledger(tmp_path / f"{user}.sqlite"), FileTokenStore(tmp_path / f"{user}.json")
        login(path, server.url, user, PASSWORD, store, verify=ca)
        laptops.append((path, SyncEngine(path, token_store=store, verify=ca)))
    (a_path, a), (b_path, b) = laptops
    hh = add_household(a_path, VILLAGE)
    person = add_person(a_path, hh, "赵加密", "610302198001010011")
    assert a.sync_once().pushed == 2
    assert b.sync_once().pulled == 2
    assert row(b_path, "person", person)["name"] == "赵加密"
    a.close(), b.close()


def test_a_client_without_the_county_ca_is_told_what_to_do(server, county_ca, tmp_path):
    path, store = make_ledger(tmp_path / "x.sqlite"), FileTokenStore(tmp_path / "x.json")
    with pytest.raises(UntrustedServer) as caught:
        login(path, server.url, "va", PASSWORD, store)               # the system's CAs only
    assert "证书" in caught.value.message and "--ca-file" in caught.value.message
    assert store.get(server.url, "va") is None

    # logged in with the CA, then the engine is made without it: refused, the outbox kept
    login(path, server.url, "va", PASSWORD, store, verify=str(county_ca[0]))
    add_household(path, VILLAGE)
    engine = SyncEngine(path, token_store=store)
    with pytest.raises(UntrustedServer):
        engine.sync_once()
    assert engine.transport.requests == 1                            # not retried: it would fail the same way
    assert query(path, "SELECT count(*) n FROM outbox") == [{"n": 1}]
    engine.close()


def test_the_command_line_names_the_certificate_and_the_ca_file_option(server, county_ca, tmp_path):
    def vl(*args):
        return subprocess.run([sys.executable, "-m", "desktop", "--data-dir", str(tmp_path), *args], cwd=ROOT,
                              capture_output=True, text=True, timeout=120, env=ENV)
    args = ("login", "--server", server.url, "--username", "va", "--password", PASSWORD)
    done = vl(*args)
    assert done.returncode == 3 and "证书" in done.stderr and "--ca-file" in done.stderr, done.stderr
    done = vl(*args, "--ca-file", str(county_ca[0]))
    assert done.returncode == 0, done.stderr
    assert vl("sync").returncode == 0                                # the CA file is remembered


def test_serve_refuses_unusable_certificate_options(tmp_path, county_ca):
    ca, cert, key = county_ca
    url = f"sqlite:///{tmp_path / 'c.db'}"
    server = ServerProcess(url)
    done = server.cli("serve", "--certfile", str(cert))
    assert done.returncode == 2 and "--keyfile" in done.stderr
    done = server.cli("serve", "--certfile", str(tmp_path / "missing.pem"), "--keyfile", str(key))
    assert done.returncode == 2 and "找不到" in done.stderr
    done = server.cli("serve", "--certfile", str(ca), "--keyfile", str(key))      # key of another certificate
    assert done.returncode == 2 and "不配对" in done.stderr
