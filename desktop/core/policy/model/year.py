"""One policy year as a document: its notices, premiums, enrolment, waiting period, benefits,
guidance and the product's numbered readings, with the checks that tie them together."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, Field, model_validator

from desktop.core.policy import snapshot
from desktop.core.policy.kinds import check_data_version
from desktop.core.policy.messages import coded_error
from desktop.core.policy.model.benefits import Benefits
from desktop.core.policy.model.enrolment import Enrolment, WaitingRules
from desktop.core.policy.model.figures import Figure, Frozen, Notice, TextFig
from desktop.core.policy.model.names import CategoryNames, Districts
from desktop.core.policy.model.premiums import Premiums
from desktop.core.policy.names import names_problems
from desktop.core.policy.record import Record


class Guidance(Frozen):
    """Topics the notices mention without figures: shown as text, never as numbers."""

    out_of_area: TextFig
    e_voucher: TextFig
    long_term_care: TextFig
    huiminbao: TextFig
    newborn: TextFig


class NoticeQuote(Frozen):
    """The words of a notice a reading reads: where they stand and the words themselves, verbatim."""

    notice: str | None = Field(None, description="id of the notice quoted, when it is not this year's own notice")
    clause: str = Field(min_length=2, description="the clause the words stand in (a reference)")
    quote: str = Field(min_length=2, description="the notice's words, verbatim (white space aside): whole sentences")


class Reading(Frozen):
    """One of the product's numbered readings of a place where the notices are unclear or silent."""

    id: int = Field(ge=1, description="the reading's number, named by figures' reading field")
    title: str = Field(pattern=r"^解读:.{2,}", description="short title shown in steps and on slips")
    quotes: tuple[NoticeQuote, ...] = Field((), description="the notices' words it reads, each verbatim")
    note: str | None = Field(
        None,
        min_length=2,
        description="what the notices say or leave out, in the product's words (never shown as a quote)",
    )
    reading: str = Field(min_length=2, description="the reading chosen")
    alternatives: tuple[str, ...] = Field((), description="other readings the text allows, not taken")
    depends_on: tuple[str, ...] = Field(min_length=1, description="figures and calculations that rest on it")

    @model_validator(mode="before")
    @classmethod
    def _older_documents(cls, data: object) -> object:
        """A document written before quotes were split off (``notice_text``: words of the notice,
        some condensed) still loads; its text is kept as the note, never shown as a quote."""
        if isinstance(data, dict) and "notice_text" in data:
            data = dict(data)
            text = data.pop("notice_text")
            if not data.get("note"):
                data["note"] = text
        return data

    @model_validator(mode="after")
    def _says_what_it_reads(self) -> Reading:
        if not self.quotes and not self.note:
            raise coded_error("reading.unfounded")
        return self


class Confirmation(Frozen):
    """Which figures the officer confirmed, for a document made from a template (the pack editor).

    ``pack check`` refuses such a document while a figure is missing here or was changed after it
    was confirmed, so deleting "待核对" by search-and-replace does not make a pack.
    """

    base: str = Field(min_length=1, description="the year and data version the document was made from, e.g. 2024.1")
    figures: dict[str, str] = Field(
        default_factory=dict, description="path of each confirmed figure -> fingerprint of the figure as confirmed"
    )


DataVersion = Annotated[str, AfterValidator(check_data_version)]


class PolicyYear(Frozen):
    schema_version: Literal[1] = Field(description="format of this document")
    policy_year: int = Field(ge=2000, le=2100)
    data_version: DataVersion = Field(description="version of this policy data: <policy year>.<n>, e.g. 2026.1")
    notice_id: str = Field(description="id of the notice this year is built from")
    notices: tuple[Notice, ...]
    districts: Districts = Field(description="the year's districts (所在区(市)) and how rosters write them")
    category_names: CategoryNames = Field(description="how rosters write each category besides its label")
    premiums: Premiums
    enrolment: Enrolment
    waiting: WaitingRules
    benefits: Benefits
    guidance: Guidance
    readings: tuple[Reading, ...] = Field((), description="the product's numbered readings used by this year")
    confirmation: Confirmation | None = Field(
        None, description="for a document made from a template: the figures the officer confirmed"
    )

    @model_validator(mode="after")
    def _notices_known(self) -> PolicyYear:
        if not self.data_version.startswith(f"{self.policy_year}."):
            raise ValueError(f"数据版本 {self.data_version} 应以本年度 {self.policy_year} 开头,如 {self.policy_year}.1")
        ids = {n.id for n in self.notices}
        if self.notice_id not in ids:
            raise ValueError(f"notice_id {self.notice_id!r} 不在 notices 列表中")
        figures = iter_figures(self)
        named = {f.notice for _, f in figures if f.notice} | {
            q.notice for r in self.readings for q in r.quotes if q.notice
        }
        unknown = sorted(named - ids)
        if unknown:
            raise ValueError(f"数值引用了未列出的通知: {', '.join(unknown)}")
        numbers = [r.id for r in self.readings]
        if len(set(numbers)) != len(numbers):
            raise ValueError("readings 中有重复的解读编号")
        missing = sorted({f.reading for _, f in figures if f.reading is not None and f.reading not in numbers})
        if missing:
            raise ValueError(f"数值引用了 readings 中没有的解读编号: {', '.join(str(n) for n in missing)}")
        problems = names_problems(self)
        if problems:
            raise ValueError(";".join(problems))
        return self

    def reading(self, number: int | None) -> Reading | None:
        return next((r for r in self.readings if r.id == number), None) if number is not None else None

    def notice(self, figure: Figure) -> Notice:  # type: ignore[type-arg]
        wanted = figure.notice or self.notice_id
        return next(n for n in self.notices if n.id == wanted)


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
