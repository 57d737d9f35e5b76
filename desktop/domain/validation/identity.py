"""Identity rules (id.*): the 证件号码 (check digit, birth date, region prefix, duplicates, province), and
the 性别 and 出生日期 it implies."""
from __future__ import annotations

from collections.abc import Callable
from datetime import date

from ..codes import IdType, Sex
from ..idnumber import IdInfo, InvalidIdNumber, normalize_id_text, parse_id_number
from ..models import Household, Person
from .issues import Issue, issue
from .region_lookup import NoRegions, RegionLookup
from .rules import E, W


def sex_of(person: Person) -> Sex | None:
    """Sex by ID number (digit 17) when readable, else the 性别 field."""
    text = normalize_id_text(person.id_number or "")
    if len(text) == 18 and text[:17].isdigit():
        return Sex.MALE if int(text[16]) % 2 else Sex.FEMALE
    if len(text) == 15 and text.isdigit():
        return Sex.MALE if int(text[14]) % 2 else Sex.FEMALE
    return person.sex


def parse_person_id(person: Person, regions: RegionLookup | None, today: date,
                    issues: list[Issue]) -> tuple[IdInfo | None, str]:
    """Parse the person's ID (居民身份证, or the ID part of a 残疾人证 number). Returns (info, key)
    where key is the normalised number used for the duplicate check."""
    text = normalize_id_text(person.id_number or "")
    if not text:
        issues.append(issue(E, Person, "id_number", "id.required", "未填写"))
        return None, ""
    if person.id_type == IdType.OTHER:
        return None, text
    body = text
    if person.id_type == IdType.DISABILITY and len(text) in (20, 22):
        body = text[:18]  # 残疾人证号 = 身份证号 + 2-digit category/grade suffix (+ 2 more)
    try:
        info = parse_id_number(body, regions if regions is not None else NoRegions(), today=today)
    except InvalidIdNumber as exc:
        issues.append(issue(E, Person, "id_number", exc.code, exc.reason))
        return None, text
    return info, info.number


def check_identity(person: Person, household: Household | None, regions: RegionLookup | None, today: date,
                   id_taken: Callable[[str, str], bool] | None, issues: list[Issue]) -> IdInfo | None:
    """The person's ID number, sex and birth date; returns what the ID number says (None if unreadable)."""
    # 证件号码 §5.1
    info, key = parse_person_id(person, regions, today, issues)
    if key and id_taken is not None and id_taken(key, person.id):
        issues.append(issue(E, Person, "id_number", "id.duplicate",
                            f"{key} 已登记在台账中的另一人名下，同一证件号码只能登记一次"))
    if info is not None and household is not None:
        home = household.village_code or ""
        if len(home) >= 2 and home[:2].isdigit() and info.province_code != home[:2]:
            issues.append(issue(W, Person, "id_number", "id.province_differs",
                                f"号码所属省份（{info.province_code}）与本户所在省份（{home[:2]}）不同，请核对"))

    # 性别 / 出生日期
    if person.sex is None:
        hint = f"（按证件号码应为{info.sex}）" if info else ""
        issues.append(issue(E, Person, "sex", "person.sex_required", f"未填写{hint}"))
    elif info is not None and person.sex != info.sex:
        parity = "奇数" if info.sex == Sex.MALE else "偶数"
        issues.append(issue(E, Person, "sex", "id.sex_mismatch",
                            f"填的是{person.sex}，证件号码第17位为{parity}，应为{info.sex}"))
    if person.birth_date is None:
        hint = f"（按证件号码应为{info.birth_date.isoformat()}）" if info else ""
        issues.append(issue(E, Person, "birth_date", "person.birth_required", f"未填写{hint}"))
    elif info is not None and person.birth_date != info.birth_date:
        issues.append(issue(E, Person, "birth_date", "id.birth_mismatch",
                            f"填的是{person.birth_date.isoformat()}，证件号码中为{info.birth_date.isoformat()}"))
    elif info is None and not (1900 <= person.birth_date.year and person.birth_date <= today):
        issues.append(issue(E, Person, "birth_date", "person.birth_range",
                            f"{person.birth_date.isoformat()} 不在1900年至今天之间"))
    return info
