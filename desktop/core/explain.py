"""Explained results: every calculation returns its steps, each with the figures it used."""

from __future__ import annotations

import dataclasses
import weakref
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from desktop.core.money import fmt, fmt_points, fmt_rate
from desktop.core.policy.frozen import Band, Diagnosis, Figure, OutpatientBand, PkuBand, PointsFig, PolicyYear

STATUS_LABELS = {
    "official": "通知原文",
    "interpretation": "解读",
    "carried_over": "沿用上年",
    "outside_fact": "外部依据",
    "not_stated": "通知未规定",
}


@dataclass(frozen=True, slots=True, kw_only=True)
class Citation:
    """A figure as a step used it: what, which value, from where, and how sure.

    A plain frozen dataclass (an output, never parsed from outside): the window's first tab
    builds these before its first paint, without importing pydantic.
    """

    label: str
    value: str
    status: str
    source: str
    note: str | None = None
    quote: str | None = None  # the notice's own words behind the figure, verbatim (source names their clause)
    reading: str | None = None  # the title of the product's reading the figure rests on
    reading_text: str | None = None  # that reading, in one paragraph (a slip ends with the readings it used)

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.status, self.status)

    @property
    def quoted(self) -> str:
        """The notice's words in quotation marks, or nothing when the figure has none."""
        return f"原文:“{self.quote}”" if self.quote else ""

    def text(self) -> str:
        tail = f"({self.status_label}" + (f":{self.note}" if self.note else "") + ")"
        words = f" {self.quoted}" if self.quote else ""
        return f"{self.label} {self.value} — {self.source}{words} {tail}" + (f" {self.reading}" if self.reading else "")


@dataclass(frozen=True, slots=True, kw_only=True)
class Step:
    """One line of 'how this was calculated'."""

    layer: str
    text: str
    amount: Decimal | None = None
    citations: tuple[Citation, ...] = ()

    def as_json(self) -> dict[str, Any]:
        return {
            "layer": self.layer,
            "text": self.text,
            "amount": fmt(self.amount),
            "citations": [dataclasses.asdict(c) for c in self.citations],
        }


#: identifiers that appear as figure values, in the words a clerk uses
VALUE_LABELS = {
    "spouse": "配偶",
    "parent": "父母",
    "child": "子女",
    "sibling": "兄弟姐妹",
    "grandparent": "祖父母",
    "maternal_grandparent": "外祖父母",
    "grandchild": "孙子女",
    "maternal_grandchild": "外孙子女",
    "newborn": "新生儿",
    "new_aid_recipient": "新认定的医疗救助对象",
    "fund_payment": "基金支付额上限",
    "compliant_cost": "计入费用上限",
    "minor": "未成年居民",
}


def _range(lo: Decimal, hi: Decimal | None) -> str:
    return f"{lo:,.0f}–{hi:,.0f} 元" if hi is not None else f"{lo:,.0f} 元以上"


def describe_value(value: object) -> str:
    if value is None:
        return "通知未规定"
    if isinstance(value, OutpatientBand):
        return (
            f"{_range(value.lower, value.upper)} 基层{fmt_rate(value.rate_primary)}"
            f"/二级以上{fmt_rate(value.rate_secondary_plus)}"
        )
    if isinstance(value, Band):
        return f"{_range(value.lower, value.upper)} {fmt_rate(value.rate)}"
    if isinstance(value, Diagnosis):
        return f"{value.name}(ICD-10:{value.code})"
    if isinstance(value, PkuBand):
        return f"{value.min_age}-{value.max_age}岁 {value.cap:,} 元"
    if isinstance(value, str) and value in VALUE_LABELS:
        return VALUE_LABELS[value]
    if isinstance(value, Decimal):
        exponent = value.as_tuple().exponent
        if value <= 1 and isinstance(exponent, int) and exponent < 0:
            return fmt_rate(value)
        return f"{value:,} 元"
    if isinstance(value, tuple):
        return "、".join(describe_value(v) for v in value) if value else "(无)"
    return str(value)


def describe_figure(figure: Figure) -> str:  # type: ignore[type-arg]
    """A figure's value as the notice writes it: a cut in percentage points reads 5个百分点, not 5%."""
    if isinstance(figure, PointsFig) and figure.value is not None:
        return fmt_points(figure.value)
    return describe_value(figure.value)


def source_text(policy: PolicyYear, figure: Figure) -> str:  # type: ignore[type-arg]
    notice = policy.notice(figure)
    if figure.status == "outside_fact" and figure.outside_source:
        return f"{figure.outside_source};{notice.short} {figure.cite}"
    return f"{notice.short} {figure.cite}"


#: per loaded policy year (by id, dropped when the policy is), the citations already made:
#: (id of the figure, label, value) -> Citation. Figures and citations are frozen and a figure
#: of the policy lives as long as its policy, so a citation made once is the same every time; a
#: simulation cites the same few figures hundreds of times. Only the policy's own figures may be
#: cited through this cache: a figure made for one call (``cite_text``) would be freed and its
#: id reused by another with a different clause. (A PolicyYear is not hashable: it holds dicts.)
_CITED: dict[int, dict[tuple[int, str, str | None], Citation]] = {}


def cite(policy: PolicyYear, figure: Figure, label: str, value: str | None = None) -> Citation:  # type: ignore[type-arg]
    """The citation of one figure of ``policy``, as a step shows it."""
    known = _CITED.get(id(policy))
    if known is None:
        known = _CITED[id(policy)] = {}
        weakref.finalize(policy, _CITED.pop, id(policy), None)
    key = (id(figure), label, value)
    made = known.get(key)
    if made is None:
        made = known[key] = _make_citation(policy, figure, label, value)
    return made


def cite_text(policy: PolicyYear, figure: Figure, label: str, value: str | None = None) -> Citation:  # type: ignore[type-arg]
    """The citation of a figure made for this call only (not one of ``policy``'s own): never cached."""
    return _make_citation(policy, figure, label, value)


def _make_citation(policy: PolicyYear, figure: Figure, label: str, value: str | None) -> Citation:  # type: ignore[type-arg]
    note = figure.reason
    if figure.status == "carried_over" and figure.carried_from:
        note = f"沿用{figure.carried_from}年度:{figure.reason}"
    reading = policy.reading(figure.reading)
    return Citation(
        label=label,
        value=value if value is not None else describe_figure(figure),
        status=figure.status,
        source=source_text(policy, figure),
        note=note,
        quote=figure.quote,
        reading=reading.title if reading else None,
        reading_text=reading.reading if reading else None,
    )
