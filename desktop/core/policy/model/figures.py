"""A figure of the policy: a value with where it comes from (see the package docstring for the
statuses), the typed figures the year uses, and the notices they cite."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field, model_validator

from desktop.core.policy.kinds import CapBasis, Relation, Status
from desktop.core.policy.messages import coded_error

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
    cite: str = Field(
        min_length=2,
        description="the clause of the notice the figure stands in, or rests on (a reference, never a quote)",
    )
    quote: str | None = Field(
        None,
        min_length=2,
        description="the notice's own words behind the figure, verbatim (white space aside), with its number where "
        "the sentence has one; null only when the notice has nothing to quote",
    )
    notice: str | None = Field(None, description="id of the notice cited, when it is not this year's own notice")
    reason: str | None = Field(None, description="why: the reading chosen, or what the notice leaves out")
    reading: int | None = Field(None, ge=1, description="id of the year's reading (readings:) this figure rests on")
    carried_from: int | None = Field(None, description="for carried_over: the policy year it comes from")
    outside_source: str | None = Field(None, description="for outside_fact: the document it comes from")

    @model_validator(mode="after")
    def _source_complete(self) -> Figure[V]:
        if self.status == "not_stated":
            if self.value is not None:
                raise coded_error("figure.not_stated_has_value")
        elif self.value is None:
            raise coded_error("figure.value_missing")
        if self.status != "official" and not self.reason:
            raise coded_error("figure.reason_missing", status=f"{self.status}")
        if self.status == "carried_over" and self.carried_from is None:
            raise coded_error("figure.carried_from_missing")
        if self.status == "outside_fact" and not self.outside_source:
            raise coded_error("figure.outside_source_missing")
        return self


class MoneyFig(Figure[Money]):
    pass


class RateFig(Figure[Rate]):
    pass


class PointsFig(Figure[Rate]):
    """A cut of a rate in percentage points (百分点): 0.05 reads 5个百分点, never 5%."""


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
