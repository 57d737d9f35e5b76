"""Where someone works relative to home: 国外 / 省外 / 县外省内 / 乡（镇）外县内 / 乡（镇）内 (§3.3).

Codes are compared by prefix (统计用区划代码: province = digits 1-2, city 3-4, county 5-6,
township 7-9, village 10-12). A 6-digit county code (GB/T 2260) is padded to 12 digits.
"""
from __future__ import annotations

from .codes import PlaceBucket
from .models import EmploymentSpell

# Prefecture-level cities without counties: their code is the "county" (东莞, 中山, 儋州).
COUNTY_LIKE_CITIES = frozenset({"441900", "442000", "460400"})


def pad_code(code: str | None) -> str | None:
    """A region code as 12 digits: 2/4/6/9-digit prefixes are padded with zeros; anything else
    (empty, non-digits, other lengths) gives ``None``."""
    if code is None:
        return None
    text = str(code).strip()
    if not text.isdigit() or not text.isascii() or len(text) not in (2, 4, 6, 9, 12):
        return None
    return text.ljust(12, "0")


def code_depth(code12: str) -> str:
    """How precise a padded code is: "省", "市", "县", "乡" or "村"."""
    if code12[2:] == "0" * 10:
        return "省"
    if code12[4:] == "0" * 8:
        return "市"
    if code12[6:] == "0" * 6:
        return "县"
    if code12[9:] == "000":
        return "乡"
    return "村"


def is_transfer(bucket: PlaceBucket | None, threshold: str = "township") -> bool:
    """转移就业: work outside the home township (default, NBS 外出农民工) or, with
    ``threshold="county"``, outside the home county."""
    if bucket is None:
        return False
    outside_county = {PlaceBucket.PROVINCE, PlaceBucket.OUT_OF_PROVINCE, PlaceBucket.ABROAD,
                      PlaceBucket.PROVINCE_UNRESOLVED}
    if threshold == "county":
        return bucket in outside_county
    if threshold != "township":
        raise ValueError(f"threshold must be 'township' or 'county', got {threshold!r}")
    return bucket in outside_county or bucket == PlaceBucket.COUNTY


def place_bucket(home_village_code: str, spell: EmploymentSpell) -> PlaceBucket | None:
    """The 务工地区类型 of ``spell`` for a household living in ``home_village_code``.

    - 是否国外务工 -> ``ABROAD`` (whatever the code says).
    - No usable work code, or an unusable home code -> ``None``.
    - Work code known only to province (or city): another province -> ``OUT_OF_PROVINCE``;
      another city of the home province -> ``PROVINCE`` (it cannot be the home county);
      otherwise ``PROVINCE_UNRESOLVED`` (validation reports "务工地点未填写到县级").
    - Otherwise by prefix: province differs -> ``OUT_OF_PROVINCE``; county differs ->
      ``PROVINCE``; township (digits 1-9) differs -> ``COUNTY``; else ``TOWNSHIP``.
      A county-only code in the home county has township digits 000, so it counts as
      乡（镇）外县内 exactly as the §3.3 formula W[0:9] != H[0:9] says; record the township
      when the work is inside the home township.
    """
    if spell.abroad:
        return PlaceBucket.ABROAD
    work = pad_code(spell.work_county_code)
    home = pad_code(home_village_code)
    if work is None or home is None:
        return None
    if work[:2] != home[:2]:
        return PlaceBucket.OUT_OF_PROVINCE
    depth = code_depth(work)
    if depth == "市" and work[:6] in COUNTY_LIKE_CITIES:
        depth = "县"
    if depth in ("省", "市"):
        if depth == "市" and work[:4] != home[:4]:
            return PlaceBucket.PROVINCE
        return PlaceBucket.PROVINCE_UNRESOLVED
    if work[:6] != home[:6]:
        return PlaceBucket.PROVINCE
    if work[:9] != home[:9]:
        return PlaceBucket.COUNTY
    return PlaceBucket.TOWNSHIP
