"""Say only what each year's notice says (issue 21, points 4-15 and 17).

Each test names the point and the notice's words it checks against; the expected words are
copied from the notices (2024 须知, 2025 通告), never from the code under test.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from desktop.cli.policy import diff_json
from desktop.core.care import Event, Person, simulate_year
from desktop.core.checklist import ChecklistAnswers, build_checklist
from desktop.core.explain import cite
from desktop.core.identity import age_rule_text
from desktop.core.policy import load_policies
from desktop.core.policy.diff import diff_years
from desktop.core.policy.labels import path_label
from desktop.core.premium import AID_LABELS, Member, quote_household
from desktop.core.waiting import WaitingInput, waiting_period

P = load_policies()


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _checklist_words(year: int, **answers) -> str:  # type: ignore[no-untyped-def]
    """Every word a clerk sees on the checklist: the lines and every citation (source, quote, note)."""
    c = build_checklist(P[year], ChecklistAnswers(**answers))
    parts = []
    for s in c.sections:
        for item in s.items:
            parts.append(item.text)
            for ci in item.citations:
                parts += [ci.source, ci.quote or "", ci.note or "", ci.value]
    return "\n".join(parts)


#: names added with this issue are imported inside the tests that need them, so that on the code
#: before it each test fails on its own point rather than all of them on one import

NEWBORN = dict(newborn=True, new_enrolment=True, category="minor", minor=True)


def test_4_the_2024_newborn_lines_quote_only_the_2024_notice():
    words = _checklist_words(2024, **NEWBORN)
    # “除新生儿等特殊群体外” is the 2025 通告's sentence; the 2024 须知 never says newborns do not wait
    assert "除新生儿等特殊群体外" not in words
    assert "通知只写新生儿不设待遇等待期" not in words
    timing = build_checklist(P[2024], ChecklistAnswers(**NEWBORN)).section("timing").items
    exempt_line = timing[0]
    assert "解读" in exempt_line.text and "追溯报销" in exempt_line.text
    # it rests on 2024 二(五)2 (新生儿居民医保追溯报销待遇), quoted in its words
    assert any(
        "二(五)2" in c.source and "符合享受追溯报销待遇的新生儿" in (c.quote or "") for c in exempt_line.citations
    )
    # 2025 says it itself (变化 三: “除新生儿等特殊群体外”)
    assert (
        "除新生儿等特殊群体外" in build_checklist(P[2025], ChecklistAnswers(**NEWBORN)).section("timing").items[0].text
    )


def test_5_the_2024_notice_limits_only_the_bank_debit_to_three_categories():
    # 2024 须知 三(一) names “非从业居民、老年居民、未成年居民” for the 省社保卡 debit only; 三(二) 线上缴费 and
    # 三(三) 线下缴费 name no category. 2025 五(一) puts all four ways under those three 缴费人.
    for way in ("online", "counter"):
        a = dict(category="college_student", college_student=True, payment=way)
        pay_2024 = build_checklist(P[2024], ChecklistAnswers(**a)).section("payment").all_text()
        assert "只适用于" not in pay_2024, way
        assert "由学校统一收取保费后代缴" in pay_2024  # 三(四), said beside it
        assert "只适用于老年居民、未成年居民、非从业居民" in build_checklist(P[2025], ChecklistAnswers(**a)).all_text()


def test_6_the_debit_dates_are_named_in_each_notices_words():
    from desktop.core.policy.labels import year_path_label

    # 2024 三(一): “批量扣费时间为10月底、11月底和12月底”; 2025 五(一)4: “11 月 15 日前(税务部门首次批量扣费日)”
    assert year_path_label(P[2025], "enrolment.debit_dates").endswith("税务部门首次批量扣费日")
    assert year_path_label(P[2024], "enrolment.debit_dates").endswith("批量扣费时间")
    rows = [c for c in diff_years(P[2024], P[2025]) if c.path == "enrolment.debit_dates"]
    assert rows and all("批量扣款日" not in c.label for c in rows)
    assert "税务部门首次批量扣费日" in rows[0].label


def test_7_8_labels_use_the_tables_own_words():
    # 二(五)3: “按照自付40%的比例”: no 先行 (the product's reading) in a label
    assert "先行" not in path_label("benefits.special_blood.self_pay_ratio")
    # both chronic tables: “社区卫生服务机构 / 其他定点医疗机构单位”
    chronic = path_label("benefits.outpatient_chronic.rate_secondary_plus")
    assert "其他定点医疗机构单位" in chronic and "二级以上" not in chronic
    person = Person(category="elderly", aid_status="none")
    events = [
        Event(kind="outpatient_chronic", compliant_cost=Decimal("500"), facility="secondary_plus"),
        Event(kind="special_blood", compliant_cost=Decimal("1000"), hospital_level=3),
    ]
    result = simulate_year(P[2025], person, events)
    steps = [s for e in result.events for s in e.steps]
    chronic_step = next(s for s in steps if s.text.startswith("门诊慢性病"))
    assert "其他定点医疗机构单位" in chronic_step.text and "二级以上" not in chronic_step.text
    assert all("先行" not in c.label for s in steps for c in s.citations)


def test_9_referral_cuts_are_percentage_points():
    from desktop.core.explain import describe_figure

    # 二(四)2 表: “市内支付比例的基础上降低5个百分点”, “…降低20个百分点”
    for year in P.years:
        dc = P[year].benefits.dual_channel_drug
        assert describe_figure(dc.reduction_approved) == "5个百分点"
        assert describe_figure(dc.reduction_unapproved) == "20个百分点"
        assert cite(P[year], dc.reduction_approved, "降低").value == "5个百分点"
    person = Person(category="elderly", aid_status="none")
    ev = Event(kind="dual_channel_drug", compliant_cost=Decimal("1000"), referral="unapproved_out_of_city")
    step = next(s for e in simulate_year(P[2025], person, [ev]).events for s in e.steps if "双通道" in s.text)
    # 60% − 20个百分点 = 40%: 1000 × 40% = 400.00
    assert "60% − 20个百分点" in step.text and "400.00" in step.text and "− 20%" not in step.text


def test_10_aid_groups_in_the_notices_words():
    # both 救助 tables: “特困供养人员、困境儿童中的孤儿和事实无人抚养儿童” and “其他救助对象”; neither names 低保
    assert AID_LABELS["other_aid"] == "其他救助对象"
    for year in P.years:
        words = _checklist_words(year, aid_status="other_aid")
        q = quote_household(P[year], [Member(name="甲", category="elderly", district="wujin", aid_status="other_aid")])
        words += "\n".join(s.text for m in q.members for s in m.steps)
        assert "低保" not in words, year


def test_11_the_national_months_carry_the_provinces_caveat():
    # 2025 变化 三: “等待期具体标准由各省份根据自身情况确定”; the 3 months are 国办发〔2024〕38号's, not the notice's
    warn = build_checklist(P[2025], ChecklistAnswers()).section("warnings").items[0].text
    assert "要等待 3 个月" in warn and "各省份" in warn
    w = waiting_period(P[2025], WaitingInput(policy_year=2025, payment_date=dt.date(2025, 3, 15)))
    fixed = next(s for s in w.steps if s.text.startswith("固定待遇等待期 3 个月"))
    assert "各省份" in fixed.text and "国办发〔2024〕38号" in fixed.text
    # 2024 五(二) states its 2 months itself: no caveat
    assert "各省份" not in build_checklist(P[2024], ChecklistAnswers()).section("warnings").items[0].text


def test_12_the_cli_diff_gives_each_sides_status():
    rows = {r["path"]: r for r in diff_json(P, 2024, 2025)}
    family = rows["enrolment.family_relations"]  # 2024: a reading of the 2025 通告's “原来”; 2025: its own words
    assert (family["old_status"], family["new_status"]) == ("interpretation", "official")
    assert family["old_status_label"] == "解读" and family["new_status_label"] == "通知原文"
    assert "增加到近亲属" in family["old_quote"]


def test_13_the_minor_age_line_is_the_products_prompt():
    text = age_rule_text(2025)
    assert "通知的未成年居民为18周岁以下" not in text and "提示线" in text


def test_14_reading_3_quotes_the_whole_sentence():
    # 2024 一 注: “…以35万元为最高支付限额标准;超过支付限额标准以上的医疗费用,基本医保统筹基金不予支付。”
    for year in P.years:
        r = P[year].reading(3)
        assert r is not None
        words = _norm("".join(q.quote for q in r.quotes))
        assert "以35万元为最高支付限额标准;超过支付限额标准以上的医疗费用,基本医保统筹基金不予支付。" in words
        assert any("基本医保统筹基金不予支付" in a for a in r.alternatives)


BLOOD = "经由市中心血站核准不能享受血站免费用血,或者超出免费用血额度的"  # 2024 二(五)3


def test_15_who_qualifies_for_special_blood_is_shown():
    from desktop.core.care import special_blood_condition

    for year in P.years:
        assert BLOOD in special_blood_condition(P[year])
        r = P[year].reading(11)
        assert r is not None and BLOOD in r.reading
        blood = [i for i in build_checklist(P[year], ChecklistAnswers()).section("benefits").items if "用血" in i.text]
        assert len(blood) == 1 and BLOOD in blood[0].text


def test_17_reading_12_and_19_say_the_start_and_the_alternatives():
    for year in P.years:
        r = P[year].reading(12)
        assert r is not None
        assert "缴费之日" in r.reading  # no wait: cover from the payment date, not 1 January
        assert any("第1年以外" in a for a in r.alternatives)  # 每多断保 as years beyond the first
    r19 = P[2024].reading(19)
    assert r19 is not None and r19.alternatives
