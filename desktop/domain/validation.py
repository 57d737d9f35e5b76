"""Validation rules of the ledger (domain.md §5, §3.1-3.3). Pure functions, no Qt, no database.

Each rule yields ``Issue``s with a stable ``code`` (listed in ``RULES``), a severity (ERROR blocks
saving/importing, WARNING asks for confirmation), the model field it concerns, and a Chinese
message that starts with the field's Chinese label (``models.FIELD_LABELS``), e.g.
``证件号码：校验位错误（应为X，实为5），请核对号码``.

The region table is used through ``RegionLookup`` (implemented by
``desktop.domain.regions.RegionTable``); pass ``None`` to skip the table lookups.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Protocol

from .age import age_on
from .codes import (
    EmploymentForm, Health, HouseholdType, IdType, Intention, LabourSkill, MonitorCategory,
    PlaceBucket, Relation, SchoolStatus, Severity, Sex,
)
from .idnumber import (
    PROVINCE_PREFIXES, IdInfo, InvalidIdNumber, birth_date_from_id, normalize_id_text,
    parse_id_number,
)
from .models import FIELD_LABELS, EmploymentSpell, Household, Person
from .phones import PhoneKind, PhoneProblem, check_phone
from .places import COUNTY_LIKE_CITIES, code_depth, pad_code, place_bucket

E = Severity.ERROR
W = Severity.WARNING

INCOME_MIN = Decimal(100)
INCOME_LOW = Decimal(400)
INCOME_MAX = Decimal(30000)


class RegionLike(Protocol):
    code: str
    name: str
    level: str          # RegionLevel (StrEnum): "省" / "市" / "县" / "乡" / "村"
    parent_code: str | None
    retired: bool


class RegionLookup(Protocol):
    def get(self, code: str) -> RegionLike | None: ...

    def is_county_code(self, code6: str, include_retired: bool = True) -> bool: ...


@dataclass(frozen=True)
class Issue:
    severity: Severity
    field: str       # model field name (``Person.sex`` -> "sex"); "" for the record as a whole
    code: str        # stable rule id, a key of RULES
    message: str     # Chinese, starts with the field's Chinese label

    @property
    def is_error(self) -> bool:
        return self.severity == Severity.ERROR


def has_errors(issues: Iterable[Issue]) -> bool:
    return any(i.severity == Severity.ERROR for i in issues)


def errors(issues: Iterable[Issue]) -> list[Issue]:
    return [i for i in issues if i.severity == Severity.ERROR]


def warnings(issues: Iterable[Issue]) -> list[Issue]:
    return [i for i in issues if i.severity == Severity.WARNING]


def by_field(issues: Iterable[Issue]) -> dict[str, list[Issue]]:
    """Issues grouped by field, errors first within a field (for showing next to form fields)."""
    grouped: dict[str, list[Issue]] = {}
    for issue in issues:
        grouped.setdefault(issue.field, []).append(issue)
    for items in grouped.values():
        items.sort(key=lambda i: not i.is_error)
    return grouped


# code -> (severity, what the rule checks). Severity is the rule's usual one.
RULES: dict[str, tuple[Severity, str]] = {
    # 证件号码 §5.1
    "id.required": (E, "证件号码必填"),
    "id.length": (E, "证件号码应为18位（旧号码15位）"),
    "id.chars": (E, "证件号码前17位应为数字，最后一位为数字或X"),
    "id.checksum": (E, "证件号码校验位（GB 11643 MOD 11-2）"),
    "id.birth_date": (E, "证件号码中的出生日期是真实日期，不早于1900年、不晚于今天"),
    "id.region": (E, "证件号码前6位是已知县级区划代码（含已撤销代码）"),
    "id.duplicate": (E, "证件号码在台账中唯一"),
    "id.sex_mismatch": (E, "性别与证件号码第17位一致"),
    "id.birth_mismatch": (E, "出生日期与证件号码一致"),
    "id.province_differs": (W, "证件号码所属省份与户所在省份不同"),
    # 人员基本项
    "person.name_required": (E, "姓名必填"),
    "person.name_chars": (W, "姓名含数字或字母"),
    "person.name_length": (W, "姓名只有一个字或过长"),
    "person.sex_required": (E, "性别必填"),
    "person.birth_required": (E, "出生日期必填"),
    "person.birth_range": (E, "出生日期不早于1900年、不晚于今天"),
    "person.education_xor": (E, "文化程度与在校生状况必须且只能填一项"),
    "person.preschool_age": (W, "7岁及以上健康人员在校生状况为学龄前儿童/学前教育"),
    "person.health_required": (E, "健康状况必填"),
    "person.health_unknown": (E, "健康状况取值不在代码表中"),
    "person.health_conflict": (E, "“健康”不能与疾病、残疾同时填写"),
    "person.disability_category": (W, "残疾人员应填写残疾类别"),
    "person.relation_sex": (W, "与户主关系与性别不符（如之子为女）"),
    "person.head_minor": (W, "户主未满16周岁"),
    "person.inactive_working": (W, "已自然减少的人员仍有在岗务工记录"),
    "person.student_working": (W, "在校生有在岗务工记录"),
    # 年龄与劳动技能 §5.3
    "labour.under_16": (E, "未满16周岁的劳动技能应为无劳动力"),
    "labour.over_60": (W, "60周岁及以上一般为无劳动力或弱劳动力或半劳动力"),
    "labour.healthy_without_capacity": (W, "16至59周岁健康非在校生为无劳动力或弱半劳动力"),
    "labour.student": (W, "在校生的劳动技能一般为无劳动力"),
    "labour.intention_without_capacity": (W, "有就业意愿但劳动技能为无劳动力/丧失劳动力"),
    # 户 §5.2, §5.4, §5.5
    "household.head_count": (E, "每户有且只有一名户主"),
    "household.spouse_count": (E, "每户最多一名配偶"),
    "household.no_members": (W, "户内没有在册成员"),
    "household.couple_same_sex": (W, "户主与配偶性别相同"),
    "household.village_format": (E, "村代码为12位数字，乡级段001-599，村级段不为000"),
    "household.village_unknown": (E, "村代码在区划表中存在"),
    "household.village_not_in_table": (W, "区划表未收录该县的乡村代码，无法核对"),
    "household.village_level": (E, "村代码是村级代码"),
    "household.village_nesting": (E, "村代码的乡、县前缀与上级区划一致"),
    "household.village_retired": (W, "村代码已撤销"),
    "household.monitor_type": (E, "监测对象类别与户类型一致"),
    "household.monitor_type_unusual": (W, "脱贫户被标为突发严重困难户"),
    "household.not_target": (W, "一般农户未填写监测对象类别（不是帮扶对象）"),
    "household.poverty_attr": (W, "脱贫属性只用于脱贫户，且脱贫户应填写"),
    "household.risk_without_category": (W, "风险是否已消除只用于监测户"),
    "household.phone_length": (W, "户联系电话按系统要求为11位"),
    "household.phone_shared": (W, "同一手机号被无关的户使用"),
    # 电话 §5.4
    "phone.missing": (W, "户联系电话未填写"),
    "phone.format": (E, "电话为11位手机号或带区号的固定电话"),
    # 务工记录 §2.4, §5.5
    "spell.place_missing": (E, "务工地点必须填写到县级（国外务工除外）"),
    "spell.place_not_county": (E, "务工地点必须填写到县级"),
    "spell.place_unknown": (E, "务工所在县代码在区划表中存在"),
    "spell.place_retired": (W, "务工所在县代码已撤销"),
    "spell.abroad_place": (W, "国外务工应填写务工地点（国家/城市）"),
    "spell.end_before_start": (E, "结束日期不早于开始日期"),
    "spell.start_future": (W, "开始日期晚于今天"),
    "spell.before_birth": (E, "开始日期早于出生日期"),
    "spell.under_16": (W, "务工开始时未满16周岁"),
    "spell.income_format": (E, "务工月收入是数字（元）"),
    "spell.income_negative": (E, "务工月收入不能为负数"),
    "spell.income_implausible": (W, "务工月收入低于100元或高于30000元"),
    "spell.income_low": (W, "务工月收入低于400元"),
    "spell.current_missing": (W, "在岗务工应填写务工企业名称、所属行业、就业渠道、是否点对点输送、务工月收入"),
    "spell.person_without_capacity": (W, "无劳动力/丧失劳动力/弱半劳动力人员有务工记录"),
    "spell.overlap": (W, "同一人的务工记录时间重叠"),
    "spell.form_place": (W, "就业形式为外出务工，但务工地点在本乡镇内"),
}

_NAME_DIGITS = re.compile(r"[0-9０-９]")
_NAME_LATIN = re.compile(r"[A-Za-zＡ-Ｚａ-ｚ]")

_MALE_RELATIONS = frozenset({
    Relation.SON, Relation.SON_IN_LAW, Relation.GRANDSON, Relation.DAUGHTERS_SON, Relation.FATHER,
    Relation.WIFES_FATHER, Relation.HUSBANDS_FATHER, Relation.GRANDFATHER,
    Relation.MATERNAL_GRANDFATHER, Relation.GREAT_GRANDSON, Relation.NEPHEW, Relation.UNCLE,
})
_FEMALE_RELATIONS = frozenset({
    Relation.DAUGHTER, Relation.DAUGHTER_IN_LAW, Relation.GRANDDAUGHTER, Relation.DAUGHTERS_DAUGHTER,
    Relation.MOTHER, Relation.WIFES_MOTHER, Relation.HUSBANDS_MOTHER, Relation.GRANDMOTHER,
    Relation.MATERNAL_GRANDMOTHER, Relation.GREAT_GRANDDAUGHTER, Relation.NIECE,
    Relation.SIBLING_IN_LAW,
})
_HEALTH_SPLIT = re.compile(r"[,，、;；/\s]+")


def _label(record_type: type, field: str) -> str:
    return FIELD_LABELS[record_type].get(field, field)


def _issue(severity: Severity, record_type: type, field: str, code: str, text: str) -> Issue:
    assert code in RULES, code
    return Issue(severity, field, code, f"{_label(record_type, field)}：{text}")


def _phone_issues(problems: list[PhoneProblem], field: str) -> list[Issue]:
    return [Issue(p.severity, field, p.code, p.message) for p in problems]


def _sex_of(person: Person) -> Sex | None:
    """Sex by ID number (digit 17) when readable, else the 性别 field."""
    text = normalize_id_text(person.id_number or "")
    if len(text) == 18 and text[:17].isdigit():
        return Sex.MALE if int(text[16]) % 2 else Sex.FEMALE
    if len(text) == 15 and text.isdigit():
        return Sex.MALE if int(text[14]) % 2 else Sex.FEMALE
    return person.sex


def parse_health(text: str | None) -> tuple[list[Health], list[str]]:
    """健康状况 text -> (known labels, unknown parts). Separators: , ， 、 ; / space."""
    known: list[Health] = []
    unknown: list[str] = []
    for part in _HEALTH_SPLIT.split(text or ""):
        if not part:
            continue
        try:
            label = Health(part)
        except ValueError:
            unknown.append(part)
            continue
        if label not in known:
            known.append(label)
    return known, unknown


# --------------------------------------------------------------------------------------- person

def _parse_person_id(person: Person, regions: RegionLookup | None, today: date,
                     issues: list[Issue]) -> tuple[IdInfo | None, str]:
    """Parse the person's ID (居民身份证, or the ID part of a 残疾人证 number). Returns (info, key)
    where key is the normalised number used for the duplicate check."""
    text = normalize_id_text(person.id_number or "")
    if not text:
        issues.append(_issue(E, Person, "id_number", "id.required", "未填写"))
        return None, ""
    if person.id_type == IdType.OTHER:
        return None, text
    body = text
    if person.id_type == IdType.DISABILITY and len(text) in (20, 22):
        body = text[:18]  # 残疾人证号 = 身份证号 + 2-digit category/grade suffix (+ 2 more)
    try:
        info = parse_id_number(body, regions if regions is not None else _NoRegions(), today=today)
    except InvalidIdNumber as exc:
        issues.append(_issue(E, Person, "id_number", exc.code, exc.reason))
        return None, text
    return info, info.number


class _NoRegions:
    """Stand-in when the caller has no region table: only the province prefix is checked."""

    def is_county_code(self, code6: str, include_retired: bool = True) -> bool:
        return code6[:2] in PROVINCE_PREFIXES and code6[2:] != "0000"


def validate_person(person: Person, household: Household | None, members: Sequence[Person],
                    spells: Sequence[EmploymentSpell], regions: RegionLookup | None, today: date,
                    id_taken: Callable[[str, str], bool] | None = None) -> list[Issue]:
    """All person-level rules. ``members`` are the household's members (the person may be among
    them; others with the same id are ignored), ``spells`` the person's employment spells,
    ``today`` the reference date for ages. ``id_taken(id_number, person_id)`` says whether another
    live person already holds the (normalised, 18-character) number."""
    issues: list[Issue] = []

    # 姓名
    name = (person.name or "").strip()
    if not name:
        issues.append(_issue(E, Person, "name", "person.name_required", "未填写"))
    else:
        if _NAME_DIGITS.search(name) or _NAME_LATIN.search(name):
            issues.append(_issue(W, Person, "name", "person.name_chars",
                                 f"“{name}”含数字或英文字母，请核对"))
        elif len(name) == 1 or len(name) > 20:
            issues.append(_issue(W, Person, "name", "person.name_length",
                                 f"“{name}”共{len(name)}个字，请核对"))

    # 证件号码 §5.1
    info, key = _parse_person_id(person, regions, today, issues)
    if key and id_taken is not None and id_taken(key, person.id):
        issues.append(_issue(E, Person, "id_number", "id.duplicate",
                             f"{key} 已登记在台账中的另一人名下，同一证件号码只能登记一次"))
    if info is not None and household is not None:
        home = household.village_code or ""
        if len(home) >= 2 and home[:2].isdigit() and info.province_code != home[:2]:
            issues.append(_issue(W, Person, "id_number", "id.province_differs",
                                 f"号码所属省份（{info.province_code}）与本户所在省份（{home[:2]}）不同，请核对"))

    # 性别 / 出生日期
    if person.sex is None:
        hint = f"（按证件号码应为{info.sex}）" if info else ""
        issues.append(_issue(E, Person, "sex", "person.sex_required", f"未填写{hint}"))
    elif info is not None and person.sex != info.sex:
        parity = "奇数" if info.sex == Sex.MALE else "偶数"
        issues.append(_issue(E, Person, "sex", "id.sex_mismatch",
                             f"填的是{person.sex}，证件号码第17位为{parity}，应为{info.sex}"))
    if person.birth_date is None:
        hint = f"（按证件号码应为{info.birth_date.isoformat()}）" if info else ""
        issues.append(_issue(E, Person, "birth_date", "person.birth_required", f"未填写{hint}"))
    elif info is not None and person.birth_date != info.birth_date:
        issues.append(_issue(E, Person, "birth_date", "id.birth_mismatch",
                             f"填的是{person.birth_date.isoformat()}，证件号码中为{info.birth_date.isoformat()}"))
    elif info is None and not (1900 <= person.birth_date.year and person.birth_date <= today):
        issues.append(_issue(E, Person, "birth_date", "person.birth_range",
                             f"{person.birth_date.isoformat()} 不在1900年至今天之间"))

    birth = info.birth_date if info else person.birth_date
    age = age_on(birth, today) if birth is not None else None
    student = person.school_status is not None
    live = person.status.in_ledger

    # 与户主关系 / household structure seen from this person
    others = [m for m in members if m.id != person.id and m.status.in_ledger]
    if live and person.relation == Relation.HEAD:
        heads = [m.name for m in others if m.relation == Relation.HEAD]
        if heads:
            issues.append(_issue(E, Person, "relation", "household.head_count",
                                 f"本户已有户主（{'、'.join(heads)}），每户只能有一名户主"))
        if age is not None and age < 16:
            issues.append(_issue(W, Person, "relation", "person.head_minor",
                                 f"户主未满16周岁（{age}岁），请核对"))
    if live and person.relation == Relation.SPOUSE:
        spouses = [m.name for m in others if m.relation == Relation.SPOUSE]
        if spouses:
            issues.append(_issue(E, Person, "relation", "household.spouse_count",
                                 f"本户已有配偶（{'、'.join(spouses)}），每户最多一名配偶"))
    sex = info.sex if info else person.sex
    if sex is not None and (
            (sex == Sex.FEMALE and person.relation in _MALE_RELATIONS)
            or (sex == Sex.MALE and person.relation in _FEMALE_RELATIONS)):
        issues.append(_issue(W, Person, "relation", "person.relation_sex",
                             f"“{person.relation}”与性别“{sex}”不符，请核对"))

    # 文化程度 / 在校生状况 §5.2
    if person.education is None and person.school_status is None:
        issues.append(_issue(E, Person, "education", "person.education_xor",
                             "文化程度和在校生状况须填写其中一项（在校生填在校生状况，其他人填文化程度）"))
    elif person.education is not None and person.school_status is not None:
        issues.append(_issue(E, Person, "school_status", "person.education_xor",
                             "文化程度和在校生状况只能填一项：在校生只填在校生状况，非在校生只填文化程度"))

    # 健康状况
    health, unknown = parse_health(person.health)
    if unknown:
        issues.append(_issue(E, Person, "health", "person.health_unknown",
                             f"“{'、'.join(unknown)}”不是有效取值（可选：健康、长期慢性病、患有大病、残疾）"))
    elif not health:
        issues.append(_issue(E, Person, "health", "person.health_required", "未填写"))
    elif Health.HEALTHY in health and len(health) > 1:
        issues.append(_issue(E, Person, "health", "person.health_conflict",
                             "“健康”不能与长期慢性病、患有大病、残疾同时填写"))
    if Health.DISABLED in health and not (person.disability_category or "").strip():
        issues.append(_issue(W, Person, "disability_category", "person.disability_category",
                             "健康状况含残疾，请填写残疾类别"))
    healthy = health == [Health.HEALTHY]

    if (age is not None and age >= 7 and healthy
            and person.school_status in (SchoolStatus.PRESCHOOL_CHILD, SchoolStatus.PRESCHOOL_EDU)):
        issues.append(_issue(W, Person, "school_status", "person.preschool_age",
                             f"已满{age}周岁，在校生状况仍为“{person.school_status}”，请核对"))

    # 年龄与劳动技能 §5.3 (people in the ledger only)
    skill = person.labour_skill
    if live and age is not None:
        if age < 16 and skill != LabourSkill.NONE:
            issues.append(_issue(E, Person, "labour_skill", "labour.under_16",
                                 f"未满16周岁（{age}岁）应为“无劳动力”，不能是“{skill}”"))
        elif age >= 60 and skill in (LabourSkill.ORDINARY, LabourSkill.SKILLED, LabourSkill.LOST):
            issues.append(_issue(W, Person, "labour_skill", "labour.over_60",
                                 f"已满60周岁（{age}岁），一般应为“无劳动力”或“弱劳动力或半劳动力”，现为“{skill}”"))
        elif (16 <= age < 60 and healthy and not student
              and skill in (LabourSkill.NONE, LabourSkill.WEAK)):
            issues.append(_issue(W, Person, "labour_skill", "labour.healthy_without_capacity",
                                 f"{age}周岁、身体健康、非在校生，劳动技能却为“{skill}”，请核对"))
        if student and age >= 16 and skill != LabourSkill.NONE:
            issues.append(_issue(W, Person, "labour_skill", "labour.student",
                                 f"在校生（{person.school_status}）一般为“无劳动力”，现为“{skill}”"))
    if (live and person.work_intention == Intention.YES
            and skill in (LabourSkill.NONE, LabourSkill.LOST)):
        issues.append(_issue(W, Person, "work_intention", "labour.intention_without_capacity",
                             f"劳动技能为“{skill}”，却登记有就业意愿，请核对"))

    # 务工记录 seen from the person
    current = [s for s in spells if s.covers(today)]
    if current and not live:
        issues.append(_issue(W, Person, "status", "person.inactive_working",
                             f"人员状态为“{person.status}”，仍有在岗务工记录，请结束该记录"))
    elif current and student:
        issues.append(_issue(W, Person, "school_status", "person.student_working",
                             f"在校生（{person.school_status}）有在岗务工记录，请核对"))

    # 成员联系电话 §5.4
    phone = check_phone(person.phone, _label(Person, "phone"))
    issues.extend(_phone_issues(phone.problems, "phone"))
    return issues


# ------------------------------------------------------------------------------------ household

def _check_village(household: Household, regions: RegionLookup | None, issues: list[Issue]) -> None:
    code = (household.village_code or "").strip()
    if not (len(code) == 12 and code.isdigit() and code.isascii()):
        shown = code or "空"
        issues.append(_issue(E, Household, "village_code", "household.village_format",
                             f"应为12位数字的村级区划代码，实际为“{shown}”"))
        return
    township_seg, village_seg = code[6:9], code[9:12]
    if not ("001" <= township_seg <= "599"):
        issues.append(_issue(E, Household, "village_code", "household.village_format",
                             f"{code} 的乡级段（第7-9位）“{township_seg}”应在001-599之间"))
        return
    if village_seg == "000":
        issues.append(_issue(E, Household, "village_code", "household.village_level",
                             f"{code} 是乡镇代码，不是村级代码（第10-12位不能为000）"))
        return
    if regions is None:
        return
    township_code = code[:9] + "000"
    county_code = code[:6] + "000000"
    region = regions.get(code)
    if region is None:
        if regions.get(township_code) is None and regions.get(county_code) is not None:
            issues.append(_issue(W, Household, "village_code", "household.village_not_in_table",
                                 f"区划表未收录 {code} 所在乡镇的村级代码，无法核对"))
        else:
            issues.append(_issue(E, Household, "village_code", "household.village_unknown",
                                 f"区划表中没有代码 {code}"))
        return
    if str(region.level) != "村":
        issues.append(_issue(E, Household, "village_code", "household.village_level",
                             f"{code}（{region.name}）是{region.level}级代码，应为村级代码"))
        return
    township = regions.get(township_code)
    if (region.parent_code != township_code or township is None or str(township.level) != "乡"
            or township.parent_code != county_code
            or not regions.is_county_code(code[:6], include_retired=True)):
        issues.append(_issue(E, Household, "village_code", "household.village_nesting",
                             f"{code}（{region.name}）的上级区划与代码前缀不一致"
                             f"（应属乡镇 {township_code}、县 {code[:6]}）"))
        return
    if region.retired:
        issues.append(_issue(W, Household, "village_code", "household.village_retired",
                             f"{code}（{region.name}）已撤销，请改为现行村代码"))


def validate_household(household: Household, members: Sequence[Person],
                       regions: RegionLookup | None, today: date,
                       phone_shared: Callable[[str, str], bool] | None = None) -> list[Issue]:
    """Household rules: village code, structure (户主/配偶), type vs monitoring category, phones.
    ``members`` are all its persons (those not in the ledger, e.g. 自然减少, are ignored for the
    structure rules). ``phone_shared(mobile, household_id)`` says whether an unrelated household
    uses the same mobile number (optional)."""
    issues: list[Issue] = []
    _check_village(household, regions, issues)

    live = [m for m in members if m.status.in_ledger]
    if not live:
        issues.append(_issue(W, Household, "", "household.no_members", "户内没有在册成员，请添加户主"))
    else:
        heads = [m for m in live if m.relation == Relation.HEAD]
        if not heads:
            issues.append(_issue(E, Household, "", "household.head_count",
                                 "没有户主：请把一名成员的与户主关系设为“户主”"))
        elif len(heads) > 1:
            names = "、".join(m.name for m in heads)
            issues.append(_issue(E, Household, "", "household.head_count",
                                 f"有{len(heads)}名户主（{names}），每户只能有一名户主"))
        spouses = [m for m in live if m.relation == Relation.SPOUSE]
        if len(spouses) > 1:
            names = "、".join(m.name for m in spouses)
            issues.append(_issue(E, Household, "", "household.spouse_count",
                                 f"有{len(spouses)}名配偶（{names}），每户最多一名配偶"))
        if len(heads) == 1 and len(spouses) == 1:
            head_sex, spouse_sex = _sex_of(heads[0]), _sex_of(spouses[0])
            if head_sex is not None and head_sex == spouse_sex:
                issues.append(_issue(W, Household, "", "household.couple_same_sex",
                                     f"户主{heads[0].name}与配偶{spouses[0].name}性别相同（均为{head_sex}），请核对"))

    # 户类型 / 监测对象类别 / 脱贫属性
    category = household.monitor_category
    lifted = household.hh_type == HouseholdType.LIFTED
    if category == MonitorCategory.UNSTABLE and not lifted:
        issues.append(_issue(E, Household, "monitor_category", "household.monitor_type",
                             f"“脱贫不稳定户”只能是脱贫户，本户户类型为“{household.hh_type}”"))
    elif category == MonitorCategory.EDGE and lifted:
        issues.append(_issue(E, Household, "monitor_category", "household.monitor_type",
                             "“边缘易致贫户”是未脱贫的一般农户，本户户类型为“脱贫户”；脱贫户请选“脱贫不稳定户”"))
    elif category == MonitorCategory.SUDDEN and lifted:
        issues.append(_issue(W, Household, "monitor_category", "household.monitor_type_unusual",
                             "脱贫户一般标为“脱贫不稳定户”而不是“突发严重困难户”，请核对"))
    if not lifted and category is None:
        issues.append(_issue(W, Household, "monitor_category", "household.not_target",
                             "一般农户未填写监测对象类别，不属于帮扶对象，请核对户类型"))
    if household.poverty_attr is not None and not lifted:
        issues.append(_issue(W, Household, "poverty_attr", "household.poverty_attr",
                             f"脱贫属性只用于脱贫户，本户为“{household.hh_type}”"))
    elif household.poverty_attr is None and lifted:
        issues.append(_issue(W, Household, "poverty_attr", "household.poverty_attr",
                             "脱贫户请填写脱贫属性（一般脱贫户/低保脱贫户/特困供养脱贫户）"))
    if household.risk_eliminated is not None and category is None:
        issues.append(_issue(W, Household, "risk_eliminated", "household.risk_without_category",
                             "未填写监测对象类别，风险是否已消除不适用"))

    # 户联系电话 §5.4 (the national system wants 11 digits)
    phone = check_phone(household.phone, _label(Household, "phone"), required=True)
    issues.extend(_phone_issues(phone.problems, "phone"))
    if phone.kind == PhoneKind.LANDLINE and len(phone.normalized.replace("-", "")) != 11:
        issues.append(_issue(W, Household, "phone", "household.phone_length",
                             f"{phone.normalized} 共{len(phone.normalized.replace('-', ''))}位，系统要求户联系电话为11位"))
    if (phone.kind == PhoneKind.MOBILE and phone_shared is not None
            and phone_shared(phone.normalized, household.id)):
        issues.append(_issue(W, Household, "phone", "household.phone_shared",
                             f"{phone.normalized} 已被其他户登记，请核对"))
    support = check_phone(household.support_phone, _label(Household, "support_phone"),
                          bad_severity=W)
    issues.extend(_phone_issues(support.problems, "support_phone"))
    return issues


# ---------------------------------------------------------------------------------------- spell

def _spell_when(spell: EmploymentSpell) -> str:
    end = spell.end_date.isoformat() if spell.end_date else "至今"
    return f"{spell.start_date.isoformat()}—{end}"


def validate_spell(spell: EmploymentSpell, person: Person | None, household: Household | None,
                   regions: RegionLookup | None, today: date,
                   others: Sequence[EmploymentSpell] = ()) -> list[Issue]:
    """Rules of one 务工就业 spell. ``others`` are the person's other spells (for the overlap
    warning; the spell itself may be included). ``today`` decides which job is current."""
    issues: list[Issue] = []
    S = EmploymentSpell

    # 务工地点 to county level (§3.3, §5.5)
    if spell.abroad:
        if not (spell.work_place or "").strip():
            issues.append(_issue(W, S, "work_place", "spell.abroad_place", "国外务工请填写国家或城市"))
    else:
        raw = (spell.work_county_code or "").strip()
        code = pad_code(raw)
        if not raw:
            issues.append(_issue(E, S, "work_county_code", "spell.place_missing",
                                 "未填写，务工地点须填写到县级（国外务工请勾选是否国外务工）"))
        elif code is None:
            issues.append(_issue(E, S, "work_county_code", "spell.place_missing",
                                 f"“{raw}”不是区划代码，应为6位县级代码或12位区划代码"))
        elif code_depth(code) in ("省", "市") and code[:6] not in COUNTY_LIKE_CITIES:
            issues.append(_issue(E, S, "work_county_code", "spell.place_not_county",
                                 f"务工地点未填写到县级（{raw} 只到{code_depth(code)}级）"))
        elif regions is not None:
            county6 = code[:6]
            if not regions.is_county_code(county6, include_retired=True):
                issues.append(_issue(E, S, "work_county_code", "spell.place_unknown",
                                     f"{county6} 不是已知的县级区划代码"))
            elif not regions.is_county_code(county6, include_retired=False):
                issues.append(_issue(W, S, "work_county_code", "spell.place_retired",
                                     f"{county6} 是已撤销的县级代码，请改为现行代码"))

    # dates
    if spell.end_date is not None and spell.end_date < spell.start_date:
        issues.append(_issue(E, S, "end_date", "spell.end_before_start",
                             f"{spell.end_date.isoformat()} 早于开始日期 {spell.start_date.isoformat()}"))
    if spell.start_date > today:
        issues.append(_issue(W, S, "start_date", "spell.start_future",
                             f"{spell.start_date.isoformat()} 晚于今天，请确认是已确定的上岗日期"))
    birth = None
    if person is not None:
        birth = person.birth_date
        if birth is None:
            birth = birth_date_from_id(person.id_number)
    if birth is not None:
        if spell.start_date < birth:
            issues.append(_issue(E, S, "start_date", "spell.before_birth",
                                 f"{spell.start_date.isoformat()} 早于出生日期 {birth.isoformat()}"))
        elif age_on(birth, spell.start_date) < 16:
            issues.append(_issue(W, S, "start_date", "spell.under_16",
                                 f"开始务工时未满16周岁（{age_on(birth, spell.start_date)}岁），请核对"))

    # 务工月收入 (§5.5)
    income = spell.monthly_income
    if income is not None:
        try:
            income = Decimal(str(income).strip())
        except InvalidOperation:
            income = None
            issues.append(_issue(E, S, "monthly_income", "spell.income_format",
                                 f"“{spell.monthly_income}”不是金额，请填写数字（元）"))
    if income is not None:
        if not income.is_finite():
            issues.append(_issue(E, S, "monthly_income", "spell.income_format",
                                 f"“{spell.monthly_income}”不是金额，请填写数字（元）"))
        elif income < 0:
            issues.append(_issue(E, S, "monthly_income", "spell.income_negative", f"{income} 元不能为负数"))
        elif income < INCOME_MIN or income > INCOME_MAX:
            issues.append(_issue(W, S, "monthly_income", "spell.income_implausible",
                                 f"{income} 元不在合理范围（100-30000元），请核对"))
        elif income < INCOME_LOW:
            issues.append(_issue(W, S, "monthly_income", "spell.income_low",
                                 f"{income} 元低于400元，请核对"))

    # current job: required details (§2.4 R (current job), §5.5 W)
    if spell.covers(today):
        missing = [(f, v) for f, v in (
            ("employer", (spell.employer or "").strip() or None), ("industry", spell.industry),
            ("channel", spell.channel), ("point_to_point", spell.point_to_point),
            ("monthly_income", spell.monthly_income)) if v is None]
        for field, _ in missing:
            issues.append(_issue(W, S, field, "spell.current_missing", "在岗务工请填写此项"))

    # person's labour capacity (§5.3 2_01_015; 弱半 on a 公益性岗位 is the intended case, §3.6)
    if person is not None:
        skill = person.labour_skill
        if skill in (LabourSkill.NONE, LabourSkill.LOST) or (
                skill == LabourSkill.WEAK and spell.form != EmploymentForm.PUBLIC_POST):
            issues.append(_issue(W, S, "form", "spell.person_without_capacity",
                                 f"{person.name}的劳动技能为“{skill}”，却有务工记录，请核对劳动技能或务工记录"))

    # 外出务工 inside the home township
    if (household is not None and spell.form == EmploymentForm.MIGRANT
            and place_bucket(household.village_code, spell) == PlaceBucket.TOWNSHIP):
        issues.append(_issue(W, S, "form", "spell.form_place",
                             "就业形式为外出务工，但务工地点在本乡镇内，请核对"))

    # overlapping spells of the same person
    last = spell.end_date or date.max
    for other in others:
        if other.id == spell.id or other.person_id != spell.person_id:
            continue
        if other.overlaps(spell.start_date, last):
            issues.append(_issue(W, S, "start_date", "spell.overlap",
                                 f"与另一条务工记录（{_spell_when(other)}，{other.employer or other.form}）时间重叠，请核对"))
    return issues
