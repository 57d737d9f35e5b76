"""Cell values as people and other systems write them."""
from datetime import date, datetime
from decimal import Decimal

import pytest

from desktop.domain.codes import Education, LabourSkill, PoliticalStatus, Relation, Sex
from desktop.excel.columns import NATIONAL_BY_HEADER, normalize_header
from desktop.excel.values import CellError, parse_bool, parse_date, parse_decimal, parse_enum, parse_int, text


@pytest.mark.parametrize("raw", [date(1985, 7, 15), datetime(1985, 7, 15), "1985-07-15", "1985/7/15", "1985.7.15",
                                 "1985年7月15日", "19850715", 19850715, 31243, " 1985-07-15 ", "１９８５－０７－１５"])
def test_dates(raw):
    assert parse_date(raw) == date(1985, 7, 15)


@pytest.mark.parametrize("raw, word", [("1985-02-30", "不存在"), ("去年", "不是日期"), (1985, "只有年份")])
def test_bad_dates(raw, word):
    with pytest.raises(CellError, match=word):
        parse_date(raw)


def test_blank_cells_are_none():
    for parse in (parse_date, parse_bool, parse_int, parse_decimal, text):
        assert parse(None) is None
        assert parse("   ") is None


@pytest.mark.parametrize("raw, value", [("是", True), ("否", False), ("Y", True), ("n", False), (True, True),
                                        ("√", True), (1, True), ("0", False)])
def test_bools(raw, value):
    assert parse_bool(raw) is value


def test_bad_bool():
    with pytest.raises(CellError, match="是.*否"):
        parse_bool("也许")


@pytest.mark.parametrize("cls, raw, value", [
    (Relation, "之子", Relation.SON), (Relation, "儿子", Relation.SON), (Relation, "妻子", Relation.SPOUSE),
    (Relation, "孙子", Relation.GRANDSON), (Relation, "本人", Relation.HEAD),
    (LabourSkill, "弱劳动力", LabourSkill.WEAK), (LabourSkill, " 普通劳动力 ", LabourSkill.ORDINARY),
    (Education, "文盲半文盲", Education.ILLITERATE), (PoliticalStatus, "党员", PoliticalStatus.PARTY),
    (Sex, "女性", Sex.FEMALE)])
def test_enum_spellings(cls, raw, value):
    assert parse_enum(cls, raw) == value


def test_unknown_enum_lists_the_choices():
    with pytest.raises(CellError) as info:
        parse_enum(LabourSkill, "很强")
    assert "很强" in str(info.value) and "普通劳动力" in str(info.value)


def test_numbers():
    assert parse_int("12个月", 0, 12) == 12 and parse_int(3.0) == 3
    with pytest.raises(CellError, match="范围"):
        parse_int(13, 0, 12)
    with pytest.raises(CellError):
        parse_int("3.5")
    assert parse_decimal("3,500.5元") == Decimal("3500.50") and parse_decimal(2800) == Decimal("2800.00")
    with pytest.raises(CellError, match="金额"):
        parse_decimal("三千")


def test_text_of_numbers_keeps_digits():
    assert text(13912345678) == "13912345678" and text(13912345678.0) == "13912345678"


@pytest.mark.parametrize("header, key", [
    ("务工时间（月）", "work_months"), ("务工时间(月)", "work_months"), ("务工时间\n（月）", "work_months"),
    (" 证件号码 ", "id_number"), ("身份证号", "id_number"), ("公民身份号码", "id_number"), ("*姓名", "name"),
    ("人编号", "person_no"), ("人口编号", "person_no"), ("联系电话", "hh_phone"), ("人联系电话", "phone"),
    ("是否参加新型农村合作医疗（城乡居民基本医疗保险）", "ins_rural_medical"), ("公益性岗位(月数)", "public_post_months")])
def test_header_aliases(header, key):
    assert NATIONAL_BY_HEADER[normalize_header(header)].key == key
