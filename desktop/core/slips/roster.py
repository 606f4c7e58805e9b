"""The roster's one-page slip: its totals by category (no names or ID numbers: those are in the printed register)."""

from __future__ import annotations

from desktop.core.roster import RosterResult
from desktop.core.slip import Slip, SlipAmount


def roster_slip(r: RosterResult, data_hash: str) -> Slip:
    """The roster's totals on one slip; ``data_hash`` is the policy data's short hash."""
    t = r.total
    table: list[tuple[str, ...]] = [("参保类别", "人数", "个人缴费", "政府代缴")]
    table += [
        (r.category_name(c), str(ct.members), f"{ct.individual:,.2f}", f"{ct.exempted:,.2f}") for c, ct in r.by_category
    ]
    return Slip(
        title="村组名册缴费汇总",
        policy_year=r.policy_year,
        data_version=r.data_version,
        data_hash=data_hash,
        inputs=(
            ("名册", r.source),
            ("行数", str(len(r.rows))),
            ("户数", str(r.quoted_households)),
            ("计费人数", str(t.members)),
            ("问题行(未计费)", str(len(r.bad_rows))),
            ("困难群众人数", str(t.aid_members)),
        ),
        amounts=(
            SlipAmount("个人缴费合计", t.individual, emphasis=True),
            SlipAmount("政府代缴困难群众个人部分", t.exempted),
            SlipAmount("缴费标准合计", t.standard),
        ),
        notes=(r.age_rule,),
        table=tuple(table),
    )
