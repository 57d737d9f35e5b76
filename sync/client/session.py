"""Login and logout: the handshake, the token into the token store, the account into meta."""
from __future__ import annotations

import json
from pathlib import Path

from sync.protocol import CLIENT_VERSION, PROTOCOL_VERSION, too_old_message, version_tuple
from sync.scope import ROLE_LABELS, Role, Scope

from . import local as L
from .credentials import TokenStore
from .errors import ClientTooOld, LedgerOfAnotherRegion, ServerTooOld, SyncError
from .local import LocalLedger, Txn
from .transport import Transport

MIN_SERVER_PROTOCOL = 1


def check_hello(hello: dict) -> None:
    if hello["min_client_protocol"] > PROTOCOL_VERSION:
        raise ClientTooOld(f"客户端版本过旧（同步协议 {PROTOCOL_VERSION}，服务器要求至少 "
                           f"{hello['min_client_protocol']}）。请升级村级就业帮扶台账后再同步；未上传的修改仍保存在本机。")
    if hello["protocol_version"] < MIN_SERVER_PROTOCOL:
        raise ServerTooOld()
    wanted = hello.get("min_client_version") or ""
    if wanted and version_tuple(CLIENT_VERSION) < version_tuple(wanted):
        raise ClientTooOld(too_old_message(CLIENT_VERSION, wanted))


def login(db: str | Path, server_url: str, username: str, password: str, token_store: TokenStore, *,
          transport: Transport | None = None, verify: bool | str = True) -> dict:
    """Handshake, log in, keep the token in `token_store` and the account in the ledger's meta.
    Returns the account {username, role, region_code}. Logging in to another region or server makes
    the next sync pull from zero. `verify` may be a county CA certificate file for HTTPS."""
    server_url = server_url.rstrip("/")
    transport = transport or Transport(server_url, verify=verify)
    hello = transport.get("/api/v1/hello", force=True)
    check_hello(hello)
    resp = transport.post("/api/v1/login", {"username": username, "password": password}, auth=False, force=True)
    account = resp["account"]
    previous, transport.token = transport.token, resp["token"]
    conn = L.connect(db)
    try:
        led = LocalLedger(conn)
        refusal = _region_refusal(led, account)
        if refusal:
            try:                      # the token is not kept: revoke it on the server too
                transport.post("/api/v1/logout", {}, force=True)
            except SyncError:
                pass
            transport.token = previous
            raise LedgerOfAnotherRegion(refusal)
        token_store.set(server_url, username, resp["token"])
        with Txn(conn):
            before = json.loads(led.get_meta(L.ACCOUNT) or "null")
            if (led.get_meta(L.SERVER_URL) not in (None, server_url)
                    or (before and before.get("region_code") != account["region_code"])
                    or led.get_meta(L.SERVER_INSTANCE) not in (None, hello["instance_id"])):
                led.set_meta(L.CURSOR, "0")
            led.set_meta(L.SERVER_URL, server_url)
            led.set_meta(L.ACCOUNT, json.dumps(account, ensure_ascii=False))
            led.set_meta(L.SERVER_INSTANCE, hello["instance_id"])
    finally:
        conn.close()
    return account


def _region_refusal(led: LocalLedger, account: dict) -> str | None:
    """Why this ledger may not take this account: it holds records synced for a region the account
    cannot read (a laptop handed from one village to another). None when it may."""
    before = json.loads(led.get_meta(L.ACCOUNT) or "null")
    if not before or before.get("region_code") == account["region_code"]:
        return None
    try:
        old, new = (Scope(Role(a["role"]), a["region_code"]) for a in (before, account))
    except (KeyError, ValueError):
        return None
    if old.prefix.startswith(new.prefix) or not led.holds_synced_records():
        return None
    return (f"这个台账里是 {old.region_code}（{ROLE_LABELS[old.role]}）已同步的记录，账号“{account['username']}”"
            f"管的是 {new.region_code}，两处的台账不能混在一起，没有登录。请用原来的账号登录；"
            f"这台电脑要交给别的村使用时，请县里技术人员先备份本机台账，再为新账号另建台账。")


def logout(db: str | Path, token_store: TokenStore, *, transport: Transport | None = None) -> None:
    """Revoke the token on the server (best effort when offline) and forget it locally. Local data and
    unsent changes stay."""
    conn = L.connect(db)
    try:
        led = LocalLedger(conn)
        url = led.get_meta(L.SERVER_URL)
        account = json.loads(led.get_meta(L.ACCOUNT) or "null")
        if not url or not account:
            return
        token = token_store.get(url, account["username"])
        if token:
            transport = transport or Transport(url)
            transport.token = token
            try:
                transport.post("/api/v1/logout", {}, force=True)
            except SyncError:
                pass
        token_store.delete(url, account["username"])
    finally:
        conn.close()
