"""A year of care through the whole chain: basic fund → 大病保险 → 医疗救助 → what the person pays.

Events are applied in date order. Running ledgers carry what earlier events used up: the 35万
cap, the general-outpatient bands, the chronic and PKU caps, the 大病 base and the aid caps.
Each layer's payment for an event is rounded to the fen with ROUND_HALF_UP. The single-visit
reimbursement estimate is this with one event and the year's earlier spending as the opening
ledgers.

The rooms: ``events`` (the person, the event kinds and their labels, the input checks),
``ledgers`` (the layers of a cost, the running ledgers, the results), ``state`` (the working
state the rules share), ``basic_fund`` (the basic fund kind by kind), ``upper_layers`` (大病保险
and 医疗救助), ``year`` (the per-event pipeline and the year driver). Callers import from here.
"""

from desktop.core.care.events import (
    CAPPED,
    FACILITY_LABELS,
    INPATIENT_LIKE,
    KIND_LABELS,
    LEVEL_LABELS,
    NEEDS_FACILITY,
    NEEDS_LEVEL,
    REFERRAL_LABELS,
    Event,
    Kind,
    Person,
    check_events,
    pku_condition,
    special_blood_condition,
)
from desktop.core.care.ledgers import OVER_CAP_MARK, EventResult, Layers, Ledgers, YearResult, over_cap
from desktop.core.care.year import simulate_year

__all__ = [
    "CAPPED",
    "FACILITY_LABELS",
    "INPATIENT_LIKE",
    "KIND_LABELS",
    "LEVEL_LABELS",
    "NEEDS_FACILITY",
    "NEEDS_LEVEL",
    "OVER_CAP_MARK",
    "REFERRAL_LABELS",
    "Event",
    "EventResult",
    "Kind",
    "Layers",
    "Ledgers",
    "Person",
    "YearResult",
    "check_events",
    "over_cap",
    "pku_condition",
    "special_blood_condition",
    "simulate_year",
]
