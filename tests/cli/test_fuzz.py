"""Fuzz the command line: whatever JSON-ish text arrives, the answer is exit 0 or exit 2 with
Chinese messages, never a traceback. In-process for speed, plus a few runs as a real process."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import desktop.cli.calculate
from tests.cli.test_input import cli

ROOT = Path(__file__).resolve().parents[2]

# slow: a fuzzing harness, with runs as a real process (deselected unless --full, tests/conftest.py)
pytestmark = pytest.mark.slow
ENGLISH = re.compile(r"Input should|Value error|Field required|Traceback|Error\b|error:|usage:")
CJK = re.compile(r"[\u4e00-\u9fff]")

BASES: dict[str, dict[str, Any]] = {
    "quote": {
        "policy_year": 2025,
        "district": "wujin",
        "members": [
            {"name": "张三", "category": "minor", "aid_status": "none", "id_number": "320412201507200031"},
            {"name": "李四", "category": "elderly", "district": "liyang"},
        ],
    },
    "simulate": {
        "policy_year": 2025,
        "person": {"category": "elderly", "birth_date": "1950-05-01", "continuous_enrolment_years": 3},
        "events": [
            {"date": "2025-03-02", "kind": "inpatient", "compliant_cost": 12000, "hospital_level": 3},
            {"date": "2025-04-01", "kind": "outpatient_general", "compliant_cost": "800", "facility": "primary"},
            {"kind": "outpatient_special", "compliant_cost": 5000, "basic_fund_paid": 3500},
        ],
    },
    "waiting": {"policy_year": 2025, "payment_date": "2025-03-15", "years_broken": 2, "years_repaid": 1},
}
BASES["compare"] = BASES["simulate"]

FIELD_NAMES = sorted(
    {
        "policy_year", "district", "members", "name", "category", "aid_status", "id_number", "person",
        "birth_date", "continuous_enrolment_years", "events", "date", "kind", "compliant_cost",
        "hospital_level", "facility", "disease_count", "rare_disease_drug", "referral", "basic_fund_paid",
        "payment_date", "in_collection_period", "years_broken", "years_repaid", "newborn", "new_aid_recipient",
    }
)  # fmt: skip

texts = st.one_of(
    st.text(max_size=30),
    st.sampled_from(
        [
            "2025-02-30", "2025-03-01", "２０２５-０３-０１", "1e3", ".5", "NaN", "Infinity", "-0", "1_2000",
            "٣٠٠٠", "１２０００", "1,234.50", "12.345", "elderly", "ｅｌｄｅｒｌｙ", "wujin", "inpatient", "", " ",
            "\u3000", "320412201507200031", "32041220150720003Ｘ", "9" * 400, "true", "null",
        ]
    ),
)  # fmt: skip
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=-(10**40), max_value=10**40),
    st.decimals(allow_nan=False, allow_infinity=False, places=3, max_value=Decimal("1e12"), min_value=Decimal("-1e12")),
    st.sampled_from([2024, 2025, 2026, 0, 1, 2, 3, 4, -1, 10**6]),
    texts,
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.sampled_from(FIELD_NAMES) | st.text(max_size=8), inner, max_size=4),
    ),
    max_leaves=12,
)


def mutate(data: Any, draw: Any, depth: int = 0) -> Any:
    """Replace, drop or add some fields of a valid input, keeping most of it valid."""
    if isinstance(data, dict):
        out = {}
        for key, value in data.items():
            choice = draw(st.integers(0, 9))
            if choice == 0:
                continue  # dropped
            out[key] = draw(values) if choice == 1 else mutate(value, draw, depth + 1)
        if draw(st.integers(0, 6)) == 0:
            out[draw(st.sampled_from(FIELD_NAMES))] = draw(values)
        return out
    if isinstance(data, list):
        items = [mutate(v, draw, depth + 1) for v in data]
        if draw(st.integers(0, 5)) == 0:
            items.append(draw(values))
        return items
    return draw(values) if draw(st.integers(0, 5)) == 0 else data


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)


@st.composite
def inputs(draw: Any) -> tuple[str, str]:
    command = draw(st.sampled_from(sorted(BASES)))
    kind = draw(st.integers(0, 9))
    if kind == 0:
        text = dumps(draw(values))  # anything at all
    else:
        text = dumps(mutate(BASES[command], draw))
    if draw(st.integers(0, 7)) == 0:  # damaged text: cut, or a character put in
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from(["", "\x00", "{", "]", '"', "\\", "，", "\ufeff"])) + text[at + 1 :]
    return command, text


def check(code: int, out: str, err: str) -> None:
    assert code in (0, 2), (code, err)
    assert "Traceback" not in err and "Traceback" not in out
    if code == 0:
        json.loads(out)
    else:
        errors = json.loads(err)["errors"]
        assert errors
        for e in errors:
            assert CJK.search(e["message"]) and not ENGLISH.search(e["message"]), e


_POLICIES = desktop.cli.calculate.load_years(dt.date.today())


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(case=inputs())
def test_any_input_is_answered_or_refused_in_chinese(case: tuple[str, str]) -> None:
    command, text = case
    # the policy years loaded once, not per call: the fuzzing is of the input, not the loading
    with mock.patch.object(desktop.cli.calculate, "load_years", lambda *a, **k: _POLICIES):
        check(*cli([command, "-"], text))


def test_a_few_hostile_inputs_as_a_real_process() -> None:
    cases = [
        ("quote", '{"policy_year": 2025, "members": [' + '{"category": "minor"},' * 3 + "]}"),
        ("simulate", '{"policy_year": 2025, "person": {"category": "elderly"}, "events": [[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]}'),
        ("waiting", '{"policy_year": 2025, "payment_date": 1740000000, "newborn": 1}'),
        ("compare", '{"policy_year": 2025, "members": [{"category": "elderly", "id_number": "３２０４１２２０１５０７２０００３１"}]}'),
    ]  # fmt: skip
    for command, text in cases:
        proc = subprocess.run(
            [sys.executable, "-m", "desktop", command, "-"],
            input=text.encode("utf-8"),
            capture_output=True,
            cwd=ROOT,
            timeout=60,
        )
        check(proc.returncode, proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8"))
        assert proc.returncode == 2
