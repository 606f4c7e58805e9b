"""Pre-validated policy types: GENERATED from desktop/core/policy/model/, do not edit.

Regenerate with ``python -m desktop.core.policy.freeze``; tests/core/policy/test_snapshot.py fails when this
file no longer matches the models. Same class names and fields as the pydantic models, none of
their checks: objects of these classes are only made from data the models have validated
(desktop/core/policy/snapshot.py). Importing this module does not import pydantic.

Longer than 400 lines because it is generated, not written: one class per model class, nothing
to read here that the models do not say. Split by hand it would go stale; the models are split.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, ClassVar, Literal

from desktop.core.policy.kinds import (
    CapBasis,
    Category,
    HospitalLevel,
    Relation,
    Status,
)
from desktop.core.policy.record import PolicyYearMethods, Record


class Figure(Record):
    """One number (or list, or date) of the policy with its source."""

    __slots__ = (
        "value",
        "status",
        "cite",
        "quote",
        "notice",
        "reason",
        "reading",
        "carried_from",
        "outside_source",
    )
    _fields: ClassVar[tuple[str, ...]] = __slots__
    _defaults: ClassVar[dict[str, Any]] = {
        "status": "official",
        "quote": None,
        "notice": None,
        "reason": None,
        "reading": None,
        "carried_from": None,
        "outside_source": None,
    }
    value: Any | None
    status: Status
    cite: str
    quote: str | None
    notice: str | None
    reason: str | None
    reading: int | None
    carried_from: int | None
    outside_source: str | None


class MoneyFig(Figure):
    __slots__ = ()
    value: Decimal | None


class RateFig(Figure):
    __slots__ = ()
    value: Decimal | None


class PointsFig(Figure):
    __slots__ = ()
    value: Decimal | None


class IntFig(Figure):
    __slots__ = ()
    value: int | None


class DateFig(Figure):
    __slots__ = ()
    value: dt.date | None


class TextFig(Figure):
    __slots__ = ()
    value: str | None


class TextListFig(Figure):
    __slots__ = ()
    value: tuple[str, ...] | None


class CapBasisFig(Figure):
    __slots__ = ()
    value: CapBasis | None


class RelationsFig(Figure):
    __slots__ = ()
    value: tuple[Relation, ...] | None


class DatesFig(Figure):
    __slots__ = ()
    value: tuple[dt.date, ...] | None


class Notice(Record):
    __slots__ = (
        "id",
        "file",
        "title",
        "short",
        "issuer",
        "issued",
    )
    _fields: ClassVar[tuple[str, ...]] = __slots__
    _defaults: ClassVar[dict[str, Any]] = {"issued": None}
    id: str
    file: str
    title: str
    short: str
    issuer: str
    issued: dt.date | None


class DistrictName(Record):
    """One district (区/市) of the year."""

    __slots__ = (
        "id",
        "name",
        "aliases",
    )
    _fields: ClassVar[tuple[str, ...]] = __slots__
    _defaults: ClassVar[dict[str, Any]] = {"aliases": ()}
    id: str
    name: str
    aliases: tuple[str, ...]


class Districts(Record):
    """The year's districts, in the notice's order, and where the list comes from."""

    __slots__ = (
        "status",
        "cite",
        "quote",
        "notice",
        "reason",
        "items",
    )
    _fields: ClassVar[tuple[str, ...]] = __slots__
    _defaults: ClassVar[dict[str, Any]] = {
        "status": "official",
        "quote": None,
        "notice": None,
    }
    status: Status
    cite: str
    quote: str | None
    notice: str | None
    reason: str
    items: tuple[DistrictName, ...]


class CategoryNames(Record):
    """How rosters write each category besides its name (premiums.categories.<id>.label)."""

    __slots__ = (
        "reason",
        "aliases",
    )
    _fields: ClassVar[tuple[str, ...]] = __slots__
    _factories: ClassVar[dict[str, Any]] = {"aliases": dict}
    reason: str
    aliases: dict[Category, tuple[str, ...]]


class CategoryPremium(Record):
    __slots__ = (
        "label",
        "individual",
        "individual_by_district",
        "medical_individual",
        "government_subsidy",
        "funding_standard",
        "subsidy_by_district",
        "funding_by_district",
        "medical_individual_by_district",
    )
    _fields: ClassVar[tuple[str, ...]] = __slots__
    _factories: ClassVar[dict[str, Any]] = {
        "individual_by_district": dict,
        "subsidy_by_district": dict,
        "funding_by_district": dict,
        "medical_individual_by_district": dict,
    }
    label: str
    individual: MoneyFig
    individual_by_district: dict[str, MoneyFig]
    medical_individual: MoneyFig
    government_subsidy: MoneyFig
    funding_standard: MoneyFig
    subsidy_by_district: dict[str, MoneyFig]
    funding_by_district: dict[str, MoneyFig]
    medical_individual_by_district: dict[str, MoneyFig]


class Premiums(Record):
    __slots__ = (
        "ltc_individual",
        "ltc_government_subsidy",
        "aid_exemption",
        "categories",
    )
    _fields: ClassVar[tuple[str, ...]] = __slots__
    ltc_individual: MoneyFig
    ltc_government_subsidy: MoneyFig
    aid_exemption: TextFig
    categories: dict[Category, CategoryPremium]


class EligibilityGroup(Record):
    __slots__ = (
        "id",
        "label",
        "requires",
        "max_age",
        "cite",
        "replaces",
    )
    _fields: ClassVar[tuple[str, ...]] = __slots__
    _defaults: ClassVar[dict[str, Any]] = {
        "max_age": None,
        "replaces": None,
    }
    id: str
    label: str
    requires: dict[str, bool]
    max_age: int | None
    cite: str
    replaces: str | None


class Channel(Record):
    __slots__ = (
        "id",
        "label",
        "detail",
        "for_categories",
        "requires_any",
    )
    _fields: ClassVar[tuple[str, ...]] = __slots__
    _defaults: ClassVar[dict[str, Any]] = {
        "for_categories": ("elderly", "minor", "college_student", "non_employed"),
        "requires_any": (),
    }
    id: str
    label: str
    detail: str
    for_categories: tuple[Category, ...]
    requires_any: tuple[str, ...]


class BankDebitSetup(Record):
    """Who must go to the bank to activate the card and sign the debit agreement (and bring the documents)."""

    __slots__ = (
        "fact",
        "condition",
    )
    _fields: ClassVar[tuple[str, ...]] = __slots__
    fact: Literal["first_bank_debit", "flexible_pension"]
    condition: TextFig


class Enrolment(Record):
    __slots__ = (
        "collection_start",
        "collection_end",
        "benefit_start",
        "benefit_end",
        "scope",
        "scope_requires",
        "eligibility_groups",
        "continuing_rule",
        "registration_channels",
        "registration_cite",
        "payment_channels",
        "payment_cite",
        "banks",
        "debit_dates",
        "debit_dates_label",
        "online_payment_from",
        "documents_for_bank_debit",
        "bank_debit_setup",
        "receipt_channels",
        "receipt_cite",
        "hotline",
        "family_relations",
        "family_payer_rule",
        "family_debit_warning",
        "reminders",
    )
    _fields: ClassVar[tuple[str, ...]] = __slots__
    _defaults: ClassVar[dict[str, Any]] = {
        "debit_dates_label": "批量扣费时间",
        "bank_debit_setup": None,
        "reminders": (),
    }
    collection_start: DateFig
    collection_end: DateFig
    benefit_start: DateFig
    benefit_end: DateFig
    scope: TextFig
    scope_requires: dict[str, bool]
    eligibility_groups: tuple[EligibilityGroup, ...]
    continuing_rule: TextFig
    registration_channels: tuple[Channel, ...]
    registration_cite: str
    payment_channels: tuple[Channel, ...]
    payment_cite: str
    banks: TextListFig
    debit_dates: DatesFig
    debit_dates_label: str
    online_payment_from: DateFig
    documents_for_bank_debit: TextListFig
    bank_debit_setup: BankDebitSetup | None
    receipt_channels: tuple[Channel, ...]
    receipt_cite: str
    hotline: TextFig
    family_relations: RelationsFig
    family_payer_rule: TextFig
    family_debit_warning: TextFig
    reminders: tuple[TextFig, ...]


class WaitingRules(Record):
    __slots__ = (
        "late_fixed_months",
        "applies_to_broken_in_period",
        "per_year_broken_months",
        "repair_months_per_year",
        "long_break_years",
        "long_break_min_months",
        "exempt",
        "exempt_other",
        "counting",
    )
    _fields: ClassVar[tuple[str, ...]] = __slots__
    _defaults: ClassVar[dict[str, Any]] = {
        "long_break_years": None,
        "long_break_min_months": None,
        "exempt_other": None,
    }
    late_fixed_months: IntFig
    applies_to_broken_in_period: bool
    per_year_broken_months: IntFig
    repair_months_per_year: IntFig
    long_break_years: IntFig | None
    long_break_min_months: IntFig | None
    exempt: TextListFig
    exempt_other: TextListFig | None
    counting: TextFig


class InpatientCell(Record):
    __slots__ = (
        "deductible",
        "ratio",
    )
    _fields: ClassVar[tuple[str, ...]] = __slots__
    deductible: MoneyFig
    ratio: RateFig


class InpatientRow(Record):
    __slots__ = (
        "adult",
        "young",
    )
    _fields: ClassVar[tuple[str, ...]] = __slots__
    adult: InpatientCell
    young: InpatientCell


class Inpatient(Record):
    __slots__ = (
        "column_of",
        "levels",
        "annual_cap",
        "annual_cap_basis",
    )
    _fields: ClassVar[tuple[str, ...]] = __slots__
    column_of: dict[Category, Literal["adult", "young"]]
    levels: dict[HospitalLevel, InpatientRow]
    annual_cap: MoneyFig
    annual_cap_basis: CapBasisFig


class Band(Record):
    __slots__ = (
        "lower",
        "upper",
        "rate",
    )
    _fields: ClassVar[tuple[str, ...]] = __slots__
    lower: Decimal
    upper: Decimal | None
    rate: Decimal


class OutpatientBand(Record):
    __slots__ = (
        "lower",
        "upper",
        "rate_primary",
        "rate_secondary_plus",
    )
    _fields: ClassVar[tuple[str, ...]] = __slots__
    lower: Decimal
    upper: Decimal
    rate_primary: Decimal
    rate_secondary_plus: Decimal


class OutpatientGeneral(Record):
    __slots__ = ("bands",)
    _fields: ClassVar[tuple[str, ...]] = __slots__
    bands: Figure


class Chronic(Record):
    __slots__ = (
        "diseases",
        "rate_primary",
        "rate_secondary_plus",
        "cap_one",
        "cap_two_plus",
        "cap_basis",
        "application",
    )
    _fields: ClassVar[tuple[str, ...]] = __slots__
    diseases: TextListFig
    rate_primary: RateFig
    rate_secondary_plus: RateFig
    cap_one: MoneyFig
    cap_two_plus: MoneyFig
    cap_basis: CapBasisFig
    application: TextFig


class Special(Record):
    __slots__ = (
        "diseases",
        "ratio",
        "application",
    )
    _fields: ClassVar[tuple[str, ...]] = __slots__
    diseases: TextListFig
    ratio: RateFig
    application: TextFig


class DualChannel(Record):
    __slots__ = (
        "rate",
        "rare_rate",
        "rare_drugs",
        "reduction_approved",
        "reduction_unapproved",
        "application",
    )
    _fields: ClassVar[tuple[str, ...]] = __slots__
    rate: RateFig
    rare_rate: RateFig
    rare_drugs: TextListFig
    reduction_approved: PointsFig
    reduction_unapproved: PointsFig
    application: TextFig


class Childbirth(Record):
    __slots__ = (
        "top_up_ratio",
        "min_continuous_years",
        "without_continuity",
    )
    _fields: ClassVar[tuple[str, ...]] = __slots__
    top_up_ratio: RateFig
    min_continuous_years: IntFig
    without_continuity: TextFig


class Diagnosis(Record):
    __slots__ = (
        "code",
        "name",
    )
    _fields: ClassVar[tuple[str, ...]] = __slots__
    code: str
    name: str


class PkuBand(Record):
    __slots__ = (
        "min_age",
        "max_age",
        "cap",
    )
    _fields: ClassVar[tuple[str, ...]] = __slots__
    min_age: int
    max_age: int
    cap: Decimal


class Pku(Record):
    __slots__ = (
        "rate",
        "age_caps",
        "cap_basis",
        "categories",
        "diagnoses",
        "application",
    )
    _fields: ClassVar[tuple[str, ...]] = __slots__
    _defaults: ClassVar[dict[str, Any]] = {"diagnoses": None}
    rate: RateFig
    age_caps: Figure
    cap_basis: CapBasisFig
    categories: Figure
    diagnoses: Figure | None
    application: TextFig


class SpecialBlood(Record):
    __slots__ = (
        "self_pay_ratio",
        "reading",
        "application",
        "qualifying",
    )
    _fields: ClassVar[tuple[str, ...]] = __slots__
    _defaults: ClassVar[dict[str, Any]] = {"qualifying": None}
    self_pay_ratio: RateFig
    reading: TextFig
    application: TextFig
    qualifying: TextFig | None


class CriticalIllness(Record):
    __slots__ = (
        "scope",
        "regular_bands",
        "poor_bands",
        "cap",
        "base_reading",
    )
    _fields: ClassVar[tuple[str, ...]] = __slots__
    scope: TextFig
    regular_bands: Figure
    poor_bands: Figure
    cap: TextFig
    base_reading: TextFig


class MedicalAid(Record):
    __slots__ = (
        "rates",
        "cap_outpatient_general",
        "cap_other",
        "rare_disease_remainder_rate",
        "base_reading",
        "pku_note",
    )
    _fields: ClassVar[tuple[str, ...]] = __slots__
    rates: dict[Literal["extreme_poverty", "other_aid"], RateFig]
    cap_outpatient_general: MoneyFig
    cap_other: MoneyFig
    rare_disease_remainder_rate: RateFig
    base_reading: TextFig
    pku_note: TextFig


class Benefits(Record):
    __slots__ = (
        "inpatient",
        "outpatient_general",
        "outpatient_chronic",
        "outpatient_special",
        "dual_channel_drug",
        "childbirth",
        "pku",
        "special_blood",
        "critical_illness",
        "medical_aid",
    )
    _fields: ClassVar[tuple[str, ...]] = __slots__
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


class Guidance(Record):
    """Topics the notices mention without figures: shown as text, never as numbers."""

    __slots__ = (
        "out_of_area",
        "e_voucher",
        "long_term_care",
        "huiminbao",
        "newborn",
    )
    _fields: ClassVar[tuple[str, ...]] = __slots__
    out_of_area: TextFig
    e_voucher: TextFig
    long_term_care: TextFig
    huiminbao: TextFig
    newborn: TextFig


class NoticeQuote(Record):
    """The words of a notice a reading reads: where they stand and the words themselves, verbatim."""

    __slots__ = (
        "notice",
        "clause",
        "quote",
    )
    _fields: ClassVar[tuple[str, ...]] = __slots__
    _defaults: ClassVar[dict[str, Any]] = {"notice": None}
    notice: str | None
    clause: str
    quote: str


class Reading(Record):
    """One of the product's numbered readings of a place where the notices are unclear or silent."""

    __slots__ = (
        "id",
        "title",
        "quotes",
        "note",
        "reading",
        "alternatives",
        "depends_on",
    )
    _fields: ClassVar[tuple[str, ...]] = __slots__
    _defaults: ClassVar[dict[str, Any]] = {
        "quotes": (),
        "note": None,
        "alternatives": (),
    }
    id: int
    title: str
    quotes: tuple[NoticeQuote, ...]
    note: str | None
    reading: str
    alternatives: tuple[str, ...]
    depends_on: tuple[str, ...]


class Confirmation(Record):
    """Which figures the officer confirmed, for a document made from a template (the pack editor)."""

    __slots__ = (
        "base",
        "figures",
    )
    _fields: ClassVar[tuple[str, ...]] = __slots__
    _factories: ClassVar[dict[str, Any]] = {"figures": dict}
    base: str
    figures: dict[str, str]


class PolicyYear(Record, PolicyYearMethods):
    __slots__ = (
        "schema_version",
        "policy_year",
        "data_version",
        "notice_id",
        "notices",
        "districts",
        "category_names",
        "premiums",
        "enrolment",
        "waiting",
        "benefits",
        "guidance",
        "readings",
        "confirmation",
    )
    _fields: ClassVar[tuple[str, ...]] = __slots__
    _defaults: ClassVar[dict[str, Any]] = {
        "readings": (),
        "confirmation": None,
    }
    schema_version: Literal[1]
    policy_year: int
    data_version: str
    notice_id: str
    notices: tuple[Notice, ...]
    districts: Districts
    category_names: CategoryNames
    premiums: Premiums
    enrolment: Enrolment
    waiting: WaitingRules
    benefits: Benefits
    guidance: Guidance
    readings: tuple[Reading, ...]
    confirmation: Confirmation | None


CLASSES: dict[str, type[Record]] = {
    "Figure": Figure,
    "MoneyFig": MoneyFig,
    "RateFig": RateFig,
    "PointsFig": PointsFig,
    "IntFig": IntFig,
    "DateFig": DateFig,
    "TextFig": TextFig,
    "TextListFig": TextListFig,
    "CapBasisFig": CapBasisFig,
    "RelationsFig": RelationsFig,
    "DatesFig": DatesFig,
    "Notice": Notice,
    "DistrictName": DistrictName,
    "Districts": Districts,
    "CategoryNames": CategoryNames,
    "CategoryPremium": CategoryPremium,
    "Premiums": Premiums,
    "EligibilityGroup": EligibilityGroup,
    "Channel": Channel,
    "BankDebitSetup": BankDebitSetup,
    "Enrolment": Enrolment,
    "WaitingRules": WaitingRules,
    "InpatientCell": InpatientCell,
    "InpatientRow": InpatientRow,
    "Inpatient": Inpatient,
    "Band": Band,
    "OutpatientBand": OutpatientBand,
    "OutpatientGeneral": OutpatientGeneral,
    "Chronic": Chronic,
    "Special": Special,
    "DualChannel": DualChannel,
    "Childbirth": Childbirth,
    "Diagnosis": Diagnosis,
    "PkuBand": PkuBand,
    "Pku": Pku,
    "SpecialBlood": SpecialBlood,
    "CriticalIllness": CriticalIllness,
    "MedicalAid": MedicalAid,
    "Benefits": Benefits,
    "Guidance": Guidance,
    "NoticeQuote": NoticeQuote,
    "Reading": Reading,
    "Confirmation": Confirmation,
    "PolicyYear": PolicyYear,
}
