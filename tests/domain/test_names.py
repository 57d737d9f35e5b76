import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.domain.names import (
    GROUP, MAX_COMBINATIONS, SEP, is_regular_pinyin, may_be_in_full_pinyin, normalize_name, normalize_query,
    pinyin_keys, search_text,
)


@pytest.mark.parametrize("raw, expected", [
    ("　张　三 ", "张三"),                 # ideographic and ASCII spaces
    ("张\t三\n", "张三"),
    ("ＬＩ　Ｍｉｎｇ", "LIMing"),          # full-width letters -> half-width, case kept
    ("阿依古丽·买买提", "阿依古丽买买提"),  # U+00B7
    ("阿依古丽・买买提", "阿依古丽买买提"),  # U+30FB katakana middle dot
    ("阿依古丽･买买提", "阿依古丽买买提"),  # U+FF65 half-width katakana middle dot
    ("阿依古丽•买买提", "阿依古丽买买提"),  # U+2022 bullet
    ("阿依古丽.买买提", "阿依古丽买买提"),
    ("阿依古丽．买买提", "阿依古丽买买提"),  # full-width full stop
    ("张\u200b三", "张三"),               # zero-width space from copied Excel cells
    ("", ""),
    (None, ""),
])
def test_normalize_name(raw, expected):
    assert normalize_name(raw) == expected


def test_zhang_san_has_full_pinyin_and_initials():
    assert pinyin_keys("张三") == ["zhangsan", "zs"]


@pytest.mark.parametrize("surname, readings", [
    ("曾", {"zeng", "ceng"}), ("单", {"shan", "dan"}), ("仇", {"qiu", "chou"}), ("解", {"xie", "jie"}),
    ("区", {"ou", "qu"}), ("朴", {"piao", "pu"}), ("查", {"zha", "cha"}), ("盖", {"ge", "gai"}),
    ("尉", {"yu", "wei"}), ("乐", {"yue", "le"}), ("翟", {"zhai", "di"}),
])
def test_every_reading_of_a_polyphonic_surname_is_a_key(surname, readings):
    keys = pinyin_keys(surname + "三")
    for reading in readings:
        assert reading + "san" in keys
        assert reading[0] + "s" in keys


def test_the_surname_reading_comes_first():
    assert pinyin_keys("曾国藩")[0] == "zengguofan"      # pypinyin alone says ceng
    assert pinyin_keys("单雄信")[0].startswith("shan")    # and dan
    assert pinyin_keys("仇小")[0].startswith("qiu")       # and chou


def test_compound_surnames_use_their_surname_reading():
    assert pinyin_keys("尉迟敬德")[0] == "yuchijingde"
    assert "moqixie" in pinyin_keys("万俟卨")
    assert pinyin_keys("欧阳修") == ["ouyangxiu", "oyx"]


def test_common_surnames_keep_only_their_surname_reading():
    assert pinyin_keys("王五") == ["wangwu", "ww"]          # not yuwu: 王 yu is no surname reading
    assert pinyin_keys("夏天") == ["xiatian", "xt"]


def test_given_name_polyphones_give_every_combination():
    keys = pinyin_keys("张长乐")
    assert {"zhangchangle", "zhangchangyue", "zhangzhangle", "zhangzhangyue", "zcl", "zcy"} <= set(keys)


def test_lv_is_also_found_as_lu():
    assert {"lvbu", "lubu", "lb"} <= set(pinyin_keys("吕布"))


def test_combinations_are_bounded_and_surname_readings_survive_the_bound():
    keys = pinyin_keys("单和乐行重朝长")  # 3 x 3 x 2 x 3 x 3 x 3 x 2 readings
    initials = [k for k in keys if len(k) == 7]
    full = [k for k in keys if len(k) > 7]
    assert len(full) <= MAX_COMBINATIONS and len(initials) <= MAX_COMBINATIONS
    assert {k[0] for k in initials} >= {"s", "d", "c"}
    assert any(k.startswith("shan") for k in full) and any(k.startswith("dan") for k in full)


def test_characters_without_reading_do_not_break_keys():
    assert pinyin_keys("李𠮷") == ["li", "l"]
    assert pinyin_keys("") == []


def test_search_text_layout():
    text = search_text("曾 三", "61032819850715003x", "+86 138-1234-5678")
    assert text == "|曾三|#|zengsan|cengsan|#|zs|cs|#|61032819850715003x|13812345678|"
    assert text == text.lower()


def test_search_text_keeps_the_original_id_and_every_phone():
    text = search_text("李四", "11010519491231002X", "13812345678 / 0917-1234567",
                       id_original="110105491231002")
    parts = text.split(GROUP)[3].strip(SEP).split(SEP)
    assert parts == ["11010519491231002x", "110105491231002", "13812345678", "09171234567"]


def test_search_text_of_a_latin_name_has_it_as_a_short_key():
    assert search_text("Tom Li", "", None) == "|tomli|#|#|tomli|#|"


def test_regular_pinyin_and_the_queries_that_can_occur_in_it():
    assert is_regular_pinyin("zhangsan") and is_regular_pinyin("xionganshan")
    assert not is_regular_pinyin("zs") and not is_regular_pinyin("hng")
    assert may_be_in_full_pinyin("zhangs") and may_be_in_full_pinyin("ngsa") and may_be_in_full_pinyin("a")
    assert not may_be_in_full_pinyin("zs") and not may_be_in_full_pinyin("wjy")
    assert not may_be_in_full_pinyin("azsa")


def test_search_text_of_nothing_is_empty():
    assert search_text("", "", None) == ""


@pytest.mark.parametrize("typed, expected", [
    ("ZhangSan", "zhangsan"), ("zhang san", "zhangsan"), ("ｚｓ", "zs"), ("xi'an", "xian"),
    ("lü", "lv"), ("张 三", "张三"), ("138-1234", "1381234"), ("６１０３", "6103"),
    ("+86 138 1234", "1381234"), ("0021X", "0021x"), ("a|b", "ab"), ("a#b", "ab"),
])
def test_normalize_query(typed, expected):
    assert normalize_query(typed) == expected


_HAN = st.sampled_from("张王李曾单仇解区朴查盖尉乐长重和行朝三丰国强丽芳华伟欧阳尉迟𠮷")


@settings(max_examples=200, deadline=None)
@given(name=st.text(_HAN | st.sampled_from(" ·|Ａa1\n"), max_size=8),
       id_number=st.text("0123456789Xx |", max_size=20), phone=st.text("0123456789+- |/", max_size=25))
def test_search_text_parts_never_contain_the_separator_and_include_every_key(name, id_number, phone):
    text = search_text(name, id_number, phone)
    if not text:
        return
    groups = text.split(GROUP)
    assert len(groups) == 4 and "\n" not in text
    for group in groups:
        assert group.startswith(SEP) and group.endswith(SEP)
        parts = group[1:-1].split(SEP) if group != SEP else []
        assert all(parts) and len(parts) == len(set(parts))
    for key in pinyin_keys(name):
        assert SEP + key + SEP in groups[1] + groups[2]
        if SEP + key + SEP in groups[1]:
            assert is_regular_pinyin(key)
        # every substring of a key is found where the search looks for it
        for a in range(len(key)):
            for b in range(a + 1, len(key) + 1):
                assert key[a:b] in groups[2] or (may_be_in_full_pinyin(key[a:b]) and key[a:b] in groups[1])
