"""Route the real `requests` client into an in-process FastAPI app (no sockets) by calling the ASGI app
directly; raw bytes are kept, so gzip, headers and status codes go through exactly as on the wire."""
from __future__ import annotations

import asyncio
import io
from urllib.parse import unquote, urlsplit

import requests
import urllib3
from requests.adapters import BaseAdapter
from requests.structures import CaseInsensitiveDict


async def _call(app, method: str, url: str, headers: dict, body: bytes) -> tuple[int, list, bytes]:
    parts = urlsplit(url)
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": method,
             "scheme": parts.scheme, "path": unquote(parts.path), "raw_path": parts.path.encode(),
             "query_string": parts.query.encode(), "root_path": "",
             "headers": [(k.lower().encode(), str(v).encode()) for k, v in headers.items()],
             "client": ("127.0.0.1", 50000), "server": (parts.hostname, parts.port or 80)}
    done = asyncio.Event()
    sent_body = False
    status, out_headers, chunks = 500, [], []

    async def receive():
        nonlocal sent_body
        if not sent_body:
            sent_body = True
            return {"type": "http.request", "body": body, "more_body": False}
        await done.wait()
        return {"type": "http.disconnect"}

    async def send(message):
        nonlocal status, out_headers
        if message["type"] == "http.response.start":
            status, out_headers = message["status"], message.get("headers", [])
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))
            if not message.get("more_body"):
                done.set()

    await app(scope, receive, send)
    return status, out_headers, b"".join(chunks)


class ASGIAdapter(BaseAdapter):
    def __init__(self, app):
        super().__init__()
        self.app = app
        self.fail_after: int | None = None   # raise ConnectionError once this many requests went through
        self.calls = 0
        self.drop = None    # callable -> None | "before" (request lost) | "after" (server did it, reply lost)

    def send(self, request, stream=False, timeout=None, verify=True, cert=None, proxies=None):
        self.calls += 1
        if self.fail_after is not None and self.calls > self.fail_after:
            raise requests.ConnectionError("link dropped (test)")
        fault = self.drop() if self.drop else None
        if fault == "before":
            raise requests.ConnectionError("request lost (test)")
        body = request.body or b""
        if isinstance(body, str):
            body = body.encode()
        headers = dict(request.headers)
        headers.setdefault("Host", urlsplit(request.url).netloc)
        headers["Content-Length"] = str(len(body))
        status, raw_headers, raw = asyncio.run(_call(self.app, request.method, request.url, headers, body))
        if fault == "after":
            raise requests.ConnectionError("reply lost (test)")
        hdrs = {k.decode(): v.decode() for k, v in raw_headers}
        resp = requests.Response()
        resp.status_code = status
        resp.headers = CaseInsensitiveDict(hdrs)
        resp.raw = urllib3.HTTPResponse(body=io.BytesIO(raw), headers=hdrs, status=status,
                                        preload_content=False, decode_content=False)
        resp.url = request.url
        resp.request = request
        resp.connection = self
        return resp

    def close(self):
        pass


def session_for(app) -> tuple[requests.Session, ASGIAdapter]:
    s = requests.Session()
    adapter = ASGIAdapter(app)
    s.mount("http://county.test", adapter)
    return s, adapter
