"""Read-side queries of the window's lists (no Qt): filtered, sorted key lists and rows for display.

The lists stay fast at 300,000 persons because a query returns only the ordered SQLite ``rowid`` s of the
matching records (a list of ints); the view then fetches the rows it shows, a page at a time, with
``household_rows`` / ``person_rows``. The zero-employment scan lives in ``zero_scan`` (re-exported).

Every function takes a plain ``sqlite3.Connection``; ``Reader`` hands each thread its own read-only
connection to the ledger file (WAL: readers never wait for the writer).
"""
from __future__ import annotations

import json
import sqlite3
import threading
import time
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Sequence

from desktop.domain.codes import LabourSkill
from desktop.domain.models import EmploymentSpell
from desktop.domain.names import SEP, normalize_query

from .database import connect


class HouseholdKind(StrEnum):
    """The 户类型 filter: 监测户 are the households with a 监测对象类别 (of either 户类型)."""
    LIFTED = "脱贫户"
    ORDINARY = "一般农户"
    MONITORED = "监测户"


class EmploymentFilter(StrEnum):
    EMPLOYED = "在岗"
    NOT_EMPLOYED = "未就业"


@dataclass(frozen=True)
class ListFilter:
    """What the filter panel and the search box ask for; ``None`` / empty means "any"."""
    village_code: str | None = None
    kind: HouseholdKind | None = None
    labour_skill: LabourSkill | None = None
    employment: EmploymentFilter | None = None
    zero_only: bool = False
    search: str = ""


@dataclass(frozen=True)
class Sort:
    column: str          # a key of HOUSEHOLD_SORT / PERSON_SORT
    descending: bool = False


# Sort keys -> SQL expressions (identifiers only from these fixed maps, never from input).
HOUSEHOLD_SORT = {
    "hh_no": "h.hh_no",
    "village": "h.village_code",
    "head": "(SELECT name FROM person WHERE household_id = h.id AND deleted = 0 AND relation = '户主' LIMIT 1)",
    "size": "(SELECT count(*) FROM person WHERE household_id = h.id AND deleted = 0)",
    "kind": "h.hh_type || coalesce(h.monitor_category, '')",
    "phone": "h.phone",
    "sync": "h.sync_state",
}
PERSON_SORT = {
    "name": "p.name",
    "sex": "p.sex",
    "age": "p.birth_date",           # ascending age = descending birth date; see _order_by
    "id_number": "p.id_number",
    "relation": "p.relation",
    "labour": "p.labour_skill",
    "employment": "(SELECT max(e.form) FROM employment e WHERE e.person_id = p.id AND e.deleted = 0 "
                  "AND e.start_date <= :day AND (e.end_date IS NULL OR e.end_date >= :day))",
    "phone": "p.phone",
    "village": "h.village_code",
    "sync": "p.sync_state",
}
_REVERSED = {"age"}

_EMPLOYED_SQL = ("EXISTS (SELECT 1 FROM employment e WHERE e.person_id = p.id AND e.deleted = 0 "
                 "AND e.start_date <= :day AND (e.end_date IS NULL OR e.end_date >= :day))")
SEARCH_LIMIT = 2000  # matches shown for one search; type more to narrow


# ------------------------------------------------------------------------------------------ connections
class Reader:
    """One read-only connection per thread to the ledger file at ``path``."""

    def __init__(self, path: Path | str):
        self.path = Path(path)
        self._local = threading.local()
        self._all: list[sqlite3.Connection] = []
        self._lock = threading.Lock()

    def conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            # Used by this thread only; check_same_thread=False just lets close_all() close it at exit.
            conn = connect(self.path, check_same_thread=False)
            conn.execute("PRAGMA query_only = ON")
            self._local.conn = conn
            with self._lock:
                self._all.append(conn)
        return conn

    def close_all(self) -> None:
        """At shutdown, when no query runs any more: close every thread's connection."""
        with self._lock:
            conns, self._all = self._all, []
        for conn in conns:
            conn.close()
        with _search_lock:
            _search_indexes.pop(str(self.path.resolve()), None)
        self._local = threading.local()

    def close_own(self) -> None:
        """Close this thread's connection (others are closed by their threads or at exit)."""
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            self._local.conn = None
            with self._lock:
                if conn in self._all:
                    self._all.remove(conn)
            conn.close()


# ------------------------------------------------------------------------------------------ filters
def _household_conditions(flt: ListFilter, params: dict, conn: sqlite3.Connection) -> list[str]:
    """Conditions on the household ``h`` (village, type, zero-employment)."""
    where = []
    if flt.village_code:
        where.append("h.village_code = :village")
        params["village"] = flt.village_code
    if flt.kind is not None and HouseholdKind(flt.kind) is HouseholdKind.MONITORED:
        where.append("h.monitor_category IS NOT NULL")
    elif flt.kind is not None:
        where.append("h.hh_type = :hh_type")
        params["hh_type"] = HouseholdKind(flt.kind).value
    if flt.zero_only:
        where.append("h.id IN (SELECT value FROM json_each(:zero))")
        params["zero"] = json.dumps(sorted(zero_household_ids(conn, params["day"])))
    return where


def _member_conditions(flt: ListFilter, params: dict) -> list[str]:
    """Conditions on the person ``p`` alone (labour category, employment today)."""
    where = ["p.deleted = 0"]
    if flt.labour_skill is not None:
        where.append("p.labour_skill = :labour")
        params["labour"] = LabourSkill(flt.labour_skill).value
    if flt.employment is not None:
        employed = EmploymentFilter(flt.employment) is EmploymentFilter.EMPLOYED
        where.append(_EMPLOYED_SQL if employed else "NOT " + _EMPLOYED_SQL)
    return where


def _person_query(flt: ListFilter, params: dict, conn: sqlite3.Connection,
                  need_household: bool = False) -> tuple[str, list[str]]:
    """FROM clause and conditions selecting the persons ``p`` matching ``flt``.

    Without a search the persons are read straight from ``person`` (joined to ``household h`` only when
    a household condition or ``need_household`` asks for it: deleting a household deletes its members,
    so no join is needed to leave them out). With a search, the query is driven from the search's id
    list (``json_each`` ``j``, ``j.key`` = relevance order); when filters are set, the search looks
    only within the persons they select, so the best matches in that village are never cut off by
    better matches elsewhere."""
    household_where = _household_conditions(flt, params, conn)
    where = _member_conditions(flt, params) + household_where
    join = " JOIN household h ON h.id = p.household_id" if household_where or need_household else ""
    if not flt.search.strip():
        return "person p" + join, where
    def within() -> set[str] | None:
        if len(where) == 1:
            return None
        return {row[0] for row in conn.execute(f"SELECT p.id FROM person p{join} WHERE {' AND '.join(where)}",
                                               params)}

    ids = _cached_search(conn, flt, params["day"], lambda: search_ids(conn, flt.search, within()))
    if ids is None:  # no search index: scan the search_text column
        params["search"] = "%" + _escape_like(normalize_query(flt.search)) + "%"
        return "person p" + join, where + ["p.search_text LIKE :search ESCAPE '\\'"]
    params["search_ids"] = json.dumps(ids)
    return "json_each(:search_ids) j CROSS JOIN person p ON p.id = j.value" + join, ["p.deleted = 0"]


_search_indexes: dict[str, object] = {}
_search_lock = threading.Lock()
_recent: dict[tuple, tuple[float, list[str] | None]] = {}
RECENT_SECONDS = 1.0


def _cached_search(conn: sqlite3.Connection, flt: ListFilter, day: str, compute) -> list[str] | None:
    """One keystroke reloads both lists with the same filter: the second reuses the first's search ids.
    Kept for a second at most, and only while no local write happened (the outbox sequence)."""
    stamp = conn.execute("SELECT seq FROM sqlite_sequence WHERE name = 'outbox'").fetchone()
    key = (conn.execute("PRAGMA database_list").fetchone()[2], flt, day, stamp[0] if stamp else 0)
    now = time.monotonic()
    with _search_lock:
        for old in [k for k, (t, _) in _recent.items() if now - t > RECENT_SECONDS]:
            del _recent[old]
        if key in _recent:
            return _recent[key][1]
    ids = compute()
    with _search_lock:
        _recent[key] = (now, ids)
    return ids


def search_ids(conn: sqlite3.Connection, query: str, within: set[str] | None = None) -> list[str] | None:
    """Person ids matching the search box, best first, at most ``SEARCH_LIMIT``, through the in-memory
    index of ``desktop.store.search`` (one per ledger file, shared by all threads); ``None`` when that
    module is missing, meaning "scan search_text with LIKE"."""
    try:
        from desktop.store.search import PersonSearch
    except ImportError:
        return None
    path = conn.execute("PRAGMA database_list").fetchone()[2]
    with _search_lock:
        index = _search_indexes.get(path)
        if index is None:
            index = _search_indexes[path] = PersonSearch(conn)
    return list(index.ids(query, SEARCH_LIMIT, within=within, conn=conn))


def warm_search(conn: sqlite3.Connection) -> None:
    """Build the search index now (about a second at 300,000 persons) so the first keystroke is fast."""
    search_ids(conn, "")


def search_kind(query: str) -> str:
    """How the search box text is read ("empty", "name", "pinyin", "number", "number_too_short",
    "other"); "other" when the search module is missing."""
    try:
        from desktop.store.search import classify
    except ImportError:
        return "other"
    return str(classify(query))


def _escape_like(text: str) -> str:
    text = text.replace(SEP, "")
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _order_by(sort: Sort | None, sort_map: dict[str, str], default: str) -> str:
    if sort is None or sort.column not in sort_map:
        return default
    descending = sort.descending != (sort.column in _REVERSED)
    direction = "DESC" if descending else "ASC"
    return f"{sort_map[sort.column]} {direction} NULLS LAST, {default}"


def person_keys(conn: sqlite3.Connection, flt: ListFilter = ListFilter(), sort: Sort | None = None,
                day: date | None = None) -> list[int]:
    """Row ids of the live persons matching ``flt``, in ``sort`` order (default: the order they were
    entered, which keeps each household together; with a search, best match first)."""
    params: dict = {"day": (day or date.today()).isoformat()}
    need_household = sort is not None and sort.column == "village"
    source, where = _person_query(flt, params, conn, need_household)
    default = "j.key" if source.startswith("json_each") else "p.rowid"
    order = _order_by(sort, PERSON_SORT, default)
    sql = f"SELECT p.rowid FROM {source} WHERE {' AND '.join(where)} ORDER BY {order}"
    return [row[0] for row in conn.execute(sql, params)]


def household_keys(conn: sqlite3.Connection, flt: ListFilter = ListFilter(), sort: Sort | None = None,
                   day: date | None = None) -> list[int]:
    """Row ids of the live households matching ``flt``. Person-level conditions (labour category,
    employment, search) select the households with at least one matching member."""
    params: dict = {"day": (day or date.today()).isoformat()}
    where = ["h.deleted = 0"] + _household_conditions(flt, params, conn)
    if flt.labour_skill is not None or flt.employment is not None or flt.search.strip():
        source, inner = _person_query(flt, params, conn)  # searches within the filtered persons
        where.append(f"h.id IN (SELECT p.household_id FROM {source} WHERE {' AND '.join(inner)})")
    order = _order_by(sort, HOUSEHOLD_SORT, "h.village_code, h.hh_no, h.rowid" if sort is None else "h.rowid")
    sql = f"SELECT h.rowid FROM household h WHERE {' AND '.join(where)} ORDER BY {order}"
    return [row[0] for row in conn.execute(sql, params)]


# ------------------------------------------------------------------------------------------ rows
@dataclass(frozen=True)
class HouseholdRow:
    key: int
    id: str
    hh_no: str | None
    village_code: str
    head_name: str | None
    size: int
    hh_type: str
    monitor_category: str | None
    phone: str | None
    sync_state: str


@dataclass(frozen=True)
class PersonRow:
    key: int
    id: str
    household_id: str
    name: str
    sex: str | None
    birth_date: str | None
    id_number: str
    relation: str
    labour_skill: str
    phone: str | None
    village_code: str
    sync_state: str
    job_form: str | None = None       # 就业形式 of the spell covering the day, if any
    job_place: str | None = None      # its 务工地区类型 (PlaceBucket label), if known


def _chunks(items: Sequence, size: int = 500):
    for start in range(0, len(items), size):
        yield items[start:start + size]


def household_rows(conn: sqlite3.Connection, keys: Sequence[int]) -> dict[int, HouseholdRow]:
    """The displayed columns of the households with these row ids (missing ones are left out)."""
    out: dict[int, HouseholdRow] = {}
    for chunk in _chunks(list(keys)):
        sql = ("SELECT h.rowid, h.id, h.hh_no, h.village_code, "
               "(SELECT name FROM person WHERE household_id = h.id AND deleted = 0 AND relation = '户主' LIMIT 1),"
               " (SELECT count(*) FROM person WHERE household_id = h.id AND deleted = 0),"
               f" h.hh_type, h.monitor_category, h.phone, h.sync_state FROM household h "
               f"WHERE h.rowid IN ({', '.join('?' * len(chunk))})")
        for row in conn.execute(sql, chunk):
            out[row[0]] = HouseholdRow(*row)
    return out


def person_rows(conn: sqlite3.Connection, keys: Sequence[int], day: date | None = None) -> dict[int, PersonRow]:
    """The displayed columns of the persons with these row ids, with the job held on ``day``."""
    day_text = (day or date.today()).isoformat()
    out: dict[int, PersonRow] = {}
    for chunk in _chunks(list(keys)):
        rows = conn.execute(
            "SELECT p.rowid, p.id, p.household_id, p.name, p.sex, p.birth_date, p.id_number, p.relation,"
            " p.labour_skill, p.phone, h.village_code, p.sync_state FROM person p "
            f"JOIN household h ON h.id = p.household_id WHERE p.rowid IN ({', '.join('?' * len(chunk))})",
            chunk).fetchall()
        jobs = _current_jobs(conn, [r[1] for r in rows], day_text, {r[1]: r[10] for r in rows})
        for row in rows:
            form, place = jobs.get(row[1], (None, None))
            out[row[0]] = PersonRow(*row, job_form=form, job_place=place)
    return out


def _current_jobs(conn, person_ids: list[str], day_text: str, home: dict[str, str]) -> dict:
    if not person_ids:
        return {}
    try:
        from desktop.domain.places import place_bucket
    except ImportError:  # pragma: no cover - the place rules module is optional for the list
        place_bucket = None
    found: dict[str, tuple[str, str | None]] = {}
    sql = ("SELECT person_id, form, work_county_code, abroad, start_date FROM employment "
           f"WHERE deleted = 0 AND person_id IN ({', '.join('?' * len(person_ids))}) "
           "AND start_date <= ? AND (end_date IS NULL OR end_date >= ?) ORDER BY start_date")
    for person_id, form, county, abroad, start in conn.execute(sql, (*person_ids, day_text, day_text)):
        place = None
        if place_bucket is not None:
            spell = EmploymentSpell(person_id=person_id, form=form, start_date=date.fromisoformat(start),
                                    work_county_code=county, abroad=bool(abroad))
            bucket = place_bucket(home.get(person_id, ""), spell)
            place = bucket.summary if bucket is not None else None
        found[person_id] = (form, place)  # latest-starting current spell wins
    return found


# ------------------------------------------------------------------------------------------ counts, villages
@dataclass(frozen=True)
class Totals:
    households: int
    persons: int


def totals(conn: sqlite3.Connection) -> Totals:
    households = conn.execute("SELECT count(*) FROM household WHERE deleted = 0").fetchone()[0]
    persons = conn.execute("SELECT count(*) FROM person WHERE deleted = 0").fetchone()[0]
    return Totals(households, persons)


def village_codes(conn: sqlite3.Connection) -> list[str]:
    """The village codes that have live households, in code order."""
    return [r[0] for r in conn.execute(
        "SELECT DISTINCT village_code FROM household WHERE deleted = 0 ORDER BY village_code")]


def ids_of(conn: sqlite3.Connection, entity: str, keys: Sequence[int]) -> list[str]:
    table = {"household": "household", "person": "person"}[entity]
    out = []
    for chunk in _chunks(list(keys)):
        out += [r[0] for r in conn.execute(
            f"SELECT id FROM {table} WHERE rowid IN ({', '.join('?' * len(chunk))})", chunk)]
    return out


# The zero-employment scan lives in its own module; re-exported here for the window.
from .zero_scan import (  # noqa: E402
    ZeroHousehold, ZeroScan, households_of, zero_employment_scan, zero_household_ids,
)

__all__ = [
    "HouseholdKind", "EmploymentFilter", "ListFilter", "Sort", "Reader", "person_keys", "household_keys",
    "HouseholdRow", "PersonRow", "household_rows", "person_rows", "Totals", "totals", "village_codes",
    "ids_of", "ZeroHousehold", "ZeroScan", "zero_employment_scan", "zero_household_ids", "households_of",
    "search_ids", "search_kind", "warm_search", "SEARCH_LIMIT",
]
