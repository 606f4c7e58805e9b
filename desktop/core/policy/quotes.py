"""Quotes are quotes: a figure's or reading's ``quote`` must stand in its notice word for word.

The product never reads the notices themselves (a clerk has the printed notice; the program has
its data). This module is for whoever holds a notice's text: the tests check every bundled year
against the two notices, and a pack editor may look last year's quote up in a new notice.
White space is the only thing ignored: the published texts break lines inside words and put
spaces between Chinese and digits ("730 元/人"), which a clerk does not read as different words.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from desktop.core.policy.frozen import PolicyYear
from desktop.core.policy.snapshot import iter_figures

_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """``text`` without any white space (the one difference a quote may have from its notice)."""
    return _SPACE.sub("", text)


def occurs_in(quote: str, notice_text: str) -> bool:
    """Whether ``quote`` stands in ``notice_text`` word for word, white space aside."""
    wanted = normalise(quote)
    return bool(wanted) and wanted in normalise(notice_text)


@dataclass(frozen=True)
class QuoteProblem:
    """A quote not found in its notice: where it is in the document, and which notice it names."""

    path: str
    notice: str
    quote: str


def quote_problems(policy: PolicyYear, notice_texts: Mapping[str, str]) -> list[QuoteProblem]:
    """Every quote of ``policy`` (figures and readings) that does not occur in its notice's text.

    ``notice_texts`` maps a notice id (``n2024``) to that notice's text; a quote naming a notice
    not given is reported too (it cannot be checked).
    """
    found: list[QuoteProblem] = []

    def check(path: str, notice: str, quote: str) -> None:
        text = notice_texts.get(notice)
        if text is None or not occurs_in(quote, text):
            found.append(QuoteProblem(path, notice, quote))

    for path, fig in iter_figures(policy):
        if fig.quote is not None:
            check(f"{path}.quote", fig.notice or policy.notice_id, fig.quote)
    for i, reading in enumerate(policy.readings):
        for j, q in enumerate(reading.quotes):
            check(f"readings[{i}].quotes[{j}].quote", q.notice or policy.notice_id, q.quote)
    return found
