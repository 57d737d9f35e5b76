"""零就业家庭 and 动态清零 (domain.md §3.4, the app's operational rule).

labour_members(h, D) = members in the ledger (人员状态 正常/新增), not 在校生, 劳动技能 in
                       {普通, 技能, 弱半}, and 16 <= age(D) < upper_age (default 60)
zero(h, D)          = household is 脱贫户 or monitored (监测对象类别 filled)
                      AND it has at least one labour member
                      AND no labour member has a spell (any 就业形式, incl. 公益性岗位) covering D
since               = the day after the latest end date of a labour member's spell ended before D,
                      or, if no labour member ever worked, ``registered_on`` (may be unknown)
deadline            = the last day of the quarter containing ``since`` (清零 within the quarter);
                      still zero after it = 超期未清零.
Households without a labour member are not zero-employment households (they are 无劳动力户).
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from .age import age_on, quarter_end
from .codes import HouseholdType
from .idnumber import birth_date_from_id
from .models import EmploymentSpell, Household, Person

MIN_LABOUR_AGE = 16
DEFAULT_UPPER_AGE = 60


def birth_of(person: Person) -> date | None:
    """出生日期 from the record, else from the ID number; ``None`` if neither is usable."""
    return person.birth_date or birth_date_from_id(person.id_number)


def is_labour_member(person: Person, day: date, upper_age: int = DEFAULT_UPPER_AGE) -> bool:
    if not person.status.in_ledger or person.school_status is not None:
        return False
    if not person.labour_skill.has_capacity:
        return False
    birth = birth_of(person)
    if birth is None:
        return False
    return MIN_LABOUR_AGE <= age_on(birth, day) < upper_age


def labour_members(members: Iterable[Person], day: date,
                   upper_age: int = DEFAULT_UPPER_AGE) -> list[Person]:
    """Members counted as labour for the zero-employment rule (see module doc), in input order."""
    return [p for p in members if is_labour_member(p, day, upper_age)]


def is_target_household(household: Household) -> bool:
    """脱贫户 or 监测户: the households the zero-employment rule applies to."""
    return household.hh_type == HouseholdType.LIFTED or household.is_monitored


@dataclass
class ZeroStatus:
    is_zero: bool
    labour_count: int
    since: date | None = None      # first day of the current zero spell (None: not zero, or unknown)
    deadline: date | None = None   # end of since's quarter: 清零 due

    def overdue(self, today: date) -> bool:
        """超期未清零: still zero after the quarter in which it started."""
        return self.is_zero and self.deadline is not None and today > self.deadline

    def days_left(self, today: date) -> int | None:
        """Days until the deadline (negative when overdue); ``None`` if unknown or not zero."""
        if not self.is_zero or self.deadline is None:
            return None
        return (self.deadline - today).days


def zero_employment_status(household: Household, members: Sequence[Person],
                           spells_by_person: Mapping[str, Sequence[EmploymentSpell]], day: date,
                           upper_age: int = DEFAULT_UPPER_AGE,
                           registered_on: date | None = None) -> ZeroStatus:
    """The zero-employment status of ``household`` on ``day`` (see module doc).

    ``spells_by_person`` maps person id -> that person's (non-deleted) spells; missing ids mean no
    spells. ``registered_on`` (e.g. when the household entered the ledger) is the fallback ``since``
    when no labour member has ever worked; it is clamped to ``day``.
    """
    labour = labour_members(members, day, upper_age)
    if not is_target_household(household) or not labour:
        return ZeroStatus(False, len(labour))
    latest_end: date | None = None
    for person in labour:
        for spell in spells_by_person.get(person.id, ()):
            if spell.covers(day):
                return ZeroStatus(False, len(labour))
            if spell.end_date is not None and spell.end_date < day:
                if latest_end is None or spell.end_date > latest_end:
                    latest_end = spell.end_date
    if latest_end is not None:
        since: date | None = latest_end + timedelta(days=1)
    elif registered_on is not None:
        since = min(registered_on, day)
    else:
        since = None
    return ZeroStatus(True, len(labour), since, quarter_end(since) if since else None)
