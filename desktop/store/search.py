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
    call: about 2 s at 300,000 persons, so make that first call off the GUI thread, or build a
    ``PersonSearch`` there and share it). ``person_search(conn)`` returns that cached index;
    ``forget(conn)`` drops it (call before closing ``conn``).

``PersonSearch(conn)``
    The index itself. Building it reads every live person once. Afterwards each search first applies
    what changed in the database since the last call (persons inserted, edited, deleted, restored, from
    any connection or process), which costs a single indexed query when nothing changed.

    ``.search(query, limit=500, *, within=None, count_cap=2000) -> SearchResult``
        ``SearchResult(ids, total, exact, kind)``: ``ids`` as above; ``total`` is the number of
        matching persons when ``exact`` is true, else a lower bound (the count stops at ``count_cap``
        so it never costs more than the 50 ms budget; show "2000+"). ``kind`` is a ``QueryKind``:
        EMPTY (nothing typed: show the unfiltered list), NAME, PINYIN, NUMBER, NUMBER_TOO_SHORT
        (1-3 digits: no results; tell the user to type at least ``MIN_DIGITS`` digits), OTHER
        (punctuation only: no results).
    ``.ids(query, limit=500, *, within=None) -> list[str]``: just the ids, without counting (stops
        scanning as soon as ``limit`` persons are found).
    ``.refresh() -> int``: apply pending changes now (returns how many persons were re-read);
    ``.reload()``: rebuild from scratch; ``len(index)``: persons indexed.
    ``conn=`` on ``search``/``ids``/``refresh`` lets another connection to the same file (e.g. of a
    worker thread) read the changes; the index itself is plain Python data guarded by a lock.

``within``: optional collection (ideally a ``set``) of person ids the result is limited to: the ids
the UI's filters (village, household type, labour category, employment status, zero-employment) already
selected. Sets under 1,000 persons are checked person by person; sets up to an eighth of the ledger (a
village, a township) get strings of their own, kept while the same set is searched again (typing with a
filter on); larger ones filter a scan of the whole ledger.

``classify(query) -> QueryKind`` and ``desktop.domain.names.normalize_query`` tell how a query is read.

Query classes
-------------
After ``normalize_query`` (NFKC, lower case, spaces/middle dots/apostrophes dropped, ``ü`` → ``v``):
digits (and ``x``, ``-``, brackets) → NUMBER, matched in the ID numbers and phones; ``[a-z]`` only →
PINYIN, matched in the pinyin keys; anything with 汉字 → NAME, matched in the normalised name. A query
mixing 汉字 and letters (``张s``) has its 汉字 turned into their readings and is matched as PINYIN.

Order
-----
Persons with a field equal to the query (the name ``张三``, the initials ``zs``, the whole ID) come
first, then persons where the query starts a field (the surname ``张``, the pinyin ``zhang…``, an ID
or phone starting with the digits), then persons where it occurs inside a field
(``san`` in ``zhangsan``, the last 6 digits of an ID); within each group, in the order persons were
added to the index (load order = ``person.rowid``, later edits at the end). A query matching more than
``max(limit, count_cap)`` persons stops scanning there, so its order holds within the part scanned.

Consistency and threads
-----------------------
A search never takes changes from a connection that is inside a transaction (they could still be rolled
back): it refreshes through connections outside one, e.g. the next search. Building reads one consistent
snapshot. The index is plain Python data behind a lock: one instance can serve every thread, each
passing its own connection as ``conn=``. Needs schema version 2 (``resources/sql/0002_search.sql``).

Design (measured by ``benchmarks/bench_search.py``)
------
SQLite alone cannot meet 50 ms p95 at 300,000 persons: ``instr(search_text, ?)`` is a full scan of the
table (or of a covering index) at 60-500 ms per query, and FTS5 trigram, fast for 3+ characters, finds
nothing for ``zs``, ``张`` or ``张三``. So the index is four Python strings held in memory: names, full
pinyin keys, short keys (initials, Latin names, irregular keys) and digits (ID numbers, phones). Each is
the concatenation of every person's ``|part|part|`` segment, segments separated by ``\n``. A query is
one C-speed ``str.find`` pass over the string(s) of its class, hits are mapped to persons by bisecting
an array of segment starts. A pinyin query whose consonant runs cannot occur in full pinyin (``zs``,
``wjy``, ``lh``) skips the full-pinyin string (6 M characters at 300,000 persons) and scans only the
short one (2 M). Changes are appended as new
segments (old ones marked dead) and the strings are compacted when a fifth of them is dead. The table
new rows of ``person`` (by rowid) and ``person_search_change`` (migrations ``0002_search.sql`` and
``0004_search_log_rowid.sql``), filled by triggers on updates and deletes, tell the index which persons
changed.

Figures at 300,000 persons on this 2-core machine (benchmark, 250 queries per kind, 2026-11-27, final
code): p95 per kind 1-14 ms of CPU time and 1-16 ms wall-clock at a load average of 3.5 (other
processes sharing the two cores); ID/phone fragments are the slowest (one pass over 9 M digits). Earlier
runs at a load average of 5-6 stayed under 50 ms wall-clock p95. The index holds about 70 MB and takes
about 1.6 s of CPU (2.4 s wall) to build.
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
from itertools import accumulate, islice, product

from desktop.domain.names import (
    GROUP, SEP, _char_readings, _is_han, is_regular_pinyin, may_be_in_full_pinyin, normalize_query,
)

MIN_DIGITS = 4
DEFAULT_LIMIT = 500
DEFAULT_COUNT_CAP = 2000
_MIXED_MAX_VARIANTS = 4  # each reading combination is one more pass


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
_DIGIT_PART = re.compile(r"\|[0-9][0-9x]*(?=\|)")  # a whole ID or phone part


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


# Characters with a reading without vowel (呣 m, 嗯 ng, 哼 hng ... in pypinyin 0.55): only names with one
# of these or with Latin letters can have irregular keys (a test recomputes this set from pypinyin).
VOWELLESS_CHARS = frozenset("㕶呒呣咹哏哼哽唔唵嗯嘸噷𠮾")
_LATIN_LETTER = re.compile("[a-z]")


def _segments(search_text: str) -> tuple[str, str, str, str]:
    """Split a search_text into its name, full-pinyin, short (initials, Latin names, irregular keys)
    and digits segments, each framed by SEP."""
    if not search_text:
        return SEP, SEP, SEP, SEP
    if GROUP in search_text:  # the layout of names.search_text: four groups, each framed
        groups = search_text.split(GROUP)
        if len(groups) == 4:
            return groups[0], groups[1], groups[2], groups[3]
    # Rows written before search_text had groups: classify each part.
    digit = _DIGIT_PART.search(search_text)  # the first ID/phone part; only such parts follow it
    if digit is None:
        head, digits = search_text.rstrip(SEP), SEP
    else:
        head, digits = search_text[:digit.start()], search_text[digit.start():]
    parts = head.split(SEP)
    if len(parts) < 2 or not parts[1]:
        return SEP, SEP, SEP, digits
    name = parts[1]
    size = len(name)
    full: list[str] = []
    short: list[str] = [name] if name.isascii() else []  # a Latin-letter name is its own key
    check = not VOWELLESS_CHARS.isdisjoint(name) or _LATIN_LETTER.search(name) is not None
    for part in parts[2:]:
        if len(part) > size and (not check or is_regular_pinyin(part)):
            full.append(part)
        elif part and part != name and part.isascii():
            short.append(part)
    return (SEP + name + SEP,
            SEP + SEP.join(full) + SEP if full else SEP,
            SEP + SEP.join(short) + SEP if short else SEP,
            digits)


class _Buffer:
    """One query class: all segments concatenated, each preceded by a newline, plus their starts."""

    __slots__ = ("text", "starts", "length", "_pending")

    def __init__(self) -> None:
        self.text = ""
        self.starts = array("q")
        self.length = 0  # len(text) once flushed
        self._pending: list[str] = []

    def extend(self, segments: list[str]) -> None:
        offsets = list(accumulate(map((1).__add__, map(len, segments)), initial=self.length))
        self.length = offsets.pop()
        self.starts.extend(offsets)
        self._pending.extend(segments)

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
            self._bufs = tuple(_Buffer() for _ in range(4))  # name, full pinyin, short pinyin, digits
            self._generation = getattr(self, "_generation", 0) + 1
            self._subset: _Subset | None = None
            with _read_snapshot(conn):
                self._last_seq = conn.execute(
                    "SELECT coalesce(max(seq), 0) FROM person_search_change").fetchone()[0]
                self._last_rowid, self._last_id = conn.execute(
                    "SELECT coalesce(max(rowid), 0), id FROM person").fetchone()
                cursor = conn.execute("SELECT id, search_text FROM person WHERE deleted = 0 ORDER BY rowid")
                while rows := cursor.fetchmany(20000):  # bounded memory while building
                    self._append(rows)

    def _append(self, rows) -> None:
        ids = self._ids
        slot_of = self._slot_of
        slot = len(ids)
        new_ids = [row[0] for row in rows]
        columns = zip(*map(_segments, (row[1] or "" for row in rows))) if rows else ()
        for buf, segments in zip(self._bufs, columns):
            buf.extend(list(segments))
            buf.flush()
        ids.extend(new_ids)
        slot_of.update(zip(new_ids, range(slot, slot + len(new_ids))))
        self._alive.extend(b"\x01" * len(new_ids))

    def _kill(self, person_id: str) -> None:
        slot = self._slot_of.pop(person_id, None)
        if slot is not None and self._alive[slot]:
            self._alive[slot] = 0
            self._dead += 1

    def refresh(self, conn: sqlite3.Connection | None = None) -> int:
        """Apply the persons changed since the last refresh; returns how many were re-read.

        New persons are the rows above the highest rowid seen; changed and hard-deleted ones come from
        ``person_search_change`` (migration 0004). A hard delete carries its rowid, and reading starts
        again below it, since SQLite may hand that rowid out again."""
        conn = conn or self.conn
        with self._lock:
            if conn.in_transaction:  # do not consume changes that may still be rolled back
                return 0
            with _read_snapshot(conn):
                top, top_id = conn.execute("SELECT coalesce(max(rowid), 0), id FROM person").fetchone()
                changed = conn.execute(
                    "SELECT seq, person_id, person_rowid FROM person_search_change WHERE seq > ? "
                    "ORDER BY seq", (self._last_seq,)).fetchall()
                renumbered = top < self._last_rowid or not self._marker_holds(conn, changed)
                if not renumbered:
                    since = min([self._last_rowid, *(r - 1 for _, _, r in changed if r is not None)])
                    if not changed and top == since:
                        return 0
                    fresh = conn.execute("SELECT id, search_text, deleted FROM person WHERE rowid > ? "
                                         "ORDER BY rowid", (since,)).fetchall() if top > since else []
                    person_ids = list(dict.fromkeys([*(pid for _, pid, _ in changed),
                                                     *(pid for pid, _, _ in fresh)]))
                    rows: dict[str, str] = {pid: text for pid, text, deleted in fresh if not deleted}
                    logged = [pid for _, pid, _ in changed if pid not in rows]
                    for start in range(0, len(logged), 500):
                        chunk = logged[start:start + 500]
                        rows.update(conn.execute(
                            f"SELECT id, search_text FROM person WHERE deleted = 0 AND id IN "
                            f"({', '.join('?' * len(chunk))}) ORDER BY rowid", chunk).fetchall())
            if renumbered:
                self.reload(conn)
                return len(self._ids)
            for pid in person_ids:
                self._kill(pid)
            self._append([(pid, rows[pid]) for pid in person_ids if pid in rows])
            if changed:
                self._last_seq = changed[-1][0]
            self._last_rowid, self._last_id = top, top_id
            self._generation += 1
            if self._dead > 1000 and self._dead * 5 > len(self._ids):
                self._compact()
            return len(person_ids)

    def _marker_holds(self, conn: sqlite3.Connection, changed) -> bool:
        """The person last read still has its rowid (or was hard-deleted, which the log says): rowids
        were not renumbered, as a table rebuild (or a VACUUM, which SQLite allows to) would do."""
        if not self._last_rowid:
            return True
        at = conn.execute("SELECT id FROM person WHERE rowid = ?", (self._last_rowid,)).fetchone()
        if at is not None and at[0] == self._last_id:
            return True
        return self._last_id in {pid for _, pid, r in changed if r is not None}

    def _compact(self) -> None:
        old_ids, old_alive, old_bufs = self._ids, self._alive, self._bufs
        rows = [(old_ids[i], old_bufs[0].segment(i) + "".join(buf.segment(i)[1:] for buf in old_bufs[1:]))
                for i in range(len(old_ids)) if old_alive[i]]
        self._ids, self._alive, self._slot_of, self._dead = [], bytearray(), {}, 0
        self._bufs = tuple(_Buffer() for _ in range(4))
        self._generation += 1
        self._subset = None
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
            names, full, short, digits = self._bufs
            if kind is QueryKind.NAME:
                bufs = [names]
            elif kind is QueryKind.NUMBER:
                bufs = [digits]
            else:
                bufs = [short]
                if any(may_be_in_full_pinyin(needle) for needle in needles):
                    bufs.insert(0, full)
            if within is not None and not isinstance(within, (set, frozenset)):
                within = set(within)
            rows = len(self._ids)
            if within is not None and len(within) < 1000:  # a few households: check each person
                slots, total, exact = self._search_within(bufs, needles, within, limit, count_cap)
            elif within is not None and len(within) * 8 < rows:  # a village or township: its own strings
                subset = self._subset_for(within)
                bufs = [subset.buffer(self._bufs.index(buf)) for buf in bufs]
                slots, total, exact = self._scan(bufs, needles, None, limit, count_cap,
                                                 subset.alive, subset.ids)
                return SearchResult([subset.ids[s] for s in slots], total, exact, kind)
            else:
                slots, total, exact = self._scan(bufs, needles, within, limit, count_cap,
                                                 self._alive, self._ids)
            ids = self._ids
            return SearchResult([ids[s] for s in slots], total, exact, kind)

    def _subset_for(self, within) -> "_Subset":
        """The strings of the persons in ``within``, kept while the same ``within`` is searched again
        (typing with a filter set) and the index does not change."""
        subset = self._subset
        if subset is None or subset.generation != self._generation or subset.within != within:
            subset = self._subset = _Subset(self, within)
        return subset

    def _scan(self, bufs: list[_Buffer], needles: list[str], within, limit: int, count_cap: int,
              alive: bytearray, ids: list[str]):
        """One pass over each buffer per needle, ranking each matching person by tier (0: a field equals
        the query, 1: a field starts with it, 2: it occurs inside a field) and counting them; stops
        early once ``limit`` persons are found and ``max(limit, count_cap)`` counted."""
        limit = max(limit, 0)
        want = max(count_cap, limit)
        tiers: tuple[list[int], list[int], list[int]] = ([], [], [])
        best: dict[int, int] = {}  # with several passes a person may be hit more than once
        several = len(bufs) * len(needles) > 1
        total = 0
        exact = True
        for buf in bufs:
            text, starts = buf.text, buf.starts
            find = text.find
            n = len(starts)
            end = len(text)
            for needle in needles:
                sep_needle = SEP + needle
                framed = sep_needle + SEP
                pos = 0
                while True:
                    p = find(needle, pos)
                    if p < 0:
                        break
                    slot = bisect_right(starts, p) - 1
                    pos = starts[slot + 1] if slot + 1 < n else end
                    if not alive[slot] or (within is not None and ids[slot] not in within):
                        continue
                    if text[p - 1] == SEP or find(sep_needle, p, pos) >= 0:
                        tier = 0 if find(framed, p - 1, pos) >= 0 else 1
                    else:
                        tier = 2
                    if several:
                        old = best.get(slot)
                        if old is None:
                            total += 1
                            best[slot] = tier
                        elif tier < old:
                            best[slot] = tier
                        found = total
                    else:
                        total += 1
                        if len(tiers[tier]) < limit:
                            tiers[tier].append(slot)
                        found = len(tiers[0]) + len(tiers[1]) + len(tiers[2])
                    if total >= want and found >= limit:
                        # enough to show and to count; a broad query (more persons than that) is
                        # ranked within the part scanned so far
                        exact = False
                        break
                if not exact:
                    break
            if not exact:
                break
        if several:
            order = sorted(best, key=lambda slot: (best[slot], slot))
        else:
            order = tiers[0] + tiers[1] + tiers[2]
        return order[:limit], total, exact

    def _search_within(self, bufs: list[_Buffer], needles: list[str], within, limit: int,
                       count_cap: int):
        """Check each allowed person's segments, ranked as in ``_scan``; stops once
        ``max(limit, count_cap)`` persons are found (then ranked within the persons checked)."""
        slot_of = self._slot_of
        needles3 = [(needle, SEP + needle, SEP + needle + SEP) for needle in needles]
        plan = [(buf.text, buf.text.find, buf.starts, len(buf.starts), len(buf.text)) for buf in bufs]
        limit = max(limit, 0)
        want = max(count_cap, limit)
        found: list[tuple[int, int]] = []
        exact = True
        for person_id in within:
            slot = slot_of.get(person_id)  # live persons only
            if slot is None:
                continue
            tier = 3
            for text, find, starts, n, end in plan:
                a = starts[slot]
                b = starts[slot + 1] if slot + 1 < n else end
                for needle, sep_needle, framed in needles3:
                    p = find(needle, a, b)
                    if p < 0:
                        continue
                    if find(framed, p - 1, b) >= 0:
                        tier = 0
                        break
                    if text[p - 1] == SEP or find(sep_needle, p, b) >= 0:
                        tier = min(tier, 1)
                    else:
                        tier = min(tier, 2)
                if tier == 0:
                    break
            if tier < 3:
                found.append((tier, slot))
                if len(found) >= want:
                    exact = False
                    break
        found.sort()
        return [slot for _, slot in found[:limit]], len(found), exact


class _Subset:
    """The segments of the persons of one ``within`` set, in index order, built per string on demand."""

    def __init__(self, index: PersonSearch, within):
        self.within = set(within)
        self.generation = index._generation
        self._source = index._bufs
        slot_of = index._slot_of
        self.slots = sorted(slot_of[pid] for pid in self.within if pid in slot_of)
        self.ids = [index._ids[slot] for slot in self.slots]
        self.alive = bytearray(b"\x01") * len(self.slots)
        self._bufs: dict[int, _Buffer] = {}

    def buffer(self, number: int) -> _Buffer:
        buf = self._bufs.get(number)
        if buf is None:
            source = self._source[number]
            text, starts = source.text, source.starts
            last = len(starts) - 1
            end = len(text)
            buf = self._bufs[number] = _Buffer()
            buf.extend([text[starts[slot] + 1:starts[slot + 1] if slot < last else end]
                        for slot in self.slots])
            buf.flush()
        return buf


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
