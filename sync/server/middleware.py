"""Request bodies: size cap (before and after decompression) and gzip request bodies."""
from __future__ import annotations

import json
import zlib

from .errors import CODES


async def _reply(send, status: int, detail: str) -> None:
    body = json.dumps({"detail": detail, "code": CODES.get(status, "bad_request")}, ensure_ascii=False).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


class BodyMiddleware:
    """Reads the whole request body (at most `max_bytes`), inflates ``Content-Encoding: gzip`` with the
    same cap on the inflated size, and hands the plain body on."""

    def __init__(self, app, max_bytes: int):
        self.app, self.max_bytes = app, max_bytes

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] not in ("POST", "PUT", "PATCH"):
            return await self.app(scope, receive, send)
        headers = dict(scope["headers"])
        too_big = f"请求体过大（超过 {self.max_bytes // (1024 * 1024)} MB），请分批同步"
        length = headers.get(b"content-length")
        if length is not None and length.isdigit() and int(length) > self.max_bytes:
            return await _reply(send, 413, too_big)
        chunks, size = [], 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return None
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                return await _reply(send, 413, too_big)
            chunks.append(chunk)
            if not message.get("more_body"):
                break
        body = b"".join(chunks)
        encoding = headers.get(b"content-encoding", b"identity").strip().lower()
        if encoding == b"gzip":
            inflater = zlib.decompressobj(wbits=31)
            try:
                body = inflater.decompress(body, self.max_bytes + 1)
            except zlib.error:
                return await _reply(send, 400, "请求体不是有效的 gzip 数据")
            if len(body) > self.max_bytes or inflater.unconsumed_tail:
                return await _reply(send, 413, too_big)
        elif encoding not in (b"identity", b""):
            return await _reply(send, 415, f"不支持的请求体编码“{encoding.decode(errors='replace')}”，请用 gzip")
        scope = dict(scope)
        scope["headers"] = [(k, v) for k, v in scope["headers"]
                            if k not in (b"content-encoding", b"content-length")]
        scope["headers"].append((b"content-length", str(len(body)).encode()))
        sent = False

        async def replay():
            nonlocal sent
            if sent:
                return await receive()
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}

        return await self.app(scope, replay, send)
