"""What each category pays and what the government adds (保费), by district where the notice
differs by district."""

from __future__ import annotations

from pydantic import Field, model_validator

from desktop.core.policy.kinds import CATEGORIES, Category, District
from desktop.core.policy.model.figures import Frozen, MoneyFig, TextFig


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
