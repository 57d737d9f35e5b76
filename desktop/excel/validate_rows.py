"""Step 3 of an import: validate every staged record with the domain rules
(``desktop.domain.validation``), plus duplicate ID numbers inside the file and against other persons of the
ledger; each issue becomes a problem of the row it came from.
"""
from __future__ import annotations

import dataclasses
from datetime import date

from desktop.domain import validation
from desktop.domain.codes import Severity
from desktop.domain.models import FIELD_LABELS, EmploymentSpell, Household, Person

from . import national
from .match_records import MatchContext
from .staging import Source, StagedFile, StagedPerson


_STRUCTURE_CODES = ("household.head_count", "household.spouse_count")


def validate_rows(staged: StagedFile, context: MatchContext, regions, today: date, tell) -> None:
    ids_by_number = context.ids_by_number
    # Another system's export lacks many of the app's fields: a warning about a field the file has no
    # column for is nothing the user can fix in that file, so it is left to the ledger check.
    only_present = staged.kind == national.KIND

    def id_taken(number: str, person_id: str) -> bool:
        holders = ids_by_number.get(number)
        return bool(holders) and any(h != person_id for h in holders)

    # duplicate ID numbers inside the file
    first_row: dict[str, StagedPerson] = {}
    for h in staged.households:
        for p in h.persons:
            if not p.from_file or not p.record.id_number:
                continue
            other = first_row.get(p.record.id_number)
            if other is None:
                first_row[p.record.id_number] = p
            elif other.record.id != p.record.id:
                where = "" if other.source.sheet == p.source.sheet else f"工作表“{other.source.sheet}”"
                p.source.add("Person.id_number",
                             f"证件号码 {p.record.id_number} 与{where}第{other.source.row}行（{other.record.name}）重复，"
                             "同一证件号码只能登记一次", column=p.columns.get("id_number"), code="id.duplicate")
            else:  # the same ledger person twice in the file
                p.source.add("Person.id_number", f"与第{other.source.row}行是同一人（证件号码相同），请删除重复行",
                             column=p.columns.get("id_number"), code="id.duplicate")

    total = len(staged.households)
    for n, h in enumerate(staged.households, 1):
        if n % 200 == 0:
            tell(n, total, "正在校验")
        live_persons = [p.record for p in h.persons]
        members = live_persons + context.other_members.get(h.record.id, [])
        h_src = h.source
        person_issue_codes: set[str] = set()
        person_spells: dict[int, list[EmploymentSpell]] = {}
        for p in h.persons:
            spells = context.ledger_spells.get(p.record.id, []) + [s.record for s in p.spells]
            person_spells[id(p)] = spells
            if not p.from_file:
                continue
            issues = validation.validate_person(p.record, h.record, members, spells, regions, today, id_taken)
            for issue in issues:
                if issue.code == "id.duplicate" and any(x.code == "id.duplicate" for x in p.source.problems):
                    continue
                person_issue_codes.add(issue.code)
                _report(p.source, issue, p.columns, "Person", only_present=only_present)
        issues = validation.validate_household(h.record, members, regions, today)
        for issue in issues:
            if issue.code in _STRUCTURE_CODES and issue.code in person_issue_codes:
                continue
            if not h.from_file and issue.field:
                continue  # the ledger's own household data is not this import's business
            _report(h_src, issue, h.columns, "Household", prefix_household=h, only_present=only_present)
        for p in h.persons:
            for s in p.spells:
                issues = validation.validate_spell(s.record, p.record, h.record, regions, today,
                                                   others=person_spells[id(p)])
                for issue in issues:
                    if s.lenient_place:
                        if issue.code in ("spell.place_missing", "spell.place_not_county"):
                            if any(x.code == "spell.place_not_county" for x in s.source.problems):
                                continue
                            issue = dataclasses.replace(issue, severity=Severity.WARNING)
                        if not issue.is_error and issue.field not in s.columns:
                            continue  # the export has no such column: nothing the user could fix there
                    _report(s.source, issue, s.columns, "EmploymentSpell")


def _report(src: Source, issue, columns: dict[str, str], kind: str, prefix_household=None,
            only_present: bool = False) -> None:
    if f"{kind}.{issue.field}" in src.failed_fields:
        return
    if only_present and issue.field and issue.field not in columns and issue.severity != Severity.ERROR:
        return
    message = issue.message
    cls = {"Person": Person, "Household": Household, "EmploymentSpell": EmploymentSpell}[kind]
    label = FIELD_LABELS[cls].get(issue.field)
    column = columns.get(issue.field)
    if label and column and message.startswith(label + "："):
        message = message[len(label) + 1:]
    if kind == "Household" and prefix_household is not None and not issue.field:
        hh_no = prefix_household.record.hh_no
        message = (f"本户（户编号{hh_no}）" if hh_no else "本户") + message.removeprefix("：")
    severity = "error" if issue.severity == Severity.ERROR else "warning"
    src.add(f"{kind}.{issue.field}" if severity == "error" else None, message, severity, issue.code, column)
