"""Person rules (person.*, labour.*): name, relation and the household structure seen from the person,
education or school, health, age against labour capacity (§5.3), jobs seen from the person, phone.
The ID number, sex and birth date are ``identity``'s."""
from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date

from ..age import age_on
from ..codes import Health, Intention, LabourSkill, Relation, SchoolStatus, Sex
from ..models import EmploymentSpell, Household, Person
from ..phones import check_phone
from .identity import check_identity
from .issues import Issue, issue, label, phone_issues
from .region_lookup import RegionLookup
from .rules import E, W

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
        issues.append(issue(E, Person, "name", "person.name_required", "未填写"))
    else:
        if _NAME_DIGITS.search(name) or _NAME_LATIN.search(name):
            issues.append(issue(W, Person, "name", "person.name_chars",
                                f"“{name}”含数字或英文字母，请核对"))
        elif len(name) == 1 or len(name) > 20:
            issues.append(issue(W, Person, "name", "person.name_length",
                                f"“{name}”共{len(name)}个字，请核对"))

    info = check_identity(person, household, regions, today, id_taken, issues)

    birth = info.birth_date if info else person.birth_date
    age = age_on(birth, today) if birth is not None else None
    student = person.school_status is not None
    live = person.status.in_ledger

    # 与户主关系 / household structure seen from this person
    others = [m for m in members if m.id != person.id and m.status.in_ledger]
    if live and person.relation == Relation.HEAD:
        heads = [m.name for m in others if m.relation == Relation.HEAD]
        if heads:
            issues.append(issue(E, Person, "relation", "household.head_count",
                                f"本户已有户主（{'、'.join(heads)}），每户只能有一名户主"))
        if age is not None and age < 16:
            issues.append(issue(W, Person, "relation", "person.head_minor",
                                f"户主未满16周岁（{age}岁），请核对"))
    if live and person.relation == Relation.SPOUSE:
        spouses = [m.name for m in others if m.relation == Relation.SPOUSE]
        if spouses:
            issues.append(issue(E, Person, "relation", "household.spouse_count",
                                f"本户已有配偶（{'、'.join(spouses)}），每户最多一名配偶"))
    sex = info.sex if info else person.sex
    if sex is not None and (
            (sex == Sex.FEMALE and person.relation in _MALE_RELATIONS)
            or (sex == Sex.MALE and person.relation in _FEMALE_RELATIONS)):
        issues.append(issue(W, Person, "relation", "person.relation_sex",
                            f"“{person.relation}”与性别“{sex}”不符，请核对"))

    # 文化程度 / 在校生状况 §5.2
    if person.education is None and person.school_status is None:
        issues.append(issue(E, Person, "education", "person.education_xor",
                            "文化程度和在校生状况须填写其中一项（在校生填在校生状况，其他人填文化程度）"))
    elif person.education is not None and person.school_status is not None:
        issues.append(issue(E, Person, "school_status", "person.education_xor",
                            "文化程度和在校生状况只能填一项：在校生只填在校生状况，非在校生只填文化程度"))

    # 健康状况
    health, unknown = parse_health(person.health)
    if unknown:
        issues.append(issue(E, Person, "health", "person.health_unknown",
                            f"“{'、'.join(unknown)}”不是有效取值（可选：健康、长期慢性病、患有大病、残疾）"))
    elif not health:
        issues.append(issue(E, Person, "health", "person.health_required", "未填写"))
    elif Health.HEALTHY in health and len(health) > 1:
        issues.append(issue(E, Person, "health", "person.health_conflict",
                            "“健康”不能与长期慢性病、患有大病、残疾同时填写"))
    if Health.DISABLED in health and not (person.disability_category or "").strip():
        issues.append(issue(W, Person, "disability_category", "person.disability_category",
                            "健康状况含残疾，请填写残疾类别"))
    healthy = health == [Health.HEALTHY]

    if (age is not None and age >= 7 and healthy
            and person.school_status in (SchoolStatus.PRESCHOOL_CHILD, SchoolStatus.PRESCHOOL_EDU)):
        issues.append(issue(W, Person, "school_status", "person.preschool_age",
                            f"已满{age}周岁，在校生状况仍为“{person.school_status}”，请核对"))

    # 年龄与劳动技能 §5.3 (people in the ledger only)
    skill = person.labour_skill
    if live and age is not None:
        if age < 16 and skill != LabourSkill.NONE:
            issues.append(issue(E, Person, "labour_skill", "labour.under_16",
                                f"未满16周岁（{age}岁）应为“无劳动力”，不能是“{skill}”"))
        elif age >= 60 and skill in (LabourSkill.ORDINARY, LabourSkill.SKILLED, LabourSkill.LOST):
            issues.append(issue(W, Person, "labour_skill", "labour.over_60",
                                f"已满60周岁（{age}岁），一般应为“无劳动力”或“弱劳动力或半劳动力”，现为“{skill}”"))
        elif (16 <= age < 60 and healthy and not student
              and skill in (LabourSkill.NONE, LabourSkill.WEAK)):
            issues.append(issue(W, Person, "labour_skill", "labour.healthy_without_capacity",
                                f"{age}周岁、身体健康、非在校生，劳动技能却为“{skill}”，请核对"))
        if student and age >= 16 and skill != LabourSkill.NONE:
            issues.append(issue(W, Person, "labour_skill", "labour.student",
                                f"在校生（{person.school_status}）一般为“无劳动力”，现为“{skill}”"))
    if (live and person.work_intention == Intention.YES
            and skill in (LabourSkill.NONE, LabourSkill.LOST)):
        issues.append(issue(W, Person, "work_intention", "labour.intention_without_capacity",
                            f"劳动技能为“{skill}”，却登记有就业意愿，请核对"))

    # 务工记录 seen from the person
    current = [s for s in spells if s.covers(today)]
    if current and not live:
        issues.append(issue(W, Person, "status", "person.inactive_working",
                            f"人员状态为“{person.status}”，仍有在岗务工记录，请结束该记录"))
    elif current and student:
        issues.append(issue(W, Person, "school_status", "person.student_working",
                            f"在校生（{person.school_status}）有在岗务工记录，请核对"))

    # 成员联系电话 §5.4
    phone = check_phone(person.phone, label(Person, "phone"))
    issues.extend(phone_issues(phone.problems, "phone"))
    return issues
