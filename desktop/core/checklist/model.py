"""The checklist's answers (what the clerk asks) and its result: sections of cited items."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from desktop.core.explain import Citation
from desktop.core.policy.kinds import AidStatus, Category

PaymentWay = Literal["bank_debit", "online", "counter", "family", "school"]

PAYMENT_LABELS: dict[str, str] = {
    "bank_debit": "省社保卡(银行)扣款",
    "online": "线上缴费(微信、支付宝、App)",
    "counter": "到税务或银行窗口缴费",
    "family": "亲属用职工医保个人账户代缴(家庭共济)",
    "school": "学校代缴",
}


class ChecklistAnswers(BaseModel):
    """What the clerk asks the resident at the counter."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    new_enrolment: bool = Field(False, description="新参保(或上一年度没有缴费)")
    info_changed: bool = Field(False, description="参保信息(身份类型、姓名、身份证号、电话等)有变化")
    category: Category = Field("elderly", description="参保类别")
    huji: bool = Field(True, description="有本市户籍")
    residence_permit: bool = Field(False, description="外地户籍,持本市有效居住证")
    previously_insured_here: bool = Field(False, description="以前参加过本市基本医保")
    insured_elsewhere: bool = Field(False, description="已参加其他地区基本医保或长护险")
    college_student: bool = Field(False, description="本市高校在校学生")
    school_student: bool = Field(False, description="本市中小学在校学生(随家庭按未成年居民参保)")
    vocational_student: bool = Field(False, description="本市职业院校(含技工学校)在校学生(由学校统一办理)")
    minor: bool = Field(False, description="未满18周岁")
    preschool: bool = Field(False, description="入学前儿童")
    parent_employee_12m: bool = Field(False, description="父母一方参加本市职工医保且缴费满12个月")
    hmt_permit_unemployed: bool = Field(False, description="持港澳台居民居住证且未就业")
    employee_insured: bool = Field(False, description="在职工医保参保")
    aid_status: AidStatus = Field("none", description="医疗救助身份")
    payment: PaymentWay = Field("bank_debit", description="打算怎样缴费")
    first_bank_debit: bool = Field(False, description="首次使用省保卡扣费(2024年度通知的银行办理条件)")
    flexible_pension: bool = Field(False, description="同时参加灵活就业人员养老保险(2025年度通知的银行办理条件)")
    newborn: bool = Field(False, description="新生儿(出生后第一次参保)")
    birth_date: dt.date | None = Field(None, description="新生儿出生日期")
    payment_date: dt.date | None = Field(None, description="缴费日期(补缴、断保后再参保或新生儿时填写)")
    years_broken: int = Field(0, ge=0, le=50, description="断保年数")
    years_repaid: int = Field(0, ge=0, le=50, description="补缴年数")


class ChecklistItem(BaseModel):
    model_config = ConfigDict(frozen=True)

    text: str
    citations: tuple[Citation, ...] = ()
    silent: bool = Field(False, description="the notice says nothing here; the text says so")
    warning: bool = False
    detail: bool = Field(False, description="in the long form only: the short form (one page) leaves it out")


class ChecklistSection(BaseModel):
    model_config = ConfigDict(frozen=True)

    key: str
    title: str
    items: tuple[ChecklistItem, ...]

    def all_text(self) -> str:
        return "\n".join(item.text for item in self.items)


class Checklist(BaseModel):
    model_config = ConfigDict(frozen=True)

    policy_year: int
    data_version: str
    eligible: bool
    needs_registration: bool
    sections: tuple[ChecklistSection, ...]
    #: the waiting-period inputs that cannot go together: (field, Chinese reason), shown at that field
    timing_problem: tuple[str, str] | None = None
    #: when benefits start, once a payment date is given and the inputs agree
    benefit_start: dt.date | None = None

    def section(self, key: str) -> ChecklistSection:
        return next(s for s in self.sections if s.key == key)

    def short(self) -> Checklist:
        """The one-page form the counter prints by default: what this person must do and bring,
        where and how to pay now, and when cover starts; the detail items and emptied sections left out."""
        kept = []
        for s in self.sections:
            items = tuple(i for i in s.items if not i.detail)
            if items:
                kept.append(s.model_copy(update={"items": items}))
        return self.model_copy(update={"sections": tuple(kept)})

    def all_text(self) -> str:
        return "\n".join(item.text for s in self.sections for item in s.items)
