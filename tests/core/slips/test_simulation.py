"""医疗救助模拟's slip made from plain data: the core's year and the clerk's answers, no window."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from desktop.core.care import Event, Person, simulate_year
from desktop.core.policy.loader import PolicySet
from desktop.core.slip import SlipAmount
from desktop.core.slips import PolicyStamp
from desktop.core.slips.simulation import SimulationAnswers, simulation_slip

D = Decimal


def test_a_year_slip_from_data(policies: PolicySet) -> None:
    # 2025, 老年居民. 1) 2025-03-01 一级 hospital 20,000: (20,000 − 400) × 90% = 17,640.00, the person 2,360.00
    # (under 大病保险's threshold). 2) 2025-05-02 普通门诊 at a 基层 facility, 1,000: over the 200 起付 at 50%
    # (notice: 超过 200 元且在 1500 元以内的费用 50%): (1,000 − 200) × 50% = 400.00, the person 600.00.
    events = [
        Event(date=dt.date(2025, 3, 1), kind="inpatient", compliant_cost=D("20000"), hospital_level=1),
        Event(date=dt.date(2025, 5, 2), kind="outpatient_general", compliant_cost=D("1000"), facility="primary"),
    ]
    r = simulate_year(policies[2025], Person(category="elderly"), events)
    answers = SimulationAnswers(
        category="老年居民",
        aid_status="非救助对象",
        birth_date=None,
        continuous_years=2,
        places=("一级医院", "基层医疗机构"),
    )
    slip = simulation_slip(r, answers, PolicyStamp("2025.1", "abc"))
    assert slip.title == "医疗救助模拟(全年)"
    assert slip.inputs == (
        ("参保类别", "老年居民"),
        ("医疗救助身份", "非救助对象"),
        ("出生日期", "未填写"),
        ("连续参保年数", "2"),
        ("费用笔数", "2"),
    )
    assert slip.table == (
        ("序号", "日期", "类别", "医院/机构", "合规费用", "基本医保", "大病保险", "医疗救助", "个人自付"),
        ("1", "2025-03-01", "住院", "一级医院", "20,000.00", "17,640.00", "0.00", "0.00", "2,360.00"),
        ("2", "2025-05-02", "普通门诊", "基层医疗机构", "1,000.00", "400.00", "0.00", "0.00", "600.00"),
        # 17,640 + 400 = 18,040; 2,360 + 600 = 2,960
        ("合计", "", "", "", "21,000.00", "18,040.00", "0.00", "0.00", "2,960.00"),
    )
    assert slip.amounts[0] == SlipAmount("全年合规费用", D("21000"))
    assert slip.amounts[-1] == SlipAmount("个人自付", D("2960.00"), emphasis=True)
    # the ledgers at the year's end: the capped fund holds the inpatient 17,640 only; one admission
    assert "年末 住院+门诊特殊病 基本医保已付(35万元限额):17,640.00 元" in slip.notes
    assert "年末 普通门诊 年度累计合规费用:1,000.00 元" in slip.notes
    assert "年末 住院次数:1" in slip.notes
    assert slip.steps == (*r.events[0].steps, *r.events[1].steps, *r.steps)
