"""Totals of a checked roster: per household, category and district, and the short summary."""

from __future__ import annotations

from collections.abc import Mapping

from desktop.core.identity import age_rule_text
from desktop.core.money import fmt_yuan
from desktop.core.policy.frozen import PolicyYear
from desktop.core.policy.kinds import CATEGORIES, AidStatus, Category, District
from desktop.core.policy.names import category_labels, district_ids, district_names
from desktop.core.premium import MemberQuote
from desktop.core.roster.columns import ColumnMapping
from desktop.core.roster.read import RawTable
from desktop.core.roster.result import HouseholdTotal, RosterResult, RosterRow, Totals


def summarise(
    policy: PolicyYear,
    table: RawTable,
    mapping: ColumnMapping,
    default_district: District | None,
    rows: tuple[RosterRow, ...],
    cache: Mapping[tuple[Category, District, AidStatus], MemberQuote],
) -> RosterResult:
    by_cat: dict[Category, Totals] = {}
    by_dist: dict[District, Totals] = {}
    households: dict[str, tuple[int, list[str], Totals, int]] = {}
    total = Totals()
    for r in rows:
        key = r.household_key
        first, names, ht, bad = households.get(key) or (r.row, [], Totals(), 0)
        if r.quote is None:
            households[key] = (first, names, ht, bad + 1)
            continue
        assert r.category is not None and r.district is not None
        names.append(r.name)
        households[key] = (first, names, ht.add(r.quote), bad)
        by_cat[r.category] = by_cat.get(r.category, Totals()).add(r.quote)
        by_dist[r.district] = by_dist.get(r.district, Totals()).add(r.quote)
        total = total.add(r.quote)
    # The split of a category's amount (standard, medical, 长护险, subsidy, funding) does not
    # depend on aid status; districts with the same split share one line.
    by_split: dict[tuple[Category, tuple[object, ...]], tuple[list[District], MemberQuote]] = {}
    districts = district_ids(policy)
    for c, d in sorted({(c, d) for c, d, _ in cache}, key=lambda k: (CATEGORIES.index(k[0]), districts.index(k[1]))):
        q = next(q for (qc, qd, _), q in cache.items() if (qc, qd) == (c, d))
        split = (
            q.standard_individual,
            q.medical_individual,
            q.ltc_individual,
            q.government_subsidy,
            q.ltc_government_subsidy,
            q.funding_standard,
        )
        by_split.setdefault((c, split), ([], q))[0].append(d)
    return RosterResult(
        policy_year=policy.policy_year,
        data_version=policy.data_version,
        source=table.source,
        sheet=table.sheet,
        header_row=table.header_row,
        mapping=mapping,
        default_district=default_district,
        rows=rows,
        households=tuple(
            HouseholdTotal(k, first, tuple(names), t, bad) for k, (first, names, t, bad) in households.items()
        ),
        by_category=tuple((c, by_cat[c]) for c in CATEGORIES if c in by_cat),
        by_district=tuple((d, by_dist[d]) for d in districts if d in by_dist),
        total=total,
        category_splits=tuple((c, tuple(ds), q) for (c, _), (ds, q) in by_split.items()),
        age_rule=age_rule_text(policy.policy_year),
        district_names=tuple(district_names(policy).items()),
        category_names=tuple(category_labels(policy).items()),
    )


def summary_lines(result: RosterResult) -> list[str]:
    """A short Chinese summary with counts and money only: no names, no ID numbers."""
    t = result.total
    bad = len(result.bad_rows)
    lines = [
        f"{result.policy_year}年度名册 {result.source}:共 {len(result.rows)} 行,"
        f"可计费 {t.members} 人,问题行 {bad} 行,{result.quoted_households} 户",
        f"个人缴费合计 {fmt_yuan(t.individual)};缴费标准合计 {fmt_yuan(t.standard)}",
        f"困难群众 {t.aid_members} 人,个人部分由政府代缴 {fmt_yuan(t.exempted)}",
    ]
    for c, ct in result.by_category:
        lines.append(f"  {result.category_name(c)}:{ct.members} 人,个人缴费 {fmt_yuan(ct.individual)}")
    for d, dtot in result.by_district:
        lines.append(f"  {result.district_name(d)}:{dtot.members} 人,个人缴费 {fmt_yuan(dtot.individual)}")
    if bad:
        first = ",".join(str(r.row) for r in result.bad_rows[:10])
        more = " 等" if bad > 10 else ""
        lines.append(f"问题行(未计费)见导出文件“问题行”表:第 {first}{more} 行")
    return lines
