"""The OpenAPI document of a real county server process declares the bearer token (a securityScheme, required
by every data endpoint, not by /hello and /login), and nothing the server serves needs the internet: /docs
is a page of its own pointing at /openapi.json (FastAPI's Swagger UI and ReDoc pages load their scripts from
a CDN and are blank on a county LAN), /redoc is gone."""
from __future__ import annotations

import pytest
import requests

from sync.protocol import CLIENT_VERSION, CLIENT_VERSION_HEADER, PROTOCOL_HEADER, PROTOCOL_VERSION

from .server_proc import ServerProcess, database

HEADERS = {PROTOCOL_HEADER: str(PROTOCOL_VERSION), CLIENT_VERSION_HEADER: CLIENT_VERSION}


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def server(request, tmp_path_factory):
    url, schema = database(request.param, tmp_path_factory.mktemp("srv"))
    proc = ServerProcess(url).setup([("va", "village", "610302001001")], "secret-pass").start()
    yield proc
    proc.stop()
    if schema is not None:
        schema.drop()


def test_the_document_declares_the_bearer_token_on_the_data_endpoints(server):
    doc = requests.get(server.url + "/openapi.json", timeout=10).json()
    schemes = doc["components"]["securitySchemes"]
    assert schemes == {"bearerToken": {"type": "http", "scheme": "bearer", "description": schemes["bearerToken"]
                                       ["description"]}}
    assert "/api/v1/login" in schemes["bearerToken"]["description"]
    ops = {(path, method): op for path, item in doc["paths"].items() for method, op in item.items()}
    needs = {key for key, op in ops.items() if op.get("security") == [{"bearerToken": []}]}
    assert needs == {("/api/v1/sync", "post"), ("/api/v1/me", "get"), ("/api/v1/logout", "post"),
                     ("/api/v1/restored", "post")}
    assert {("/api/v1/hello", "get"), ("/api/v1/login", "post")} <= set(ops) - needs
    for key in needs:          # the token is the scheme, not a loose "authorization" header parameter
        assert all(p["name"].lower() != "authorization" for p in ops[key].get("parameters", [])), key
    assert "401" in ops[("/api/v1/login", "post")]["responses"]
    assert "403" in ops[("/api/v1/login", "post")]["responses"]      # a disabled account


def test_a_missing_or_non_bearer_token_gets_the_chinese_401(server):
    for auth in (None, "Basic dmE6c2VjcmV0", "Bearer", "Bearer not-a-token"):
        headers = {**HEADERS, **({"Authorization": auth} if auth else {})}
        r = requests.get(server.url + "/api/v1/me", headers=headers, timeout=10)
        assert r.status_code == 401 and r.headers["WWW-Authenticate"] == "Bearer", auth
        assert r.json()["code"] == "not_logged_in"
        assert ("未登录" if auth in (None, "Basic dmE6c2VjcmV0", "Bearer") else "登录已失效") in r.json()["detail"]
    token = requests.post(server.url + "/api/v1/login", json={"username": "va", "password": "secret-pass"},
                          headers=HEADERS, timeout=10).json()["token"]
    for scheme in ("Bearer", "bearer"):
        r = requests.get(server.url + "/api/v1/me", headers={**HEADERS, "Authorization": f"{scheme} {token}"},
                         timeout=10)
        assert r.status_code == 200 and r.json()["username"] == "va"
    r = requests.post(server.url + "/api/v1/logout", json={}, headers={**HEADERS, "Authorization": f"Bearer {token}"},
                      timeout=10)
    assert r.status_code == 204
    r = requests.get(server.url + "/api/v1/me", headers={**HEADERS, "Authorization": f"Bearer {token}"}, timeout=10)
    assert r.status_code == 401 and r.json()["detail"].startswith("登录已失效")


def test_nothing_served_loads_files_from_the_internet(server):
    page = requests.get(server.url + "/docs", timeout=10)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "/openapi.json" in page.text and "<script" not in page.text and "http" not in page.text
    assert requests.get(server.url + "/redoc", timeout=10).status_code == 404
    assert requests.get(server.url + "/docs/oauth2-redirect", timeout=10).status_code == 404
    doc = requests.get(server.url + "/openapi.json", timeout=10).json()
    assert "/docs" not in doc["paths"]
