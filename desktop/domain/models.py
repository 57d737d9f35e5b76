"""The ledger's records: household (户), person (人), employment spell (务工就业).

Plain dataclasses with string/enum/date values. The store keeps exactly these fields as columns
(plus sync metadata); ``FIELD_LABELS`` maps each field to its Chinese export label (domain.md §2).
Ids are client-generated time-ordered UUIDs (``desktop.domain.ids.new_id``).
"""
from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date
from decimal import Decimal

from .codes import (
    Channel, Contract, Education, EmploymentForm, HouseholdType, IdType, Industry, Intention,
    LabourSkill, MonitorCategory, PersonStatus, PoliticalStatus, PovertyAttribute, Relation,
    SchoolStatus, Sex, VerifyMethod,
)
from .ids import new_id


@dataclass
class Household:
    village_code: str                      # 12-digit 村级 code
    hh_type: HouseholdType = HouseholdType.LIFTED
    hh_no: str | None = None               # 户编号 (national key, read-only once imported)
    natural_village: str | None = None     # 自然村 / 组
    phone: str | None = None               # 户联系电话
    poverty_attr: PovertyAttribute | None = None
    monitor_category: MonitorCategory | None = None
    risk_eliminated: bool | None = None
    support_person: str | None = None      # 帮扶责任人
    support_phone: str | None = None
    note: str | None = None
    id: str = field(default_factory=new_id)

    @property
    def is_monitored(self) -> bool:
        return self.monitor_category is not None


@dataclass
class Person:
    household_id: str
    name: str
    id_number: str                         # 18-digit, upper-case X (15-digit input upgraded)
    sex: Sex | None = None
    birth_date: date | None = None
    relation: Relation = Relation.OTHER
    labour_skill: LabourSkill = LabourSkill.ORDINARY
    id_type: IdType = IdType.RESIDENT
    id_original: str | None = None         # the 15-digit number as first recorded
    person_no: str | None = None           # 人编号 (national key)
    ethnicity: str | None = "汉族"
    education: Education | None = None
    school_status: SchoolStatus | None = None
    health: str = "健康"                    # comma-joined Health labels
    disability_category: str | None = None
    political_status: PoliticalStatus | None = None
    phone: str | None = None               # 成员联系电话
    speaks_mandarin: bool | None = None
    dibao: bool | None = None
    tekun: bool | None = None
    status: PersonStatus = PersonStatus.NORMAL
    work_intention: Intention | None = None
    training_intention: Intention | None = None
    note: str | None = None
    id: str = field(default_factory=new_id)


@dataclass
class EmploymentSpell:
    person_id: str
    form: EmploymentForm
    start_date: date
    work_county_code: str | None = None    # 12-digit code of the work county (or 6-digit county code)
    abroad: bool = False                   # 是否国外务工
    work_place: str | None = None          # free text (abroad, or detail below county)
    end_date: date | None = None
    employer: str | None = None            # 务工企业名称
    industry: Industry | None = None
    channel: Channel | None = None
    point_to_point: bool | None = None     # 是否点对点输送
    monthly_income: Decimal | None = None  # 务工月收入 (元)
    contract: Contract | None = None
    verify_method: VerifyMethod | None = None
    note: str | None = None
    id: str = field(default_factory=new_id)

    def covers(self, day: date) -> bool:
        return self.start_date <= day and (self.end_date is None or self.end_date >= day)

    def overlaps(self, first: date, last: date) -> bool:
        return self.start_date <= last and (self.end_date is None or self.end_date >= first)


FIELD_LABELS: dict[type, dict[str, str]] = {
    Household: {
        "hh_no": "户编号", "village_code": "村代码", "natural_village": "自然村",
        "phone": "户联系电话", "hh_type": "户类型", "poverty_attr": "脱贫属性",
        "monitor_category": "监测对象类别", "risk_eliminated": "风险是否已消除",
        "support_person": "帮扶责任人", "support_phone": "帮扶责任人电话", "note": "备注",
        "id": "户ID",
    },
    Person: {
        "household_id": "户ID", "name": "姓名", "id_number": "证件号码", "sex": "性别",
        "birth_date": "出生日期", "relation": "与户主关系", "labour_skill": "劳动技能",
        "id_type": "证件类型", "id_original": "原证件号码", "person_no": "人编号", "ethnicity": "民族",
        "education": "文化程度", "school_status": "在校生状况", "health": "健康状况",
        "disability_category": "残疾类别", "political_status": "政治面貌", "phone": "成员联系电话",
        "speaks_mandarin": "是否会讲普通话", "dibao": "是否享受低保", "tekun": "是否特困供养人员",
        "status": "人员状态", "work_intention": "就业意愿", "training_intention": "培训意愿",
        "note": "备注", "id": "人ID",
    },
    EmploymentSpell: {
        "person_id": "人ID", "form": "就业形式", "start_date": "开始日期", "end_date": "结束日期",
        "work_county_code": "务工所在县代码", "abroad": "是否国外务工", "work_place": "务工地点",
        "employer": "务工企业名称", "industry": "所属行业", "channel": "就业渠道",
        "point_to_point": "是否点对点输送", "monthly_income": "务工月收入", "contract": "劳动合同签订情况",
        "verify_method": "核实方式", "note": "备注", "id": "务工ID",
    },
}


def field_names(record_type: type) -> list[str]:
    return [f.name for f in fields(record_type)]
