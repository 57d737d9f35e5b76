from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domain_fakes import ROWS, TODAY, FakeRegions
from desktop.domain.codes import Sex
from desktop.domain.idnumber import (
    IdInfo, InvalidIdNumber, birth_date_from_id, check_digit, make_id_number, parse_id_number,
    try_parse_id_number, upgrade_15,
)


def bad(raw, regions, **kw) -> InvalidIdNumber:
    with pytest.raises(InvalidIdNumber) as info:
        parse_id_number(raw, regions, **kw)
    return info.value


# ---------------------------------------------------------------- the worked examples of §5.1

def test_check_digit_worked_example_of_the_standard():
    # S = 167, 167 mod 11 = 2 -> "X"
    assert check_digit("11010519491231002") == "X"


def test_check_digit_worked_example_baoji():
    # S = 292, 292 mod 11 = 6 -> "6"
    assert check_digit("61032819850715003") == "6"


def test_check_digit_hand_checked():
    # 1 1 0 1 0 5 1 9 8 0 0 1 0 1 0 0 0 x weights -> 7+9+0+5+0+20+2+9+48+0+0+9+0+5+0+0+0 = 114;
    # 114 mod 11 = 4 -> "8"
    assert check_digit("11010519800101000") == "8"


@given(st.text("0123456789", min_size=17, max_size=17))
def test_check_digit_agrees_with_the_closed_form(body):
    # ISO 7064 MOD 11-2 closed form: check value = (12 - S mod 11) mod 11, 10 written X
    s = sum(int(c) * (2 ** (17 - i) % 11) for i, c in enumerate(body))
    value = (12 - s % 11) % 11
    assert check_digit(body) == ("X" if value == 10 else str(value))


def test_check_digit_needs_17_digits():
    with pytest.raises(ValueError):
        check_digit("1101051949123100")
    with pytest.raises(ValueError):
        check_digit("1101051949123100X")


def test_parse_standard_sample(regions):
    info = parse_id_number("11010519491231002X", regions, today=TODAY)
    assert info == IdInfo("11010519491231002X", None, date(1949, 12, 31), Sex.FEMALE, "110105")
    assert info.province_code == "11"


def test_parse_baoji_sample_is_male(regions):
    info = parse_id_number("610328198507150036", regions, today=TODAY)
    assert info.sex is Sex.MALE
    assert info.birth_date == date(1985, 7, 15)
    assert info.county_code == "610328"
    assert info.original is None


# ---------------------------------------------------------------- accepted input variants

def test_lower_case_x_is_accepted_and_stored_upper(regions):
    info = parse_id_number("11010519491231002x", regions, today=TODAY)
    assert info.number == "11010519491231002X"


def test_spaces_and_full_width_digits_are_normalised(regions):
    info = parse_id_number(" ６１０３２８ １９８５０７１５　００３６ ", regions, today=TODAY)
    assert info.number == "610328198507150036"
    info = parse_id_number("11010519491231002ｘ", regions, today=TODAY)
    assert info.number == "11010519491231002X"


def test_15_digit_number_is_upgraded_and_original_kept(regions):
    info = parse_id_number("110105491231002", regions, today=TODAY)
    assert info.number == "11010519491231002X"
    assert info.original == "110105491231002"
    assert info.birth_date == date(1949, 12, 31)
    assert info.sex is Sex.FEMALE
    assert upgrade_15("110105491231002") == "11010519491231002X"


def test_retired_county_code_is_accepted(regions):
    # 凤翔县 610322 became 凤翔区 610305 in 2021; IDs issued under the old code stay valid.
    number = make_id_number("610322", date(1970, 3, 1), 11)
    assert parse_id_number(number, regions, today=TODAY).county_code == "610322"


# ---------------------------------------------------------------- bad input

def test_empty(regions):
    err = bad("  ", regions)
    assert err.code == "id.required"


@pytest.mark.parametrize("raw", ["6103281985071500", "61032819850715003", "6103281985071500361"])
def test_wrong_length(raw, regions):
    err = bad(raw, regions)
    assert err.code == "id.length"
    assert str(err) == f"位数不对：应为18位（旧号码15位），实际{len(raw)}位"


def test_non_digit_in_body(regions):
    err = bad("61032819850715A036", regions)
    assert err.code == "id.chars"
    assert "含非数字字符" in str(err) and "第15位" in str(err) and "“A”" in str(err)


def test_x_only_allowed_last(regions):
    err = bad("6103281985071500X6", regions)
    assert err.code == "id.chars"
    assert "只有最后一位可以是X" in str(err)


def test_non_digit_in_15_digit_number(regions):
    err = bad("11010549123100X", regions)
    assert err.code == "id.chars"


def test_wrong_check_digit_names_the_right_one(regions):
    err = bad("610328198507150037", regions, today=TODAY)
    assert err.code == "id.checksum"
    assert str(err).startswith("校验位错误（应为6")
    err = bad("110105194912310021", regions, today=TODAY)
    assert "应为X" in str(err)


def test_impossible_birth_date(regions):
    body = "61032819850230003"                      # 30 February
    err = bad(body + check_digit(body), regions, today=TODAY)
    assert err.code == "id.birth_date"
    assert "出生日期不存在" in str(err) and "1985年02月30日" in str(err)


def test_impossible_birth_date_reported_before_checksum(regions):
    # a typo in the date digits usually breaks the checksum too; the date is the more useful reason
    err = bad("610328198513150036", regions, today=TODAY)
    assert err.code == "id.birth_date"


def test_impossible_date_in_15_digit_number(regions):
    err = bad("110105490229002", regions, today=TODAY)   # 1949 is not a leap year
    assert err.code == "id.birth_date"
    assert "第7-12位" in str(err)


def test_birth_before_1900(regions):
    body = "61032818991231003"
    err = bad(body + check_digit(body), regions, today=TODAY)
    assert err.code == "id.birth_date" and "早于1900年" in str(err)


def test_birth_in_the_future(regions):
    number = make_id_number("610328", date(2025, 6, 16), 3)
    err = bad(number, regions, today=TODAY)
    assert err.code == "id.birth_date" and "今天之后" in str(err)
    assert parse_id_number(number, regions, today=date(2025, 6, 16)).birth_date == date(2025, 6, 16)


def test_unknown_address_code(regions):
    number = make_id_number("610399", date(1985, 7, 15), 3)
    err = bad(number, regions, today=TODAY)
    assert err.code == "id.region"
    assert str(err) == "行政区划代码不存在：前6位“610399”不是已知的县级区划代码"


def test_invalid_id_number_is_a_value_error():
    assert issubclass(InvalidIdNumber, ValueError)


def test_try_parse(regions):
    assert try_parse_id_number("610328198507150037", regions, today=TODAY) is None
    assert try_parse_id_number(None, regions) is None
    assert try_parse_id_number("610328198507150036", regions, today=TODAY).sex is Sex.MALE


def test_birth_date_from_id_without_other_checks():
    assert birth_date_from_id("610328198507150037") == date(1985, 7, 15)   # bad check digit: still read
    assert birth_date_from_id("110105491231002") == date(1949, 12, 31)
    assert birth_date_from_id("61032819850230003X") is None
    assert birth_date_from_id("abc") is None


# ---------------------------------------------------------------- make_id_number

def test_make_id_number_reproduces_the_worked_examples():
    assert make_id_number("110105", date(1949, 12, 31), 2) == "11010519491231002X"
    assert make_id_number("610328", date(1985, 7, 15), 3) == "610328198507150036"


@pytest.mark.parametrize("args", [("61032", date(1985, 1, 1), 1), ("610328", date(1985, 1, 1), 1000),
                                  ("610328", date(1985, 1, 1), -1), ("61032a", date(1985, 1, 1), 1)])
def test_make_id_number_rejects_bad_arguments(args):
    with pytest.raises(ValueError):
        make_id_number(*args)


COUNTIES = ["110105", "610328", "610302", "610322", "610305", "330102", "610102"]


@settings(max_examples=150)
@given(county=st.sampled_from(COUNTIES), birth=st.dates(date(1900, 1, 1), TODAY),
       order=st.integers(0, 999), lower=st.booleans())
def test_round_trip(county, birth, order, lower):
    number = make_id_number(county, birth, order)
    info = parse_id_number(number.lower() if lower else number, FakeRegions(ROWS), today=TODAY)
    assert info.number == number
    assert info.birth_date == birth
    assert info.county_code == county
    assert info.sex is (Sex.MALE if order % 2 else Sex.FEMALE)
    assert info.original is None


@settings(max_examples=100)
@given(county=st.sampled_from(COUNTIES), birth=st.dates(date(1900, 1, 1), date(1999, 12, 31)),
       order=st.integers(0, 999))
def test_15_digit_round_trip(county, birth, order):
    number = make_id_number(county, birth, order)
    legacy = number[:6] + number[8:17]
    info = parse_id_number(legacy, FakeRegions(ROWS), today=TODAY)
    assert info.number == number and info.original == legacy


@settings(max_examples=150)
@given(birth=st.dates(date(1900, 1, 1), TODAY), order=st.integers(0, 999),
       position=st.integers(0, 17), delta=st.integers(1, 9))
def test_any_single_digit_error_is_caught(birth, order, position, delta):
    """MOD 11-2 catches every single-character substitution (and the other checks may fire first)."""
    number = make_id_number("610328", birth, order)
    chars = "0123456789X"
    old = number[position]
    new = chars[(chars.index(old) + delta) % (11 if position == 17 else 10)]
    mutated = number[:position] + new + number[position + 1:]
    with pytest.raises(InvalidIdNumber):
        parse_id_number(mutated, FakeRegions(ROWS), today=TODAY)


# ---------------------------------------------------------------- the shipped region table

def test_real_region_table():
    from desktop.domain.regions import default_regions
    table = default_regions()
    assert parse_id_number("610328198507150036", table, today=TODAY).sex is Sex.MALE
    assert parse_id_number("11010519491231002X", table, today=TODAY).birth_date == date(1949, 12, 31)
    # retired 凤翔县 still valid for ID numbers
    assert parse_id_number(make_id_number("610322", date(1960, 1, 1), 7), table, today=TODAY)
    assert bad(make_id_number("610399", date(1960, 1, 1), 7), table, today=TODAY).code == "id.region"


def test_default_table_is_used_when_none_is_given():
    assert parse_id_number("610328198507150036", today=TODAY).county_code == "610328"
    assert bad(make_id_number("999999", date(1960, 1, 1), 7), None, today=TODAY).code == "id.region"
