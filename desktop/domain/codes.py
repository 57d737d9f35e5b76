"""Code lists of the ledger (domain.md §2). Values are the exact Chinese labels used by the national
system's exports, so they double as import/export values and as stored values.

Every enum is a ``StrEnum`` whose value is the label; ``Enum(label)`` parses a cell.
"""
from __future__ import annotations

from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"      # blocks saving / importing
    WARNING = "warning"  # saved after the user confirms


class Sex(StrEnum):
    MALE = "男"
    FEMALE = "女"


class HouseholdType(StrEnum):
    LIFTED = "脱贫户"
    ORDINARY = "一般农户"  # monitored households are 一般农户 with a 监测对象类别


class PovertyAttribute(StrEnum):
    GENERAL = "一般脱贫户"
    DIBAO = "低保脱贫户"
    TEKUN = "特困供养脱贫户"


class MonitorCategory(StrEnum):
    UNSTABLE = "脱贫不稳定户"
    EDGE = "边缘易致贫户"
    SUDDEN = "突发严重困难户"


class Relation(StrEnum):
    HEAD = "户主"
    SPOUSE = "配偶"
    SON = "之子"
    DAUGHTER = "之女"
    DAUGHTER_IN_LAW = "之儿媳"
    SON_IN_LAW = "之女婿"
    GRANDSON = "之孙子"
    GRANDDAUGHTER = "之孙女"
    DAUGHTERS_SON = "之外孙子"
    DAUGHTERS_DAUGHTER = "之外孙女"
    FATHER = "之父"
    MOTHER = "之母"
    WIFES_FATHER = "之岳父"
    WIFES_MOTHER = "之岳母"
    HUSBANDS_FATHER = "之公公"
    HUSBANDS_MOTHER = "之婆婆"
    GRANDFATHER = "之祖父"
    GRANDMOTHER = "之祖母"
    MATERNAL_GRANDFATHER = "之外祖父"
    MATERNAL_GRANDMOTHER = "之外祖母"
    SIBLING = "之兄弟姐妹"
    GREAT_GRANDSON = "之曾孙子"
    GREAT_GRANDDAUGHTER = "之曾孙女"
    NEPHEW = "之侄儿"
    NIECE = "之侄女"
    SIBLING_IN_LAW = "之兄弟媳妇"
    UNCLE = "之叔伯"
    OTHER = "其他"


class Education(StrEnum):
    ILLITERATE = "文盲或半文盲"
    PRIMARY = "小学"
    JUNIOR = "初中"
    SENIOR = "高中"
    COLLEGE = "大专"
    BACHELOR = "本科及以上"


class SchoolStatus(StrEnum):
    PRESCHOOL_CHILD = "学龄前儿童"
    PRESCHOOL_EDU = "学前教育"
    PRIMARY = "小学"
    GRADE7 = "七年级"
    GRADE8 = "八年级"
    GRADE9 = "九年级"
    HIGH1 = "普通高中一年级"
    HIGH2 = "普通高中二年级"
    HIGH3 = "普通高中三年级"
    VOC1 = "中职一年级"
    VOC2 = "中职二年级"
    VOC3 = "中职三年级"
    HVOC1 = "高职高专一年级"
    HVOC2 = "高职高专二年级"
    HVOC3 = "高职高专三年级"
    TECH1 = "技师学院一年级"
    TECH2 = "技师学院二年级"
    TECH3 = "技师学院三年级"
    TECH4 = "技师学院四年级"
    UNI1 = "本科一年级"
    UNI2 = "本科二年级"
    UNI3 = "本科三年级"
    UNI4 = "本科四年级"
    UNI5 = "本科五年级"
    POSTGRAD = "硕士研究生及以上"


class Health(StrEnum):
    """健康状况 is a set; stored as labels joined by "," in this order."""
    HEALTHY = "健康"
    CHRONIC = "长期慢性病"
    SERIOUS = "患有大病"
    DISABLED = "残疾"


class LabourSkill(StrEnum):
    ORDINARY = "普通劳动力"
    SKILLED = "技能劳动力"
    WEAK = "弱劳动力或半劳动力"
    LOST = "丧失劳动力"
    NONE = "无劳动力"

    @property
    def has_capacity(self) -> bool:
        """§3.1: 劳动力 (普通+技能) or 弱半劳动力."""
        return self in (LabourSkill.ORDINARY, LabourSkill.SKILLED, LabourSkill.WEAK)


class PoliticalStatus(StrEnum):
    PARTY = "中共党员"
    PROBATIONARY = "中共预备党员"
    LEAGUE = "共青团员"
    MASSES = "群众"


class PersonStatus(StrEnum):
    NORMAL = "正常"
    NEW = "新增"
    DECEASED = "自然减少(死亡)"
    MOVED_OUT = "自然减少(迁出)"
    MARRIED_OUT = "自然减少(嫁出)"
    IMPRISONED = "自然减少(服刑)"
    OTHER_DECREASE = "自然减少(其他)"

    @property
    def in_ledger(self) -> bool:
        return self in (PersonStatus.NORMAL, PersonStatus.NEW)


class IdType(StrEnum):
    RESIDENT = "居民身份证"
    DISABILITY = "残疾人证"
    OTHER = "其他"


class Intention(StrEnum):
    YES = "有"
    NO = "无"


class EmploymentForm(StrEnum):
    MIGRANT = "外出务工"
    LOCAL = "就地就近务工"
    WORKSHOP = "就业帮扶车间"
    PUBLIC_POST = "公益性岗位"
    SELF_EMPLOYED = "自主创业"
    FLEXIBLE = "灵活就业"
    WORK_RELIEF = "以工代赈"


class Channel(StrEnum):
    ORGANISED = "有组织劳务输出"
    COOPERATION = "劳务协作"
    RELATIVES = "亲友介绍"
    SELF = "自主求职"
    FAIR = "招聘会/平台"
    OTHER = "其他"


class Contract(StrEnum):
    SIGNED = "已签订"
    UNSIGNED = "未签订"


class VerifyMethod(StrEnum):
    VISIT = "入户"
    PHONE = "电话"
    SYSTEM = "系统比对"
    EMPLOYER = "企业证明"


class PlaceBucket(StrEnum):
    """务工地区类型 (§3.3)."""
    TOWNSHIP = "乡（镇）内务工"
    COUNTY = "乡（镇）外县内务工"
    PROVINCE = "县外省内务工"
    OUT_OF_PROVINCE = "省外务工"
    ABROAD = "国外务工"
    PROVINCE_UNRESOLVED = "省内(未到县)"

    @property
    def summary(self) -> str:
        """The three-way 县内 / 省内县外 / 省外 summary (plus 国外)."""
        return {
            PlaceBucket.TOWNSHIP: "县内",
            PlaceBucket.COUNTY: "县内",
            PlaceBucket.PROVINCE: "省内县外",
            PlaceBucket.OUT_OF_PROVINCE: "省外",
            PlaceBucket.ABROAD: "国外",
            PlaceBucket.PROVINCE_UNRESOLVED: "省内县外",
        }[self]


class Industry(StrEnum):
    """所属行业: GB/T 4754-2017 sections."""
    A = "农、林、牧、渔业"
    B = "采矿业"
    C = "制造业"
    D = "电力、热力、燃气及水生产和供应业"
    E = "建筑业"
    F = "批发和零售业"
    G = "交通运输、仓储和邮政业"
    H = "住宿和餐饮业"
    I = "信息传输、软件和信息技术服务业"  # noqa: E741 - GB/T 4754 section letter
    J = "金融业"
    K = "房地产业"
    L = "租赁和商务服务业"
    M = "科学研究和技术服务业"
    N = "水利、环境和公共设施管理业"
    O = "居民服务、修理和其他服务业"
    P = "教育"
    Q = "卫生和社会工作"
    R = "文化、体育和娱乐业"
    S = "公共管理、社会保障和社会组织"
    T = "国际组织"


def parse_enum(enum_cls, value):
    """Parse a label into ``enum_cls``; ``None``/blank -> ``None``; unknown -> ``ValueError``."""
    if value is None:
        return None
    text = str(value).strip()
    if not text:
        return None
    return enum_cls(text)
