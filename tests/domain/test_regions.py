"""The shipped region table (resources/reference/regions.csv) and its loader."""
from __future__ import annotations

import gzip
import shutil
import time
from pathlib import Path

import pytest

from desktop.domain.regions import (
    Region,
    RegionLevel,
    RegionTable,
    county_of,
    default_regions,
    level_of,
    normalize_code,
    township_kind,
    township_of,
)

REF = Path(__file__).resolve().parents[2] / "resources" / "reference"
BAOJI_COUNTIES = {
    "610302": "渭滨区", "610303": "金台区", "610304": "陈仓区", "610305": "凤翔区", "610323": "岐山县",
    "610324": "扶风县", "610326": "眉县", "610327": "陇县", "610328": "千阳县", "610329": "麟游县",
    "610330": "凤县", "610331": "太白县",
}


@pytest.fixture(scope="module")
def table() -> RegionTable:
    return default_regions()


# ---------------------------------------------------------------- structure functions

def test_level_of_from_trailing_zeros():
    assert level_of("610000000000") is RegionLevel.PROVINCE
    assert level_of("610300000000") is RegionLevel.CITY
    assert level_of("610328000000") is RegionLevel.COUNTY
    assert level_of("610328100000") is RegionLevel.TOWNSHIP
    assert level_of("610328100201") is RegionLevel.VILLAGE
    assert level_of("610328") is RegionLevel.COUNTY  # short prefixes are padded
    with pytest.raises(ValueError):
        level_of("61032")


def test_county_and_township_of_nest():
    assert county_of("610328100201") == "610328000000"
    assert county_of("610328") == "610328000000"
    assert township_of("610328100201") == "610328100000"
    with pytest.raises(ValueError):
        township_of("610328000000")
    with pytest.raises(ValueError):
        county_of("61-328")


def test_normalize_code():
    assert normalize_code(" 6103 ") == "610300000000"
    assert normalize_code("610328100201") == "610328100201"
    for bad in (None, "", "6103281", "61032810020X", "６１０３"):
        assert normalize_code(bad) is None


def test_township_kind_ranges():
    assert township_kind("610302001000") == "街道"
    assert township_kind("610328100000") == "镇"
    assert township_kind("610328200000") == "乡"
    assert township_kind("610326401000") == "类似乡级单位"
    assert township_kind("610328000000") is None
    assert township_kind("610328600000") is None


# ---------------------------------------------------------------- shipped data

def test_version_is_the_version_file(table):
    assert table.version == (REF / "VERSION").read_text(encoding="utf-8").strip()
    assert "2023" in table.version


def test_known_codes(table):
    r = table.get("610328")
    assert r == table.get("610328000000")
    assert r is not None and r.name == "千阳县" and r.level is RegionLevel.COUNTY
    assert r.parent_code == "610300000000" and not r.retired
    assert table.get("61").name == "陕西省"
    assert table.get("6103").name == "宝鸡市"
    assert table.get("610328100").name == "城关镇"
    assert table.get("999999") is None
    assert table.get("abc") is None


def test_baoji_counties_are_current(table):
    current = {r.code[:6]: r.name for r in table.children("6103")}
    assert current == BAOJI_COUNTIES


def test_fengxiang_county_became_district(table):
    old = table.get("610322")
    assert old is not None and old.name == "凤翔县" and old.retired and old.valid_to == "2021"
    new = table.get("610305")
    assert new is not None and new.name == "凤翔区" and not new.retired
    assert table.successor("610322") == new
    assert table.successor("610328") is None
    # old ID numbers with 610322 stay valid; a current-only check rejects the code
    assert table.is_county_code("610322")
    assert not table.is_county_code("610322", include_retired=False)
    assert table.is_county_code("610305", include_retired=False)
    # the retired code is not a child of 宝鸡市 any more
    assert "610322000000" not in {r.code for r in table.children("6103")}
    assert table.full_name("610322") == "陕西省宝鸡市凤翔县"


def test_other_retired_codes_accepted_for_ids(table):
    assert table.get("110103").name == "崇文区" and table.get("110103").retired  # merged into 东城区 2010
    assert table.is_county_code("110103")
    assert table.get("610321").name == "宝鸡县"
    assert table.successor("610321").name == "陈仓区"
    assert not table.is_county_code("999999")
    assert not table.is_county_code("610300")      # a city, not a county
    assert not table.is_county_code("6103281")     # malformed
    assert table.is_id_address_code("610300")      # lenient ID check accepts prefecture codes
    assert table.is_id_address_code("810000")
    assert not table.is_id_address_code("999999")


def test_county_counts_are_plausible(table):
    current = table.counties()
    every = table.counties(include_retired=True)
    assert 2800 <= len(current) <= 3100
    assert len(every) - len(current) >= 3000  # retired county-level codes since 1980
    assert all(not r.retired for r in current)
    provinces = [r for r in table if r.level is RegionLevel.PROVINCE and not r.retired]
    assert len(provinces) == 34
    # every province has at least one current county-level unit below it (except 台湾/香港/澳门)
    with_counties = {r.code[:2] for r in current}
    assert {p.code[:2] for p in provinces} - with_counties == {"71", "81", "82"}


def test_cities_without_counties_count_as_counties(table):
    assert table.is_county_code("441900")  # 东莞市
    assert table.get("441900").level is RegionLevel.CITY
    assert table.full_name("441900") == "广东省东莞市"
    assert [r.name for r in table.counties_matching("东莞")] == ["东莞市"]


def test_baoji_villages_nest_and_parents_exist(table):
    towns = [r for r in table if r.level is RegionLevel.TOWNSHIP and r.code.startswith("6103") and not r.retired]
    villages = table.villages_of("6103")
    assert len(towns) >= 100
    assert len(villages) >= 1200
    for v in villages:
        assert v.level is RegionLevel.VILLAGE and len(v.code) == 12 and v.code.isdigit()
        assert v.parent_code == township_of(v.code)
        town = table.get(v.parent_code)
        assert town is not None and town.level is RegionLevel.TOWNSHIP and not town.retired
        county = table.get(town.parent_code)
        assert county is not None and county.code == county_of(v.code) and county.level is RegionLevel.COUNTY
        assert township_kind(v.code) is not None
    for t in towns:
        assert t.parent_code == county_of(t.code) and t.parent_code[:6] in BAOJI_COUNTIES


def test_retired_baoji_villages_from_older_editions(table):
    # 凤翔县's units until the 2020 edition; the same units live on under 凤翔区 610305
    old = table.get("610322100001")
    assert old is not None and old.retired and old.level is RegionLevel.VILLAGE and old.valid_to == "2020"
    assert table.successor("610322100001").code == "610305100001"
    assert table.successor("610322100000").code == "610305100000"
    assert table.full_name("610322100001").startswith("陕西省宝鸡市凤翔县城关镇")
    assert table.is_village("610322100001", include_retired=True)
    assert not table.is_village("610322100001")
    current = table.villages_of("6103")
    every = table.villages_of("6103", include_retired=True)
    assert len(every) - len(current) >= 500  # incl. the villages merged in the 2018 村级建制调整
    assert set(current) < set(every)
    for v in every:
        if v.retired:
            assert int(v.valid_to) in range(2016, 2023)
            town = table.get(v.parent_code)
            assert town is not None and town.code == township_of(v.code)
            assert table.get(town.parent_code).code == county_of(v.code)
    assert all(not r.retired for t in table.children("6103") for r in table.children(t.code))


def test_every_row_has_its_parent(table):
    for r in table:
        if r.level is RegionLevel.PROVINCE:
            assert r.parent_code is None
            continue
        parent = table.get(r.parent_code)
        assert parent is not None, r
        depth = {RegionLevel.PROVINCE: 2, RegionLevel.CITY: 4, RegionLevel.COUNTY: 6,
                 RegionLevel.TOWNSHIP: 9}[parent.level]
        assert r.code[:depth] == parent.code[:depth], (r, parent)


def test_children_and_villages_of(table):
    towns = table.children("610328")
    assert [t.name for t in towns][:3] == ["城关镇", "崔家头镇", "南寨镇"]
    assert [t.code for t in towns] == sorted(t.code for t in towns)
    town_villages = table.villages_of("610328100")
    assert town_villages and all(v.code.startswith("610328100") for v in town_villages)
    assert table.children("610328100") == town_villages
    county_villages = table.villages_of("610328")
    assert len(county_villages) > len(town_villages)
    assert sum(len(table.villages_of(t.code)) for t in towns) == len(county_villages)
    assert table.villages_of("610101") == []  # 西安: no village detail shipped
    assert table.children("999999") == []


def test_names(table):
    assert table.short_name("610328100200") == "新民村"          # 新民村委会
    assert table.short_name("610328100001") == "西关社区"        # 千阳县城关镇西关社区居委会
    assert table.short_name("610323100221") == "太慈村"          # 太慈村村委会
    assert table.short_name("610324103001") == "绛帐镇居委会"    # not cut down to 居委会
    assert table.full_name("610328100200") == "陕西省宝鸡市千阳县城关镇新民村"
    assert table.full_name("110101") == "北京市东城区"          # 市辖区 skipped
    assert table.full_name("429004") == "湖北省仙桃市"          # 省直辖县级行政区划 skipped
    assert table.full_name("610328100999") == "陕西省宝鸡市千阳县城关镇"  # unknown village: known part
    assert table.full_name("999999") == ""
    assert table.short_name("999999") == ""


def test_counties_matching(table):
    assert [r.code[:6] for r in table.counties_matching("千阳")] == ["610328"]
    assert table.counties_matching(" 千阳县 ")[0].name == "千阳县"
    baoji = table.counties_matching("宝鸡")
    assert {r.code[:6] for r in baoji} == set(BAOJI_COUNTIES)
    chaoyang = table.counties_matching("朝阳", limit=5)
    assert len(chaoyang) == 5 and chaoyang[0].name.startswith("朝阳")
    assert all(not r.retired for r in table.counties_matching("县", limit=50))
    assert table.counties_matching("") == []
    assert table.counties_matching("   ") == []


def test_counties_matching_by_pinyin(table):
    assert [r.name for r in table.counties_matching("qianyang")] == ["千阳县"]
    assert [r.name for r in table.counties_matching("Qian Yang Xian")] == ["千阳县"]
    baoji = table.counties_matching("baoji")
    assert {r.code[:6] for r in baoji[:12]} == set(BAOJI_COUNTIES)
    assert [r.name for r in baoji[12:]] == ["保靖县"]  # partial syllable "bao jing" ranks after whole ones
    assert table.counties_matching("dongguan")[0].name == "东莞市"
    assert "千阳县" in [r.name for r in table.counties_matching("qy", limit=100)]
    assert table.counties_matching("shanxian")[0].name == "单县"  # place-name reading, not dan
    assert table.counties_matching("zzzz") == []
    assert table.counties_matching("不存在的地方") == []


def test_default_regions_is_cached_and_fast():
    default_regions.cache_clear()
    start = time.perf_counter()
    first = default_regions()
    elapsed = time.perf_counter() - start
    assert default_regions() is first
    assert elapsed < 0.3, f"loading the region table took {elapsed:.3f}s"


def test_load_from_gzip_and_explicit_path(tmp_path):
    gz = tmp_path / "regions.csv.gz"
    gz.write_bytes(gzip.compress((REF / "regions.csv").read_bytes()))
    (tmp_path / "VERSION").write_text("test-edition\n", encoding="utf-8")
    t = RegionTable.load(gz)
    assert t.version == "test-edition"
    assert len(t) == len(default_regions())
    assert t.get("610328").name == "千阳县"


def test_bad_file_is_reported(tmp_path):
    bad = tmp_path / "regions.csv"
    bad.write_text("code,name,level,parent_code,valid_to,successor_code,urban_rural_code\n"
                   "6103,宝鸡市,市,610000000000,,,\n", encoding="utf-8")
    with pytest.raises(ValueError, match="区划参考数据文件"):
        RegionTable.load(bad)
    assert RegionTable.load(REF / "regions.csv").version != "unknown"
    lone = tmp_path / "lone" / "regions.csv"
    lone.parent.mkdir()
    shutil.copy(REF / "regions.csv", lone)
    assert RegionTable.load(lone).version == "unknown"


def test_frozen_bundle_finds_resources(tmp_path, monkeypatch):
    import sys

    ref = tmp_path / "resources" / "reference"
    ref.mkdir(parents=True)
    shutil.copy(REF / "regions.csv", ref / "regions.csv")
    (ref / "VERSION").write_text("frozen-edition", encoding="utf-8")
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert RegionTable.load().version == "frozen-edition"


def test_region_is_frozen(table):
    r = table.get("610328")
    assert isinstance(r, Region)
    with pytest.raises(AttributeError):
        r.name = "x"  # type: ignore[misc]
