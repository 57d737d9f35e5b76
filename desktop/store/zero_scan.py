"""The zero-employment scan (零就业家庭, domain.md §3.4) over the whole ledger or a few households, in bulk:
a handful of queries and ``desktop.domain.zero_employment`` applied in memory, never one query per
household (30,000 households in about a second on the 2-core laptops). No Qt."""
from __future__ import annotations

import json
import sqlite3
import threading
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Collection, Sequence

from desktop.domain.codes import HouseholdType, LabourSkill, PersonStatus
from desktop.domain.models import EmploymentSpell, Household, Person


def _chunks(items: Sequence, size: int = 500):
    for start in range(0, len(items), size):
        yield items[start:start + size]


@dataclass(frozen=True)
class ZeroHousehold:
    household_id: str
    hh_no: str | None
    village_code: str
    head_name: str | None
    phone: str | None
    since: date | None
    deadline: date | None
    overdue: bool
    labour_names: tuple[str, ...]


@dataclass
class ZeroScan:
    day: date
    households: list[ZeroHousehold] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.households)

    @property
    def overdue_count(self) -> int:
        return sum(1 for h in self.households if h.overdue)

    @property
    def ids(self) -> set[str]:
        return {h.household_id for h in self.households}

    def patched(self, partial: "ZeroScan", household_ids: set[str]) -> "ZeroScan":
        """This scan with the households ``household_ids`` replaced by what ``partial`` (a scan of just
        those households) found."""
        kept = [h for h in self.households if h.household_id not in household_ids]
        merged = ZeroScan(partial.day, kept + list(partial.households))
        merged.households.sort(key=_zero_order)
        return merged


def _zero_order(z: ZeroHousehold):
    return (not z.overdue, z.deadline or date.max, z.village_code, z.hh_no or "")


def households_of(conn: sqlite3.Connection, entity: str, ids: Sequence[str]) -> set[str]:
    """The households the records ``ids`` of ``entity`` belong to (deleted ones included), so that
    only they are scanned again after an edit."""
    sql = {"household": "SELECT id FROM household WHERE id IN ({})",
           "person": "SELECT household_id FROM person WHERE id IN ({})",
           "employment": "SELECT p.household_id FROM employment e JOIN person p ON p.id = e.person_id "
                         "WHERE e.id IN ({})"}[entity]
    found: set[str] = set()
    for chunk in _chunks(list(ids)):
        found.update(row[0] for row in conn.execute(sql.format(", ".join("?" * len(chunk))), chunk))
    return found


def zero_employment_scan(conn: sqlite3.Connection, day: date | None = None, upper_age: int = 60,
                         village_code: str | None = None, household_ids: Collection[str] | None = None) -> ZeroScan:
    """All zero-employment households on ``day`` (§3.4), in four queries: households with someone at
    work, target households, their labour-capable members, those members' spells. Overdue first, then by
    deadline and village. ``household_ids`` limits the scan to those households (after an edit)."""
    from desktop.domain.zero_employment import labour_members, zero_employment_status

    day = day or date.today()
    params: dict = {"village": village_code, "day": day.isoformat(),
                    # Persons surely of labour age (2 days of slack for 29 February); only their jobs are
                    # used to rule a household out in SQL, the domain rule decides about the rest.
                    "oldest": _years_before(day, upper_age, +2), "youngest": _years_before(day, 16, -2)}
    target = "h.deleted = 0 AND (h.hh_type = '脱贫户' OR h.monitor_category IS NOT NULL)"
    if village_code:
        target += " AND h.village_code = :village"
    capable = _named_list(params, "skill", [s.value for s in LabourSkill if s.has_capacity])
    in_ledger = _named_list(params, "status", [s.value for s in PersonStatus if s.in_ledger])
    candidate = (f"p.deleted = 0 AND p.school_status IS NULL AND p.labour_skill IN ({capable}) "
                 f"AND p.status IN ({in_ledger})")
    join = "CROSS JOIN"  # whole ledger: one pass over the jobs
    scope = ""
    if household_ids is not None:
        scope = " AND p.household_id IN (SELECT value FROM json_each(:only))"
        params["only"] = json.dumps(sorted(household_ids))
        target += " AND h.id IN (SELECT value FROM json_each(:only))"
        candidate += " AND p.household_id IN (SELECT value FROM json_each(:only))"
        join = "JOIN"    # a few households: from their members through the person index
    # Households where someone surely of labour age works today are not zero: found in one pass over the
    # jobs, then left out of the other queries (an IN over a JSON list becomes one lookup table).
    params["working"] = json.dumps([row[0] for row in conn.execute(
        f"SELECT DISTINCT p.household_id FROM employment e {join} person p ON p.id = e.person_id "
        f"WHERE e.deleted = 0 AND {candidate} AND e.start_date <= :day "
        "AND (e.end_date IS NULL OR e.end_date >= :day) AND p.birth_date > :oldest "
        "AND p.birth_date <= :youngest", params)])
    not_working = "NOT IN (SELECT value FROM json_each(:working))"
    households = {row[0]: row for row in conn.execute(
        "SELECT h.id, h.hh_no, h.village_code, h.hh_type, h.monitor_category, h.phone, h.created_at "
        f"FROM household h WHERE {target} AND h.id {not_working}", params)}
    heads: dict[str, str] = {}
    members: dict[str, list[Person]] = {}
    for pid, hid, name, id_number, birth, skill, status, relation, school in conn.execute(
            "SELECT p.id, p.household_id, p.name, p.id_number, p.birth_date, p.labour_skill, "
            "p.status, p.relation, p.school_status FROM person p WHERE p.deleted = 0 "
            f"AND (p.relation = '户主' OR ({candidate})) AND p.household_id {not_working}{scope}", params):
        if hid not in households:
            continue
        if relation == "户主":
            heads.setdefault(hid, name)
        if school is None and skill in _CAPABLE and status in _IN_LEDGER:
            members.setdefault(hid, []).append(Person(
                household_id=hid, name=name, id_number=id_number, id=pid, labour_skill=_SKILLS[skill],
                status=_STATUSES[status], birth_date=date.fromisoformat(birth) if birth else None))
    spells: dict[str, list[EmploymentSpell]] = {}
    for person_id, start, end in conn.execute(
            "SELECT e.person_id, e.start_date, e.end_date FROM employment e "
            f"{join} person p ON p.id = e.person_id "
            f"WHERE e.deleted = 0 AND {candidate} AND p.household_id {not_working}", params):
        spells.setdefault(person_id, []).append(EmploymentSpell(
            person_id=person_id, form=None, start_date=date.fromisoformat(start), id="",
            end_date=date.fromisoformat(end) if end else None))

    scan = ZeroScan(day)
    for hid, people in members.items():
        _, hh_no, village, hh_type, monitor, phone, created = households[hid]
        household = Household(village_code=village, hh_type=_HH_TYPES[hh_type], id=hid,
                              monitor_category=monitor)
        registered = date.fromisoformat(created[:10]) if created else None
        status = zero_employment_status(household, people, spells, day, upper_age=upper_age,
                                        registered_on=registered)
        if status.is_zero:
            labour = tuple(p.name for p in labour_members(people, day, upper_age))
            scan.households.append(ZeroHousehold(hid, hh_no, village, heads.get(hid), phone, status.since,
                                                 status.deadline, status.overdue(day), labour))
    scan.households.sort(key=_zero_order)
    return scan


_SKILLS = {s.value: s for s in LabourSkill}
_STATUSES = {s.value: s for s in PersonStatus}
_HH_TYPES = {t.value: t for t in HouseholdType}
_CAPABLE = frozenset(s.value for s in LabourSkill if s.has_capacity)
_IN_LEDGER = frozenset(s.value for s in PersonStatus if s.in_ledger)


def _years_before(day: date, years: int, slack_days: int) -> str:
    try:
        then = day.replace(year=day.year - years)
    except ValueError:  # 29 February
        then = day.replace(year=day.year - years, day=28)
    return (then + timedelta(days=slack_days)).isoformat()


def _named_list(params: dict, prefix: str, values: list[str]) -> str:
    names = [f"{prefix}{i}" for i in range(len(values))]
    params.update(zip(names, values))
    return ", ".join(":" + n for n in names)


# id(conn) -> (conn, stamp, ids). The connection itself is kept in the entry so that its id cannot be
# reused by a newer connection (to another file) while the entry exists.
_zero_cache: dict[int, tuple[sqlite3.Connection, tuple, set[str]]] = {}
_zero_lock = threading.Lock()


def zero_household_ids(conn: sqlite3.Connection, day_text: str) -> set[str]:
    """Ids of the zero-employment households on ``day_text``, cached per connection until the ledger
    changes (``PRAGMA data_version`` + this connection's own changes)."""
    stamp = (conn.execute("PRAGMA data_version").fetchone()[0], conn.total_changes, day_text)
    with _zero_lock:
        cached = _zero_cache.get(id(conn))
        if cached is not None and cached[0] is conn and cached[1] == stamp:
            return cached[2]
    ids = zero_employment_scan(conn, date.fromisoformat(day_text)).ids
    with _zero_lock:
        _zero_cache[id(conn)] = (conn, stamp, ids)
    return ids
