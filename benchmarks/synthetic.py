"""A large synthetic ledger for the window benchmarks: Baoji villages, valid-looking ID numbers, a few
thousand distinct names (so the pinyin cache is warm), a third of the labour force in work.

``build(path, persons)`` writes it through ``Ledger.insert_new`` (the fast path for new records).
"""
from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

from desktop.domain.codes import EmploymentForm, HouseholdType, LabourSkill, MonitorCategory, Relation, Sex
from desktop.domain.models import EmploymentSpell, Household, Person
from desktop.store.ledger import Ledger

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文单仇解"
GIVEN = ["伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明",
         "超", "秀兰", "霞", "平", "刚", "桂英", "建国", "建华", "国强", "春梅", "海燕", "小红", "志强", "文",
         "玉兰", "红梅", "宏", "斌", "鹏", "辉", "玲", "晓东", "永刚"]
_WEIGHTS = [11, 7, 31, 31, 5, 31, 9, 31]


def _check_digit(body: str) -> str:
    total = sum(int(d) * w for d, w in zip(body, [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]))
    return "10X98765432"[total % 11]


def id_number(county6: str, birth: date, serial: int, sex: Sex) -> str:
    seq = serial % 500 * 2 + (1 if sex is Sex.MALE else 0)
    body = f"{county6}{birth:%Y%m%d}{seq:03d}"
    return body + _check_digit(body)


def _villages() -> list[str]:
    from desktop.domain.regions import default_regions
    table = default_regions()
    codes = [r.code for r in table.villages_of("610328000000")]  # 千阳县
    return codes or ["610328100201"]


def records(persons: int, seed: int = 7, today: date | None = None):
    """Yield households, persons and spells until ``persons`` persons were made."""
    rng = random.Random(seed)
    today = today or date.today()
    villages = _villages()
    made = serial = 0
    while made < persons:
        village = rng.choice(villages)
        monitored = rng.random() < 0.08
        household = Household(village_code=village, hh_no=f"{village[:9]}{serial:07d}",
                              hh_type=HouseholdType.LIFTED if rng.random() < 0.7 else HouseholdType.ORDINARY,
                              monitor_category=MonitorCategory.EDGE if monitored else None,
                              phone=f"13{rng.randrange(10**8, 10**9)}")
        yield household
        surname = rng.choice(SURNAMES)
        size = min(rng.choice([1, 2, 3, 3, 4, 4, 5, 6]), persons - made)
        for i in range(size):
            serial += 1
            sex = Sex.MALE if (i == 0) == (rng.random() < 0.85) else Sex.FEMALE
            age = rng.randint(30, 70) if i < 2 else rng.randint(1, 45)
            birth = today - timedelta(days=age * 365 + rng.randrange(365))
            skill = (LabourSkill.NONE if age < 16 else
                     rng.choice([LabourSkill.ORDINARY, LabourSkill.ORDINARY, LabourSkill.SKILLED,
                                 LabourSkill.WEAK] if age < 60 else [LabourSkill.WEAK, LabourSkill.LOST]))
            name = (surname if i == 0 or rng.random() < 0.5 else rng.choice(SURNAMES)) + rng.choice(GIVEN)
            person = Person(household_id=household.id, name=name, sex=sex, birth_date=birth,
                            id_number=id_number(village[:6], birth, serial, sex),
                            relation=Relation.HEAD if i == 0 else rng.choice([Relation.SPOUSE, Relation.SON,
                                                                              Relation.DAUGHTER]),
                            labour_skill=skill, phone=f"15{rng.randrange(10**8, 10**9)}" if age >= 16 else None)
            yield person
            made += 1
            if skill.has_capacity and rng.random() < 0.55:
                start = today - timedelta(days=rng.randrange(30, 900))
                ended = rng.random() < 0.35
                yield EmploymentSpell(person_id=person.id, form=rng.choice(list(EmploymentForm)),
                                      start_date=start, work_county_code=rng.choice(
                                          ["610328000000", "610302000000", "440300000000", "320500000000"]),
                                      end_date=start + timedelta(days=rng.randrange(20, 300)) if ended else None)


def build(path: Path | str, persons: int, seed: int = 7) -> Ledger:
    ledger = Ledger.open(path)
    batch: list = []
    for record in records(persons, seed):
        batch.append(record)
        if len(batch) >= 50000:
            ledger.insert_new(batch)
            batch = []
    if batch:
        ledger.insert_new(batch)
    return ledger
