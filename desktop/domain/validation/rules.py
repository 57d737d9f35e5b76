"""Every validation rule's stable code, with its usual severity and what it checks (Chinese). Issues
carry these codes; the import, the forms and the checks match on them, so they never change."""
from __future__ import annotations

from ..codes import Severity

E = Severity.ERROR
W = Severity.WARNING

# code -> (severity, what the rule checks). Severity is the rule's usual one.
RULES: dict[str, tuple[Severity, str]] = {
    # 证件号码 §5.1
    "id.required": (E, "证件号码必填"),
    "id.length": (E, "证件号码应为18位（旧号码15位）"),
    "id.chars": (E, "证件号码前17位应为数字，最后一位为数字或X"),
    "id.checksum": (E, "证件号码校验位（GB 11643 MOD 11-2）"),
    "id.birth_date": (E, "证件号码中的出生日期是真实日期，不早于1900年、不晚于今天"),
    "id.region": (E, "证件号码前6位是已知县级区划代码（含已撤销代码）"),
    "id.duplicate": (E, "证件号码在台账中唯一"),
    "id.sex_mismatch": (E, "性别与证件号码第17位一致"),
    "id.birth_mismatch": (E, "出生日期与证件号码一致"),
    "id.province_differs": (W, "证件号码所属省份与户所在省份不同"),
    # 人员基本项
    "person.name_required": (E, "姓名必填"),
    "person.name_chars": (W, "姓名含数字或字母"),
    "person.name_length": (W, "姓名只有一个字或过长"),
    "person.sex_required": (E, "性别必填"),
    "person.birth_required": (E, "出生日期必填"),
    "person.birth_range": (E, "出生日期不早于1900年、不晚于今天"),
    "person.education_xor": (E, "文化程度与在校生状况必须且只能填一项"),
    "person.preschool_age": (W, "7岁及以上健康人员在校生状况为学龄前儿童/学前教育"),
    "person.health_required": (E, "健康状况必填"),
    "person.health_unknown": (E, "健康状况取值不在代码表中"),
    "person.health_conflict": (E, "“健康”不能与疾病、残疾同时填写"),
    "person.disability_category": (W, "残疾人员应填写残疾类别"),
    "person.relation_sex": (W, "与户主关系与性别不符（如之子为女）"),
    "person.head_minor": (W, "户主未满16周岁"),
    "person.inactive_working": (W, "已自然减少的人员仍有在岗务工记录"),
    "person.student_working": (W, "在校生有在岗务工记录"),
    # 年龄与劳动技能 §5.3
    "labour.under_16": (E, "未满16周岁的劳动技能应为无劳动力"),
    "labour.over_60": (W, "60周岁及以上一般为无劳动力或弱劳动力或半劳动力"),
    "labour.healthy_without_capacity": (W, "16至59周岁健康非在校生为无劳动力或弱半劳动力"),
    "labour.student": (W, "在校生的劳动技能一般为无劳动力"),
    "labour.intention_without_capacity": (W, "有就业意愿但劳动技能为无劳动力/丧失劳动力"),
    # 户 §5.2, §5.4, §5.5
    "household.head_count": (E, "每户有且只有一名户主"),
    "household.spouse_count": (E, "每户最多一名配偶"),
    "household.no_members": (W, "户内没有在册成员"),
    "household.couple_same_sex": (W, "户主与配偶性别相同"),
    "household.village_format": (E, "村代码为12位数字，乡级段001-599，村级段不为000"),
    "household.village_unknown": (E, "村代码在区划表中存在"),
    "household.village_not_in_table": (W, "区划表未收录该县的乡村代码，无法核对"),
    "household.village_level": (E, "村代码是村级代码"),
    "household.village_nesting": (E, "村代码的乡、县前缀与上级区划一致"),
    "household.village_retired": (W, "村代码已撤销"),
    "household.monitor_type": (E, "监测对象类别与户类型一致"),
    "household.monitor_type_unusual": (W, "脱贫户被标为突发严重困难户"),
    "household.not_target": (W, "一般农户未填写监测对象类别（不是帮扶对象）"),
    "household.poverty_attr": (W, "脱贫属性只用于脱贫户，且脱贫户应填写"),
    "household.risk_without_category": (W, "风险是否已消除只用于监测户"),
    "household.phone_length": (W, "户联系电话按系统要求为11位"),
    "household.phone_shared": (W, "同一手机号被无关的户使用"),
    # 电话 §5.4
    "phone.missing": (W, "户联系电话未填写"),
    "phone.format": (E, "电话为11位手机号或带区号的固定电话"),
    # 务工记录 §2.4, §5.5
    "spell.place_missing": (E, "务工地点必须填写到县级（国外务工除外）"),
    "spell.place_not_county": (E, "务工地点必须填写到县级"),
    "spell.place_unknown": (E, "务工所在县代码在区划表中存在"),
    "spell.place_retired": (W, "务工所在县代码已撤销"),
    "spell.abroad_place": (W, "国外务工应填写务工地点（国家/城市）"),
    "spell.end_before_start": (E, "结束日期不早于开始日期"),
    "spell.start_future": (W, "开始日期晚于今天"),
    "spell.before_birth": (E, "开始日期早于出生日期"),
    "spell.under_16": (W, "务工开始时未满16周岁"),
    "spell.income_format": (E, "务工月收入是数字（元）"),
    "spell.income_negative": (E, "务工月收入不能为负数"),
    "spell.income_implausible": (W, "务工月收入低于100元或高于30000元"),
    "spell.income_low": (W, "务工月收入低于400元"),
    "spell.current_missing": (W, "在岗务工应填写务工企业名称、所属行业、就业渠道、是否点对点输送、务工月收入"),
    "spell.person_without_capacity": (W, "无劳动力/丧失劳动力/弱半劳动力人员有务工记录"),
    "spell.overlap": (W, "同一人的务工记录时间重叠"),
    "spell.form_place": (W, "就业形式为外出务工，但务工地点在本乡镇内"),
}
