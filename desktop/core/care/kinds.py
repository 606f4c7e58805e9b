"""The one table of event kinds: for each kind of medical cost its label, the inputs it needs,
the layers it enters (the 35万 cap, 大病保险, which 医疗救助 bucket), its hints and its ledgers.

Everything that depends on the kind reads it from here: the core's checks and layers, the
window's inputs, hints, slips and earlier-spending fields, the simulation's editor and table.
A new kind is a member of ``EventKind``, a row of ``KINDS``, its basic-fund rule (``RULES`` in
``basic_fund.py``) and, when it has figures of its own, the year's data.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import Literal

from desktop.core.explain import describe_value
from desktop.core.policy.frozen import PolicyYear

if sys.version_info >= (3, 11):
    from enum import StrEnum
else:  # pragma: no cover - the program runs on 3.11; this keeps 3.10's str() and format() the value

    class StrEnum(str, Enum):
        def __str__(self) -> str:
            return str(self.value)

        def __format__(self, spec: str) -> str:
            return str(self.value).__format__(spec)


class EventKind(StrEnum):
    """A kind of medical cost; the values are the names case files and the command line use."""

    INPATIENT = "inpatient"
    OUTPATIENT_GENERAL = "outpatient_general"
    OUTPATIENT_CHRONIC = "outpatient_chronic"
    OUTPATIENT_SPECIAL = "outpatient_special"
    DUAL_CHANNEL_DRUG = "dual_channel_drug"
    CHILDBIRTH = "childbirth"
    PKU = "pku"
    SPECIAL_BLOOD = "special_blood"
    RARE_DISEASE_REMAINDER = "rare_disease_remainder"


#: an input a kind may need beyond the cost: the Event's field names, then the person's and the
#: single estimate's own (``birth_date``: the person's; ``visit_date``: the estimate's 就诊日期;
#: ``continuous_enrolment_years``: the person's)
Input = Literal[
    "hospital_level",
    "facility",
    "disease_count",
    "rare_disease_drug",
    "referral",
    "birth_date",
    "visit_date",
    "continuous_enrolment_years",
    "basic_fund_paid",
]
#: the inputs that are fields of the core's Event (the others are the person's or the estimate's)
EVENT_INPUTS: tuple[Input, ...] = ("hospital_level", "facility", "disease_count", "rare_disease_drug", "referral")

#: a 医疗救助 bucket: the yearly cap it runs against and the ledger that carries it
AidBucket = Literal["outpatient_general", "other"]
AID_CAP: dict[AidBucket, str] = {"outpatient_general": "cap_outpatient_general", "other": "cap_other"}
AID_LEDGER: dict[AidBucket, str] = {
    "outpatient_general": "aid_outpatient_general_paid",
    "other": "aid_other_paid",
}

FACILITY_LABELS = {"primary": "基层医疗机构", "secondary_plus": "二级以上医疗机构"}

_SLIP_REQUIRED = "门诊特殊病的基本医保支付比例通知未规定(“按规定标准支付”),请照医院结算单填写“结算单基本医保”金额"


@dataclass(frozen=True)
class SlipHints:
    """What is said where a kind's slip amount is required: the refusal when it is missing (the
    core's message, at the field and on the command line), the hint under the field (the single
    estimate's long form, the simulation editor's short form) and the field's placeholder."""

    refusal: str
    long: str
    short: str
    placeholder: str = "必填:照医院结算单填写"


@dataclass(frozen=True)
class KindSpec:
    """One row of the table."""

    label: str
    #: the inputs the kind needs besides the cost (``basic_fund_paid``: a slip amount may be given)
    inputs: frozenset[Input]
    #: its basic-fund payment counts against the 35万 annual cap
    capped: bool = False
    #: the part the basic fund leaves enters 大病保险's yearly base
    critical_illness: bool = False
    #: the 医疗救助 bucket; None: the aid table does not list the kind (``aid_note`` says so)
    aid_bucket: AidBucket | None = "other"
    #: the medical_aid figure the kind's aid rate is (None: the rate of the person's aid status)
    aid_rate: str | None = None
    #: the medical_aid note cited where the aid table does not list the kind
    aid_note: str | None = None
    #: the running ledgers the kind's own rule carries that a single estimate asks as earlier spending
    ledgers: tuple[str, ...] = ()
    #: the facility choices in the words of the kind's notice table (None: FACILITY_LABELS)
    facility_labels: dict[str, str] | None = None
    #: the single estimate's label of the cost (None: 合规医疗费用(元))
    cost_label: str | None = None
    #: who the benefit is for, in the year's words, shown under the cost
    condition: Callable[[PolicyYear], str] | None = None
    #: set when the kind cannot be computed without the slip's basic-fund amount
    slip_required: SlipHints | None = None

    def needs(self, name: Input) -> bool:
        return name in self.inputs


def pku_condition(policy: PolicyYear) -> str:
    """Who the PKU benefit is for, in the notice's words with the ICD-10 codes: shown where PKU is chosen."""
    pku = policy.benefits.pku
    who = describe_value(pku.categories.value)
    if pku.diagnoses is None or not pku.diagnoses.value:
        return f"苯丙酮尿症待遇限{who}"
    dx = "或".join(describe_value(d) for d in pku.diagnoses.value)
    return f"苯丙酮尿症待遇限{who}中第一诊断为{dx}的患者"


def special_blood_condition(policy: PolicyYear) -> str:
    """Who the special-blood benefit is for, in the notice's words: shown where special blood is chosen
    (a clerk must know who qualifies before entering the blood cost)."""
    who = policy.benefits.special_blood.qualifying
    if who is None or not who.value:
        return ""
    return f"特殊人员用血待遇限{who.value}参保人员"


_SLIP: Input = "basic_fund_paid"

KINDS: dict[EventKind, KindSpec] = {
    EventKind.INPATIENT: KindSpec(
        label="住院",
        inputs=frozenset({"hospital_level", _SLIP}),
        capped=True,
        critical_illness=True,
    ),
    EventKind.OUTPATIENT_GENERAL: KindSpec(
        label="普通门诊",
        inputs=frozenset({"facility", _SLIP}),
        aid_bucket="outpatient_general",
        ledgers=("outpatient_general_cost",),
    ),
    EventKind.OUTPATIENT_CHRONIC: KindSpec(
        label="门诊慢性病",
        inputs=frozenset({"facility", "disease_count", _SLIP}),
        ledgers=("chronic_fund_paid",),
        # the notices' own column names (门诊慢性病 2.3 表: 社区卫生服务机构 / 其他定点医疗机构单位;
        # 普通门诊's table says 基层医疗机构 / 二级以上医疗机构); the table's 社区卫生服务机构 covers
        # the 基层机构 it defines (乡镇卫生院、村卫生室 …)
        facility_labels={"primary": "社区卫生服务机构(基层)", "secondary_plus": "其他定点医疗机构单位"},
    ),
    EventKind.OUTPATIENT_SPECIAL: KindSpec(
        label="门诊特殊病",
        inputs=frozenset({_SLIP}),
        capped=True,
        critical_illness=True,
        slip_required=SlipHints(
            refusal=_SLIP_REQUIRED,
            long="门诊特殊病必须填写:通知只写“按规定标准支付”,没有给出比例,请照医院结算单填写。",
            short="门诊特殊病必须填写:通知没有给出支付比例,请照医院结算单填写。",
        ),
    ),
    EventKind.DUAL_CHANNEL_DRUG: KindSpec(
        label="双通道/单独支付/特定病药品",
        inputs=frozenset({"rare_disease_drug", "referral", _SLIP}),
    ),
    EventKind.CHILDBIRTH: KindSpec(
        label="住院分娩(生育)",
        inputs=frozenset({"hospital_level", "continuous_enrolment_years", _SLIP}),
        capped=True,
        critical_illness=True,
    ),
    EventKind.PKU: KindSpec(
        label="苯丙酮尿症",
        inputs=frozenset({"birth_date", "visit_date", _SLIP}),
        aid_bucket=None,
        aid_note="pku_note",
        ledgers=("pku_fund_paid",),
        condition=pku_condition,
    ),
    EventKind.SPECIAL_BLOOD: KindSpec(
        label="特殊人员用血",
        inputs=frozenset({"hospital_level", _SLIP}),
        capped=True,
        critical_illness=True,
        cost_label="用血费用(元)",
        condition=special_blood_condition,
    ),
    EventKind.RARE_DISEASE_REMAINDER: KindSpec(
        label="罕见病用药剩余费用(省保障资金支付后)",
        inputs=frozenset(),
        aid_rate="rare_disease_remainder_rate",
        cost_label="省罕见病保障资金支付后的剩余费用(元)",
    ),
}


def spec(kind: EventKind | str) -> KindSpec:
    """The row of ``kind`` (a case file's or the window's plain string too)."""
    return KINDS[EventKind(kind)]


def kind_labels() -> dict[EventKind, str]:
    """Each kind's label, in the table's order (the order the window offers them)."""
    return {kind: row.label for kind, row in KINDS.items()}


def facility_labels(kind: EventKind | str) -> dict[str, str]:
    """The facility choices of ``kind`` in its notice table's words."""
    return spec(kind).facility_labels or FACILITY_LABELS


def earlier_spending(kind: EventKind | str, aid: bool) -> frozenset[str]:
    """The running ledgers (``Ledgers`` field names) earlier spending of this year carries into a
    cost of ``kind``: its own, the 35万 cap's, 大病's base and, for a person with an aid status, its
    医疗救助 bucket's."""
    row = spec(kind)
    out = set(row.ledgers)
    if row.capped:
        out.add("capped_fund_paid")
    if row.critical_illness:
        out.add("critical_base")
    if aid and row.aid_bucket is not None:
        out.add(AID_LEDGER[row.aid_bucket])
    return frozenset(out)
