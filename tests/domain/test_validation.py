from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from domain_fakes import HOME_VILLAGE, TODAY
from desktop.domain.codes import (
    Channel, Education, EmploymentForm, HouseholdType, Industry, Intention, LabourSkill,
    MonitorCategory, PersonStatus, PovertyAttribute, Relation, SchoolStatus, Severity, Sex,
)
from desktop.domain.idnumber import check_digit, make_id_number
from desktop.domain.models import FIELD_LABELS, EmploymentSpell, Household, Person
from desktop.domain.validation import (
    RULES, Issue, by_field, errors, has_errors, validate_household, validate_person,
    validate_spell, warnings,
)

E, W = Severity.ERROR, Severity.WARNING


# ------------------------------------------------------------------------------------ fixtures

def person(name, birth, order, relation, skill=LabourSkill.ORDINARY, county="610328", **kw):
    number = make_id_number(county, birth, order)
    sex = Sex.MALE if order % 2 else Sex.FEMALE
    defaults = dict(education=Education.JUNIOR)
    defaults.update(kw)
    return Person(household_id="H1", name=name, id_number=number, sex=sex, birth_date=birth,
                  relation=relation, labour_skill=skill, **defaults)


@pytest.fixture
def household():
    return Household(village_code=HOME_VILLAGE, hh_type=HouseholdType.LIFTED, id="H1",
                     poverty_attr=PovertyAttribute.GENERAL, phone="13912345678")


@pytest.fixture
def head():
    return person("张建国", date(1975, 3, 10), 11, Relation.HEAD)


@pytest.fixture
def spouse():
    return person("李秀英", date(1978, 8, 20), 22, Relation.SPOUSE, education=Education.PRIMARY)


@pytest.fixture
def child():
    return person("张小明", date(2012, 9, 1), 33, Relation.SON, LabourSkill.NONE,
                  education=None, school_status=SchoolStatus.GRADE7)


@pytest.fixture
def members(head, spouse, child):
    return [head, spouse, child]


@pytest.fixture
def job(head):
    return EmploymentSpell(person_id=head.id, form=EmploymentForm.MIGRANT, start_date=date(2024, 3, 1),
                           work_county_code="330102", employer="杭州某电子厂", industry=Industry.C,
                           channel=Channel.ORGANISED, point_to_point=True, monthly_income=Decimal(4500))


def check_person(p, household, members, regions, spells=(), id_taken=None):
    issues = validate_person(p, household, members, list(spells), regions, TODAY, id_taken)
    assert_well_formed(issues)
    return issues


def codes(issues):
    return {i.code for i in issues}


def only(issues, code) -> Issue:
    found = [i for i in issues if i.code == code]
    assert len(found) == 1, issues
    return found[0]


def assert_well_formed(issues):
    for issue in issues:
        assert issue.code in RULES, issue
        assert issue.message and "：" in issue.message, issue


def label_of(record_type, field):
    return FIELD_LABELS[record_type][field]


# ------------------------------------------------------------------------------- clean records

def test_clean_household_and_members_have_no_issues(regions, household, members, job):
    assert validate_household(household, members, regions, TODAY) == []
    for p in members:
        spells = [job] if p.id == job.person_id else []
        assert check_person(p, household, members, regions, spells) == []
    assert validate_spell(job, members[0], household, regions, TODAY, [job]) == []


# ------------------------------------------------------------------------------------ ID number

def test_wrong_check_digit_is_an_error_on_the_id_field(regions, household, members, head):
    wrong = head.id_number[:17] + ("0" if head.id_number[17] != "0" else "1")
    issue = only(check_person(replace(head, id_number=wrong), household, members, regions), "id.checksum")
    assert issue.severity == E and issue.field == "id_number"
    assert issue.message == f"证件号码：校验位错误（应为{head.id_number[17]}，实为{wrong[17]}），请核对号码"


def test_malformed_id_numbers(regions, household, members, head):
    issues = check_person(replace(head, id_number="61032819750310O011"), household, members, regions)
    assert only(issues, "id.chars").message.startswith("证件号码：含非数字字符：第15位“O”")
    issues = check_person(replace(head, id_number="6103281975031"), household, members, regions)
    assert only(issues, "id.length").message == "证件号码：位数不对：应为18位（旧号码15位），实际13位"
    issues = check_person(replace(head, id_number=""), household, members, regions)
    assert only(issues, "id.required").severity == E


def test_impossible_birth_date_in_id(regions, household, members, head):
    body = "61032819750229001"           # 1975 is not a leap year
    issues = check_person(replace(head, id_number=body + check_digit(body)), household, members, regions)
    issue = only(issues, "id.birth_date")
    assert issue.severity == E and "出生日期不存在" in issue.message


def test_lower_case_x_is_fine(regions, household, members):
    order = next(o for o in range(1, 999, 2) if make_id_number("610328", date(1980, 1, 1), o).endswith("X"))
    p = person("王强", date(1980, 1, 1), order, Relation.SIBLING)
    lower = replace(p, id_number=p.id_number.lower())
    assert check_person(lower, household, members, regions) == []


def test_15_digit_number_is_fine_and_duplicates_use_the_18_digit_form(regions, household, members, head):
    legacy = head.id_number[:6] + head.id_number[8:17]
    seen = []

    def id_taken(number, person_id):
        seen.append((number, person_id))
        return False

    assert check_person(replace(head, id_number=legacy), household, members, regions, id_taken=id_taken) == []
    assert seen == [(head.id_number, head.id)]


def test_duplicate_id_number(regions, household, members, head):
    other = person("张建军", date(1975, 3, 10), 11, Relation.SIBLING)
    assert other.id_number == head.id_number

    def id_taken(number, person_id):
        return number == head.id_number and person_id != head.id

    issue = only(check_person(other, household, members, regions, id_taken=id_taken), "id.duplicate")
    assert issue.severity == E and issue.field == "id_number"
    assert head.id_number in issue.message
    assert "id.duplicate" not in codes(check_person(head, household, members, regions, id_taken=id_taken))


def test_sex_and_birth_date_must_agree_with_id(regions, household, members, head):
    issues = check_person(replace(head, sex=Sex.FEMALE, birth_date=date(1975, 3, 11)), household,
                          members, regions)
    sex = only(issues, "id.sex_mismatch")
    assert sex.severity == E and sex.field == "sex"
    assert sex.message == "性别：填的是女，证件号码第17位为奇数，应为男"
    birth = only(issues, "id.birth_mismatch")
    assert birth.field == "birth_date" and "1975-03-10" in birth.message


def test_missing_sex_and_birth_say_what_the_id_says(regions, household, members, head):
    issues = check_person(replace(head, sex=None, birth_date=None), household, members, regions)
    assert only(issues, "person.sex_required").message == "性别：未填写（按证件号码应为男）"
    assert only(issues, "person.birth_required").message == "出生日期：未填写（按证件号码应为1975-03-10）"


def test_id_from_another_province_is_a_warning(regions, household, members):
    p = person("赵丽", date(1990, 5, 5), 44, Relation.DAUGHTER_IN_LAW, county="110105")
    issue = only(check_person(p, household, members, regions), "id.province_differs")
    assert issue.severity == W
    assert not has_errors(check_person(p, household, members, regions))


def test_unknown_address_code(regions, household, members):
    p = person("赵丽", date(1990, 5, 5), 44, Relation.DAUGHTER_IN_LAW, county="610399")
    assert only(check_person(p, household, members, regions), "id.region").severity == E


def test_other_id_types_skip_the_resident_id_checks(regions, household, members, head):
    from desktop.domain.codes import IdType
    p = replace(head, id_type=IdType.OTHER, id_number="护照E12345678")
    assert check_person(p, household, members, regions) == []


def test_disability_card_number_is_checked_on_its_id_part(regions, household, members, head):
    from desktop.domain.codes import IdType
    p = replace(head, id_type=IdType.DISABILITY, id_number=head.id_number + "42")
    assert check_person(p, household, members, regions) == []
    bad = replace(p, id_number=head.id_number[:17] + "Q42")
    assert "id.chars" in codes(check_person(bad, household, members, regions))


# ---------------------------------------------------------------------------- household structure

def test_second_head_is_an_error_on_both_levels(regions, household, members, head):
    second = person("张建业", date(1980, 1, 1), 55, Relation.HEAD)
    issue = only(check_person(second, household, members + [second], regions), "household.head_count")
    assert issue.severity == E and issue.field == "relation"
    assert issue.message == "与户主关系：本户已有户主（张建国），每户只能有一名户主"
    hh = only(validate_household(household, members + [second], regions, TODAY), "household.head_count")
    assert hh.severity == E and "张建国" in hh.message and "张建业" in hh.message


def test_no_head(regions, household, spouse, child):
    issue = only(validate_household(household, [spouse, child], regions, TODAY), "household.head_count")
    assert issue.severity == E and "没有户主" in issue.message


def test_removed_members_do_not_count_as_a_second_head(regions, household, members):
    old = person("张老汉", date(1940, 1, 1), 77, Relation.HEAD, LabourSkill.NONE,
                 status=PersonStatus.DECEASED)
    assert validate_household(household, members + [old], regions, TODAY) == []


def test_second_spouse(regions, household, members):
    second = person("王梅", date(1980, 2, 2), 66, Relation.SPOUSE)
    assert only(check_person(second, household, members + [second], regions),
                "household.spouse_count").severity == E
    assert only(validate_household(household, members + [second], regions, TODAY),
                "household.spouse_count").severity == E


def test_head_and_spouse_same_sex_by_id(regions, household, head, child):
    spouse_male = person("李强", date(1978, 8, 20), 21, Relation.SPOUSE)
    issue = only(validate_household(household, [head, spouse_male, child], regions, TODAY),
                 "household.couple_same_sex")
    assert issue.severity == W


def test_household_without_members(regions, household):
    issues = validate_household(household, [], regions, TODAY)
    assert codes(issues) == {"household.no_members"}
    assert not has_errors(issues)


def test_relation_contradicting_sex(regions, household, members):
    p = person("张丽", date(2000, 1, 1), 41, Relation.DAUGHTER)   # odd order: male by ID
    assert only(check_person(p, household, members, regions), "person.relation_sex").severity == W


# ---------------------------------------------------------------------------- age vs labour (§5.3)

def test_child_with_labour_is_an_error(regions, household, members, child):
    issue = only(check_person(replace(child, labour_skill=LabourSkill.ORDINARY), household, members,
                              regions), "labour.under_16")
    assert issue.severity == E and issue.field == "labour_skill"
    assert issue.message == "劳动技能：未满16周岁（12岁）应为“无劳动力”，不能是“普通劳动力”"


def test_sixteenth_birthday_boundary(regions, household, members):
    turns_16_today = person("张晓", date(2009, 6, 15), 51, Relation.GRANDSON)
    assert "labour.under_16" not in codes(check_person(turns_16_today, household, members, regions))
    tomorrow = person("张晓", date(2009, 6, 16), 51, Relation.GRANDSON)
    assert "labour.under_16" in codes(check_person(tomorrow, household, members, regions))


def test_over_60_with_full_labour_is_a_warning(regions, household, members):
    old = person("张父", date(1960, 1, 1), 71, Relation.FATHER)
    issue = only(check_person(old, household, members, regions), "labour.over_60")
    assert issue.severity == W
    weak = replace(old, labour_skill=LabourSkill.WEAK)
    assert "labour.over_60" not in codes(check_person(weak, household, members, regions))


def test_healthy_adult_without_capacity_is_a_warning(regions, household, members, spouse):
    issue = only(check_person(replace(spouse, labour_skill=LabourSkill.NONE), household, members, regions),
                 "labour.healthy_without_capacity")
    assert issue.severity == W
    ill = replace(spouse, labour_skill=LabourSkill.NONE, health="长期慢性病")
    assert check_person(ill, household, members, regions) == []


def test_student_with_labour_is_a_warning(regions, household, members):
    student = person("张大学", date(2005, 1, 1), 81, Relation.SON, education=None,
                     school_status=SchoolStatus.UNI2)
    assert only(check_person(student, household, members, regions), "labour.student").severity == W
    assert check_person(replace(student, labour_skill=LabourSkill.NONE), household, members, regions) == []


def test_work_intention_without_capacity(regions, household, members):
    p = person("张伯", date(1970, 1, 1), 91, Relation.UNCLE, LabourSkill.LOST, health="患有大病",
               work_intention=Intention.YES)
    assert codes(check_person(p, household, members, regions)) == {"labour.intention_without_capacity"}


def test_removed_persons_skip_the_labour_rules(regions, household, members, child):
    gone = replace(child, labour_skill=LabourSkill.ORDINARY, status=PersonStatus.MOVED_OUT)
    assert check_person(gone, household, members, regions) == []


# ---------------------------------------------------------------------------- other person fields

def test_exactly_one_of_education_and_school_status(regions, household, members, head, child):
    neither = only(check_person(replace(head, education=None), household, members, regions),
                   "person.education_xor")
    assert neither.severity == E and neither.field == "education"
    both = only(check_person(replace(child, education=Education.PRIMARY), household, members, regions),
                "person.education_xor")
    assert both.severity == E and both.field == "school_status"


def test_preschool_status_at_school_age(regions, household, members):
    kid = person("张豆豆", date(2017, 1, 1), 61, Relation.GRANDSON, LabourSkill.NONE, education=None,
                 school_status=SchoolStatus.PRESCHOOL_CHILD)
    assert only(check_person(kid, household, members, regions), "person.preschool_age").severity == W
    younger = replace(kid, birth_date=date(2019, 1, 1), id_number=make_id_number("610328", date(2019, 1, 1), 61))
    assert check_person(younger, household, members, regions) == []


def test_names(regions, household, members, head):
    assert only(check_person(replace(head, name="  "), household, members, regions),
                "person.name_required").severity == E
    assert only(check_person(replace(head, name="张3"), household, members, regions),
                "person.name_chars").severity == W
    assert only(check_person(replace(head, name="Zhang Wei"), household, members, regions),
                "person.name_chars").message == "姓名：“Zhang Wei”含数字或英文字母，请核对"
    assert only(check_person(replace(head, name="张ａ"), household, members, regions),
                "person.name_chars").severity == W                     # full-width letters too
    assert only(check_person(replace(head, name="张"), household, members, regions),
                "person.name_length").severity == W
    assert check_person(replace(head, name="阿依古丽·买买提"), household, members, regions) == []


def test_health(regions, household, members, head):
    assert only(check_person(replace(head, health="很好"), household, members, regions),
                "person.health_unknown").severity == E
    assert only(check_person(replace(head, health="健康,残疾", disability_category="肢体"), household,
                             members, regions), "person.health_conflict").severity == E
    assert only(check_person(replace(head, health="残疾，长期慢性病"), household, members, regions),
                "person.disability_category").severity == W
    assert only(check_person(replace(head, health=""), household, members, regions),
                "person.health_required").severity == E


def test_member_phone(regions, household, members, head):
    assert check_person(replace(head, phone="139-1234-5678"), household, members, regions) == []
    issue = only(check_person(replace(head, phone="1391234567"), household, members, regions), "phone.format")
    assert issue.severity == E and issue.field == "phone"
    assert issue.message.startswith("成员联系电话：手机号应为11位")


def test_removed_person_with_current_job(regions, household, members, head, job):
    gone = replace(head, status=PersonStatus.DECEASED)
    assert only(check_person(gone, household, members, regions, [job]), "person.inactive_working").severity == W


def test_messages_start_with_the_field_label(regions, household, members, head, child):
    bad = replace(child, labour_skill=LabourSkill.ORDINARY, sex=Sex.FEMALE, education=Education.PRIMARY,
                  phone="12", name="x1")
    issues = check_person(bad, household, members, regions)
    assert len(issues) >= 5
    for issue in issues:
        assert issue.message.startswith(label_of(Person, issue.field) + "："), issue


# ---------------------------------------------------------------------------- household rules

@pytest.mark.parametrize("code, rule", [
    ("61032810020", "household.village_format"),
    ("61032810020A", "household.village_format"),
    ("610328700201", "household.village_format"),     # township segment outside 001-599
    ("610328100000", "household.village_level"),      # a township code
    ("610328100299", "household.village_unknown"),
    ("619999100201", "household.village_unknown"),
    ("610328100203", "household.village_nesting"),    # its parent is another township
])
def test_bad_village_codes(regions, household, members, code, rule):
    issue = only(validate_household(replace(household, village_code=code), members, regions, TODAY), rule)
    assert issue.severity == E and issue.field == "village_code"
    assert issue.message.startswith("村代码：")


def test_village_code_warnings(regions, household, members):
    retired = validate_household(replace(household, village_code="610328100202"), members, regions, TODAY)
    assert codes(retired) == {"household.village_retired"}
    unlisted = validate_household(replace(household, village_code="610302100201"), members, regions, TODAY)
    assert codes(unlisted) == {"household.village_not_in_table"}


def test_without_region_table_only_the_format_is_checked(household, members):
    assert validate_household(replace(household, village_code="610328100299"), members, None, TODAY) == []
    assert codes(validate_household(replace(household, village_code="6103281"), members, None, TODAY)) \
        == {"household.village_format"}


def test_monitor_category_vs_household_type(regions, household, members):
    def check(**kw):
        return validate_household(replace(household, **kw), members, regions, TODAY)

    assert only(check(hh_type=HouseholdType.ORDINARY, poverty_attr=None,
                      monitor_category=MonitorCategory.UNSTABLE), "household.monitor_type").severity == E
    assert only(check(monitor_category=MonitorCategory.EDGE), "household.monitor_type").severity == E
    assert only(check(monitor_category=MonitorCategory.SUDDEN), "household.monitor_type_unusual").severity == W
    assert check(monitor_category=MonitorCategory.UNSTABLE) == []
    assert check(hh_type=HouseholdType.ORDINARY, poverty_attr=None, monitor_category=MonitorCategory.EDGE) == []
    assert codes(check(hh_type=HouseholdType.ORDINARY, poverty_attr=None)) == {"household.not_target"}
    assert codes(check(poverty_attr=None)) == {"household.poverty_attr"}
    assert codes(check(hh_type=HouseholdType.ORDINARY, monitor_category=MonitorCategory.EDGE)) \
        == {"household.poverty_attr"}
    assert codes(check(risk_eliminated=True)) == {"household.risk_without_category"}


@pytest.mark.parametrize("phone, expected", [
    ("0917-3212345", set()), ("09173212345", set()), ("+86 139 1234 5678", set()),
    ("029-12345678", set()),                          # 3 + 8 = 11 digits
    ("0917-12345678", {"household.phone_length"}),    # 12 digits: the national system wants 11
    (None, {"phone.missing"}), ("12345", {"phone.format"}),
    ("13912345678/13812345678", {"phone.format"}),
])
def test_household_phone(regions, household, members, phone, expected):
    issues = validate_household(replace(household, phone=phone), members, regions, TODAY)
    assert codes(issues) == expected
    for issue in issues:
        assert issue.field == "phone" and issue.message.startswith("户联系电话：")
    assert has_errors(issues) == ("phone.format" in expected)


def test_shared_mobile(regions, household, members):
    calls = []

    def shared(number, household_id):
        calls.append((number, household_id))
        return True

    h = replace(household, phone="139 1234 5678")
    assert only(validate_household(h, members, regions, TODAY, phone_shared=shared),
                "household.phone_shared").severity == W
    assert calls == [("13912345678", "H1")]


def test_bad_support_phone_is_only_a_warning(regions, household, members):
    issues = validate_household(replace(household, support_phone="123"), members, regions, TODAY)
    assert [(i.code, i.severity, i.field) for i in issues] == [("phone.format", W, "support_phone")]


# ---------------------------------------------------------------------------- spells

def check_spell(spell, p, household, regions, others=()):
    issues = validate_spell(spell, p, household, regions, TODAY, list(others))
    assert_well_formed(issues)
    for issue in issues:
        assert issue.message.startswith(label_of(EmploymentSpell, issue.field) + "："), issue
    return issues


@pytest.mark.parametrize("code, rule, severity", [
    (None, "spell.place_missing", E),
    ("杭州", "spell.place_missing", E),
    ("610000", "spell.place_not_county", E),
    ("330100000000", "spell.place_not_county", E),
    ("610399", "spell.place_unknown", E),
    ("610322", "spell.place_retired", W),
])
def test_work_place_must_be_a_county(regions, household, head, job, code, rule, severity):
    issue = only(check_spell(replace(job, work_county_code=code), head, household, regions), rule)
    assert issue.severity == severity and issue.field == "work_county_code"


def test_work_place_below_county_is_fine(regions, household, head, job):
    assert check_spell(replace(job, work_county_code="610328101201", form=EmploymentForm.LOCAL), head,
                       household, regions) == []


def test_abroad_needs_no_county(regions, household, head, job):
    assert check_spell(replace(job, abroad=True, work_county_code=None, work_place="新加坡"), head,
                       household, regions) == []
    assert codes(check_spell(replace(job, abroad=True, work_county_code=None), head, household, regions)) \
        == {"spell.abroad_place"}


def test_dates(regions, household, head, job):
    ended = replace(job, end_date=date(2024, 2, 1))
    assert only(check_spell(ended, head, household, regions), "spell.end_before_start").severity == E
    future = replace(job, start_date=date(2025, 7, 1))
    assert only(check_spell(future, head, household, regions), "spell.start_future").severity == W
    before_birth = replace(job, start_date=date(1970, 1, 1))
    assert only(check_spell(before_birth, head, household, regions), "spell.before_birth").severity == E
    as_child = replace(job, start_date=date(1989, 1, 1))
    assert only(check_spell(as_child, head, household, regions), "spell.under_16").severity == W


@pytest.mark.parametrize("income, rule", [
    (-5, "spell.income_negative"), (50, "spell.income_implausible"), (99, "spell.income_implausible"),
    (100, "spell.income_low"), (399, "spell.income_low"), (400, None), (30000, None),
    (30001, "spell.income_implausible"),
])
def test_income(regions, household, head, job, income, rule):
    issues = check_spell(replace(job, monthly_income=Decimal(income)), head, household, regions)
    assert codes(issues) == ({rule} if rule else set())
    if rule:
        assert issues[0].severity == (E if income < 0 else W)


@pytest.mark.parametrize("income", ["四千", "NaN", "abc"])
def test_income_that_is_not_a_number(regions, household, head, job, income):
    issue = only(check_spell(replace(job, monthly_income=income), head, household, regions), "spell.income_format")
    assert issue.severity == E and issue.field == "monthly_income"


def test_income_given_as_float_or_text(regions, household, head, job):
    assert check_spell(replace(job, monthly_income=4500.5), head, household, regions) == []
    issue = only(check_spell(replace(job, monthly_income=" 350 "), head, household, regions), "spell.income_low")
    assert issue.message == "务工月收入：350 元低于400元，请核对"


def test_current_job_missing_details(regions, household, head, job):
    bare = replace(job, employer=" ", industry=None, channel=None, point_to_point=None, monthly_income=None)
    issues = check_spell(bare, head, household, regions)
    assert {(i.code, i.field) for i in issues} == {
        ("spell.current_missing", f) for f in
        ("employer", "industry", "channel", "point_to_point", "monthly_income")}
    assert not has_errors(issues)
    past = replace(bare, end_date=date(2024, 12, 31))
    assert check_spell(past, head, household, regions) == []


def test_person_without_capacity(regions, household, head, job):
    issue = only(check_spell(job, replace(head, labour_skill=LabourSkill.LOST), household, regions),
                 "spell.person_without_capacity")
    assert issue.severity == W
    weak = replace(head, labour_skill=LabourSkill.WEAK)
    assert "spell.person_without_capacity" in codes(check_spell(job, weak, household, regions))
    post = replace(job, form=EmploymentForm.PUBLIC_POST, work_county_code="610328")
    assert check_spell(post, weak, household, regions) == []


def test_overlapping_spells(regions, household, head, job):
    earlier = replace(job, id="S0", start_date=date(2023, 1, 1), end_date=date(2024, 3, 1))
    assert only(check_spell(job, head, household, regions, [job, earlier]), "spell.overlap").severity == W
    adjacent = replace(earlier, end_date=date(2024, 2, 29))
    assert check_spell(job, head, household, regions, [job, adjacent]) == []
    someone_else = replace(earlier, person_id="other")
    assert check_spell(job, head, household, regions, [someone_else]) == []


def test_migrant_work_inside_home_township(regions, household, head, job):
    inside = replace(job, work_county_code="610328100000")
    assert codes(check_spell(inside, head, household, regions)) == {"spell.form_place"}


# ---------------------------------------------------------------------------- helpers and registry

def test_helpers():
    e = Issue(E, "a", "id.checksum", "x：y")
    w = Issue(W, "a", "labour.over_60", "x：z")
    assert has_errors([w, e]) and not has_errors([w]) and not has_errors([])
    assert errors([w, e]) == [e] and warnings([w, e]) == [w]
    assert by_field([w, e]) == {"a": [e, w]}
    assert e.is_error and not w.is_error


def test_rule_codes_are_unique_and_described():
    assert all(desc for _, desc in RULES.values())
    assert all(code.count(".") == 1 for code in RULES)


# ---------------------------------------------------------------------------- the shipped table

def test_real_region_table_accepts_every_baoji_village(members):
    from desktop.domain.regions import default_regions
    table = default_regions()
    villages = table.villages_of("610300")
    assert len(villages) > 1000
    for village in villages:
        h = Household(village_code=village.code, poverty_attr=PovertyAttribute.GENERAL, phone="13912345678")
        assert validate_household(h, members, table, TODAY) == [], village


def test_real_region_table_rules(household, head, job):
    from desktop.domain.regions import default_regions
    table = default_regions()
    village = table.villages_of("610328")[0].code
    h = replace(household, village_code=village)
    assert check_spell(job, head, h, table) == []
    assert codes(check_spell(replace(job, work_county_code="610322"), head, h, table)) == {"spell.place_retired"}
    assert check_spell(replace(job, work_county_code="441900"), head, h, table) == []   # 东莞: no counties
    assert codes(validate_household(replace(h, village_code=village[:9] + "998"), [head], table, TODAY)) \
        == {"household.village_unknown"}
    fengxiang = make_id_number("610322", date(1975, 3, 10), 11)     # retired county code
    assert check_person(replace(head, id_number=fengxiang), h, [head], table) == []
