"""A figure the calculation needs, left empty (通知未规定), never counts as zero (issue 21 point 2).

Every figure of both bundled years is emptied in turn (``value: null, status: not_stated``). The
outcome must be one of: the document check refuses it, naming the figure with its field path
(what ``pack check``, ``pack build``, ``pack install`` and loading a document run); or the
calculations' answers (premiums, a year of care of every kind, waiting periods, 家庭共济, the
checklist's verdicts) are exactly those of the real year. A year that reaches the calculations
with such a figure anyway (an old stored form) is refused by the calculation, naming the same
figure: never a figure computed with zero.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from desktop.core.care import Event, Person, simulate_year
from desktop.core.checklist import ChecklistAnswers, build_checklist
from desktop.core.errors import InputProblem
from desktop.core.family import family_payment_check
from desktop.core.policy.checks import document_problems
from desktop.core.policy.freeze import freeze, thaw
from desktop.core.policy.loader import PolicySet, parse_policy_text
from desktop.core.policy.model import PolicyYear, iter_figures
from desktop.core.policy.required import MissingFigure
from desktop.core.premium import Member, quote_household
from desktop.core.waiting import WaitingInput, waiting_period

D = Decimal
ROOT = Path(__file__).resolve().parents[3]
_TOKEN = re.compile(r"^([^\[]+)((?:\[\d+\])*)$")


def _replace(obj: Any, tokens: list[str], change: Any) -> Any:
    """``obj`` with the figure at the dotted path ``tokens`` replaced by ``change(figure)``."""
    if not tokens:
        return change(obj)
    head, rest = tokens[0], tokens[1:]
    if isinstance(obj, BaseModel):
        match = _TOKEN.match(head)
        assert match, head
        name, indexes = match.group(1), [int(i) for i in re.findall(r"\d+", match.group(2))]
        child = getattr(obj, name)
        if indexes:
            (i,) = indexes
            items = list(child)
            items[i] = _replace(items[i], rest, change)
            new: Any = tuple(items)
        else:
            new = _replace(child, rest, change)
        return obj.model_copy(update={name: new})
    if isinstance(obj, dict):
        key = next(k for k in obj if str(k) == head)
        return {**obj, key: _replace(obj[key], rest, change)}
    raise AssertionError(f"cannot walk into {type(obj).__name__} at {head}")


def emptied(year: PolicyYear, path: str) -> PolicyYear:
    def empty(fig: Any) -> Any:
        return fig.model_copy(
            update={"value": None, "status": "not_stated", "reason": "测试:通知未规定", "carried_from": None}
        )

    result: PolicyYear = _replace(year, path.split("."), empty)
    return result


def _safe(run: Any) -> Any:
    try:
        return run()
    except MissingFigure as exc:
        return ("refused", exc.path)


def answers(policy: Any) -> dict[str, Any]:
    """The calculations' answers (numbers and verdicts, not wording) for a spread of inputs."""
    y = policy.policy_year
    out: dict[str, Any] = {}
    for cat in ("elderly", "minor", "college_student", "non_employed"):
        for district in ("wujin", "liyang", "jintan", "xinbei"):
            for aid in ("none", "other_aid"):
                member = Member(category=cat, district=district, aid_status=aid)

                def quote(member: Member = member) -> Any:
                    q = quote_household(policy, [member])
                    m = q.members[0]
                    return (
                        q.total_individual,
                        m.individual,
                        m.standard_individual,
                        m.medical_individual,
                        m.ltc_individual,
                        m.government_pays_individual,
                    )

                out[f"quote {cat} {district} {aid}"] = _safe(quote)
    day = dt.date(y, 3, 1)
    events = [
        Event(date=day, kind="inpatient", compliant_cost=D("60000"), hospital_level=3),
        Event(date=day, kind="inpatient", compliant_cost=D("8000"), hospital_level=1),
        Event(date=day, kind="inpatient", compliant_cost=D("9000"), hospital_level=2),
        Event(date=day, kind="childbirth", compliant_cost=D("7000"), hospital_level=2),
        Event(date=day, kind="special_blood", compliant_cost=D("3000"), hospital_level=3),
        Event(date=day, kind="special_blood", compliant_cost=D("3000"), hospital_level=2, basic_fund_paid=D("900")),
        Event(date=day, kind="outpatient_general", compliant_cost=D("2500"), facility="primary"),
        Event(date=day, kind="outpatient_general", compliant_cost=D("9000"), facility="secondary_plus"),
        Event(date=day, kind="outpatient_chronic", compliant_cost=D("3000"), facility="primary"),
        Event(
            date=day, kind="outpatient_chronic", compliant_cost=D("3000"), facility="secondary_plus", disease_count=2
        ),
        Event(date=day, kind="outpatient_special", compliant_cost=D("5000"), basic_fund_paid=D("3000")),
        Event(date=day, kind="dual_channel_drug", compliant_cost=D("4000")),
        Event(
            date=day,
            kind="dual_channel_drug",
            compliant_cost=D("4000"),
            rare_disease_drug=True,
            referral="approved_out_of_city",
        ),
        Event(date=day, kind="dual_channel_drug", compliant_cost=D("4000"), referral="unapproved_out_of_city"),
        Event(date=day, kind="rare_disease_remainder", compliant_cost=D("2000")),
        Event(date=day, kind="pku", compliant_cost=D("3000")),
        Event(date=day, kind="inpatient", compliant_cost=D("400000"), hospital_level=3),
    ]
    people = [
        Person(category="elderly", continuous_enrolment_years=3),
        Person(category="non_employed", aid_status="other_aid", continuous_enrolment_years=0),
        Person(category="minor", aid_status="extreme_poverty", birth_date=dt.date(y - 5, 6, 1)),
        Person(category="college_student", birth_date=dt.date(y - 20, 6, 1)),
    ]
    for i, person in enumerate(people):

        def year_of_care(person: Person = person) -> Any:
            r = simulate_year(policy, person, events)
            return tuple((e.index, e.layers) for e in r.events), r.totals, r.ledgers

        out[f"simulate {i}"] = _safe(year_of_care)
    late = dt.date(y, 3, 15)
    in_period = dt.date(y - 1, 11, 20)
    waits = {
        "late": {"payment_date": late},
        "broken in period": {"payment_date": in_period, "years_broken": 2},
        "broken late repaid": {"payment_date": late, "years_broken": 2, "years_repaid": 1},
        "long break": {"payment_date": late, "years_broken": 5, "years_repaid": 5},
        "continuous": {"payment_date": in_period},
        "newborn": {"payment_date": late, "newborn": True, "birth_date": dt.date(y, 2, 1)},
        "new aid": {"payment_date": dt.date(y, 7, 20), "new_aid_recipient": True},
    }
    for name, kw in waits.items():

        def wait(kw: dict[str, Any] = kw) -> Any:
            w = waiting_period(policy, WaitingInput(policy_year=y, **kw))
            return w.benefit_start, w.waiting_months, w.benefit_this_year, w.in_collection_period

        out[f"waiting {name}"] = _safe(wait)
    for relation in ("spouse", "parent", "child", "sibling", "grandparent", "grandchild"):
        out[f"family {relation}"] = _safe(lambda r=relation: family_payment_check(policy, r, True).allowed)
    sheets = {
        "plain": ChecklistAnswers(),
        "late broken": ChecklistAnswers(new_enrolment=True, payment_date=late, years_broken=2, years_repaid=1),
        "newborn": ChecklistAnswers(newborn=True, birth_date=dt.date(y, 2, 1), payment_date=late, category="minor"),
        "family": ChecklistAnswers(payment="family"),
        "permit": ChecklistAnswers(huji=False, residence_permit=True),
    }
    for name, a in sheets.items():

        def sheet(a: ChecklistAnswers = a) -> Any:
            c = build_checklist(policy, a)
            if c.timing_problem is not None and c.timing_problem[1].startswith("政策数据不完整"):
                return ("refused", c.timing_problem[0])
            return c.eligible, c.needs_registration, c.benefit_start, c.timing_problem

        out[f"checklist {name}"] = _safe(sheet)
    return out


def _all_paths() -> list[tuple[int, str]]:
    cases = []
    for year in (2024, 2025):
        doc = parse_policy_text((ROOT / "policy_data" / f"{year}.yaml").read_text(encoding="utf-8"), f"{year}.yaml")
        cases.extend((year, path) for path, fig in iter_figures(doc) if fig.value is not None)
    return cases


_BASELINE: dict[int, tuple[PolicyYear, dict[str, Any]]] = {}


def _baseline(policies: PolicySet, year: int) -> tuple[PolicyYear, dict[str, Any]]:
    if year not in _BASELINE:
        model = thaw(policies[year])
        _BASELINE[year] = (model, answers(policies[year]))
    return _BASELINE[year]


def test_the_answer_set_is_refused_nowhere_on_the_real_years(policies: PolicySet) -> None:
    for year in (2024, 2025):
        _, base = _baseline(policies, year)
        refused = {k: v for k, v in base.items() if isinstance(v, tuple) and v[:1] == ("refused",)}
        assert refused == {}
        assert document_problems(thaw(policies[year])) == []


@pytest.mark.parametrize(("year", "path"), _all_paths(), ids=lambda v: str(v))
def test_an_emptied_figure_is_refused_by_name_or_changes_no_answer(policies: PolicySet, year: int, path: str) -> None:
    model, base = _baseline(policies, year)
    doc = emptied(model, path)
    problems = document_problems(doc)
    named = [message for field, message in problems if field == f"{path}.value"]
    after = answers(freeze(doc))
    changed = {k: (base[k], v) for k, v in after.items() if v != base[k]}
    if named:
        # the check names the figure in Chinese with its path ...
        assert all(path in m and re.search(r"[\u4e00-\u9fff]", m) for m in named)
        # ... and a year that reaches the calculations anyway is refused by the same name, never zero
        assert all(v == ("refused", path) for _, v in changed.values()), changed
    else:
        assert changed == {}, f"{path} emptied passes the check but changes answers: {changed}"


def test_the_issues_example_an_empty_annual_cap(policies: PolicySet, tmp_path: Path, capsys: Any) -> None:
    """issue 21's report: annual_cap null passed pack check, and simulate answered basic fund 0.00,
    out of pocket 20,000.00 for a 20,000 admission."""
    from desktop.cli import pack as packs_cli
    from desktop.cli.calculate import InputError, run_command
    from desktop.core import packs
    from desktop.core.policy.loader import LoadedYear, PolicySet

    doc_model = emptied(thaw(policies[2025]), "benefits.inpatient.annual_cap")
    doc = tmp_path / "2025.yaml"
    doc.write_text(packs.policy_to_yaml(doc_model), encoding="utf-8")
    assert packs_cli.main(["check", str(doc)]) == 2
    err = capsys.readouterr().err
    assert "benefits.inpatient.annual_cap.value" in err and "年度最高支付限额" in err and "不能按 0 计算" in err
    # the calculation, given such a year all the same, refuses by name (CLI: an input error on the figure)
    frozen_year = freeze(doc_model)
    entry = policies.entry(2025)
    gap = PolicySet((LoadedYear(frozen_year, entry.path, entry.sha256),))
    payload = {
        "policy_year": 2025,
        "person": {"category": "elderly"},
        "events": [{"kind": "inpatient", "compliant_cost": "20000", "hospital_level": 3}],
    }
    with pytest.raises(InputError) as info:
        run_command("simulate", payload, gap, today=dt.date(2025, 6, 1))
    errors = info.value.errors
    assert errors[0]["field"] == "benefits.inpatient.annual_cap"
    assert "住院年度最高支付限额" in errors[0]["message"] and "不能按 0 计算" in errors[0]["message"]


def test_an_empty_premium_is_a_named_row_problem_in_the_roster(policies: PolicySet) -> None:
    from desktop.core.roster import ColumnMapping, build_roster
    from desktop.core.roster.read import RawTable
    from tests.core.roster.test_roster import make_id

    year = freeze(emptied(thaw(policies[2025]), "premiums.categories.elderly.individual"))
    table = RawTable(
        source="名册.xlsx",
        sheet="Sheet1",
        header_row=1,
        headers=("户号", "姓名", "身份证号", "参保类别", "所属区"),
        rows=(
            (2, ("1", "王某", make_id("32048319480601001"), "老年居民", "武进区")),  # born 1948: 76
            (3, ("1", "王小", make_id("32041220150720003"), "未成年居民", "武进区")),  # born 2015: 9
        ),
    )
    result = build_roster(year, table, ColumnMapping(household=0, name=1, id_number=2, category=3, district=4))
    elderly, minor = result.rows
    assert elderly.quote is None
    assert any("premiums.categories.elderly.individual" in p and "不能按 0 计算" in p for p in elderly.problems)
    # the other row is quoted as usual: 未成年居民 390 (2025 通告 三)
    assert minor.quote is not None and minor.quote.individual == D("390.00")


def test_a_missing_figure_is_an_input_problem_every_caller_shows() -> None:
    exc = MissingFigure("benefits.inpatient.annual_cap")
    assert isinstance(exc, InputProblem) and exc.field == "benefits.inpatient.annual_cap"
    assert exc.message.startswith("政策数据不完整,无法计算:住院年度最高支付限额(benefits.inpatient.annual_cap)")
