"""Place NAMES in other systems' exports → region codes.

The national export gives 省/市/县/乡/村 as names. ``VillageResolver`` walks the region tree down by name:
province → city → county → township → village, tolerant of the suffixes people drop or change
(县/区/市, 镇/乡/街道/办事处, 村/村委会/村民委员会/社区/居委会) and of the county/township prefix NBS puts into
some village names. Results are cached per name tuple (an export repeats the same few villages).

``WorkPlaceResolver`` turns free work-place text ("江苏省苏州市吴中区", "西安市雁塔区", "宝鸡千阳") into the
code of one county where it can, else into the most precise city/province code it can (with ``None`` as
county), using ``RegionTable.counties_matching`` first and name containment second.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from desktop.domain.regions import RegionLevel, RegionTable

_SUFFIXES = ("村民委员会", "居民委员会", "村委员会", "村委会", "居委会", "社区居委会", "街道办事处", "办事处",
             "街道", "社区", "自治县", "自治州", "自治区", "特别行政区", "林区", "地区", "新区", "盟", "旗",
             "镇", "乡", "县", "区", "市", "省", "村")
_SPACE = re.compile(r"\s+")


def clean(name) -> str:
    if name is None:
        return ""
    return _SPACE.sub("", unicodedata.normalize("NFKC", str(name)))


def stem(name: str) -> str:
    """The name without its administrative suffix(es): 千阳县 → 千阳, 新民村委会 → 新民, 城关镇 → 城关."""
    text = clean(name)
    changed = True
    while changed and len(text) > 2:
        changed = False
        for suffix in _SUFFIXES:
            if text.endswith(suffix) and len(text) - len(suffix) >= 2:
                text = text[: -len(suffix)]
                changed = True
                break
    return text


@dataclass(frozen=True)
class Resolved:
    code: str | None
    reason: str | None = None     # why it failed (Chinese), None on success


class VillageResolver:
    def __init__(self, regions: RegionTable):
        self.regions = regions
        self._cache: dict[tuple, Resolved] = {}
        self._raw_cache: dict[tuple, Resolved] = {}
        self._name_cache: dict[str, tuple[set[str], set[str]]] = {}
        self._provinces = [r for r in regions if r.level is RegionLevel.PROVINCE and not r.retired]

    def _names(self, r) -> tuple[set[str], set[str]]:
        hit = self._name_cache.get(r.code)
        if hit is None:
            names = {clean(r.name), clean(self.regions.short_name(r.code))}
            hit = self._name_cache[r.code] = (names, {stem(n) for n in names})
        return hit

    def _pick(self, candidates, name: str):
        """The candidate named ``name``: exact name first, then same stem, then prefix. ``None`` if there
        is no match, ``"ambiguous"`` if several match equally well."""
        want = clean(name)
        want_stem = stem(want)
        infos = [(r, *self._names(r)) for r in candidates]
        tiers = (
            lambda names, stems: want in names,
            lambda names, stems: want_stem in stems,
            lambda names, stems: len(want_stem) >= 2 and any(n.startswith(want_stem) for n in names | stems),
        )
        for test in tiers:
            found = [r for r, names, stems in infos if test(names, stems)]
            if len(found) == 1:
                return found[0]
            if len(found) > 1:
                return "ambiguous"
        return None

    def resolve(self, province, city, county, township, village) -> Resolved:
        raw = (province, city, county, township, village)
        hit = self._raw_cache.get(raw)
        if hit is None:
            key = tuple(clean(x) for x in raw)
            hit = self._cache.get(key)
            if hit is None:
                hit = self._cache[key] = self._resolve(*key)
            self._raw_cache[raw] = hit
        return hit

    def _resolve(self, province: str, city: str, county: str, township: str, village: str) -> Resolved:
        regions = self.regions
        if not county or not township or not village:
            missing = "、".join(n for n, v in (("县", county), ("乡", township), ("村", village)) if not v)
            return Resolved(None, f"未填写{missing}，无法确定所在村")
        # county: walk province → city when given, else search all counties by name
        counties = None
        where = ""
        if province:
            p = self._pick(self._provinces, province)
            if not isinstance(p, type(self._provinces[0])):
                return Resolved(None, f"找不到省“{province}”")
            where = p.name
            cities = regions.children(p.code)
            if city:
                c = self._pick([r for r in cities if r.level is RegionLevel.CITY], city)
                if c is None or c == "ambiguous":
                    # 直辖市 exports repeat the province name or leave 市辖区; fall back to all counties
                    counties = [x for cc in cities for x in regions.children(cc.code)] + \
                        [r for r in cities if r.level is RegionLevel.COUNTY]
                else:
                    where += c.name
                    counties = regions.children(c.code)
            else:
                counties = [x for cc in cities for x in regions.children(cc.code)]
        if counties is None:
            counties = regions.counties()
        county_region = self._pick([r for r in counties if r.level is RegionLevel.COUNTY or
                                    regions.is_county_code(r.code[:6], include_retired=False)], county)
        if county_region is None:
            return Resolved(None, f"找不到县“{county}”" + (f"（{where}）" if where else ""))
        if county_region == "ambiguous":
            return Resolved(None, f"县名“{county}”对应多个县，请填写省、市")
        where = regions.full_name(county_region.code)
        t = self._pick(regions.children(county_region.code), township)
        if t is None:
            if not regions.children(county_region.code):
                return Resolved(None, f"区划表中没有{where}的乡镇和村（只收录了宝鸡市的乡村），无法确定村代码")
            return Resolved(None, f"{where}下找不到乡镇“{township}”")
        if t == "ambiguous":
            return Resolved(None, f"{where}下有多个与“{township}”相近的乡镇，请写全称")
        v = self._pick(regions.children(t.code), village)
        if v is None:
            return Resolved(None, f"{regions.full_name(t.code)}下找不到村“{village}”")
        if v == "ambiguous":
            return Resolved(None, f"{regions.full_name(t.code)}下有多个与“{village}”相近的村，请写全称")
        return Resolved(v.code)


@dataclass(frozen=True)
class WorkPlace:
    code: str | None          # 12-digit county code; or a city/province code when only that is known
    county_level: bool        # the code is a county (or finer)


class WorkPlaceResolver:
    def __init__(self, regions: RegionTable):
        self.regions = regions
        self._cache: dict[str, WorkPlace] = {}
        self._counties = None
        self._upper = None

    def resolve(self, raw) -> WorkPlace:
        text = clean(raw)
        hit = self._cache.get(text)
        if hit is None:
            hit = self._cache[text] = self._resolve(text)
        return hit

    def _resolve(self, text: str) -> WorkPlace:
        if not text:
            return WorkPlace(None, False)
        regions = self.regions
        found = regions.counties_matching(text, limit=2)
        if len(found) == 1:
            return WorkPlace(found[0].code, True)
        if self._counties is None:
            self._counties = [(r, clean(r.name), stem(r.name)) for r in regions.counties()]
            self._county_codes = frozenset(r.code for r, _, _ in self._counties)
            self._upper = [(r, clean(r.name), stem(r.name)) for r in regions
                           if r.level in (RegionLevel.PROVINCE, RegionLevel.CITY) and not r.retired
                           and r.name not in ("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划")]

        def named(rest: str) -> list:
            return [r for r, name, st in self._upper if name in rest or (len(st) >= 2 and st in rest)]

        uppers = named(text)
        # a county name hidden inside a city's name ("西安" in "西安市") is not a county match
        county_codes = self._county_codes
        masked = text
        for u in sorted(uppers, key=lambda r: -len(r.name)):
            if u.code in county_codes:
                continue
            for piece in (clean(u.name), stem(u.name)):
                if len(piece) >= 2 and piece in masked:
                    masked = masked.replace(piece, "|" * len(piece))
                    break
        best: list[tuple[int, str]] = []
        for r, name, st in self._counties:
            if name in masked:
                score, matched = 2, name
            elif len(st) >= 2 and st in masked:
                score, matched = 1, st
            else:
                continue
            rest = text.replace(matched, "|", 1)  # an upper level must be named outside the county's name
            ancestors = {a.code for a in regions.ancestors(r.code)[:-1]}
            score += 2 * len(ancestors & {u.code for u in named(rest)})
            best.append((score, r.code))
        if best:
            best.sort(reverse=True)
            if len(best) == 1 or best[0][0] > best[1][0]:
                return WorkPlace(best[0][1], True)
            tied = [code for score, code in best if score == best[0][0]]
            # several counties fit equally: keep only what they have in common
            uppers = [u for u in uppers
                      if all(code.startswith(u.code[:2 if u.level is RegionLevel.PROVINCE else 4]) for code in tied)]
        if uppers:
            # the most precise city/province named
            uppers.sort(key=lambda r: (r.level is RegionLevel.CITY, r.code), reverse=True)
            return WorkPlace(uppers[0].code, False)
        return WorkPlace(None, False)
