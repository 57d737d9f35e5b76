"""Search-as-you-type over persons (no Qt).

Matches a typed query against ``person.search_text`` (built by ``desktop.domain.names.search_text``):
by name (汉字), pinyin initials (``zs`` → 张三), full or partial pinyin (``zhangsan``, ``zhangs``), every
reading of 多音字 surnames (曾 → ``zeng`` and ``ceng``), an ID number fragment or a phone fragment (4 or
more digits, ``x`` allowed). Soft-deleted persons are never found.

API
---
``search_person_ids(conn, query, limit=500, *, within=None) -> list[str]``
    Person ids, best first (see *Order*), at most ``limit``. ``conn`` is an open ``sqlite3.Connection``
    to a ledger at schema version ≥ 2. Keeps one ``PersonSearch`` per connection (built on the first
    call: about 1 s at 300,000 persons, so make that first call off the GUI thread, or build a
    ``PersonSearch`` there and share it). ``forget(conn)`` drops it (call before closing ``conn``).

``PersonSearch(conn)``
    The index itself. Building it reads every live person once. Afterwards each search first applies
    what changed in the database since the last call (persons inserted, edited, deleted, restored, from
    any connection or process), which costs a single indexed query when nothing changed.

    ``.search(query, limit=500, *, within=None, count_cap=2000) -> SearchResult``
        ``SearchResult(ids, total, exact, kind)``: ``ids`` as above; ``total`` is the number of
        matching persons when ``exact`` is true, else a lower bound (the count stops at ``count_cap``
        so it never costs more than the 50 ms budget; show "2000+"). ``kind`` is a ``QueryKind``:
        EMPTY (nothing typed: show the unfiltered list), NAME, PINYIN, NUMBER, NUMBER_TOO_SHORT
        (1-3 digits: no results; tell the user to type at least ``MIN_DIGITS`` digits), OTHER.
    ``.ids(query, limit=500, *, within=None) -> list[str]``: just the ids.
    ``.refresh() -> int``: apply pending changes now (returns how many persons were re-read);
    ``.reload()``: rebuild from scratch; ``len(index)``: persons indexed.
    ``conn=`` on ``search``/``ids``/``refresh`` lets another connection to the same file (e.g. of a
    worker thread) read the changes; the index itself is plain Python data guarded by a lock.

``within``: optional collection (ideally a ``set``) of person ids the result is limited to: the ids
the UI's filters (village, household type, labour category, employment status, zero-employment) already
selected. Small sets are checked row by row, so filtering a village never scans the whole ledger.

``classify(query) -> QueryKind`` and ``desktop.domain.names.normalize_query`` tell how a query is read.

Query classes
-------------
After ``normalize_query`` (NFKC, lower case, spaces/middle dots/apostrophes dropped, ``ü`` → ``v``):
digits (and ``x``, ``-``, brackets) → NUMBER, matched in the ID numbers and phones; ``[a-z]`` only →
PINYIN, matched in the pinyin keys; anything with 汉字 → NAME, matched in the normalised name. A query
mixing 汉字 and letters (``张s``) has its 汉字 turned into their readings and is matched as PINYIN.

Order
-----
Persons where the query starts a field (the surname ``张``, initials ``zs``, the pinyin ``zhang…``,
an ID or phone starting with the digits) come first, then persons where it occurs inside a field
(``san`` in ``zhangsan``, the last 6 digits of an ID); within each group, in the order persons were
added to the index (load order = ``person.rowid``, later edits at the end).

Design (measured by ``benchmarks/bench_search.py``, figures in its docstring)
------
SQLite alone cannot meet 50 ms p95 at 300,000 persons: ``instr(search_text, ?)`` is a full scan (no
index can serve a substring) and FTS5 trigram needs 3+ characters (``zs``, ``张``). So the index is
three Python strings held in memory, one per query class (names, pinyin keys, digits), each the
concatenation of every person's ``|part|part|`` segment separated by ``\\n``; a query is one C-speed
``str.find`` scan of the right string, hits are mapped to persons by bisecting an array of segment
starts. Changes are appended as new segments (old ones marked dead) and the strings are compacted when a
fifth of them is dead. The table ``person_search_change`` (migration ``0002_search.sql``), filled by
triggers on ``person``, tells the index which persons changed.
"""
from __future__ import annotations

import re
import sqlite3
import threading
from array import array
from bisect import bisect_right
from collections.abc import Collection
from dataclasses import dataclass, field
from enum import StrEnum
from itertools import islice, product

from desktop.domain.names import SEP, _char_readings, _is_han, normalize_query

MIN_DIGITS = 4
DEFAULT_LIMIT = 500
DEFAULT_COUNT_CAP = 2000
_MIXED_MAX_VARIANTS = 16


class QueryKind(StrEnum):
    EMPTY = "empty"
    NAME = "name"
    PINYIN = "pinyin"
    NUMBER = "number"
    NUMBER_TOO_SHORT = "number_too_short"
    OTHER = "other"


@dataclass
class SearchResult:
    ids: list[str] = field(default_factory=list)
    total: int = 0
    exact: bool = True
    kind: QueryKind = QueryKind.EMPTY


_PINYIN_RE = re.compile(r"[a-z]+")
_NUMBER_RE = re.compile(r"[0-9x]*[0-9][0-9x]*")
_DIGIT_PART = re.compile(r"\|[0-9]")


def classify(query: str | None) -> QueryKind:
    return _classify(normalize_query(query))[0]


def _classify(q: str) -> tuple[QueryKind, list[str]]:
    """Kind and the needles to look for (several for a mixed 汉字+letters query)."""
    if not q:
        return QueryKind.EMPTY, []
    if _NUMBER_RE.fullmatch(q):
        if sum(c.isdigit() for c in q) + q.count("x") < MIN_DIGITS:
            return QueryKind.NUMBER_TOO_SHORT, []
        return QueryKind.NUMBER, [q]
    if _PINYIN_RE.fullmatch(q):
        return QueryKind.PINYIN, [q]
    if q.isascii():
        return QueryKind.OTHER, []
    if any(c.isascii() and c.isalpha() for c in q):  # 张s, zhang三
        choices = []
        for ch in q:
            if _is_han(ch):
                readings = _char_readings(ch)
                if not readings:
                    return QueryKind.OTHER, []
                choices.append(readings)
            elif ch.isascii() and ch.isalpha():
                choices.append((ch,))
            else:
                return QueryKind.OTHER, []
        needles = ["".join(combo) for combo in islice(product(*choices), _MIXED_MAX_VARIANTS)]
        return QueryKind.PINYIN, needles
    return QueryKind.NAME, [q]


def _segments(search_text: str) -> tuple[str, str, str]:
    """Split a search_text into its name, pinyin and digits segments, each framed by SEP."""
    if not search_text:
        return SEP, SEP, SEP
    digit = _DIGIT_PART.search(search_text)  # the first ID/phone part; the rest follow it
    if digit is None:
        head, digits = search_text, SEP
    else:
        head, digits = search_text[:digit.start() + 1], search_text[digit.start():]
    end_name = head.find(SEP, 1)
    if end_name < 0:  # no name (or no SEP framing at all)
        return SEP, SEP, digits
    name = head[:end_name + 1]
    # A Latin-letter name is its own pinyin key (search_text does not repeat it).
    pinyin = head if name.isascii() else head[end_name:]
    return name, pinyin, digits


class _Buffer:
    """One query class: all segments concatenated, each preceded by a newline, plus their starts."""

    __slots__ = ("text", "starts", "_pending")

    def __init__(self) -> None:
        self.text = ""
        self.starts = array("q")
        self._pending: list[str] = []

    def add(self, segment: str, offset: int) -> None:
        self.starts.append(offset)
        self._pending.append(segment)

    def flush(self) -> None:
        if self._pending:
            self.text += "\n" + "\n".join(self._pending)
            self._pending = []

    def segment(self, slot: int) -> str:
        start = self.starts[slot] + 1
        end = self.starts[slot + 1] if slot + 1 < len(self.starts) else len(self.text)
        return self.text[start:end]


class PersonSearch:
    """In-memory substring index over ``person.search_text`` (see module doc)."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn
        self._lock = threading.RLock()
        self.reload()

    # ------------------------------------------------------------------ building
    def reload(self, conn: sqlite3.Connection | None = None) -> None:
        conn = conn or self.conn
        with self._lock:
            self._ids: list[str] = []
            self._alive = bytearray()
            self._slot_of: dict[str, int] = {}
            self._dead = 0
            self._bufs = (_Buffer(), _Buffer(), _Buffer())  # name, pinyin, digits
            self._lengths = [0, 0, 0]
            with _read_snapshot(conn):
                self._last_seq = conn.execute(
                    "SELECT coalesce(max(seq), 0) FROM person_search_change").fetchone()[0]
                cursor = conn.execute("SELECT id, search_text FROM person WHERE deleted = 0 ORDER BY rowid")
                while rows := cursor.fetchmany(20000):  # bounded memory while building
                    self._append(rows)

    def _append(self, rows) -> None:
        bufs = self._bufs
        lengths = self._lengths
        n_add, p_add, d_add = bufs[0].add, bufs[1].add, bufs[2].add
        ln, lp, ld = lengths
        ids = self._ids
        slot_of = self._slot_of
        slot = len(ids)
        for person_id, text in rows:
            name, pinyin, digits = _segments(text or "")
            n_add(name, ln)
            p_add(pinyin, lp)
            d_add(digits, ld)
            ln += len(name) + 1
            lp += len(pinyin) + 1
            ld += len(digits) + 1
            ids.append(person_id)
            slot_of[person_id] = slot
            slot += 1
        self._alive.extend(b"\x01" * (slot - len(self._alive)))
        self._lengths = [ln, lp, ld]
        for buf in bufs:
            buf.flush()

    def _kill(self, person_id: str) -> None:
        slot = self._slot_of.pop(person_id, None)
        if slot is not None and self._alive[slot]:
            self._alive[slot] = 0
            self._dead += 1

    def refresh(self, conn: sqlite3.Connection | None = None) -> int:
        """Apply the persons changed since the last refresh; returns how many were re-read."""
        conn = conn or self.conn
        with self._lock:
            if conn.in_transaction:  # do not consume changes that may still be rolled back
                return 0
            with _read_snapshot(conn):
                changed = conn.execute(
                    "SELECT seq, person_id FROM person_search_change WHERE seq > ? ORDER BY seq",
                    (self._last_seq,)).fetchall()
                if not changed:
                    return 0
                person_ids = list(dict.fromkeys(pid for _, pid in changed))
                rows: dict[str, str] = {}
                for start in range(0, len(person_ids), 500):
                    chunk = person_ids[start:start + 500]
                    rows.update(conn.execute(
                        f"SELECT id, search_text FROM person WHERE deleted = 0 AND id IN "
                        f"({', '.join('?' * len(chunk))}) ORDER BY rowid", chunk).fetchall())
            for pid in person_ids:
                self._kill(pid)
            self._append([(pid, rows[pid]) for pid in person_ids if pid in rows])
            self._last_seq = changed[-1][0]
            if self._dead > 1000 and self._dead * 5 > len(self._ids):
                self._compact()
            return len(person_ids)

    def _compact(self) -> None:
        live = [i for i in range(len(self._ids)) if self._alive[i]]
        old_bufs = self._bufs
        rows = []
        for i in live:
            rows.append((self._ids[i], old_bufs[0].segment(i)
                         + old_bufs[1].segment(i)[1:] + old_bufs[2].segment(i)[1:]))
        ids = self._ids
        self._ids, self._alive, self._slot_of, self._dead = [], bytearray(), {}, 0
        self._bufs = (_Buffer(), _Buffer(), _Buffer())
        self._lengths = [0, 0, 0]
        del ids
        self._append(rows)

    def __len__(self) -> int:
        return len(self._slot_of)

    # ------------------------------------------------------------------ searching
    def ids(self, query: str | None, limit: int = DEFAULT_LIMIT, *, within: Collection[str] | None = None,
            conn: sqlite3.Connection | None = None) -> list[str]:
        return self.search(query, limit, within=within, count_cap=0, conn=conn).ids

    def search(self, query: str | None, limit: int = DEFAULT_LIMIT, *, within: Collection[str] | None = None,
               count_cap: int = DEFAULT_COUNT_CAP, conn: sqlite3.Connection | None = None) -> SearchResult:
        kind, needles = _classify(normalize_query(query))
        if not needles:
            return SearchResult(kind=kind)
        self.refresh(conn)
        with self._lock:
            buf = self._bufs[{QueryKind.NAME: 0, QueryKind.PINYIN: 1, QueryKind.NUMBER: 2}[kind]]
            if within is not None and not isinstance(within, (set, frozenset, dict)):
                within = set(within)
            if within is not None and len(within) * 16 < len(self._ids):
                slots, total, exact = self._search_within(buf, needles, within, limit, count_cap)
            else:
                slots, total, exact = self._scan(buf, needles, within, limit, count_cap)
            ids = self._ids
            return SearchResult([ids[s] for s in slots], total, exact, kind)

    def _scan(self, buf: _Buffer, needles: list[str], within, limit: int, count_cap: int):
        """One pass over the buffer: prefix hits (the query starts a field) and inner hits, counting
        every matching person; stops early once ``limit`` persons are found and ``count_cap`` counted."""
        text, starts, alive, ids = buf.text, buf.starts, self._alive, self._ids
        find = text.find
        n = len(starts)
        end = len(text)
        limit = max(limit, 0)
        want = max(count_cap, limit)
        prefix: list[int] = []
        inner: list[int] = []
        total = 0
        exact = True
        counted: set[int] | None = set() if len(needles) > 1 else None  # a person may match several
        for needle in needles:
            sep_needle = SEP + needle
            pos = 0
            while True:
                p = find(needle, pos)
                if p < 0:
                    break
                slot = bisect_right(starts, p) - 1
                pos = starts[slot + 1] if slot + 1 < n else end
                if not alive[slot] or (within is not None and ids[slot] not in within):
                    continue
                if counted is not None:
                    if slot in counted:
                        continue
                    counted.add(slot)
                total += 1
                if text[p - 1] == SEP or find(sep_needle, p, pos) >= 0:
                    if len(prefix) < limit:
                        prefix.append(slot)
                elif len(inner) < limit:
                    inner.append(slot)
                if total >= want and len(prefix) + len(inner) >= limit:
                    # enough to show and to count; a broad query (more than count_cap persons) is
                    # ranked within the part scanned so far
                    exact = False
                    break
            if not exact:
                break
        if counted is not None:
            prefix.sort()
            inner.sort()
        return (prefix + inner)[:limit], total, exact

    def _search_within(self, buf: _Buffer, needles: list[str], within, limit: int, count_cap: int):
        """Check each allowed person's segment (for a ``within`` much smaller than the ledger)."""
        text, starts, slot_of = buf.text, buf.starts, self._slot_of
        find = text.find
        n = len(starts)
        end = len(text)
        pairs = [(needle, SEP + needle) for needle in needles]
        prefix: list[int] = []
        inner: list[int] = []
        for person_id in within:
            slot = slot_of.get(person_id)  # live persons only
            if slot is None:
                continue
            a = starts[slot]
            b = starts[slot + 1] if slot + 1 < n else end
            found = 0
            for needle, sep_needle in pairs:
                p = find(needle, a, b)
                if p >= 0:
                    if text[p - 1] == SEP or find(sep_needle, p, b) >= 0:
                        found = 2
                        break
                    found = 1
            if found == 2:
                prefix.append(slot)
            elif found:
                inner.append(slot)
        prefix.sort()
        inner.sort()
        return (prefix + inner)[:max(limit, 0)], len(prefix) + len(inner), True


class _read_snapshot:
    """Run a few SELECTs in one read transaction (one consistent snapshot) unless one is open."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn
        self.began = False

    def __enter__(self):
        if not self.conn.in_transaction:
            self.conn.execute("BEGIN")
            self.began = True
        return self

    def __exit__(self, *exc):
        if self.began:
            self.conn.execute("COMMIT")
        return False


_cache: dict[int, PersonSearch] = {}
_cache_lock = threading.Lock()


def person_search(conn: sqlite3.Connection) -> PersonSearch:
    """The ``PersonSearch`` cached for ``conn`` (built on first use)."""
    with _cache_lock:
        index = _cache.get(id(conn))
        if index is None or index.conn is not conn:
            index = _cache[id(conn)] = PersonSearch(conn)
        return index


def forget(conn: sqlite3.Connection) -> None:
    """Drop the index cached for ``conn``."""
    with _cache_lock:
        _cache.pop(id(conn), None)


def search_person_ids(conn: sqlite3.Connection, query: str | None, limit: int = DEFAULT_LIMIT, *,
                      within: Collection[str] | None = None) -> list[str]:
    """Ids of the persons matching ``query``, best first, at most ``limit`` (see module doc)."""
    return person_search(conn).ids(query, limit, within=within)
