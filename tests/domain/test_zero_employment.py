from datetime import date

import pytest

from domain_fakes import HOME_VILLAGE
from desktop.domain.age import age_on, quarter_end
from desktop.domain.codes import (
    EmploymentForm, HouseholdType, LabourSkill, MonitorCategory, PersonStatus, Relation, SchoolStatus,
)
from desktop.domain.idnumber import make_id_number
from desktop.domain.models import EmploymentSpell, Household, Person
from desktop.domain.zero_employment import (
    ZeroStatus, is_labour_member, labour_members, zero_employment_status,
)

DAY = date(2025, 5, 20)


def member(pid, birth, skill=LabourSkill.ORDINARY, **kw):
    return Person(household_id="H", name=pid, id_number=make_id_number("610328", birth, 11), id=pid,
                  birth_date=birth, labour_skill=skill, relation=kw.pop("relation", Relation.OTHER), **kw)


def job(pid, start, end=None, form=EmploymentForm.MIGRANT):
    return EmploymentSpell(person_id=pid, form=form, start_date=start, end_date=end,
                           work_county_code="330102")


LIFTED = Household(village_code=HOME_VILLAGE, hh_type=HouseholdType.LIFTED, id="H")


# ------------------------------------------------------------------------------ labour members

def test_labour_members_by_age_skill_status_and_school():
    people = [
        member("adult", date(1980, 1, 1)),
        member("weak", date(1970, 1, 1), LabourSkill.WEAK),
        member("turns16", date(2009, 5, 20)),                    # 16 today
        member("fifteen", date(2009, 5, 21)),                    # 16 tomorrow
        member("fifty9", date(1965, 5, 21)),                     # 60 tomorrow
        member("sixty", date(1965, 5, 20)),                      # 60 today: out (upper bound excluded)
        member("none", date(1980, 1, 1), LabourSkill.NONE),
        member("lost", date(1980, 1, 1), LabourSkill.LOST),
        member("student", date(2005, 1, 1), school_status=SchoolStatus.UNI2),
        member("gone", date(1980, 1, 1), status=PersonStatus.MOVED_OUT),
        member("new", date(1990, 1, 1), status=PersonStatus.NEW),
    ]
    assert [p.id for p in labour_members(people, DAY)] == ["adult", "weak", "turns16", "fifty9", "new"]
    assert [p.id for p in labour_members(people, DAY, upper_age=65)] == \
        ["adult", "weak", "turns16", "fifty9", "sixty", "new"]


def test_age_comes_from_the_id_when_birth_date_is_missing():
    p = member("x", date(1980, 1, 1))
    p.birth_date = None
    assert is_labour_member(p, DAY)
    p.id_number = "garbage"
    assert not is_labour_member(p, DAY)


# ------------------------------------------------------------------------------ status

def test_employed_member_means_not_zero():
    people = [member("a", date(1980, 1, 1)), member("b", date(1982, 1, 1))]
    status = zero_employment_status(LIFTED, people, {"b": [job("b", date(2025, 1, 1))]}, DAY)
    assert status == ZeroStatus(False, 2)
    assert not status.overdue(DAY)


def test_public_welfare_post_counts_as_employment():
    people = [member("a", date(1980, 1, 1), LabourSkill.WEAK)]
    spells = {"a": [job("a", date(2024, 1, 1), date(2025, 12, 31), EmploymentForm.PUBLIC_POST)]}
    assert not zero_employment_status(LIFTED, people, spells, DAY).is_zero


def test_zero_since_the_day_after_the_last_job_ended_with_quarter_end_deadline():
    people = [member("a", date(1980, 1, 1)), member("b", date(1982, 1, 1))]
    spells = {"a": [job("a", date(2024, 3, 1), date(2024, 12, 31)), job("a", date(2023, 1, 1), date(2023, 6, 1))],
              "b": [job("b", date(2025, 2, 1), date(2025, 4, 10))]}
    status = zero_employment_status(LIFTED, people, spells, DAY)
    assert status == ZeroStatus(True, 2, date(2025, 4, 11), date(2025, 6, 30))
    assert not status.overdue(date(2025, 6, 30))
    assert status.overdue(date(2025, 7, 1))
    assert status.days_left(DAY) == 41


def test_overdue_after_the_quarter():
    people = [member("a", date(1980, 1, 1))]
    status = zero_employment_status(LIFTED, people, {"a": [job("a", date(2024, 1, 1), date(2025, 3, 31))]}, DAY)
    assert status.since == date(2025, 4, 1) and status.deadline == date(2025, 6, 30)
    status = zero_employment_status(LIFTED, people, {"a": [job("a", date(2024, 1, 1), date(2025, 3, 30))]}, DAY)
    assert status.since == date(2025, 3, 31) and status.deadline == date(2025, 3, 31)
    assert status.overdue(DAY) and status.days_left(DAY) == -50


def test_never_employed_uses_the_registration_date_or_unknown():
    people = [member("a", date(1980, 1, 1))]
    known = zero_employment_status(LIFTED, people, {}, DAY, registered_on=date(2025, 1, 15))
    assert known == ZeroStatus(True, 1, date(2025, 1, 15), date(2025, 3, 31))
    assert known.overdue(DAY)
    unknown = zero_employment_status(LIFTED, people, {}, DAY)
    assert unknown == ZeroStatus(True, 1, None, None)
    assert not unknown.overdue(DAY) and unknown.days_left(DAY) is None
    later = zero_employment_status(LIFTED, people, {}, DAY, registered_on=date(2025, 8, 1))
    assert later.since == DAY                                  # clamped to the reference day


def test_future_job_does_not_cover_today():
    people = [member("a", date(1980, 1, 1))]
    status = zero_employment_status(LIFTED, people, {"a": [job("a", date(2025, 6, 1))]}, DAY,
                                    registered_on=date(2025, 4, 2))
    assert status.is_zero and status.since == date(2025, 4, 2)


def test_work_of_non_labour_members_does_not_count():
    grandpa = member("old", date(1950, 1, 1), LabourSkill.WEAK)          # 75: not a labour member
    son = member("son", date(1990, 1, 1))
    spells = {"old": [job("old", date(2025, 1, 1))]}
    status = zero_employment_status(LIFTED, [grandpa, son], spells, DAY, registered_on=date(2025, 4, 1))
    assert status.is_zero and status.labour_count == 1


def test_household_without_labour_is_not_zero_employment():
    people = [member("old", date(1950, 1, 1), LabourSkill.NONE), member("kid", date(2015, 1, 1), LabourSkill.NONE)]
    assert zero_employment_status(LIFTED, people, {}, DAY) == ZeroStatus(False, 0)


def test_only_lifted_or_monitored_households():
    people = [member("a", date(1980, 1, 1))]
    ordinary = Household(village_code=HOME_VILLAGE, hh_type=HouseholdType.ORDINARY, id="H")
    assert zero_employment_status(ordinary, people, {}, DAY) == ZeroStatus(False, 1)
    monitored = Household(village_code=HOME_VILLAGE, hh_type=HouseholdType.ORDINARY, id="H",
                          monitor_category=MonitorCategory.EDGE)
    assert zero_employment_status(monitored, people, {}, DAY).is_zero


# ------------------------------------------------------------------------------ age / quarters

@pytest.mark.parametrize("birth, day, age", [
    (date(2000, 5, 10), date(2016, 5, 10), 16), (date(2000, 5, 10), date(2016, 5, 9), 15),
    (date(2000, 2, 29), date(2016, 2, 28), 15), (date(2000, 2, 29), date(2016, 3, 1), 16),
    (date(2000, 2, 29), date(2016, 2, 29), 16), (date(2000, 1, 1), date(1999, 12, 31), -1),
])
def test_age_on(birth, day, age):
    assert age_on(birth, day) == age


@pytest.mark.parametrize("day, end", [
    (date(2025, 1, 1), date(2025, 3, 31)), (date(2025, 3, 31), date(2025, 3, 31)),
    (date(2025, 4, 1), date(2025, 6, 30)), (date(2025, 8, 15), date(2025, 9, 30)),
    (date(2025, 10, 1), date(2025, 12, 31)), (date(2025, 12, 31), date(2025, 12, 31)),
])
def test_quarter_end(day, end):
    assert quarter_end(day) == end
