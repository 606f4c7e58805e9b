"""保费测算's slip made from plain data: the core's quote and the clerk's answers, no window."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from desktop.core.explain import Step
from desktop.core.family import family_payment_check
from desktop.core.identity import CategorySuggestion
from desktop.core.policy.loader import PolicySet
from desktop.core.premium import Member, quote_household
from desktop.core.slip import SlipAmount
from desktop.core.slips.quote import MemberAnswer, QuoteAnswers, quote_slip
from desktop.core.waiting import WaitingResult

D = Decimal


def test_a_household_slip_from_data(policies: PolicySet) -> None:
    p = policies[2025]
    # 2025 notice 三、个人缴费标准: 非从业居民 武进区 880 元/人, 溧阳市 730 元/人; 二(二) of its changes:
    # 政府补助标准 1100 元/人; 长护险个人缴费标准 30 元/人 (二). Member 2 is 其他救助对象: the government
    # pays the whole 730 (符合免缴条件的困难群众,个人缴费部分由政府全额承担), so the household pays 880 + 0.
    members = [
        Member(name="张三", category="non_employed", district="wujin", id_number="320402195001011234"),
        Member(category="non_employed", district="liyang", aid_status="other_aid"),
    ]
    quote = quote_household(p, members)
    answers = QuoteAnswers(
        district="wujin",
        members=(
            MemberAnswer(
                name="张三",
                category="non_employed",
                district="wujin",
                open_suggestion=CategorySuggestion(category="elderly", confirmed=False, reason="年满60周岁"),
            ),
            MemberAnswer(name="", category="non_employed", district="liyang", category_chosen=False),
        ),
        relation="spouse",
        family=family_payment_check(p, "spouse", True),
        waiting=WaitingResult(
            benefit_start=dt.date(2025, 3, 1),
            waiting_months=3,
            benefit_this_year=True,
            in_collection_period=False,
            steps=(Step(layer="note", text="等待期的一步"),),
        ),
    )
    slip = quote_slip(p, quote, answers, "abcdef123456")

    assert slip.title == "居民医保保费测算单"
    assert (slip.policy_year, slip.data_hash) == (2025, "abcdef123456")
    assert slip.amounts == (
        SlipAmount("全家个人缴费合计", D("880.00"), emphasis=True),  # 880 + 0
        SlipAmount("政府代缴困难群众个人部分", D("730.00")),  # 溧阳市 非从业居民 730
        SlipAmount("张三 个人缴费", D("880.00")),
        SlipAmount("成员2 个人缴费", D("0.00")),
    )
    assert slip.table == (
        ("姓名", "身份证号", "参保类别", "救助身份", "个人缴费", "财政补助", "其中长护险"),
        # ID masked: first 6 and last 4 digits
        ("张三", "320402********1234", "非从业居民", "非救助对象", "880.00 元", "1,100.00 元", "30.00 元"),
        # the government pays the whole, 长护险's 30 included; the notice states 1100 as the subsidy of the
        # 880-yuan districts only, so 溧阳市's is not stated
        ("成员2", "", "非从业居民", "其他救助对象", "0.00 元", "通知未规定", "30.00 元(政府代缴)"),
    )
    assert slip.inputs == (
        ("所在区(市)", "武进区"),
        ("家庭人数", "2"),
        ("集中参保缴费期", "2024-10-01 至 2024-12-31"),  # 二、2024 年 10 月 1 日—2024 年 12 月 31 日
        ("税务部门首次批量扣费日", "2024-11-15"),  # 11 月 15 日前(税务部门首次批量扣费日)
    )
    assert slip.notes == (
        # the open suggestion: 非从业居民 武进区 880 against 老年居民 730
        "⚠ 张三:年满60周岁。现按“非从业居民”880.00 元计算,“老年居民”为 730.00 元"
        "(参保类别建议尚未确认,以参保登记身份为准)",
        "⚠ 成员2:参保类别尚未选择,暂按“非从业居民”计算,以参保登记身份为准",
        "困难群众的个人缴费(含其中的长护险个人缴费)由政府全额承担,本人不用缴费。",
        "家庭共济:被代缴人是代缴人的配偶,可以代缴",
        "待遇等待期:等待期 3 个月,自 2025-03-01 起享受待遇",
    )
    assert slip.readings == ()  # 2025 states its debit date and relations: no reading
    headings = [s.text for s in slip.steps if s.text.startswith("【")]
    assert headings == ["【全家】", "【张三(非从业居民)】", "【成员2(非从业居民)】", "【家庭共济】", "【待遇等待期】"]
    assert slip.steps[-1].text == "等待期的一步"


def test_lines_resting_on_a_reading_name_it(policies: PolicySet) -> None:
    p = policies[2024]
    # 2024 notice 一(一): 集中参保缴费期为2023年10月1日—12月31日; 老年居民 730元/人; 批量扣费时间为
    # 10月底、11月底和12月底, printed as month ends on the product's reading
    quote = quote_household(p, [Member(name="李四", category="elderly", district="tianning")])
    answers = QuoteAnswers(
        district="tianning",
        members=(MemberAnswer(name="李四", category="elderly", district="tianning"),),
        relation="parent",
        family=family_payment_check(p, "parent", None),
    )
    slip = quote_slip(p, quote, answers, "0123456789ab")
    assert slip.amounts == (
        SlipAmount("全家个人缴费合计", D("730.00"), emphasis=True),
        SlipAmount("李四 个人缴费", D("730.00")),
    )
    assert slip.inputs[2:] == (
        ("集中参保缴费期", "2023-10-01 至 2023-12-31"),
        ("批量扣费时间", "2023-10-31、2023-11-30、2023-12-31(解读:2024年批量扣款日按月末)"),
    )
    # the payer's employee insurance not yet checked: the relation qualifies, the payer is still to be checked
    assert slip.notes == (
        "家庭共济:被代缴人是代缴人的父母,关系在可代缴范围内,还须核实代缴人参加江苏省内职工医保"
        "(解读:2024年家庭共济限直系亲属)",
    )
    assert [title for title, _ in slip.readings] == ["解读:2024年批量扣款日按月末", "解读:2024年家庭共济限直系亲属"]


def test_debit_dates_a_year_does_not_give_are_said_so_not_left_blank(policies: PolicySet) -> None:
    from types import SimpleNamespace

    from desktop.core.slips.quote import debit_dates_text

    p = policies[2025]
    # 2025 notice 五(一)4: 11 月 15 日前(税务部门首次批量扣费日): the first batch debit only
    assert debit_dates_text(p) == "2024-11-15"
    for value in (None, ()):  # a year whose notice gives no debit date: said, never an empty line
        fig = SimpleNamespace(value=value, reading=None)
        year = SimpleNamespace(enrolment=SimpleNamespace(debit_dates=fig), reading=p.reading)
        assert debit_dates_text(year) == "通知未规定"  # type: ignore[arg-type]
