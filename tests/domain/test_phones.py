import pytest

from desktop.domain.codes import Severity
from desktop.domain.phones import PhoneKind, check_phone, classify_phone, normalize_phone


@pytest.mark.parametrize("raw, normalized, kind", [
    ("13912345678", "13912345678", PhoneKind.MOBILE),
    (" 139 1234 5678 ", "13912345678", PhoneKind.MOBILE),
    ("139-1234-5678", "13912345678", PhoneKind.MOBILE),
    ("+86 139 1234 5678", "13912345678", PhoneKind.MOBILE),
    ("+86-13912345678", "13912345678", PhoneKind.MOBILE),
    ("008613912345678", "13912345678", PhoneKind.MOBILE),
    ("8613912345678", "13912345678", PhoneKind.MOBILE),
    ("１３９１２３４５６７８", "13912345678", PhoneKind.MOBILE),      # full-width
    ("19912345678", "19912345678", PhoneKind.MOBILE),
    ("0917-3212345", "0917-3212345", PhoneKind.LANDLINE),
    ("09173212345", "0917-3212345", PhoneKind.LANDLINE),
    ("0917 321 2345", "0917-3212345", PhoneKind.LANDLINE),
    ("(0917)3212345", "0917-3212345", PhoneKind.LANDLINE),
    ("（0917）3212345", "0917-3212345", PhoneKind.LANDLINE),
    ("010-87654321", "010-87654321", PhoneKind.LANDLINE),
    ("02912345678", "029-12345678", PhoneKind.LANDLINE),
    ("+86 917 3212345", "0917-3212345", PhoneKind.LANDLINE),
    ("+86 29 12345678", "029-12345678", PhoneKind.LANDLINE),
])
def test_normalize_and_classify(raw, normalized, kind):
    assert normalize_phone(raw) == normalized
    assert classify_phone(normalized) is kind
    result = check_phone(raw)
    assert result.ok and result.normalized == normalized and result.kind is kind


@pytest.mark.parametrize("raw", [None, "", "   "])
def test_empty(raw):
    assert normalize_phone(raw) is None
    assert check_phone(raw).problems == []
    missing = check_phone(raw, "户联系电话", required=True)
    assert [(p.severity, p.code, p.message) for p in missing.problems] == [
        (Severity.WARNING, "phone.missing", "户联系电话：未填写")]


@pytest.mark.parametrize("raw, fragment", [
    ("1391234567", "手机号应为11位、以13-19开头，实际10位"),
    ("139123456789", "手机号应为11位、以13-19开头，实际12位"),
    ("12912345678", "手机号应为11位、以13-19开头"),          # 12x is not a mobile prefix
    ("0917-32123", "固定电话应为“区号-号码”"),
    ("3212345", "不是手机号（11位，1开头）也不是带区号的固定电话"),
    ("13912345678/13812345678", "含非数字字符"),
    ("无", "含非数字字符"),
])
def test_bad_numbers(raw, fragment):
    result = check_phone(raw, "成员联系电话")
    assert result.kind is None and not result.ok
    [problem] = result.problems
    assert problem.severity is Severity.ERROR and problem.code == "phone.format"
    assert problem.message.startswith("成员联系电话：") and fragment in problem.message


def test_bad_severity_can_be_lowered():
    [problem] = check_phone("123", bad_severity=Severity.WARNING).problems
    assert problem.severity is Severity.WARNING


def test_classify_requires_normalised_input():
    assert classify_phone("139 1234 5678") is None
    assert classify_phone("0917-3212345") is PhoneKind.LANDLINE
    assert classify_phone("09173212345") is PhoneKind.LANDLINE
    assert classify_phone(None) is None
