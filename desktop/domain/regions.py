"""The shipped table of administrative divisions 区划 (domain.md §1.1, §2.1, §5.1, §5.5). No Qt.

Data: ``resources/reference/regions.csv`` (built by ``scripts/build_regions.py``; sources and licences in
``resources/reference/README.md``; edition in ``resources/reference/VERSION``):

* every current province, city and county-level unit of the NBS 2023 统计用区划代码 (plus 台湾省/香港/澳门
  as provinces, and the few GB/T 2260 counties created after that edition);
* retired GB/T 2260 codes since 1980 (``retired=True``, ``valid_to`` = last year in use) so that ID numbers
  issued under old codes still validate, e.g. 凤翔县 610322 (→ 凤翔区 610305 in 2021);
* the townships (乡级) and villages (村级) of 宝鸡市 with their real 12-digit codes, current (NBS 2023) and
  retired (listed by an NBS edition 2016-2022, dropped since; ``valid_to`` = last edition listing them,
  ``successor_code`` where the same unit lives on under a renamed county, e.g. 610322100201 → 610305100201).

Codes are 12 digits (统计用区划代码). Every method also accepts the 2/4/6/9-digit prefixes, which are
padded with zeros: ``get("610328")`` is ``get("610328000000")``.
"""
from __future__ import annotations

import bisect
import csv
import functools
import gzip
import io
import re
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

__all__ = [
    "RegionLevel", "Region", "RegionTable", "default_regions", "normalize_code", "level_of",
    "county_of", "township_of", "township_kind", "reference_dir",
]


class RegionLevel(StrEnum):
    PROVINCE = "省"
    CITY = "市"
    COUNTY = "县"
    TOWNSHIP = "乡"
    VILLAGE = "村"


@dataclass(frozen=True, slots=True)
class Region:
    code: str                      # 12 digits
    name: str                      # the official (NBS / GB/T 2260) name, e.g. "新民村委会"
    level: RegionLevel
    parent_code: str | None        # 12 digits; None for provinces
    retired: bool                  # no longer in use; kept for old ID numbers and old records
    urban_rural_code: str | None   # 城乡分类代码 (111…220) where the data has it; the shipped data has none
    valid_to: str | None = None    # year the code was last in use (retired codes only)
    successor_code: str | None = None  # current county that took over a retired one, where known


# Names of city-level rows that are placeholders, not places: skipped in full names.
_PLACEHOLDER_NAMES = frozenset({"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划", "省直辖县级行政单位"})

_LEVEL_PREFIX = {RegionLevel.PROVINCE: 2, RegionLevel.CITY: 4, RegionLevel.COUNTY: 6,
                 RegionLevel.TOWNSHIP: 9, RegionLevel.VILLAGE: 12}


def reference_dir() -> Path:
    """``resources/reference`` in a checkout or inside a PyInstaller bundle (``sys._MEIPASS``)."""
    from desktop.resources import resource_path

    return resource_path("reference")


def normalize_code(code: object) -> str | None:
    """A region code as 12 digits, or ``None`` if it is not one. 2/4/6/9-digit prefixes are padded with
    zeros; surrounding spaces are ignored; full-width digits are not accepted."""
    if code is None:
        return None
    text = str(code).strip()
    if not (text.isascii() and text.isdigit()) or len(text) not in (2, 4, 6, 9, 12):
        return None
    return text.ljust(12, "0")


def _need(code: object) -> str:
    c = normalize_code(code)
    if c is None:
        raise ValueError(f"不是有效的区划代码：{code!r}（应为2、4、6、9或12位数字）")
    return c


def level_of(code12: str) -> RegionLevel:
    """The level a code denotes, from its trailing zeros (§2.1): ``610328100201`` → 村,
    ``610328100000`` → 乡, ``610328000000`` → 县, ``610300000000`` → 市, ``610000000000`` → 省."""
    c = _need(code12)
    if c[2:] == "0" * 10:
        return RegionLevel.PROVINCE
    if c[4:] == "0" * 8:
        return RegionLevel.CITY
    if c[6:] == "0" * 6:
        return RegionLevel.COUNTY
    if c[9:] == "000":
        return RegionLevel.TOWNSHIP
    return RegionLevel.VILLAGE


def county_of(code: str) -> str:
    """The 12-digit county code a code lies in (``code[:6] + "000000"``). Purely structural: for the
    cities without counties (东莞 441900, 中山 442000, 儋州 460400) this is the city's own code."""
    c = _need(code)
    return c[:6] + "000000"


def township_of(code12: str) -> str:
    """The 12-digit township code of a village or township code (``code[:9] + "000"``)."""
    c = _need(code12)
    if c[6:9] == "000":
        raise ValueError(f"区划代码 {c} 不含乡级（第7-9位为000）")
    return c[:9] + "000"


def township_kind(code12: str) -> str | None:
    """乡级 type from digits 7–9 (§5.5): 001–099 街道, 100–199 镇, 200–399 乡, 400–599 类似乡级单位;
    ``None`` for 000 or 600–999 (not a valid township segment)."""
    seg = int(_need(code12)[6:9])
    if 1 <= seg <= 99:
        return "街道"
    if 100 <= seg <= 199:
        return "镇"
    if 200 <= seg <= 399:
        return "乡"
    if 400 <= seg <= 599:
        return "类似乡级单位"
    return None


_VILLAGE_SUFFIXES = (
    (re.compile(r"村?村民委.会$"), "村"),   # 南堡村村民委员会, 高家堎村村民委委会 (sic, NBS), 某村民委员会
    (re.compile(r"村?村委会$"), "村"),       # 太慈村村委会 → 太慈村, 新民村委会 → 新民村
    (re.compile(r"社区居民委员会$|社区居委会$"), "社区"),
    (re.compile(r"居民委员会$"), "居委会"),
)
_GENERIC_VILLAGE_WORDS = frozenset({"", "村", "社区", "居委会", "村委会"})


def _village_short(name: str) -> str:
    for pattern, repl in _VILLAGE_SUFFIXES:
        new = pattern.sub(repl, name)
        if new != name:
            return new if new not in _GENERIC_VILLAGE_WORDS else name
    return name


class RegionTable:
    """All regions of one edition of the reference data, indexed by code. Read-only; share freely."""

    def __init__(self, regions: list[Region], version: str, pinyin: dict[str, str] | None = None) -> None:
        self.version = version
        self._pinyin = pinyin or {}  # code → "qian yang xian" (current provinces, cities, counties)
        self._by_code: dict[str, Region] = {r.code: r for r in regions}
        children: dict[str, list[Region]] = {}
        for r in regions:
            if r.parent_code is not None and not r.retired:
                children.setdefault(r.parent_code, []).append(r)
        for lst in children.values():
            lst.sort(key=lambda r: r.code)
        self._children = children
        self._villages = sorted((r for r in regions if r.level is RegionLevel.VILLAGE and not r.retired),
                                key=lambda r: r.code)
        self._village_codes = [r.code for r in self._villages]
        self._all_villages = sorted((r for r in regions if r.level is RegionLevel.VILLAGE), key=lambda r: r.code)
        self._all_village_codes = [r.code for r in self._all_villages]
        # Current cities with no county below them act as counties (东莞市, 中山市, 儋州市).
        self._county_like_cities = frozenset(
            r.code for r in regions
            if r.level is RegionLevel.CITY and not r.retired
            and not any(c.level is RegionLevel.COUNTY for c in children.get(r.code, ()))
        )
        self._county_choices: list[tuple[Region, str, str]] | None = None

    # ------------------------------------------------------------------ loading

    @classmethod
    def load(cls, path: Path | None = None) -> "RegionTable":
        """Read the shipped table (``resources/reference/regions.csv`` or ``.csv.gz``) or the CSV at
        ``path``. The version is the ``VERSION`` file next to it ("unknown" if absent)."""
        if path is None:
            ref = reference_dir()
            path = ref / "regions.csv"
            if not path.exists() and (ref / "regions.csv.gz").exists():
                path = ref / "regions.csv.gz"
        path = Path(path)
        raw = path.read_bytes()
        if path.suffix == ".gz":
            raw = gzip.decompress(raw)
        reader = csv.reader(io.StringIO(raw.decode("utf-8-sig")))
        header = next(reader, [])
        col = {name: i for i, name in enumerate(header)}
        missing = {"code", "name", "level", "parent_code"} - col.keys()
        if missing:
            raise ValueError(f"区划参考数据文件 {path} 缺少列：{'、'.join(sorted(missing))}")
        regions: list[Region] = []
        pinyin: dict[str, str] = {}
        levels = {lv.value: lv for lv in RegionLevel}
        width = len(header) + 1  # optional columns missing from the header read as "" (index -1)
        i_code, i_name, i_level, i_parent = col["code"], col["name"], col["level"], col["parent_code"]
        i_to, i_ur, i_succ, i_py = (col.get(name, -1) for name in
                                    ("valid_to", "urban_rural_code", "successor_code", "pinyin"))
        for n, row in enumerate(reader, start=2):
            if len(row) < width:
                row += [""] * (width - len(row))
            code, level = row[i_code], levels.get(row[i_level])
            if len(code) != 12 or not code.isdigit() or level is None:
                problem = f"代码 {code!r} 不是12位数字" if level else f"级别 {row[i_level]!r} 应为 省/市/县/乡/村"
                raise ValueError(f"区划参考数据文件 {path} 第{n}行有错误：{problem}")
            valid_to = row[i_to]
            regions.append(Region(code, row[i_name], level, row[i_parent] or None, bool(valid_to),
                                  row[i_ur] or None, valid_to or None, row[i_succ] or None))
            if row[i_py]:
                pinyin[code] = row[i_py]
        version_file = path.parent / "VERSION"
        version = version_file.read_text(encoding="utf-8").strip() if version_file.exists() else "unknown"
        return cls(regions, version, pinyin)

    # ------------------------------------------------------------------ lookups

    def __len__(self) -> int:
        return len(self._by_code)

    def __contains__(self, code: object) -> bool:
        return self.get(code) is not None  # type: ignore[arg-type]

    def __iter__(self):
        return iter(sorted(self._by_code.values(), key=lambda r: r.code))

    def get(self, code: str) -> Region | None:
        """The region with this code (2/4/6/9/12 digits, padded), retired ones included; else ``None``."""
        c = normalize_code(code)
        return self._by_code.get(c) if c is not None else None

    def is_county_code(self, code6: str, include_retired: bool = True) -> bool:
        """Whether a 6-digit code (or its 12-digit padded form) is a county-level unit: a 县/区/市/旗…,
        or a city without counties (东莞 441900). With ``include_retired`` (the default, for ID numbers)
        retired codes such as 凤翔县 610322 count too."""
        c = normalize_code(code6)
        if c is None or c[6:] != "000000":
            return False
        r = self._by_code.get(c)
        if r is None or (r.retired and not include_retired):
            return False
        return r.level is RegionLevel.COUNTY or c in self._county_like_cities

    def is_id_address_code(self, code6: str) -> bool:
        """Lenient check for the first 6 digits of an ID number: any county code (retired too), any
        prefecture code XXXX00 (old IDs, as python-stdnum/id-validator accept), and 810000/820000/830000
        (港澳台居民居住证)."""
        c = normalize_code(code6)
        if c is None or len(str(code6).strip()) != 6:
            return False
        if c[:6] in ("810000", "820000", "830000"):
            return True
        r = self._by_code.get(c)
        if r is None:
            return False
        return r.level in (RegionLevel.COUNTY, RegionLevel.CITY)

    def is_village(self, code12: str, include_retired: bool = False) -> bool:
        """Whether the code is a 村级 unit (village/community) in the table (§5.5)."""
        r = self.get(code12)
        return r is not None and r.level is RegionLevel.VILLAGE and (include_retired or not r.retired)

    def children(self, code: str) -> list[Region]:
        """The current regions directly below ``code``, sorted by code (a county's townships, a
        township's villages, a province's cities…). ``[]`` for unknown codes and for leaves."""
        c = normalize_code(code)
        return list(self._children.get(c, ())) if c is not None else []

    def villages_of(self, code: str, include_retired: bool = False) -> list[Region]:
        """All 村级 units under a county, township, city or province, sorted by code; current ones
        only unless ``include_retired`` (villages dropped by NBS editions since 2016)."""
        c = normalize_code(code)
        if c is None:
            return []
        prefix = c[: _LEVEL_PREFIX[level_of(c)]]
        codes, villages = (self._all_village_codes, self._all_villages) if include_retired else \
            (self._village_codes, self._villages)
        lo = bisect.bisect_left(codes, prefix)
        hi = bisect.bisect_left(codes, prefix + "\x7f")
        return villages[lo:hi]

    def counties(self, include_retired: bool = False) -> list[Region]:
        """Every county-level unit (cities without counties included), sorted by code."""
        return sorted((r for r in self._by_code.values()
                       if (r.level is RegionLevel.COUNTY or r.code in self._county_like_cities)
                       and (include_retired or not r.retired)), key=lambda r: r.code)

    def successor(self, code: str) -> Region | None:
        """The current unit that replaced a retired one, where known: 凤翔县 610322 → 凤翔区 610305, and
        its townships and villages likewise (610322100000 城关镇 → 610305100000)."""
        r = self.get(code)
        if r is None or r.successor_code is None:
            return None
        return self._by_code.get(r.successor_code)

    def ancestors(self, code: str) -> list[Region]:
        """The known regions from the province down to ``code`` itself (if known), by code prefix."""
        c = normalize_code(code)
        if c is None:
            return []
        out: list[Region] = []
        depth = _LEVEL_PREFIX[level_of(c)]
        for n in (2, 4, 6, 9, 12):
            if n > depth:
                break
            r = self._by_code.get(c[:n].ljust(12, "0"))
            if r is not None and (not out or out[-1].code != r.code):
                out.append(r)
        return out

    # ------------------------------------------------------------------ names

    def short_name(self, code: str) -> str:
        """The name as people say it: villages without the committee suffix and the county/township
        prefix NBS sometimes repeats ("新民村委会" → "新民村", "千阳县城关镇西关社区居委会" → "西关社区",
        "南堡村村民委员会" → "南堡村"); townships without "办事处"; other levels as named.
        ``""`` for unknown codes."""
        r = self.get(code)
        if r is None:
            return ""
        name = r.name
        if r.level is RegionLevel.VILLAGE:
            name = _village_short(name)
            for anc in self.ancestors(r.code)[:-1]:
                # "千阳县城关镇西关社区居委会" → "西关社区", but "绛帐镇居委会" stays whole.
                if anc.level in (RegionLevel.COUNTY, RegionLevel.TOWNSHIP) and name.startswith(anc.name) \
                        and name[len(anc.name):] not in _GENERIC_VILLAGE_WORDS:
                    name = name[len(anc.name):]
        elif r.level is RegionLevel.TOWNSHIP and name.endswith("办事处") and len(name) > 3:
            name = name[:-3]
        return name

    def full_name(self, code: str) -> str:
        """The names of the known levels from the province down, joined without separators:
        ``"陕西省宝鸡市千阳县城关镇新民村"``. Placeholder levels (市辖区, 省直辖县级行政区划, 县) are
        skipped. For a code that is not in the table only its known ancestors are named; ``""`` if
        none is."""
        parts: list[str] = []
        for r in self.ancestors(code):
            if r.level is RegionLevel.CITY and r.name in _PLACEHOLDER_NAMES:
                continue
            name = self.short_name(r.code)
            if parts and parts[-1] == name:  # 北京市 / 东莞市 style repeats
                continue
            parts.append(name)
        return "".join(parts)

    def counties_matching(self, text: str, limit: int = 20) -> list[Region]:
        """Current county-level units for a work-place picker, by name fragment: exact names first
        ("千阳县", "千阳"), then names starting with the text, then names containing it, then counties
        whose city or province name contains it ("宝鸡" → the counties of 宝鸡市). Latin letters match
        the pinyin the same way, as full syllables or initials ("qianyang", "qy", "baoji").
        Spaces, apostrophes and case are ignored; within a rank results are in code order."""
        needle = re.sub(r"[\s'’]+", "", text or "").lower()
        if not needle or limit <= 0:
            return []
        if self._county_choices is None:
            self._county_choices = [self._county_choice(r) for r in self.counties()]
        latin = needle.isascii() and needle.isalpha()
        scored: list[tuple[int, str, Region]] = []
        for r, name, full, py_names, py_above in self._county_choices:
            rank = None
            if name == needle or (len(name) > 2 and name[:-1] == needle):
                rank = 0
            elif name.startswith(needle):
                rank = 1
            elif needle in name:
                rank = 2
            elif needle in full:
                rank = 3
            elif latin and py_names:
                rank = _latin_rank(needle, py_names, py_above)
            if rank is not None:
                scored.append((rank, r.code, r))
        scored.sort(key=lambda t: (t[0], t[1]))
        return [r for _, _, r in scored[:limit]]

    def _syllables(self, code: str) -> list[str] | None:
        py = self._pinyin.get(code)
        return py.split() if py else None

    def _county_choice(self, r: Region):
        above = [syl for a in self.ancestors(r.code)[:-1] if (syl := self._syllables(a.code))]
        return r, r.name, self.full_name(r.code), self._syllables(r.code), above


def _boundaries(syllables: list[str]) -> set[str]:
    """Every concatenation of leading whole syllables: qian yang xian → {qian, qianyang, qianyangxian}."""
    out, acc = set(), ""
    for syl in syllables:
        acc += syl
        out.add(acc)
    return out


def _latin_rank(needle: str, syllables: list[str], above: list[list[str]]) -> int | None:
    """Rank of a pinyin query against a county: 0 whole name (with or without 县/区/市), 1 leading whole
    syllables, 2 the city or province in whole syllables ("baoji"), 3 a partial syllable or the
    initials ("qianya", "qy"), 4 anywhere in the pinyin; ``None``: no match."""
    whole = "".join(syllables)
    if needle == whole or (len(syllables) > 2 and needle == "".join(syllables[:-1])):
        return 0
    if needle in _boundaries(syllables):
        return 1
    if any(needle in _boundaries(syl) for syl in above):
        return 2
    if whole.startswith(needle) or "".join(s[0] for s in syllables).startswith(needle):
        return 3
    if needle in whole:
        return 4
    return None


@functools.cache
def default_regions() -> RegionTable:
    """The shipped table, loaded once per process."""
    return RegionTable.load()
