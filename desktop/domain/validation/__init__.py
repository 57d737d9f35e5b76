"""Validation rules of the ledger (domain.md §5, §3.1-3.3). Pure functions, no Qt, no database.

Each rule yields ``Issue``s with a stable ``code`` (listed in ``RULES``), a severity (ERROR blocks
saving/importing, WARNING asks for confirmation), the model field it concerns, and a Chinese
message that starts with the field's Chinese label (``models.FIELD_LABELS``), e.g.
``证件号码：校验位错误（应为X，实为5），请核对号码``.

The region table is used through ``RegionLookup`` (implemented by
``desktop.domain.regions.RegionTable``); pass ``None`` to skip the table lookups.

The rules are grouped by subject: ``identity`` (证件号码, and the sex and birth date it implies),
``person`` (name, relation, education, health, labour capacity, phone), ``village`` (the household's
village code against the region table), ``household`` (structure, type and monitoring category,
phones) and ``spell`` (务工就业: place, dates, income, current job). ``issues`` holds the ``Issue``
type and its helpers, ``rules`` the table of codes. Callers import from this package.
"""
from .household import validate_household
from .issues import Issue, by_field, errors, has_errors, warnings
from .person import parse_health, validate_person
from .region_lookup import RegionLike, RegionLookup
from .rules import RULES
from .spell import INCOME_LOW, INCOME_MAX, INCOME_MIN, validate_spell

__all__ = ["Issue", "RULES", "RegionLike", "RegionLookup", "by_field", "errors", "has_errors", "warnings",
           "parse_health", "validate_person", "validate_household", "validate_spell", "INCOME_MIN", "INCOME_LOW",
           "INCOME_MAX"]
