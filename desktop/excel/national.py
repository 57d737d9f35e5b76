"""The national system's person export (domain.md §6.1, 47 columns; aliases of §6.2/§6.3) → staged
households, persons and employment spells.

Assumptions (the export has no such fields):
* One row per person; rows are grouped into households by 户编号; the household's village, phone and type
  come from its first row (a later row that names another village is an error).
* 户类型 defaults to 脱贫户 (it is the 脱贫人口 export) unless a 户类型 column says otherwise; 人员状态
  defaults to 正常.
* 性别 / 出生日期 left blank are filled from the ID number.
* The legacy flat work columns become ONE employment spell per person and 年度 when any of 务工所在地,
  务工企业名称, 务工时间（月）>0 or 公益性岗位类型 is filled: it starts on 1 January of 年度 (this year when
  there is no 年度 column) and, with 务工时间（月）= m, ends on the last day of month m (so the ledger's
  derived 务工时间 equals m); without a month count it stays open. 公益性岗位类型 → 就业形式 公益性岗位
  (place: the home village when no 务工所在地); 是否国外务工=是 → 外出务工 abroad; a work county inside
  the home county → 就地就近务工; otherwise 外出务工. A work place that cannot be resolved to one county
  is kept as text with the province/city code found, and reported as a warning to complete it.
* Re-importing updates the spell of the same person that starts on 1 January of that 年度 with the same
  就业形式 instead of adding another.
"""
from __future__ import annotations

import calendar
from datetime import date
from typing import Callable

from desktop.domain.codes import (
    Channel, Education, EmploymentForm, HouseholdType, IdType, LabourSkill, MonitorCategory, PersonStatus,
    PoliticalStatus, PovertyAttribute, Relation, SchoolStatus, Sex,
)
from desktop.domain.idnumber import normalize_id_text, try_parse_id_number, upgrade_15
from desktop.domain.models import EmploymentSpell, Household, Person
from desktop.domain.names import normalize_name
from desktop.domain.phones import normalize_phone
from desktop.domain.regions import RegionTable

from .columns import NATIONAL_BY_HEADER, NATIONAL_COLUMNS, Column, normalize_header
from .placenames import VillageResolver, WorkPlaceResolver
from .staging import Source, StagedFile, StagedHousehold, StagedPerson, StagedSpell
from .values import CellError, compact, parse_bool, parse_date, parse_enum, parse_int, text

KIND = "国家系统人员导出表"
HEADER_SCAN_ROWS = 30

PERSON_FIELDS = {  # column key -> Person field
    "person_no": "person_no", "name": "name", "sex": "sex", "birth_date": "birth_date", "id_type": "id_type",
    "id_number": "id_number", "ethnicity": "ethnicity", "phone": "phone", "relation": "relation",
    "education": "education", "school_status": "school_status", "labour_skill": "labour_skill",
    "health": "health", "political_status": "political_status", "dibao": "dibao",
    "speaks_mandarin": "speaks_mandarin", "disability": "disability_category", "tekun": "tekun",
    "status": "status",
}
HOUSEHOLD_FIELDS = {
    "hh_no": "hh_no", "village": "village_code", "natural_village": "natural_village", "hh_phone": "phone",
    "hh_type": "hh_type", "poverty_attr": "poverty_attr", "monitor_category": "monitor_category",
    "risk_eliminated": "risk_eliminated",
}
SPELL_FIELDS = {
    "work_place": "work_county_code", "employer": "employer", "abroad": "abroad", "channel": "channel",
    "year": "start_date", "work_months": "end_date",
}
_ENUMS = {"sex": Sex, "id_type": IdType, "relation": Relation, "education": Education,
          "school_status": SchoolStatus, "labour_skill": LabourSkill, "political_status": PoliticalStatus,
          "status": PersonStatus, "hh_type": HouseholdType, "poverty_attr": PovertyAttribute,
          "monitor_category": MonitorCategory}
_BOOLS = ("dibao", "speaks_mandarin", "tekun", "abroad", "risk_eliminated")


def header_score(values: list) -> int:
    return sum(1 for v in values if v is not None and normalize_header(v) in NATIONAL_BY_HEADER)


def find_header(rows: list[tuple[int, list]]) -> int | None:
    """Index (into ``rows``) of the header row: the first of the best-scoring rows with ≥3 known headers."""
    best, best_score = None, 2
    for i, (_, values) in enumerate(rows):
        score = header_score(values)
        if score > best_score:
            best, best_score = i, score
    return best


def map_header(sheet: str, header: list, report_unknown: Callable[[str, str], None],
               report_ignored: Callable[[str, str], None]) -> tuple[dict[str, int], dict[str, str]]:
    """Column key -> index, and key -> header text as written."""
    index: dict[str, int] = {}
    written: dict[str, str] = {}
    for i, cell in enumerate(header):
        if cell is None or not str(cell).strip():
            continue
        col = NATIONAL_BY_HEADER.get(normalize_header(cell))
        label = str(cell).strip()
        if col is None:
            report_unknown(sheet, label)
            continue
        if col.key in index:
            report_unknown(sheet, f"{label}（与“{written[col.key]}”重复）")
            continue
        index[col.key] = i
        written[col.key] = label
        if not col.stored:
            report_ignored(sheet, label)
    return index, written


def missing_required(index: dict[str, int]) -> list[Column]:
    return [c for c in NATIONAL_COLUMNS if c.required and c.key not in index]


def _last_day(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


_CHANNEL_WORDS = (("协作", Channel.COOPERATION), ("组织", Channel.ORGANISED), ("输出", Channel.ORGANISED),
                  ("亲", Channel.RELATIVES), ("友", Channel.RELATIVES), ("自主", Channel.SELF),
                  ("自谋", Channel.SELF), ("自己", Channel.SELF), ("招聘", Channel.FAIR), ("平台", Channel.FAIR),
                  ("网", Channel.FAIR))


def parse_channel(value) -> tuple[Channel | None, bool]:
    """(channel, exact): other systems use their own channel wording; map it by keywords."""
    t = compact(value)
    if t is None:
        return None, True
    try:
        return Channel(t), True
    except ValueError:
        pass
    for word, channel in _CHANNEL_WORDS:
        if word in t:
            return channel, False
    return Channel.OTHER, False


class NationalReader:
    def __init__(self, regions: RegionTable, today: date):
        self.regions = regions
        self.today = today
        self.villages = VillageResolver(regions)
        self.places = WorkPlaceResolver(regions)
        self._by_hh_no: dict[str, StagedHousehold] = {}   # across sheets: a household may span two
        self._head_refs: list[tuple[Source, StagedHousehold, str]] = []

    def households(self) -> list[StagedHousehold]:
        self._check_heads()
        return list(self._by_hh_no.values())

    def _check_heads(self) -> None:
        """户主证件号码 repeated on every row must be the number of the row whose 与户主关系 is 户主."""
        for src, group, number in self._head_refs:
            heads = [p.record for p in group.persons if p.record.relation == Relation.HEAD]
            if len(heads) != 1 or not number:
                continue  # no or several heads: validation reports the household structure
            given = normalize_id_text(number)
            if len(given) == 15 and given.isdigit():
                given = upgrade_15(given)
            if given != heads[0].id_number:
                src.add(None, f"户主证件号码“{number}”与本户户主{heads[0].name}的证件号码不一致，请核对",
                        "warning", column=self._written.get("head_id_number"), code="household.head_id")
        self._head_refs.clear()

    def stage(self, sheet: str, header_row: int, header: list, index: dict[str, int], written: dict[str, str],
              rows, staged: StagedFile, progress: Callable[[int], None]) -> None:
        # household/spell fields share names with person fields (phone): one column map per record kind
        person_cols = {f: written[k] for k, f in PERSON_FIELDS.items() if k in written}
        person_cols[""] = written.get("relation", "")
        hh_cols = {f: written[k] for k, f in HOUSEHOLD_FIELDS.items() if k in written}
        hh_cols[""] = written.get("relation", "")
        spell_cols = {f: written[k] for k, f in SPELL_FIELDS.items() if k in written}
        if "work_place" not in written and "public_post" in written:
            spell_cols["work_county_code"] = written["public_post"]
        if "year" in written:
            spell_cols["start_date"] = written["year"]
        spell_cols.setdefault("form", written.get("public_post") or written.get("work_place") or "")
        self._cols = {"person": person_cols, "household": hh_cols, "spell": spell_cols}
        self._index = index
        self._width = max([len(header), *(i + 1 for i in index.values())]) + 1
        self._slot = {c.key: index.get(c.key, self._width - 1) for c in NATIONAL_COLUMNS}
        self._written = written
        provided_person = frozenset(f for k, f in PERSON_FIELDS.items() if k in index) | {
            "household_id", "id_number", "id_original"}
        if "birth_date" not in provided_person:
            provided_person |= {"birth_date"}
        if "sex" not in provided_person:
            provided_person |= {"sex"}
        provided_hh = frozenset(f for k, f in HOUSEHOLD_FIELDS.items() if k in index) | {"village_code", "hh_no"}
        by_hh_no = self._by_hh_no
        count = 0
        for row_number, values in rows:
            count += 1
            if count % 500 == 0:
                progress(count)
            self._row(sheet, row_number, values, by_hh_no, staged, provided_person, provided_hh)
        staged.rows_read += count

    # ------------------------------------------------------------------ one row
    def _get(self, values: list, key: str):
        # rows are padded to the header's width plus one blank cell that absent columns point at
        return values[self._slot[key]]

    def _row(self, sheet, row_number, values, by_hh_no, staged, provided_person, provided_hh) -> None:
        get = self._get
        cols = self._cols
        if len(values) < self._width:
            values = values + [None] * (self._width - len(values))
        # one Source per row; household and spell problems name their own columns
        src = Source(sheet, row_number, values, cols["person"])
        if get(values, "name") is None and get(values, "id_number") is None and get(values, "hh_no") is None:
            # a totals line ("合计：300人"), a note or a stray cell: not a person
            shown = "、".join(text(v) for v in values if v is not None)[:40]
            src.add(None, f"没有姓名、证件号码和户编号，不是人员信息，已跳过（内容：{shown}）", "warning")
            staged.skipped.append(src)
            return

        def fail(key: str, field: str, exc: Exception, kind: str = "Person") -> None:
            src.add(f"{kind}.{field}", str(exc), column=self._written.get(key))

        def read(key: str, field: str, parser, kind: str = "Person"):
            try:
                return parser(get(values, key))
            except CellError as exc:
                fail(key, field, exc, kind)
                return None

        # ---- household key and place
        hh_no = compact(get(values, "hh_no"))
        if hh_no is None:
            src.add(None, "户编号未填写，无法确定该人属于哪一户", column=self._written.get("hh_no"))
        village_code = None
        if "village_code" in self._index:
            village_code = compact(get(values, "village_code"))
        if village_code is None:
            resolved = self.villages.resolve(get(values, "province"), get(values, "city"), get(values, "county"),
                                             get(values, "township"), get(values, "village"))
            village_code = resolved.code
            if resolved.code is None:
                src.add("Household.village_code", resolved.reason, column=self._written.get("village"))

        # ---- person
        raw_cell = get(values, "id_number")
        raw_id = text(raw_cell)
        if isinstance(raw_cell, (int, float)) and not isinstance(raw_cell, bool) and len(raw_id or "") >= 15:
            # Excel keeps only 15 significant digits of a number: the last digits of the ID are gone
            src.add("Person.id_number", f"证件号码“{raw_id}”被存成了数字，末尾几位已丢失。请在Excel中把该列设置为"
                    "“文本”格式后重新填写或重新导出", column=self._written.get("id_number"), code="id.number_cell")
        id_info = None
        id_number = normalize_id_text(raw_id or "")
        id_original = None
        id_type = read("id_type", "id_type", lambda v: parse_enum(IdType, v)) or IdType.RESIDENT
        if len(id_number) == 15 and id_number.isdigit() and id_type == IdType.RESIDENT:
            id_original, id_number = id_number, upgrade_15(id_number)
        kwargs = {}
        for key in ("sex", "relation", "education", "school_status", "labour_skill", "political_status", "status"):
            if key in self._index:
                kwargs[PERSON_FIELDS[key]] = read(key, PERSON_FIELDS[key], lambda v, e=_ENUMS[key]: parse_enum(e, v))
        for key in ("dibao", "speaks_mandarin", "tekun"):
            if key in self._index:
                kwargs[key] = read(key, key, parse_bool)
        birth = read("birth_date", "birth_date", parse_date) if "birth_date" in self._index else None
        if (kwargs.get("sex") is None and "Person.sex" not in src.failed_fields) or (
                birth is None and "Person.birth_date" not in src.failed_fields):
            # blank 性别/出生日期: take them from the ID number (validation reports a bad number)
            id_info = try_parse_id_number(id_number, self.regions, today=self.today) \
                if id_type == IdType.RESIDENT else None
        if id_info is not None:
            if kwargs.get("sex") is None and "Person.sex" not in src.failed_fields:
                kwargs["sex"] = id_info.sex
            if birth is None and "Person.birth_date" not in src.failed_fields:
                birth = id_info.birth_date
        health = compact(get(values, "health"))
        person = Person(
            household_id="", name=normalize_name(text(get(values, "name"))), id_number=id_number,
            sex=kwargs.get("sex"), birth_date=birth,
            relation=kwargs.get("relation") or Relation.OTHER,
            labour_skill=kwargs.get("labour_skill") or LabourSkill.ORDINARY,
            id_type=id_type, id_original=id_original,
            person_no=compact(get(values, "person_no")),
            ethnicity=compact(get(values, "ethnicity")) or ("汉族" if "ethnicity" not in self._index else None),
            education=kwargs.get("education"), school_status=kwargs.get("school_status"),
            health=health.replace("，", ",").replace("、", ",") if health else "",
            disability_category=compact(get(values, "disability")),
            political_status=kwargs.get("political_status"),
            phone=normalize_phone(text(get(values, "phone"))),
            speaks_mandarin=kwargs.get("speaks_mandarin"), dibao=kwargs.get("dibao"), tekun=kwargs.get("tekun"),
            status=kwargs.get("status") or PersonStatus.NORMAL,
        )
        if "relation" in self._index and get(values, "relation") is None:
            src.add(None, "与户主关系未填写", column=self._written.get("relation"))
        if "labour_skill" in self._index and get(values, "labour_skill") is None:
            src.add(None, "劳动技能未填写", column=self._written.get("labour_skill"))
        staged_person = StagedPerson(person, src, provided_person, columns=cols["person"])

        # ---- household (first row of each 户编号 makes it)
        hh_fields = {}
        for key in ("hh_type", "poverty_attr", "monitor_category"):
            if key in self._index:
                hh_fields[HOUSEHOLD_FIELDS[key]] = read(key, key, lambda v, e=_ENUMS[key]: parse_enum(e, v),
                                                        "Household")
        if "risk_eliminated" in self._index:
            hh_fields["risk_eliminated"] = read("risk_eliminated", "risk_eliminated", parse_bool, "Household")
        if hh_no is None:
            staged.orphans.append(src)
            return
        hh_phone = normalize_phone(text(get(values, "hh_phone")))
        group = by_hh_no.get(hh_no)
        if group is None:
            household = Household(
                village_code=village_code or "", hh_type=hh_fields.get("hh_type") or HouseholdType.LIFTED,
                hh_no=hh_no, natural_village=text(get(values, "natural_village")), phone=hh_phone,
                poverty_attr=hh_fields.get("poverty_attr"), monitor_category=hh_fields.get("monitor_category"),
                risk_eliminated=hh_fields.get("risk_eliminated"),
            )
            group = by_hh_no[hh_no] = StagedHousehold(household, src, provided_hh, columns=self._cols["household"])
        else:
            first = group.record
            if village_code and first.village_code and village_code != first.village_code:
                where = "" if group.source.sheet == sheet else f"工作表“{group.source.sheet}”"
                src.add(None, f"与本户（户编号{hh_no}）{where}第{group.source.row}行的所在村不一致",
                        column=self._written.get("village"))
            if hh_phone and not first.phone:
                first.phone = hh_phone
        person.household_id = group.record.id
        group.persons.append(staged_person)
        if "head_id_number" in self._index:
            self._head_refs.append((src, group, text(get(values, "head_id_number"))))

        # ---- legacy work columns → one spell
        self._spell(values, src, staged_person, group)

    def _spell(self, values, src: Source, staged_person: StagedPerson, group: StagedHousehold) -> None:
        get = self._get
        w = self._written
        place_text = text(get(values, "work_place"))
        employer = text(get(values, "employer"))
        post = text(get(values, "public_post"))
        try:
            months = parse_int(get(values, "work_months"), 0, 12)
        except CellError as exc:
            src.add(None, f"务工时间（月）{exc}", column=w.get("work_months"))
            return
        try:
            abroad = bool(parse_bool(get(values, "abroad")))
        except CellError as exc:
            src.add(None, str(exc), column=w.get("abroad"))
            return
        if not (place_text or employer or post or (months or 0) > 0 or abroad):
            return
        if (months or 0) > 0 and not place_text and not post and not abroad:
            src.add(None, f"务工时间（月）为{months}，但务工所在地未填写（两项须同时填写）",
                    column=w.get("work_place") or w.get("work_months"), code="spell.place_missing")
            return
        if place_text and not months and "work_months" in self._index and not post:
            src.add(None, "已填写务工所在地，但务工时间（月）未填写或为0（两项须同时填写）",
                    column=w.get("work_months"), code="spell.months_missing")
            return
        try:
            year = parse_int(get(values, "year"), 1990, self.today.year + 1) or self.today.year
        except CellError as exc:
            src.add(None, f"年度{exc}", column=w.get("year"))
            return
        start = date(year, 1, 1)
        end = _last_day(year, months) if months else None
        channel, exact = parse_channel(get(values, "channel"))
        if not exact:
            src.add(None, f"就业渠道“{text(get(values, 'channel'))}”不在代码表中，已记为“{channel}”",
                    "warning", column=w.get("channel"))
        home = group.record.village_code
        code = None
        if abroad:
            form = EmploymentForm.MIGRANT
        else:
            place = self.places.resolve(place_text) if place_text else None
            if place is not None:
                code = place.code
                if not place.county_level:
                    shown = f"，已记为{self.regions.full_name(code)}" if code else ""
                    src.add(None, f"务工所在地“{place_text}”未能确定到县级{shown}，请在台账中补全到县",
                            "warning", column=w.get("work_place"), code="spell.place_not_county")
            if post:
                form = EmploymentForm.PUBLIC_POST
                if code is None and place_text is None:
                    code = home or None
            elif code and home and code[:6] == home[:6] and place is not None and place.county_level:
                form = EmploymentForm.LOCAL
            else:
                form = EmploymentForm.MIGRANT
        spell = EmploymentSpell(
            person_id=staged_person.record.id, form=form, start_date=start, end_date=end,
            work_county_code=code, abroad=abroad, work_place=place_text, employer=employer, channel=channel,
            note=f"公益性岗位：{post}" if post else None,
        )
        provided = frozenset({"form", "start_date", "end_date", "work_county_code", "abroad", "work_place",
                              "employer", "channel", "person_id"} | ({"note"} if post else set()))
        staged_person.spells.append(StagedSpell(spell, src, provided, columns=self._cols["spell"],
                                                lenient_place=True))


__all__ = ["NationalReader", "find_header", "map_header", "missing_required", "KIND", "HEADER_SCAN_ROWS",
           "header_score"]
