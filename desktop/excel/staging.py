"""What a workbook reader hands to the importer: records grouped into households, each remembering the
sheet row it came from (for error messages and the error workbook)."""
from __future__ import annotations

from dataclasses import dataclass, field

from desktop.domain.models import EmploymentSpell, Household, Person

from .report import RowError


@dataclass
class SheetInfo:
    name: str
    header: list                     # header cells as written (for the error workbook)
    header_row: int


@dataclass
class Source:
    sheet: str
    row: int
    values: list                     # the raw cells (for the error workbook)
    columns: dict[str, str]          # model field -> header as written in the file ("" key: structure)
    problems: list[RowError] = field(default_factory=list)
    failed_fields: set[str] = field(default_factory=set)  # cells that could not be read

    def add(self, failed: str | None, reason: str, severity: str = "error", code: str = "",
            column: str | None = None) -> None:
        """Record a problem of this row. ``failed`` ("person.sex") marks a field whose cell could not be
        read, so that validation does not report the same field again."""
        problem = RowError(self.sheet, self.row, column, reason, severity, code)
        if problem not in self.problems:
            self.problems.append(problem)
        if severity == "error" and failed:
            self.failed_fields.add(failed)

    @property
    def has_errors(self) -> bool:
        return any(p.is_error for p in self.problems)


@dataclass
class StagedSpell:
    record: EmploymentSpell
    source: Source
    provided: frozenset[str]         # fields the file gives (others are kept from the ledger)
    existing: EmploymentSpell | None = None
    columns: dict[str, str] = field(default_factory=dict)   # field -> header for this record's fields
    lenient_place: bool = False      # national legacy columns: an unresolved place is only a warning


@dataclass
class StagedPerson:
    record: Person
    source: Source
    provided: frozenset[str]
    spells: list[StagedSpell] = field(default_factory=list)
    existing: Person | None = None
    columns: dict[str, str] = field(default_factory=dict)
    from_file: bool = True           # False: a ledger person that spell rows of the file refer to


@dataclass
class StagedHousehold:
    record: Household
    source: Source                   # the 户 row, or the first member row of a national export
    provided: frozenset[str]
    persons: list[StagedPerson] = field(default_factory=list)
    existing: Household | None = None
    columns: dict[str, str] = field(default_factory=dict)
    from_file: bool = True           # False: a ledger household that rows of the file refer to
    extra_sources: list[Source] = field(default_factory=list)  # further rows that only belong to it

    def sources(self) -> list[Source]:
        seen: list[Source] = []
        for src in [self.source, *self.extra_sources,
                    *(p.source for p in self.persons),
                    *(s.source for p in self.persons for s in p.spells)]:
            if not any(src is s for s in seen):
                seen.append(src)
        return seen

    @property
    def has_errors(self) -> bool:
        return any(src.has_errors for src in self.sources())


@dataclass
class StagedFile:
    kind: str
    sheets: list[SheetInfo]
    households: list[StagedHousehold]
    orphans: list[Source] = field(default_factory=list)   # rows that belong to no household (all rejected)
    skipped: list[Source] = field(default_factory=list)   # rows that are not records (totals, notes)
    rows_read: int = 0
    file_problems: list[RowError] = field(default_factory=list)
    restore: set[tuple[str, str]] = field(default_factory=set)  # (entity, id) deleted in the ledger since
