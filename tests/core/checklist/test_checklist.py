"""The enrolment checklist, checked against the notices' text (2024: 参保缴费须知; 2025: 通告)."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop.core.checklist import ChecklistAnswers, build_checklist
from desktop.core.policy.loader import PolicySet


def texts(checklist, key: str) -> str:  # type: ignore[no-untyped-def]
    return "\n".join(i.text for i in checklist.section(key).items)


def test_sections_in_counter_order(policies: PolicySet) -> None:
    c = build_checklist(policies[2025], ChecklistAnswers())
    assert [s.key for s in c.sections] == [
        "eligibility",
        "registration",
        "documents",
        "where",
        "payment",
        "receipts",
        "warnings",
        "benefits",
        "timing",
    ]


def test_every_item_cites_a_clause(policies: PolicySet) -> None:
    for year in (2024, 2025):
        for payment in ("bank_debit", "online", "counter", "family", "school"):
            answers = ChecklistAnswers(new_enrolment=True, payment=payment, minor=True, category="minor")
            for section in build_checklist(policies[year], answers).sections:
                for item in section.items:
                    assert item.citations, (year, payment, item.text)


def test_continuing_unchanged_is_treated_as_continuing(policies: PolicySet) -> None:
    c = build_checklist(policies[2025], ChecklistAnswers(new_enrolment=False, info_changed=False))
    assert not c.needs_registration
    assert "视作延续参保" in texts(c, "registration")
    assert "不用办理登记" in texts(c, "where")


def test_new_resident_gets_each_registration_channel(policies: PolicySet) -> None:
    c = build_checklist(policies[2025], ChecklistAnswers(new_enrolment=True))
    assert c.needs_registration
    where = texts(c, "where")
    assert "现场办理" in where and "线上办理" in where
    assert "学校统一办理" not in where  # an elderly resident is not registered by a school
    # 2024 listed 掌上办理 and 网上办理 separately
    where_2024 = texts(build_checklist(policies[2024], ChecklistAnswers(info_changed=True)), "where")
    assert "掌上办理" in where_2024 and "网上办理" in where_2024


def test_college_student_registers_through_school(policies: PolicySet) -> None:
    answers = ChecklistAnswers(new_enrolment=True, category="college_student", college_student=True, payment="school")
    c = build_checklist(policies[2025], answers)
    assert c.eligible
    assert texts(c, "where").startswith("学校统一办理")
    assert "现场办理" not in texts(c, "where")
    assert "学校代缴" in texts(c, "payment")


def test_employee_insured_is_not_eligible(policies: PolicySet) -> None:
    c = build_checklist(policies[2025], ChecklistAnswers(employee_insured=True))
    assert not c.eligible
    assert "职工医保覆盖范围以外" in texts(c, "eligibility")


def test_nonlocal_minor_with_residence_permit(policies: PolicySet) -> None:
    answers = ChecklistAnswers(huji=False, residence_permit=True, minor=True, category="minor", new_enrolment=True)
    # 2025 §一 第5项: residence permit, under 18, not insured elsewhere
    assert build_checklist(policies[2025], answers).eligible
    # ... but not when already insured elsewhere
    assert not build_checklist(policies[2025], answers.model_copy(update={"insured_elsewhere": True})).eligible
    # 2024 §一(二)5 only admits pre-school children with a parent in employee insurance for 12 months
    assert not build_checklist(policies[2024], answers).eligible
    preschool = answers.model_copy(update={"preschool": True, "parent_employee_12m": True})
    assert build_checklist(policies[2024], preschool).eligible


def test_residence_permit_adult_needs_earlier_enrolment_here(policies: PolicySet) -> None:
    answers = ChecklistAnswers(huji=False, residence_permit=True)
    assert not build_checklist(policies[2025], answers).eligible
    assert build_checklist(policies[2025], answers.model_copy(update={"previously_insured_here": True})).eligible


def test_bank_debit_2025_dates_banks_documents_and_11_15_warning(policies: PolicySet) -> None:
    c = build_checklist(policies[2025], ChecklistAnswers(payment="bank_debit", flexible_pension=True))
    pay = texts(c, "payment")
    assert "2024年10月01日至2024年12月31日" in pay
    assert "2024-11-15" in pay
    assert "江南银行" in pay
    assert "11月15日前" in pay
    docs = texts(c, "documents")
    assert "参保人身份证原件" in docs and "省社保卡" in docs
    assert "法定监护人" not in docs  # an adult needs no guardian papers
    minor = ChecklistAnswers(minor=True, category="minor", flexible_pension=True)
    minor_docs = texts(build_checklist(policies[2025], minor), "documents")
    assert "法定监护人" in minor_docs


def test_bank_debit_2024_three_month_end_dates(policies: PolicySet) -> None:
    pay = texts(build_checklist(policies[2024], ChecklistAnswers(payment="bank_debit")), "payment")
    assert "2023-10-31、2023-11-30、2023-12-31" in pay
    assert "11月15日" not in pay  # the 2024 notice has no such warning


def test_online_from_date_stated_in_2024_silent_in_2025(policies: PolicySet) -> None:
    pay_2024 = texts(build_checklist(policies[2024], ChecklistAnswers(payment="online")), "payment")
    assert "2023年11月01日起" in pay_2024
    c = build_checklist(policies[2025], ChecklistAnswers(payment="online"))
    silent = [i for i in c.section("payment").items if i.silent]
    assert silent and "没有写线上缴费从哪天开始" in silent[0].text


def test_family_payment_relatives_by_year(policies: PolicySet) -> None:
    pay_2025 = texts(build_checklist(policies[2025], ChecklistAnswers(payment="family")), "payment")
    assert "兄弟姐妹" in pay_2025 and "外孙子女" in pay_2025
    c_2024 = build_checklist(policies[2024], ChecklistAnswers(payment="family"))
    pay_2024 = texts(c_2024, "payment")
    assert "配偶、父母、子女" in pay_2024 and "兄弟姐妹" not in pay_2024
    assert "没有列出" in pay_2024  # the 2024 notice lists no 家庭共济 channel


def test_aid_recipient_pays_nothing(policies: PolicySet) -> None:
    c = build_checklist(policies[2025], ChecklistAnswers(aid_status="other_aid"))
    assert "政府全额承担" in texts(c, "eligibility")
    assert "政府全额承担" in texts(c, "payment")


def test_receipts_list_every_channel(policies: PolicySet) -> None:
    assert len(build_checklist(policies[2025], ChecklistAnswers()).section("receipts").items) == 5
    assert len(build_checklist(policies[2024], ChecklistAnswers()).section("receipts").items) == 4


def test_warnings_waiting_period_and_critical_illness_limit(policies: PolicySet) -> None:
    w_2025 = texts(build_checklist(policies[2025], ChecklistAnswers()), "warnings")
    assert "等待 3 个月" in w_2025
    assert "每断保1年,等待期再加 1 个月" in w_2025
    assert "大病保险最高支付限额" in w_2025 and "未给出具体标准" in w_2025
    assert "连续参保" in w_2025
    w_2024 = texts(build_checklist(policies[2024], ChecklistAnswers()), "warnings")
    assert "等待 2 个月" in w_2024
    assert "没有断保年数增加等待期的规定" in w_2024


def test_benefit_applications(policies: PolicySet) -> None:
    b = texts(build_checklist(policies[2025], ChecklistAnswers()), "benefits")
    for name in (
        "门诊慢性病",
        "门诊特殊病",
        "双通道",
        "苯丙酮尿症",
        "特殊人员用血",
        "异地就医",
        "医保电子凭证",
        "12393",
    ):
        assert name in b


# ---- issue 13, 7-9: the checklist says only what the notices say


def test_school_pupils_enrol_with_their_household_not_through_the_school(policies: PolicySet) -> None:
    # 2024 二(一), 三(四) and 2025 四(二), 五(二): only 高等院校 and 职业院校(含技工学校/院校) students are
    # registered and charged by their school; 中小学 pupils are 未成年居民 like any other.
    for year in (2024, 2025):
        pupil = ChecklistAnswers(new_enrolment=True, category="minor", minor=True, school_student=True)
        c = build_checklist(policies[year], pupil)
        assert c.eligible, year
        where = texts(c, "where")
        assert not any(line.startswith("学校统一办理") for line in where.splitlines()), year
        assert "现场办理" in where, year
        assert "中小学" in where, year  # says why the school does not do it
        pay = texts(build_checklist(policies[year], pupil.model_copy(update={"payment": "school"})), "payment")
        assert "学校代缴:" not in pay and "职业院校" in pay, year  # refused, with whom it is for

        vocational = pupil.model_copy(update={"school_student": False, "vocational_student": True})
        c = build_checklist(policies[year], vocational)
        assert c.eligible, year
        assert texts(c, "where").startswith("学校统一办理"), year
        assert "现场办理" not in texts(c, "where"), year
        pay = texts(build_checklist(policies[year], vocational.model_copy(update={"payment": "school"})), "payment")
        assert "学校代缴:" in pay, year


def test_bank_documents_only_under_the_notices_condition(policies: PolicySet) -> None:
    # 2024 三(一): "首次使用省保卡扣费的…应提供以下资料"
    plain = build_checklist(policies[2024], ChecklistAnswers(payment="bank_debit"))
    assert "参保人身份证原件" not in texts(plain, "documents")
    assert "首次使用省保卡扣费" in texts(plain, "documents")
    first = build_checklist(policies[2024], ChecklistAnswers(payment="bank_debit", first_bank_debit=True))
    assert "参保人身份证原件" in texts(first, "documents")
    # 2025 五(一)1: "其中同时参加灵活就业人员养老保险的居民应…办理…应提供以下资料"
    plain = build_checklist(policies[2025], ChecklistAnswers(payment="bank_debit", first_bank_debit=True))
    assert "参保人身份证原件" not in texts(plain, "documents")
    assert "灵活就业人员养老保险" in texts(plain, "documents")
    flexible = build_checklist(policies[2025], ChecklistAnswers(payment="bank_debit", flexible_pension=True))
    assert "参保人身份证原件" in texts(flexible, "documents")


def test_exempt_person_gets_no_payment_steps(policies: PolicySet) -> None:
    for year in (2024, 2025):
        for way in ("bank_debit", "online", "counter", "family"):
            a = ChecklistAnswers(aid_status="other_aid", payment=way, first_bank_debit=True, flexible_pension=True)
            c = build_checklist(policies[year], a)
            pay, docs = texts(c, "payment"), texts(c, "documents")
            assert "政府全额承担" in pay, (year, way)
            for word in ("扣款", "扣费", "合作银行", "身份证原件", "线上缴费:", "代缴人", "银联卡"):
                assert word not in pay + docs, (year, way, word)


def test_newborn_end_to_end(policies: PolicySet) -> None:
    """A child born 2025-05-10, registered and paid 2025-06-01 (after the collection period)."""
    a = ChecklistAnswers(
        newborn=True,
        minor=True,
        category="minor",
        payment="online",
        birth_date=dt.date(2025, 5, 10),
        payment_date=dt.date(2025, 6, 1),
    )
    c = build_checklist(policies[2025], a)
    assert c.needs_registration  # a newborn always registers, "新参保" ticked or not
    assert "新生儿第一次参保:需要办理参保登记" in c.section("registration").all_text()
    assert "户口簿" in c.section("documents").all_text() and "出生医学证明" in c.section("documents").all_text()
    assert c.section("where").items  # where to register: the channels for 未成年居民
    timing = c.section("timing").all_text()
    assert "除新生儿等特殊群体外" in timing  # the 2025 notice's exemption, quoted
    assert "追溯报销" in timing
    # exempt: no waiting months; cover from birth (product reading, labelled), not from 2025-01-01
    assert "不设等待期,自 2025-05-10 起享受待遇" in timing and "【解读】" in timing
    assert c.benefit_start == dt.date(2025, 5, 10) and c.timing_problem is None


def test_late_payer_end_to_end_in_the_checklist(policies: PolicySet) -> None:
    # 2025, paid 2025-03-15 after a 2-year break, 1 year repaid: 3 + (2 - 1) = 4 months, March..June
    # -> 2025-07-01 (DOMAIN reading 12's own example)
    a = ChecklistAnswers(new_enrolment=True, payment_date=dt.date(2025, 3, 15), years_broken=2, years_repaid=1)
    c = build_checklist(policies[2025], a)
    assert "2025-03-15 缴费:等待期 4 个月,自 2025-07-01 起享受待遇" in c.section("timing").all_text()
    assert "保费测算" not in c.all_text()  # never sends the clerk to another tab
    # no date yet: it asks for one instead of presenting a default
    c = build_checklist(policies[2025], ChecklistAnswers(new_enrolment=True, years_broken=2))
    assert "请在左侧填写缴费日期" in c.section("timing").all_text() and c.benefit_start is None


@pytest.mark.parametrize(
    ("answers", "field"),
    [
        ({"newborn": True, "years_broken": 2, "payment_date": dt.date(2025, 6, 1)}, "years_broken"),
        (
            {"newborn": True, "birth_date": dt.date(2025, 7, 1), "payment_date": dt.date(2025, 6, 1)},
            "birth_date",
        ),
        ({"newborn": True, "payment_date": dt.date(2025, 6, 1)}, "birth_date"),
    ],
)
def test_contradictory_timing_inputs_name_their_field(policies: PolicySet, answers, field: str) -> None:  # type: ignore[no-untyped-def]
    c = build_checklist(policies[2025], ChecklistAnswers(**answers))
    assert c.timing_problem is not None and c.timing_problem[0] == field and c.benefit_start is None


def test_clauses_made_per_call_are_cited_with_their_own_clause(policies) -> None:  # type: ignore[no-untyped-def]
    """A clause cited under a section heading (a figure made for that one call) keeps its own
    source: the citation cache keys on a figure's id, and a freed figure's id is reused by the
    next one, so a cached lookup would hand back the previous clause's source."""
    from desktop.core.checklist.common import clause as _clause

    policy = policies.get(2025)
    for n in range(50):
        clause = f"第{n}条"
        assert clause in _clause(policy, clause, "同一标签", "同一内容").source


def _late_and_newborn() -> list[ChecklistAnswers]:
    # a late payer on 2025-02-15, and the parents of a newborn born 2025-03-10 (both after the
    # 2025 collection period, 2024-10-01 to 2024-12-31, 通告 二)
    return [
        ChecklistAnswers(
            new_enrolment=True, category="elderly", payment="bank_debit", payment_date=dt.date(2025, 2, 15)
        ),
        ChecklistAnswers(
            new_enrolment=True,
            category="minor",
            minor=True,
            newborn=True,
            birth_date=dt.date(2025, 3, 10),
            payment="bank_debit",
            payment_date=dt.date(2025, 3, 20),
        ),
    ]


def test_after_the_period_the_list_says_how_to_pay_now_not_in_a_period_that_is_over(policies: PolicySet) -> None:
    for answers in _late_and_newborn():
        c = build_checklist(policies[2025], answers)
        pay = texts(c, "payment")
        assert "请在此期间缴费" not in pay and "请在扣款日前" not in pay
        assert "11月15日前" not in pay  # the 家庭共济 / debit reminder of the period
        first = c.section("payment").items[0].text
        assert "已经结束" in first or "出生前已经结束" in first
    late = build_checklist(policies[2025], _late_and_newborn()[0])
    assert "补办当年参保缴费手续" in texts(late, "payment")
    # in the period, the list still says so
    on_time = build_checklist(policies[2025], ChecklistAnswers(payment="bank_debit"))
    assert "请在此期间缴费" in texts(on_time, "payment") and "请在扣款日前" in texts(on_time, "payment")


def test_readings_are_labelled_and_a_minors_guardian_gets_the_notices_clause(policies: PolicySet) -> None:
    newborn = build_checklist(policies[2025], _late_and_newborn()[1])
    docs = texts(newborn, "documents")
    # 通告 五(一)1: 参保人为未成年人的,由法定监护人携带身份证原件、未成年人身份证或户口簿为其办理
    assert "法定监护人" in docs and "户口簿" in docs
    assert "通知没有要求另带材料" not in newborn.all_text()
    for c in (newborn, build_checklist(policies[2025], ChecklistAnswers(payment="online"))):
        for line in c.all_text().splitlines():
            # where the notice is silent, what the product adds (a suggestion) is labelled a reading
            if "通知没有" in line and ("建议" in line or "即可" in line):
                assert "【解读】" in line, line


def test_the_short_form_is_the_one_page_list_without_repeats_or_a_newborns_wait(policies: PolicySet) -> None:
    newborn = build_checklist(policies[2025], _late_and_newborn()[1])
    full_text = newborn.all_text()
    assert "要等待 3 个月" not in full_text  # 新生儿 wait no months
    assert full_text.count("新生儿追溯报销") == 1
    short = newborn.short()
    keys = [s.key for s in short.sections]
    assert "receipts" not in keys and len(short.all_text()) < len(full_text) / 2
    lines = short.all_text().splitlines()
    assert len(lines) == len(set(lines))
    # what a newborn's parents need stays: where to register, what to bring, how to pay, when cover starts
    assert {"registration", "documents", "where", "payment", "timing"} <= set(keys)
