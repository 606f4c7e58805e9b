"""The working state of one simulation, shared by the basic-fund rules and the layers above it,
and the band arithmetic both use."""

from __future__ import annotations

from decimal import Decimal

from desktop.core.care.events import Person
from desktop.core.care.ledgers import Ledgers
from desktop.core.explain import Citation, cite
from desktop.core.policy.frozen import Band, PolicyYear


def band_payment(before: Decimal, after: Decimal, bands: tuple[Band, ...]) -> list[tuple[Band, Decimal]]:
    """The slices of the cumulative range (before, after] that fall in each band."""
    out = []
    for band in bands:
        top = after if band.upper is None else min(after, band.upper)
        overlap = top - max(before, band.lower)
        if overlap > 0:
            out.append((band, overlap))
    return out


def money_range(lo: Decimal, hi: Decimal | None) -> str:
    return f"{lo:,.0f}–{hi:,.0f} 元" if hi is not None else f"{lo:,.0f} 元以上"


class YearState:
    """The mutable working state of one simulation; results leave it frozen."""

    def __init__(self, policy: PolicyYear, person: Person, opening: Ledgers):
        self.p = policy
        self.b = policy.benefits
        self.person = person
        self.led = opening

    def c(self, fig, label: str, value: str | None = None) -> Citation:  # type: ignore[no-untyped-def]
        return cite(self.p, fig, label, value)
