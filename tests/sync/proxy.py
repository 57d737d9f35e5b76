"""A connection-dropping HTTP proxy on 127.0.0.1, for sync tests and benchmarks.

It sits between the client engine and a real `county-server serve` process and forwards HTTP/1.1
exchanges one by one (keep-alive on both sides, Content-Length or chunked bodies). For each exchange it
decides, from a seeded random generator (so a run is reproducible) or an explicit plan, whether to drop
the connection and where:

* ``before``        the request is read from the client, nothing reaches the server, the socket is closed;
* ``request_cut``   the headers and half the body (half the headers of a request without a body) reach
                    the server, then both sockets are closed (the server sees a truncated request and
                    must apply nothing);
* ``response_cut``  the server gets the whole request and answers (so a push *was* applied), the client
                    gets the headers and part of the body (from none of it to all but one byte), then
                    the socket is closed;
* ``header_cut``    like response_cut, but the client gets only the status line and the first header line
                    (not in the random mix by default: see test_dropping_proxy.py, the client takes that
                    for a complete empty answer).

Counters: connections, exchanges, drops per kind, bytes up/down as forwarded, and for every
``POST /api/v1/sync`` the cursor, pull limit and push size of the request (bodies are gunzipped and parsed
when the client compressed them), so a test can see which pages were asked for and how often.

Bounded: at most ``max_connections`` client connections at once (others wait in the listen backlog),
socket timeouts on every read, and the proxy stops by itself after ``lifetime`` seconds or when closed
(use it as a context manager).

    with DroppingProxy(server.url, drop_rate=0.2, seed=7) as proxy:
        login(db, proxy.url, ...); SyncEngine(db, ...).sync_once()
        proxy.stats.drops, proxy.pulls()
"""
from __future__ import annotations

import gzip
import json
import random
import socket
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlsplit

FAULTS = ("before", "request_cut", "response_cut")
MAX_HEADER = 64 * 1024
MAX_BODY = 64 * 1024 * 1024


class _Closed(Exception):
    """The peer closed or the read timed out."""


@dataclass
class Exchange:
    index: int                 # order in which the proxy saw the request (0-based)
    method: str
    path: str
    fault: str | None          # None = forwarded whole
    cursor: int | None = None  # POST /api/v1/sync only
    pull_limit: int | None = None
    push: int = 0              # number of changes in the request
    status: int | None = None  # the server's status (None if the server never answered)
    response_bytes: int = 0    # size of the server's answer (body)


@dataclass
class Stats:
    connections: int = 0
    exchanges: int = 0
    drops: Counter = field(default_factory=Counter)     # fault kind -> count
    bytes_up: int = 0          # forwarded to the server
    bytes_down: int = 0        # forwarded to the client

    @property
    def dropped(self) -> int:
        return sum(self.drops.values())


class _Reader:
    """Buffered reads from a socket: a line, n bytes, an HTTP message."""

    def __init__(self, sock: socket.socket):
        self.sock, self.buf = sock, bytearray()

    def _fill(self) -> None:
        try:
            data = self.sock.recv(256 * 1024)
        except OSError as exc:
            raise _Closed() from exc
        if not data:
            raise _Closed()
        self.buf += data

    def until(self, marker: bytes, limit: int) -> bytes:
        while True:
            i = self.buf.find(marker)
            if i >= 0:
                out = bytes(self.buf[:i + len(marker)])
                del self.buf[:i + len(marker)]
                return out
            if len(self.buf) > limit:
                raise _Closed()
            self._fill()

    def exactly(self, n: int) -> bytes:
        while len(self.buf) < n:
            self._fill()
        out = bytes(self.buf[:n])
        del self.buf[:n]
        return out

    def message(self) -> tuple[bytes, dict[str, str], bytes]:
        """One HTTP message: (raw head, lower-cased headers, raw body as on the wire)."""
        head = self.until(b"\r\n\r\n", MAX_HEADER)
        headers = {}
        for line in head.split(b"\r\n")[1:]:
            if b":" in line:
                k, v = line.split(b":", 1)
                headers[k.decode("latin-1").strip().lower()] = v.decode("latin-1").strip()
        if headers.get("transfer-encoding", "").lower() == "chunked":
            parts = []
            while True:
                size_line = self.until(b"\r\n", MAX_HEADER)
                parts.append(size_line)
                size = int(size_line.split(b";")[0].strip() or b"0", 16)
                if size > MAX_BODY:
                    raise _Closed()
                if size == 0:
                    parts.append(self.until(b"\r\n", MAX_HEADER))      # (no trailers from our server)
                    break
                parts.append(self.exactly(size + 2))
            return head, headers, b"".join(parts)
        length = int(headers.get("content-length", "0") or 0)
        if length > MAX_BODY:
            raise _Closed()
        return head, headers, self.exactly(length)


class DroppingProxy:
    def __init__(self, upstream_url: str, *, drop_rate: float = 0.2, seed: int = 0,
                 faults: tuple[str, ...] = FAULTS, plan: dict[int, str] | None = None,
                 sync_plan: dict[int, str] | None = None, only_sync: bool = False, max_connections: int = 32,
                 lifetime: float = 600.0, timeout: float = 30.0):
        """`drop_rate`: fraction of exchanges dropped (decided per exchange, in arrival order, by
        Random(seed)); `plan`: exchange index -> fault, overriding the random choice for those indexes
        (use drop_rate=0 for a fully planned run); `sync_plan`: the same keyed by the index among
        POST /api/v1/sync exchanges only (0 = the first sync request); `only_sync`: never drop anything
        but POST /api/v1/sync (so login and the handshake always pass)."""
        parts = urlsplit(upstream_url)
        self.upstream = (parts.hostname or "127.0.0.1", parts.port or 80)
        self.drop_rate, self.faults, self.plan = drop_rate, tuple(faults), dict(plan or {})
        self.sync_plan = dict(sync_plan or {})
        self._sync_index = 0
        self.only_sync = only_sync
        self.rng = random.Random(seed)
        self.timeout, self.lifetime = timeout, lifetime
        self.stats = Stats()
        self.log: list[Exchange] = []
        self._lock = threading.Lock()
        self._slots = threading.BoundedSemaphore(max_connections)
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._socks: set[socket.socket] = set()
        self._listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(64)
        self._listener.settimeout(0.2)
        self.port = self._listener.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._deadline = time.monotonic() + lifetime
        self._acceptor = threading.Thread(target=self._accept_loop, name="dropping-proxy", daemon=True)
        self._acceptor.start()

    # --- public -----------------------------------------------------------------------------------
    def __enter__(self) -> DroppingProxy:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self._stop.set()
        self._acceptor.join(timeout=5)
        with self._lock:
            socks = list(self._socks)
        for s in socks:
            _shut(s)
        for t in list(self._threads):
            t.join(timeout=5)
        self._listener.close()

    def set_drop_rate(self, rate: float) -> None:
        with self._lock:
            self.drop_rate = rate

    def add_plan(self, plan: dict[int, str] | None = None, sync_plan: dict[int, str] | None = None) -> None:
        with self._lock:
            self.plan.update(plan or {})
            self.sync_plan.update(sync_plan or {})

    @property
    def sync_requests(self) -> int:
        """POST /api/v1/sync exchanges seen so far (the next one has this index in `sync_plan`)."""
        with self._lock:
            return self._sync_index

    def pulls(self) -> list[Exchange]:
        """The POST /api/v1/sync exchanges, in order."""
        with self._lock:
            return [e for e in self.log if e.cursor is not None]

    def refetched(self) -> int:
        """How many sync requests asked again for a cursor already asked for (a page fetched again)."""
        seen, again = set(), 0
        for e in self.pulls():
            key = (e.cursor, e.push)
            if e.push == 0 and key in seen:
                again += 1
            seen.add(key)
        return again

    # --- internals --------------------------------------------------------------------------------
    def _accept_loop(self) -> None:
        while not self._stop.is_set() and time.monotonic() < self._deadline:
            if not self._slots.acquire(timeout=0.2):
                continue
            try:
                client, _ = self._listener.accept()
            except (TimeoutError, socket.timeout):
                self._slots.release()
                continue
            except OSError:
                self._slots.release()
                break
            client.settimeout(self.timeout)
            with self._lock:
                self.stats.connections += 1
                self._socks.add(client)
                self._threads = [t for t in self._threads if t.is_alive()]
                t = threading.Thread(target=self._serve, args=(client,), daemon=True)
                self._threads.append(t)
            t.start()
        self._stop.set()

    def _decide(self, method: str, path: str) -> tuple[int, str | None]:
        with self._lock:
            index = self.stats.exchanges
            self.stats.exchanges += 1
            draw = self.rng.random()           # drawn for every exchange, so the sequence is stable
            kind = self.rng.choice(self.faults)
            is_sync = method == "POST" and path.endswith("/api/v1/sync")
            if is_sync:
                self._sync_index += 1
                if self._sync_index - 1 in self.sync_plan:
                    return index, self.sync_plan[self._sync_index - 1]
            if index in self.plan:
                return index, self.plan[index]
            if self.only_sync and not is_sync:
                return index, None
            return index, kind if draw < self.drop_rate else None

    def _serve(self, client: socket.socket) -> None:
        upstream: socket.socket | None = None
        try:
            reader = _Reader(client)
            up_reader = None
            while not self._stop.is_set():
                try:
                    head, headers, body = reader.message()
                except _Closed:
                    return
                method, path = _request_line(head)
                index, fault = self._decide(method, path)
                ex = Exchange(index, method, path, fault)
                if method == "POST" and path.endswith("/api/v1/sync"):
                    _inspect(ex, headers, body)
                with self._lock:
                    self.log.append(ex)
                    if fault:
                        self.stats.drops[fault] += 1
                if fault == "before":
                    return
                if upstream is None:
                    upstream = socket.create_connection(self.upstream, timeout=self.timeout)
                    with self._lock:
                        self._socks.add(upstream)
                    up_reader = _Reader(upstream)
                if fault == "request_cut":
                    cut = len(head) + len(body) // 2 if body else len(head) // 2   # a GET: half its head
                    upstream.sendall((head + body)[:cut])
                    self._count(up=cut)
                    return
                upstream.sendall(head + body)
                self._count(up=len(head) + len(body))
                try:
                    rhead, rheaders, rbody = up_reader.message()
                except _Closed:
                    return
                ex.status = _status(rhead)
                ex.response_bytes = len(rbody)
                whole = rhead + rbody
                if fault in ("response_cut", "header_cut"):
                    if fault == "header_cut":      # status line and first header line only
                        cut = rhead.index(b"\r\n", rhead.index(b"\r\n") + 2) + 2
                    else:
                        with self._lock:
                            cut = self.rng.randrange(len(rhead), len(whole))
                    client.sendall(whole[:cut])
                    self._count(down=cut)
                    return
                client.sendall(whole)
                self._count(down=len(whole))
                if rheaders.get("connection", "").lower() == "close" or \
                        headers.get("connection", "").lower() == "close":
                    return
        except OSError:
            return
        finally:
            for s in (client, upstream):
                if s is not None:
                    _shut(s)
                    with self._lock:
                        self._socks.discard(s)
            self._slots.release()

    def _count(self, up: int = 0, down: int = 0) -> None:
        with self._lock:
            self.stats.bytes_up += up
            self.stats.bytes_down += down


def _shut(s: socket.socket) -> None:
    try:
        s.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    s.close()


def _request_line(head: bytes) -> tuple[str, str]:
    first = head.split(b"\r\n", 1)[0].decode("latin-1").split(" ")
    return (first[0], first[1]) if len(first) >= 2 else ("?", "?")


def _status(head: bytes) -> int | None:
    parts = head.split(b"\r\n", 1)[0].split(b" ")
    return int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None


def _inspect(ex: Exchange, headers: dict, body: bytes) -> None:
    try:
        if headers.get("content-encoding", "").lower() == "gzip":
            body = gzip.decompress(body)
        data = json.loads(body)
        ex.cursor = int(data.get("cursor", 0))
        ex.pull_limit = data.get("pull_limit")
        ex.push = len(data.get("push") or [])
    except (ValueError, OSError, EOFError, AttributeError, TypeError):
        ex.cursor = -1
