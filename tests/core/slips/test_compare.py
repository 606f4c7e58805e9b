"""年度对比's slip made from plain data: the compared rows and what the dialog said, no window."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from desktop.core.compare import CompareRow
from desktop.core.policy.loader import PolicySet
from desktop.core.slips.compare import CompareAnswers, compare_slip

D = Decimal


def test_a_comparison_slip_from_data(policies: PolicySet) -> None:
    # 非从业居民 in 武进区: 930元/人 in the 2024 notice, 880 元/人 in the 2025 one: 880 − 930 = −50
    rows = [
        CompareRow("张三 个人缴费", {2024: D("930"), 2025: D("880")}),
        CompareRow("政府代缴困难群众个人部分", {2024: D("0"), 2025: D("0")}),
        CompareRow("李四 个人缴费", {2024: None, 2025: D("730")}, error={2024: "缺少数据"}),
        CompareRow("王五 个人缴费", {2024: D("100"), 2025: D("1234.5")}),
    ]
    answers = CompareAnswers(what="保费测算", inputs=(("所在区(市)", "武进区"),), notes=("加粗的行有变化。",))
    slip = compare_slip(policies, rows, answers, dt.date(2025, 6, 1))
    assert slip is not None
    assert slip.title == "年度对比 — 保费测算"
    assert slip.policy_year == 2025 and slip.data_hash == policies.entry(2025).sha256
    assert slip.inputs == (("所在区(市)", "武进区"),) and slip.printed_on == dt.date(2025, 6, 1)
    assert slip.table == (
        ("项目", "2024年度", "2025年度", "差额(2025−2024)", "变化"),
        ("张三 个人缴费", "930.00", "880.00", "−50.00", "◆ 有变化"),
        ("政府代缴困难群众个人部分", "0.00", "0.00", "0.00", ""),
        ("李四 个人缴费", "无法计算", "730.00", "—", "◆ 有变化"),
        ("王五 个人缴费", "100.00", "1,234.50", "+1,134.50", "◆ 有变化"),  # 1,234.50 − 100.00
    )
    e24, e25 = policies.entry(2024), policies.entry(2025)
    assert slip.notes == (
        "加粗的行有变化。",
        f"2024年度政策数据 {e24.policy.data_version}(校验码 {e24.short_hash})",
        f"2025年度政策数据 {e25.policy.data_version}(校验码 {e25.short_hash})",
    )


def test_nothing_compared_is_no_slip(policies: PolicySet) -> None:
    assert compare_slip(policies, [], CompareAnswers(what="报销测算"), dt.date(2025, 6, 1)) is None
