import datetime as dt

import pytest

from desktop.core.identity import (
    IdNumberError,
    age_in_policy_year,
    age_on,
    age_phrase,
    age_rule_text,
    check_digit,
    mask_id,
    parse_id,
    suggest_category,
)

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
    # born 1949-12-31: 75 on 2025-01-01 (the one age rule) -> prompted as 老年居民, unconfirmed
    old = suggest_category(parse_id(EXAMPLE), 2025)
    assert old is not None and old.category == "elderly" and not old.confirmed and "年龄线" in old.reason
    assert "到2025年1月1日75周岁" in old.reason
    child_no = "32040220150101001"
    child = suggest_category(parse_id(child_no + check_digit(child_no)), 2025)
    assert child is not None and child.category == "minor" and not child.confirmed


def test_no_prompt_for_adults_under_the_elderly_line():
    # born 2004-01-02: 20 on 2025-01-01 -> nothing to suggest (no 年龄线 hint for a 21-year-old)
    young_no = "32040220040102001"
    assert suggest_category(parse_id(young_no + check_digit(young_no)), 2025) is None
    # born 1965-01-01: 60 on 2025-01-01 (birthday counts) -> prompted; born 1965-01-02: 59 -> not
    for first17, expected in (("32040219650101001", "elderly"), ("32040219650102001", None)):
        s = suggest_category(parse_id(first17 + check_digit(first17)), 2025)
        assert (s.category if s else None) == expected


def test_one_age_rule_counts_on_1_january_of_the_policy_year():
    assert age_in_policy_year(dt.date(2007, 1, 1), 2025) == 18  # birthday on the day counts
    assert age_in_policy_year(dt.date(2007, 1, 2), 2025) == 17
    assert age_in_policy_year(dt.date(2025, 5, 1), 2025) == 0  # born during the year
    assert age_phrase(dt.date(2025, 5, 1), 2025) == "2025年内出生"
    assert "2025年1月1日" in age_rule_text(2025) and "保费测算页同此规则" in age_rule_text(2025)
