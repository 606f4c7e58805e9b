"""Checking every row of a roster and quoting the good ones: cell values to categories, districts
and aid statuses, ID numbers, ages, duplicates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import TypeVar, cast

from desktop.core.identity import (
    IdNumberError,
    age_in_policy_year,
    category_age_problem,
    looks_like_id,
    mask_ids_in_text,
    normalise_id,
    parse_id,
)
from desktop.core.policy.frozen import PolicyYear
from desktop.core.policy.kinds import AidStatus, Category, District
from desktop.core.policy.names import category_index, district_ids, district_index, district_stems, unknown_district
from desktop.core.policy.required import MissingFigure
from desktop.core.premium import (
    AID_LABELS,
    Member,
    MemberQuote,
    elderly_prompt,
    quote_member,
)
from desktop.core.roster.columns import FIELD_LABELS, ColumnMapping, detect_mapping
from desktop.core.roster.common import TICK, CancelCheck, Progress, RosterReadError, cell_text, norm, tick
from desktop.core.roster.read import RawTable, read_table
from desktop.core.roster.result import RosterResult, RosterRow
from desktop.core.roster.totals import summarise

#: characters of a name; longer is a problem row
MAX_NAME_CHARS = 40
_K = TypeVar("_K", bound=str)


def _index(labels: Mapping[str, str], extra: Mapping[str, _K]) -> dict[str, _K]:
    """Identifier, Chinese label and the variants in ``extra``, all normalised, to the identifier."""
    out: dict[str, _K] = {norm(k): cast(_K, k) for k in labels}
    out.update({norm(v): cast(_K, k) for k, v in labels.items()})
    out.update({norm(k): v for k, v in extra.items()})
    return out


_AID_INDEX: dict[str, AidStatus] = _index(
    AID_LABELS,
    {
        "": "none",
        "无": "none",
        "否": "none",
        "不是": "none",
        "非": "none",
        "普通": "none",
        "一般": "none",
        "-": "none",
        "—": "none",
        "/": "none",
        "特困": "extreme_poverty",
        "特困供养": "extreme_poverty",
        "特困供养人员": "extreme_poverty",
        "特困人员": "extreme_poverty",
        "孤儿": "extreme_poverty",
        "事实无人抚养儿童": "extreme_poverty",
        "低保": "other_aid",
        "低保对象": "other_aid",
        "低保户": "other_aid",
        "低保家庭": "other_aid",
        "低保边缘": "other_aid",
        "低保边缘户": "other_aid",
        "低保边缘对象": "other_aid",
        "低保边缘家庭": "other_aid",
        "支出型困难": "other_aid",
        "支出型困难家庭": "other_aid",
        "支出型贫困": "other_aid",
        "其他救助对象": "other_aid",
        "其他": "other_aid",
    },
)


class _Names:
    """The year's ways of writing categories and districts (its document's names and aliases)."""

    __slots__ = ("categories", "districts", "stems")

    def __init__(self, policy: PolicyYear) -> None:
        self.categories = category_index(policy)
        self.districts = district_index(policy)
        # A 区/街道 column often holds the street or town too ("武进区湖塘镇"): its district name decides.
        self.stems = district_stems(policy)

    def category(self, text: str) -> Category | None:
        return self.categories.get(norm(text))

    def district(self, text: str) -> District | None:
        key = norm(text)
        if key in self.districts:
            return self.districts[key]
        hits = {d for stem, d in self.stems if stem in key}
        return hits.pop() if len(hits) == 1 else None


def parse_category(policy: PolicyYear, text: str) -> Category | None:
    """The category a roster cell names, by the year's names and aliases (category_names)."""
    return _Names(policy).category(text)


def parse_aid_status(text: str) -> AidStatus | None:
    return _AID_INDEX.get(norm(text))


def parse_district(policy: PolicyYear, text: str) -> District | None:
    """The district a roster cell names, by the year's district names and aliases (districts)."""
    return _Names(policy).district(text)


def _quoted(text: str, limit: int = 20) -> str:
    """A cell quoted in a reason: short, so a runaway cell does not fill the problem column."""
    return text if len(text) <= limit else text[:limit] + "…"


def build_roster(
    policy: PolicyYear,
    table: RawTable,
    mapping: ColumnMapping,
    *,
    default_district: District | None = None,
    data_hash: str = "",
    stale_warning: str | None = None,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
) -> RosterResult:
    """Check every row and quote the good ones under ``policy``; bad rows stay, with their reasons.

    ``data_hash`` and ``stale_warning`` are carried to the export and the register as on slips."""
    missing = mapping.missing_required(district_default=default_district is not None)
    if missing:
        names = "、".join(FIELD_LABELS[f] for f in missing)
        raise RosterReadError(f"名册缺少必需的列:{names}。请在列对应中指定,或选择默认所属区")
    if default_district is not None and default_district not in district_ids(policy):
        raise RosterReadError("默认所属区:" + unknown_district(policy, default_district))
    names_of = _Names(policy)
    width = len(table.headers)
    beyond = [FIELD_LABELS[f] for f, i in mapping.as_dict().items() if i is not None and not 0 <= i < width]
    if beyond:
        raise RosterReadError(f"名册只有{width}列,指定给{'、'.join(beyond)}的列不存在;请重新选择名册的列")
    year = policy.policy_year
    last_day = dt.date(year, 12, 31)
    # A quote depends only on (category, district, aid status), never on the person: quote each once.
    cache: dict[tuple[Category, District, AidStatus], MemberQuote] = {}
    seen_ids: dict[str, int] = {}
    out: list[RosterRow] = []
    total_rows = len(table.rows)

    def col(cells: tuple[object, ...], f: str) -> object:
        i = mapping.get(f)
        return None if i is None else cells[i]

    for n, (rownum, cells) in enumerate(table.rows, 1):
        if n % TICK == 0:
            tick(n, total_rows, progress, cancelled)
        problems: list[str] = []
        # Outside the ID column an ID number is a sign of shifted columns (or a broken quote):
        # it is masked before it is kept, quoted in a reason or exported, and the row is flagged.
        # 户号 is not flagged: some villages number households by the head's ID or a long code;
        # it is kept whole for grouping and masked wherever it is shown (household_shown).
        texts = {f: cell_text(col(cells, f)) for f in ("name", "household", "category", "district", "aid_status")}
        for f, text in texts.items():
            if f != "household" and len(text) >= 15 and looks_like_id(text):
                texts[f] = mask_ids_in_text(text)
                problems.append(f"{FIELD_LABELS[f]}栏里有像身份证号的内容(已遮挡),请检查这一行的各列是否错位")
        name = texts["name"]
        if not name:
            problems.append("缺少姓名")
        elif len(name) > MAX_NAME_CHARS:
            problems.append(f"姓名有 {len(name)} 个字,超过 {MAX_NAME_CHARS} 个,请检查这一格")

        raw_id = col(cells, "id_number")
        id_number = normalise_id(cell_text(raw_id))
        age: int | None = None
        birth: dt.date | None = None
        if isinstance(raw_id, float | int) and not isinstance(raw_id, bool) and len(id_number) > 15:
            # Excel keeps 15 significant digits: an ID typed into a number cell has lost its tail
            problems.append("身份证号被表格存成了数字,后几位已丢失;请把该列设为“文本”后重新录入")
        else:
            try:
                info = parse_id(id_number, today=last_day)
            except IdNumberError as exc:
                problems.append(str(exc))
            else:
                age = age_in_policy_year(info.birth_date, year)
                birth = info.birth_date
        if id_number:
            first = seen_ids.setdefault(id_number, rownum)
            if first != rownum:
                problems.append(f"身份证号与第{first}行重复(只按第{first}行计费)")

        category_text = texts["category"]
        category = names_of.category(category_text)
        if category is None:
            problems.append(f"参保类别“{_quoted(category_text)}”无法识别" if category_text else "缺少参保类别")
        elif birth is not None:
            problem = category_age_problem(category, birth, year)
            if problem:
                problems.append(problem)

        district_text = texts["district"]
        district = names_of.district(district_text) if district_text else default_district
        if district is None:
            problems.append(f"所属区“{_quoted(district_text)}”无法识别" if district_text else "缺少所属区")

        aid_text = texts["aid_status"]
        aid = parse_aid_status(aid_text)
        if aid is None:
            problems.append(f"救助身份“{_quoted(aid_text)}”无法识别")

        household = texts["household"]
        quote: MemberQuote | None = None
        notes: tuple[str, ...] = ()
        if not problems:
            assert category is not None and district is not None and aid is not None
            key = (category, district, aid)
            quote = cache.get(key)
            try:
                if quote is None:
                    quote = cache[key] = quote_member(
                        policy, Member(category=category, district=district, aid_status=aid)
                    )
                prompt = elderly_prompt(policy, category, district, age) if age is not None else None
            except MissingFigure as exc:  # the year's data lacks the premium: the row says so, never 0
                quote, prompt = None, None
                problems.append(exc.message)
            if prompt is not None:
                notes = (f"提示:{prompt}",)
        out.append(
            RosterRow(
                rownum,
                name,
                id_number,
                household,
                category_text,
                district_text,
                aid_text,
                category,
                district,
                aid,
                age,
                tuple(problems),
                quote,
                notes,
            )
        )
    if progress is not None:
        progress(total_rows, total_rows)
    result = summarise(policy, table, mapping, default_district, tuple(out), cache)
    return replace(result, data_hash=data_hash, stale_warning=stale_warning)


def load_roster(
    policy: PolicyYear,
    path: str | Path,
    *,
    default_district: District | None = None,
    overrides: Mapping[str, int | None] | None = None,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
) -> RosterResult:
    """Read, map by header (with ``overrides`` field → column), check and quote in one call."""
    table = read_table(path, progress=progress, cancelled=cancelled)
    mapping = detect_mapping(table.headers).mapping
    if overrides:
        mapping = ColumnMapping.from_dict({**mapping.as_dict(), **overrides})
    return build_roster(policy, table, mapping, default_district=default_district, cancelled=cancelled)
