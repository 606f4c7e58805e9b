"""Golden cases worked out by hand from the official notices (tests/cases/*.yaml).

Each case runs in-process through ``desktop.cli.calculate.run_command``. ``expected`` is compared as a
recursive subset of the output (scalars compared as strings, so "730.00" must match exactly);
``expected_error`` names the field an ``InputError`` must report.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

CASES_DIR = Path(__file__).resolve().parents[1] / "cases"


class _CaseLoader(yaml.SafeLoader):
    """SafeLoader that leaves dates as strings: the CLI takes ISO date strings."""


_CaseLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _load_cases() -> list[Any]:
    params, seen = [], set()
    for path in sorted(CASES_DIR.glob("*.yaml")):
        for case in yaml.load(path.read_text(encoding="utf-8"), Loader=_CaseLoader)["cases"]:
            name = case["name"]
            assert name not in seen, f"duplicate case name {name!r} in {path.name}"
            has_expected, has_error = "expected" in case, "expected_error" in case
            assert has_expected != has_error, f"{name}: give exactly one of expected / expected_error"
            seen.add(name)
            params.append(pytest.param(case, id=name))
    return params


def assert_subset(expected: Any, actual: Any, path: str = "$") -> None:
    """Every expected key/element must be present in actual and match; scalars compare as strings."""
    if isinstance(expected, dict):
        assert isinstance(actual, dict), f"{path}: expected an object, got {actual!r}"
        for key, value in expected.items():
            assert key in actual, f"{path}.{key}: missing from the output (keys: {sorted(actual)})"
            assert_subset(value, actual[key], f"{path}.{key}")
    elif isinstance(expected, list):
        assert isinstance(actual, list), f"{path}: expected a list, got {actual!r}"
        assert len(actual) == len(expected), f"{path}: expected {len(expected)} items, got {len(actual)}"
        for i, (exp_item, act_item) in enumerate(zip(expected, actual, strict=True)):
            assert_subset(exp_item, act_item, f"{path}[{i}]")
    elif expected is None or isinstance(expected, bool):
        assert actual is expected, f"{path}: expected {expected!r}, got {actual!r}"
    else:
        assert str(actual) == str(expected), f"{path}: expected {expected!r}, got {actual!r}"


@pytest.mark.parametrize("case", _load_cases())
def test_golden(case: dict[str, Any]) -> None:
    from desktop.cli import calculate as cli

    payload = copy.deepcopy(case["input"])
    if "expected_error" in case:
        with pytest.raises(cli.InputError) as info:
            cli.run_command(case["command"], payload)
        fields = [error["field"] for error in info.value.errors]
        wanted = case["expected_error"]
        assert wanted in fields, f"expected an error on {wanted!r}, got errors on {fields}"
    else:
        assert_subset(case["expected"], cli.run_command(case["command"], payload))
