"""A year of care through the whole chain: basic fund → 大病保险 → 医疗救助 → what the person pays.

Events are applied in date order. Running ledgers carry what earlier events used up: the 35万
cap, the general-outpatient bands, the chronic and PKU caps, the 大病 base and the aid caps.
Each layer's payment for an event is rounded to the fen with ROUND_HALF_UP. The single-visit
reimbursement estimate is this with one event and the year's earlier spending as the opening
ledgers.

The rooms: ``kinds`` (the one table of event kinds: labels, inputs, layers, hints, ledgers),
``events`` (the person, the event and the input checks), ``ledgers`` (the layers of a cost, the
running ledgers, the results), ``state`` (``YearSoFar``: the year's policy, the person and the
running ledgers, which every layer reads and moves), ``basic_fund`` (``BasicFund``, the basic
fund kind by kind, and each kind's rule), ``upper_layers`` (``CriticalIllness`` 大病保险 and
``MedicalAid`` 医疗救助), ``year`` (``YearOfCare``: owns the year so far and the three layers over
it, runs each event through them; the year driver). Callers import from here.
"""

from desktop.core.care.events import LEVEL_LABELS, REFERRAL_LABELS, Event, Person, check_events
from desktop.core.care.kinds import (
    FACILITY_LABELS,
    KINDS,
    EventKind,
    KindSpec,
    earlier_spending,
    facility_labels,
    kind_labels,
    pku_condition,
    spec,
    special_blood_condition,
)
from desktop.core.care.ledgers import (
    OVER_CAP_MARK,
    EventResult,
    Layers,
    Ledgers,
    YearResult,
    over_cap,
    remaining_limits,
)
from desktop.core.care.year import simulate_year

__all__ = [
    "FACILITY_LABELS",
    "facility_labels",
    "KINDS",
    "LEVEL_LABELS",
    "OVER_CAP_MARK",
    "REFERRAL_LABELS",
    "Event",
    "EventResult",
    "EventKind",
    "KindSpec",
    "earlier_spending",
    "kind_labels",
    "spec",
    "Layers",
    "Ledgers",
    "Person",
    "YearResult",
    "check_events",
    "over_cap",
    "pku_condition",
    "remaining_limits",
    "special_blood_condition",
    "simulate_year",
]
