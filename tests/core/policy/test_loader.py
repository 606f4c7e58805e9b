"""Every bundled year loads, every figure has its source, and broken files say file and field."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from desktop.core.policy import PolicyLoadError, load_policies, load_policy_file
from desktop.core.policy.model import iter_figures
from desktop.resources import policy_dir

BUNDLED = sorted(policy_dir().glob("*.yaml"))


def test_both_notice_years_load():
    policies = load_policies()
    assert policies.years == (2024, 2025)
    assert policies.entry(2025).short_hash == policies.entry(2025).sha256[:12]


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.name)
def test_every_figure_has_a_source(path: Path):
    policy = load_policy_file(path).policy
    figures = iter_figures(policy)
    assert len(figures) > 90
    for where, fig in figures:
        assert fig.cite.strip(), where
        if fig.status != "official":
            assert fig.reason, where
        if fig.status == "not_stated":
            assert fig.value is None, where


def test_2025_inpatient_table_is_marked_carried_over():
    p = load_policies()[2025]
    cell = p.benefits.inpatient.levels[3].adult
    assert cell.ratio.status == "carried_over" and cell.ratio.carried_from == 2024
    assert cell.ratio.value == Decimal("0.70") and cell.deductible.value == Decimal("1000")
    assert p.benefits.outpatient_special.ratio.value is None


def _broken(tmp_path: Path, mutate) -> PolicyLoadError:  # type: ignore[no-untyped-def]
    data = yaml.safe_load((policy_dir() / "2025.yaml").read_text(encoding="utf-8"))
    mutate(data)
    target = tmp_path / "2025.yaml"
    target.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(PolicyLoadError) as info:
        load_policies([tmp_path])
    return info.value


def _messages(err: PolicyLoadError) -> list[tuple[str, str, str]]:
    return [(Path(p.file).name, p.field, p.message) for p in err.problems]


def test_missing_source_is_refused(tmp_path):
    err = _broken(tmp_path, lambda d: d["premiums"]["categories"]["elderly"]["individual"].pop("cite"))
    assert ("2025.yaml", "premiums.categories.elderly.individual.cite", "缺少此项") in _messages(err)


def test_interpretation_without_reason_is_refused(tmp_path):
    err = _broken(tmp_path, lambda d: d["waiting"]["counting"].pop("reason"))
    fields = {f: m for _, f, m in _messages(err)}
    assert "reason" in fields["waiting.counting"]


def test_rate_above_one_is_refused(tmp_path):
    def mutate(d):  # type: ignore[no-untyped-def]
        d["benefits"]["dual_channel_drug"]["rate"]["value"] = "1.7"

    err = _broken(tmp_path, mutate)
    assert ("2025.yaml", "benefits.dual_channel_drug.rate.value", "不能大于 1") in _messages(err)


def test_bands_out_of_order_are_refused(tmp_path):
    def mutate(d):  # type: ignore[no-untyped-def]
        bands = d["benefits"]["critical_illness"]["regular_bands"]["value"]
        bands.reverse()

    err = _broken(tmp_path, mutate)
    (problem,) = [p for p in err.problems if p.field.startswith("benefits.critical_illness")]
    assert "从低到高" in problem.message


def test_wrong_type_is_refused(tmp_path):
    def mutate(d):  # type: ignore[no-untyped-def]
        d["benefits"]["inpatient"]["levels"][1]["adult"]["deductible"]["value"] = "四百"

    err = _broken(tmp_path, mutate)
    assert ("2025.yaml", "benefits.inpatient.levels[1].adult.deductible.value", "应为数字") in _messages(err)


def test_every_problem_is_reported_at_once(tmp_path):
    def mutate(d):  # type: ignore[no-untyped-def]
        d["benefits"]["dual_channel_drug"]["rate"]["value"] = "1.7"
        d["premiums"]["categories"]["minor"]["individual"].pop("cite")

    assert len(_broken(tmp_path, mutate).problems) == 2


def test_truncated_yaml_names_the_file(tmp_path):
    text = (policy_dir() / "2025.yaml").read_text(encoding="utf-8")
    (tmp_path / "2025.yaml").write_text(text[: len(text) // 2] + "\n  - {broken: [", encoding="utf-8")
    with pytest.raises(PolicyLoadError) as info:
        load_policies([tmp_path])
    (problem,) = info.value.problems
    assert problem.file.endswith("2025.yaml") and "YAML 格式错误" in problem.message and "行" in problem.message


def test_empty_file_and_missing_directory(tmp_path):
    (tmp_path / "2030.yaml").write_text("", encoding="utf-8")
    with pytest.raises(PolicyLoadError) as info:
        load_policies([tmp_path])
    assert "格式不对" in info.value.problems[0].message
    with pytest.raises(PolicyLoadError) as info2:
        load_policies([tmp_path / "nowhere"])
    assert "没有找到" in info2.value.problems[0].message


def test_unknown_field_is_refused(tmp_path):
    err = _broken(tmp_path, lambda d: d["premiums"].update({"bonus": 1}))
    assert ("2025.yaml", "premiums.bonus", "不认识的字段(可能拼写错误)") in _messages(err)
