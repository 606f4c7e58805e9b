"""Pydantic v2 models of one policy year, shaped like the notice.

Every figure is a :class:`Figure`: a value plus where it comes from. A figure is either
``official`` (stated in a notice; ``cite`` names the section), an ``interpretation`` (the
product's reading of unclear text, ``reason`` says why), ``carried_over`` (not restated this year;
``carried_from`` names the year), ``outside_fact`` (``outside_source`` names the document) or
``not_stated`` (the notices give no figure; ``value`` is null and the UI says so). A figure without
its source does not load. A figure that rests on one of the year's numbered :class:`Reading` s
names it (``reading``), so steps, slips and the 政策 tab can show that reading by its own title.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Generic, Literal, TypeVar

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from desktop.core.policy import snapshot
from desktop.core.policy.kinds import (  # noqa: F401 - re-exported: the model's vocabularies
    AID_STATUSES,
    CATEGORIES,
    DATA_VERSION_RE,
    DISTRICTS,
    AidStatus,
    CapBasis,
    Category,
    District,
    Facility,
    HospitalLevel,
    Referral,
    Relation,
    Status,
    check_data_version,
)
from desktop.core.policy.record import Record

SCHEMA_VERSION = 1

V = TypeVar("V")

Money = Annotated[Decimal, Field(ge=0, max_digits=12, decimal_places=2)]
Rate = Annotated[Decimal, Field(ge=0, le=1)]


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Figure(Frozen, Generic[V]):
    """One number (or list, or date) of the policy with its source."""

    value: V | None = Field(description="the figure itself; null only when status is not_stated")
    status: Status = Field("official", description="how the figure is known")
    cite: str = Field(min_length=2, description="section of the notice the figure stands in, or rests on")
    notice: str | None = Field(None, description="id of the notice cited, when it is not this year's own notice")
    reason: str | None = Field(None, description="why: the reading chosen, or what the notice leaves out")
    reading: int | None = Field(None, ge=1, description="id of the year's reading (readings:) this figure rests on")
    carried_from: int | None = Field(None, description="for carried_over: the policy year it comes from")
    outside_source: str | None = Field(None, description="for outside_fact: the document it comes from")

    @model_validator(mode="after")
    def _source_complete(self) -> Figure[V]:
        if self.status == "not_stated":
            if self.value is not None:
                raise ValueError("状态为 not_stated(通知未规定)的数值必须为空(null)")
        elif self.value is None:
            raise ValueError("数值不能为空;通知未规定的数值请把 status 设为 not_stated 并说明 reason")
        if self.status != "official" and not self.reason:
            raise ValueError(f"状态为 {self.status} 的数值必须写明 reason(依据或解读)")
        if self.status == "carried_over" and self.carried_from is None:
            raise ValueError("沿用上年的数值(carried_over)必须写明 carried_from(沿用自哪一年度)")
        if self.status == "outside_fact" and not self.outside_source:
            raise ValueError("外部依据的数值(outside_fact)必须写明 outside_source(文件名称和文号)")
        return self


class MoneyFig(Figure[Money]):
    pass


class RateFig(Figure[Rate]):
    pass


class IntFig(Figure[Annotated[int, Field(ge=0)]]):
    pass


class DateFig(Figure[dt.date]):
    pass


class TextFig(Figure[str]):
    pass


class TextListFig(Figure[tuple[str, ...]]):
    pass


class CapBasisFig(Figure[CapBasis]):
    pass


class RelationsFig(Figure[tuple[Relation, ...]]):
    pass


class DatesFig(Figure[tuple[dt.date, ...]]):
    pass


class Notice(Frozen):
    id: str = Field(description="short id used by figures' notice field")
    file: str = Field(description="the notice's text file, as the data's author keeps it")
    title: str
    short: str = Field(min_length=2, description="short name shown beside each citation")
    issuer: str
    issued: dt.date | None = None


# ---------------------------------------------------------------- premiums


class CategoryPremium(Frozen):
    label: str = Field(description="the notice's name of the category")
    individual: MoneyFig = Field(description="个人缴费标准 as the resident pays it, 长护险 included")
    individual_by_district: dict[District, MoneyFig] = Field(
        default_factory=dict, description="district amounts where the notice differs by district"
    )
    medical_individual: MoneyFig = Field(description="individual share of the medical premium, without 长护险")
    government_subsidy: MoneyFig = Field(description="财政补助 for the medical premium")
    funding_standard: MoneyFig = Field(description="筹资标准: subsidy + medical individual share")
    subsidy_by_district: dict[District, MoneyFig] = Field(default_factory=dict)
    funding_by_district: dict[District, MoneyFig] = Field(default_factory=dict)
    medical_individual_by_district: dict[District, MoneyFig] = Field(default_factory=dict)


class Premiums(Frozen):
    ltc_individual: MoneyFig = Field(description="长护险 individual part included in each amount")
    ltc_government_subsidy: MoneyFig
    aid_exemption: TextFig = Field(description="who pays nothing and why")
    categories: dict[Category, CategoryPremium]

    @model_validator(mode="after")
    def _all_categories(self) -> Premiums:
        missing = [c for c in CATEGORIES if c not in self.categories]
        if missing:
            raise ValueError(f"缺少参保类别: {', '.join(missing)}")
        return self


# ---------------------------------------------------------------- enrolment


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
        "批量扣款日",
        min_length=2,
        description="what the notice calls those dates (2025 gives only the first: 税务部门首次批量扣费日)",
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


# ---------------------------------------------------------------- waiting period


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


# ---------------------------------------------------------------- benefits


class InpatientCell(Frozen):
    deductible: MoneyFig
    ratio: RateFig


class InpatientRow(Frozen):
    adult: InpatientCell = Field(description="老年居民/非从业居民 column")
    young: InpatientCell = Field(description="未成年居民/大学生 column")


class Inpatient(Frozen):
    column_of: dict[Category, Literal["adult", "young"]]
    levels: dict[HospitalLevel, InpatientRow]
    annual_cap: MoneyFig = Field(description="最高支付限额 for inpatient + 门诊特殊病 per year")
    annual_cap_basis: CapBasisFig


class Band(Frozen):
    lower: Money = Field(description="band starts above this cumulative amount")
    upper: Money | None = Field(description="band ends at this cumulative amount; null = no end")
    rate: Rate


class OutpatientBand(Frozen):
    lower: Money
    upper: Money
    rate_primary: Rate
    rate_secondary_plus: Rate


class OutpatientGeneral(Frozen):
    bands: Figure[tuple[OutpatientBand, ...]]

    @model_validator(mode="after")
    def _ascending(self) -> OutpatientGeneral:
        _check_ascending([(b.lower, b.upper) for b in self.bands.value or ()])
        return self


class Chronic(Frozen):
    diseases: TextListFig
    rate_primary: RateFig
    rate_secondary_plus: RateFig
    cap_one: MoneyFig
    cap_two_plus: MoneyFig
    cap_basis: CapBasisFig
    application: TextFig


class Special(Frozen):
    diseases: TextListFig
    ratio: RateFig = Field(description="not stated in the notices: the basic payment comes from the slip")
    application: TextFig


class DualChannel(Frozen):
    rate: RateFig
    rare_rate: RateFig
    rare_drugs: TextListFig
    reduction_approved: RateFig = Field(description="percentage points less for an approved out-of-city referral")
    reduction_unapproved: RateFig
    application: TextFig


class Childbirth(Frozen):
    top_up_ratio: RateFig
    min_continuous_years: IntFig
    without_continuity: TextFig


class Diagnosis(Frozen):
    code: str = Field(pattern=r"^[A-Z]\d{2}(\.\d{1,2})?$", description="ICD-10 code as the notice writes it")
    name: str = Field(min_length=2, description="the notice's words for the diagnosis")


class PkuBand(Frozen):
    min_age: int = Field(ge=0)
    max_age: int = Field(ge=0)
    cap: Money


class Pku(Frozen):
    rate: RateFig
    age_caps: Figure[tuple[PkuBand, ...]]
    cap_basis: CapBasisFig
    categories: Figure[tuple[Category, ...]]
    diagnoses: Figure[tuple[Diagnosis, ...]] | None = Field(
        None, description="第一诊断 the benefit requires, with ICD-10 codes (shown where PKU is chosen)"
    )
    application: TextFig


class SpecialBlood(Frozen):
    self_pay_ratio: RateFig
    reading: TextFig
    application: TextFig


class CriticalIllness(Frozen):
    scope: TextFig
    regular_bands: Figure[tuple[Band, ...]]
    poor_bands: Figure[tuple[Band, ...]]
    cap: TextFig
    base_reading: TextFig

    @model_validator(mode="after")
    def _ascending(self) -> CriticalIllness:
        for fig in (self.regular_bands, self.poor_bands):
            _check_ascending([(b.lower, b.upper) for b in fig.value or ()])
        return self


class MedicalAid(Frozen):
    rates: dict[Literal["extreme_poverty", "other_aid"], RateFig]
    cap_outpatient_general: MoneyFig
    cap_other: MoneyFig
    rare_disease_remainder_rate: RateFig
    base_reading: TextFig
    pku_note: TextFig


class Benefits(Frozen):
    inpatient: Inpatient
    outpatient_general: OutpatientGeneral
    outpatient_chronic: Chronic
    outpatient_special: Special
    dual_channel_drug: DualChannel
    childbirth: Childbirth
    pku: Pku
    special_blood: SpecialBlood
    critical_illness: CriticalIllness
    medical_aid: MedicalAid


class Guidance(Frozen):
    """Topics the notices mention without figures: shown as text, never as numbers."""

    out_of_area: TextFig
    e_voucher: TextFig
    long_term_care: TextFig
    huiminbao: TextFig
    newborn: TextFig


class Reading(Frozen):
    """One of the product's numbered readings of a place where the notices are unclear or silent."""

    id: int = Field(ge=1, description="the reading's number, named by figures' reading field")
    title: str = Field(pattern=r"^解读:.{2,}", description="short title shown in steps and on slips")
    notice_text: str = Field(min_length=2, description="the notice text it reads")
    reading: str = Field(min_length=2, description="the reading chosen")
    alternatives: tuple[str, ...] = Field((), description="other readings the text allows, not taken")
    depends_on: tuple[str, ...] = Field(min_length=1, description="figures and calculations that rest on it")


DataVersion = Annotated[str, AfterValidator(check_data_version)]


class PolicyYear(Frozen):
    schema_version: Literal[1] = Field(description="format of this document")
    policy_year: int = Field(ge=2000, le=2100)
    data_version: DataVersion = Field(description="version of this policy data: <policy year>.<n>, e.g. 2026.1")
    notice_id: str = Field(description="id of the notice this year is built from")
    notices: tuple[Notice, ...]
    premiums: Premiums
    enrolment: Enrolment
    waiting: WaitingRules
    benefits: Benefits
    guidance: Guidance
    readings: tuple[Reading, ...] = Field((), description="the product's numbered readings used by this year")

    @model_validator(mode="after")
    def _notices_known(self) -> PolicyYear:
        if not self.data_version.startswith(f"{self.policy_year}."):
            raise ValueError(f"数据版本 {self.data_version} 应以本年度 {self.policy_year} 开头,如 {self.policy_year}.1")
        ids = {n.id for n in self.notices}
        if self.notice_id not in ids:
            raise ValueError(f"notice_id {self.notice_id!r} 不在 notices 列表中")
        figures = iter_figures(self)
        unknown = sorted({f.notice for _, f in figures if f.notice and f.notice not in ids})
        if unknown:
            raise ValueError(f"数值引用了未列出的通知: {', '.join(unknown)}")
        numbers = [r.id for r in self.readings]
        if len(set(numbers)) != len(numbers):
            raise ValueError("readings 中有重复的解读编号")
        missing = sorted({f.reading for _, f in figures if f.reading is not None and f.reading not in numbers})
        if missing:
            raise ValueError(f"数值引用了 readings 中没有的解读编号: {', '.join(str(n) for n in missing)}")
        return self

    def reading(self, number: int | None) -> Reading | None:
        return next((r for r in self.readings if r.id == number), None) if number is not None else None

    def notice(self, figure: Figure) -> Notice:  # type: ignore[type-arg]
        wanted = figure.notice or self.notice_id
        return next(n for n in self.notices if n.id == wanted)


def _check_ascending(bands: list[tuple[Decimal, Decimal | None]]) -> None:
    previous_upper: Decimal | None = Decimal("-1")
    for lower, upper in bands:
        if upper is not None and upper <= lower:
            raise ValueError(f"分段上限 {upper} 必须大于下限 {lower}")
        if previous_upper is None or lower < previous_upper:
            raise ValueError("分段必须按金额从低到高排列且互不重叠")
        previous_upper = upper


def iter_figures(model: BaseModel | Record, path: str = "") -> list[tuple[str, Figure]]:  # type: ignore[type-arg]
    """Every figure in a model with its dotted path, in document order (a frozen year: its figures)."""
    if isinstance(model, Record):
        return snapshot.iter_figures(model, path)  # type: ignore[return-value]
    found: list[tuple[str, Figure]] = []  # type: ignore[type-arg]

    def walk(obj: object, where: str) -> None:
        if isinstance(obj, Figure):
            found.append((where, obj))
        elif isinstance(obj, BaseModel):
            for name in type(obj).model_fields:
                walk(getattr(obj, name), f"{where}.{name}" if where else name)
        elif isinstance(obj, dict):
            for key, val in obj.items():
                walk(val, f"{where}.{key}")
        elif isinstance(obj, tuple):
            for i, val in enumerate(obj):
                walk(val, f"{where}[{i}]")

    walk(model, path)
    return found
