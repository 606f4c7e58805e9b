"""What checking a roster gives: each row with its quote or its problems, and the totals."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal

from desktop.core.identity import IdNumberError, mask_id, parse_id
from desktop.core.money import ZERO
from desktop.core.policy.kinds import AidStatus, Category, District
from desktop.core.policy.names import ALL_DISTRICTS
from desktop.core.premium import MemberQuote
from desktop.core.roster.columns import ColumnMapping


@dataclass(frozen=True, slots=True)
class RosterRow:
    """One data row of the file: what it says, what we understood, and its quote or its problems."""

    row: int  # row number in the file, as Excel or WPS shows it
    name: str
    id_number: str
    household: str  # as written; empty when the file has no 户号
    category_text: str
    district_text: str
    aid_text: str
    category: Category | None
    district: District | None
    aid_status: AidStatus | None
    age: int | None  # whole years on 1 January of the policy year
    problems: tuple[str, ...]
    quote: MemberQuote | None  # None for a bad row
    notes: tuple[str, ...] = ()  # prompts that do not stop the quote (a likely 老年居民, ...)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def household_key(self) -> str:
        return self.household or f"(第{self.row}行,未填户号)"

    @property
    def reason(self) -> str:
        return ";".join(self.problems)

    @property
    def masked_id(self) -> str:
        return mask_id(self.id_number)


@dataclass(frozen=True)
class Totals:
    members: int = 0
    individual: Decimal = ZERO  # what residents pay
    standard: Decimal = ZERO  # the categories' amounts before exemption
    exempted: Decimal = ZERO  # individual part paid by the government for aid recipients
    aid_members: int = 0

    def add(self, q: MemberQuote) -> Totals:
        return Totals(
            self.members + 1,
            self.individual + q.individual,
            self.standard + q.standard_individual,
            self.exempted + q.government_pays_individual,
            self.aid_members + (q.member.aid_status != "none"),
        )


@dataclass(frozen=True)
class HouseholdTotal:
    household: str
    first_row: int
    names: tuple[str, ...]
    totals: Totals
    bad_rows: int  # rows of this household left out of the total


@dataclass(frozen=True)
class RosterResult:
    policy_year: int
    data_version: str
    source: str
    sheet: str
    header_row: int
    mapping: ColumnMapping
    default_district: District | None
    rows: tuple[RosterRow, ...]
    households: tuple[HouseholdTotal, ...]
    by_category: tuple[tuple[Category, Totals], ...]
    by_district: tuple[tuple[District, Totals], ...]
    total: Totals
    #: each category's per-person split, with the districts of the roster it applies to
    category_splits: tuple[tuple[Category, tuple[District, ...], MemberQuote], ...]
    age_rule: str
    created: dt.date = field(default_factory=dt.date.today)
    #: what a slip carries besides the version: the data file's hash (first 12 hex digits printed)
    #: and, when the year is not today's, the stale-year warning (``staleness.staleness_message``)
    data_hash: str = ""
    stale_warning: str | None = None
    #: the year's names (its document's districts, in order, and category labels), so every total,
    #: export and register names them as that year does
    district_names: tuple[tuple[District, str], ...] = ()
    category_names: tuple[tuple[Category, str], ...] = ()

    def district_name(self, district: District | None) -> str:
        """The district's name in the roster's year (各区相同 for None)."""
        if district is None:
            return ALL_DISTRICTS
        return dict(self.district_names).get(district, district)

    def category_name(self, category: Category) -> str:
        """The category's name in the roster's year."""
        return dict(self.category_names).get(category, category)

    @property
    def provenance(self) -> str:
        """“政策数据版本 2025.1(校验码 0123456789ab)”, as every slip prints it."""
        check = f"(校验码 {self.data_hash[:12]})" if self.data_hash else ""
        return f"{self.policy_year}年度政策数据版本 {self.data_version}{check}"

    @property
    def good_rows(self) -> tuple[RosterRow, ...]:
        return tuple(r for r in self.rows if r.ok)

    @property
    def bad_rows(self) -> tuple[RosterRow, ...]:
        return tuple(r for r in self.rows if not r.ok)

    @property
    def quoted_households(self) -> int:
        """Households with at least one quoted member (a household of bad rows only is not counted)."""
        return sum(1 for h in self.households if h.totals.members)


_EIGHTEEN = re.compile(r"(?<![0-9])[0-9]{17}[0-9Xx](?![0-9Xx])")


def household_shown(text: str) -> str:
    """户号 as shown on screen, in exports and on paper: an ID number used as 户号 (a valid one:
    a long village household code is not an ID and stays readable) is masked."""

    def mask_if_id(match: re.Match[str]) -> str:
        try:
            parse_id(match.group())
        except IdNumberError:
            return match.group()
        return mask_id(match.group())

    return _EIGHTEEN.sub(mask_if_id, text)


def government_note(q: MemberQuote) -> str | None:
    """Who pays an aid recipient's amount, 长护险 part included (the row shows 其中长护险 30 beside 个人缴费 0)."""
    if not q.government_pays_individual:
        return None
    return f"个人缴费 {q.government_pays_individual:.2f}(含长护险 {q.ltc_individual:.2f})由政府代缴,本人缴 0 元"


def row_note(r: RosterRow) -> str | None:
    """A quoted row's remarks: who pays an aid recipient's amount, and any prompt."""
    parts = [p for p in (government_note(r.quote) if r.quote else None, *r.notes) if p]
    return ";".join(parts) or None
