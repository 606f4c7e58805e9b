"""The year of care as owned objects (desktop/core/care/year.py): one ``YearSoFar`` that the basic
fund, 大病保险 and 医疗救助 each read and move, owned by the ``YearOfCare`` that runs the events."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from desktop.core.care import Event, EventKind, Ledgers, Person
from desktop.core.care.year import YearOfCare
from desktop.core.policy.loader import PolicySet


def test_the_layers_share_one_year_so_far(policies: PolicySet) -> None:
    care = YearOfCare(policies[2025], Person(category="elderly", aid_status="other_aid"), Ledgers())
    assert care.basic_fund.year is care.year
    assert care.critical_illness.year is care.year
    assert care.medical_aid.year is care.year

    event = Event(date=dt.date(2025, 3, 2), kind=EventKind.INPATIENT, compliant_cost=Decimal("12000"), hospital_level=3)
    result = care.run_event(0, event)
    # 2025 elderly, level-3 admission, 12000 (1000 per admission, 70 %): fund (12000 − 1000) × 70 %
    # = 7700.00; 困难群众 大病 table, no threshold: 4300 × 60 % = 2580.00; aid (4300 − 2580) × 80 %
    # = 1376.00 (the same figures tests/ui/test_estimate_tab.py works out)
    assert result.layers.basic_fund == Decimal("7700.00")
    assert result.layers.critical_illness == Decimal("2580.00")
    assert result.layers.medical_aid == Decimal("1376.00")
    # each layer moved the one year so far: the cap's ledger, 大病's base and paid, aid's bucket
    led = care.year.ledgers
    assert result.ledgers_after is led
    assert (led.capped_fund_paid, led.critical_base, led.critical_paid, led.aid_other_paid, led.admissions) == (
        Decimal("7700.00"),
        Decimal("4300.00"),
        Decimal("2580.00"),
        Decimal("1376.00"),
        1,
    )
