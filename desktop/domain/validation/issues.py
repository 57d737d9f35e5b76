"""``Issue``: one finding of a validation rule, and the helpers that build, filter and group them."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..codes import Severity
from ..models import FIELD_LABELS
from ..phones import PhoneProblem
from .rules import RULES


@dataclass(frozen=True)
class Issue:
    severity: Severity
    field: str       # model field name (``Person.sex`` -> "sex"); "" for the record as a whole
    code: str        # stable rule id, a key of RULES
    message: str     # Chinese, starts with the field's Chinese label

    @property
    def is_error(self) -> bool:
        return self.severity == Severity.ERROR


def has_errors(issues: Iterable[Issue]) -> bool:
    return any(i.severity == Severity.ERROR for i in issues)


def errors(issues: Iterable[Issue]) -> list[Issue]:
    return [i for i in issues if i.severity == Severity.ERROR]


def warnings(issues: Iterable[Issue]) -> list[Issue]:
    return [i for i in issues if i.severity == Severity.WARNING]


def by_field(issues: Iterable[Issue]) -> dict[str, list[Issue]]:
    """Issues grouped by field, errors first within a field (for showing next to form fields)."""
    grouped: dict[str, list[Issue]] = {}
    for issue in issues:
        grouped.setdefault(issue.field, []).append(issue)
    for items in grouped.values():
        items.sort(key=lambda i: not i.is_error)
    return grouped


def label(record_type: type, field: str) -> str:
    return FIELD_LABELS[record_type].get(field, field)


def issue(severity: Severity, record_type: type, field: str, code: str, text: str) -> Issue:
    assert code in RULES, code
    return Issue(severity, field, code, f"{label(record_type, field)}：{text}")


def phone_issues(problems: list[PhoneProblem], field: str) -> list[Issue]:
    return [Issue(p.severity, field, p.code, p.message) for p in problems]
