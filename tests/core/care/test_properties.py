"""Invariants of the year-of-care chain, whatever the events."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.core.care import Event, Person, simulate_year
from desktop.core.policy import load_policies

POLICIES = load_policies()
KINDS = [
    "inpatient",
    "outpatient_general",
    "outpatient_chronic",
    "dual_channel_drug",
    "childbirth",
    "pku",
    "special_blood",
    "rare_disease_remainder",
]

costs = st.decimals(min_value=Decimal("0"), max_value=Decimal("600000"), places=2, allow_nan=False)


@st.composite
def events(draw, year: int = 2025):  # type: ignore[no-untyped-def]
    kind = draw(st.sampled_from(KINDS))
    day = dt.date(year, 1, 1) + dt.timedelta(days=draw(st.integers(0, 364)))
    return Event(
        date=day,
        kind=kind,
        compliant_cost=draw(costs),
        hospital_level=draw(st.sampled_from([1, 2, 3])),
        facility=draw(st.sampled_from(["primary", "secondary_plus"])),
        disease_count=draw(st.integers(1, 3)),
        rare_disease_drug=draw(st.booleans()),
        referral=draw(st.sampled_from(["in_city", "approved_out_of_city", "unapproved_out_of_city"])),
    )


persons = st.builds(
    Person,
    category=st.sampled_from(["elderly", "minor", "college_student", "non_employed"]),
    aid_status=st.sampled_from(["none", "extreme_poverty", "other_aid"]),
    # born before either year's events: a birth date after an event is refused (test_cli_strict)
    birth_date=st.dates(dt.date(1940, 1, 1), dt.date(2023, 12, 31)),
    continuous_enrolment_years=st.integers(0, 5),
)

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(person=persons, evs=st.lists(events(), min_size=1, max_size=12), year=st.sampled_from([2024, 2025]))
def test_layers_add_up_and_are_never_negative(person, evs, year):
    evs = [
        e.model_copy(update={"date": e.date.replace(year=year) if e.date.month != 2 or e.date.day != 29 else e.date})
        for e in evs
    ]
    result = simulate_year(POLICIES[year], person, evs)
    for r in result.events:
        lay = r.layers
        assert lay.basic_fund + lay.critical_illness + lay.medical_aid + lay.out_of_pocket == lay.compliant_cost
        for value in (lay.basic_fund, lay.critical_illness, lay.medical_aid, lay.out_of_pocket):
            assert value >= 0
            assert value == value.quantize(Decimal("0.01"))
    t = result.totals
    assert t.basic_fund + t.critical_illness + t.medical_aid + t.out_of_pocket == t.compliant_cost


@SETTINGS
@given(person=persons, evs=st.lists(events(), min_size=1, max_size=15))
def test_caps_hold(person, evs):
    policy = POLICIES[2025]
    result = simulate_year(policy, person, evs)
    led = result.ledgers
    assert led.capped_fund_paid <= Decimal("350000")
    assert led.chronic_fund_paid <= Decimal("1200")
    assert led.pku_fund_paid <= Decimal("25000")
    assert led.aid_outpatient_general_paid <= Decimal("10000")
    assert led.aid_other_paid <= Decimal("200000")
    if person.aid_status == "none":
        assert result.totals.medical_aid == 0


@SETTINGS
@given(person=persons, ev=events(), extra=st.decimals(min_value=Decimal("0.01"), max_value=Decimal("50000"), places=2))
def test_more_cost_never_pays_less(person, ev, extra):
    """A larger bill never lowers any benefit layer nor the person's own share."""
    policy = POLICIES[2025]
    small = simulate_year(policy, person, [ev]).totals
    big = simulate_year(policy, person, [ev.model_copy(update={"compliant_cost": ev.compliant_cost + extra})]).totals
    assert big.basic_fund >= small.basic_fund
    assert (
        big.basic_fund + big.critical_illness + big.medical_aid
        >= small.basic_fund + small.critical_illness + small.medical_aid
    )
    assert big.out_of_pocket >= small.out_of_pocket


@SETTINGS
@given(person=persons, evs=st.lists(events(), min_size=1, max_size=10))
def test_aid_never_exceeds_what_is_left(person, evs):
    result = simulate_year(POLICIES[2025], person, evs)
    for r in result.events:
        left = r.layers.compliant_cost - r.layers.basic_fund - r.layers.critical_illness
        assert r.layers.medical_aid <= left
