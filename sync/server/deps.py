"""Request checks shared by the routers."""
from __future__ import annotations

import time

from fastapi import FastAPI, Header, HTTPException, Request

from sync.protocol import (CLIENT_VERSION_HEADER, MIN_CLIENT_PROTOCOL, PROTOCOL_HEADER, PROTOCOL_VERSION,
                           too_old_message, version_tuple)

from .db import MIN_CLIENT_VERSION_KEY, get_setting

MIN_VERSION_TTL = 5.0       # seconds a process trusts its copy of the county's minimum client version


def min_client_version(app: FastAPI, *, fresh: bool = False) -> str:
    """The oldest laptop program version the county accepts ('' = any): the `min_client_version`
    setting (county-server set-min-client), read from the database at every handshake (`fresh`) and
    at most every MIN_VERSION_TTL seconds for data requests, so no restart is needed."""
    cached = getattr(app.state, "min_client_version_cache", None)
    now = time.monotonic()
    if fresh or cached is None or now - cached[1] > MIN_VERSION_TTL:
        value = get_setting(app.state.db, MIN_CLIENT_VERSION_KEY) or ""
        cached = (value, now)
        app.state.min_client_version_cache = cached
    return cached[0]


def require_protocol(request: Request, x_protocol_version: str | None = Header(
        default=None, alias=PROTOCOL_HEADER,
        description="protocol version the client speaks"), x_client_version: str | None = Header(
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
    wanted = min_client_version(request.app)
    if wanted:
        try:
            have = version_tuple(x_client_version) if x_client_version else (0,)
        except ValueError:
            have = (0,)
        if have < version_tuple(wanted):
            raise HTTPException(426, too_old_message(x_client_version, wanted))
    return version
