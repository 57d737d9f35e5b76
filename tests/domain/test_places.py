from datetime import date

import pytest

from domain_fakes import HOME_VILLAGE
from desktop.domain.codes import EmploymentForm, PlaceBucket
from desktop.domain.models import EmploymentSpell
from desktop.domain.places import code_depth, is_transfer, pad_code, place_bucket


def spell(code=None, abroad=False):
    return EmploymentSpell(person_id="P", form=EmploymentForm.MIGRANT, start_date=date(2024, 1, 1),
                           work_county_code=code, abroad=abroad)


@pytest.mark.parametrize("code, bucket", [
    ("330102000000", PlaceBucket.OUT_OF_PROVINCE),   # 杭州 上城区
    ("330102", PlaceBucket.OUT_OF_PROVINCE),         # 6-digit county code, padded
    ("110105", PlaceBucket.OUT_OF_PROVINCE),
    ("610102", PlaceBucket.PROVINCE),                # 西安 新城区: same province, other city
    ("610302", PlaceBucket.PROVINCE),                # 渭滨区: same city, other county
    ("610302100201", PlaceBucket.PROVINCE),
    ("610328101000", PlaceBucket.COUNTY),            # another township of 千阳县
    ("610328101201", PlaceBucket.COUNTY),            # a village in another township
    ("610328", PlaceBucket.COUNTY),                  # county only: W[0:9] != H[0:9] (§3.3 formula)
    ("610328100000", PlaceBucket.TOWNSHIP),          # the home township
    ("610328100207", PlaceBucket.TOWNSHIP),          # another village of the home township
    (HOME_VILLAGE, PlaceBucket.TOWNSHIP),
    ("610000", PlaceBucket.PROVINCE_UNRESOLVED),     # province only, same province
    ("61", PlaceBucket.PROVINCE_UNRESOLVED),
    ("610300", PlaceBucket.PROVINCE_UNRESOLVED),     # city only, home city: could be the home county
    ("610100", PlaceBucket.PROVINCE),                # city only, another city: outside the county
    ("330000", PlaceBucket.OUT_OF_PROVINCE),         # province only, other province
    ("44", PlaceBucket.OUT_OF_PROVINCE),
])
def test_buckets_from_a_qianyang_village(code, bucket):
    assert place_bucket(HOME_VILLAGE, spell(code)) is bucket


def test_abroad_wins_over_any_code():
    assert place_bucket(HOME_VILLAGE, spell(None, abroad=True)) is PlaceBucket.ABROAD
    assert place_bucket(HOME_VILLAGE, spell("610328", abroad=True)) is PlaceBucket.ABROAD


@pytest.mark.parametrize("code", [None, "", "杭州", "61032", "6103281002011", " ", "６１０３２８"])
def test_unusable_work_code_gives_none(code):
    assert place_bucket(HOME_VILLAGE, spell(code)) is None


def test_unusable_home_code_gives_none():
    assert place_bucket("", spell("610328")) is None
    assert place_bucket("not a code", spell("610328")) is None


def test_home_code_may_itself_be_short():
    assert place_bucket("610328", spell("610302")) is PlaceBucket.PROVINCE


def test_cities_without_counties_act_as_counties():
    home = "441900003001"                              # a 东莞 community
    assert place_bucket(home, spell("441900")) is PlaceBucket.COUNTY
    assert place_bucket(HOME_VILLAGE, spell("441900")) is PlaceBucket.OUT_OF_PROVINCE
    assert place_bucket("440103001001", spell("441900")) is PlaceBucket.PROVINCE


def test_summaries():
    assert PlaceBucket.TOWNSHIP.summary == PlaceBucket.COUNTY.summary == "县内"
    assert PlaceBucket.PROVINCE.summary == "省内县外"
    assert PlaceBucket.OUT_OF_PROVINCE.summary == "省外"


def test_transfer_threshold():
    assert not is_transfer(PlaceBucket.TOWNSHIP)
    assert is_transfer(PlaceBucket.COUNTY)
    assert not is_transfer(PlaceBucket.COUNTY, threshold="county")
    for bucket in (PlaceBucket.PROVINCE, PlaceBucket.OUT_OF_PROVINCE, PlaceBucket.ABROAD):
        assert is_transfer(bucket) and is_transfer(bucket, threshold="county")
    assert not is_transfer(None)
    with pytest.raises(ValueError):
        is_transfer(PlaceBucket.COUNTY, threshold="city")


def test_pad_code_and_depth():
    assert pad_code("610328") == "610328000000"
    assert pad_code(" 610328100 ") == "610328100000"
    assert pad_code("6103") == "610300000000"
    assert pad_code("61032") is None and pad_code(None) is None
    assert [code_depth(pad_code(c)) for c in ("61", "6103", "610328", "610328100", HOME_VILLAGE)] \
        == ["省", "市", "县", "乡", "村"]


def test_real_buckets_for_every_baoji_county():
    from desktop.domain.regions import default_regions
    table = default_regions()
    home = table.villages_of("610328")[0].code
    for county in table.children("610300"):
        expected = PlaceBucket.COUNTY if county.code[:6] == "610328" else PlaceBucket.PROVINCE
        assert place_bucket(home, spell(county.code)) is expected, county
