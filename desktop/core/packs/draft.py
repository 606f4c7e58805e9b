"""The policy officer's draft of a new policy year (工具 → 制作政策包…), Qt-free.

A draft stands on the existing pieces: :func:`template.make_template` writes the next year's
document from a loaded year, :func:`document.check_policy_text` is the one check, and
:func:`packfile.build_pack` the one format. The draft holds that document, the new notice's
text, and one :class:`Row` per figure: last year's value and status beside the new value,
status, clause and quote, the proposal found in the notice, and whether the officer confirmed
it. Nothing counts until a row is confirmed; the document the draft writes carries the
confirmations (``confirmation:``), and ``pack check`` refuses a figure that was never confirmed
or was changed after it was.

The draft is saved as JSON (atomically) in the data folder as it is typed and read back at the
next start.
"""

from __future__ import annotations

import copy
import json
import re
import tempfile
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import asdict, dataclass, field, fields
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.core.atomic import atomic_write_text
from desktop.core.jsonsafe import loads_limited
from desktop.core.packs.document import NOT_CONFIRMED, UNFILLED_MARK, check_policy_text, figure_fingerprint
from desktop.core.packs.installed import data_dir
from desktop.core.packs.limits import PackError, read_capped
from desktop.core.policy.diff import section_label
from desktop.core.policy.frozen import PolicyYear as FrozenYear
from desktop.core.policy.labels import path_label
from desktop.core.policy.loader import Problem

if TYPE_CHECKING:  # pydantic and the models load where a draft is made or checked
    from desktop.core.packs.packfile import Pack
    from desktop.core.packs.signing import OfficeKey
    from desktop.core.policy.diff import Change
    from desktop.core.policy.model import PolicyYear

DRAFT_FORMAT = 1
DRAFT_NAME = "pack-draft.json"
#: a draft holds the notice text and an 842-line document: far below this
MAX_DRAFT_BYTES = 16 * 1024 * 1024
#: the new notice's text (the real ones are 15-16 KB)
MAX_NOTICE_CHARS = 2 * 1024 * 1024

#: the statuses a row may take, in the words the window uses (desktop.core.explain.STATUS_LABELS)
STATUSES = ("official", "carried_over", "interpretation", "outside_fact", "not_stated")
#: a figure the model allows but the year may leave out (a list item, an optional rule)
OMITTED = "omitted"
STATUS_WORDS = {
    "official": "通知原文",
    "carried_over": "沿用上年",
    "interpretation": "解读",
    "outside_fact": "外部依据",
    "not_stated": "通知未规定",
    OMITTED: "不列入",
}

#: how a row's value is typed, by the kind of figure
KIND_BY_CLASS = {
    "MoneyFig": "number",
    "RateFig": "rate",
    "IntFig": "int",
    "DateFig": "date",
    "TextFig": "text",
    "CapBasisFig": "text",
    "TextListFig": "lines",
    "RelationsFig": "lines",
    "DatesFig": "dates",
}

#: a row's quote, given as the new notice's words, that the notice's text does not hold
QUOTE_NOT_IN_NOTICE = "“原文”在新通知中找不到:原文须与通知一字不差(空格换行除外);请在右上方的通知里选中那句话"

#: the source named by a problem with what the officer typed (before the document is checked)
_TYPED = "草稿数值"

#: the kind of a row that is not a figure (a list of channels, a category's name): no status
ITEM = "item:"

#: the parts of a document the editor does not show as rows (its header fields, notices, readings)
_NOT_ROWS = frozenset(
    ("schema_version", "policy_year", "data_version", "notice_id", "notices", "readings", "confirmation")
)


class DraftError(Exception):
    """A draft that cannot be read, written or built; ``reason`` is Chinese."""

    def __init__(self, reason: str, problems: Sequence[Problem] = ()):
        super().__init__(reason)
        self.reason = reason
        self.problems = list(problems)


@dataclass
class Row:
    """One figure of the draft: last year beside this year, and whether the officer confirmed it."""

    path: str
    section: str
    label: str
    kind: str
    old_value: str
    old_status: str  # a STATUSES key, or OMITTED when the base year has no such figure
    value: str
    status: str
    clause: str = ""
    quote: str = ""
    reason: str = ""
    notice: str | None = None
    reading: int | None = None
    carried_from: int | None = None
    outside_source: str = ""
    optional: bool = False
    confirmed: bool = False
    #: the proposal from the new notice: its value (None: 未找到) and sentence with its place
    proposed: str | None = None
    sentence: str = ""
    span: tuple[int, int] | None = None
    proposal_made: bool = False
    #: why nothing was proposed, or what to check (the finder's words)
    note: str = ""

    @property
    def found(self) -> bool:
        return self.proposed is not None


@dataclass
class Draft:
    """A new policy year in the making; see the module docstring."""

    year: int
    data_version: str
    base_year: int
    base_version: str
    base_notice: str
    template: str  # the document (YAML) the rows are written into
    rows: list[Row]
    readings: list[dict[str, Any]]
    dropped_readings: list[int] = field(default_factory=list)
    notice: dict[str, str] = field(default_factory=dict)  # title, issuer, issued, file
    notice_text: str = ""
    notice_file: str = ""
    correcting: bool = False

    # ------------------------------------------------------------ making a draft

    @classmethod
    def next_year(cls, base: FrozenYear) -> Draft:
        """A draft of the year after ``base`` (the existing ``pack template``), every row unconfirmed."""
        from desktop.core.packs.template import make_template

        return cls._from_document(make_template(base), base, correcting=False)

    @classmethod
    def correction(cls, base: FrozenYear) -> Draft:
        """A draft correcting ``base`` itself (a bundled year, an installed or a chosen pack): the next data version."""
        from desktop.core.packs.template import policy_to_yaml
        from desktop.core.policy.freeze import thaw
        from desktop.core.policy.model import Confirmation

        model = thaw(base)
        number = int(base.data_version.split(".")[1]) + 1
        model = model.model_copy(
            update={
                "data_version": f"{base.policy_year}.{number}",
                "confirmation": Confirmation(base=base.data_version),
            }
        )
        return cls._from_document(policy_to_yaml(model), base, correcting=True)

    @classmethod
    def from_pack(cls, pack: Pack) -> Draft:
        return cls.correction(pack.policy)

    @classmethod
    def _from_document(cls, text: str, base: FrozenYear, correcting: bool) -> Draft:
        from desktop.core.policy.snapshot import iter_figures

        plain = _load(text)
        base_figures = dict(iter_figures(base))
        rows = []
        for path, kind, optional in _figure_slots(plain):
            old = base_figures.get(path)
            new = _get(plain, path)
            row = Row(
                path=path,
                section=section_label(path),
                label=_label(path),
                kind=kind,
                old_value=_value_text(_plain_of(old.value), kind) if old is not None else "",
                old_status=old.status if old is not None else OMITTED,
                value="",
                status=OMITTED,
                optional=optional,
            )
            if kind.startswith(ITEM):
                row.old_value = row.value = _value_text(new, kind[len(ITEM) :])
                row.old_status = row.status = ""
            elif old is not None:
                _start_from_base(row, old, base, correcting, new)
            rows.append(row)
        notice = (
            plain["notices"][0]
            if not correcting
            else next(n for n in plain["notices"] if n["id"] == plain["notice_id"])
        )
        return cls(
            year=plain["policy_year"],
            data_version=plain["data_version"],
            base_year=base.policy_year,
            base_version=base.data_version,
            base_notice=base.notice_id,
            template=text,
            rows=rows,
            readings=[_reading_of(r) for r in plain.get("readings") or []],
            notice={
                k: "" if notice.get(k) is None else str(notice.get(k)) for k in ("title", "issuer", "issued", "file")
            },
            correcting=correcting,
        )

    # ------------------------------------------------------------ the notice and the proposals

    def set_notice_text(self, text: str, file_name: str = "") -> None:
        if len(text) > MAX_NOTICE_CHARS:
            raise DraftError(f"通知文本过长(超过 {MAX_NOTICE_CHARS // 1024 // 1024} MB 字符),不像是一份通知")
        self.notice_text = text
        self.notice_file = file_name
        if file_name and (not self.notice.get("file") or UNFILLED_MARK in self.notice.get("file", "")):
            self.notice["file"] = file_name
        title = notice_title_in(text)
        if title and (not self.notice.get("title") or UNFILLED_MARK in self.notice.get("title", "")):
            self.notice["title"] = title

    def propose(self, base: FrozenYear) -> int:
        """Each figure's value and sentence found in the notice (unconfirmed); the number found.

        ``base`` is the year the draft was made from (:func:`base_year_of`).
        """
        found = 0
        by_path = {_attr(p, "path", ""): p for p in _proposals(base, self.notice_text, self.year)}
        for row in self.rows:
            if row.confirmed or row.kind.startswith(ITEM):
                continue
            proposal = by_path.get(row.path)
            row.proposal_made = True
            row.proposed = None
            row.sentence, row.span, row.note = "", None, ""
            if proposal is None:
                continue
            row.note = str(_attr(proposal, "note", "") or "")
            # the sentence is shown even with 未找到 when the notice has a related one (it says so)
            row.sentence = str(_attr(proposal, "sentence", "") or "")
            span = _attr(proposal, "span", None)
            row.span = (int(span[0]), int(span[1])) if span else None
            value = _attr(proposal, "proposed", None)
            if not _attr(proposal, "found", False) or value is None:
                continue
            row.proposed = _value_text(_plain_of(value), row.kind)
            found += 1
            self.take_proposal(row)
        return found

    def take_proposal(self, row: Row) -> None:
        """The proposal as the row's new value (still unconfirmed): the notice's own figure and sentence."""
        if row.proposed is None:
            return
        self.edit(row, value=row.proposed)
        self.set_status(row, "official")
        # the new notice's own sentence and clause: last year's (which the row held) are another
        # notice's, so where the notice gives none the fields are left empty for the officer
        clause = clause_for(self.notice_text, row.span[0]) if row.span is not None else ""
        self.edit(row, quote=notice_words(row.sentence, self.notice_text), clause=clause)

    # ------------------------------------------------------------ editing rows

    def row(self, path: str) -> Row:
        for row in self.rows:
            if row.path == path:
                return row
        raise KeyError(path)

    def edit(self, row: Row, **changes: Any) -> None:
        """Change a row's fields; any change to what it says voids its confirmation."""
        names = {f.name for f in fields(Row)}
        for name, value in changes.items():
            if name not in names:
                raise KeyError(name)
            if getattr(row, name) != value:
                setattr(row, name, value)
                row.confirmed = False

    def set_status(self, row: Row, status: str) -> None:
        """The row's status, with the fields that status needs (a carried figure names its year)."""
        if row.kind.startswith(ITEM) or (status not in STATUSES and not (status == OMITTED and row.optional)):
            raise DraftError(f"{row.label}:不能设为“{STATUS_WORDS.get(status, status)}”")
        changes: dict[str, Any] = {"status": status}
        if status == "official":
            changes.update(notice=None, carried_from=None, outside_source="")
            if row.reason and row.status != "official":
                changes["reason"] = ""
        elif status == "carried_over":
            changes.update(carried_from=self.base_year if not self.correcting else row.carried_from or self.base_year)
            if row.notice is None and row.status == "official" and not self.correcting:
                changes["notice"] = self.base_notice
            if not row.reason:
                changes["reason"] = f"{self.year}年度通知未重述,沿用{self.base_year}年度"
        elif status == "not_stated":
            changes.update(value="", carried_from=None)
            if not row.reason:
                changes["reason"] = f"{self.year}年度通知未规定"
        if status != "carried_over" and "carried_from" not in changes:
            changes["carried_from"] = None
        if status != "outside_fact" and "outside_source" not in changes:
            changes["outside_source"] = ""
        self.edit(row, **changes)

    def confirm(self, row: Row, confirmed: bool = True) -> None:
        row.confirmed = confirmed

    @property
    def progress(self) -> tuple[int, int]:
        return sum(r.confirmed for r in self.rows), len(self.rows)

    def rows_on_reading(self, number: int) -> list[Row]:
        return [r for r in self.rows if r.reading == number]

    def reading(self, number: int | None) -> dict[str, Any] | None:
        return next((r for r in self.readings if r.get("id") == number), None) if number is not None else None

    def set_reading(self, number: int, **changes: Any) -> None:
        """Rewrite a reading (title, quotes, note, reading, alternatives, depends_on), or add it when new.

        ``quotes`` are the notices' words it reads, each ``{"notice": id or None, "clause": …,
        "quote": …}`` (a quote without a notice is the new notice's); ``note`` what the notices
        say or leave out in the program's words (never shown as a quote).
        """
        reading = self.reading(number)
        if reading is None:
            reading = {
                "id": number,
                "title": "",
                "quotes": [],
                "note": "",
                "reading": "",
                "alternatives": [],
                "depends_on": [],
            }
            self.readings.append(reading)
            self.readings.sort(key=lambda r: int(r["id"]))
        for name, value in changes.items():
            if name not in _READING_FIELDS:
                raise KeyError(name)
            if name == "quotes":
                value = [_quote_plain(q) for q in value]
            reading[name] = list(value) if isinstance(value, tuple) else value
        if number in self.dropped_readings:
            self.dropped_readings.remove(number)
        for row in self.rows_on_reading(number):
            row.confirmed = False

    def own_notice_id(self) -> str:
        """The id of the new notice (the document's own): a quote naming no notice is its words."""
        return str(self._template_data().get("notice_id") or "")

    def notice_names(self) -> dict[str, str]:
        """The short name of each notice the document lists, by id (the window names a quote's notice)."""
        return {str(n["id"]): str(n.get("short") or n["id"]) for n in self._template_data().get("notices") or []}

    def reading_quotes(self, number: int) -> list[dict[str, Any]]:
        """The quotes of reading ``number`` (copies: change them with :meth:`set_reading_quote`)."""
        reading = self.reading(number)
        return [dict(q) for q in (reading or {}).get("quotes") or []]

    def add_reading_quote(self, number: int, quote: str, clause: str = "", notice: str | None = None) -> int:
        """Another quote for reading ``number`` (the new notice's words unless ``notice`` names another); its index."""
        quotes = self.reading_quotes(number)
        quotes.append({"notice": notice, "clause": clause.strip(), "quote": quote.strip()})
        self.set_reading(number, quotes=quotes)
        return len(quotes) - 1

    def add_reading_quote_from_notice(self, number: int, start: int, end: int) -> int:
        """The new notice's words at ``start:end`` as a quote of reading ``number``, with the clause
        they stand in; its index."""
        words = self.notice_text[start:end].strip()
        return self.add_reading_quote(number, words, clause_for(self.notice_text, start))

    def set_reading_quote(self, number: int, index: int, **changes: Any) -> None:
        """Change one quote of a reading (``clause``, ``quote`` or ``notice``)."""
        quotes = self.reading_quotes(number)
        for name, value in changes.items():
            if name not in ("notice", "clause", "quote"):
                raise KeyError(name)
            quotes[index][name] = (value or None) if name == "notice" else value
        self.set_reading(number, quotes=quotes)

    def remove_reading_quote(self, number: int, index: int) -> None:
        quotes = self.reading_quotes(number)
        del quotes[index]
        self.set_reading(number, quotes=quotes)

    def new_reading(self, row: Row, title: str, reading: str, note: str = "") -> int:
        """A new reading of the new notice, with ``row`` resting on it; its number.

        The row's own quote (with its clause and notice) is the reading's first quote; ``note``
        says what the notices leave out, in the program's words.
        """
        number = max((int(r["id"]) for r in self.readings), default=0) + 1
        words = title.strip()
        quotes = (
            [{"notice": row.notice, "clause": row.clause.strip(), "quote": row.quote.strip()}]
            if row.quote.strip()
            else []
        )
        self.set_reading(
            number,
            title=words if words.startswith("解读:") else f"解读:{words}",
            reading=reading.strip(),
            quotes=quotes,
            note=note.strip(),
            depends_on=[row.label],
        )
        self.edit(row, reading=number)
        return number

    def drop_reading(self, number: int, dropped: bool = True) -> None:
        """Drop a reading (the figures resting on it no longer name it; they must be confirmed again)."""
        if dropped and number not in self.dropped_readings:
            self.dropped_readings.append(number)
        elif not dropped and number in self.dropped_readings:
            self.dropped_readings.remove(number)
        for row in self.rows_on_reading(number):
            row.confirmed = False

    def add_list_item(self, after: Row) -> Row:
        """Another item of the list ``after`` belongs to (the notice's reminders, say), to be filled."""
        match = re.fullmatch(r"(.*)\[(\d+)\]", after.path)
        if match is None:
            raise DraftError(f"{after.label}不是列表中的一项,不能在其后添加")
        head = match.group(1)
        siblings = [r for r in self.rows if re.fullmatch(re.escape(head) + r"\[\d+\]", r.path)]
        number = max(int(re.search(r"\[(\d+)\]$", r.path).group(1)) for r in siblings) + 1  # type: ignore[union-attr]
        row = Row(
            path=f"{head}[{number}]",
            section=after.section,
            label=_label(f"{head}[{number}]"),
            kind=after.kind,
            old_value="",
            old_status=OMITTED,
            value="",
            status="official",
            optional=True,
        )
        self.rows.insert(self.rows.index(siblings[-1]) + 1, row)
        return row

    # ------------------------------------------------------------ the document

    def _template_data(self) -> dict[str, Any]:
        """The template document as data, read once (not to be changed: :meth:`_plain` copies it)."""
        cached = getattr(self, "_template_plain", None)
        if cached is None or cached[0] is not self.template:
            cached = (self.template, _load(self.template))
            object.__setattr__(self, "_template_plain", cached)
        data: dict[str, Any] = cached[1]
        return data

    def _plain(self) -> tuple[dict[str, Any], list[Problem]]:
        """The document as plain data, and the values that could not be read (at their row)."""
        plain = copy.deepcopy(self._template_data())
        plain["data_version"] = self.data_version
        problems: list[Problem] = []
        # a list of figures (the notice's reminders) is written whole, in the rows' order, without
        # the items left out
        lists: dict[str, list[Any]] = {}
        for row in self.rows:
            match = _LIST_ITEM.fullmatch(row.path)
            if match is not None:
                lists.setdefault(match.group(1), [])
        for head in lists:
            _put(plain, head, lists[head])
        for row in self.rows:
            match = _LIST_ITEM.fullmatch(row.path)
            if row.status == OMITTED:
                if match is None:
                    _delete(plain, row.path)
                continue
            item = row.kind.startswith(ITEM)
            if item and row.optional and not row.value.strip():
                # an optional part left empty (the district list's own notice, when it is the year's
                # own) is left out of the document, as the model allows
                _delete(plain, row.path)
                continue
            try:
                if item:
                    value = parse_value(row.value, row.kind[len(ITEM) :])
                else:
                    value = None if row.status == "not_stated" else parse_value(row.value, row.kind)
            except ValueError as exc:
                problems.append(Problem(_TYPED, row.path, str(exc)))
                continue
            written = value if item else self._figure(row, value)
            if match is not None:
                lists[match.group(1)].append(written)
            else:
                _put(plain, row.path, written)
        notices = plain["notices"]
        own = next(n for n in notices if n["id"] == plain["notice_id"])
        for key in ("title", "issuer", "file"):
            own[key] = self.notice.get(key, "").strip() or own.get(key, "")
        issued = self.notice.get("issued", "").strip()
        if issued:
            try:
                from desktop.core.inputs import parse_date

                own["issued"] = parse_date(issued)
            except ValueError as exc:
                problems.append(Problem("草稿", "notices[0].issued", f"发文日期:{exc}"))
        else:
            own.pop("issued", None)
        kept = [r for r in self.readings if r["id"] not in self.dropped_readings]
        plain["readings"] = [_reading_plain(r) for r in kept]
        return plain, problems

    def _figure(self, row: Row, value: Any) -> dict[str, Any]:
        fig: dict[str, Any] = {"value": value}
        if row.status != "official":
            fig["status"] = row.status
        fig["cite"] = row.clause.strip()
        if row.quote.strip():
            fig["quote"] = row.quote.strip()
        if row.notice:
            fig["notice"] = row.notice
        if row.reason.strip():
            fig["reason"] = row.reason.strip()
        if row.reading is not None and row.reading not in self.dropped_readings:
            fig["reading"] = row.reading
        if row.status == "carried_over" and row.carried_from is not None:
            fig["carried_from"] = row.carried_from
        if row.status == "outside_fact" and row.outside_source.strip():
            fig["outside_source"] = row.outside_source.strip()
        return fig

    def document(self) -> str:
        """The document as YAML, with the officer's confirmations recorded (figure by figure)."""
        return self._finish()[0]

    def _finish(self, record: bool = True) -> tuple[str, PolicyYear | None, list[Problem]]:
        """The document, the year it parses to and every problem; with ``record`` the officer's
        confirmations are written into it and checked too (a second pass: the fingerprints are
        of the figures as the model reads them)."""
        plain, problems = self._plain()
        plain["confirmation"] = {"base": self.base_version, "figures": {}}
        text = _dump(plain)
        policy, found = check_policy_text(text, "草稿")
        if policy is not None and record:
            from desktop.core.policy.model import iter_figures

            confirmed = {r.path for r in self.rows if r.confirmed}
            plain["confirmation"]["figures"] = {
                path: figure_fingerprint(fig) for path, fig in iter_figures(policy) if path in confirmed
            }
            text = _dump(plain)
            policy, found = check_policy_text(text, "草稿")
        return text, policy, problems + found

    def avoid_versions(self, taken: Collection[str]) -> None:
        """A new draft's data version moved past the ones this PC already has for the year."""
        while self.data_version in taken:
            year, _, number = self.data_version.partition(".")
            self.data_version = f"{year}.{int(number) + 1}"

    def check(self, taken: Collection[str] = ()) -> Check:
        """The same checks as ``pack check``, each problem at its row; and the rows still unconfirmed.

        ``taken``: the data versions of this year already on the PC (bundled or installed); a
        pack with one of them could never be installed beside it.
        """
        _, policy, problems = self._finish(record=False)
        by_row: dict[str, list[str]] = {}
        general: list[str] = []
        if self.data_version in taken:
            number = max((int(v.split(".")[1]) for v in taken if v.split(".")[-1].isdigit()), default=0) + 1
            general.append(
                f"数据版本:{self.data_version} 已被本机的 {self.year} 年度数据使用,"
                f"同一版本号只能对应一份数据;请改用新的版本号(如 {self.year}.{number})"
            )
        paths = sorted((r.path for r in self.rows), key=len, reverse=True)
        written = [r for r in self.readings if r["id"] not in self.dropped_readings]
        for problem in problems:
            if problem.message == NOT_CONFIRMED:
                continue  # shown as the row's confirmation, not as a problem
            path = next((p for p in paths if problem.field == p or problem.field.startswith((p + ".", p + "["))), None)
            message = window_words(problem)
            if path is not None:
                part = _ROW_PARTS.get(problem.field[len(path) :])
                if part and part not in message:  # "不能为空" says which field of the row
                    message = f"{part}:{message}"
            if path is None:
                general.append(_general_message(problem, message, written))
            else:
                by_row.setdefault(path, []).append(message)
        for path, message in self._quotes_not_in_notice():
            if path:
                by_row.setdefault(path, []).append(message)
            else:
                general.append(message)
        # a value that cannot be read is the row's one problem (the rest is about the old value left in its place)
        for problem in problems:
            if problem.file == _TYPED and problem.field in by_row:
                by_row[problem.field] = [problem.message]
        unconfirmed = [r.path for r in self.rows if not r.confirmed]
        return Check(policy is not None, by_row, general, unconfirmed)

    def _quotes_not_in_notice(self) -> list[tuple[str, str]]:
        """The quotes given as the new notice's words (a row's, a reading's without another notice)
        that do not stand in the notice text the draft holds: (row path, or "" for a reading; the
        message). Nothing is checked before the notice's text is in the draft; a quote of another
        notice (last year's) cannot be checked here."""
        from desktop.core.policy.quotes import occurs_in

        text = self.notice_text
        if not text.strip():
            return []
        own = self.own_notice_id()
        found: list[tuple[str, str]] = []
        for row in self.rows:
            quote = row.quote.strip()
            if (
                quote
                and row.status != OMITTED
                and not row.kind.startswith(ITEM)
                and row.notice in (None, "", own)
                and not occurs_in(quote, text)
            ):
                found.append((row.path, QUOTE_NOT_IN_NOTICE))
        for reading in self.readings:
            if reading["id"] in self.dropped_readings:
                continue
            for i, q in enumerate(reading.get("quotes") or [], start=1):
                words = str(q.get("quote") or "").strip()
                if words and q.get("notice") in (None, "", own) and not occurs_in(words, text):
                    found.append(
                        (
                            "",
                            f"解读 {reading['id']}:所读原文第 {i} 条在新通知中找不到(原文须与通知一字不差);"
                            "请在右上方的通知里选中那段话加入,或注明它出自哪份通知",
                        )
                    )
        return found

    def changes(self, base: FrozenYear) -> list[Change]:
        """What the draft changes against its base year (the 政策 tab's year diff)."""
        from desktop.core.policy.diff import diff_years
        from desktop.core.policy.freeze import freeze

        _, policy, _ = self._finish()
        if policy is None:
            return []
        return diff_years(base, freeze(policy))

    def build(self, out: Path, key: OfficeKey | None = None, taken: Collection[str] = ()) -> Pack:
        """The .czpack, signed with the office's ``key``: refused while a row is unconfirmed or any
        check fails (the one build of ``pack build``); ``taken`` as for :meth:`check`."""
        from desktop.core.packs.packfile import build_pack

        result = self.check(taken)
        if result.unconfirmed:
            raise DraftError(f"还有 {len(result.unconfirmed)} 项没有核对确认,不能生成政策包")
        if not result.clean:
            raise DraftError("草稿还有问题没有改正,不能生成政策包")
        with tempfile.TemporaryDirectory(prefix="czdesk-draft-") as folder:
            doc = Path(folder) / "policy.yaml"
            doc.write_text(self.document(), encoding="utf-8")
            try:
                return build_pack(doc, out, key=key)
            except PackError as exc:
                raise DraftError(exc.reason, exc.problems) from None

    # ------------------------------------------------------------ saving

    def to_json(self) -> str:
        data = asdict(self)
        data["format"] = DRAFT_FORMAT
        return json.dumps(data, ensure_ascii=False, indent=1)

    @classmethod
    def from_json(cls, text: str) -> Draft:
        try:
            data = loads_limited(text, max_bytes=MAX_DRAFT_BYTES)
            if not isinstance(data, dict) or data.pop("format", None) != DRAFT_FORMAT:
                raise ValueError
            rows = []
            for r in data.pop("rows"):
                if r.get("span") is not None:
                    r["span"] = tuple(r["span"])
                rows.append(Row(**r))
            data["readings"] = [_reading_of(_older_reading(r)) for r in data.pop("readings")]
            return cls(rows=rows, **data)
        except (ValueError, TypeError, KeyError, AttributeError, RecursionError):
            raise DraftError("草稿文件已损坏或不是本程序的草稿,无法读取") from None

    def save(self, path: Path | None = None) -> Path:
        """Write the draft atomically (the window calls this as the officer types)."""
        target = path or default_path()
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            atomic_write_text(target, self.to_json())
        except OSError as exc:
            from desktop.core.errors import os_reason

            raise DraftError(f"草稿没有保存:{os_reason(exc)}({target})") from None
        return target

    @classmethod
    def load(cls, path: Path | None = None) -> Draft:
        source = path or default_path()
        try:
            raw = read_capped(source, MAX_DRAFT_BYTES, "草稿文件")
        except PackError as exc:
            raise DraftError(exc.reason) from None
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise DraftError("草稿文件不是 UTF-8 编码,无法读取") from None
        return cls.from_json(text)


@dataclass(frozen=True)
class Check:
    """What :meth:`Draft.check` found."""

    parsed: bool
    by_row: dict[str, list[str]]
    general: list[str]
    unconfirmed: list[str]

    @property
    def clean(self) -> bool:
        return self.parsed and not self.by_row and not self.general

    @property
    def count(self) -> int:
        return sum(len(v) for v in self.by_row.values()) + len(self.general)


def _load(text: str) -> Any:
    import yaml

    loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(text, Loader=loader)  # noqa: S506 - a safe loader, libyaml's when present


def _dump(plain: dict[str, Any]) -> str:
    import yaml

    dumper: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return str(yaml.dump(plain, Dumper=dumper, allow_unicode=True, sort_keys=False, width=120))


def default_path() -> Path:
    return data_dir() / DRAFT_NAME


# ---------------------------------------------------------------- values as the officer types them


def _plain_of(value: Any) -> Any:
    """A frozen value as YAML-ready data (Decimal as text, records as mappings)."""
    from desktop.core.policy.record import Record

    if isinstance(value, Record):
        return {name: _plain_of(getattr(value, name)) for name in type(value)._fields}
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (tuple, list)):
        return [_plain_of(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain_of(v) for k, v in value.items()}
    return value


def _value_text(value: Any, kind: str) -> str:
    """A value as the officer reads and types it: one line per item of a list, a rate as a percentage."""
    if value is None:
        return ""
    if kind == "rate":
        pct = (Decimal(str(value)) * 100).normalize()
        return f"{pct:f}%"
    if kind in ("lines", "dates") and isinstance(value, list):
        return "\n".join(str(v) for v in value)
    if kind == "data":
        import yaml

        return str(
            yaml.safe_dump(value, allow_unicode=True, default_flow_style=None, sort_keys=False, width=100)
        ).strip()
    return str(value)


def parse_value(text: str, kind: str) -> Any:
    """What the officer typed as the document's value; ValueError in Chinese when it cannot be read."""
    from desktop.core.inputs import parse_date

    raw = text.strip()
    if not raw:
        raise ValueError("请填写数值;通知没有规定的,把状态改为“通知未规定”")
    if kind in ("number", "rate"):
        cleaned = raw.replace(",", "").replace(",", "").replace("元", "").strip()
        percent = cleaned.endswith(("%", "%"))
        cleaned = cleaned.removesuffix("%").removesuffix("%").strip()
        try:
            number = Decimal(cleaned)
        except InvalidOperation:
            raise ValueError(f"“{raw}”不是数字") from None
        if not number.is_finite():
            raise ValueError(f"“{raw}”不是数字")
        if kind == "rate":
            if percent or number > 1:
                number = number / 100
            if not Decimal(0) <= number <= 1:
                raise ValueError(f"比例“{raw}”应在 0% 到 100% 之间")
            # two places at least: a rate is told from an amount by its decimals (explain.describe_value)
            cents = number.quantize(Decimal("0.01"))
            return f"{cents if cents == number else number.normalize():f}"
        return f"{number:f}"
    if kind == "int":
        try:
            return int(raw)
        except ValueError:
            raise ValueError(f"“{raw}”不是整数") from None
    if kind == "date":
        return parse_date(raw)
    if kind == "lines":
        return [line.strip() for line in raw.splitlines() if line.strip()]
    if kind == "dates":
        return [parse_date(part) for part in re.split(r"[\s、,,]+", raw) if part]
    if kind == "data":
        import yaml

        try:
            return _load(raw)
        except yaml.YAMLError:
            raise ValueError("格式不对:请按上年的写法填写(每项一行,冒号后写数值)") from None
    return raw


# ---------------------------------------------------------------- paths into the document

_LIST_ITEM = re.compile(r"(.*)\[(\d+)\]")
_SEGMENT = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def _segments(path: str) -> list[str | int]:
    return [int(m.group(2)) if m.group(2) is not None else m.group(1) for m in _SEGMENT.finditer(path)]


def _key(container: Any, seg: str | int) -> Any:
    if isinstance(container, dict) and seg not in container and isinstance(seg, str) and seg.isdigit():
        return int(seg)
    return seg


def _get(plain: Any, path: str) -> Any:
    node = plain
    for seg in _segments(path):
        try:
            node = node[_key(node, seg)]
        except (KeyError, IndexError, TypeError):
            return None
    return node


def _put(plain: dict[str, Any], path: str, value: Any) -> None:
    segs = _segments(path)
    node: Any = plain
    for seg in segs[:-1]:
        key = _key(node, seg)
        if isinstance(node, dict) and key not in node:
            node[key] = {}
        node = node[key]
    last = _key(node, segs[-1])
    if isinstance(node, list):
        assert isinstance(last, int)
        if last < len(node):
            node[last] = value
        else:
            node.append(value)
    else:
        node[last] = value


def _delete(plain: dict[str, Any], path: str) -> None:
    segs = _segments(path)
    node = _get(plain, ".".join(str(s) for s in segs[:-1])) if len(segs) > 1 else plain
    if node is None:
        parent_path = path[: path.rfind("[")] if path.endswith("]") else path.rsplit(".", 1)[0]
        node = _get(plain, parent_path)
    last = segs[-1]
    if isinstance(node, list) and isinstance(last, int) and last < len(node):
        del node[last]
    elif isinstance(node, dict):
        node.pop(_key(node, last), None)


def _figure_slots(plain: dict[str, Any]) -> list[tuple[str, str, bool]]:
    """Every figure the model allows in a year, in document order: (path, kind, may be left out).

    The figures present in the document, plus the optional ones the base year leaves out (a rule
    a later notice may add) and the items of lists of figures (which may grow or shrink). The
    parts of a section that are not figures (who may enrol, the registration and payment
    channels, a category's name) are rows of kind "item:<kind>": written as they are, no status.
    """
    from pydantic import BaseModel

    from desktop.core.policy.model import Figure, PolicyYear

    slots: list[tuple[str, str, bool]] = []

    def kind_of(cls: type) -> str:
        for klass in cls.__mro__:
            if klass.__name__ in KIND_BY_CLASS:
                return KIND_BY_CLASS[klass.__name__]
        return "data"

    def walk(model: type[BaseModel], data: Any, where: str) -> None:
        for name, info in model.model_fields.items():
            path = f"{where}.{name}" if where else name
            sub = data.get(name) if isinstance(data, dict) else None
            ann = info.annotation
            args: tuple[Any, ...] = tuple(getattr(ann, "__args__", ()) or ())
            options = [a for a in (ann, *args) if isinstance(a, type)]
            origin = getattr(ann, "__origin__", None)
            fig = next((a for a in options if issubclass(a, Figure)), None)
            if origin not in (tuple, dict) and fig is not None:
                if sub is not None or not info.is_required():
                    slots.append((path, kind_of(fig), not info.is_required()))
                continue
            nested = next((a for a in options if issubclass(a, BaseModel)), None)
            if origin not in (tuple, dict) and nested is not None:
                if isinstance(sub, dict):
                    walk(nested, sub, path)
                continue
            if origin is tuple and args and isinstance(args[0], type) and issubclass(args[0], Figure):
                for i, _ in enumerate(sub or []):
                    slots.append((f"{path}[{i}]", kind_of(args[0]), True))
                continue
            if origin is dict and len(args) == 2 and isinstance(args[1], type) and isinstance(sub, dict):
                value_type = args[1]
                if issubclass(value_type, (Figure, BaseModel)):
                    for key, value in sub.items():
                        if issubclass(value_type, Figure):
                            slots.append((f"{path}.{key}", kind_of(value_type), False))
                        else:
                            walk(value_type, value, f"{path}.{key}")
                    continue
            if name in _NOT_ROWS:
                continue
            if where and sub is not None:  # not a figure: written as it is
                slots.append((path, ITEM + ("text" if isinstance(sub, str) else "data"), not info.is_required()))

    body = {k: v for k, v in plain.items() if k not in _NOT_ROWS}
    walk(PolicyYear, body, "")
    return slots


#: the parts of a section that are not figures, by their last name in the path
_ITEM_NAMES = {
    "label": "类别名称",
    "scope_requires": "参保范围条件",
    "eligibility_groups": "参保对象",
    "registration_channels": "参保登记方式",
    "registration_cite": "参保登记条款",
    "payment_channels": "缴费方式",
    "payment_cite": "缴费方式条款",
    "debit_dates_label": "扣款日说明",
    "fact": "说明",
    "receipt_channels": "缴费凭证查询",
    "receipt_cite": "缴费凭证条款",
    "applies_to_broken_in_period": "断保人员适用",
    "column_of": "类别对应的待遇列",
    # the district list and the category names (data of the year, not figures): their own parts
    "items": "区(市)名单(编号、名称、名册别名)",
    "aliases": "名册里的别名",
    "status": "来源状态",
    "cite": "条款",
    "quote": "原文",
    "notice": "出自通知",
    "reason": "理由",
}


def _label(path: str) -> str:
    label = path_label(path)
    last = path.rsplit(".", 1)[-1]
    if last in _ITEM_NAMES:
        head = label.rsplit(" · ", 1)[0] if " · " in label else section_label(path)
        return f"{head} · {_ITEM_NAMES[last]}"
    return label if label and label != path else path


def _start_from_base(row: Row, old: Any, base: FrozenYear, correcting: bool, new: Any) -> None:
    """A row begins as last year's figure: an official one carried over (to be replaced by the
    notice's figure), a reading, carry-over or outside fact as it was; never confirmed."""
    value = new.get("value") if isinstance(new, dict) else None
    row.value = _value_text(value, row.kind) if value is not None else ""
    row.clause, row.quote = old.cite, old.quote or ""
    row.reason = old.reason or ""
    row.reading = old.reading
    row.outside_source = old.outside_source or ""
    row.notice = old.notice
    row.carried_from = old.carried_from
    row.status = old.status
    if correcting:
        return
    if old.status == "official":
        row.status = "carried_over"
        row.carried_from = base.policy_year
        row.notice = old.notice or base.notice_id
        row.reason = f"{base.policy_year + 1}年度通知未重述,沿用{base.policy_year}年度"
    elif old.notice is None:
        row.notice = base.notice_id  # its clause is last year's notice's


#: what a reading of the draft holds (as the document writes it)
_READING_FIELDS = ("title", "quotes", "note", "reading", "alternatives", "depends_on")


def _quote_plain(quote: Any) -> dict[str, Any]:
    """One quote of a reading as the draft keeps it: notice (None: the new notice), clause, quote."""
    return {
        "notice": _attr(quote, "notice", None) or None,
        "clause": str(_attr(quote, "clause", "") or ""),
        "quote": str(_attr(quote, "quote", "") or ""),
    }


def _reading_plain(reading: dict[str, Any]) -> dict[str, Any]:
    """A reading as the document writes it: its quotes (a blank one left out), the note when there is one."""
    out: dict[str, Any] = {k: reading[k] for k in ("id", "title") if k in reading}
    quotes = []
    for q in reading.get("quotes") or []:
        q = _quote_plain(q)
        clause, words = q["clause"].strip(), q["quote"].strip()
        if not clause and not words:
            continue
        written: dict[str, Any] = {"notice": q["notice"]} if q["notice"] else {}
        written.update(clause=clause, quote=words)
        quotes.append(written)
    if quotes:
        out["quotes"] = quotes
    note = str(reading.get("note") or "").strip()
    if note:
        out["note"] = note
    if "reading" in reading:
        out["reading"] = reading["reading"]
    out["alternatives"] = list(reading.get("alternatives") or [])
    out["depends_on"] = list(reading.get("depends_on") or [])
    return out


def _reading_of(reading: dict[str, Any]) -> dict[str, Any]:
    """A reading of the document as the draft keeps it (its quotes as plain mappings, a note)."""
    out = dict(reading)
    out["quotes"] = [_quote_plain(q) for q in reading.get("quotes") or []]
    out["note"] = str(reading.get("note") or "")
    out["alternatives"] = list(reading.get("alternatives") or [])
    out["depends_on"] = list(reading.get("depends_on") or [])
    return out


def _older_reading(reading: dict[str, Any]) -> dict[str, Any]:
    """A reading of a draft saved before quotes were split off: its ``notice_text`` (words of the
    notice, some condensed) is kept as the note, never as a quote (as the model reads old documents)."""
    if "notice_text" not in reading:
        return reading
    reading = dict(reading)
    text = reading.pop("notice_text")
    if not reading.get("note") and not reading.get("quotes"):
        reading["note"] = text
    reading.setdefault("quotes", [])
    return reading


#: the checks' messages name the document's fields (desktop/core/policy/messages.py); the window
#: says them in its own words, chosen by the problem's code from the facts it names
WINDOW_WORDS: dict[str, Callable[[dict[str, str]], str]] = {
    "figure.reason_missing": lambda facts: (
        f"来源为“{STATUS_WORDS.get(facts['status'], facts['status'])}”时,请在“理由”中写明依据"
    ),
    "figure.value_missing": lambda facts: "请填写新数值;通知没有规定的,把来源改为“通知未规定”并写明理由",
    "figure.outside_source_missing": lambda facts: "来源为“外部依据”时,请填写外部依据(文件名称和文号)",
    "figure.carried_from_missing": lambda facts: "来源为“沿用上年”时,须写明沿用自哪一年度",
    "figure.not_stated_has_value": lambda facts: "来源为“通知未规定”时,新数值应留空",
    "figure.quote_missing": lambda facts: (
        "来源为“通知原文”时,请填写“原文”:通知里含这个数值的原句,一字不差(在右上方的通知里选中那句话即可)"
    ),
    "reading.unfounded": lambda facts: "请在“所读原文”中加入通知的原话,或在“说明”中写明通知没有写什么",
}


#: a row's fields as the window names them, by their place after the row's path in a problem
_ROW_PARTS = {".cite": "条款", ".quote": "原文", ".outside_source": "外部依据"}


def window_words(problem: Problem) -> str:
    """A check's problem as the editor words it (来源, 理由 … rather than status, reason …): by its
    code when the window has words of its own for it, else its message as it is."""
    words = WINDOW_WORDS.get(problem.code)
    return problem.message if words is None else words(dict(problem.facts))


def _general_message(problem: Problem, message: str, readings: Sequence[dict[str, Any]] = ()) -> str:
    """A problem of no row, named in the window's words (``readings``: the readings as written, in order)."""
    names = {
        "notices[0].title": "通知标题",
        "notices[0].issuer": "发文单位",
        "notices[0].file": "通知文件",
        "notices[0].issued": "发文日期",
        "data_version": "数据版本",
    }
    where = names.get(problem.field)
    if where is None and problem.field.startswith("readings"):
        where = "解读"
        at = re.match(r"readings\[(\d+)\]", problem.field)
        if at is not None and int(at.group(1)) < len(readings):
            where = f"解读 {readings[int(at.group(1))]['id']}"
    if where and message.startswith(where):  # "解读 1 的算式……" names its reading already
        return message
    return f"{where or problem.field or '整个文件'}:{message}"


def clause_for(text: str, position: int) -> str:
    """The clause a place in the notice stands in, in the form the bundled years cite it: the
    section's heading, then the numbered parts that hold the place ("五、缴费方式 (一)1",
    "2025 年居民医保政策上的变化 二(一)"); empty when the notice has no headings there."""
    end = text.find("\n", position)
    section, top, sub, item = "", "", "", ""
    for line in reversed(text[: len(text) if end < 0 else end].splitlines()):
        raw = line.strip()
        words = raw.lstrip("#").strip().strip("*").strip()
        if not words:
            continue
        if raw.startswith("#"):
            section = re.sub(r"\s+", " ", words)[:40]
            break
        if (m := _ITEM_NO.match(words)) and not (item or sub or top):
            item = m.group(0)
        elif (m := _SUB.match(words)) and not (sub or top):
            sub = m.group(0)
        elif (m := _NUMBERED.match(words)) and not top:
            top = m.group(0).rstrip("、")
    numbers = top + sub + item
    return f"{section} {numbers}".strip()


def notice_words(sentence: str, text: str) -> str:
    """A sentence the finder read in the notice as a quote of it, word for word: without the list
    and emphasis marks at its ends ("- ", "**": the text's markup, not its words), and empty when
    it does not stand in ``text`` as it is (a quote is never made up of the notice's words)."""
    from desktop.core.policy.quotes import occurs_in

    words = sentence.strip().lstrip("-*#>•").strip().rstrip("*").strip()
    return words if occurs_in(words, text) else ""


def notice_title_in(text: str) -> str:
    """The notice's own title when its text gives one ("关于……的通告"), for the officer to check."""
    for line in text.splitlines()[:40]:
        words = re.sub(r"\s+", "", line.strip().lstrip("#").strip("*《》 "))
        if words.startswith("关于") and words.endswith(("通告", "通知", "公告")) and len(words) <= 120:
            return words
    return ""


_NUMBERED = re.compile(r"[一二三四五六七八九十]+、")
_SUB = re.compile(r"[((][一二三四五六七八九十]+[))]")
_ITEM_NO = re.compile(r"\d+(?=[.、．])")


def _attr(obj: Any, name: str, default: Any) -> Any:
    return obj.get(name, default) if isinstance(obj, dict) else getattr(obj, name, default)


def _proposals(base: FrozenYear, text: str, year: int) -> Iterable[Any]:
    """The proposals of ``desktop.core.packs.propose`` (the same as ``pack propose``) from the base year."""
    if not text.strip():
        return []
    from desktop.core.packs.propose import policy_document, propose

    return propose(policy_document(base), text, new_year=year)


def base_year_of(draft: Draft, policies: Any) -> FrozenYear | None:
    """The loaded year a draft was made from, when it is still loaded with the same version."""
    if draft.base_year in policies:
        entry = policies.entry(draft.base_year)
        if entry.policy.data_version == draft.base_version:
            policy: FrozenYear = entry.policy
            return policy
    return None


def copy_row(row: Row) -> Row:
    return copy.deepcopy(row)
