"""issue 25 §10 §11: ``compare`` with any policy_year answers in Chinese (never a traceback) and
says what it does with the year; ``simulate`` refuses a category its birth date contradicts."""

from __future__ import annotations

import json

import pytest

from tests.cli.test_main import run

QUOTE = {"district": "wujin", "members": [{"name": "甲", "category": "non_employed", "id_number": None}]}


@pytest.mark.parametrize("year", [0, -1, 2**31, 10**20])
def test_compare_with_an_impossible_year_is_a_chinese_error(year: int) -> None:
    # before: ValueError: year 0 is out of range (a traceback, exit 1)
    member = {"name": "甲", "category": "non_employed", "id_number": "11010519491231002X"}
    out = run("compare", "-", stdin=json.dumps({**QUOTE, "members": [member], "policy_year": year}))
    assert out.returncode == 2, out.stderr
    assert "Traceback" not in out.stderr and "policy_year" in out.stderr and f"没有 {year} 年度" in out.stderr


def test_compare_says_what_policy_year_is_for() -> None:
    out = run("compare", "-", stdin=json.dumps({**QUOTE, "policy_year": 2025}))
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["years"] == [2024, 2025]
    assert "比较全部已载入年度" in data["note"] and "policy_year(2025)" in data["note"]
    # 2024 须知 §一(一): 非从业居民 in 武进区 930; 2025 通告: 880
    total = next(r for r in data["rows"] if r["label"] == "全家个人缴费合计")
    assert total["values"] == {"2024": "930.00", "2025": "880.00"}


def test_simulate_refuses_a_category_its_birth_date_contradicts() -> None:
    event = {"kind": "outpatient_general", "compliant_cost": "100", "facility": "primary", "date": "2025-03-01"}
    child_as_elderly = {
        "policy_year": 2025,
        "person": {"category": "elderly", "birth_date": "2015-06-01"},
        "events": [event],
    }
    out = run("simulate", "-", stdin=json.dumps(child_as_elderly))
    assert out.returncode == 2, out.stdout
    assert "person.category" in out.stderr and "未满18周岁" in out.stderr
    adult_as_minor = {
        "policy_year": 2025,
        "person": {"category": "minor", "birth_date": "1980-06-01"},
        "events": [event],
    }
    out = run("simulate", "-", stdin=json.dumps(adult_as_minor))
    assert out.returncode == 2 and "已满" in out.stderr
    fits = {"policy_year": 2025, "person": {"category": "minor", "birth_date": "2015-06-01"}, "events": [event]}
    assert run("simulate", "-", stdin=json.dumps(fits)).returncode == 0
