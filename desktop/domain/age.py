"""Age in completed years (周岁) and calendar helpers used by the rules. Pure functions, no I/O."""
from __future__ import annotations

from datetime import date


def age_on(birth: date, day: date) -> int:
    """Completed years (周岁) of someone born on ``birth`` at ``day``.

    The birthday itself counts (born 2000-05-10 -> 16 on 2016-05-10). Someone born on 29 February
    turns a year older on 1 March in common years. Negative if ``day`` is before ``birth``.
    """
    years = day.year - birth.year
    if (day.month, day.day) < (birth.month, birth.day):
        years -= 1
    return years


def quarter_end(day: date) -> date:
    """Last day of the calendar quarter containing ``day`` (03-31, 06-30, 09-30, 12-31)."""
    month = (day.month - 1) // 3 * 3 + 3
    return date(day.year, month, 31 if month in (3, 12) else 30)
