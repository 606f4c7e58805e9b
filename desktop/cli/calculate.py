"""``quote``, ``simulate``, ``waiting``, ``checklist`` and ``compare``: a checked request in, the
calculation with its steps out as JSON (money as text with two decimals)."""

from __future__ import annotations

import datetime as dt
import sys
from decimal import Decimal
from typing import Any

from desktop.cli.requests import (
    InputError,
    QuoteInput,
    SimulateInput,
    WaitingRequest,
    check_person_age,
    input_error,
    policy_for,
    quote_members,
    validate,
)
from desktop.core.care import YearResult, simulate_year
from desktop.core.compare import CompareRow, compare_quote, compare_simulation
from desktop.core.errors import InputProblem
from desktop.core.explain import Step
from desktop.core.money import fmt
from desktop.core.policy.loader import PolicySet
from desktop.core.premium import HouseholdQuote, quote_household
from desktop.core.staleness import staleness_message
from desktop.core.waiting import WaitingInput, WaitingResult, waiting_period


def _steps(steps: tuple[Step, ...]) -> list[dict[str, Any]]:
    return [s.as_json() for s in steps]


def quote_json(q: HouseholdQuote) -> dict[str, Any]:
    return {
        "policy_year": q.policy_year,
        "data_version": q.data_version,
        "members": [
            {
                "name": m.member.name,
                "category": m.member.category,
                "district": m.member.district,
                "aid_status": m.member.aid_status,
                "individual": fmt(m.individual),
                "standard_individual": fmt(m.standard_individual),
                "medical_individual": fmt(m.medical_individual),
                "ltc_individual": fmt(m.ltc_individual),
                "government_subsidy": fmt(m.government_subsidy),
                "ltc_government_subsidy": fmt(m.ltc_government_subsidy),
                "funding_standard": fmt(m.funding_standard),
                "government_pays_individual": fmt(m.government_pays_individual),
                "paid_by_school": m.paid_by_school,
                "steps": _steps(m.steps),
            }
            for m in q.members
        ],
        "total_individual": fmt(q.total_individual),
        "total_government_pays_individual": fmt(q.total_government_pays_individual),
        "school_individual": fmt(q.school_individual),
        "counter_individual": fmt(q.counter_individual),
        "school_condition": q.school_condition,
        "steps": _steps(q.steps),
    }


def _layers(layers: Any) -> dict[str, str | None]:
    keys = ("compliant_cost", "basic_fund", "critical_illness", "medical_aid", "out_of_pocket")
    return {k: fmt(getattr(layers, k)) for k in keys}


def _ledgers(led: Any) -> dict[str, Any]:
    return {k: (fmt(v) if isinstance(v, Decimal) else v) for k, v in vars(led).items()}


def simulation_json(r: YearResult) -> dict[str, Any]:
    return {
        "policy_year": r.policy_year,
        "data_version": r.data_version,
        "totals": _layers(r.totals),
        "events": [
            {
                "index": e.index,
                "date": e.event.date.isoformat() if e.event.date else None,
                "kind": e.event.kind,
                **_layers(e.layers),
                "steps": _steps(e.steps),
            }
            for e in r.events
        ],
        "ledgers": _ledgers(r.ledgers),
        "warnings": list(r.warnings),
        "steps": _steps(r.steps),
    }


def waiting_json(w: WaitingResult) -> dict[str, Any]:
    return {
        "benefit_start": w.benefit_start.isoformat(),
        "waiting_months": w.waiting_months,
        "benefit_this_year": w.benefit_this_year,
        "in_collection_period": w.in_collection_period,
        "steps": _steps(w.steps),
    }


def _compare_json(rows: list[CompareRow]) -> dict[str, Any]:
    return {
        "rows": [
            {
                "label": r.label,
                "values": {str(y): fmt(v) for y, v in r.values.items()},
                "differs": r.differs,
                **({"errors": {str(y): m for y, m in r.error.items()}} if r.error else {}),
            }
            for r in rows
        ]
    }


def _compare_note(policies: PolicySet, year: int) -> dict[str, Any]:
    years = list(policies.years)
    return {
        "years": years,
        "note": f"比较全部已载入年度({'、'.join(str(y) for y in years)});policy_year({year})"
        "只用于按它的年龄规则核对身份证号和出生日期,不限定比较的年度",
    }


def run_command(
    command: str, payload: Any, policies: PolicySet | None = None, today: dt.date | None = None
) -> dict[str, Any]:
    """Run one JSON command in-process (the CLI and the tests share this).

    Every answer for one policy year carries ``data_warning`` (null when the year is current),
    so an old year's figures are never taken for this year's.
    """
    from desktop.core.limits import bounded_payload

    policies = policies or load_years(today or dt.date.today())
    try:
        payload = bounded_payload(payload)
    except InputProblem as exc:
        raise input_error(exc) from None
    out = _run(command, payload, policies)
    year = payload.get("policy_year") if isinstance(payload, dict) else None
    if command != "compare" and isinstance(year, int) and year in policies:
        out["data_warning"] = staleness_message(policies, year, today or dt.date.today())
    return out


def _run(command: str, payload: Any, policies: PolicySet) -> dict[str, Any]:
    try:
        if command == "quote":
            q = validate(QuoteInput, payload)
            policy = policy_for(policies, q.policy_year)
            return quote_json(quote_household(policy, quote_members(q, [policy])))
        if command == "simulate":
            s = validate(SimulateInput, payload)
            policy = policy_for(policies, s.policy_year)
            check_person_age(s)
            return simulation_json(simulate_year(policy, s.person, s.events))
        if command == "waiting":
            w = validate(WaitingRequest, payload)
            return waiting_json(waiting_period(policy_for(policies, w.policy_year), WaitingInput(**dict(w))))
        if command == "checklist":
            return _checklist(payload, policies)
        if command == "compare":
            # every loaded year is compared; policy_year must still be one of them: it is the year
            # whose age rule checks the ID numbers and birth dates (and the output says so)
            if isinstance(payload, dict) and "members" in payload:
                q = validate(QuoteInput, payload)
                policy_for(policies, q.policy_year)
                rows = compare_quote(policies, quote_members(q, [policies[y] for y in policies.years]))
                return _compare_json(rows) | _compare_note(policies, q.policy_year)
            s = validate(SimulateInput, payload)
            policy_for(policies, s.policy_year)
            check_person_age(s)
            return _compare_json(compare_simulation(policies, s.person, s.events)) | _compare_note(
                policies, s.policy_year
            )
    except InputProblem as exc:
        raise input_error(exc) from None
    raise InputError([{"field": "command", "message": f"未知命令 {command}"}])


def _checklist(payload: Any, policies: PolicySet) -> dict[str, Any]:
    """The counter checklist (参保清单) as JSON: ``policy_year`` plus the window's answers
    (desktop.core.checklist.ChecklistAnswers: category, huji, payment, payment_date, ...)."""
    from desktop.core.checklist import ChecklistAnswers, build_checklist

    if not isinstance(payload, dict):
        raise InputError([{"field": "", "message": "输入应为一个 JSON 对象"}])
    body = dict(payload)
    year = body.pop("policy_year", None)
    if year is None:
        raise InputError([{"field": "policy_year", "message": "缺少此项"}])
    if not isinstance(year, int) or isinstance(year, bool):
        raise InputError([{"field": "policy_year", "message": "应为整数(不带引号,也不能写 true/false)"}])
    policy = policy_for(policies, year)
    answers = validate(ChecklistAnswers, body)
    checklist = build_checklist(policy, answers)
    out: dict[str, Any] = checklist.model_dump(mode="json")
    out["text"] = checklist.all_text()
    return out


def load_years(today: dt.date, report: bool = False) -> PolicySet:
    """Bundled years plus installed policy packs; a broken pack is skipped and named on stderr."""
    from desktop.core.packs import load_all

    result = load_all(today)
    if report:
        for problem in result.problems:
            sys.stderr.write(f"{problem}\n")
    return result.policies
