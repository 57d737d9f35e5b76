"""Resident ID numbers (居民身份证号码, GB 11643-1999; domain.md §5.1).

18 characters = 6 address (county code) + 8 birth date YYYYMMDD + 3 order (odd = 男, even = 女)
+ 1 check character (ISO 7064 MOD 11-2). Legacy 15-digit numbers (6 address + YYMMDD in the 1900s
+ 3 order, no check digit) are upgraded to 18 by inserting "19" and appending the check character;
the original is kept in ``IdInfo.original``.

``parse_id_number`` is the one entry point for user/import input; it raises ``InvalidIdNumber``
(a ``ValueError``) whose ``str`` is a Chinese reason fit to show next to the field and whose
``code`` is a stable rule id (``id.length``, ``id.chars``, ``id.checksum``, ``id.birth_date``,
``id.region``).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from .codes import Sex

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)  # 2^(17-i) mod 11
CHECK_CHARS = "10X98765432"
MIN_BIRTH_YEAR = 1900

# Province-level prefixes (GB/T 2260). Used when no region table is available at all.
PROVINCE_PREFIXES = frozenset({
    "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
    "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64",
    "65", "71", "81", "82",
})

_DIGITS17 = re.compile(r"\d{17}")
_DIGITS15 = re.compile(r"\d{15}")
_ID18 = re.compile(r"[0-9]{17}[0-9X]")
_SPACES = re.compile(r"\s+")


class CountyCodes(Protocol):
    """The part of ``desktop.domain.regions.RegionTable`` the ID check needs."""

    def is_county_code(self, code6: str, include_retired: bool = True) -> bool: ...


class InvalidIdNumber(ValueError):
    """A malformed ID number. ``str(exc)`` is the Chinese reason; ``exc.code`` the rule id."""

    def __init__(self, reason: str, code: str = "id.invalid"):
        super().__init__(reason)
        self.reason = reason
        self.code = code


@dataclass(frozen=True)
class IdInfo:
    number: str              # canonical 18-character form, check character upper-case
    original: str | None     # the 15-digit number as given, if it was upgraded; else None
    birth_date: date
    sex: Sex
    county_code: str         # the 6-digit address code

    @property
    def province_code(self) -> str:
        return self.county_code[:2]


def check_digit(body17: str) -> str:
    """MOD 11-2 check character ('0'-'9' or 'X') for the first 17 digits."""
    if not _DIGITS17.fullmatch(body17):
        raise ValueError(f"check_digit needs 17 digits, got {body17!r}")
    total = sum(int(c) * w for c, w in zip(body17, WEIGHTS))
    return CHECK_CHARS[total % 11]


def normalize_id_text(raw: str) -> str:
    """Full-width to half-width (NFKC), spaces removed, 'x' upper-cased. No other checks."""
    text = unicodedata.normalize("NFKC", raw or "")
    return _SPACES.sub("", text).upper()


def upgrade_15(number15: str) -> str:
    """The 18-character form of a 15-digit legacy number (birth year assumed 19YY)."""
    if not _DIGITS15.fullmatch(number15):
        raise ValueError(f"upgrade_15 needs 15 digits, got {number15!r}")
    body = number15[:6] + "19" + number15[6:]
    return body + check_digit(body)


def make_id_number(county6: str, birth: date, order: int) -> str:
    """Build a valid 18-character number (demo data and tests). Odd ``order`` = 男, even = 女."""
    if not re.fullmatch(r"\d{6}", county6 or ""):
        raise ValueError(f"county code must be 6 digits, got {county6!r}")
    if not 0 <= order <= 999:
        raise ValueError(f"order must be 0..999, got {order}")
    if not 1000 <= birth.year <= 9999:
        raise ValueError(f"birth year out of range: {birth.year}")
    body = f"{county6}{birth:%Y%m%d}{order:03d}"
    return body + check_digit(body)


def _default_regions():
    from . import regions  # lands separately; imported lazily so this module stands alone
    return regions.default_regions()


def parse_id_number(raw: str, regions: CountyCodes | None = None, *,
                    today: date | None = None) -> IdInfo:
    """Check and decode an ID number as typed or imported.

    Accepts lower-case x (stored upper-case), spaces and full-width characters; upgrades 15-digit
    numbers. ``regions`` answers whether the address code is a county code (retired codes count;
    if the table has ``is_id_address_code`` -- ``RegionTable`` does -- that lenient check is used,
    which also accepts the prefecture codes some old numbers carry).
    ``None`` means the shipped table (``desktop.domain.regions.default_regions()``); if that
    module is not available only the province prefix is checked. ``today`` bounds the birth date
    (default: the system date).
    """
    text = normalize_id_text(raw)
    if not text:
        raise InvalidIdNumber("未填写", "id.required")
    original: str | None = None
    if len(text) == 15:
        bad = [i for i, c in enumerate(text) if not c.isdigit() or not c.isascii()]
        if bad:
            raise InvalidIdNumber(
                f"含非数字字符：第{bad[0] + 1}位“{text[bad[0]]}”（15位旧号码应全为数字）", "id.chars")
        original = text
        text = upgrade_15(text)
    elif len(text) == 18:
        bad = [] if _ID18.fullmatch(text) else [
            i for i, c in enumerate(text[:17]) if not c.isdigit() or not c.isascii()]
        last = text[17]
        if not bad and not (last == "X" or (last.isdigit() and last.isascii())):
            bad = [17]
        if bad:
            where = bad[0]
            hint = "（只有最后一位可以是X）" if text[where] == "X" else ""
            raise InvalidIdNumber(f"含非数字字符：第{where + 1}位“{text[where]}”{hint}", "id.chars")
    else:
        raise InvalidIdNumber(f"位数不对：应为18位（旧号码15位），实际{len(text)}位", "id.length")

    ymd = text[6:14]
    try:
        birth = date(int(ymd[:4]), int(ymd[4:6]), int(ymd[6:8]))
    except ValueError:
        where = "第7-12位" if original else "第7-14位"
        raise InvalidIdNumber(
            f"出生日期不存在：{ymd[:4]}年{ymd[4:6]}月{ymd[6:8]}日（{where}）", "id.birth_date") from None
    if birth.year < MIN_BIRTH_YEAR:
        raise InvalidIdNumber(f"出生日期早于{MIN_BIRTH_YEAR}年：{birth.isoformat()}", "id.birth_date")
    if birth > (today or date.today()):
        raise InvalidIdNumber(f"出生日期在今天之后：{birth.isoformat()}", "id.birth_date")

    if original is None:
        expected = check_digit(text[:17])
        if text[17] != expected:
            raise InvalidIdNumber(f"校验位错误（应为{expected}，实为{text[17]}），请核对号码", "id.checksum")

    county = text[:6]
    if regions is None:
        try:
            regions = _default_regions()
        except ImportError:
            regions = None
    if regions is not None:
        lenient = getattr(regions, "is_id_address_code", None)
        known = lenient(county) if lenient is not None else regions.is_county_code(county, True)
    else:
        known = county[:2] in PROVINCE_PREFIXES and county[2:] != "0000"
    if not known:
        raise InvalidIdNumber(f"行政区划代码不存在：前6位“{county}”不是已知的县级区划代码", "id.region")

    sex = Sex.MALE if int(text[16]) % 2 == 1 else Sex.FEMALE
    return IdInfo(number=text, original=original, birth_date=birth, sex=sex, county_code=county)


def try_parse_id_number(raw: str | None, regions: CountyCodes | None = None, *,
                        today: date | None = None) -> IdInfo | None:
    """``parse_id_number`` that returns ``None`` instead of raising."""
    if not raw:
        return None
    try:
        return parse_id_number(raw, regions, today=today)
    except InvalidIdNumber:
        return None


def birth_date_from_id(number: str | None) -> date | None:
    """Birth date encoded in an 18- or 15-digit number, without the other checks; ``None`` if it
    cannot be read. For records whose 出生日期 field is empty."""
    text = normalize_id_text(number or "")
    if len(text) == 15 and text.isdigit():
        ymd = "19" + text[6:12]
    elif len(text) == 18 and text[:17].isdigit():
        ymd = text[6:14]
    else:
        return None
    try:
        return date(int(ymd[:4]), int(ymd[4:6]), int(ymd[6:8]))
    except ValueError:
        return None
