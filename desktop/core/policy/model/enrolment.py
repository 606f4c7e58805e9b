"""Who may enrol, how and when one registers and pays (参保登记与缴费), and the waiting period
after a late payment or a break (待遇等待期)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from desktop.core.policy.kinds import CATEGORIES, Category
from desktop.core.policy.model.figures import (
    DateFig,
    DatesFig,
    Frozen,
    IntFig,
    RelationsFig,
    TextFig,
    TextListFig,
)


class EligibilityGroup(Frozen):
    id: str
    label: str = Field(description="the notice's wording")
    requires: dict[str, bool] = Field(description="facts that must hold (true) or must not (false)")
    max_age: int | None = Field(None, description="oldest age in whole years that still qualifies")
    cite: str
    replaces: str | None = Field(
        None, description="id of the previous year's group this one takes the place of (shown as one change)"
    )


class Channel(Frozen):
    id: str
    label: str
    detail: str
    for_categories: tuple[Category, ...] = CATEGORIES
    requires_any: tuple[str, ...] = Field(
        (),
        description="facts of which at least one must hold, e.g. the school channels: a college or vocational student",
    )


class BankDebitSetup(Frozen):
    """Who must go to the bank to activate the card and sign the debit agreement (and bring the documents)."""

    fact: Literal["first_bank_debit", "flexible_pension"] = Field(
        description="the checklist's answer that meets the condition"
    )
    condition: TextFig = Field(description="the notice's words for who must do it")


class Enrolment(Frozen):
    collection_start: DateFig
    collection_end: DateFig
    benefit_start: DateFig
    benefit_end: DateFig
    scope: TextFig = Field(description="参保对象范围 overall condition")
    scope_requires: dict[str, bool] = Field(
        description="facts every resident must meet, e.g. employee_insured: false (职工医保覆盖范围以外)"
    )
    eligibility_groups: tuple[EligibilityGroup, ...]
    continuing_rule: TextFig
    registration_channels: tuple[Channel, ...]
    registration_cite: str
    payment_channels: tuple[Channel, ...]
    payment_cite: str
    banks: TextListFig
    debit_dates: DatesFig = Field(description="batch debit dates of the 省社保卡 debit")
    debit_dates_label: str = Field(
        "批量扣费时间",
        min_length=2,
        description="what the notice calls those dates (2024: 批量扣费时间; 2025 gives only the first: 税务部门首次批量扣费日)",
    )
    online_payment_from: DateFig
    documents_for_bank_debit: TextListFig
    bank_debit_setup: BankDebitSetup | None = Field(
        None, description="the condition the notice puts on the bank visit and its documents; none: everyone"
    )
    receipt_channels: tuple[Channel, ...]
    receipt_cite: str
    hotline: TextFig
    family_relations: RelationsFig = Field(description="relatives an employee account may pay for")
    family_payer_rule: TextFig
    family_debit_warning: TextFig
    reminders: tuple[TextFig, ...] = ()


class WaitingRules(Frozen):
    late_fixed_months: IntFig = Field(description="months of waiting for payment outside the collection period")
    applies_to_broken_in_period: bool = Field(
        description="whether enrolment inside the collection period after a break also waits"
    )
    per_year_broken_months: IntFig = Field(description="extra months per year of break (null: no such rule)")
    repair_months_per_year: IntFig = Field(description="months removed per year paid back (null: no such rule)")
    long_break_years: IntFig | None = None
    long_break_min_months: IntFig | None = None
    exempt: TextListFig = Field(description="who waits no months, as the notice itself names them")
    exempt_other: TextListFig | None = Field(
        None, description="further exempt groups that come from another document (an outside_fact), not the notice"
    )
    counting: TextFig = Field(description="how months are counted (a reading)")
