"""报销测算's slip made from plain data: the core's year and the clerk's answers, no window."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from desktop.core.care import Event, Person, simulate_year
from desktop.core.policy.loader import PolicySet
from desktop.core.slip import SlipAmount
from desktop.core.slips import PolicyStamp
from desktop.core.slips.estimate import EstimateAnswers, estimate_slip

D = Decimal


def test_an_inpatient_slip_from_data(policies: PolicySet) -> None:
    # 2025, 老年居民, 一级 hospital, 20,000: (20,000 − 400 起付线) × 90% = 17,640.00 from the basic fund
    # (居民医保政策介绍 一、住院待遇); the 2,360.00 left is under 大病保险's threshold; no aid status
    result = simulate_year(
        policies[2025],
        Person(category="elderly"),
        [Event(kind="inpatient", compliant_cost=D("20000"), hospital_level=1)],
    )
    answers = EstimateAnswers(
        category="老年居民",
        aid_status="非救助对象",
        kind="inpatient",
        kind_label="住院",
        cost_label="合规医疗费用(元)",
        level="一级医院",
        facility="不印出",  # an inpatient cost has no facility line
        disease_count=3,  # nor a disease count
        birth_date=dt.date(2020, 1, 1),  # nor dates (only 苯丙酮尿症 prints them)
        slip_paid=None,
        earlier=(("本年此前住院、门诊特殊病基本医保已支付", D("1000")),),
    )
    slip = estimate_slip(result, answers, PolicyStamp("2025.1", "f" * 64, "数据可能过期"))
    assert slip.title == "报销测算"
    assert (slip.policy_year, slip.data_version, slip.data_hash, slip.stale_warning) == (
        2025,
        "2025.1",
        "f" * 64,
        "数据可能过期",
    )
    assert slip.inputs == (
        ("参保类别", "老年居民"),
        ("医疗救助身份", "非救助对象"),
        ("费用类别", "住院"),
        ("医院等级", "一级医院"),
        ("合规医疗费用(元)", "20,000.00 元"),
        ("本年此前住院、门诊特殊病基本医保已支付", "1,000.00 元"),
    )
    assert slip.amounts == (
        SlipAmount("合规医疗费用", D("20000")),
        SlipAmount("基本医保统筹基金支付", D("17640.00")),
        SlipAmount("大病保险支付", D("0")),
        SlipAmount("医疗救助", D("0")),
        SlipAmount("个人自付", D("2360.00"), emphasis=True),  # 20,000 − 17,640
    )
    assert slip.steps == result.events[0].steps and slip.notes == ()


def test_the_kind_decides_which_answers_are_printed(policies: PolicySet) -> None:
    result = simulate_year(
        policies[2025],
        Person(category="elderly"),
        [Event(kind="inpatient", compliant_cost=D("20000"), hospital_level=1)],
    )
    base = {"category": "老年居民", "aid_status": "非救助对象", "cost_label": "费用(元)"}
    stamp = PolicyStamp("v", "h")
    pku = estimate_slip(
        result,
        EstimateAnswers(kind="pku", kind_label="苯丙酮尿症", visit_date=dt.date(2025, 4, 1), **base),
        stamp,
    )
    # 苯丙酮尿症: both dates, an empty one said as such; no hospital level
    assert pku.inputs[3:5] == (("出生日期", "未填写"), ("就诊日期", "2025-04-01"))
    drug = estimate_slip(
        result,
        EstimateAnswers(kind="dual_channel_drug", kind_label="药品", rare_drug=True, referral="市内", **base),
        stamp,
    )
    assert drug.inputs[3:5] == (("药品", "省定罕见病用药"), ("就医地", "市内"))
    # a settlement slip's basic-fund amount is printed, except for the rare-disease remainder
    paid = EstimateAnswers(kind="outpatient_special", kind_label="门诊特殊病", slip_paid=D("3000"), **base)
    assert estimate_slip(result, paid, stamp).inputs[-1] == ("结算单上的基本医保支付", "3,000.00 元")
    rest = EstimateAnswers(kind="rare_disease_remainder", kind_label="罕见病", slip_paid=D("3000"), **base)
    assert estimate_slip(result, rest, stamp).inputs[-1] == ("费用(元)", "20,000.00 元")
