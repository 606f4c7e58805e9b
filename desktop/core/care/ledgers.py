"""What a simulation carries and returns: the four layers of a cost, the running ledgers of
what the year has used, and the frozen results of one event and of the year."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from desktop.core.care.events import Event, Person
from desktop.core.explain import Step
from desktop.core.money import ZERO, fmt_yuan


@dataclass(frozen=True)
class Layers:
    compliant_cost: Decimal = ZERO
    basic_fund: Decimal = ZERO
    critical_illness: Decimal = ZERO
    medical_aid: Decimal = ZERO
    out_of_pocket: Decimal = ZERO

    def __add__(self, other: Layers) -> Layers:
        return Layers(
            self.compliant_cost + other.compliant_cost,
            self.basic_fund + other.basic_fund,
            self.critical_illness + other.critical_illness,
            self.medical_aid + other.medical_aid,
            self.out_of_pocket + other.out_of_pocket,
        )


@dataclass(frozen=True)
class Ledgers:
    """What the year has used so far. Also the 'earlier spending this year' of a single estimate."""

    capped_fund_paid: Decimal = ZERO  # basic fund for 住院 + 门诊特殊病, against the 35万 cap
    outpatient_general_cost: Decimal = ZERO  # cumulative compliant general-outpatient cost
    chronic_fund_paid: Decimal = ZERO
    chronic_cost_counted: Decimal = ZERO  # only used when the chronic cap is read as a cost cap
    pku_fund_paid: Decimal = ZERO
    pku_cost_counted: Decimal = ZERO
    critical_base: Decimal = ZERO  # cumulative 大病 base
    critical_paid: Decimal = ZERO
    aid_outpatient_general_paid: Decimal = ZERO
    aid_other_paid: Decimal = ZERO
    deductibles: Decimal = ZERO  # 起付标准 borne by the person this year (for the ledger view)
    admissions: int = 0

    LABELS = {
        "capped_fund_paid": "住院+门诊特殊病 基本医保已付(35万元限额)",
        "outpatient_general_cost": "普通门诊 年度累计合规费用",
        "chronic_fund_paid": "门诊慢性病 基金已付",
        "pku_fund_paid": "苯丙酮尿症 基金已付",
        "critical_base": "大病保险 累计计算基数",
        "critical_paid": "大病保险 已付",
        "aid_outpatient_general_paid": "医疗救助 普通门诊已付(1万元限额)",
        "aid_other_paid": "医疗救助 住院等已付(20万元限额)",
        "deductibles": "住院起付标准 累计",
        "admissions": "住院次数",
    }

    def bump(self, **changes: Decimal | int) -> Ledgers:
        """A copy with some ledgers changed: dataclasses.replace without its per-call overhead.

        The chain moves the ledgers about a hundred times in a 50-event year; replace() re-runs
        __init__ through fields() each time and was a sixth of the simulation's time.
        """
        unknown = changes.keys() - self.__dict__.keys()
        if unknown:
            raise TypeError(f"Ledgers has no field {sorted(unknown)}")
        new = object.__new__(Ledgers)
        new.__dict__.update(self.__dict__, **changes)
        return new


@dataclass(frozen=True)
class EventResult:
    index: int
    event: Event
    layers: Layers
    steps: tuple[Step, ...]
    ledgers_after: Ledgers


@dataclass(frozen=True)
class YearResult:
    policy_year: int
    data_version: str
    person: Person
    totals: Layers
    events: tuple[EventResult, ...]
    opening: Ledgers
    ledgers: Ledgers
    steps: tuple[Step, ...]
    annual_cap: Decimal | None = None  # the year's 最高支付限额 the capped ledger runs against
    #: what the clerk must check, said on screen, in the ledger and on the slip (e.g. a slip
    #: amount that took the year's basic fund past the annual cap)
    warnings: tuple[str, ...] = ()
    #: the same, short enough for the window's status line (the totals stay in view in 大字模式)
    status_warnings: tuple[str, ...] = ()


#: the status line's form of :func:`over_cap_text`
OVER_CAP_STATUS = "本年度基本医保支付累计已超过年度最高支付限额,请核对结算单金额(详见计算过程)"

#: the mark beside a ledger that a slip amount took past the annual cap (ledger view, slip notes)
OVER_CAP_MARK = "(超过年度最高支付限额,请核对结算单金额)"


def over_cap(result: YearResult, ledgers: Ledgers) -> bool:
    """Whether ``ledgers`` (after some event of ``result``) has the capped basic fund past the cap."""
    return result.annual_cap is not None and ledgers.capped_fund_paid > result.annual_cap


def over_cap_text(paid: Decimal, cap: Decimal) -> str | None:
    """What to say when the year's capped basic fund is past the annual cap (only a settlement-slip
    amount can take it there: the calculation itself never pays past the cap)."""
    if paid <= cap:
        return None
    return (
        f"注意:本年度住院和门诊特殊病的基本医保支付累计 {fmt_yuan(paid)},已超过年度最高支付限额 {fmt_yuan(cap)}"
        f"(超出 {fmt_yuan(paid - cap)})。结算单金额已照填,请核对结算单金额"
    )
