"""Realistic national-system person exports (domain.md §6.1, 47 columns) for the sample file, the tests and
the benchmark: real Baoji villages, valid ID numbers (``make_id_number``), plausible households, ages,
labour categories, schooling and the legacy flat work columns. The same seed gives the same rows."""
from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

from desktop.domain.idnumber import make_id_number
from desktop.domain.regions import RegionLevel, default_regions

NATIONAL_HEADER = [
    "省", "市", "县", "乡", "村", "户编号", "人口编号", "姓名", "性别", "出生日期", "证件类型", "证件号码", "民族",
    "户联系电话", "成员联系电话", "年度", "与户主关系", "文化程度", "在校生状况", "劳动技能", "务工时间（月）",
    "健康状况", "政治面貌", "务工企业名称", "是否享受低保", "是否参加城镇职工基本养老保险", "是否参加大病保险",
    "是否参加新型农村合作医疗（城乡居民基本医疗保险）", "是否参加城乡居民基本养老保险", "失学或辍学原因",
    "是否会讲普通话", "是否参加商业补充医疗保险", "是否国外务工", "产业分类", "是否接受大病医疗救助",
    "是否接受其他健康扶贫", "公益性岗位类型", "公益性岗位(月数)", "就业渠道", "残疾类别", "务工所在地",
    "户主姓名", "户主证件号码", "是否参加城镇职工基本医疗保险", "是否特困供养人员", "残疾证办证年度", "识别标准",
]
assert len(NATIONAL_HEADER) == 47

SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任"
GIVEN_M = "建国军华伟强磊勇明亮平刚辉鹏飞志宏海涛波斌俊杰浩宇博文虎龙生福贵荣发旺顺利成安康"
GIVEN_F = "艳娟芳秀英兰红霞晨欣怡佳琪梦婷雪丽静敏燕玲桂凤琴春梅彩云翠花娥喜"
WORK_PLACES = [
    ("江苏省苏州市吴中区", "苏州某电子有限公司"), ("广东省深圳市宝安区", "深圳某科技有限公司"),
    ("浙江省金华市义乌市", "义乌某小商品公司"), ("天津市滨海新区", "天津某制造有限公司"),
    ("陕西省西安市雁塔区", "西安某建筑工程公司"), ("陕西省西安市未央区", "西安某物流有限公司"),
    ("陕西省宝鸡市渭滨区", "宝鸡某机床厂"), ("陕西省宝鸡市陈仓区", "宝鸡某商贸公司"),
]
CHANNELS = ["有组织劳务输出", "劳务协作", "亲友介绍", "自主求职", "招聘会/平台"]
POSTS = ["护林员", "护路员", "保洁员", "村务管理员"]
SCHOOL = [(6, "学前教育"), (12, "小学"), (13, "七年级"), (14, "八年级"), (15, "九年级"), (16, "普通高中一年级"),
          (17, "普通高中二年级"), (18, "普通高中三年级"), (19, "本科一年级"), (20, "本科二年级")]


def baoji_villages():
    regions = default_regions()
    villages = [v for v in regions.villages_of("610300000000") if not v.retired]
    out = []
    for v in villages:
        chain = {r.level: r for r in regions.ancestors(v.code)}
        out.append((v.code, "陕西省", "宝鸡市", chain[RegionLevel.COUNTY].name,
                    regions.short_name(chain[RegionLevel.TOWNSHIP].code), regions.short_name(v.code)))
    return out


class _Gen:
    def __init__(self, seed: int, year: int, today: date):
        self.rng = random.Random(seed)
        self.year = year
        self.today = today
        self.used_ids: set[str] = set()
        self.villages = baoji_villages()
        self.person_seq = 0

    def name(self, surname: str, male: bool) -> str:
        pool = GIVEN_M if male else GIVEN_F
        return surname + "".join(self.rng.choice(pool) for _ in range(self.rng.choice((1, 2, 2))))

    def id_number(self, county6: str, birth: date, male: bool) -> str:
        while True:
            order = self.rng.randrange(0, 999)
            if order % 2 != (1 if male else 0):
                order += 1
            number = make_id_number(county6, birth, order)
            if number not in self.used_ids:
                self.used_ids.add(number)
                return number

    def birth(self, age: int) -> date:
        start = date(self.today.year - age - 1, self.today.month, 1) + timedelta(days=self.rng.randrange(1, 360))
        return min(start, self.today - timedelta(days=365 * age + 1))

    def phone(self) -> str:
        return "1" + self.rng.choice("3578") + "".join(str(self.rng.randrange(10)) for _ in range(9))

    def household(self, hh_index: int):
        rng = self.rng
        code, prov, city, county, town, village = self.villages[hh_index % len(self.villages)]
        county6 = code[:6]
        hh_no = f"{code}{hh_index:06d}"
        surname = rng.choice(SURNAMES)
        head_age = rng.randrange(28, 75)
        head_male = rng.random() < 0.85
        members = [("户主", head_age, head_male, surname)]
        if rng.random() < 0.85:
            members.append(("配偶", max(22, head_age + rng.randrange(-5, 4)), not head_male, rng.choice(SURNAMES)))
        for _ in range(rng.choice((0, 1, 1, 2, 2, 3))):
            child_age = head_age - rng.randrange(22, 34)
            if child_age < 1:
                continue
            male = rng.random() < 0.5
            rel = ("之子" if male else "之女") if head_male else ("之子" if male else "之女")
            members.append((rel, child_age, male, surname if head_male else rng.choice(SURNAMES)))
        if head_age < 50 and rng.random() < 0.3:
            members.append(("之母", head_age + rng.randrange(22, 30), False, rng.choice(SURNAMES)))
        hh_phone = self.phone()
        head_name = head_id = None
        rows = []
        for rel, age, male, sname in members:
            birth = self.birth(age)
            number = self.id_number(county6, birth, male)
            name = self.name(sname, male)
            if rel == "户主":
                head_name, head_id = name, number
            self.person_seq += 1
            school = next((s for a, s in SCHOOL if age <= a), None) if 3 <= age <= 20 else None
            if school and age >= 19 and rng.random() < 0.5:
                school = None
            education = None if school else rng.choice(("小学", "初中", "初中", "高中", "大专", "文盲或半文盲"))
            if age < 3:
                school, education = "学龄前儿童", None
            health = "健康" if rng.random() < 0.85 else rng.choice(("长期慢性病", "患有大病", "残疾", "残疾,长期慢性病"))
            if age < 16 or school:
                skill = "无劳动力"
            elif age >= 60:
                skill = rng.choice(("弱劳动力或半劳动力", "无劳动力"))
            elif health != "健康":
                skill = rng.choice(("弱劳动力或半劳动力", "丧失劳动力"))
            else:
                skill = "技能劳动力" if rng.random() < 0.15 else "普通劳动力"
            months = place = employer = channel = post = post_months = None
            if skill in ("普通劳动力", "技能劳动力") and rng.random() < 0.8:
                if rng.random() < 0.1:
                    post, post_months, months = rng.choice(POSTS), 12, 12
                else:
                    place, employer = rng.choice(WORK_PLACES)
                    months = rng.randrange(3, 13)
                    channel = rng.choice(CHANNELS)
            row = [prov, city, county, town, village, hh_no, f"{hh_no}{len(rows) + 1:02d}", name, "男" if male else "女",
                   birth.isoformat(), "居民身份证", number, "汉族", hh_phone,
                   self.phone() if 16 <= age < 70 else None, self.year, rel, education, school, skill, months or 0,
                   health, "群众", employer, "否", "否", "是", "是", "是", None, "是", "否", "否", None, "否", "否",
                   post, post_months, channel, "肢体残疾" if "残疾" in health else None, place, None, None, "否",
                   "否", None, "国家标准"]
            rows.append(row)
        for row in rows:
            row[41], row[42] = head_name, head_id
        return rows


def national_rows(rows: int, seed: int = 2023, year: int | None = None, today: date | None = None) -> list[list]:
    """About ``rows`` person rows (whole households) in the 47-column order of ``NATIONAL_HEADER``."""
    today = today or date.today()
    gen = _Gen(seed, year or today.year - 1, today)
    out: list[list] = []
    index = 0
    while len(out) < rows:
        index += 1
        out.extend(gen.household(index))
    return out


def write_national_export(path: Path, rows: list[list], *, title: str | None = "脱贫人口信息（全国防止返贫监测信息系统导出）",
                          engine: str = "openpyxl") -> Path:
    """Write the rows as a national export: an optional title row and a blank row above the header, the
    way the system's exports look. ``engine="fast"`` uses the app's streaming writer (benchmarks)."""
    path = Path(path)
    if engine == "fast":
        from .xlsx.writer import XlsxWriter
        writer = XlsxWriter(path)
        if title:  # the streaming writer puts its header row first: the title takes that place
            writer.add_sheet("Sheet1", [title], [[None], NATIONAL_HEADER, *rows])
        else:
            writer.add_sheet("Sheet1", NATIONAL_HEADER, rows)
        writer.close()
        return path
    import openpyxl
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("Sheet1")
    if title:
        ws.append([title])
        ws.append([])
    ws.append(NATIONAL_HEADER)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path
