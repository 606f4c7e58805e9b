import datetime as dt

import pytest

from desktop.core.identity import IdNumberError, age_on, check_digit, mask_id, parse_id, suggest_category

# GB 11643-1999's own worked example: 11010519491231002 → weights sum 167, 167 mod 11 = 2 → 'X'
EXAMPLE = "11010519491231002X"


def test_standard_example_parses():
    info = parse_id(EXAMPLE)
    assert info.birth_date == dt.date(1949, 12, 31)
    assert info.sex == "女"  # 17th digit 2 is even
    assert check_digit(EXAMPLE[:17]) == "X"


def test_lower_case_x_and_spaces_are_accepted():
    assert parse_id(" 11010519491231002x ").number == EXAMPLE


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        ("", "请填写"),
        ("1101051949123100", "18位"),
        ("11010519491231002A", "数字或X"),
        ("110105194912310021", "校验位"),
        ("110105194913310020", "1949-13-31 这一天不存在"),
    ],
)
def test_bad_numbers_say_what_is_wrong(raw, words):
    with pytest.raises(IdNumberError) as info:
        parse_id(raw)
    assert words in str(info.value)


def test_future_birth_is_refused():
    # 320402 2030-01-01 001 + check digit computed by the function under a different test
    number = "32040220300101001" + check_digit("32040220300101001")
    with pytest.raises(IdNumberError):
        parse_id(number, today=dt.date(2026, 11, 23))


def test_age_counts_whole_years():
    assert age_on(dt.date(2010, 5, 1), dt.date(2025, 4, 30)) == 14
    assert age_on(dt.date(2010, 5, 1), dt.date(2025, 5, 1)) == 15


def test_mask_keeps_six_and_four():
    assert mask_id(EXAMPLE) == "110105********002X"
    assert mask_id("") == ""


def test_suggestion_is_never_confirmed():
    info = parse_id(EXAMPLE)
    adult = suggest_category(info, dt.date(2025, 1, 1))
    assert adult.category is None and not adult.confirmed and "年龄线" in adult.reason
    child_no = "32040220150101001"
    child = suggest_category(parse_id(child_no + check_digit(child_no)), dt.date(2025, 1, 1))
    assert child.category == "minor" and not child.confirmed
