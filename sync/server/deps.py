"""Request checks shared by the routers."""
from __future__ import annotations

from fastapi import Header, HTTPException, Request

from sync.protocol import (CLIENT_VERSION_HEADER, MIN_CLIENT_PROTOCOL, PROTOCOL_HEADER, PROTOCOL_VERSION,
                           too_old_message, version_tuple)

from .db import MIN_CLIENT_VERSION_KEY, get_setting


def check_client_version(request: Request, minimum: str | None) -> None:
    """426 when the county set a minimum laptop program version (county-server set-min-client) and this
    client's X-Client-Version is older (or missing: a program from before the header existed). The
    minimum is read from the database with the request's own query (token lookup, login, /hello), so a
    change takes effect at once, without a restart."""
    if not minimum:
        return
    header = request.headers.get(CLIENT_VERSION_HEADER)
    try:
        have = version_tuple(header) if header else (0,)
    except ValueError:
        have = (0,)
    if have < version_tuple(minimum):
        raise HTTPException(426, too_old_message(header, minimum))


def min_client_version(engine) -> str:
    """The county's minimum laptop program version ('' = any)."""
    return get_setting(engine, MIN_CLIENT_VERSION_KEY) or ""


def require_protocol(request: Request, x_protocol_version: str | None = Header(
        default=None, alias=PROTOCOL_HEADER,
        description="protocol version the client speaks"), _client: str | None = Header(
        default=None, alias=CLIENT_VERSION_HEADER,
        description="version of the laptop program (checked against county-server set-min-client)")) -> int:
    """Every data request names its protocol version; too old a client gets 426 and keeps its changes."""
    if x_protocol_version is None:
        raise HTTPException(400, f"缺少 {PROTOCOL_HEADER} 请求头，请使用村级就业帮扶台账客户端同步")
    try:
        version = int(x_protocol_version)
    except ValueError:
        raise HTTPException(400, f"{PROTOCOL_HEADER} 应为整数") from None
    minimum = getattr(request.app.state, "min_client_protocol", MIN_CLIENT_PROTOCOL)
    if version < minimum:
        raise HTTPException(426, f"客户端版本过旧（同步协议 {version}，服务器要求至少 {minimum}）。"
                                 "请升级村级就业帮扶台账后再同步；未上传的修改仍完好保存在本机。")
    if version > PROTOCOL_VERSION:
        raise HTTPException(400, f"客户端的同步协议 {version} 比服务器（{PROTOCOL_VERSION}）新，"
                                 "请联系县里升级服务器")
    return version
