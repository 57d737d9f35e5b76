import sqlite3
from datetime import date

import pytest

from desktop.domain.codes import Relation
from desktop.domain.models import Household, Person
from desktop.domain.names import search_text
from desktop.store.database import connect
from desktop.store.search import (
    MIN_DIGITS, PersonSearch, QueryKind, classify, forget, search_person_ids,
)

VILLAGE = "610328100201"


def _person(ledger, name, id_number, phone=None, household=None):
    if household is None:
        household = Household(village_code=VILLAGE)
        ledger.save(household)
    person = Person(household_id=household.id, name=name, id_number=id_number, phone=phone,
                    birth_date=date(int(id_number[6:10]), int(id_number[10:12]), int(id_number[12:14])),
                    relation=Relation.HEAD)
    ledger.save(person)
    return person


@pytest.fixture
def people(ledger):
    return {
        "zhangsan": _person(ledger, "张三", "610328198507150036", "13812345678"),
        "zeng": _person(ledger, "曾国强", "61032819900101123X", "15900001111"),
        "lizhang": _person(ledger, "李张", "610302197203040021"),
        "shan": _person(ledger, "单丽", "610303200011110048", "0917-3456789"),
    }


@pytest.fixture
def index(ledger, people):
    return PersonSearch(ledger.conn)


def test_zeng_is_found_by_both_readings_of_its_surname(index, people):
    zeng = people["zeng"].id
    for query in ("zeng", "ceng", "zengguoqiang", "cengguoqiang", "zgq", "cgq", "曾", "曾国强", "ZENG gq"[:4]):
        assert zeng in index.ids(query), query


def test_shan_is_found_as_shan_and_dan(index, people):
    assert people["shan"].id in index.ids("shanli")
    assert people["shan"].id in index.ids("danli")
    assert people["shan"].id in index.ids("dl")


def test_initials_full_and_partial_pinyin_find_zhang_san(index, people):
    zhangsan = people["zhangsan"].id
    for query in ("zs", "ZS", "ｚｓ", "zhangsan", "zhang san", "zhangs", "zhan", "张三", "张", "张s", "zhang三"):
        assert zhangsan in index.ids(query), query
    assert index.search("zs").kind is QueryKind.PINYIN
    assert index.search("张三").kind is QueryKind.NAME


def test_a_field_start_ranks_before_a_match_inside_a_field(index, people):
    assert index.ids("张") == [people["zhangsan"].id, people["lizhang"].id]   # surname before given name
    assert index.ids("zhang")[0] == people["zhangsan"].id


def test_id_number_fragments_find_the_person(index, people):
    zeng = people["zeng"].id
    assert index.ids("01123X") == [zeng]          # last 6 digits, upper-case X
    assert index.ids("01123x") == [zeng]
    assert index.ids("19900101") == [zeng]        # birth date
    assert index.ids("61032819900101123X") == [zeng]
    assert index.ids("0715003") == [people["zhangsan"].id]
    assert index.search("01123x").kind is QueryKind.NUMBER


def test_phone_fragments_find_the_person(index, people):
    assert index.ids("2345") == [people["zhangsan"].id]
    assert index.ids("138-1234") == [people["zhangsan"].id]
    assert index.ids("+86 138 1234 5678") == [people["zhangsan"].id]
    assert index.ids("0917-3456") == [people["shan"].id]


def test_fewer_than_four_digits_find_nothing_and_say_why(index):
    result = index.search("138")
    assert result.ids == [] and result.kind is QueryKind.NUMBER_TOO_SHORT
    assert MIN_DIGITS == 4 and classify("1381") is QueryKind.NUMBER


def test_no_false_hit_across_field_boundaries(index, people):
    # ID of 张三 ends ...0036, his phone starts 1381...: "00361381" spans the two fields
    assert index.ids("00361381") == []
    assert index.ids("0036|1381") == []
    # name and pinyin, and two pinyin keys, touch in search_text but are separate fields
    assert index.ids("张三zhang") == []
    assert index.ids("zhangsanzs") == []
    assert index.ids("sanzs") == []


def test_empty_and_unmatched_queries(index):
    assert index.search("").kind is QueryKind.EMPTY and index.ids("   ") == []
    assert index.ids("qqqq") == [] and index.ids("鑫鑫") == [] and index.ids("99999999") == []


def test_a_deleted_person_is_not_found_and_an_undone_delete_is_found_again(ledger, index, people):
    zhangsan = people["zhangsan"]
    deletion = ledger.delete(Person, zhangsan.id)
    assert index.ids("zhangsan") == []
    assert index.ids("2345") == []
    ledger.restore(deletion)
    assert index.ids("zhangsan") == [zhangsan.id]


def test_a_deleted_household_takes_its_members_out_of_the_search(ledger, index, people):
    household = ledger.household(people["zeng"].household_id)
    ledger.delete(Household, household.id)
    assert index.ids("zeng") == []


def test_deleted_persons_are_not_loaded(ledger, people):
    ledger.delete(Person, people["zeng"].id)
    assert PersonSearch(ledger.conn).ids("zeng") == []


def test_edits_are_picked_up_without_a_reload(ledger, index, people):
    zhangsan = people["zhangsan"]
    zhangsan.name = "张五"
    ledger.save(zhangsan)
    assert index.ids("zhangsan") == []
    assert index.ids("zhangwu") == [zhangsan.id]
    new = _person(ledger, "解放", "610328196001010010")
    assert index.ids("xiefang") == [new.id] and index.ids("jiefang") == [new.id]
    assert len(index) == 5


def test_writes_from_another_connection_and_hard_deletes_are_seen(ledger, index, people):
    other = connect(ledger.path)
    try:
        other.execute("UPDATE person SET phone = ?, search_text = ? WHERE id = ?",
                      ("13700000000", search_text("李张", "610302197203040021", "13700000000"),
                       people["lizhang"].id))
        assert index.ids("13700000") == [people["lizhang"].id]
        other.execute("DELETE FROM person WHERE id = ?", (people["lizhang"].id,))
        assert index.ids("13700000") == []
        assert index.ids("张") == [people["zhangsan"].id]
    finally:
        other.close()


def test_a_person_given_the_rowid_of_a_hard_deleted_one_is_found(ledger, index, people):
    """New persons are found by rowid; SQLite hands the highest rowid out again after its row is gone."""
    last = ledger.conn.execute("SELECT id, rowid FROM person ORDER BY rowid DESC LIMIT 1").fetchone()
    assert index.ids("shanli") == [people["shan"].id] == [last[0]]
    ledger.conn.execute("DELETE FROM person WHERE id = ?", (last[0],))
    newcomer = _person(ledger, "欧阳娜", "610328199203030021")
    assert ledger.conn.execute("SELECT rowid FROM person WHERE id = ?", (newcomer.id,)).fetchone()[0] == last[1]
    assert index.ids("ouyang") == [newcomer.id]
    assert index.ids("shanli") == []


def test_renumbered_rowids_read_the_index_again(ledger, index, people):
    """A table rebuild (or a VACUUM, which SQLite allows to) may renumber rowids: a newcomer can then get
    a rowid the index has seen already."""
    ledger.conn.execute("VACUUM")
    top = ledger.conn.execute("SELECT max(rowid) FROM person").fetchone()[0]
    ledger.conn.execute("UPDATE person SET rowid = rowid - 1")     # no search trigger fires for this
    newcomer = _person(ledger, "赵四", "610328199203030021")
    assert ledger.conn.execute("SELECT rowid FROM person WHERE id = ?", (newcomer.id,)).fetchone()[0] == top
    assert index.ids("zhaosi") == [newcomer.id]
    assert index.ids("ceng") == [people["zeng"].id] and len(index) == 5


def test_uncommitted_changes_are_not_taken_into_the_index(ledger, index, people):
    conn = ledger.conn
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("UPDATE person SET search_text = '|王五|wangwu|ww|' WHERE id = ?", (people["zeng"].id,))
    index.search("wangwu")
    conn.execute("ROLLBACK")
    assert index.ids("wangwu") == []
    assert index.ids("zeng") == [people["zeng"].id]


def test_within_limits_the_result_to_the_given_ids(index, people):
    assert index.ids("张", within={people["lizhang"].id}) == [people["lizhang"].id]
    assert index.ids("张", within=[]) == []


def test_total_is_counted_up_to_the_cap(ledger):
    household = Household(village_code=VILLAGE)
    ledger.save(household)
    with ledger.transaction():
        for i in range(30):
            _person(ledger, "王" + "一二三四五六七八九十"[i % 10], f"6103281985071500{i:02d}", household=household)
    index = PersonSearch(ledger.conn)
    result = index.search("wang", limit=10)
    assert len(result.ids) == 10 and result.total == 30 and result.exact
    capped = index.search("wang", limit=5, count_cap=12)
    assert len(capped.ids) == 5 and capped.total >= 12 and not capped.exact
    # a small ``within`` is checked person by person, with the same ranking and count
    ids = index.ids("wang", limit=100)
    few = {ids[7], ids[3]}
    assert index.search("wang", within=few).ids == [ids[3], ids[7]]
    assert index.search("wangyi", within=few | {ids[0]}).ids == [ids[0]]
    assert index.search("wangyi", within=few | {ids[0]}).total == 1
    assert index.search("wy", within={ids[0], ids[1], ids[10]}).ids == [ids[0], ids[10]]


def test_many_edits_compact_the_index_and_keep_it_right(tmp_path):
    from desktop.store.ledger import Ledger
    ledger = Ledger.open(tmp_path / "big.sqlite")
    try:
        rows = [(f"p{i:05d}", "h1", f"李{i}", f"6103281985{i:08d}", "之子", "普通劳动力", "居民身份证",
                 "健康", "正常", "t", "t", search_text("李四", f"6103281985{i:08d}", None)) for i in range(3000)]
        with ledger.transaction():
            ledger.conn.executemany(
                "INSERT INTO person (id, household_id, name, id_number, relation, labour_skill, id_type, "
                "health, status, created_at, updated_at, search_text) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", rows)
        index = PersonSearch(ledger.conn)
        assert index.search("lisi", count_cap=10_000).total == 3000
        ledger.conn.execute("UPDATE person SET search_text = replace(search_text, 'lisi', 'wangwu') "
                            "WHERE rowid % 3 = 0")
        ledger.conn.execute("UPDATE person SET deleted = 1 WHERE rowid % 3 = 1")
        assert index.search("lisi", count_cap=10_000).total == 1000
        assert index.search("wangwu", count_cap=10_000).total == 1000
        assert index._dead == 0  # compacted
        assert index.ids("198500000002") == ["p00002"]
        assert len(index) == 2000
    finally:
        ledger.close()


def test_search_person_ids_keeps_one_index_per_connection(ledger, people):
    conn = ledger.conn
    try:
        assert search_person_ids(conn, "ceng") == [people["zeng"].id]
        _person(ledger, "曾", "610328199001011111")
        assert len(search_person_ids(conn, "ceng")) == 2
        assert search_person_ids(conn, "ceng", limit=1) == [people["zeng"].id]
    finally:
        forget(conn)


def test_a_plain_sqlite_connection_works_too(ledger, people):
    conn = sqlite3.connect(ledger.path)
    try:
        assert PersonSearch(conn).ids("zs") == [people["zhangsan"].id]
    finally:
        conn.close()


def test_latin_names_nameless_rows_and_empty_search_text(ledger):
    tom = _person(ledger, "Tom Li", "610328198507150036")
    nameless = _person(ledger, "", "61032819900101123X", "13812345678")
    pending = _person(ledger, "王五", "610302197203040021")
    ledger.conn.execute("UPDATE person SET search_text = '' WHERE id = ?", (pending.id,))  # as pulled
    index = PersonSearch(ledger.conn)
    assert index.ids("tomli") == [tom.id] and index.ids("Tom") == [tom.id]
    assert index.ids("01123x") == [nameless.id] and index.ids("12345678") == [nameless.id]
    assert index.ids("wangwu") == []
    ledger.conn.execute("UPDATE person SET search_text = ? WHERE id = ?",
                        (search_text("王五", "610302197203040021", None), pending.id))
    assert index.ids("wangwu") == [pending.id]


def test_every_substring_of_every_key_finds_its_person(ledger):
    """The index splits pinyin keys into a full-pinyin and a short (initials) string and skips the full
    one for queries that cannot occur in full pinyin; no substring of any key may be lost by that."""
    import random
    rng = random.Random(5)
    pool = "张王李曾单仇解区朴查盖尉乐长重和行朝三丰国强丽芳华伟欧阳尉迟嗯呣哼阿鹅安恩儿二女绿吕"
    household = Household(village_code=VILLAGE)
    ledger.save(household)
    persons = []
    with ledger.transaction():
        for i in range(120):
            name = "".join(rng.choice(pool) for _ in range(rng.randint(1, 4)))
            persons.append(_person(ledger, name, f"6103281985071500{i:02d}", household=household))
    index = PersonSearch(ledger.conn)
    from desktop.domain.names import pinyin_keys
    for person in persons:
        for key in pinyin_keys(person.name):
            for a in range(len(key)):
                for b in range(a + 1, min(len(key), a + 5) + 1):
                    assert person.id in index.ids(key[a:b], limit=1000), (person.name, key, key[a:b])


def test_the_vowelless_characters_are_those_of_the_installed_pypinyin():
    import re
    import unicodedata

    from pypinyin.pinyin_dict import pinyin_dict

    from desktop.store.search import VOWELLESS_CHARS
    found = set()
    for code, readings in pinyin_dict.items():
        for reading in readings.split(","):
            plain = "".join(c for c in unicodedata.normalize("NFD", reading) if not unicodedata.combining(c))
            if not re.search("[aeiouvü]", plain):
                found.add(chr(code))
    assert found <= VOWELLESS_CHARS


def test_a_whole_field_ranks_before_a_field_start(ledger):
    household = Household(village_code=VILLAGE)
    ledger.save(household)
    longer = _person(ledger, "张三丰", "610328198507150036", household=household)
    inside = _person(ledger, "李张三", "610328198507150052", household=household)
    exact = _person(ledger, "张三", "610328198507150079", household=household)
    index = PersonSearch(ledger.conn)
    assert index.ids("张三") == [exact.id, longer.id, inside.id]
    assert index.ids("zhangsan") == [exact.id, longer.id, inside.id]
    assert index.ids("zs")[0] == exact.id
    assert index.ids("zs", within={exact.id, longer.id, inside.id}) == [exact.id, longer.id, inside.id]


@pytest.mark.parametrize("allowed", [20, 1200, 6000], ids=["person by person", "own strings", "filtered scan"])
def test_within_ranks_counts_and_follows_edits_whatever_its_size(ledger, allowed):
    household = Household(village_code=VILLAGE)
    ledger.save(household)
    names = ["王一", "王一丰", "李王一", "张三"]
    rows = [(f"p{i:05d}", household.id, names[i % 4], f"6103281985{i:08d}", "之子", "普通劳动力", "居民身份证",
             "健康", "正常", "t", "t", search_text(names[i % 4], f"6103281985{i:08d}", None))
            for i in range(12000)]
    with ledger.transaction():
        ledger.conn.executemany(
            "INSERT INTO person (id, household_id, name, id_number, relation, labour_skill, id_type, "
            "health, status, created_at, updated_at, search_text) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", rows)
    index = PersonSearch(ledger.conn)
    members = [f"p{i:05d}" for i in range(allowed)]
    within = set(members) | {"no-such-person"}
    expected_exact = members[0::4]
    expected_start = members[1::4]
    expected_inside = members[2::4]
    result = index.search("wangyi", limit=10_000, count_cap=10_000, within=within)
    assert result.ids == expected_exact + expected_start + expected_inside
    assert result.total == len(result.ids) and result.exact
    assert index.ids("王一", limit=10_000, within=within) == expected_exact + expected_start + expected_inside
    # typing on with the same filter after an edit
    ledger.conn.execute("UPDATE person SET deleted = 1 WHERE id = ?", (expected_exact[0],))
    assert index.ids("wangyi", limit=10_000, within=within) == result.ids[1:]
    assert len(index.ids("wy", limit=10_000, within=within)) == len(result.ids) - 1


def test_rows_written_before_search_text_had_groups_are_still_found(ledger):
    with ledger.transaction():
        ledger.conn.execute(
            "INSERT INTO person (id, household_id, name, id_number, relation, labour_skill, id_type, health, "
            "status, created_at, updated_at, search_text) VALUES ('old', 'h', '张三', '610328198507150036', "
            "'户主', '普通劳动力', '居民身份证', '健康', '正常', 't', 't', "
            "'|张三|zhangsan|zs|610328198507150036|13812345678|')")
    index = PersonSearch(ledger.conn)
    for query in ("张三", "zhangsan", "zs", "150036", "1381234"):
        assert index.ids(query) == ["old"], query
