"""Household rules (household.*): village code (``village``), structure (户主/配偶), household type
against monitoring category and 脱贫属性, phones."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from ..codes import HouseholdType, MonitorCategory, Relation
from ..models import Household, Person
from ..phones import PhoneKind, check_phone
from .identity import sex_of
from .issues import Issue, issue, label, phone_issues
from .region_lookup import RegionLookup
from .rules import E, W
from .village import check_village


def validate_household(household: Household, members: Sequence[Person],
                       regions: RegionLookup | None, today: date,
                       phone_shared: Callable[[str, str], bool] | None = None) -> list[Issue]:
    """Household rules: village code, structure (户主/配偶), type vs monitoring category, phones.
    ``members`` are all its persons (those not in the ledger, e.g. 自然减少, are ignored for the
    structure rules). ``phone_shared(mobile, household_id)`` says whether an unrelated household
    uses the same mobile number (optional)."""
    issues: list[Issue] = []
    check_village(household, regions, issues)

    live = [m for m in members if m.status.in_ledger]
    if not live:
        issues.append(issue(W, Household, "", "household.no_members", "户内没有在册成员，请添加户主"))
    else:
        heads = [m for m in live if m.relation == Relation.HEAD]
        if not heads:
            issues.append(issue(E, Household, "", "household.head_count",
                                "没有户主：请把一名成员的与户主关系设为“户主”"))
        elif len(heads) > 1:
            names = "、".join(m.name for m in heads)
            issues.append(issue(E, Household, "", "household.head_count",
                                f"有{len(heads)}名户主（{names}），每户只能有一名户主"))
        spouses = [m for m in live if m.relation == Relation.SPOUSE]
        if len(spouses) > 1:
            names = "、".join(m.name for m in spouses)
            issues.append(issue(E, Household, "", "household.spouse_count",
                                f"有{len(spouses)}名配偶（{names}），每户最多一名配偶"))
        if len(heads) == 1 and len(spouses) == 1:
            head_sex, spouse_sex = sex_of(heads[0]), sex_of(spouses[0])
            if head_sex is not None and head_sex == spouse_sex:
                issues.append(issue(W, Household, "", "household.couple_same_sex",
                                    f"户主{heads[0].name}与配偶{spouses[0].name}性别相同（均为{head_sex}），请核对"))

    # 户类型 / 监测对象类别 / 脱贫属性
    category = household.monitor_category
    lifted = household.hh_type == HouseholdType.LIFTED
    if category == MonitorCategory.UNSTABLE and not lifted:
        issues.append(issue(E, Household, "monitor_category", "household.monitor_type",
                            f"“脱贫不稳定户”只能是脱贫户，本户户类型为“{household.hh_type}”"))
    elif category == MonitorCategory.EDGE and lifted:
        issues.append(issue(E, Household, "monitor_category", "household.monitor_type",
                            "“边缘易致贫户”是未脱贫的一般农户，本户户类型为“脱贫户”；脱贫户请选“脱贫不稳定户”"))
    elif category == MonitorCategory.SUDDEN and lifted:
        issues.append(issue(W, Household, "monitor_category", "household.monitor_type_unusual",
                            "脱贫户一般标为“脱贫不稳定户”而不是“突发严重困难户”，请核对"))
    if not lifted and category is None:
        issues.append(issue(W, Household, "monitor_category", "household.not_target",
                            "一般农户未填写监测对象类别，不属于帮扶对象，请核对户类型"))
    if household.poverty_attr is not None and not lifted:
        issues.append(issue(W, Household, "poverty_attr", "household.poverty_attr",
                            f"脱贫属性只用于脱贫户，本户为“{household.hh_type}”"))
    elif household.poverty_attr is None and lifted:
        issues.append(issue(W, Household, "poverty_attr", "household.poverty_attr",
                            "脱贫户请填写脱贫属性（一般脱贫户/低保脱贫户/特困供养脱贫户）"))
    if household.risk_eliminated is not None and category is None:
        issues.append(issue(W, Household, "risk_eliminated", "household.risk_without_category",
                            "未填写监测对象类别，风险是否已消除不适用"))

    # 户联系电话 §5.4 (the national system wants 11 digits)
    phone = check_phone(household.phone, label(Household, "phone"), required=True)
    issues.extend(phone_issues(phone.problems, "phone"))
    if phone.kind == PhoneKind.LANDLINE and len(phone.normalized.replace("-", "")) != 11:
        issues.append(issue(W, Household, "phone", "household.phone_length",
                            f"{phone.normalized} 共{len(phone.normalized.replace('-', ''))}位，系统要求户联系电话为11位"))
    if (phone.kind == PhoneKind.MOBILE and phone_shared is not None
            and phone_shared(phone.normalized, household.id)):
        issues.append(issue(W, Household, "phone", "household.phone_shared",
                            f"{phone.normalized} 已被其他户登记，请核对"))
    support = check_phone(household.support_phone, label(Household, "support_phone"),
                          bad_severity=W)
    issues.extend(phone_issues(support.problems, "support_phone"))
    return issues
