from datetime import date

from desktop.domain.codes import EmploymentForm
from desktop.domain.employment import employment_months, is_employed_in, is_employed_on, is_stable
from desktop.domain.models import EmploymentSpell


def job(start, end=None):
    return EmploymentSpell(person_id="P", form=EmploymentForm.MIGRANT, start_date=start, end_date=end)


def test_months_touched_in_the_year():
    assert employment_months([job(date(2024, 3, 15), date(2024, 5, 2))], 2024) == 3
    assert employment_months([job(date(2024, 3, 1), date(2024, 3, 31))], 2024) == 1


def test_spells_crossing_the_year_are_clipped():
    spell = job(date(2023, 10, 1), date(2024, 2, 10))
    assert employment_months([spell], 2023) == 3
    assert employment_months([spell], 2024) == 2
    assert employment_months([spell], 2025) == 0


def test_overlapping_spells_count_each_month_once_and_cap_at_12():
    spells = [job(date(2024, 1, 1), date(2024, 8, 31)), job(date(2024, 6, 1), date(2024, 12, 31)),
              job(date(2024, 2, 1), date(2024, 2, 5))]
    assert employment_months(spells, 2024) == 12
    assert employment_months([job(date(2020, 1, 1))], 2024) == 12


def test_open_spell_runs_to_as_of():
    spell = job(date(2024, 3, 10))
    assert employment_months([spell], 2024) == 10
    assert employment_months([spell], 2024, as_of=date(2024, 6, 15)) == 4
    assert employment_months([spell], 2024, as_of=date(2024, 3, 9)) == 0
    assert employment_months([job(date(2024, 8, 1), date(2024, 9, 30))], 2024, as_of=date(2024, 6, 30)) == 0
    assert employment_months([spell], 2025, as_of=date(2024, 12, 31)) == 0


def test_no_spells():
    assert employment_months([], 2024) == 0


def test_employed_and_stable():
    spells = [job(date(2024, 3, 1), date(2024, 5, 31))]
    assert is_employed_on(spells, date(2024, 5, 31)) and not is_employed_on(spells, date(2024, 6, 1))
    assert is_employed_in(spells, date(2024, 5, 1), date(2024, 5, 31))
    assert not is_employed_in(spells, date(2024, 6, 1), date(2024, 6, 30))
    assert is_stable(spells, 2024) and not is_stable(spells, 2024, min_months=4)
