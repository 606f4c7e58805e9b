"""The year so far of one simulation, which the basic fund and the layers above it read and move,
and the band arithmetic they use."""

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


class YearSoFar:
    """One person's year as a simulation goes through it: the year's policy, the person and the
    running ledgers, which each layer reads and moves in turn (the results leave them frozen)."""

    def __init__(self, policy: PolicyYear, person: Person, opening: Ledgers):
        self.policy = policy
        self.person = person
        self.ledgers = opening

    def cite(self, fig, label: str, value: str | None = None) -> Citation:  # type: ignore[no-untyped-def]
        """The citation of one of the year's figures (its clause and status)."""
        return cite(self.policy, fig, label, value)
