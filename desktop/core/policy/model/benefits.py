"""The benefits (待遇): the 住院 table and cap, the outpatient bands, chronic and special disease,
dual-channel drugs, childbirth, PKU, special blood, 大病保险 and 医疗救助."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import Field, model_validator

from desktop.core.policy.kinds import Category, HospitalLevel
from desktop.core.policy.model.figures import (
    CapBasisFig,
    Figure,
    Frozen,
    IntFig,
    Money,
    MoneyFig,
    PointsFig,
    Rate,
    RateFig,
    TextFig,
    TextListFig,
)


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
        if self.bands.value is not None:  # an empty figure is refused by the year's checks (required.py)
            _check_ascending([(b.lower, b.upper) for b in self.bands.value])
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
    reduction_approved: PointsFig = Field(description="percentage points less for an approved out-of-city referral")
    reduction_unapproved: PointsFig = Field(description="percentage points less for an unapproved out-of-city referral")
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
    qualifying: TextFig | None = Field(
        None, description="who the benefit is for, in the notice's words (shown where special blood is chosen)"
    )


class CriticalIllness(Frozen):
    scope: TextFig
    regular_bands: Figure[tuple[Band, ...]]
    poor_bands: Figure[tuple[Band, ...]]
    cap: TextFig
    base_reading: TextFig

    @model_validator(mode="after")
    def _ascending(self) -> CriticalIllness:
        for fig in (self.regular_bands, self.poor_bands):
            if fig.value is not None:
                _check_ascending([(b.lower, b.upper) for b in fig.value])
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


def _check_ascending(bands: list[tuple[Decimal, Decimal | None]]) -> None:
    previous_upper: Decimal | None = Decimal("-1")
    for lower, upper in bands:
        if upper is not None and upper <= lower:
            raise ValueError(f"分段上限 {upper} 必须大于下限 {lower}")
        if previous_upper is None or lower < previous_upper:
            raise ValueError("分段必须按金额从低到高排列且互不重叠")
        previous_upper = upper
