"""Derived employment figures of a person (§3.2, §3.5)."""
from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from .models import EmploymentSpell


def employment_months(spells: Iterable[EmploymentSpell], year: int, as_of: date | None = None) -> int:
    """务工时间（月）: calendar months of ``year`` in which at least one spell covers at least one
    day. Months are counted once even when spells overlap, so the result is 0..12.

    An open spell (no end date) runs to ``as_of`` if given, else to the end of the year; with
    ``as_of`` nothing after that day counts (a report for a past month must not count later work).
    """
    first_day = date(year, 1, 1)
    last_day = date(year, 12, 31)
    if as_of is not None:
        last_day = min(last_day, as_of)
    if last_day < first_day:
        return 0
    months: set[int] = set()
    for spell in spells:
        start = max(spell.start_date, first_day)
        end = last_day if spell.end_date is None else min(spell.end_date, last_day)
        if end < start:
            continue
        months.update(range(start.month, end.month + 1))
        if len(months) == 12:
            break
    return len(months)


def is_employed_on(spells: Iterable[EmploymentSpell], day: date) -> bool:
    """Some spell covers ``day`` (§3.2 "employed in P" for a one-day period)."""
    return any(s.covers(day) for s in spells)


def is_employed_in(spells: Iterable[EmploymentSpell], first: date, last: date) -> bool:
    """Some spell overlaps the period ``first``..``last`` (§3.2)."""
    return any(s.overlaps(first, last) for s in spells)


def is_stable(spells: Iterable[EmploymentSpell], year: int, min_months: int = 3,
              as_of: date | None = None) -> bool:
    """稳定就业 (§3.5, configurable threshold): at least ``min_months`` months worked in ``year``."""
    return employment_months(spells, year, as_of) >= min_months
