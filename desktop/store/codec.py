"""Conversion between the domain dataclasses and SQLite rows / JSON change values.

Stored forms: enums as their Chinese label, dates as ISO text, booleans as 0/1, money as REAL. The same
plain values travel in outbox changes, so a change is valid JSON without custom encoders.
"""
from __future__ import annotations

import dataclasses
import types
import typing
from datetime import date
from decimal import Decimal
from enum import Enum
from functools import cache

from desktop.domain.models import EmploymentSpell, Household, Person

ENTITY_TYPES: dict[str, type] = {
    "household": Household,
    "person": Person,
    "employment": EmploymentSpell,
}
ENTITY_OF_TYPE = {cls: name for name, cls in ENTITY_TYPES.items()}


def to_db(value):
    if value is None:
        return None
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return value


@cache
def _names(cls) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(cls))


_PLAIN = (str, int, float)


def record_to_row(record) -> dict:
    row = {}
    for name in _names(type(record)):
        value = getattr(record, name)
        # str/int/float (and StrEnum, a str) store as they are, except bool, an int subclass
        if value is None or (type(value) in _PLAIN):
            row[name] = value
        elif isinstance(value, Enum):
            row[name] = value.value
        else:
            row[name] = to_db(value)
    return row


@cache
def _field_parsers(cls) -> dict[str, typing.Callable]:
    hints = typing.get_type_hints(cls)
    parsers = {}
    for name, hint in hints.items():
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        base = args[0] if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union else hint
        parsers[name] = _parser_for(base)
    return parsers


def _parser_for(base):
    if isinstance(base, type) and issubclass(base, Enum):
        return base
    if base is bool:
        return lambda v: bool(v)
    if base is date:
        return date.fromisoformat
    if base is Decimal:
        return lambda v: Decimal(str(v)).quantize(Decimal("0.01"))
    return lambda v: v


def row_to_record(cls, row: dict):
    parsers = _field_parsers(cls)
    kwargs = {}
    for f in dataclasses.fields(cls):
        value = row.get(f.name)
        kwargs[f.name] = None if value is None else parsers[f.name](value)
    return cls(**kwargs)
