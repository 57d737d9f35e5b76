"""Phone numbers (domain.md §5.4): normalise, classify, and say what is wrong.

Canonical forms: a mobile is 11 digits (``13912345678``); a landline is ``区号-号码``
(``0917-3212345``; 3-digit area codes are 010 and 02x, all others have 4 digits).
Accepted input noise: spaces (also full-width), dashes, dots, brackets around the area code,
full-width digits, and the country prefix ``+86`` / ``0086`` / ``86``.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from enum import StrEnum

from .codes import Severity

MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
LANDLINE_RE = re.compile(r"^0\d{2,3}-?\d{7,8}$")

_SEPARATORS = re.compile(r"[\s\-()（）.·]+")
_COUNTRY = re.compile(r"^(?:\+86|0086|\+?86(?=1[3-9]\d{9}$))")


class PhoneKind(StrEnum):
    MOBILE = "手机"
    LANDLINE = "固定电话"


@dataclass(frozen=True)
class PhoneProblem:
    severity: Severity
    code: str
    message: str   # Chinese, already names the field


@dataclass(frozen=True)
class PhoneCheck:
    normalized: str | None          # canonical form, or the cleaned text if unrecognised; None if empty
    kind: PhoneKind | None
    problems: list[PhoneProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _area_length(digits: str) -> int:
    return 3 if digits.startswith(("010", "02")) else 4


def normalize_phone(raw: str | None) -> str | None:
    """Canonical form of ``raw`` (see module doc); unrecognised input is returned cleaned of
    spaces/brackets so the user sees what was read. ``None`` for empty input."""
    if raw is None:
        return None
    text = unicodedata.normalize("NFKC", str(raw)).strip()
    if not text:
        return None
    compact = _SEPARATORS.sub("", text)
    digits = _COUNTRY.sub("", compact)
    if not digits.isdigit() or not digits.isascii():
        return compact
    if digits != compact and digits[:1] not in ("0", "1"):
        digits = "0" + digits  # +86 917 3212345 -> 09173212345 (international form drops the 0)
    if MOBILE_RE.match(digits):
        return digits
    if digits.startswith("0"):
        area = _area_length(digits)
        candidate = digits[:area] + "-" + digits[area:]
        if LANDLINE_RE.match(candidate):
            return candidate
    return digits


def classify_phone(number: str | None) -> PhoneKind | None:
    """Kind of an already-normalised number, or ``None`` if it is neither."""
    if not number:
        return None
    if MOBILE_RE.match(number):
        return PhoneKind.MOBILE
    if LANDLINE_RE.match(number):
        return PhoneKind.LANDLINE
    return None


def check_phone(raw: str | None, label: str = "联系电话", *, required: bool = False,
                bad_severity: Severity = Severity.ERROR) -> PhoneCheck:
    """Normalise and classify ``raw``; ``label`` is the field's Chinese name for messages.

    Empty input is a warning when ``required`` (the national system wants 户联系电话), otherwise
    fine. A number that is neither a mobile nor a landline gets ``bad_severity``.
    """
    normalized = normalize_phone(raw)
    if normalized is None:
        problems = [PhoneProblem(Severity.WARNING, "phone.missing", f"{label}：未填写")] if required else []
        return PhoneCheck(None, None, problems)
    kind = classify_phone(normalized)
    if kind is not None:
        return PhoneCheck(normalized, kind, [])
    digits = re.sub(r"\D", "", normalized)
    if not digits or len(digits) != len(re.sub(r"[\-]", "", normalized)):
        reason = f"含非数字字符（“{normalized}”）；多个号码请只填一个"
    elif digits.startswith("1"):
        reason = f"手机号应为11位、以13-19开头，实际{len(digits)}位（“{normalized}”）"
    elif digits.startswith("0"):
        reason = f"固定电话应为“区号-号码”，如0917-3212345（“{normalized}”）"
    else:
        reason = f"不是手机号（11位，1开头）也不是带区号的固定电话（“{normalized}”）"
    return PhoneCheck(normalized, None, [PhoneProblem(bad_severity, "phone.format", f"{label}：{reason}")])
