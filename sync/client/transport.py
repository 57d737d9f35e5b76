"""HTTP to the county server: timeouts on every call, gzip both ways, bounded retries with exponential
backoff and jitter, and a circuit breaker so a server that is down is not hammered.

Retrying a sync request is safe: pushes are idempotent by change_id and pulls by cursor.
"""
from __future__ import annotations

import gzip
import http.client
import json
import random
import time
import zlib
from dataclasses import dataclass
from typing import Any, Callable

import requests
import urllib3

from sync.protocol import CLIENT_VERSION, CLIENT_VERSION_HEADER, PROTOCOL_HEADER, PROTOCOL_VERSION

from .errors import (AuthFailed, BadRequest, ClientTooOld, Forbidden, ServerBusy, ServerUnreachable, SyncError,
                     UntrustedServer)

MAX_RESPONSE_BYTES = 512 * 1024 * 1024
GZIP_REQUEST_MIN = 1024
_NETWORK_ERRORS = (requests.RequestException, urllib3.exceptions.HTTPError, http.client.HTTPException, OSError,
                   EOFError, zlib.error)


@dataclass
class RetryPolicy:
    attempts: int = 3              # tries per call
    backoff: float = 0.5           # first wait; doubles each retry, with full jitter
    backoff_cap: float = 8.0
    cooldown: float = 5.0          # after a call failed every try: refuse calls this long, doubling ...
    cooldown_cap: float = 300.0    # ... up to five minutes


class Transport:
    def __init__(self, base_url: str, *, token: str | None = None, session: requests.Session | None = None,
                 connect_timeout: float = 5.0, read_timeout: float = 30.0, verify: bool | str = True,
                 policy: RetryPolicy | None = None, sleep: Callable[[float], None] = time.sleep,
                 clock: Callable[[], float] = time.monotonic, rng: Callable[[], float] = random.random):
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.session = session or requests.Session()
        self.timeout = (connect_timeout, read_timeout)
        self.verify = verify
        self.policy = policy or RetryPolicy()
        self.sleep, self.clock, self.rng = sleep, clock, rng
        self.requests = self.bytes_sent = self.bytes_received = 0
        self._failures = 0
        self._down_until = 0.0

    # --- public -----------------------------------------------------------------------------------
    def get(self, path: str, *, auth: bool = False, force: bool = False) -> Any:
        return self._call("GET", path, None, auth, force)

    def post(self, path: str, body: Any, *, auth: bool = True, force: bool = False) -> Any:
        return self._call("POST", path, body, auth, force)

    def reset_circuit(self) -> None:
        self._failures, self._down_until = 0, 0.0

    @property
    def cooling_down(self) -> float:
        """Seconds until the next call is allowed (0 when calls go through)."""
        return max(0.0, self._down_until - self.clock())

    # --- internals --------------------------------------------------------------------------------
    def _call(self, method: str, path: str, body: Any, auth: bool, force: bool) -> Any:
        if not force and self.clock() < self._down_until:
            raise ServerUnreachable()
        headers = {PROTOCOL_HEADER: str(PROTOCOL_VERSION), CLIENT_VERSION_HEADER: CLIENT_VERSION,
                   "Accept-Encoding": "gzip", "Accept": "application/json"}
        if auth and self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        data = None
        if body is not None:
            data = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()
            headers["Content-Type"] = "application/json"
            if len(data) >= GZIP_REQUEST_MIN:
                data = gzip.compress(data, 5)
                headers["Content-Encoding"] = "gzip"
        last: SyncError = ServerUnreachable()
        for attempt in range(self.policy.attempts):
            if attempt:
                self.sleep(self.rng() * min(self.policy.backoff_cap, self.policy.backoff * 2 ** (attempt - 1)))
            try:
                status, payload = self._once(method, path, data, headers)
            except _NETWORK_ERRORS as exc:
                if _certificate_refused(exc):          # the same answer every time: not retried
                    raise UntrustedServer() from None
                last = ServerUnreachable()
                continue
            if status >= 500:
                last = ServerBusy(status=status)
                continue
            self.reset_circuit()
            if status >= 400:
                raise _error(status, payload)
            return payload
        self._failures += 1
        wait = min(self.policy.cooldown_cap, self.policy.cooldown * 2 ** (self._failures - 1))
        self._down_until = self.clock() + wait * (0.5 + self.rng() / 2)
        raise last

    def _once(self, method: str, path: str, data: bytes | None, headers: dict) -> tuple[int, Any]:
        self.requests += 1
        self.bytes_sent += len(data or b"")
        with self.session.request(method, self.base_url + path, data=data, headers=headers,
                                  timeout=self.timeout, verify=self.verify, stream=True) as resp:
            raw = resp.raw.read(MAX_RESPONSE_BYTES + 1, decode_content=False) or b""
            self.bytes_received += len(raw)
            length = resp.headers.get("Content-Length")
            if length is not None and length.isdigit() and int(length) != len(raw):
                raise http.client.IncompleteRead(raw)
            if resp.headers.get("Content-Encoding", "").lower() == "gzip":
                raw = gzip.decompress(raw)
            if resp.status_code == 204:
                return resp.status_code, None
            if not raw:
                if 200 <= resp.status_code < 300:
                    # Every 2xx answer but 204 carries JSON: an empty one is a link cut inside the headers,
                    # which http.client takes for a complete response. Retry it like any dropped link.
                    raise http.client.IncompleteRead(raw)
                return resp.status_code, None
            try:
                return resp.status_code, json.loads(raw)
            except ValueError:
                if resp.status_code >= 500:
                    return resp.status_code, None
                raise http.client.HTTPException("response is not JSON") from None


def _certificate_refused(exc: BaseException) -> bool:
    """The server's HTTPS certificate failed verification (unknown CA, wrong host name, expired)."""
    return isinstance(exc, requests.exceptions.SSLError) and "CERTIFICATE_VERIFY_FAILED" in str(exc)


def _error(status: int, payload: Any) -> SyncError:
    detail = payload.get("detail") if isinstance(payload, dict) else None
    if not isinstance(detail, str):
        detail = None
    if status == 401:
        return AuthFailed(detail, status=status)
    if status == 403:
        return Forbidden(detail, status=status)
    if status == 426:
        return ClientTooOld(detail, status=status)
    return BadRequest(detail or f"服务器拒绝了请求（{status}）", status=status)
