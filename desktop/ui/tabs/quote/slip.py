"""保费测算's answers for its slip, gathered from the tab; the slip itself is ``core.slips.quote``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from desktop.core.slip import Slip
from desktop.core.slips.quote import MemberAnswer, QuoteAnswers, quote_slip

if TYPE_CHECKING:
    from desktop.ui.tabs.quote.tab import QuoteTab


def quote_answers(tab: QuoteTab) -> QuoteAnswers:
    """The household as entered and the 家庭共济 and 待遇等待期 answers."""
    return QuoteAnswers(
        district=tab.district_key,
        members=tuple(
            MemberAnswer(
                name=row.name,
                category=row.category,
                district=row.district,
                category_chosen=row.category_chosen,
                open_suggestion=tab.model.pending(row),
            )
            for row in tab.model.rows
        ),
        relation=tab.relation.currentData(),
        family=tab.family_check,
        waiting=tab.waiting,
    )


def tab_slip(tab: QuoteTab) -> Slip | None:
    """The slip of the tab's current quote; None before a member is added."""
    if tab.quote is None:
        return None
    return quote_slip(tab.policy, tab.quote, quote_answers(tab), tab.entry.short_hash)
