"""The readings belong to the product (issue 13, 11-12; issue 14, 8).

Each year's document carries its own numbered readings; every figure resting on one names it;
steps, slips and the checklist name it by its own title; nothing a user sees points to a document
they do not have; and nothing on screen or paper shows an internal identifier.
"""

from __future__ import annotations

import ast
import datetime as dt
import itertools
import re
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from desktop.core.care import Event, Person, check_events, pku_condition, simulate_year
from desktop.core.checklist import ChecklistAnswers, build_checklist
from desktop.core.errors import InputProblem
from desktop.core.explain import Step
from desktop.core.family import family_payment_check
from desktop.core.identity import check_eligibility
from desktop.core.policy import PolicyLoadError, load_policies
from desktop.core.policy.model import iter_figures
from desktop.core.premium import Member, quote_household
from desktop.core.slip import Slip, slip_readings
from desktop.core.waiting import WaitingInput, waiting_period
from desktop.resources import policy_dir

P = load_policies()
ROOT = Path(__file__).resolve().parents[2]
#: an identifier in brackets, e.g. "(primary)", "(secondary_plus)": never on screen or paper
BRACKETED_ID = re.compile(r"[((]\s*[a-z][a-z_0-9]*\s*[))]")
#: internal words: a file, a field name, the developers' notes
INTERNAL = re.compile(r"DOMAIN|\.\./shared|shared/|\.ya?ml\b|\.md\b|\b[a-z]+_[a-z_]+\b")


def test_every_reading_is_complete_and_every_non_official_figure_names_one():
    for year in P.years:
        policy = P[year]
        assert policy.readings, year
        for r in policy.readings:
            assert r.title.startswith("解读:") and len(r.title) <= 30, r.title
            assert (r.quotes or r.note) and r.reading and r.depends_on, r.id
        for path, fig in iter_figures(policy):
            if fig.status in ("interpretation", "outside_fact"):
                assert policy.reading(fig.reading) is not None, (year, path)


def test_a_figure_naming_an_unknown_reading_names_the_file_and_field(tmp_path):
    data = yaml.safe_load((policy_dir() / "2025.yaml").read_text(encoding="utf-8"))
    data["waiting"]["counting"]["reading"] = 99
    (tmp_path / "2025.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(PolicyLoadError) as info:
        load_policies([tmp_path])
    (problem,) = info.value.problems
    assert problem.file.endswith("2025.yaml") and "99" in problem.message and "解读" in problem.message


def test_readings_travel_inside_a_pack(tmp_path):
    from desktop.core import packs

    source = tmp_path / "2025.yaml"
    source.write_text((policy_dir() / "2025.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    pack = packs.build_pack(source, tmp_path / "2025.czpack")
    assert pack.policy.readings == P[2025].readings


def _year_steps() -> list[Step]:
    person = Person(
        category="minor", aid_status="other_aid", birth_date=dt.date(2015, 5, 1), continuous_enrolment_years=0
    )
    events = [
        Event(date=dt.date(2025, 3, 2), kind="inpatient", compliant_cost=Decimal("12000"), hospital_level=3),
        Event(date=dt.date(2025, 4, 1), kind="outpatient_general", compliant_cost=Decimal("800"), facility="primary"),
        Event(kind="outpatient_chronic", compliant_cost=Decimal("900"), facility="primary"),
        Event(kind="outpatient_special", compliant_cost=Decimal("5000"), basic_fund_paid=Decimal("3500")),
        Event(kind="dual_channel_drug", compliant_cost=Decimal("10000"), referral="approved_out_of_city"),
        Event(kind="childbirth", compliant_cost=Decimal("6000"), hospital_level=2),
        Event(kind="pku", compliant_cost=Decimal("3000")),
        Event(kind="special_blood", compliant_cost=Decimal("2000"), hospital_level=3),
        Event(kind="rare_disease_remainder", compliant_cost=Decimal("4000")),
    ]
    result = simulate_year(P[2025], person, events)
    return [*result.steps, *(s for e in result.events for s in e.steps)]


def test_steps_name_their_reading_and_a_slip_ends_with_them():
    steps = _year_steps()
    inpatient = next(s for s in steps if "医疗机构住院(" in s.text)
    assert any(c.reading == "解读:住院待遇沿用2024年表" for c in inpatient.citations)
    slip = Slip(
        title="测算",
        policy_year=2025,
        data_version="2025.1",
        data_hash="0" * 64,
        inputs=(),
        amounts=(),
        steps=tuple(steps),
    )
    titles = [t for t, _ in slip_readings(slip)]
    assert "解读:住院待遇沿用2024年表" in titles and "解读:大病保险按住院和门诊特殊病的自付累计" in titles
    assert all(text for _, text in slip_readings(slip))


def test_pku_condition_carries_the_diagnosis_codes():
    # 2024 二(五)4: "未成年居民第一诊断为典型的苯丙酮酸尿症(ICD-10:E70.0)或…(ICD-10:E70.1)的患者"
    for year in P.years:
        text = pku_condition(P[year])
        assert "未成年居民" in text and "第一诊断" in text
        assert "典型的苯丙酮酸尿症(ICD-10:E70.0)" in text
        assert "四氢生物喋呤(BH4)缺乏症等其他高苯丙酮酸尿症(ICD-10:E70.1)" in text
        benefits = "\n".join(i.text for i in build_checklist(P[year], ChecklistAnswers()).section("benefits").items)
        assert "E70.0" in benefits and "E70.1" in benefits
    pku_step = next(s for s in _year_steps() if s.text.startswith("苯丙酮尿症("))
    assert any("E70.1" in c.value for c in pku_step.citations)


def _all_outputs() -> list[str]:
    texts: list[str] = []

    def add_steps(steps):  # type: ignore[no-untyped-def]
        for s in steps:
            texts.append(s.text)
            for c in s.citations:
                texts.extend(
                    [c.label, c.value, c.source, c.quote or "", c.note or "", c.reading or "", c.reading_text or ""]
                )

    for year in P.years:
        policy = P[year]
        members = [
            Member(name=f"成员{i}", category=cat, district=d, aid_status=aid)
            for i, (cat, d, aid) in enumerate(
                itertools.product(
                    ("elderly", "minor", "college_student", "non_employed"),
                    ("wujin", "liyang"),
                    ("none", "extreme_poverty", "other_aid"),
                )
            )
        ]
        q = quote_household(policy, members)
        add_steps(q.steps)
        for m in q.members:
            add_steps(m.steps)
        for broken, repaid, newborn, aid in itertools.product((0, 2, 5), (0, 1), (False, True), (False, True)):
            if repaid > broken or (newborn and broken):
                continue
            w = waiting_period(
                policy,
                WaitingInput(
                    policy_year=year,
                    payment_date=dt.date(year, 3, 15),
                    years_broken=broken,
                    years_repaid=repaid,
                    newborn=newborn,
                    new_aid_recipient=aid,
                    birth_date=dt.date(year, 2, 1) if newborn else None,
                ),
            )
            add_steps(w.steps)
        for rel in ("spouse", "sibling"):
            add_steps(family_payment_check(policy, rel, True).steps)  # type: ignore[arg-type]
        add_steps(check_eligibility(policy, {"residence_permit": True}, 10).steps)
        for way, aid, cat in itertools.product(
            ("bank_debit", "online", "counter", "family", "school"), ("none", "other_aid"), ("minor", "college_student")
        ):
            a = ChecklistAnswers(new_enrolment=True, payment=way, aid_status=aid, category=cat, school_student=True)
            for section in build_checklist(policy, a).sections:
                texts.append(section.title)
                for item in section.items:
                    texts.append(item.text)
                    add_steps([Step(layer="", text="", citations=item.citations)])
        for kind in ("outpatient_general", "outpatient_special", "inpatient"):
            try:
                check_events(policy, [Event(kind=kind, compliant_cost=Decimal("100"))])  # type: ignore[arg-type]
            except InputProblem as exc:
                texts.append(exc.message)
    add_steps(_year_steps())
    return texts


def test_no_internal_words_in_steps_messages_or_slips():
    for text in _all_outputs():
        assert BRACKETED_ID.search(text) is None, text
        assert INTERNAL.search(text) is None, text


def _strings(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)]


def test_no_user_visible_file_points_outside_the_product():
    forbidden = re.compile(r"DOMAIN|\.\./shared|shared/seeds")
    found = []
    for py in sorted((ROOT / "desktop").rglob("*.py")):
        found += [f"{py.relative_to(ROOT)}: {s[:60]!r}" for s in _strings(py) if forbidden.search(s)]
    files = [*sorted((ROOT / "policy_data").glob("*")), ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    for f in files:
        found += [
            f"{f.relative_to(ROOT)}:{i}"
            for i, line in enumerate(f.read_text(encoding="utf-8").splitlines(), 1)
            if forbidden.search(line)
        ]
    assert not found, found
