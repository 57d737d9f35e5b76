"""The whole live ledger in memory, loaded with three queries: for whole-ledger rules (the validation
report, the zero-employment scan) that would otherwise ask the database once per household."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from desktop.domain.models import EmploymentSpell, Household, Person

from .codec import row_to_record


@dataclass
class LedgerSnapshot:
    households: dict[str, Household] = field(default_factory=dict)
    members: dict[str, list[Person]] = field(default_factory=lambda: defaultdict(list))
    spells: dict[str, list[EmploymentSpell]] = field(default_factory=lambda: defaultdict(list))
    created_on: dict[str, str] = field(default_factory=dict)  # household id -> created_at (ISO)

    def persons(self):
        for people in self.members.values():
            yield from people


def load_snapshot(conn, village_prefix: str | None = None) -> LedgerSnapshot:
    """Live (not deleted) records, optionally only of villages whose code starts with ``village_prefix``."""
    snap = LedgerSnapshot()
    where, params = "h.deleted = 0", []
    if village_prefix:
        where += " AND h.village_code LIKE ?"
        params.append(village_prefix + "%")
    for row in _rows(conn, f"SELECT h.* FROM household h WHERE {where}", params):
        snap.households[row["id"]] = row_to_record(Household, row)
        snap.created_on[row["id"]] = row["created_at"]
    person_household: dict[str, str] = {}
    for row in _rows(conn, f"SELECT p.* FROM person p JOIN household h ON h.id = p.household_id "
                           f"WHERE p.deleted = 0 AND {where}", params):
        snap.members[row["household_id"]].append(row_to_record(Person, row))
        person_household[row["id"]] = row["household_id"]
    for row in _rows(conn, "SELECT * FROM employment WHERE deleted = 0 ORDER BY start_date", []):
        if row["person_id"] in person_household:
            snap.spells[row["person_id"]].append(row_to_record(EmploymentSpell, row))
    return snap


def _rows(conn, sql: str, params: list):
    cursor = conn.execute(sql, params)
    names = [c[0] for c in cursor.description]
    for values in cursor:
        yield dict(zip(names, values))
