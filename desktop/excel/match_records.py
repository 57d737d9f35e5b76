"""Step 2 of an import: match the staged records to the ledger and merge what the file gives into them.

Households by 户编号 (own workbook: by 户ID first), persons by ID number (own workbook: by 人ID first),
spells by id (national: the same person's spell of that 年度 and 就业形式). What the file gives overwrites
the ledger's values; what it does not have is kept. All lookups are bulk queries of at most 500 ids.
"""
from __future__ import annotations

import dataclasses

from desktop.domain.models import EmploymentSpell, Household, Person
from desktop.store.codec import row_to_record

from . import ledger_workbook
from .staging import StagedFile


def load_records(ledger, cls, column: str, values, extra: str = "AND deleted = 0") -> list:
    """The ledger's records of ``cls`` whose ``column`` is one of ``values`` (live ones only, unless
    ``extra`` is "")."""
    table = {Household: "household", Person: "person", EmploymentSpell: "employment"}[cls]
    values = list(values)
    out = []
    for i in range(0, len(values), 500):
        chunk = values[i:i + 500]
        cursor = ledger.conn.execute(
            f"SELECT * FROM {table} WHERE {column} IN ({', '.join('?' * len(chunk))}) {extra}", chunk)
        names = [c[0] for c in cursor.description]
        out.extend(row_to_record(cls, dict(zip(names, row))) for row in cursor)
    return out


def _merge(existing, incoming, provided: frozenset):
    """The existing record with the fields the file gives; ``id_original`` is never cleared."""
    changes = {}
    for f in dataclasses.fields(existing):
        if f.name == "id" or f.name not in provided:
            continue
        value = getattr(incoming, f.name)
        if f.name == "id_original" and value is None:
            continue
        changes[f.name] = value
    return dataclasses.replace(existing, **changes)


@dataclasses.dataclass
class MatchContext:
    ids_by_number: dict[str, set[str]]
    other_members: dict[str, list[Person]]     # household id -> ledger members not in the file
    ledger_spells: dict[str, list[EmploymentSpell]]  # person id -> ledger spells not in the file


def match_records(ledger, staged: StagedFile) -> MatchContext:
    conn = ledger.conn
    ids_by_number: dict[str, set[str]] = {}
    for pid, number in conn.execute("SELECT id, id_number FROM person WHERE deleted = 0"):
        ids_by_number.setdefault(number, set()).add(pid)
    own_workbook = staged.kind == ledger_workbook.KIND
    households = [h for h in staged.households if h.from_file]

    # ---- households
    # the own workbook may bring back records deleted since it was exported: match those by id too
    by_id = {h.id: h for h in load_records(ledger, Household, "id", [h.record.id for h in households], "")} \
        if own_workbook else {}
    hh_nos = [h.record.hh_no for h in households if h.record.hh_no]
    by_no = {}
    for h in load_records(ledger, Household, "hh_no", hh_nos):
        by_no.setdefault(h.hh_no, h)
    for h in households:
        existing = by_id.get(h.record.id) or (by_no.get(h.record.hh_no) if h.record.hh_no else None)
        if existing is not None:
            h.existing = existing
            h.record = _merge(existing, h.record, h.provided)
        for p in h.persons:
            if p.from_file:
                p.record.household_id = h.record.id

    # ---- persons
    persons = [p for h in staged.households for p in h.persons if p.from_file]
    found_by_id = {p.id: p for p in load_records(ledger, Person, "id", [p.record.id for p in persons], "")} \
        if own_workbook else {}
    numbers = [p.record.id_number for p in persons if p.record.id_number]
    by_number: dict[str, Person] = {}
    for p in load_records(ledger, Person, "id_number", numbers):
        by_number.setdefault(p.id_number, p)
    for p in persons:
        existing = found_by_id.get(p.record.id)
        if existing is None and p.record.id_number:
            existing = by_number.get(p.record.id_number)
            if (existing is not None and not own_workbook and existing.person_no and p.record.person_no
                    and existing.person_no != p.record.person_no):
                # the national key says this is someone else: do not merge two people into one
                p.source.add("Person.id_number",
                             f"证件号码 {p.record.id_number} 已登记在台账中的另一人名下（{existing.name}，人编号"
                             f"{existing.person_no}），本行人编号为{p.record.person_no}，请核对",
                             column=p.columns.get("id_number"), code="id.duplicate")
                existing = None
        if existing is not None:
            p.existing = existing
            p.record = _merge(existing, p.record, p.provided)
        for s in p.spells:
            s.record.person_id = p.record.id

    # ---- spells
    person_ids = [p.record.id for h in staged.households for p in h.persons]
    spell_by_id = {s.id: s for s in load_records(ledger, EmploymentSpell, "id", [
        s.record.id for h in staged.households for p in h.persons for s in p.spells], "")} if own_workbook else {}
    ledger_spells: dict[str, list[EmploymentSpell]] = {}
    for s in load_records(ledger, EmploymentSpell, "person_id", person_ids):
        ledger_spells.setdefault(s.person_id, []).append(s)
    for h in staged.households:
        for p in h.persons:
            mine = ledger_spells.get(p.record.id, [])
            for s in p.spells:
                existing = None
                if own_workbook:
                    existing = spell_by_id.get(s.record.id)
                else:
                    existing = next((x for x in mine if x.start_date == s.record.start_date
                                     and str(x.form) == str(s.record.form)), None)
                if existing is not None:
                    s.existing = existing
                    s.record = _merge(existing, s.record, s.provided)
                    s.record.person_id = p.record.id
            replaced = {s.record.id for s in p.spells}
            ledger_spells[p.record.id] = [x for x in mine if x.id not in replaced]

    # ---- ledger members of the households that the file does not list
    in_file = {p.record.id for p in persons}
    other_members: dict[str, list[Person]] = {}
    hh_ids = [h.record.id for h in staged.households if h.existing is not None or not h.from_file]
    for m in load_records(ledger, Person, "household_id", hh_ids):
        if m.id not in in_file:
            other_members.setdefault(m.household_id, []).append(m)
    deleted: set[tuple[str, str]] = set()
    if own_workbook:
        for table, ids in (("household", [h.record.id for h in households if h.existing is not None]),
                           ("person", [p.record.id for p in persons if p.existing is not None]),
                           ("employment", [s.record.id for h in staged.households for p in h.persons
                                           for s in p.spells if s.existing is not None])):
            for i in range(0, len(ids), 500):
                chunk = ids[i:i + 500]
                deleted.update((table, r[0]) for r in conn.execute(
                    f"SELECT id FROM {table} WHERE deleted = 1 AND id IN ({', '.join('?' * len(chunk))})", chunk))
    staged.restore = deleted
    return MatchContext(ids_by_number, other_members, ledger_spells)
