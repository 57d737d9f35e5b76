"""Place names of other systems' exports → codes, against the shipped region table."""
import pytest

from desktop.domain.regions import default_regions
from desktop.excel.placenames import VillageResolver, WorkPlaceResolver, stem


@pytest.fixture(scope="module")
def villages():
    return VillageResolver(default_regions())


@pytest.fixture(scope="module")
def places():
    return WorkPlaceResolver(default_regions())


@pytest.mark.parametrize("names", [
    ("陕西省", "宝鸡市", "千阳县", "城关镇", "新民村"),
    ("陕西", "宝鸡", "千阳", "城关", "新民村委会"),
    (None, None, "千阳县", "城关镇", "新民"),
    ("陕西省", "宝鸡市", " 千阳县 ", "城关镇", "新民村"),
])
def test_village_by_names_with_tolerant_suffixes(villages, names):
    assert villages.resolve(*names).code == "610328100200"


def test_community_names_without_the_nbs_prefix(villages):
    assert villages.resolve("陕西省", "宝鸡市", "千阳县", "城关镇", "西关社区").code == "610328100001"


def test_unknown_village_says_where_it_looked(villages):
    result = villages.resolve("陕西省", "宝鸡市", "千阳县", "城关镇", "火星村")
    assert result.code is None and "千阳县城关镇" in result.reason and "火星村" in result.reason


def test_counties_outside_baoji_have_no_villages_in_the_table(villages):
    result = villages.resolve("北京市", "市辖区", "东城区", "东华门街道", "多福巷社区")
    assert result.code is None and "宝鸡" in result.reason


def test_missing_names(villages):
    assert "村" in villages.resolve("陕西省", "宝鸡市", "千阳县", "城关镇", None).reason


@pytest.mark.parametrize("text, code", [
    ("江苏省苏州市吴中区", "320506000000"),
    ("苏州市吴中区", "320506000000"),
    ("宝鸡千阳", "610328000000"),
    ("北京市朝阳区", "110105000000"),
    ("广东省东莞市", "441900000000"),
])
def test_work_place_to_county(places, text, code):
    found = places.resolve(text)
    assert found.code == code and found.county_level


@pytest.mark.parametrize("text, code", [("江苏省", "320000000000"), ("陕西省西安市", "610100000000")])
def test_work_place_known_only_above_county(places, text, code):
    found = places.resolve(text)
    assert found.code == code and not found.county_level


def test_ambiguous_county_name_is_not_guessed(places):
    assert not places.resolve("朝阳区").county_level


def test_stem():
    assert stem("千阳县") == "千阳" and stem("新民村委会") == "新民" and stem("城关镇") == "城关"
    assert stem("东城区") == "东城"
