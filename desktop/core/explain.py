"""Explained results: every calculation returns its steps, each with the figures it used."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict

from desktop.core.money import fmt, fmt_rate
from desktop.core.policy.model import Figure, PolicyYear

STATUS_LABELS = {
    "official": "通知原文",
    "interpretation": "解读",
    "carried_over": "沿用上年",
    "outside_fact": "外部依据",
    "not_stated": "通知未规定",
}


class Citation(BaseModel):
    """A figure as a step used it: what, which value, from where, and how sure."""

    model_config = ConfigDict(frozen=True)

    label: str
    value: str
    status: str
    source: str
    note: str | None = None

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.status, self.status)

    def text(self) -> str:
        tail = f"({self.status_label}" + (f":{self.note}" if self.note else "") + ")"
        return f"{self.label} {self.value} — {self.source} {tail}"


class Step(BaseModel):
    """One line of 'how this was calculated'."""

    model_config = ConfigDict(frozen=True)

    layer: str
    text: str
    amount: Decimal | None = None
    citations: tuple[Citation, ...] = ()

    def as_json(self) -> dict[str, Any]:
        return {
            "layer": self.layer,
            "text": self.text,
            "amount": fmt(self.amount),
            "citations": [c.model_dump() for c in self.citations],
        }


def describe_value(value: object) -> str:
    if value is None:
        return "通知未规定"
    if isinstance(value, Decimal):
        if value <= 1 and value == value.quantize(Decimal("0.0001")) and value.as_tuple().exponent < 0:
            return fmt_rate(value)
        return f"{value:,} 元"
    if isinstance(value, tuple):
        return "、".join(describe_value(v) for v in value)
    return str(value)


def source_text(policy: PolicyYear, figure: Figure) -> str:  # type: ignore[type-arg]
    notice = policy.notice(figure)
    if figure.status == "outside_fact" and figure.outside_source:
        return f"{figure.outside_source};{notice.short} {figure.cite}"
    return f"{notice.short} {figure.cite}"


def cite(policy: PolicyYear, figure: Figure, label: str, value: str | None = None) -> Citation:  # type: ignore[type-arg]
    note = figure.reason
    if figure.status == "carried_over" and figure.carried_from:
        note = f"沿用{figure.carried_from}年度:{figure.reason}"
    return Citation(
        label=label,
        value=value if value is not None else describe_value(figure.value),
        status=figure.status,
        source=source_text(policy, figure),
        note=note,
    )
