"""``pack check`` refuses what no notice could say: parts that do not add up, a reading quoting a
number no longer in the data (issue 23 point 5), and the impossible (issue 25 point 9). Every
refusal names the figure in Chinese with its field path. The bundled years pass (hand-checked
below from the notices)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from desktop.core import packs
from desktop.core.policy.freeze import thaw
from desktop.core.policy.loader import PolicyLoadError, PolicySet, validate_document
from desktop.core.policy.model import PolicyYear

D = Decimal


def _set(year: PolicyYear, path: str, value: Any) -> PolicyYear:
    from tests.core.policy.test_required import _replace

    result: PolicyYear = _replace(year, path.split("."), lambda fig: fig.model_copy(update={"value": value}))
    return result


def _problems(year: PolicyYear) -> dict[str, str]:
    """What THE document check (pack check / build / install / the editor) says, by field."""
    _, problems = packs.check_policy_text(packs.policy_to_yaml(year), "2026.yaml")
    found: dict[str, str] = {}
    for p in problems:
        found[p.field] = (found[p.field] + "\n" if p.field in found else "") + p.message
    return found


def test_the_bundled_years_add_up(policies: PolicySet) -> None:
    # 2025 (通告 三 and 变化 二): 老年居民 730 = 700 + 30 and 1950 = 700 + 1250; 未成年居民 390 = 360 + 30
    # and 1410 = 360 + 1050; 高校大学生 260 = 230 + 30 and 1500 = 230 + 1270; 非从业居民 880 = 850 + 30
    # and 1950 = 850 + 1100; 溧阳/金坛 730 = 700 + 30 (their 筹资标准 and 补助 are not stated: not checked).
    # 2024 (须知 一(一), parts by reading 1): 730 = 700 + 30, 1800 = 700 + 1100; 390 = 360 + 30,
    # 1400 = 360 + 1040; 230 = 200 + 30, 1400 = 200 + 1200; 930 = 900 + 30, 1800 = 900 + 900.
    for year in (2024, 2025):
        assert _problems(thaw(policies[year])) == {}


# ---------------------------------------------------------------- issue 23 point 5: sums and readings


def test_an_individual_amount_that_is_not_its_parts_is_refused(policies: PolicySet) -> None:
    # the 2026 document: 老年居民 760 while the medical part stays 700: 700 + 30 = 730 ≠ 760
    year = _set(thaw(policies[2025]), "premiums.categories.elderly.individual", D("760"))
    problems = _problems(year)
    message = problems["premiums.categories.elderly.individual.value"]
    assert "各部分之和不符" in message and "760" in message and "(= 730)" in message
    assert "老年居民" in message and "premiums.categories.elderly.medical_individual" in message


def test_a_funding_standard_that_is_not_its_parts_is_refused(policies: PolicySet) -> None:
    # the numbers: 1250 as the medical part with 730 as 补助 ≠ 1950; here 补助 1250 → 1280:
    # 700 + 1280 = 1980 ≠ 1950
    year = _set(thaw(policies[2025]), "premiums.categories.elderly.government_subsidy", D("1280"))
    message = _problems(year)["premiums.categories.elderly.funding_standard.value"]
    assert "1950" in message and "(= 1980)" in message and "财政补助" in message


def test_a_district_amount_is_checked_against_its_own_parts(policies: PolicySet) -> None:
    # 2025 溧阳市 非从业居民 730 = 700 + 30; 740 no longer adds up
    year = _set(thaw(policies[2025]), "premiums.categories.non_employed.individual_by_district.liyang", D("740"))
    message = _problems(year)["premiums.categories.non_employed.individual_by_district.liyang.value"]
    assert "溧阳" in message and "(= 730)" in message


def test_a_reading_quoting_a_number_no_longer_in_the_data_is_refused(policies: PolicySet) -> None:
    # the 2026 document of the issue: 老年居民 760 = 730 + 30 everywhere (and 溧阳/金坛 too), 筹资标准
    # 730 + 1250 = 1980; reading 1 still says "730 = 700 + 30": 700 is no longer a value anywhere
    year = thaw(policies[2025])
    for path, value in (
        ("premiums.categories.elderly.individual", "760"),
        ("premiums.categories.elderly.medical_individual", "730"),
        ("premiums.categories.elderly.funding_standard", "1980"),
        ("premiums.categories.non_employed.individual_by_district.liyang", "760"),
        ("premiums.categories.non_employed.individual_by_district.jintan", "760"),
        ("premiums.categories.non_employed.medical_individual_by_district.liyang", "730"),
        ("premiums.categories.non_employed.medical_individual_by_district.jintan", "730"),
    ):
        year = _set(year, path, D(value))
    problems = _problems(year)
    assert set(problems) == {"readings[0].reading"}
    assert "730 = 700 + 30" in problems["readings[0].reading"] and "700" in problems["readings[0].reading"]


def test_a_reading_whose_sum_is_wrong_is_refused(policies: PolicySet) -> None:
    year = thaw(policies[2025])
    first = year.readings[0]
    wrong = first.model_copy(update={"reading": first.reading.replace("390 = 360 + 30", "390 = 360 + 40")})
    year = year.model_copy(update={"readings": (wrong, *year.readings[1:])})
    assert "“390 = 360 + 40”不成立" in _problems(year)["readings[0].reading"]


# ---------------------------------------------------------------- issue 25 point 9: the impossible


@pytest.mark.parametrize(
    ("path", "value", "words"),
    [
        ("premiums.categories.elderly.individual", D("9999999999.99"), "个人缴费应在 1 到 10,000 元之间"),
        ("premiums.categories.minor.individual", D("0"), "个人缴费应在 1 到 10,000 元之间"),
        ("premiums.categories.minor.medical_individual", D("0"), "医保个人部分应在 1 到 10,000 元之间"),
        ("benefits.inpatient.annual_cap", D("0"), "年度最高支付限额应在 1,000 到 10,000,000 元之间"),
        ("benefits.inpatient.annual_cap", D("9999999999.99"), "年度最高支付限额应在"),
        ("benefits.inpatient.levels.3.adult.ratio", D("0"), "住院支付比例不能为 0"),
        ("benefits.medical_aid.cap_other", D("0"), "医疗救助年度限额"),
        ("benefits.outpatient_chronic.cap_one", D("0"), "门诊慢性病支付限额"),
        ("waiting.late_fixed_months", 120, "固定等待期应在 0 到 24 个月之间"),
        ("benefits.special_blood.self_pay_ratio", D("1"), "不能为 100%"),
    ],
)
def test_implausible_figures_are_refused_by_name(policies: PolicySet, path: str, value: Any, words: str) -> None:
    year = _set(thaw(policies[2025]), path, value)
    problems = _problems(year)
    assert f"{path}.value" in problems, problems
    assert words in problems[f"{path}.value"] and f"({path})" in problems[f"{path}.value"]


def test_a_benefit_period_ending_before_it_starts_is_refused(policies: PolicySet) -> None:
    # 2025-12-31 → 2025-01-01 while the start stays 2025-01-01 is legal (one day); 2025-01-01 → 2024-12-31
    # would leave the year; so: start 2025-07-01, end 2025-03-31 — every dated input would be refused
    year = _set(thaw(policies[2025]), "enrolment.benefit_start", dt.date(2025, 7, 1))
    year = _set(year, "enrolment.benefit_end", dt.date(2025, 3, 31))
    message = _problems(year)["enrolment.benefit_end.value"]
    assert "待遇享受期的结束日 2025-03-31 早于开始日 2025-07-01" in message


def test_a_referral_cut_as_large_as_the_rate_is_refused(policies: PolicySet) -> None:
    # 双通道 60%, cut by 20 points unapproved; a cut of 60 points leaves nothing
    year = _set(thaw(policies[2025]), "benefits.dual_channel_drug.reduction_unapproved", D("0.60"))
    assert "降低后比例为 0 或负数" in _problems(year)["benefits.dual_channel_drug.reduction_unapproved.value"]


def test_loading_a_document_runs_the_same_checks(policies: PolicySet, tmp_path: Path) -> None:
    # a document reaching the program by any road (a pack's document validated at load) is refused too
    year = _set(thaw(policies[2025]), "benefits.inpatient.annual_cap", D("0"))
    with pytest.raises(PolicyLoadError) as info:
        validate_document(packs.policy_to_yaml(year).encode(), "2025.yaml")
    assert any(p.field == "benefits.inpatient.annual_cap.value" for p in info.value.problems)


def test_the_cli_pack_check_shows_the_named_problem(policies: PolicySet, tmp_path: Path, capsys: Any) -> None:
    from desktop.cli import pack as packs_cli

    doc = tmp_path / "2025.yaml"
    year = _set(thaw(policies[2025]), "premiums.categories.elderly.individual", D("9999999999.99"))
    doc.write_text(packs.policy_to_yaml(year), encoding="utf-8")
    assert packs_cli.main(["check", str(doc)]) == 2
    err = capsys.readouterr().err
    assert "premiums.categories.elderly.individual.value" in err and "个人缴费应在 1 到 10,000 元之间" in err
