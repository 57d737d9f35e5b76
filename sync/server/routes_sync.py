"""The handshake and the combined sync round (push, then one pull page)."""
from __future__ import annotations

import asyncio
import gzip
import os
import sys
import time

import anyio
from fastapi import APIRouter, Depends, HTTPException, Request, Response
from sqlalchemy import Engine

from sync.protocol import (MAX_BODY_BYTES, MAX_PULL_LIMIT, MAX_PUSH, PROTOCOL_VERSION,
                           SERVER_VERSION, Detail, Hello, SyncResponse)

from .auth import Principal, current_principal
from . import restore
from .db import read_conn, single_statement_conn, top_seq
from .deps import min_client_version, require_protocol
from .pull import pull_page
from .push import Job, Outcome, precheck
from .wire import SyncRequest, encode, parse_sync_request

TIMING = bool(os.environ.get("COUNTY_SERVER_TIMING"))
GZIP_MIN = 1024
SYNC_CONCURRENCY = int(os.environ.get("COUNTY_SERVER_SYNC_THREADS", "16"))
GZIP_LEVEL = int(os.environ.get("COUNTY_SERVER_GZIP_LEVEL", "5"))

hello_router = APIRouter(prefix="/api/v1", tags=["handshake"])
router = APIRouter(prefix="/api/v1", tags=["sync"], dependencies=[Depends(require_protocol)])


@hello_router.get("/hello", response_model=Hello)
def hello(request: Request) -> Hello:
    """Versions first: the client checks it speaks a protocol the server accepts before sending data."""
    return Hello(server_version=SERVER_VERSION, protocol_version=PROTOCOL_VERSION,
                 min_client_protocol=request.app.state.min_client_protocol, instance_id=request.app.state.instance_id,
                 min_client_version=min_client_version(request.app.state.db),
                 max_body_bytes=MAX_BODY_BYTES, max_push=MAX_PUSH, max_pull_limit=MAX_PULL_LIMIT,
                 seq=top_seq(request.app.state.db), restore_windows=restore.windows(request.app.state.db))


_ERRORS = {401: {"model": Detail}, 403: {"model": Detail}, 413: {"model": Detail}, 422: {"model": Detail},
           426: {"model": Detail}}


_BODY_SCHEMA = {"requestBody": {"required": True, "content": {"application/json": {
    "schema": {"$ref": "#/components/schemas/SyncRequest"}}}}}
_limiter: anyio.CapacityLimiter | None = None


def _sync_limiter() -> anyio.CapacityLimiter:
    """Few sync rounds parse or answer at once per process: the writer thread must not share the
    interpreter with dozens of threads doing so (it would hold the lock many times longer). A round
    waiting for the writer holds no thread and no slot, so the writer always finds the pushes of every
    request parsed meanwhile and applies them in one transaction."""
    global _limiter
    if _limiter is None:
        _limiter = anyio.CapacityLimiter(SYNC_CONCURRENCY)
    return _limiter


@router.post("/sync", response_model=SyncResponse, responses=_ERRORS, openapi_extra=_BODY_SCHEMA)
async def sync(request: Request, principal: Principal = Depends(current_principal)) -> Response:
    """One sync round: apply the pushed changes (idempotent by change_id, in order), then return the next
    pull page of records in the account's scope with seq > cursor. Body: SyncRequest (gzip accepted).
    The response is gzip-compressed when the client accepts it."""
    raw = await request.body()
    limiter = _sync_limiter()
    body, job = await anyio.to_thread.run_sync(_prepare, raw, principal, limiter=limiter)
    out = None
    if job is not None:
        t0 = time.perf_counter()
        out = await asyncio.wrap_future(request.app.state.writer.submit_future(job))
        if TIMING:
            print(f"push {len(job.push)}: {1000 * (time.perf_counter() - t0):.0f} ms", file=sys.stderr, flush=True)
    return await anyio.to_thread.run_sync(_answer, body, out, request, principal, limiter=limiter)


def _parse(raw: bytes) -> SyncRequest:
    """The body, decoded and validated (msgspec, constraints of sync.protocol.SyncRequest); 422 otherwise."""
    return parse_sync_request(raw)


def _prepare(raw: bytes, principal: Principal) -> tuple[SyncRequest, Job | None]:
    """Parse the body and check its changes (no database): the writer's job, if it pushes anything."""
    body = _parse(raw)
    if not body.push:
        return body, None
    if not principal.scope.can_write:
        raise HTTPException(403, "本账号（乡镇或县级）只能查看数据，不能上传修改")
    bad = precheck(body.push)              # outside the write transaction
    return body, Job(principal.scope, principal.username, body.client_id, body.push, bad, cursor=body.cursor)


def _answer(body: SyncRequest, out: Outcome | None, request: Request, principal: Principal) -> Response:
    """The pull page after the push, with the push's acks and rejections, as the response."""
    engine: Engine = request.app.state.db
    acks, rejected = (out.acks, out.rejected) if out is not None else ([], [])
    # PostgreSQL answers the pull in one statement (one snapshot): no transaction around it
    opened = single_statement_conn(engine) if engine.dialect.name == "postgresql" else read_conn(engine)
    with opened as conn, conn.begin():
        page, next_cursor, more, counts = pull_page(conn, principal.scope, body.client_id, body.cursor,
                                                    body.pull_limit, body.echo)
    tail = (f',"pull":{page},"next_cursor":{next_cursor},"more":{"true" if more else "false"},'
            f'"counts":{counts},"instance_id":"{request.app.state.instance_id}"}}')
    data = b"".join((b'{"acks":', encode(acks), b',"rejected":', encode(rejected), tail.encode()))
    headers = {}
    if len(data) >= GZIP_MIN and "gzip" in request.headers.get("accept-encoding", ""):
        data = gzip.compress(data, GZIP_LEVEL)
        headers["Content-Encoding"] = "gzip"
    return Response(data, media_type="application/json", headers=headers)
