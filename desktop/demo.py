"""A realistic demo ledger: Baoji villages, valid ID numbers, plausible households and employment.

Shapes follow the Baoji report and domain.md: most households 脱贫户, some monitored; labour members mostly
working (省外 coastal factories and construction, 省内县外 Xi'an, 县内 workshops and public-welfare posts),
a few households with nobody working (零就业) so that view has something to show, some of them overdue.
The same seed gives the same ledger.
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Callable

from desktop.domain.codes import (
    Channel, Contract, Education, EmploymentForm, HouseholdType, Industry, LabourSkill, MonitorCategory,
    PersonStatus, PoliticalStatus, PovertyAttribute, Relation, SchoolStatus, Sex,
)
from desktop.domain.age import age_on
from desktop.domain.idnumber import make_id_number
from desktop.domain.models import EmploymentSpell, Household, Person
from desktop.domain.regions import default_regions

BAOJI = "610300000000"
HOME_COUNTY_FIRST = "610328000000"  # 千阳县: a first-run demo stays in one county, like a real assistant's

SURNAMES = ("王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁"
            "任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严"
            "覃武戴莫孔向汤单仇解查区朴盖尉")
GIVEN = ("建国军华伟强磊洋勇艳娟芳秀英兰红霞明亮平刚辉鹏飞志宏海涛波斌俊杰浩宇博文晨欣怡佳琪梦婷雪丽静"
         "敏燕玲桂凤琴春梅小小宝虎龙生福贵荣发金银彩云翠花娥霞喜来旺顺利成安康")

# Work places by bucket: (12-digit county code, typical employers, industry)
OUT_OF_PROVINCE = [
    ("320506000000", "苏州某电子有限公司", Industry.C), ("440306000000", "深圳某科技有限公司", Industry.C),
    ("330782000000", "义乌某小商品公司", Industry.F), ("440307000000", "深圳某建筑劳务公司", Industry.E),
    ("120116000000", "天津某制造有限公司", Industry.C), ("110105000000", "北京某物业服务公司", Industry.O),
    ("350206000000", "厦门某食品有限公司", Industry.C), ("510104000000", "成都某餐饮管理公司", Industry.H),
]
IN_PROVINCE = [
    ("610113000000", "西安某建筑工程公司", Industry.E), ("610116000000", "西安某物流有限公司", Industry.G),
    ("610302000000", "宝鸡某机床厂", Industry.C), ("610303000000", "宝鸡某商贸公司", Industry.F),
]
LOCAL_EMPLOYERS = [("某村社区工厂", Industry.C), ("某镇就业帮扶车间", Industry.C), ("某苹果合作社", Industry.A),
                   ("某养殖专业合作社", Industry.A), ("县城某餐馆", Industry.H)]
PUBLIC_POSTS = ["护林员", "护路员", "保洁员", "护水员", "村务管理员"]


@dataclass
class DemoSummary:
    households: int
    persons: int
    spells: int


def generate(ledger, households: int, seed: int | None = 2021,
             progress: Callable[[int, int, str], None] | None = None,
             today: date | None = None) -> DemoSummary:
    """Add ``households`` demo households (with members and spells) to ``ledger``."""
    maker = _Maker(random.Random(seed), today or date.today())
    ledger.set_meta("demo", "1")  # invented people: this ledger must never log in to the county
    villages = maker.pick_villages(households)
    batch: list = []
    counts = DemoSummary(0, 0, 0)
    for index in range(households):
        records = maker.household(villages[index % len(villages)], index)
        counts.households += 1
        counts.persons += sum(isinstance(r, Person) for r in records)
        counts.spells += sum(isinstance(r, EmploymentSpell) for r in records)
        batch.extend(records)
        if len(batch) >= 20000 or index == households - 1:
            ledger.insert_new(batch)
            batch = []
            if progress:
                progress(index + 1, households, "生成演示数据")
    return counts


class _Maker:
    def __init__(self, rng: random.Random, today: date):
        self.rng = rng
        self.today = today
        self.regions = default_regions()
        self.used_ids: set[str] = set()
        self.home_spells_this_year = date(today.year, 1, 1)

    def pick_villages(self, households: int) -> list[str]:
        # About 40 households per village, starting in one county, spreading to Baoji as the ledger grows.
        wanted = max(1, households // 40)
        home = [v.code for v in self.regions.villages_of(HOME_COUNTY_FIRST)]
        rest = [v.code for v in self.regions.villages_of(BAOJI) if not v.code.startswith(HOME_COUNTY_FIRST[:6])]
        self.rng.shuffle(home)
        self.rng.shuffle(rest)
        return (home + rest)[:wanted] or home[:1]

    # ------------------------------------------------------------------ people
    def name(self, surname: str | None = None) -> str:
        surname = surname or self.rng.choice(SURNAMES)
        return surname + "".join(self.rng.choice(GIVEN) for _ in range(self.rng.choice((1, 2, 2))))

    def birth(self, age: int) -> date:
        """A birth date giving exactly ``age`` full years today (365-day years would drift past leap days)."""
        day = min(self.today.day, 28) if self.today.month == 2 else self.today.day
        latest = date(self.today.year - age, self.today.month, day)
        return latest - timedelta(days=self.rng.randint(0, 364))

    def id_number(self, county6: str, birth: date, sex: Sex) -> str:
        while True:
            # the order code's parity is the sex: odd 男, even 女
            order = self.rng.randrange(0, 499) * 2 + (1 if sex is Sex.MALE else 0)
            number = make_id_number(county6, birth, order)
            if number not in self.used_ids:
                self.used_ids.add(number)
                return number

    def phone(self) -> str:
        return self.rng.choice(("13", "15", "17", "18", "19")) + "".join(
            str(self.rng.randrange(10)) for _ in range(9))

    def person(self, household: Household, relation: Relation, age: int, sex: Sex, surname: str | None) -> Person:
        birth = self.birth(age)
        county = household.village_code[:6]
        if age < 16:
            skill = LabourSkill.NONE
        elif age >= 60:
            skill = self.rng.choices((LabourSkill.WEAK, LabourSkill.NONE), (3, 2))[0]
        else:
            skill = self.rng.choices((LabourSkill.ORDINARY, LabourSkill.SKILLED), (78, 22))[0]
        education, school = self.schooling(age)
        if school is not None:
            skill = LabourSkill.NONE
        health = self.rng.choices(("健康", "长期慢性病", "残疾", "患有大病"), (85, 9, 4, 2))[0]
        if health != "健康" and skill in (LabourSkill.ORDINARY, LabourSkill.SKILLED):
            # 弱半劳动力 are the sick and disabled; a share of them still works (a warning to confirm)
            skill = LabourSkill.WEAK
        return Person(
            household_id=household.id, name=self.name(surname), id_number=self.id_number(county, birth, sex),
            sex=sex, birth_date=birth, relation=relation, labour_skill=skill, education=education,
            school_status=school, health=health,
            disability_category="肢体残疾" if health == "残疾" else None,
            political_status=PoliticalStatus.PARTY if self.rng.random() < 0.04 else PoliticalStatus.MASSES,
            phone=self.phone() if 18 <= age < 70 and self.rng.random() < 0.8 else None,
            speaks_mandarin=True, status=PersonStatus.NORMAL)

    def schooling(self, age: int) -> tuple[Education | None, SchoolStatus | None]:
        if age < 3:
            return None, SchoolStatus.PRESCHOOL_CHILD
        if age < 6:
            return None, SchoolStatus.PRESCHOOL_EDU
        if age < 12:
            return None, SchoolStatus.PRIMARY
        if age < 15:
            return None, (SchoolStatus.GRADE7, SchoolStatus.GRADE8, SchoolStatus.GRADE9)[age - 12]
        if age < 18 and self.rng.random() < 0.8:
            return None, (SchoolStatus.HIGH1, SchoolStatus.HIGH2, SchoolStatus.HIGH3, SchoolStatus.VOC1)[
                min(age - 15, 3)]
        if age < 45:
            return self.rng.choices((Education.JUNIOR, Education.SENIOR, Education.COLLEGE, Education.PRIMARY),
                                    (50, 25, 10, 15))[0], None
        return self.rng.choices((Education.PRIMARY, Education.JUNIOR, Education.ILLITERATE), (45, 35, 20))[0], None

    # ------------------------------------------------------------------ households
    def household(self, village_code: str, index: int) -> list:
        rng = self.rng
        # 脱贫不稳定户 are 脱贫户 under monitoring; 边缘易致贫户 / 突发严重困难户 are 一般农户
        category = rng.choice(list(MonitorCategory)) if rng.random() < 0.15 else None
        lifted = category in (None, MonitorCategory.UNSTABLE)
        monitored = category is not None
        household = Household(
            village_code=village_code, hh_no=f"{village_code}{index % 10000:04d}",
            hh_type=HouseholdType.LIFTED if lifted else HouseholdType.ORDINARY,
            poverty_attr=rng.choices(list(PovertyAttribute), (80, 15, 5))[0] if lifted else None,
            monitor_category=category,
            risk_eliminated=(rng.random() < 0.6) if monitored else None,
            natural_village=f"{rng.randint(1, 9)}组", phone=self.phone(),
            support_person=self.name(), support_phone=self.phone())
        surname = rng.choice(SURNAMES)
        head_age = rng.randint(32, 78)
        head_sex = Sex.MALE if rng.random() < 0.85 else Sex.FEMALE
        members = [self.person(household, Relation.HEAD, head_age, head_sex, surname)]
        if rng.random() < 0.8:
            other = Sex.FEMALE if head_sex is Sex.MALE else Sex.MALE
            members.append(self.person(household, Relation.SPOUSE, max(20, head_age + rng.randint(-5, 3)),
                                       other, None))
        for _ in range(rng.choices((0, 1, 2, 3), (15, 35, 35, 15))[0]):
            child_age = max(0, head_age - rng.randint(22, 34))
            sex = rng.choice((Sex.MALE, Sex.FEMALE))
            members.append(self.person(household, Relation.SON if sex is Sex.MALE else Relation.DAUGHTER,
                                       child_age, sex, surname if sex is Sex.MALE or rng.random() < .9 else None))
        if head_age < 50 and rng.random() < 0.25:
            members.append(self.person(household, Relation.MOTHER, head_age + rng.randint(22, 30), Sex.FEMALE,
                                       None))
        spells: list[EmploymentSpell] = []
        nobody_works = rng.random() < 0.03  # 零就业 households for the clearance view
        for person in members:
            age = self.age(person)
            if not person.labour_skill.has_capacity or age < 16:
                continue
            if nobody_works:
                if age >= 18 and rng.random() < 0.5:  # worked once; the job ended
                    spells.extend(self.ended_spell(person, before=self.today))
            elif person.labour_skill is LabourSkill.WEAK:
                # 弱半劳动力 get public-welfare posts first (domain.md §3.6)
                if rng.random() < 0.6:
                    spells.append(self.public_post(person, household, self.today - timedelta(
                        days=rng.randint(20, 700))))
            else:
                spells.extend(self.spells_for(person, household))
        return [household, *members, *spells]

    def spells_for(self, person: Person, household: Household) -> list[EmploymentSpell]:
        rng = self.rng
        if rng.random() > 0.9:  # most labourers work; a few zero-employment households remain to clear
            return []
        start = self.today - timedelta(days=rng.randint(20, 900))
        roll = rng.random()
        older = self.age(person) >= 45
        if older and roll < 0.2 or roll < 0.06:
            spell = self.public_post(person, household, start)
        elif roll < 0.50:
            code, employer, industry = rng.choice(OUT_OF_PROVINCE)
            spell = self.job(person, EmploymentForm.MIGRANT, start, code, employer, industry,
                             rng.randint(3500, 7500), organised=rng.random() < 0.35)
        elif roll < 0.72:
            code, employer, industry = rng.choice(IN_PROVINCE)
            spell = self.job(person, EmploymentForm.MIGRANT, start, code, employer, industry,
                             rng.randint(2800, 5500), organised=rng.random() < 0.2)
        else:
            employer, industry = rng.choice(LOCAL_EMPLOYERS)
            form = EmploymentForm.WORKSHOP if "车间" in employer or "工厂" in employer else EmploymentForm.LOCAL
            spell = self.job(person, form, start, household.village_code[:9] + "000", employer, industry,
                             rng.randint(1800, 3200), organised=False)
        history = self.ended_spell(person, before=start) if rng.random() < 0.2 else []
        return [*history, spell]

    def public_post(self, person: Person, household: Household, start: date) -> EmploymentSpell:
        return EmploymentSpell(
            person_id=person.id, form=EmploymentForm.PUBLIC_POST, start_date=start,
            work_county_code=household.village_code, employer=f"{self.rng.choice(PUBLIC_POSTS)}（村委会）",
            industry=Industry.N, channel=Channel.OTHER, point_to_point=False,
            monthly_income=Decimal(self.rng.choice((500, 600, 800))), contract=Contract.SIGNED)

    def age(self, person: Person) -> int:
        return age_on(person.birth_date, self.today)

    def ended_spell(self, person: Person, before: date) -> list[EmploymentSpell]:
        rng = self.rng
        end = before - timedelta(days=rng.randint(15, 400))
        if (end - person.birth_date).days < 17 * 365:
            return []
        start = end - timedelta(days=rng.randint(60, 400))
        code, employer, industry = rng.choice(OUT_OF_PROVINCE + IN_PROVINCE)
        spell = self.job(person, EmploymentForm.MIGRANT, start, code, employer, industry, rng.randint(3000, 6000),
                         organised=False)
        spell.end_date = end
        return [spell]

    def job(self, person, form, start, code, employer, industry, income, organised) -> EmploymentSpell:
        return EmploymentSpell(
            person_id=person.id, form=form, start_date=start, work_county_code=code, employer=employer,
            industry=industry, channel=Channel.ORGANISED if organised else self.rng.choice(
                (Channel.RELATIVES, Channel.SELF, Channel.FAIR)),
            point_to_point=organised, monthly_income=Decimal(income),
            contract=self.rng.choice((Contract.SIGNED, Contract.SIGNED, Contract.UNSIGNED)))
