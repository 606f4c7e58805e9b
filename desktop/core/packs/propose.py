"""Proposals for next year's figures, found in the new notice's text (``pack propose``, the editor).

For every figure of a base year's document (the dict loaded from its YAML, the format of
``policy_data/<year>.yaml``), the quote of last year's notice it rests on (the words around the
number) is looked for in the new notice, and the number standing there now is proposed, with its
sentence and the sentence's character span in the notice text. Everything else says 未找到.

How a place is found, strongest first (text compared without blanks, full-width forms folded, each
number or date one mark, so 730 and 880 compare alike):

1. the quote's words stand in the new notice exactly as they stood, numbers aside: the number in
   the old value's place is the new value (a table row quoted cell by cell maps cell for cell; a
   whole table quoted flat is read this way only);
2. otherwise the words between the value and its neighbouring numbers in the quote: the words
   right before it must stand close before the new number (or name its table row or column),
   enough of the words must be near, and one place must lead (a table's header words count for
   the cells below them; a header naming words the quote lacks counts against its column; a row
   whose name differs from the quoted row's, 二级 for 一级医疗机构, is never taken);
3. a figure whose quote names it without its number (a table's row name, a heading) only when the
   figure was read, not worked out (official or carried over), the quote holds no number of its
   kind, our name of the figure (个人缴费, 起付线) shows too, no sibling figure's name (筹资标准)
   stands right before the number, and one such number leads;
4. lists of names from the enumeration that holds last year's; tables of numbers (bands, age
   caps) only by (1); text only when the notice says it word for word (else the nearest sentence
   is shown as a hint, with no value).

A figure of a category or district (老年居民, 溧阳市) is read only from a line, or under a column,
that names it. Correctness comes first: a proposal shown as found must never carry a wrong value,
so any doubt (two places matching as well with different numbers, too few words, a figure last
year worked out, a sentence about the former rule such as “原来:……”) gives 未找到, and the officer
types the figure. Nothing proposed counts until the officer confirms it. Pure Python, deterministic, no
model, no network; a whole year takes well under a second.

The quote of a figure is read through :func:`figure_quote`: its ``quote`` field when the document
has one, else the part of ``cite`` after the first colon (``"三、个人缴费标准:“老年居民”个人缴费730元/人"``).
"""

from __future__ import annotations

import datetime as dt
import functools
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
#: words that say a sentence tells last year's rule, not this year's (“原来:……”, “由原来的……增加到……”)
_FORMER = re.compile(r"原来|原为|原先|由原|调整前|以前|上年度|去年")
#: markdown and layout marks that carry no words
_DROPPED = frozenset("*#")
#: stands for the blank between two numbers (not a word, not a digit)
_GAP = "|"
_ITEM_NUMBER = re.compile(r"\d+(?:\.\d+)*[.、.]")


def _parts(text: str, start: int, end: int) -> bool:
    """Whether the blanks text[start:end] between two digits part two numbers: a tab, a space, an
    empty line, or a line break before a numbered item (“1200⏎2.3 门诊”). A lone line break before
    anything else is a PDF's wrap inside one number (“自付4⏎0%”), which joins."""
    blank = text[start:end]
    if blank.count("\n") != 1 or blank.strip("\r\n"):
        return True
    return bool(_ITEM_NUMBER.match(text, end))


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


_TOKEN = re.compile(
    r"(?:(?P<y>\d{4})年)?(?P<m>\d{1,2})月(?P<d>\d{1,2})日"
    r"|(?P<n>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?P<wan>万)?"
    r"|(?<![一二两三四五六七八九十])(?P<cn>[一二两三四五六七八九十]{1,3})(?=个月|年(?!度)|周岁|岁)"
)
_CN_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def _chinese_number(text: str) -> int | None:
    """一 … 九十九 written in characters (满一年, 三个月); None for anything else."""
    if text == "十":
        return 10
    if "十" in text:
        tens, _, ones = text.partition("十")
        if (tens and tens not in _CN_DIGITS) or (ones and ones not in _CN_DIGITS) or len(text) > 3:
            return None
        return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[ones] if ones else 0)
    return _CN_DIGITS.get(text) if len(text) == 1 else None


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


_LINE_START = re.compile(r"^\s*(?:[-*#>•]|\d+[.、.]|[((]|[一二三四五六七八九十]+、|注)")


def _sentence_ends(text: str) -> list[bool]:
    """Which characters end a sentence: 。;!? and line ends, except a line a PDF wrapped in mid
    sentence (a long line without a closing mark, going on in a line that starts no item)."""
    ends = [ch in _SENTENCE_END for ch in text]
    lines = text.split("\n")
    offset = 0
    for line, following in zip(lines, lines[1:], strict=False):
        offset += len(line)
        body = line.strip()
        if (
            len(body) >= 20
            and "\t" not in line
            and "\t" not in following
            and following.strip()
            and body[-1] not in "。;;::!?!?"
            and not _LINE_START.match(following)
        ):
            ends[offset] = False
        offset += 1
    return ends


class _Text:
    """A text normalised for matching (NFKC, no blanks or markdown marks), each character mapped back
    to its offset in the original, cut into tokens (numbers, dates) and a skeleton where each token
    is one mark, so the words around numbers compare whatever the numbers are."""

    def __init__(self, original: str, tables: bool = True):
        chars: list[str] = []
        where: list[int] = []
        gap = -1  # where the blanks just dropped began
        for i, ch in enumerate(original):
            for c in unicodedata.normalize("NFKC", ch):
                if c.isspace() or c in _DROPPED:
                    gap = i if gap < 0 else gap
                    continue
                if gap >= 0 and c.isdigit() and chars and chars[-1].isdigit() and _parts(original, gap, i):
                    chars.append(_GAP)
                    where.append(gap)
                gap = -1
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
            elif m.group("cn"):
                count = _chinese_number(m.group("cn"))
                if count is None:
                    continue  # not a number after all: its characters stay words
                kind, _ = _unit(self.text, m.end())
                value, mark = Decimal(count), "#"
            else:
                kind, factor = _unit(self.text, m.end())
                number = Decimal(m.group("n").replace(",", "")) * (10000 if m.group("wan") else 1)
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
        self._token_at = {t.skel: t for t in self.tokens}
        self._sentence_words: dict[tuple[int, int], set[str]] | None = None
        self._inherit_years()
        # the sentence of every skeleton character, as (start, end) in the skeleton
        self._end = _sentence_ends(original)
        ends = [0] * (len(original) + 1)
        for i in range(len(original)):
            ends[i + 1] = ends[i] + self._end[i]
        sid = [ends[where[j]] for j in skel_at]
        self._bounds: list[tuple[int, int]] = []
        first = 0
        for k in range(1, len(sid) + 1):
            if k == len(sid) or sid[k] != sid[first]:
                self._bounds.extend([(first, k)] * (k - first))
                first = k
        self._headers: dict[int, list[list[str]]] = dict(self._tables()) if tables and "\t" in original else {}

    def _tables(self) -> list[tuple[int, list[list[str]]]]:
        """For each line of a table (tab-separated cells), the cells of the table's header lines: its
        first line and the lines after it that hold no number."""
        heads: list[tuple[int, list[list[str]]]] = []
        offset = 0
        head: list[list[str]] | None = None
        in_header = False
        for line in self.original.split("\n"):
            if "\t" in line and line.strip():
                cells = line.split("\t")
                if head is None:
                    head, in_header = [cells], True
                elif in_header and not re.search(r"\d", line):
                    head.append(cells)
                else:
                    in_header = False
                    heads.append((offset, head))
            else:  # a line of words, or an empty line, ends the table
                head, in_header = None, False
            offset += len(line) + 1
        return heads

    def in_table(self, skel_index: int) -> bool:
        if not self._headers:
            return False
        at = self.where[self.skel_at[skel_index]]
        return self.original.rfind("\n", 0, at) + 1 in self._headers

    def _header_cells(self, skel_index: int) -> list[str]:
        """The header cells above the number's column (a blank one is the right half of a merged
        cell: the words are to its left); none outside tables."""
        if not self._headers:
            return []
        at = self.where[self.skel_at[skel_index]]
        line_start = self.original.rfind("\n", 0, at) + 1
        head = self._headers.get(line_start)
        if head is None:
            return []
        column = self.original.count("\t", line_start, at)
        out = []
        for cells in head:
            if column < len(cells):
                out.append(next((cells[c] for c in range(column, -1, -1) if cells[c].strip()), ""))
        return out

    def header_bigrams(self, skel_index: int) -> set[str]:
        """The words of the header cells above the number's column."""
        words: set[str] = set()
        for cell in self._header_cells(skel_index):
            words |= _cell_bigrams(cell)
        return words

    def header_unit(self, skel_index: int) -> Decimal | None:
        """The money unit the column's header names for a bare number: 万元 → 10000, 元 → 1."""
        text = "".join(self._header_cells(skel_index))
        if "万元" in text:
            return Decimal(10000)
        if "元" in text:
            return Decimal(1)
        return None

    def in_scope(self, skel_index: int, scope: _Scope) -> bool:
        """Whether each of the scope's groups is named on the number's line or above its column."""
        if not scope.groups:
            return True
        at = self.where[self.skel_at[skel_index]]
        line_start = self.original.rfind("\n", 0, at) + 1
        line_end = self.original.find("\n", at)
        line = self.original[line_start : line_end if line_end >= 0 else None]
        text = _Text(line + "".join(self._header_cells(skel_index)), tables=False).text
        return all(any(name in text for name in group) for group in scope.groups)

    def row_label(self, skel_index: int) -> str:
        """In a table, the first cell of the number's row (normalised, numbers as marks); else ''."""
        if not self._headers:
            return ""
        at = self.where[self.skel_at[skel_index]]
        line_start = self.original.rfind("\n", 0, at) + 1
        if line_start not in self._headers:
            return ""
        first = next((cell for cell in self.original[line_start:at].split("\t")[:-1] if cell.strip()), "")
        return _cell_skeleton(first)

    def row_label_bigrams(self, skel_index: int) -> set[str]:
        """In a table, the words of the nearest cell left of the number's that holds words (its row's
        label, or the column it is under); none outside tables."""
        if not self._headers:
            return set()
        at = self.where[self.skel_at[skel_index]]
        line_start = self.original.rfind("\n", 0, at) + 1
        if line_start not in self._headers:
            return set()
        cells = self.original[line_start:at].split("\t")[:-1]  # the cells before the number's own
        for cell in reversed(cells):
            if cell.strip() and not _NUMERIC_CELL.fullmatch(cell.strip()):
                return set(_cell_bigrams(cell))
        return set()

    def former(self, skel_index: int) -> bool:
        """Whether the character's sentence speaks of the former rule (原来, 由原来的……)."""
        s0, s1 = self._bounds[skel_index]
        return bool(_FORMER.search(self.skel, s0, s1))

    def starts_words(self, skel_index: int) -> bool:
        """Whether the words at this place begin there: after a blank, a cell, a line or a mark."""
        at = self.where[self.skel_at[skel_index]]
        return at == 0 or self.original[at - 1].isspace() or unicodedata.category(self.original[at - 1])[0] == "P"

    def sentence_words(self) -> dict[tuple[int, int], set[str]]:
        """Every sentence, as (start, end) in the skeleton, with its words (made once)."""
        if self._sentence_words is None:
            self._sentence_words = {span: _bigrams(self.skel[span[0] : span[1]]) for span in sorted(set(self._bounds))}
        return self._sentence_words

    def token_at(self, skel_index: int) -> _Token | None:
        return self._token_at.get(skel_index)

    def sentence_bounds(self, skel_index: int) -> tuple[int, int]:
        return self._bounds[skel_index]

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
        while start > 0 and not self._end[start - 1]:
            start -= 1
        end = at
        while end < len(src) and not self._end[end]:
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
        return str(new.normalize()) if new == new.normalize() else str(new)
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


def _common_run(a: str, b: str) -> int:
    """The longest run of characters both have, with no number mark in it (short strings only)."""
    best = 0
    for i in range(len(a)):
        for j in range(len(b)):
            n = 0
            while i + n < len(a) and j + n < len(b) and a[i + n] == b[j + n] and a[i + n] not in _MARKS:
                n += 1
            best = max(best, n)
    return best


def _in_order(parts: tuple[str, ...], window: str) -> bool:
    """Whether most of each part stands in the window, the parts in their order."""
    at = 0
    for part in parts:
        need = max(2, (len(part) * 3 + 4) // 5)
        best_end = -1
        for i in range(at, len(window)):
            n = 0
            for j in range(len(part)):
                while i + n < len(window) and j + n < len(part) and window[i + n] == part[j + n]:
                    n += 1
                if n >= need:
                    break
                n = 0
            if n >= need:
                best_end = i + n
                break
        if best_end < 0:
            return False
        at = best_end
    return True


def _other_row(label: str, quote: str) -> bool:
    """Whether a table row's name is another row's than the one the quote names: they share words,
    but right before what they share each has a word of its own (二级 / 一级医疗机构, 两个及以上 /
    一个病种, 未成年 / 老年居民). 在常高校大学生 for “高校大学生” is the same row: the quote has no word there."""
    best, at_l, at_q = 0, 0, 0
    for i in range(len(label)):
        for j in range(len(quote)):
            n = 0
            while (
                i + n < len(label)
                and j + n < len(quote)
                and label[i + n] == quote[j + n]
                and label[i + n] not in _MARKS
            ):
                n += 1
            if n > best:
                best, at_l, at_q = n, i, j
    if best < 2 or best == len(label):
        return False
    return at_l > 0 and at_q > 0 and _is_word(label[at_l - 1]) and _is_word(quote[at_q - 1])


_MARKS = frozenset("#@")
_NUMERIC_CELL = re.compile(r"[\d.,%~\-\s万元/次年人个月日]*")
_PUNCT = frozenset(",.;:!?、()[]“”‘’\"'《》<>-—–~/\\|·…\t")


@functools.lru_cache(maxsize=4096)
def _cell_skeleton(cell: str) -> str:
    return _Text(cell, tables=False).skel


@functools.lru_cache(maxsize=4096)
def _cell_bigrams(cell: str) -> frozenset[str]:
    """The words of a table cell (cached: a table's cells are asked for again and again)."""
    return frozenset(_bigrams(_cell_skeleton(cell)))


def _bigrams(skel: str) -> set[str]:
    """The word pairs of a skeleton: two letters or characters, no number mark or punctuation."""
    out: set[str] = set()
    for a, b in zip(skel, skel[1:], strict=False):
        if _is_word(a) and _is_word(b):
            out.add(a + b)
    return out


@functools.lru_cache(maxsize=8192)
def _is_word(c: str) -> bool:
    """A letter or character of a word: not a number mark, punctuation (。、“”) or symbol (/ ~)."""
    return c not in _MARKS and c not in _PUNCT and unicodedata.category(c)[0] in "LN"


@dataclass(frozen=True)
class _Hit:
    token: _Token
    value: Any
    total: int
    cover: float
    #: the score before a header's other words count against it
    raw: int = 0


@dataclass(frozen=True)
class _Query:
    """What is looked for around a number: the quote's words, the number's kind, and (when the quote
    holds the old value) the words right before and after it."""

    kind: str
    words: frozenset[str]
    left: str = ""
    right: str = ""
    before: int = 0  # how far the words may stand from the number, in skeleton characters
    after: int = 0
    min_cover: float = MIN_CONTEXT_SHARE
    #: our own name of the figure (个人缴费, 起付线): its words count, but are not required
    bonus: frozenset[str] = frozenset()
    #: the quote's skeleton (for the longest run of it beside the number)
    text: str = ""
    #: the whole quote's skeleton (the table row it names)
    quote: str = ""
    #: a quote without its number: its blank-separated parts, which prose must keep in order
    parts: tuple[str, ...] = ()
    #: a quote without its number: the words of our name of the figure, of which one must show
    label: frozenset[str] = frozenset()
    #: the words right before the quote's number, which must stand near the new one
    near: frozenset[str] = frozenset()


@dataclass(frozen=True)
class _Scope:
    """Whom a figure is about, from its path: each group's names (老年居民; 溧阳市) must be named on
    the number's line or above its column; and the names of the figures beside it (筹资标准 beside
    个人缴费), which must not stand right before a number found by a quote without one."""

    groups: tuple[frozenset[str], ...] = ()
    siblings: tuple[frozenset[str], ...] = ()


def _district_names(doc: Mapping[str, Any]) -> dict[str, tuple[str, tuple[str, ...]]]:
    """The year's districts from its document (``districts: items: [{id, name, aliases}]``): id →
    (name, aliases). An older document without them has none."""
    districts = doc.get("districts")
    items = districts.get("items") if isinstance(districts, Mapping) else None
    out: dict[str, tuple[str, tuple[str, ...]]] = {}
    for item in items if isinstance(items, list) else []:
        if isinstance(item, Mapping) and isinstance(item.get("id"), str) and isinstance(item.get("name"), str):
            aliases = tuple(a for a in item.get("aliases") or () if isinstance(a, str))
            out[item["id"]] = (item["name"], aliases)
    return out


def _names(doc: Mapping[str, Any]) -> dict[str, str]:
    """id → the year's own name of its categories and districts, for the figures' labels."""
    out = {key: name for key, (name, _) in _district_names(doc).items()}
    premiums = doc.get("premiums")
    categories = premiums.get("categories") if isinstance(premiums, Mapping) else None
    if isinstance(categories, Mapping):
        for key, cat in categories.items():
            if isinstance(cat, Mapping) and isinstance(cat.get("label"), str):
                out[str(key)] = cat["label"]
    return out


def _scopes(doc: Mapping[str, Any]) -> dict[str, _Scope]:
    from desktop.core.policy.labels import PART_LABELS
    from desktop.core.premium import CATEGORY_LABELS

    names: dict[str, set[str]] = {}
    for key, (name, aliases) in _district_names(doc).items():
        # the full name (溧阳市), or a short form the notice may use (溧阳), never a one-character one
        names[key] = {_Text(n).text for n in (name, *aliases) if len(_Text(n).text) >= 2}
    premiums = doc.get("premiums")
    categories = premiums.get("categories") if isinstance(premiums, Mapping) else None
    if isinstance(categories, Mapping):
        for key, cat in categories.items():
            own = {CATEGORY_LABELS.get(str(key), "")}
            if isinstance(cat, Mapping) and isinstance(cat.get("label"), str):
                own.add(cat["label"])
            names[str(key)] = {_Text(n).text for n in own if n}
    figures = list(iter_figures(doc))
    by_parent: dict[str, list[str]] = {}
    for path, _ in figures:
        parent, _, last = path.rpartition(".")
        by_parent.setdefault(parent, []).append(last)
    scopes = {}
    for path, _ in figures:
        parts = re.split(r"[.\[\]]", path)
        groups = tuple(frozenset(names[p]) for p in parts if p in names and names[p])
        parent, _, last = path.rpartition(".")
        siblings = tuple(
            frozenset(_bigrams(_Text(PART_LABELS[k]).skel))
            for k in by_parent.get(parent, [])
            if k != last and PART_LABELS.get(k)
        )
        scopes[path] = _Scope(groups, siblings)
    return scopes


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


def _value_of(old: Any, token: _Token, shift: int) -> Any | None:
    """The token read as the figure's new value, in the old value's form; None when it cannot be."""
    day = _as_date(old)
    if day is not None:
        if token.kind != "date":
            return None
        year, month, dday = token.value
        if year is None:
            year = day.year + shift
        try:
            new_day = dt.date(year, month, dday)
        except ValueError:
            return None
        return [new_day] if isinstance(old, list | tuple) else new_day
    if token.kind == "date":
        return None
    return _same_form(old, token.value)


def _hits(notice: _Text, query: _Query, old: Any, shift: int, scope: _Scope = _Scope()) -> list[_Hit]:
    hits: list[_Hit] = []
    old_number = _as_decimal(old)
    for token in notice.tokens:
        if token.kind != query.kind:
            if not (token.kind == "count" and query.kind == "money"):
                continue
            # a bare number in a table: money when the column's header says 元 or 万元
            unit = notice.header_unit(token.skel)
            if unit is not None:
                token = _Token("money", token.value * unit, token.start, token.end, token.skel)
            elif token.value != old_number:
                continue  # no unit anywhere: only last year's own value may be taken as money
        k = token.skel
        adj = 0
        s0, s1 = notice.sentence_bounds(k)
        if notice.former(k) or not notice.in_scope(k, scope):
            continue  # the former rule's sentence, or another category's or district's line
        if query.left:
            near = notice.skel[max(s0, k - len(query.left)) : k]
            adj += max(_common_suffix(query.left, near), _common_run(query.left[-12:], near[-12:]))
        if query.right:
            near = notice.skel[k + 1 : min(s1, k + 1 + len(query.right))]
            adj += max(_common_prefix(query.right, near), _common_run(query.right[:12], near[:12]))
        label = notice.row_label(k)
        if len(label) >= 2 and label in query.text:
            adj += len(label)  # the row's own name is in the quote: the row of this figure
        elif query.quote and len(label) >= 2 and _other_row(label[:24], query.quote[:80]):
            continue  # the quote names another row of this table (its own row may be gone)
        if query.near:
            # the words right before this number must be the quote's, or name its row (含长期护理险
            # before 30 is not 个人缴费标准 before 700; a column's header is no row's name) ...
            cell = notice.row_label_bigrams(k)
            if not (query.words & (cell | _bigrams(label))) and not (
                (query.words | query.bonus) & _bigrams(notice.skel[max(s0, k - 5) : k])
            ):
                continue
            # ... and the words right before last year's number (筹资标准, 个人缴费) must stand close
            # before this one, or name its cell's neighbour or column: else it is another figure's
            pool = _bigrams(notice.skel[max(s0, k - 12) : k]) | cell | notice.header_bigrams(k)
            if len(query.near & pool) < min(2, len(query.near)):
                continue
        seen = _bigrams(notice.skel[max(s0, k - query.before) : min(s1, k + 1 + query.after)])
        header = notice.header_bigrams(k)
        seen |= header | _bigrams(label)
        # a column header with words the quote does not have is another column's (未经审批市外转院):
        # it counts against this place when places are compared, not against the match itself
        penalty = len(header - query.words - query.bonus) if header & (query.words | query.bonus) else 0
        found = len(query.words & seen) if query.words else 0
        if len(query.words) <= 3 and found < len(query.words):
            continue  # a few words (老年居民) must all be there: 未成年居民 is not 老年居民
        extra = len(query.bonus & seen)
        cover = found / len(query.words) if query.words else 0.0
        if query.bonus and cover < query.min_cover:
            cover = (found + extra) / (len(query.words) + len(query.bonus))
        if cover < query.min_cover:
            continue
        found += extra
        if not query.left and not query.right and query.label and not (query.label & seen):
            continue  # a quote without its number: our name of the figure (个人缴费, 起付线) must show too
        if not query.left and not query.right and query.parts and not notice.in_table(k):
            # in prose, the quote's parts (一级医疗机构 / 未成年居民/大学生) in the quote's order
            window = notice.skel[max(s0, k - query.before) : k]
            if not _in_order(query.parts, window):
                continue
        if not query.left and not query.right and not notice.in_table(k):
            # a quote without its number, in prose: the name right before the number must not be
            # another of its kind (一级 for 二级医疗机构, where the 二级 line is gone)
            prior = "".join(c for c in notice.skel[max(s0, k - 16) : k] if c not in _MARKS)
            if len(prior) >= 2 and _other_row(prior, query.quote[:80]):
                continue
        if not query.left and not query.right and scope.siblings and not notice.in_table(k):
            # a quote without its number (a row name): the words right before the number must not
            # name a figure beside this one (筹资标准 1953 is not 老年居民's 个人缴费)
            before = _bigrams(notice.skel[max(s0, k - 6) : k])
            own = len(before & query.bonus)
            others = (sibling - query.words - query.bonus for sibling in scope.siblings)  # 期结束, not 待遇享受期
            if any(len(before & other) >= 2 and len(before & other) > own for other in others):
                continue
        if not query.left and not query.right:
            # no number in the quote: how much of it stands together beside this number
            found += _common_run(query.text[:16], notice.skel[max(s0, k - query.before) : k + 1 + query.after])
        value = _value_of(old, token, shift)
        if value is None:
            continue
        hits.append(_Hit(token, value, adj + found - penalty, cover, adj + found))
    return hits


def _choose(hits: list[_Hit], old: Any, shift: int) -> tuple[_Hit | None, str]:
    """The one best place, or the best places when they all give the same value; else why not."""
    if not hits:
        return None, "新通知中没有与上年原文相符的句子"
    top = max(h.total for h in hits)
    contenders = [h for h in hits if h.total >= top - 1]  # a lead of one character decides nothing
    values = {repr(h.value) for h in contenders}
    best = max(contenders, key=lambda h: h.total)
    if best.raw < MIN_CONTEXT:
        return None, "新通知中没有与上年原文相符的句子"
    if len(values) == 1:
        return best, ""
    day = _as_date(old)
    if day is not None:
        # a date range (集中参保缴费期 A—B) matches both ends equally: the end whose month and day
        # are last year's is this figure's end
        same = [
            h
            for h in contenders
            if (lambda d: d is not None and (d.month, d.day) == (day.month, day.day))(_as_date(h.value))
        ]
        if same and len({repr(h.value) for h in same}) == 1:
            return max(same, key=lambda h: h.total), ""
    return None, f"新通知中有 {len(contenders)} 处相符,数值不同,无法确定"


_ENUMERATOR = re.compile(r"^(?:[一二三四五六七八九十]+[、.]|[((][一二三四五六七八九十\d]+[))]|\d+(?:\.\d+)*[、.]?)+")


def _heading_words(cite: Any) -> str:
    """The words a cite without a quote ends on (``参保缴费须知 一(一) 集中参保缴费期`` → 集中参保缴费期)."""
    if not isinstance(cite, str) or not cite.split():
        return ""
    last = _ENUMERATOR.sub("", cite.split()[-1])
    return last if sum(1 for c in last if "\u4e00" <= c <= "\u9fff") >= 3 else ""


def _kind_of(old: Any) -> str | None:
    if _as_date(old) is not None:
        return "date"
    number = _as_decimal(old)
    if number is None:
        return None
    if isinstance(old, str) and "." in old and abs(number) <= 1:
        return "percent"
    return "money" if isinstance(old, str) else "count"


_UNIT_START = frozenset("元%万个年月日岁周")
_UNIT_TAIL = frozenset("元%%/人次年月日岁个百分点万")


def _cell_ends(quote: _Text, token: _Token) -> bool:
    """Whether a blank follows the number in the quote and then no unit: in a table quoted cell by
    cell (“一个病种 50% 40% 800 两个及以上病种 1200”) the words after it are the next row's."""
    src = quote.original
    at = quote.where[token.end - 1] + 1
    while at < len(src) and src[at] in _UNIT_TAIL:
        at += 1  # the number's own unit (元/次, %)
    if at >= len(src) or not src[at].isspace():
        return False
    while at < len(src) and src[at].isspace():
        at += 1
    return at < len(src) and src[at] not in _UNIT_START


def _tabular(quote: _Text) -> bool:
    """A table quoted cell by cell: two numbers or more end their cells."""
    return sum(1 for t in quote.tokens if t.kind != "date" and _cell_ends(quote, t)) >= 2


def _locator(fig: Mapping[str, Any]) -> set[str]:
    """The words a figure's cite locates it by inside its quote (``表:未成年居民/大学生 起付标准``),
    when the quote is a field of its own; the old cite's words after the colon are the quote."""
    cite = fig.get("cite")
    if not isinstance(fig.get("quote"), str) or not isinstance(cite, str):
        return set()
    cut = [i for i in (cite.find(":"), cite.find(":")) if i >= 0]
    return _bigrams(_Text(cite[min(cut) + 1 :]).skel) if cut else set()


def _aligned(
    notice: _Text, quote: _Text, anchors: list[_Token], old: Any, shift: int, scope: _Scope = _Scope()
) -> tuple[_Hit | None, str] | None:
    """The quote's words standing in the new notice exactly as they stood, numbers aside: the
    number in the anchor's place is the new value. None when they stand nowhere so."""
    skel = quote.skel
    if sum(1 for c in skel if c not in _MARKS and c not in _PUNCT) < MIN_CONTEXT:
        return None
    places: list[list[tuple[_Token, Any]]] = []
    whole: list[bool] = []
    at = notice.skel.find(skel)
    while at >= 0:
        found: list[tuple[_Token, Any]] = []
        for anchor in anchors:
            token = notice.token_at(at + anchor.skel)
            value = _value_of(old, token, shift) if token is not None and token.kind == anchor.kind else None
            if token is None or value is None or notice.former(token.skel) or not notice.in_scope(token.skel, scope):
                found = []
                break
            found.append((token, value))
        if found:
            places.append(found)
            whole.append(notice.starts_words(at))
        at = notice.skel.find(skel, at + 1)
    if not places:
        return None
    if any(whole) and not all(whole):
        # 市内支付比例的基础上降低 stands whole in one cell and inside 在市内支付比例的基础上降低 in the next
        places = [place for place, w in zip(places, whole, strict=True) if w]
    values = {repr(value) for place in places for _, value in place}
    if len(values) != 1:
        return None, "新通知中与上年原文相同的地方数值不同,无法确定"
    token, value = places[0][0]
    return _Hit(token, value, len(skel), 1.0, len(skel)), ""


def _number_proposal(
    path: str, fig: Mapping[str, Any], notice: _Text, shift: int, label_words: str, scope: _Scope = _Scope()
) -> tuple[_Hit | None, str]:
    old = fig.get("value")
    status = str(fig.get("status", "official"))
    quote_text = figure_quote(fig)
    words_text = quote_text or _heading_words(fig.get("cite"))
    if not words_text:
        return None, "上年的出处没有原文引语"
    quote = _Text(words_text)
    anchors = _anchors(quote, old) if quote_text else []
    if anchors:
        aligned = _aligned(notice, quote, anchors, old, shift, scope)
        if aligned is not None:
            return aligned
        if _tabular(quote):
            # a table quoted flat: its words beside a number are its neighbours' headers and rows,
            # so only the table standing as it stood (above) says which cell is this figure's
            return None, "上年原文是整张表,新通知中找不到原样的这张表,请自己填写"
        locator = _locator(fig)
        label = _bigrams(_Text(label_words).skel)
        chosen: list[_Hit] = []
        marks = [i for i, c in enumerate(quote.skel) if c in _MARKS]
        for anchor in anchors:
            # the words between the neighbouring numbers: in a table quoted row by row, its own cell
            before_mark = max((i for i in marks if i < anchor.skel), default=-1)
            after_mark = min((i for i in marks if i > anchor.skel), default=len(quote.skel))
            left = quote.skel[before_mark + 1 : anchor.skel]
            right = quote.skel[anchor.skel + 1 : after_mark] if not _cell_ends(quote, anchor) else ""
            # near words only: in a table quoted whole, the words further on are the next row's
            words = _bigrams(left[-16:]) | _bigrams(right[:8])
            text = left
            if len(words) < 2:
                if anchor.kind != "date":
                    # a number with no words of its own beside it (a table's cell) is found only
                    # where the whole quote stands as it stood (above), never by words elsewhere
                    return None, "上年原文中这个数值旁边没有自己的文字,新通知中找不到原样的位置"
                # the end of a date range (2024年1月1日—12月31日): the whole quote's words
                words, text = _bigrams(quote.skel), quote.skel
            query = _Query(
                kind=anchor.kind,
                words=frozenset(words),
                bonus=frozenset((locator | label) - words),
                left=left[-CONTEXT_CAP:],
                right=right[:CONTEXT_CAP],
                before=2 * min(len(left), 60) + 8,
                after=2 * min(len(right), 60) + 8,
                near=frozenset(_bigrams(left[-4:])),
                text=text,
                quote=quote.skel,
            )
            hit, why = _choose(_hits(notice, query, old, shift, scope), old, shift)
            if hit is None:
                return None, why
            chosen.append(hit)
        if len({repr(h.value) for h in chosen}) != 1:
            return None, "上年原文中这个数值出现多次,新通知中对应的数值不同"
        return chosen[0], ""
    kind = _kind_of(old)
    if kind is None:
        return None, "上年的数值不是数字或日期"
    if status not in ("official", "carried_over"):
        return None, "上年的数值不是通知原文(解读、沿用或外部依据),请对照新通知自己判断"
    if any(t.kind == kind or (kind == "money" and t.kind == "count") for t in quote.tokens):
        # the quote holds numbers of this kind but not the value: the figure is worked out from them
        return None, "上年原文引语中没有这个数值"
    words = _bigrams(quote.skel)
    span = len(quote.skel) + len(label_words) + 4
    query = _Query(
        kind=kind,
        words=frozenset(words),
        bonus=frozenset(_bigrams(_Text(label_words).skel) - words),
        text=quote.skel,
        quote=quote.skel,
        parts=tuple(p for p in (_Text(part).skel for part in words_text.split()) if len(p) >= 2),
        label=frozenset(_bigrams(_Text(label_words).skel)),
        before=span,
        after=4,  # the words name what follows them: a number before them is another's
        min_cover=0.75,
    )
    return _choose(_hits(notice, query, old, shift, scope), old, shift)


def _leaves(value: Any) -> list[tuple[int, str, Any]] | None:
    """A table of numbers (分段 bands, 年龄段 caps): a list of mappings whose fields are numbers or
    empty; its leaves as (row, field, value). None for anything else."""
    if not isinstance(value, list) or not value or not all(isinstance(row, Mapping) for row in value):
        return None
    leaves = []
    for i, row in enumerate(value):
        for key, leaf in row.items():
            if leaf is not None and _as_decimal(leaf) is None:
                return None
            leaves.append((i, str(key), leaf))
    return leaves


def _quote_parts(quote_text: str) -> list[_Text]:
    """The whole quote, then its sentences: a sentence of last year's quote may be reworded."""
    parts = [quote_text] + [p for p in re.split(r"(?<=[。;;])", quote_text) if p.strip() and p != quote_text]
    return [_Text(p) for p in parts]


def _structure_proposal(
    fig: Mapping[str, Any], notice: _Text, shift: int, scope: _Scope = _Scope()
) -> tuple[Any, _Token | None, str]:
    """A table of numbers, read only where the quote's words stand exactly as they stood: every
    number of it must be in the quote, and each takes the number now in its place."""
    old = fig["value"]
    leaves = _leaves(old) or []
    quote_text = figure_quote(fig)
    if not quote_text:
        return None, None, "上年的出处没有原文引语"
    for quote in _quote_parts(quote_text):
        new_rows = [dict(row) for row in old]
        first: _Token | None = None
        ok = True
        for i, key, leaf in leaves:
            if leaf is None:
                continue
            anchors = _anchors(quote, leaf)
            if not anchors:
                if _as_decimal(leaf) == 0:
                    continue  # the open lower end of a first band (2万元以内) is written nowhere
                ok = False
                break
            aligned = _aligned(notice, quote, anchors, leaf, shift, scope)
            if aligned is None or aligned[0] is None:
                ok = False
                break
            new_rows[i][key] = aligned[0].value
            first = first or aligned[0].token
        if ok and first is not None:
            return new_rows, first, ""
    return None, None, "上年原文引语中这张表的数字在新通知中找不到原样的位置,请自己填写"


def _split_items(run: str) -> list[str]:
    """A 、-separated enumeration, keeping ``慢性肝炎(中、重度)`` whole."""
    parts = run.split("、")
    items: list[str] = []
    for part in parts:
        if items and items[-1].count("(") > items[-1].count(")") and ")" in part[:10]:
            items[-1] += "、" + part
        else:
            items.append(part)
    return items


def _list_proposal(fig: Mapping[str, Any], notice: _Text) -> tuple[list[str] | None, tuple[int, int] | None, str]:
    """A list of names (banks, diseases, drugs) read from the enumeration that holds most of last year's."""
    old = [str(v) for v in fig["value"]]
    wanted = [_Text(v).text for v in old]
    if len(wanted) < 2 or any(len(w) < 2 for w in wanted):
        return None, None, "上年的数值不是可以在通知中逐项找到的名单"
    results: dict[str, tuple[list[str], tuple[int, int]]] = {}
    offset = 0
    for segment in re.split(r"(?<=[。;;!?])", notice.text):
        seg_start = offset
        offset += len(segment)
        if "、" not in segment or _FORMER.search(segment):
            continue
        items = _split_items(segment)
        if sum(1 for w in wanted if w in items or any(i.endswith(w) or i.startswith(w) for i in items)) < max(
            2, 0.6 * len(wanted)
        ):
            continue
        # the enumeration: from the first item that ends on one of last year's names to the last
        # that starts with one; the words before and after it are cut off there
        first = next((i for i, item in enumerate(items) if any(item.endswith(w) for w in wanted)), None)
        last = next((i for i in range(len(items) - 1, -1, -1) if any(items[i].startswith(w) for w in wanted)), None)
        if first is None or last is None or last <= first:
            continue
        run = items[first : last + 1]
        head = next(w for w in sorted(wanted, key=len, reverse=True) if run[0].endswith(w))
        tail = next(w for w in sorted(wanted, key=len, reverse=True) if run[-1].startswith(w))
        run[0], run[-1] = head, tail
        if any(len(item) > 40 or not item for item in run):
            continue
        start = seg_start + segment.index(head)
        end = seg_start + len(segment) - 1
        by_norm = dict(zip(wanted, old, strict=True))
        proposed = [by_norm.get(item, item) for item in run]
        results[repr(proposed)] = (proposed, (start, end))
    if not results:
        return None, None, "新通知中没有列出这些名称的句子"
    if len(results) > 1:
        return None, None, "新通知中有几处列举,内容不同,无法确定"
    proposed, span = next(iter(results.values()))
    return proposed, span, ""


def _text_proposal(fig: Mapping[str, Any], notice: _Text) -> tuple[bool, int | None, str]:
    """A text figure: proposed unchanged only when the new notice says it word for word."""
    old = _Text(str(fig["value"])).text
    if len(old) >= 6:
        at = notice.text.find(old)
        while at >= 0:
            start, end = notice.sentence(at)
            if not _FORMER.search(notice.original[start:end]):
                return True, at, ""
            at = notice.text.find(old, at + 1)
    return False, None, "文字内容请对照新通知改写"


def _nearest_sentence(old: str, notice: _Text) -> tuple[int, int] | None:
    """For a text figure the notice rewords: the sentence sharing most of its words (at least half,
    and clearly more than any other), as a hint where to read; None when no sentence stands out."""
    words = _bigrams(_Text(old).skel)
    if len(words) < 4:
        return None
    scores: dict[tuple[int, int], int] = {}
    for (s0, s1), sentence_words in notice.sentence_words().items():
        if not _FORMER.search(notice.skel, s0, s1):
            scores[(s0, s1)] = len(words & sentence_words)
    ranked = sorted(scores.items(), key=lambda item: -item[1])
    if not ranked or ranked[0][1] < len(words) / 2:
        return None
    if len(ranked) > 1 and ranked[1][1] > ranked[0][1] * 0.8:
        return None
    s0, _ = ranked[0][0]
    return notice.sentence(notice.skel_at[s0])


#: a category's premium parts and the words a notice names each by in its “筹资标准……其中:……”
#: sentence (“个人缴费标准” there is the medical part only; the list's “个人缴费730元/人” is the
#: total with 长护险, and is not read by this rule)
_PART_TERMS = {
    "funding_standard": ("筹资标准",),
    "government_subsidy": ("财政补助标准", "政府补助标准"),
    "medical_individual": ("个人缴费标准",),
}
_PART_PATH = re.compile(r"^premiums\.categories\.([^.\[]+)\.(" + "|".join(_PART_TERMS) + r")$")
_MONEY_AFTER = re.compile(r"(\d+(?:\.\d+)?)(万?)元")
_SPLIT_SENTENCE = re.compile(r"[。;;!?!?]")


def _part_proposal(part: str, label: str, others: Sequence[str], notice: _Text) -> tuple[Decimal, int, int] | None:
    """A category's funding standard, government subsidy or medical individual part read from the
    new notice's sentence for that category: ``“老年居民”筹资标准1950元/人,其中:财政补助标准1250元/人,
    个人缴费标准700元/人``. The sentence must name this category and no other, hold 筹资标准 before
    其中 and both parts after it, each term once; the figure is the amount right after its own term
    (so “个人缴费标准下降50元” is never read). Exactly one such sentence, else nothing."""
    text = notice.text
    found: list[tuple[Decimal, int, int]] = []
    start = 0
    for m in [*_SPLIT_SENTENCE.finditer(text), None]:
        end = m.start() if m is not None else len(text)
        sentence = text[start:end]
        at = start
        start = end + 1
        if label not in sentence or any(o and o not in label and o in sentence for o in others):
            continue
        head, sep, tail = sentence.partition("其中")
        if not sep or "其中" in tail or head.count("筹资标准") != 1 or "筹资标准" in tail:
            continue
        if sum(tail.count(t) for t in _PART_TERMS["government_subsidy"]) != 1:
            continue
        if tail.count("个人缴费标准") != 1 or _FORMER.search(sentence):
            continue
        hits = [(t, head if part == "funding_standard" else tail) for t in _PART_TERMS[part]]
        hits = [(t, where) for t, where in hits if t in where]
        if len(hits) != 1:
            continue
        term, where = hits[0]
        offset = at + (0 if where is head else len(head) + len(sep))
        pos = where.index(term) + len(term)
        money = _MONEY_AFTER.match(where, pos)
        if money is None:
            continue
        value = Decimal(money.group(1)) * (10000 if money.group(2) else 1)
        found.append((value, offset + money.start(1), offset + money.end(1)))
    if len(found) != 1:
        return None
    return found[0]


def _same_quote(fig: Mapping[str, Any], notice: _Text) -> tuple[int, int] | None:
    """Where the figure's whole quote (a full sentence of last year's notice, its own reading of it
    official) stands word for word, numbers included, once in the new notice; else None."""
    if str(fig.get("status", "official")) != "official" or fig.get("notice") is not None:
        return None
    quote = _Text(figure_quote(fig)).text
    if len(quote) < 12 or notice.text.count(quote) != 1:
        return None
    at = notice.text.index(quote)
    return at, at + len(quote)


_DISTRICT_PART = re.compile(r"^premiums\.categories\.([^.\[]+)\.(individual|individual_by_district\.[^.\[]+)$")
_CLAUSE_END = re.compile(r"[。;;!?!?]")
_CHANGE = re.compile(r"增加|下降|减少|提高|降低|上调|下调")


def _district_proposal(
    fig: Mapping[str, Any], own: Sequence[str], others: Sequence[str], districts: Sequence[str], notice: _Text
) -> tuple[Decimal, int, int] | None:
    """A category's individual contribution for some districts (last year's quote names the
    districts: ``武进区、……、常州经开区的非从业居民 930元/人``) read from the new notice's clause naming
    exactly the same districts: ``“非从业居民”武进区、……、常州经开区个人缴费880元/人;溧阳市、金坛区个人
    缴费为730元/人``. The category must be named in that clause or, if it names none, in the clause
    before it, and no other category there; the amount stands right after ``个人缴费`` (or
    ``个人缴费为``), the clause's only amount, no change word; exactly one such clause, else nothing."""
    if str(fig.get("status", "official")) != "official" or fig.get("notice") is not None:
        return None
    quote = _Text(figure_quote(fig)).text
    wanted = {d for d in districts if d in quote}
    if not wanted or not any(name in quote for name in own):
        return None
    text = notice.text
    clauses: list[tuple[int, str]] = []
    start = 0
    for m in [*_CLAUSE_END.finditer(text), None]:
        end = m.start() if m is not None else len(text)
        clauses.append((start, text[start:end]))
        start = end + 1
    found: list[tuple[Decimal, int, int]] = []
    for i, (at, clause) in enumerate(clauses):
        if {d for d in districts if d in clause} != wanted or _CHANGE.search(clause) or _FORMER.search(clause):
            continue
        named = clause if any(n in clause for n in (*own, *others)) else (clauses[i - 1][1] if i else "")
        if not any(n in named for n in own) or any(o not in own and o in named for o in others):
            continue
        if clause.count("个人缴费") != 1 or len(_MONEY_ANY.findall(clause)) != 1:
            continue
        money = _MONEY_AFTER.match(
            clause, clause.index("个人缴费") + len("个人缴费") + (1 if "个人缴费为" in clause else 0)
        )
        if money is None:
            continue
        value = Decimal(money.group(1)) * (10000 if money.group(2) else 1)
        found.append((value, at + money.start(1), at + money.end(1)))
    return found[0] if len(found) == 1 else None


_MONEY_ANY = re.compile(r"\d+(?:\.\d+)?万?元")


def _propose_one(
    path: str,
    label: str,
    fig: Mapping[str, Any],
    notice: _Text,
    shift: int,
    scope: _Scope = _Scope(),
    categories: Mapping[str, Sequence[str]] | None = None,
    districts: Sequence[str] = (),
) -> Proposal:
    from desktop.core.policy.labels import PART_LABELS

    old = fig.get("value")
    status = str(fig.get("status", "official"))
    quote_text = figure_quote(fig)

    def missing(note: str) -> Proposal:
        return Proposal(path, label, old, status, None, "", None, False, quote_text, None, note)

    def found(value: Any, norm_start: int, norm_end: int, note: str = "") -> Proposal:
        start, end = notice.sentence(norm_start)
        vspan = (notice.where[norm_start], notice.where[norm_end - 1] + 1)
        return Proposal(
            path, label, old, status, value, notice.original[start:end], (start, end), True, quote_text, vspan, note
        )

    if old is None:
        return missing("上年没有这个数值")
    if isinstance(old, list | tuple) and old and all(isinstance(v, str) for v in old) and _as_date(old) is None:
        items, span, why = _list_proposal(fig, notice)
        if items is None or span is None:
            same = _same_quote(fig, notice)
            if same is not None:
                # the list is last year's reading of a sentence the new notice words exactly alike
                return found(list(old), same[0], same[1], "新通知原文与上年相同,沿用上年的列法")
            return missing(why)
        return found(items, span[0], span[1] + 1)
    if isinstance(old, str) and _as_decimal(old) is None and _as_date(old) is None:
        ok, at, why = _text_proposal(fig, notice)
        if not ok or at is None:
            near = _nearest_sentence(str(old), notice)
            if near is None:
                return missing(why)
            start, end = near
            return Proposal(
                path,
                label,
                old,
                status,
                None,
                notice.original[start:end],
                (start, end),
                False,
                quote_text,
                None,
                "文字内容请对照新通知改写;这是新通知中最相近的句子",
            )
        return found(old, at, at + len(_Text(old).text), "新通知原文与上年相同")
    if _leaves(old) is not None:
        value, token, why = _structure_proposal(fig, notice, shift, scope)
        if token is None:
            return missing(why)
        return found(value, token.start, token.end)
    if _as_decimal(old) is None and _as_date(old) is None:
        return missing("这类数值(表格、分段、名单代码)请对照新通知自己填写")
    part = _PART_PATH.match(path)
    if part is not None and categories and part.group(1) in categories:
        own = categories[part.group(1)]
        others = [n for key, names in categories.items() if key != part.group(1) for n in names]
        read = None
        for name in own:
            read = read or _part_proposal(part.group(2), name, others, notice)
        if read is not None:
            value = _same_form(old, read[0])
            if value is not None:
                return found(value, read[1], read[2], "新通知中该类居民“筹资标准……其中”一句写明")
    last_key = re.split(r"[.\[]", path)[-1]
    hit, why = _number_proposal(path, fig, notice, shift, PART_LABELS.get(last_key, ""), scope)
    if hit is None:
        district_part = _DISTRICT_PART.match(path)
        if district_part is not None and categories and district_part.group(1) in categories:
            own = categories[district_part.group(1)]
            others = [n for key, names in categories.items() if key != district_part.group(1) for n in names]
            read = _district_proposal(fig, own, others, districts, notice)
            if read is not None:
                value = _same_form(old, read[0])
                if value is not None:
                    return found(value, read[1], read[2], "新通知中写明这几个区(市)该类居民个人缴费的一句")
        return missing(why)
    return found(hit.value, hit.token.start, hit.token.end)


def propose(base_doc: Mapping[str, Any], notice_text: str, new_year: int | None = None) -> list[Proposal]:
    """A proposal for every figure of ``base_doc`` (in document order), read from ``notice_text``.

    ``new_year`` is the year of the draft (default: the base year + 1); a date the notice writes
    without its year (``11月15日前``) is moved on by the same number of years as the base's.
    """
    from desktop.core.policy.labels import path_label
    from desktop.core.premium import CATEGORY_LABELS

    base_year = base_doc.get("policy_year")
    shift = 1
    if isinstance(base_year, int) and new_year is not None:
        shift = new_year - base_year
    notice = _Text(notice_text)
    scopes = _scopes(base_doc)
    names = {**CATEGORY_LABELS, **_names(base_doc)}
    categories = _category_names(base_doc)
    districts = [name for name, _ in _district_names(base_doc).values()]
    return [
        _propose_one(path, path_label(path, names), fig, notice, shift, scopes[path], categories, districts)
        for path, fig in iter_figures(base_doc)
    ]


def _category_names(doc: Mapping[str, Any]) -> dict[str, tuple[str, ...]]:
    """id → the category's full names (its label, and the program's own name) as a notice writes them."""
    from desktop.core.premium import CATEGORY_LABELS

    premiums = doc.get("premiums")
    cats = premiums.get("categories") if isinstance(premiums, Mapping) else None
    out: dict[str, tuple[str, ...]] = {}
    if isinstance(cats, Mapping):
        for key, cat in cats.items():
            names = [cat.get("label")] if isinstance(cat, Mapping) else []
            names.append(CATEGORY_LABELS.get(str(key)))
            out[str(key)] = tuple(dict.fromkeys(n for n in names if isinstance(n, str) and len(n) >= 2))
    return out


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
