"""Column headers of the workbooks the app reads, with the aliases seen in other exports (domain.md §6).

A header is matched after ``normalize_header``: full-width characters folded to half-width (so
``务工时间（月）`` and ``务工时间(月)`` are the same), all whitespace and line breaks removed, required-field
markers (``*``, ``※``) dropped.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from desktop.domain.models import FIELD_LABELS, EmploymentSpell, Household, Person

_SPACE = re.compile(r"\s+")
_MARKERS = re.compile(r"^[*※＊]+|[*※＊]+$")


def normalize_header(text) -> str:
    if text is None:
        return ""
    folded = unicodedata.normalize("NFKC", str(text))
    folded = _SPACE.sub("", folded)
    return _MARKERS.sub("", folded)


@dataclass(frozen=True)
class Column:
    key: str
    label: str                    # the header the national system uses
    aliases: tuple[str, ...] = ()
    required: bool = False
    stored: bool = True           # False: known column whose content the app does not keep


# The national system person export (§6.1: 47 columns) plus the household columns of §6.2/§6.3 exports.
NATIONAL_COLUMNS: tuple[Column, ...] = (
    Column("province", "省", ("省份", "所在省", "省(区、市)", "省(自治区、直辖市)")),
    Column("city", "市", ("市州", "地市", "所在市", "市(州)", "市(地、州、盟)", "地(市、州、盟)")),
    Column("county", "县", ("县(市、区、旗)", "县(市、区)", "县区", "区县", "县(区)", "所在县", "县(市、区、旗、场)"),
           required=True),
    Column("township", "乡", ("乡(镇)", "乡镇", "乡(镇、街道)", "乡镇(街道)", "镇", "所在乡镇"), required=True),
    Column("village", "村", ("行政村", "村(社区)", "村名", "所在村"), required=True),
    Column("village_code", "村代码", ("行政区划代码", "村级区划代码", "村区划代码")),
    Column("natural_village", "自然村", ("组", "自然村(组)", "村民小组")),
    Column("hh_no", "户编号", ("户码", "户ID编号"), required=True),
    Column("person_no", "人口编号", ("人编号", "人员编号", "成员编号")),
    Column("name", "姓名", ("成员姓名", "人员姓名"), required=True),
    Column("sex", "性别"),
    Column("birth_date", "出生日期", ("出生年月日",)),
    Column("id_type", "证件类型"),
    Column("id_number", "证件号码", ("身份证号", "身份证号码", "公民身份号码", "证件号", "身份证件号码"),
           required=True),
    Column("ethnicity", "民族"),
    Column("hh_phone", "户联系电话", ("联系电话", "户主联系电话", "家庭联系电话")),
    Column("phone", "成员联系电话", ("人联系电话", "联系手机", "本人联系电话", "个人联系电话")),
    Column("year", "年度", ("数据年度", "年份")),
    Column("relation", "与户主关系", ("与户主的关系",), required=True),
    Column("education", "文化程度"),
    Column("school_status", "在校生状况", ("在校生情况",)),
    Column("labour_skill", "劳动技能", ("劳动力状况",), required=True),
    Column("work_months", "务工时间(月)", ("务工时间", "务工月数", "务工时长(月)", "本年度务工时间(月)")),
    Column("health", "健康状况", ("身体健康状况",)),
    Column("political_status", "政治面貌"),
    Column("employer", "务工企业名称", ("务工单位", "务工单位名称", "就业单位")),
    Column("dibao", "是否享受低保"),
    Column("ins_worker_pension", "是否参加城镇职工基本养老保险", stored=False),
    Column("ins_serious_illness", "是否参加大病保险", stored=False),
    Column("ins_rural_medical", "是否参加新型农村合作医疗(城乡居民基本医疗保险)",
           ("是否参加城乡居民基本医疗保险", "是否参加新型农村合作医疗"), stored=False),
    Column("ins_resident_pension", "是否参加城乡居民基本养老保险", stored=False),
    Column("dropout_reason", "失学或辍学原因", stored=False),
    Column("speaks_mandarin", "是否会讲普通话"),
    Column("ins_commercial", "是否参加商业补充医疗保险", stored=False),
    Column("abroad", "是否国外务工"),
    Column("industry_category", "产业分类", stored=False),
    Column("medical_aid", "是否接受大病医疗救助", stored=False),
    Column("other_health_aid", "是否接受其他健康扶贫", stored=False),
    Column("public_post", "公益性岗位类型", ("公益性岗位",)),
    Column("public_post_months", "公益性岗位(月数)", ("公益性岗位月数",), stored=False),
    Column("channel", "就业渠道"),
    Column("disability", "残疾类别"),
    Column("work_place", "务工所在地", ("务工地点", "务工所在县", "务工地")),
    Column("head_name", "户主姓名", stored=False),
    Column("head_id_number", "户主证件号码", ("户主身份证号", "户主身份证号码"), stored=False),
    Column("ins_worker_medical", "是否参加城镇职工基本医疗保险", stored=False),
    Column("tekun", "是否特困供养人员", ("是否特困供养",)),
    Column("disability_year", "残疾证办证年度", stored=False),
    Column("standard", "识别标准", stored=False),
    # household columns of other exports (§6.2, §6.3)
    Column("hh_type", "户类型"),
    Column("poverty_attr", "脱贫属性", ("贫困户属性",)),
    Column("monitor_category", "监测对象类别", ("易返贫致贫户(监测对象)类型", "监测类型")),
    Column("risk_eliminated", "风险是否已消除", ("风险是否消除",)),
    Column("status", "人员状态"),
    Column("seq", "序号", stored=False),
)

NATIONAL_BY_HEADER: dict[str, Column] = {}
for _col in NATIONAL_COLUMNS:
    for _name in (_col.label, *_col.aliases):
        NATIONAL_BY_HEADER[normalize_header(_name)] = _col


# ---------------------------------------------------------------- the app's own ledger workbook
SHEET_HOUSEHOLDS = "户"
SHEET_PERSONS = "人员"
SHEET_SPELLS = "务工就业"
LEDGER_SHEETS = {SHEET_HOUSEHOLDS: Household, SHEET_PERSONS: Person, SHEET_SPELLS: EmploymentSpell}

# Column order of each sheet: the record's ids first, then the fields in a readable order.
LEDGER_FIELDS: dict[type, tuple[str, ...]] = {
    Household: ("id", "hh_no", "village_code", "natural_village", "hh_type", "poverty_attr", "monitor_category",
                "risk_eliminated", "phone", "support_person", "support_phone", "note"),
    Person: ("id", "household_id", "person_no", "name", "id_type", "id_number", "id_original", "sex",
             "birth_date", "relation", "ethnicity", "education", "school_status", "health",
             "disability_category", "labour_skill", "political_status", "phone", "speaks_mandarin", "dibao",
             "tekun", "status", "work_intention", "training_intention", "note"),
    EmploymentSpell: ("id", "person_id", "form", "start_date", "end_date", "work_county_code", "abroad",
                      "work_place", "employer", "industry", "channel", "point_to_point", "monthly_income",
                      "contract", "verify_method", "note"),
}
# Readable extras written by the export and ignored by the import (names of codes).
LEDGER_EXTRAS: dict[type, tuple[str, ...]] = {
    Household: ("村名称",),
    Person: ("户编号",),
    EmploymentSpell: ("姓名", "证件号码", "务工所在县"),
}
# In the 务工就业 sheet the extra 证件号码 must not collide with a field label: Person's is on another sheet.


def ledger_header(cls: type) -> list[str]:
    labels = FIELD_LABELS[cls]
    return [labels[f] for f in LEDGER_FIELDS[cls]] + list(LEDGER_EXTRAS[cls])


def ledger_field_by_header(cls: type) -> dict[str, str]:
    labels = FIELD_LABELS[cls]
    return {normalize_header(labels[f]): f for f in LEDGER_FIELDS[cls]}
