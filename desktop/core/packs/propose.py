"""Proposals for next year's figures, found in the new notice's text (``pack propose``, the editor).

For every figure of a base year's document (the dict loaded from its YAML, the format of
``policy_data/<year>.yaml``), the quote of last year's notice it rests on (the words around the
number) is looked for in the new notice. Where the same words stand around a number of the same
kind (元, 万元, %, 个百分点, 个月, a date) and that place is the one best match, the number there is
proposed as the new value, with its sentence and the sentence's character span in the notice text.
Everything else says 未找到.

Correctness comes first: a proposal shown as found must never carry a wrong value, so any doubt
(two places matching equally well, too few words matching, a value whose kind the quote does not
show) gives 未找到, and the officer types the figure. Nothing proposed counts until the officer
confirms it. Pure Python, deterministic, no model, no network; a whole year takes milliseconds.

The quote of a figure is read through :func:`figure_quote`: its ``quote`` field when the document
has one, else the part of ``cite`` after the first colon (``"三、个人缴费标准:“老年居民”个人缴费730元/人"``).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

NOT_FOUND = "未找到"

#: the words of the quote that must stand around the number: at least this many characters in all
MIN_CONTEXT = 4
#: and at least this share of the quote's words on either side (capped at CONTEXT_CAP characters a side)
MIN_CONTEXT_SHARE = 0.6
CONTEXT_CAP = 24

_SENTENCE_END = frozenset("。;;!?!?\n")
#: markdown and layout marks that carry no words
_DROPPED = frozenset("*#")


@dataclass(frozen=True)
class Proposal:
    """One figure's proposal. ``proposed`` is None and ``found`` False when nothing was found (未找到);
    ``sentence``/``span`` may still point at a related sentence then (``note`` says so)."""

    path: str
    label: str
    old_value: Any
    old_status: str
    proposed: Any | None
    sentence: str
    #: (start, end) of ``sentence`` in the notice text, end exclusive; None when no sentence
    span: tuple[int, int] | None
    found: bool
    #: the words of last year's notice that were looked for
    quote: str = ""
    #: (start, end) of the number itself in the notice text
    value_span: tuple[int, int] | None = None
    #: why nothing was proposed, or what to check, in Chinese
    note: str = ""

    @property
    def status_text(self) -> str:
        return "找到" if self.found else NOT_FOUND


def figure_quote(fig: Mapping[str, Any]) -> str:
    """The verbatim words a figure rests on: its ``quote``, else ``cite`` after the first ':' / ':'."""
    quote = fig.get("quote")
    if isinstance(quote, str) and quote.strip():
        return quote.strip()
    cite = fig.get("cite")
    if not isinstance(cite, str):
        return ""
    cut = [i for i in (cite.find(":"), cite.find(":")) if i >= 0]
    return cite[min(cut) + 1 :].strip() if cut else ""


def iter_figures(doc: Any, path: str = "") -> Iterator[tuple[str, Mapping[str, Any]]]:
    """Every figure of a document with its stable path (``premiums.categories.elderly.individual``,
    ``enrolment.reminders[0]``): every mapping holding ``value`` and ``cite`` or ``quote``."""
    if isinstance(doc, Mapping):
        if "value" in doc and ("cite" in doc or "quote" in doc):
            yield path, doc
            return
        for key, val in doc.items():
            if not path and key in ("readings", "notices"):
                continue
            yield from iter_figures(val, f"{path}.{key}" if path else str(key))
    elif isinstance(doc, list | tuple):
        for i, val in enumerate(doc):
            yield from iter_figures(val, f"{path}[{i}]")


# ---------------------------------------------------------------- the text, normalised with offsets


@dataclass(frozen=True)
class _Token:
    kind: str  # money, percent, points, months, years, age, count, date
    value: Any  # Decimal, or (year | None, month, day) for a date
    start: int  # in the normalised text
    end: int
    skel: int  # its index in the skeleton


_TOKEN = re.compile(r"(?:(?P<y>\d{4})年)?(?P<m>\d{1,2})月(?P<d>\d{1,2})日|(?P<n>\d+(?:\.\d+)?)(?P<wan>万)?")


def _unit(text: str, at: int) -> tuple[str, Decimal]:
    """The kind of the number ending at ``at`` and the factor that turns it into a figure's value."""
    rest = text[at : at + 4]
    if rest.startswith("%"):
        return "percent", Decimal("0.01")
    if rest.startswith("个百分点"):
        return "points", Decimal("0.01")
    if rest.startswith("元"):
        return "money", Decimal(1)
    if rest.startswith("个月"):
        return "months", Decimal(1)
    if rest.startswith("岁"):
        return "age", Decimal(1)
    if rest.startswith("年"):
        return "years", Decimal(1)
    return "count", Decimal(1)


class _Text:
    """A text normalised for matching (NFKC, no blanks or markdown marks), each character mapped back
    to its offset in the original, cut into tokens (numbers, dates) and a skeleton where each token
    is one mark, so the words around numbers compare whatever the numbers are."""

    def __init__(self, original: str, year_hint: int | None = None):
        chars: list[str] = []
        where: list[int] = []
        for i, ch in enumerate(original):
            for c in unicodedata.normalize("NFKC", ch):
                if c.isspace() or c in _DROPPED:
                    continue
                chars.append(c)
                where.append(i)
        self.original = original
        self.text = "".join(chars)
        self.where = where
        self.tokens: list[_Token] = []
        skel: list[str] = []
        skel_at: list[int] = []  # skeleton index → normalised index
        last = 0
        for m in _TOKEN.finditer(self.text):
            for j in range(last, m.start()):
                skel.append(self.text[j])
                skel_at.append(j)
            if m.group("m"):
                year = int(m.group("y")) if m.group("y") else None
                value: Any = (year, int(m.group("m")), int(m.group("d")))
                kind, mark = "date", "@"
            else:
                kind, factor = _unit(self.text, m.end())
                number = Decimal(m.group("n")) * (10000 if m.group("wan") else 1)
                if kind == "money" or m.group("wan"):
                    kind = "money" if kind in ("money", "count") else kind
                value, mark = number * factor, "#"
            self.tokens.append(_Token(kind, value, m.start(), m.end(), len(skel)))
            skel.append(mark)
            skel_at.append(m.start())
            last = m.end()
        for j in range(last, len(self.text)):
            skel.append(self.text[j])
            skel_at.append(j)
        self.skel = "".join(skel)
        self.skel_at = skel_at
        self._inherit_years()

    def _inherit_years(self) -> None:
        """``2023年10月1日—12月31日``: the second date has the first one's year."""
        for a, b in zip(self.tokens, self.tokens[1:], strict=False):
            if a.kind == b.kind == "date" and a.value[0] and b.value[0] is None:
                between = self.skel[a.skel + 1 : b.skel]
                if between in ("—", "-", "–", "~", "至", "到", "——"):
                    object.__setattr__(b, "value", (a.value[0], b.value[1], b.value[2]))

    def sentence(self, norm_index: int) -> tuple[int, int]:
        """The (start, end) in the original text of the sentence holding a normalised character."""
        at = self.where[norm_index]
        src = self.original
        start = at
        while start > 0 and src[start - 1] not in _SENTENCE_END:
            start -= 1
        end = at
        while end < len(src) and src[end] not in _SENTENCE_END:
            end += 1
        if end < len(src) and src[end] != "\n":
            end += 1  # the full stop belongs to its sentence
        while start < end and src[start].isspace():
            start += 1
        while end > start and src[end - 1].isspace():
            end -= 1
        return start, end

    def span(self, token: _Token) -> tuple[int, int]:
        return self.where[token.start], self.where[token.end - 1] + 1


# ---------------------------------------------------------------- a figure's value, read as numbers


def _as_decimal(value: Any) -> Decimal | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | Decimal):
        return Decimal(value)
    if isinstance(value, str) and re.fullmatch(r"-?\d+(?:\.\d+)?", value.strip()):
        try:
            return Decimal(value.strip())
        except InvalidOperation:
            return None
    return None


def _as_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    if isinstance(value, list | tuple) and len(value) == 1:
        return _as_date(value[0])
    return None


def _same_form(old: Any, new: Decimal) -> Any:
    """The new number written the way the old value was: an int stays an int, "0.90" keeps two places."""
    if isinstance(old, int) and not isinstance(old, bool):
        return int(new) if new == new.to_integral_value() else None
    if isinstance(old, str):
        places = len(old.strip().partition(".")[2])
        try:
            exact = new.quantize(Decimal(1).scaleb(-places))
        except InvalidOperation:
            return None
        if exact == new:
            return str(exact)
        return None
    return new


# ---------------------------------------------------------------- matching


def _common_suffix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(reversed(a), reversed(b), strict=False):
        if x != y:
            break
        n += 1
    return n


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


@dataclass(frozen=True)
class _Hit:
    token: _Token
    score: int


def _anchors(quote: _Text, old: Any) -> list[_Token]:
    """The tokens of the quote that are the figure's old value."""
    day = _as_date(old)
    if day is not None:
        return [
            t
            for t in quote.tokens
            if t.kind == "date" and (t.value[1], t.value[2]) == (day.month, day.day) and t.value[0] in (None, day.year)
        ]
    number = _as_decimal(old)
    if number is None:
        return []
    return [t for t in quote.tokens if t.kind != "date" and t.value == number]


def _best(notice: _Text, quote: _Text, anchor: _Token) -> tuple[_Hit | None, str]:
    left = quote.skel[: anchor.skel][-CONTEXT_CAP:]
    right = quote.skel[anchor.skel + 1 :][:CONTEXT_CAP]
    wanted = len(left) + len(right)
    hits: list[_Hit] = []
    for token in notice.tokens:
        if token.kind != anchor.kind:
            continue
        lscore = _common_suffix(left, notice.skel[max(0, token.skel - len(left)) : token.skel])
        rscore = _common_prefix(right, notice.skel[token.skel + 1 : token.skel + 1 + len(right)])
        hits.append(_Hit(token, lscore + rscore))
    if not hits:
        return None, "新通知中没有同类数字"
    top = max(h.score for h in hits)
    if top < MIN_CONTEXT or top < MIN_CONTEXT_SHARE * wanted:
        return None, "新通知中没有与上年原文相符的句子"
    best = [h for h in hits if h.score == top]
    if len(best) > 1:
        return None, f"新通知中有 {len(best)} 处同样相符,无法确定"
    return best[0], ""


def _propose_value(old: Any, anchor: _Token, found: _Token, shift: int) -> Any | None:
    if anchor.kind == "date":
        day = _as_date(old)
        year, month, dday = found.value
        if day is None:
            return None
        if year is None:
            year = day.year + shift
        try:
            new_day = dt.date(year, month, dday)
        except ValueError:
            return None
        if isinstance(old, list | tuple):
            return [new_day]
        return new_day
    return _same_form(old, found.value)


def _propose_one(path: str, label: str, fig: Mapping[str, Any], notice: _Text, shift: int) -> Proposal:
    old = fig.get("value")
    status = str(fig.get("status", "official"))
    quote_text = figure_quote(fig)

    def missing(note: str) -> Proposal:
        return Proposal(path, label, old, status, None, "", None, False, quote_text, None, note)

    if old is None:
        return missing("上年没有这个数值")
    if not quote_text:
        return missing("上年的出处没有原文引语")
    quote = _Text(quote_text)
    anchors = _anchors(quote, old)
    if not anchors:
        return missing("上年原文引语中没有这个数值")
    results: list[tuple[_Token, _Token]] = []
    for anchor in anchors:
        hit, why = _best(notice, quote, anchor)
        if hit is None:
            return missing(why)
        results.append((anchor, hit.token))
    values = [_propose_value(old, a, t, shift) for a, t in results]
    if any(v is None for v in values) or any(v != values[0] for v in values):
        return missing("新通知中的数值无法换算或前后不一致")
    token = results[0][1]
    start, end = notice.sentence(token.start)
    return Proposal(
        path,
        label,
        old,
        status,
        values[0],
        notice.original[start:end],
        (start, end),
        True,
        quote_text,
        notice.span(token),
        "",
    )


def propose(base_doc: Mapping[str, Any], notice_text: str, new_year: int | None = None) -> list[Proposal]:
    """A proposal for every figure of ``base_doc`` (in document order), read from ``notice_text``.

    ``new_year`` is the year of the draft (default: the base year + 1); a date the notice writes
    without its year (``11月15日前``) is moved on by the same number of years as the base's.
    """
    from desktop.core.policy.labels import path_label

    base_year = base_doc.get("policy_year")
    shift = 1
    if isinstance(base_year, int) and new_year is not None:
        shift = new_year - base_year
    notice = _Text(notice_text)
    return [_propose_one(path, path_label(path), fig, notice, shift) for path, fig in iter_figures(base_doc)]


def found_count(proposals: Sequence[Proposal]) -> int:
    return sum(1 for p in proposals if p.found)


def same_value(a: Any, b: Any) -> bool:
    """Whether two figure values are the same: numbers compare as numbers ("0.9" is "0.90"), dates
    as dates (a one-date list as its date), anything else as it is."""
    da, db = _as_decimal(a), _as_decimal(b)
    if da is not None or db is not None:
        return da is not None and db is not None and da == db
    if isinstance(a, list | tuple) and isinstance(b, list | tuple):
        return len(a) == len(b) and all(same_value(x, y) for x, y in zip(a, b, strict=True))
    ta, tb = _as_date(a), _as_date(b)
    if ta is not None or tb is not None:
        return ta == tb
    return bool(a == b)


def policy_document(policy: Any) -> dict[str, Any]:
    """A loaded year (frozen or a model) as the document dict its YAML loads to."""
    from desktop.core.packs.template import _plain
    from desktop.core.policy.freeze import thaw
    from desktop.core.policy.frozen import PolicyYear as FrozenYear

    model = thaw(policy) if isinstance(policy, FrozenYear) else policy
    doc = _plain(model)
    assert isinstance(doc, dict)
    return doc


def _json_value(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Mapping):
        return {str(k): _json_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json_value(v) for v in value]
    return value


def proposal_json(p: Proposal) -> dict[str, Any]:
    """A proposal as JSON-ready data (dates ISO, numbers as text); spans are [start, end) in the notice text."""
    return {
        "path": p.path,
        "label": p.label,
        "old_value": _json_value(p.old_value),
        "old_status": p.old_status,
        "found": p.found,
        "proposed": _json_value(p.proposed),
        "sentence": p.sentence,
        "span": list(p.span) if p.span else None,
        "value_span": list(p.value_span) if p.value_span else None,
        "quote": p.quote,
        "note": p.note,
    }
