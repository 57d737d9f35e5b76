"""Import an Excel workbook into the ledger: the national system's person export or the app's own ledger
workbook (recognised by its sheets 户 and 人员).

1. Read: every row becomes a staged record remembering its sheet row (``national`` / ``ledger_workbook``).
2. Match: households by 户编号 (own workbook: by 户ID first), persons by ID number (own workbook: by 人ID
   first), spells by id (national: the same person's spell of that 年度 and 就业形式). What the file gives
   overwrites the ledger's values; what it does not have is kept. All lookups are bulk queries.
3. Validate every record with the domain rules (``desktop.domain.validation``), plus duplicate ID numbers
   inside the file and against other persons of the ledger.
4. Any blocking error → ``ImportRejected`` (nothing written) unless ``skip_invalid``: then households with
   an error are left out whole and their rows go to an error workbook (same columns + 错误原因).
5. Write in ONE transaction: new records through ``Ledger.insert_new`` (batched), existing ones through
   ``Ledger.save`` (only changed fields produce an outbox change; unchanged rows produce none).
"""
from __future__ import annotations

import dataclasses
import sqlite3
import time
from datetime import date
from itertools import chain
from pathlib import Path
from typing import Callable

from desktop.domain import validation
from desktop.domain.codes import Severity
from desktop.domain.models import FIELD_LABELS, EmploymentSpell, Household, Person
from desktop.domain.regions import default_regions
from desktop.store.codec import ENTITY_OF_TYPE, row_to_record
from desktop.store.errors import DatabaseLocked
from desktop.store.ledger import Deletion

from . import ledger_workbook, national
from .columns import LEDGER_SHEETS, NATIONAL_COLUMNS, SHEET_HOUSEHOLDS, SHEET_PERSONS, SHEET_SPELLS
from .report import ImportRejected, ImportReport, RowError
from .staging import SheetInfo, Source, StagedFile, StagedHousehold, StagedPerson
from .xlsx import ExcelFileError, XlsxReader, XlsxWriter

ERROR_COLUMN = "错误原因"
Progress = Callable[[int, int, str], None]

__all__ = ["import_file", "ImportRejected", "ImportReport", "RowError", "ExcelFileError", "default_error_path",
           "ERROR_COLUMN"]


def default_error_path(path: Path) -> Path:
    return path.with_name(f"{path.stem}_错误清单.xlsx")


def import_file(ledger, path, *, skip_invalid: bool = False, error_path=None, progress: Progress | None = None,
                today: date | None = None, regions=None) -> ImportReport:
    """Import ``path`` into ``ledger``. Returns the report; raises ``ImportRejected`` (nothing changed,
    ``.report`` lists the problems) or ``ExcelFileError`` (not a usable workbook)."""
    started = time.perf_counter()
    path = Path(path)
    regions = regions if regions is not None else default_regions()
    today = today or date.today()
    report = ImportReport(path)
    tell = progress or (lambda done, total, what: None)

    with XlsxReader(path) as reader:
        if ledger_workbook.is_ledger_workbook(reader.sheet_names):
            staged = _read_ledger_workbook(reader, ledger, regions, today, report, tell)
        else:
            staged = _read_national(reader, regions, today, report, tell)
    report.kind = staged.kind
    report.rows_read = staged.rows_read
    if staged.file_problems:
        report.problems.extend(staged.file_problems)
        report.seconds = time.perf_counter() - started
        raise ImportRejected(report)
    if not staged.households and not staged.orphans and not staged.skipped:
        raise ExcelFileError(f"文件“{path.name}”中没有数据行（只有表头），没有可导入的内容。")

    tell(0, 1, "正在核对台账中已有的记录")
    context = _match(ledger, staged)
    _validate(staged, context, regions, today, tell)

    bad = [h for h in staged.households if h.has_errors]
    all_sources = [s for h in staged.households for s in h.sources()] + staged.orphans + staged.skipped
    report.problems.extend(p for s in sorted(all_sources, key=lambda s: (s.sheet, s.row)) for p in s.problems)
    if (bad or staged.orphans) and not skip_invalid:
        report.seconds = time.perf_counter() - started
        raise ImportRejected(report)
    good = [h for h in staged.households if not h.has_errors]
    if bad or staged.orphans:
        rejected_sources = [s for h in bad for s in h.sources()] + staged.orphans
        report.households_rejected = sum(1 for h in bad if h.from_file) or len(bad)
        report.rows_rejected = len({(s.sheet, s.row) for s in rejected_sources})
        report.error_path = Path(error_path) if error_path else default_error_path(path)
        _write_error_workbook(report.error_path, staged.sheets, rejected_sources)

    _write(ledger, good, report, tell, staged.restore)
    report.seconds = time.perf_counter() - started
    return report


# ============================================================================ reading
def _read_national(reader: XlsxReader, regions, today, report: ImportReport, tell) -> StagedFile:
    """Every sheet with a recognisable header is read (an export split into several sheets is one file);
    sheets without one (notes, pivot tables) are skipped."""
    staged = StagedFile(national.KIND, [], [])
    any_rows = False
    stager = national.NationalReader(regions, today)
    for sheet in reader.sheet_names:
        rows = reader.rows(sheet)
        head = []
        for item in rows:
            head.append(item)
            if len(head) >= national.HEADER_SCAN_ROWS:
                break
        any_rows = any_rows or bool(head)
        idx = national.find_header(head)
        if idx is None:
            rows.close()
            continue
        header_row, header = head[idx]
        index, written = national.map_header(
            sheet, header, lambda s, h: report.unknown_columns.append((s, h)),
            lambda s, h: report.ignored_columns.append((s, h)))
        staged.sheets.append(SheetInfo(sheet, list(header), header_row))
        missing = national.missing_required(index)
        if missing:
            rows.close()
            names = "、".join(f"“{c.label}”" for c in missing)
            staged.file_problems.append(RowError(
                sheet, header_row, None, f"缺少必需的列：{names}。请检查表头（也接受常见别名，如“身份证号”“人编号”）。"))
            continue
        dimension = reader.dimension_rows(sheet)
        total = max(dimension - header_row, 1) if dimension else 0  # 0: unknown, the bar shows "busy"
        stager.stage(sheet, header_row, header, index, written, chain(head[idx + 1:], rows), staged,
                     lambda n: tell(n, total, f"正在读取“{sheet}”"))
    staged.households.extend(stager.households())
    if staged.sheets:
        return staged
    if not any_rows:
        raise ExcelFileError(f"文件“{reader.name}”是空的：没有任何工作表含有数据。")
    expected = "、".join(f"“{c.label}”" for c in NATIONAL_COLUMNS if c.required)
    raise ExcelFileError(
        f"文件“{reader.name}”中没有找到人员信息的表头。国家系统导出表应含有{expected}等列；"
        f"本程序导出的台账应含有“{SHEET_HOUSEHOLDS}”“{SHEET_PERSONS}”“{SHEET_SPELLS}”工作表。")


def _read_ledger_workbook(reader: XlsxReader, ledger, regions, today, report: ImportReport, tell) -> StagedFile:
    staged = StagedFile(ledger_workbook.KIND, [], [])
    parser = ledger_workbook.LedgerWorkbookReader(regions, today)
    names = {n.strip(): n for n in reader.sheet_names}
    parsed = {}
    for sheet, cls in LEDGER_SHEETS.items():
        real = names.get(sheet)
        if real is None:
            parsed[cls] = []
            continue
        rows = reader.rows(real)
        first = next(rows, None)
        if first is None:
            parsed[cls] = []
            continue
        header_row, header = first
        staged.sheets.append(SheetInfo(real, list(header), header_row))
        dimension = reader.dimension_rows(real)
        total = max(dimension - header_row, 1) if dimension else 0
        out, missing = parser.stage_sheet(cls, real, header, rows,
                                          lambda s, h: report.unknown_columns.append((s, h)),
                                          lambda n: tell(n, total, f"正在读取“{real}”"))
        if missing:
            names_ = "、".join(f"“{m}”" for m in missing)
            staged.file_problems.append(RowError(real, header_row, None, f"缺少必需的列：{names_}"))
        parsed[cls] = out
        staged.rows_read += len(out)
    if staged.file_problems:
        return staged

    def lookup_household(household_id):
        found = _load(ledger, Household, "id", [household_id])
        return found[0] if found else None

    def lookup_person(person_id):
        found = _load(ledger, Person, "id", [person_id])
        return found[0] if found else None

    ledger_workbook.group_ledger_rows(parsed[Household], parsed[Person], parsed[EmploymentSpell], staged,
                                      lookup_household, lookup_person)
    return staged


# ============================================================================ matching
def _load(ledger, cls, column: str, values, extra: str = "AND deleted = 0") -> list:
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
class _Context:
    ids_by_number: dict[str, set[str]]
    other_members: dict[str, list[Person]]     # household id -> ledger members not in the file
    ledger_spells: dict[str, list[EmploymentSpell]]  # person id -> ledger spells not in the file


def _match(ledger, staged: StagedFile) -> _Context:
    conn = ledger.conn
    ids_by_number: dict[str, set[str]] = {}
    for pid, number in conn.execute("SELECT id, id_number FROM person WHERE deleted = 0"):
        ids_by_number.setdefault(number, set()).add(pid)
    own_workbook = staged.kind == ledger_workbook.KIND
    households = [h for h in staged.households if h.from_file]

    # ---- households
    # the own workbook may bring back records deleted since it was exported: match those by id too
    by_id = {h.id: h for h in _load(ledger, Household, "id", [h.record.id for h in households], "")} \
        if own_workbook else {}
    hh_nos = [h.record.hh_no for h in households if h.record.hh_no]
    by_no = {}
    for h in _load(ledger, Household, "hh_no", hh_nos):
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
    found_by_id = {p.id: p for p in _load(ledger, Person, "id", [p.record.id for p in persons], "")} \
        if own_workbook else {}
    numbers = [p.record.id_number for p in persons if p.record.id_number]
    by_number: dict[str, Person] = {}
    for p in _load(ledger, Person, "id_number", numbers):
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
    spell_by_id = {s.id: s for s in _load(ledger, EmploymentSpell, "id", [
        s.record.id for h in staged.households for p in h.persons for s in p.spells], "")} if own_workbook else {}
    ledger_spells: dict[str, list[EmploymentSpell]] = {}
    for s in _load(ledger, EmploymentSpell, "person_id", person_ids):
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
    for m in _load(ledger, Person, "household_id", hh_ids):
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
    return _Context(ids_by_number, other_members, ledger_spells)


# ============================================================================ validation
_STRUCTURE_CODES = ("household.head_count", "household.spouse_count")


def _validate(staged: StagedFile, context: _Context, regions, today: date, tell) -> None:
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


# ============================================================================ writing
def _write(ledger, households: list[StagedHousehold], report: ImportReport, tell,
           staged_restore: set[tuple[str, str]] = frozenset()) -> None:
    new_records: list = []
    updates: list[tuple[str, object]] = []
    for h in households:
        if h.from_file:
            if h.existing is None:
                new_records.append(h.record)
                report.households_added += 1
            else:
                updates.append(("households", h.record))
        for p in h.persons:
            if p.from_file:
                if p.existing is None:
                    new_records.append(p.record)
                    report.persons_added += 1
                else:
                    updates.append(("persons", p.record))
            for s in p.spells:
                if s.existing is None:
                    new_records.append(s.record)
                    report.spells_added += 1
                else:
                    updates.append(("spells", s.record))
    total = len(updates) + len(new_records)
    tell(0, total, "正在写入台账")
    try:
        _write_all(ledger, updates, new_records, report, tell, total, staged_restore)
    except sqlite3.OperationalError as exc:
        message = str(exc).lower()
        if "locked" in message or "busy" in message:
            raise DatabaseLocked(ledger.path or "台账") from exc
        raise
    tell(total, total, "导入完成")


def _write_all(ledger, updates, new_records, report, tell, total, staged_restore) -> None:
    with ledger.transaction():
        for n, (what, record) in enumerate(updates, 1):
            changed = ledger.save(record)
            name = f"{what}_updated" if changed else f"{what}_unchanged"
            setattr(report, name, getattr(report, name) + 1)
            if n % 500 == 0:
                tell(n, total, "正在写入台账")
        if new_records:
            ledger.insert_new(new_records)
        # records of the workbook that were deleted in the ledger since: bring them back (like undo)
        kept = {(ENTITY_OF_TYPE[type(r)], r.id) for _, r in updates}
        restore = [item for item in sorted(staged_restore) if item in kept]
        if restore:
            ledger.restore(Deletion(restore))


def _write_error_workbook(path: Path, sheets: list[SheetInfo], sources: list[Source]) -> None:
    by_sheet: dict[str, list[Source]] = {}
    for s in sources:
        by_sheet.setdefault(s.sheet, []).append(s)
    writer = XlsxWriter(path)
    try:
        for info in sheets:
            rows = sorted({id(s): s for s in by_sheet.get(info.name, [])}.values(), key=lambda s: s.row)
            if not rows:
                continue
            width = len(info.header)
            header = [("" if h is None else h) for h in info.header] + [ERROR_COLUMN, "原行号"]

            def out_rows(rows=rows, width=width):
                for s in rows:
                    values = list(s.values[:width]) + [None] * (width - len(s.values[:width]))
                    reasons = [p for p in s.problems if p.is_error]
                    text = "；".join((f"{p.column}：{p.reason}" if p.column else p.reason) for p in reasons) \
                        or "同户其他行有错误，整户未导入"
                    yield values + [text, s.row]
            writer.add_sheet(info.name, header, out_rows())
        writer.close()
    except BaseException:
        writer.abort()
        raise
