"""Employment spell rules (spell.*): work place to county level, dates, monthly income, the details a
current job needs, the person's labour capacity, 外出务工 inside the home township, overlaps."""
from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal, InvalidOperation

from ..age import age_on
from ..codes import EmploymentForm, LabourSkill, PlaceBucket
from ..idnumber import birth_date_from_id
from ..models import EmploymentSpell, Household, Person
from ..places import COUNTY_LIKE_CITIES, code_depth, pad_code, place_bucket
from .issues import Issue, issue
from .region_lookup import RegionLookup
from .rules import E, W

INCOME_MIN = Decimal(100)
INCOME_LOW = Decimal(400)
INCOME_MAX = Decimal(30000)


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
            issues.append(issue(W, S, "work_place", "spell.abroad_place", "国外务工请填写国家或城市"))
    else:
        raw = (spell.work_county_code or "").strip()
        code = pad_code(raw)
        if not raw:
            issues.append(issue(E, S, "work_county_code", "spell.place_missing",
                                "未填写，务工地点须填写到县级（国外务工请勾选是否国外务工）"))
        elif code is None:
            issues.append(issue(E, S, "work_county_code", "spell.place_missing",
                                f"“{raw}”不是区划代码，应为6位县级代码或12位区划代码"))
        elif code_depth(code) in ("省", "市") and code[:6] not in COUNTY_LIKE_CITIES:
            issues.append(issue(E, S, "work_county_code", "spell.place_not_county",
                                f"务工地点未填写到县级（{raw} 只到{code_depth(code)}级）"))
        elif regions is not None:
            county6 = code[:6]
            if not regions.is_county_code(county6, include_retired=True):
                issues.append(issue(E, S, "work_county_code", "spell.place_unknown",
                                    f"{county6} 不是已知的县级区划代码"))
            elif not regions.is_county_code(county6, include_retired=False):
                issues.append(issue(W, S, "work_county_code", "spell.place_retired",
                                    f"{county6} 是已撤销的县级代码，请改为现行代码"))

    # dates
    if spell.end_date is not None and spell.end_date < spell.start_date:
        issues.append(issue(E, S, "end_date", "spell.end_before_start",
                            f"{spell.end_date.isoformat()} 早于开始日期 {spell.start_date.isoformat()}"))
    if spell.start_date > today:
        issues.append(issue(W, S, "start_date", "spell.start_future",
                            f"{spell.start_date.isoformat()} 晚于今天，请确认是已确定的上岗日期"))
    birth = None
    if person is not None:
        birth = person.birth_date
        if birth is None:
            birth = birth_date_from_id(person.id_number)
    if birth is not None:
        if spell.start_date < birth:
            issues.append(issue(E, S, "start_date", "spell.before_birth",
                                f"{spell.start_date.isoformat()} 早于出生日期 {birth.isoformat()}"))
        elif age_on(birth, spell.start_date) < 16:
            issues.append(issue(W, S, "start_date", "spell.under_16",
                                f"开始务工时未满16周岁（{age_on(birth, spell.start_date)}岁），请核对"))

    # 务工月收入 (§5.5)
    income = spell.monthly_income
    if income is not None:
        try:
            income = Decimal(str(income).strip())
        except InvalidOperation:
            income = None
            issues.append(issue(E, S, "monthly_income", "spell.income_format",
                                f"“{spell.monthly_income}”不是金额，请填写数字（元）"))
    if income is not None:
        if not income.is_finite():
            issues.append(issue(E, S, "monthly_income", "spell.income_format",
                                f"“{spell.monthly_income}”不是金额，请填写数字（元）"))
        elif income < 0:
            issues.append(issue(E, S, "monthly_income", "spell.income_negative", f"{income} 元不能为负数"))
        elif income < INCOME_MIN or income > INCOME_MAX:
            issues.append(issue(W, S, "monthly_income", "spell.income_implausible",
                                f"{income} 元不在合理范围（100-30000元），请核对"))
        elif income < INCOME_LOW:
            issues.append(issue(W, S, "monthly_income", "spell.income_low",
                                f"{income} 元低于400元，请核对"))

    # current job: required details (§2.4 R (current job), §5.5 W)
    if spell.covers(today):
        missing = [(f, v) for f, v in (
            ("employer", (spell.employer or "").strip() or None), ("industry", spell.industry),
            ("channel", spell.channel), ("point_to_point", spell.point_to_point),
            ("monthly_income", spell.monthly_income)) if v is None]
        for field, _ in missing:
            issues.append(issue(W, S, field, "spell.current_missing", "在岗务工请填写此项"))

    # person's labour capacity (§5.3 2_01_015; 弱半 on a 公益性岗位 is the intended case, §3.6)
    if person is not None:
        skill = person.labour_skill
        if skill in (LabourSkill.NONE, LabourSkill.LOST) or (
                skill == LabourSkill.WEAK and spell.form != EmploymentForm.PUBLIC_POST):
            issues.append(issue(W, S, "form", "spell.person_without_capacity",
                                f"{person.name}的劳动技能为“{skill}”，却有务工记录，请核对劳动技能或务工记录"))

    # 外出务工 inside the home township
    if (household is not None and spell.form == EmploymentForm.MIGRANT
            and place_bucket(household.village_code, spell) == PlaceBucket.TOWNSHIP):
        issues.append(issue(W, S, "form", "spell.form_place",
                            "就业形式为外出务工，但务工地点在本乡镇内，请核对"))

    # overlapping spells of the same person
    last = spell.end_date or date.max
    for other in others:
        if other.id == spell.id or other.person_id != spell.person_id:
            continue
        if other.overlaps(spell.start_date, last):
            issues.append(issue(W, S, "start_date", "spell.overlap",
                                f"与另一条务工记录（{_spell_when(other)}，{other.employer or other.form}）时间重叠，请核对"))
    return issues
