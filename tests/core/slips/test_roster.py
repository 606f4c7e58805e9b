"""The roster's one-page slip made from the core's checked roster, no window."""

from __future__ import annotations

from decimal import Decimal

from desktop.core.policy.loader import PolicySet
from desktop.core.roster import RawTable, build_roster, detect_mapping
from desktop.core.slip import SlipAmount
from desktop.core.slips.roster import roster_slip

D = Decimal
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def make_id(first17: str) -> str:
    """GB 11643: weighted sum of the first 17 digits mod 11 picks the check character."""
    total = sum(int(c) * w for c, w in zip(first17, _WEIGHTS, strict=True))
    return first17 + "10X98765432"[total % 11]


def test_a_roster_slip_from_data(policies: PolicySet) -> None:
    p = policies[2025]
    headers = ("户号", "姓名", "身份证号码", "参保身份", "救助类别", "所属区")
    table = RawTable(
        source="名册.xlsx",
        sheet="Sheet1",
        header_row=1,
        headers=headers,
        rows=(
            (2, ("H1", "张一", make_id("32041219800101001"), "非从业居民", "", "武进区")),
            (3, ("H1", "张小", make_id("32041220150720003"), "未成年居民", "", "武进区")),
            (4, ("H2", "李老", make_id("32041219500505004"), "老年居民", "低保", "武进区")),
            (5, ("H2", "赵某", make_id("32041219880808008"), "学生", "", "武进区")),  # no such category
        ),
    )
    r = build_roster(p, table, detect_mapping(headers).mapping)
    slip = roster_slip(r, "0123456789ab")
    assert slip.title == "村组名册缴费汇总"
    assert (slip.policy_year, slip.data_hash) == (2025, "0123456789ab")
    assert slip.inputs == (
        ("名册", "名册.xlsx"),
        ("行数", "4"),
        ("户数", "2"),
        ("计费人数", "3"),
        ("问题行(未计费)", "1"),
        ("困难群众人数", "1"),
    )
    # 2025 notice 三: 非从业居民 武进区 880, 未成年居民 390, 老年居民 730 (paid by the government for 低保)
    assert slip.amounts == (
        SlipAmount("个人缴费合计", D("1270.00"), emphasis=True),  # 880 + 390 + 0
        SlipAmount("政府代缴困难群众个人部分", D("730.00")),
        SlipAmount("缴费标准合计", D("2000.00")),  # 880 + 390 + 730
    )
    assert slip.table[0] == ("参保类别", "人数", "个人缴费", "政府代缴")
    assert sorted(slip.table[1:]) == sorted(
        [
            ("非从业居民", "1", "880.00", "0.00"),
            ("未成年居民", "1", "390.00", "0.00"),
            ("老年居民", "1", "0.00", "730.00"),
        ]
    )
    assert slip.notes == (r.age_rule,)
