"""The app's own ledger workbook: sheets 户, 人员, 务工就业; headers are the Chinese labels of
``models.FIELD_LABELS`` (ids included, so an export imported into an empty ledger gives back the same
ledger), plus a few readable name columns the import ignores (村名称, 户编号, 姓名, 证件号码, 务工所在县).

Cells: enums as their labels, dates as Excel dates, yes/no as 是/否, money as numbers, codes and ID
numbers as text.
"""
from __future__ import annotations

import typing
from dataclasses import fields
from datetime import date
from decimal import Decimal
from enum import Enum
from types import UnionType
from typing import Callable

from desktop.domain.codes import EmploymentForm, HouseholdType, IdType, PersonStatus
from desktop.domain.idnumber import normalize_id_text, upgrade_15
from desktop.domain.ids import is_uuid, new_id
from desktop.domain.models import FIELD_LABELS, EmploymentSpell, Household, Person
from desktop.domain.phones import normalize_phone

from .columns import (
    LEDGER_EXTRAS, LEDGER_FIELDS, SHEET_HOUSEHOLDS, SHEET_PERSONS, SHEET_SPELLS, ledger_field_by_header,
    ledger_header, normalize_header,
)
from .staging import Source, StagedFile, StagedHousehold, StagedPerson, StagedSpell
from .values import CellError, compact, parse_bool, parse_date, parse_decimal, parse_enum, text

KIND = "本程序台账工作簿"

REQUIRED: dict[type, tuple[str, ...]] = {
    Household: ("id", "village_code"),
    Person: ("id", "household_id", "name", "id_number"),
    EmploymentSpell: ("id", "person_id", "form", "start_date"),
}
# NOT NULL fields that get their usual value when the cell is blank (others blank -> error)
DEFAULTS = {("Household", "hh_type"): HouseholdType.LIFTED, ("Person", "id_type"): IdType.RESIDENT,
            ("Person", "status"): PersonStatus.NORMAL, ("EmploymentSpell", "abroad"): False}
MUST_FILL: dict[type, tuple[str, ...]] = {
    Household: ("id", "village_code"),
    Person: ("id", "household_id", "name", "id_number", "relation", "labour_skill"),
    EmploymentSpell: ("id", "person_id", "form", "start_date"),
}


def is_ledger_workbook(sheet_names: list[str]) -> bool:
    names = {n.strip() for n in sheet_names}
    return SHEET_PERSONS in names and SHEET_HOUSEHOLDS in names


def _base_type(hint):
    if isinstance(hint, UnionType) or typing.get_origin(hint) is typing.Union:
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        return args[0]
    return hint


def _cell_parser(base) -> Callable:
    if isinstance(base, type) and issubclass(base, Enum):
        return lambda v: parse_enum(base, v)
    if base is bool:
        return parse_bool
    if base is date:
        return parse_date
    if base is Decimal:
        return parse_decimal
    return text


_FIELD_NAMES = {cls: frozenset(f.name for f in fields(cls)) for cls in (Household, Person, EmploymentSpell)}
_NULLABLE = {cls: frozenset(name for name, hint in typing.get_type_hints(cls).items()
                            if type(None) in typing.get_args(hint))
             for cls in (Household, Person, EmploymentSpell)}
_PARSERS = {cls: {name: _cell_parser(_base_type(hint)) for name, hint in typing.get_type_hints(cls).items()}
            for cls in (Household, Person, EmploymentSpell)}


class LedgerWorkbookReader:
    def __init__(self, regions, today: date):
        self.regions = regions
        self.today = today

    def stage_sheet(self, cls: type, sheet: str, header: list, rows, report_unknown, progress) -> tuple[
            list[tuple[Source, object, frozenset]], list[str]]:
        """Parse one sheet; returns [(source, record, provided fields)] and the missing required labels."""
        by_header = ledger_field_by_header(cls)
        extras = {normalize_header(x) for x in LEDGER_EXTRAS[cls]}
        index: dict[str, int] = {}
        written: dict[str, str] = {}
        for i, cell in enumerate(header):
            if cell is None or not str(cell).strip():
                continue
            key = normalize_header(cell)
            field = by_header.get(key)
            if field is None:
                if key not in extras:
                    report_unknown(sheet, str(cell).strip())
                continue
            if field in index:
                report_unknown(sheet, f"{str(cell).strip()}（重复）")
                continue
            index[field] = i
            written[field] = str(cell).strip()
        labels = FIELD_LABELS[cls]
        missing = [labels[f] for f in REQUIRED[cls] if f not in index]
        if missing:
            return [], missing
        provided = frozenset(index)
        parsers = _PARSERS[cls]
        kind = cls.__name__
        out = []
        count = 0
        for row_number, values in rows:
            count += 1
            if count % 1000 == 0:
                progress(count)
            src = Source(sheet, row_number, values, written)
            kwargs = {}
            for field, i in index.items():
                raw = values[i] if i < len(values) else None
                try:
                    value = parsers[field](raw)
                except CellError as exc:
                    src.add(f"{kind}.{field}", str(exc), column=written[field])
                    value = None
                if value is None and raw is None:
                    default = DEFAULTS.get((kind, field))
                    if default is not None:
                        value = default
                    elif field in MUST_FILL[cls]:
                        src.add(f"{kind}.{field}", "未填写", column=written[field])
                kwargs[field] = value
            record = self._make(cls, kwargs, src)
            out.append((src, record, provided))
        return out, []

    def _make(self, cls, kwargs: dict, src: Source):
        """The record of one row. Cells that could not be read (already reported) get a placeholder so the
        row still belongs to its household for the report and the error workbook."""
        if cls is Household:
            kwargs["village_code"] = compact(kwargs.get("village_code")) or ""
            kwargs["phone"] = normalize_phone(kwargs.get("phone"))
            kwargs["support_phone"] = normalize_phone(kwargs.get("support_phone"))
        elif cls is Person:
            kwargs["household_id"] = kwargs.get("household_id") or ""
            kwargs["name"] = kwargs.get("name") or ""
            number = normalize_id_text(kwargs.get("id_number") or "")
            if len(number) == 15 and number.isdigit() and kwargs.get("id_type") in (None, IdType.RESIDENT):
                if not kwargs.get("id_original"):
                    kwargs["id_original"] = number
                number = upgrade_15(number)
            kwargs["id_number"] = number
            kwargs["phone"] = normalize_phone(kwargs.get("phone"))
            if kwargs.get("health") is not None:
                kwargs["health"] = compact(kwargs["health"]).replace("，", ",").replace("、", ",")
        else:
            kwargs["person_id"] = kwargs.get("person_id") or ""
            kwargs["work_county_code"] = compact(kwargs.get("work_county_code"))
            kwargs["form"] = kwargs.get("form") or EmploymentForm.MIGRANT
            kwargs["start_date"] = kwargs.get("start_date") or date(1900, 1, 1)
            if kwargs.get("abroad") is None:
                kwargs["abroad"] = False
        names = _FIELD_NAMES[cls]
        # None for a field with a dataclass default (relation, health, status…) means "use the default"
        return cls(**{k: v for k, v in kwargs.items() if k in names and (v is not None or k in _NULLABLE[cls])})


def _give_new_ids(rows, id_label: str, in_ledger) -> dict[str, str]:
    """Rows whose id is not one this program makes (typed by hand, e.g. "H-001", to add a household and link
    its persons) get a new UUID, with a reminder on the row; returns hand-typed id -> new id, so the rows of
    the other sheets that refer to it follow. The county server refuses records under any other id (and
    used to stop syncing altogether). An id the ledger already holds (imported by an older version) keeps
    matching that record. Rows sharing one hand-typed id get the same new id, so they are still reported
    as duplicates."""
    new_ids: dict[str, str] = {}
    for src, record, _provided in rows:
        old = record.id
        if not old or is_uuid(old):
            continue
        if old not in new_ids:
            if in_ledger(old):
                continue
            new_ids[old] = new_id()
            src.add(None, f"{id_label}“{old}”不是本程序生成的编号，已改用新编号 {new_ids[old]}（本文件中写"
                          f"“{old}”的其他行仍归入这条记录）", severity="warning", column=src.columns.get("id"))
        record.id = new_ids[old]
    return new_ids


def group_ledger_rows(households, persons, spells, staged: StagedFile, lookup_household, lookup_person,
                      spell_in_ledger) -> None:
    """Build staged households from the parsed sheet rows. Persons whose 户ID is not in the 户 sheet are
    attached to the ledger's household of that id (``lookup_household``), spells likewise to a ledger person
    (``lookup_person``); rows that refer to nothing are orphans. Ids typed by hand (not UUIDs) are replaced
    by new ones first, and the references to them with them (``_give_new_ids``)."""
    hh_ids = _give_new_ids(households, "户ID", lambda rid: lookup_household(rid) is not None)
    person_ids = _give_new_ids(persons, "人ID", lambda rid: lookup_person(rid) is not None)
    _give_new_ids(spells, "务工ID", spell_in_ledger)
    for _src, record, _provided in persons:
        record.household_id = hh_ids.get(record.household_id, record.household_id)
    for _src, record, _provided in spells:
        record.person_id = person_ids.get(record.person_id, record.person_id)
    by_hh: dict[str, StagedHousehold] = {}
    for src, record, provided in households:
        if record.id in by_hh:
            src.add(None, f"户ID与第{by_hh[record.id].source.row}行重复", column=src.columns.get("id"))
            staged.orphans.append(src)
            continue
        by_hh[record.id] = StagedHousehold(record, src, provided, columns=src.columns)
    by_person: dict[str, StagedPerson] = {}
    for src, record, provided in persons:
        group = by_hh.get(record.household_id)
        if group is None and record.household_id:
            existing = lookup_household(record.household_id)
            if existing is not None:
                group = by_hh[record.household_id] = StagedHousehold(
                    existing, src, frozenset(), existing=existing, from_file=False)
        if group is None:
            src.add(None, f"户ID“{record.household_id}”在“{SHEET_HOUSEHOLDS}”工作表和台账中都不存在",
                    column=src.columns.get("household_id"))
            staged.orphans.append(src)
            continue
        if record.id in by_person:
            src.add(None, f"人ID与第{by_person[record.id].source.row}行重复", column=src.columns.get("id"))
            group.extra_sources.append(src)
            continue
        sp = StagedPerson(record, src, provided, columns=src.columns)
        by_person[record.id] = sp
        group.persons.append(sp)
    for src, record, provided in spells:
        sp = by_person.get(record.person_id)
        if sp is None and record.person_id:
            existing = lookup_person(record.person_id)
            if existing is not None:
                group = by_hh.get(existing.household_id)
                if group is None:
                    hh = lookup_household(existing.household_id)
                    if hh is not None:
                        group = by_hh[hh.id] = StagedHousehold(hh, src, frozenset(), existing=hh, from_file=False)
                if group is not None:
                    sp = by_person[existing.id] = StagedPerson(existing, src, frozenset(), existing=existing,
                                                               from_file=False)
                    group.persons.append(sp)
        if sp is None:
            src.add(None, f"人ID“{record.person_id}”在“{SHEET_PERSONS}”工作表和台账中都不存在",
                    column=src.columns.get("person_id"))
            staged.orphans.append(src)
            continue
        sp.spells.append(StagedSpell(record, src, provided, columns=src.columns))
    staged.households.extend(by_hh.values())


# ====================================================================== export


def export_rows(ledger, regions, progress: Callable[[int, int, str], None] | None = None):
    """(sheet name, header, rows iterator, count) for each sheet, reading the store in bulk."""
    conn = ledger.conn
    counts = {cls: conn.execute(f"SELECT count(*) FROM {table} WHERE deleted = 0").fetchone()[0]
              for cls, table in ((Household, "household"), (Person, "person"), (EmploymentSpell, "employment"))}
    total = sum(counts.values())
    done = [0]

    def tick(n=1):
        done[0] += n
        if progress is not None and done[0] % 5000 == 0:
            progress(done[0], total, "正在导出")

    hh_no: dict[str, str | None] = {}
    person_info: dict[str, tuple[str, str]] = {}
    names: dict[str, str] = {}

    def place_name(code):
        if not code:
            return None
        name = names.get(code)
        if name is None:
            name = names[code] = regions.full_name(code) if regions is not None else ""
        return name or None

    def converters(cls):
        hints = typing.get_type_hints(cls)
        out = []
        for f in LEDGER_FIELDS[cls]:
            base = _base_type(hints[f])
            if base is bool:
                out.append(lambda v: None if v is None else ("是" if v else "否"))
            elif base is date:
                out.append(lambda v: None if v is None else date.fromisoformat(v))
            elif base is Decimal:
                out.append(lambda v: None if v is None else float(v))
            else:
                out.append(None)
        return out

    def rows_of(cls, table, order, extra):
        cols = LEDGER_FIELDS[cls]
        convert = [(i, c) for i, c in enumerate(converters(cls)) if c is not None]
        sql = f"SELECT {', '.join(cols)} FROM {table} WHERE deleted = 0 ORDER BY {order}"
        for row in conn.execute(sql):
            out = list(row)
            for i, c in convert:
                if out[i] is not None:
                    out[i] = c(out[i])
            out.extend(extra(row))
            tick()
            yield out

    def hh_extra(row):
        hh_no[row[0]] = row[1]
        return [place_name(row[2])]

    def person_extra(row):
        person_info[row[0]] = (row[3], row[5])
        return [hh_no.get(row[1])]

    def spell_extra(row):
        name, number = person_info.get(row[1], (None, None))
        return [name, number, place_name(row[5])]

    person_order = ("(SELECT village_code || coalesce(hh_no, '') || household.id FROM household "
                    "WHERE household.id = person.household_id), "
                    "CASE relation WHEN '户主' THEN 0 WHEN '配偶' THEN 1 ELSE 2 END, birth_date, id")
    return [
        (SHEET_HOUSEHOLDS, ledger_header(Household), rows_of(Household, "household", "village_code, hh_no, id",
                                                             hh_extra), counts[Household]),
        (SHEET_PERSONS, ledger_header(Person), rows_of(Person, "person", person_order, person_extra),
         counts[Person]),
        (SHEET_SPELLS, ledger_header(EmploymentSpell),
         rows_of(EmploymentSpell, "employment", "person_id, start_date, id", spell_extra), counts[EmploymentSpell]),
    ]


__all__ = ["LedgerWorkbookReader", "group_ledger_rows", "export_rows", "is_ledger_workbook", "KIND"]
