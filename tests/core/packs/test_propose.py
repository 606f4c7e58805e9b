"""Proposals from a new notice (issue 22): the matching on small hand-written notices, the measure
on the two real notices, reading notice files, and `pack propose`.

Every expected value below is read off the little notice text beside it (or, for the real
notices, off policy_data/<year>.yaml, which was written by hand from them); none is taken from
the code under test.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import sys
import time
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from desktop.cli import pack as packs_cli
from desktop.core.packs import notice_text
from desktop.core.packs.notice_text import NoticeError, read_notice
from desktop.core.packs.propose import Proposal, figure_quote, iter_figures, proposal_json, propose

ROOT = Path(__file__).resolve().parents[3]
SEEDS = ROOT.parent / "shared" / "seeds"
sys.path.insert(0, str(ROOT / "tools"))


def _doc(**figures: dict[str, Any]) -> dict[str, Any]:
    return {"policy_year": 2025, "premiums": dict(figures)}


def _one(fig: dict[str, Any], notice: str, **kw: Any) -> Proposal:
    (p,) = propose(_doc(x=fig), notice, **kw)
    return p


# ------------------------------------------------------------------------------- the quote


def test_figure_quote_reads_both_formats() -> None:
    assert (
        figure_quote({"value": "730", "cite": "三、个人缴费标准:“老年居民”个人缴费730元/人"})
        == "“老年居民”个人缴费730元/人"
    )
    assert figure_quote({"value": "30", "cite": "变化 二:长护险30元/人"}) == "长护险30元/人"  # ASCII colon
    assert figure_quote({"value": "1", "cite": "a:b:c"}) == "b:c"  # only the first colon cuts
    assert figure_quote({"value": "730", "cite": "三、个人缴费标准", "quote": "个人缴费730元/人"}) == "个人缴费730元/人"
    assert figure_quote({"value": "730", "cite": "三、个人缴费标准"}) == ""


def test_the_quote_field_wins_over_the_cite() -> None:
    # the cite's words are nowhere in the notice; the quote's are
    fig = {"value": "730", "cite": "三:毫不相干的话730元", "quote": "“老年居民”个人缴费730元/人"}
    p = _one(fig, "“老年居民”个人缴费 760 元/人。")
    assert p.found and p.proposed == "760"


def test_every_figure_gets_a_path_and_a_label_in_document_order() -> None:
    doc = {
        "policy_year": 2025,
        "notices": [{"id": "n", "value": "x", "cite": "y"}],  # not a figure
        "premiums": {
            "ltc_individual": {"value": "30", "cite": "a:长护险30元/人"},
            "categories": {"elderly": {"label": "老年居民", "individual": {"value": "730", "cite": "a:b"}}},
        },
        "enrolment": {"reminders": [{"value": "请连续参保", "cite": "七"}]},
        "benefits": {"inpatient": {"levels": {1: {"adult": {"ratio": {"value": "0.90", "cite": "t"}}}}}},
    }
    paths = [p for p, _ in iter_figures(doc)]
    assert paths == [
        "premiums.ltc_individual",
        "premiums.categories.elderly.individual",
        "enrolment.reminders[0]",
        "benefits.inpatient.levels.1.adult.ratio",
    ]
    labels = [p.label for p in propose(doc, "无关的文字。")]
    assert labels[1] == "缴费标准 · 老年居民 · 个人缴费"
    assert labels[3] == "待遇 · 住院 · 1级医院 · 老年/非从业 · 支付比例"


# ------------------------------------------------------------------------------- numbers


NOTICE = (
    "三、个人缴费标准\n"
    "- “老年居民”个人缴费 760 元/人;\n"
    "- “未成年居民”个人缴费 400 元/人;\n"
    "注:参保人员在一个年度内累计住院和门诊特殊病医疗费用以40万元为最高支付限额标准。\n"
    "医保统筹基金按 80%比例予以支付。\n"
    "市外转院(诊)在市内支付比例的基础上降低10个百分点。\n"
)


def test_a_changed_premium_is_proposed_with_its_sentence_and_spans() -> None:
    p = _one({"value": "730", "cite": "三、个人缴费标准:“老年居民”个人缴费730元/人"}, NOTICE)
    assert p.found and p.proposed == "760" and p.old_value == "730" and p.old_status == "official"
    assert p.sentence == "- “老年居民”个人缴费 760 元/人;"
    assert p.span is not None and NOTICE[p.span[0] : p.span[1]] == p.sentence
    assert p.value_span is not None and NOTICE[p.value_span[0] : p.value_span[1]] == "760"


def test_wan_yuan_percent_and_percentage_points_are_converted() -> None:
    cap = _one({"value": "350000", "cite": "注:累计住院和门诊特殊病医疗费用以35万元为最高支付限额标准"}, NOTICE)
    assert cap.proposed == "400000"  # 40万元
    rate = _one({"value": "0.75", "cite": "二(五)4:医保统筹基金按75%比例予以支付"}, NOTICE)
    assert rate.proposed == "0.80"  # 80%, written with the old value's two places
    cut = _one({"value": "0.05", "cite": "表:市外转院(诊) 降低5个百分点"}, NOTICE)
    assert cut.proposed == "0.10"  # 10个百分点


def test_an_int_figure_stays_an_int() -> None:
    p = _one(
        {"value": 2, "cite": "五(二):参保缴费成功当月起期满2个月后方可开始享受"},
        "参保缴费成功当月起期满 3 个月后方可开始享受。",
    )
    assert p.proposed == 3 and isinstance(p.proposed, int)


def test_numbers_in_characters_and_with_thousands_separators() -> None:
    years = _one(
        {"value": 1, "cite": "二(五)1:对连续参加居民医保满一年的人员"}, "对连续参加居民医保满两年的人员,实行补助。"
    )
    assert years.proposed == 2
    months = _one({"value": 3, "cite": "三:固定待遇等待期3个月"}, "设置固定待遇等待期六个月。")
    assert months.proposed == 6
    cap = _one({"value": "350000", "cite": "注:以35万元为最高支付限额标准"}, "以400,000元为最高支付限额标准。")
    assert cap.proposed == "400000"


def test_two_places_that_match_equally_with_different_numbers_give_not_found() -> None:
    notice = "(一)老年居民个人缴费标准 700 元/人。(三)未成年居民个人缴费标准 360 元/人。"
    p = _one({"value": "650", "cite": "变化:个人缴费标准650元/人"}, notice)
    assert not p.found and p.proposed is None and p.span is None
    assert "无法确定" in p.note


def test_a_figure_worked_out_from_the_quote_is_not_proposed() -> None:
    # 1100 = 1250 − 150: the quote holds numbers of its kind, but not the figure itself
    fig = {"value": "1100", "status": "interpretation", "cite": "变化 二(一):财政补助标准1250元/人,财政补助增加150元"}
    p = _one(fig, "(一)财政补助标准 1300 元/人,财政补助增加 50 元。")
    assert not p.found and p.proposed is None


def test_a_number_of_another_kind_is_never_taken() -> None:
    # last year's 30元 must not be proposed from a percentage in the same words
    p = _one({"value": "30", "cite": "二:长期护理保险个人缴费标准30元/人"}, "长期护理保险个人缴费标准按 30%执行。")
    assert not p.found


def test_words_before_the_number_that_are_not_the_quotes_block_it() -> None:
    # the notice's 30 belongs to 长期护理险, not to 个人缴费标准
    fig = {"value": "700", "cite": "变化 二(一):个人缴费标准700元/人"}
    p = _one(fig, "参保对象类别\t个人缴费标准 (含长期护理险30元/人)\n老年居民\t730元/人\n")
    assert not p.found


def test_a_sentence_about_the_former_rule_is_never_taken() -> None:
    # the 2025 notice's 变化 section quotes last year's rules after “原来:”
    notice = "原来:“老年居民”个人缴费 730 元/人。\n2026 年:“老年居民”个人缴费标准另行公布。"
    p = _one({"value": "730", "cite": "三:“老年居民”个人缴费730元/人"}, notice)
    assert not p.found
    text = _one({"value": "持有我市居住证的幼儿园儿童", "cite": "一"}, "原来:持有我市居住证的幼儿园儿童。")
    assert not text.found
    kin = _one({"value": ["父母", "配偶", "子女"], "cite": "五"}, "由原来的直系亲属(父母、配偶、子女)增加到近亲属。")
    assert not kin.found


def test_a_value_needing_more_places_is_given_exactly() -> None:
    p = _one({"value": "0.90", "cite": "表:一级医疗机构支付比例90%"}, "一级医疗机构支付比例 92.5%。")
    assert p.proposed == "0.925"


# quotes as issue 21 writes them: the clause in `cite` (with the row or column after the colon),
# the notice's own words in `quote`, a table quoted row by row

TABLE = (
    "医疗机构类别\t老年居民/非从业居民\t\t未成年居民/大学生\t\n"
    "\t起付标准\t支付比例\t起付标准\t支付比例\n"
    "一级医疗机构\t450元/次\t90%\t250元/次\t95%\n"
    "二级医疗机构\t600元/次\t80%\t400元/次\t90%\n"
)


def test_a_quoted_table_row_is_read_cell_for_cell() -> None:
    quote = "一级医疗机构 400元/次 90% 200元/次 95%"
    young = {"value": "200", "cite": "一、住院待遇 表:未成年居民/大学生 起付标准", "quote": quote}
    ratio = {"value": "0.95", "cite": "一、住院待遇 表:未成年居民/大学生 支付比例", "quote": quote}
    adult = {"value": "400", "cite": "一、住院待遇 表:老年居民/非从业居民 起付标准", "quote": quote}
    assert _one(young, TABLE).proposed == "250"
    assert _one(ratio, TABLE).proposed == "0.95"
    assert _one(adult, TABLE).proposed == "450"


def test_of_two_cells_with_the_same_words_the_quoted_one() -> None:
    notice = "“双通道”药品\t60%\t市内支付比例的基础上降低5个百分点\t在市内支付比例的基础上降低25个百分点\n"
    fig = {"value": "0.20", "cite": "表:未经审批市外转院(诊)栏", "quote": "在市内支付比例的基础上降低20个百分点"}
    assert _one(fig, notice).proposed == "0.25"


def test_a_whole_quoted_table_never_lends_another_rows_number() -> None:
    quote = "医疗类别 人员类别 支付比例 最高限额 普通门诊 特困供养人员 100% 1万元 其他救助对象 80%"
    fig = {"value": "0.80", "cite": "表:其他救助对象", "quote": quote}
    notice = "医疗类别\t人员类别\t支付比例\t最高限额(万元)\n普通门诊\t特困供养人员\t100%\t1\n\t其他救助对象\t85%\t\n"
    p = _one(fig, notice)
    assert p.proposed in (None, "0.85")  # 未找到 is allowed; 1.00 (the row above) never


def test_a_category_named_in_another_columns_row_lends_no_number() -> None:
    # last year's 筹资标准 and 个人缴费标准 of 未成年居民; the new notice has only the premium table, whose
    # 390 is the premium and whose 30 is 长期护理险's: neither is this figure
    notice = "参保对象类别\t个人缴费标准 (含长期护理险30元/人)\n老年居民\t730元/人\n未成年居民\t390元/人\n"
    quote = "(三)“未成年居民”筹资标准 1410 元/人,其中:政府补助标准 1050 元/人,个人缴费标准 360 元/人。"
    assert not _one({"value": "1410", "cite": "变化 二(三)", "quote": quote}, notice).found
    assert not _one({"value": "360", "cite": "变化 二(三)", "quote": quote}, notice).found


def test_a_figure_without_a_quote_or_value_is_not_found() -> None:
    assert not _one({"value": None, "status": "not_stated", "cite": "三"}, NOTICE).found
    assert _one({"value": "730", "cite": "三、个人缴费标准"}, NOTICE).note


# ------------------------------------------------------------------------------- dates


def test_a_date_range_with_the_second_year_left_out() -> None:
    doc = {
        "policy_year": 2024,
        "enrolment": {
            "collection_start": {
                "value": dt.date(2023, 10, 1),
                "cite": "一(一):集中参保缴费期为2023年10月1日—12月31日",
            },
            "collection_end": {"value": dt.date(2023, 12, 31), "cite": "一(一):集中参保缴费期为2023年10月1日—12月31日"},
        },
    }
    notice = "2025年度集中参保缴费期为 2024 年 9 月 1 日—12 月 20 日。"
    start, end = propose(doc, notice)
    assert start.proposed == dt.date(2024, 9, 1)
    assert end.proposed == dt.date(2024, 12, 20)  # the year of the range's first date


def test_a_date_without_its_year_moves_on_one_year_or_as_asked() -> None:
    fig = {"value": [dt.date(2024, 11, 15)], "cite": "五(一)4:11月15日前(税务部门首次批量扣费日)"}
    notice = "请在 11 月 20 日前(税务部门首次批量扣费日)完成缴费。"
    assert _one(fig, notice).proposed == [dt.date(2025, 11, 20)]
    assert _one(fig, notice, new_year=2024).proposed == [dt.date(2023, 11, 20)]


def test_the_two_ends_of_a_period_named_only_by_its_heading() -> None:
    doc = {
        "policy_year": 2024,
        "enrolment": {
            "benefit_start": {"value": dt.date(2024, 1, 1), "cite": "参保缴费须知 五(二) 待遇享受期"},
            "benefit_end": {"value": dt.date(2024, 12, 31), "cite": "参保缴费须知 五(二) 待遇享受期"},
        },
    }
    start, end = propose(doc, "2.待遇享受期为 2025 年 1 月 1 日起至 2025 年 12 月 31 日。")
    assert (start.proposed, end.proposed) == (dt.date(2025, 1, 1), dt.date(2025, 12, 31))


# ------------------------------------------------------------------------------- text and lists


def test_text_is_kept_only_when_the_notice_says_it_word_for_word() -> None:
    same = _one({"value": "请连续参保缴费", "cite": "七"}, "为了保障您的权益,请连续参保缴费。")
    assert same.found and same.proposed == "请连续参保缴费"
    changed = _one({"value": "请按时参保缴费", "cite": "七"}, "为了保障您的权益,请连续参保缴费。")
    assert not changed.found and changed.proposed is None


def test_a_reworded_text_points_at_its_nearest_sentence_without_a_value() -> None:
    notice = "一、参保对象范围。\n城乡居民医保实行属地管理,参保对象为行政区域内符合以下条件的城乡居民。\n二、缴费。"
    fig = {"value": "城乡居民医保实行属地管理,参保对象为行政区域内的城乡居民", "cite": "一"}
    p = _one(fig, notice)
    assert not p.found and p.proposed is None
    assert p.sentence == "城乡居民医保实行属地管理,参保对象为行政区域内符合以下条件的城乡居民。"
    assert p.span is not None and notice[p.span[0] : p.span[1]] == p.sentence


def test_a_list_is_read_from_the_enumeration_with_a_renamed_item() -> None:
    fig = {"value": ["恶性肿瘤", "慢性肝炎(中、重度)", "儿童I型糖尿病", "肺结核"], "cite": "二(三)1 门诊特殊病范围"}
    notice = "医保待遇政策还有门诊特殊病待遇(恶性肿瘤、慢性肝炎(中、重度)、儿童 1 型糖尿病、肺结核);国家谈判药待遇。"
    p = _one(fig, notice)
    assert p.found and p.proposed == ["恶性肿瘤", "慢性肝炎(中、重度)", "儿童1型糖尿病", "肺结核"]


BANDS = [{"lower": "20000", "upper": "100000", "rate": "0.60"}, {"lower": "100000", "upper": None, "rate": "0.70"}]
BANDS_QUOTE = "补偿范围 起付标准(元) 基金补偿比例 符合规定的费用 2万 2万~10万元60% 10万元以上70%"


def test_a_table_of_bands_is_read_where_it_stands_as_it_stood() -> None:
    fig = {"value": BANDS, "cite": "大病保险 第一张表", "quote": BANDS_QUOTE}
    notice = "补偿范围\t起付标准(元)\t基金补偿比例\n符合规定的费用\t3万\t3万~12万元65%\n\t\t12万元以上75%\n"
    p = _one(fig, notice)
    assert p.found
    assert p.proposed == [
        {"lower": "30000", "upper": "120000", "rate": "0.65"},
        {"lower": "120000", "upper": None, "rate": "0.75"},
    ]


def test_a_table_of_bands_whose_numbers_disagree_or_are_reworded_is_left_to_the_officer() -> None:
    fig = {"value": BANDS, "cite": "大病保险 第一张表", "quote": BANDS_QUOTE}
    # 10万 is both the first band's top and the second's bottom: here they differ
    split = "补偿范围\t起付标准(元)\t基金补偿比例\n符合规定的费用\t3万\t3万~12万元65%\n\t\t15万元以上75%\n"
    assert not _one(fig, split).found
    assert not _one(fig, "大病保险起付标准3万元,3万至12万元的部分支付65%。").found
    old_style = {"value": BANDS, "cite": "表:起付标准2万,2万~10万元60%,10万元以上70%"}
    assert not _one(old_style, "起付标准 3 万").found


def test_proposal_json_is_plain_data() -> None:
    p = _one({"value": dt.date(2024, 1, 1), "cite": "五(二):待遇享受期为2024年1月1日"}, "待遇享受期为2025年1月1日。")
    data = proposal_json(p)
    assert data["proposed"] == "2025-01-01" and data["old_value"] == "2024-01-01" and data["found"] is True
    json.dumps(data, ensure_ascii=False)


# ------------------------------------------------------------------------------- premium parts


def _reading(value: str) -> dict[str, Any]:
    # last year's part worked out (a reading), its quote from another notice: no words of its own to match
    return {
        "value": value,
        "status": "interpretation",
        "cite": "变化 二(一)",
        "quote": "个人缴费730元/人",
        "notice": "n0",
    }


def _categories_doc() -> dict[str, Any]:
    def parts(label: str) -> dict[str, Any]:
        return {
            "label": label,
            "medical_individual": _reading("1"),
            "government_subsidy": _reading("2"),
            "funding_standard": _reading("3"),
        }

    return {
        "policy_year": 2024,
        "premiums": {"categories": {"elderly": parts("老年居民"), "non_employed": parts("非从业居民")}},
    }


def _by_path(doc: dict[str, Any], notice: str) -> dict[str, Proposal]:
    return {p.path: p for p in propose(doc, notice, new_year=2025)}


# the 2025 notice's 变化 二, with its 三、个人缴费标准 list before it
PARTS_NOTICE = (
    "三、个人缴费标准\n"
    "- “老年居民”个人缴费 730 元/人;\n"
    "- “非从业居民”个人缴费 880 元/人;\n"
    "二、2025 年度居民医保缴费标准发生了变化,主要是增加了财政补助。\n"
    "(一)“老年居民”筹资标准 1950 元/人,其中:财政补助标准 1250 元/人,个人缴费标准 700 元/人。财政补助增加 150 元。\n"
    "(二)“非从业居民”筹资标准 1950 元/人,其中:政府补助标准 1100 元/人,个人缴费标准 850 元/人。"
    "个人缴费标准下降 50 元,财政补助增加 200 元。\n"
)


def test_premium_parts_are_read_from_each_categorys_funding_sentence() -> None:
    got = _by_path(_categories_doc(), PARTS_NOTICE)
    cat = "premiums.categories."
    # (一) 老年居民: 筹资标准 1950 = 财政补助标准 1250 + 个人缴费标准 700 (1250 + 700 = 1950)
    assert got[cat + "elderly.funding_standard"].proposed == "1950"
    assert got[cat + "elderly.government_subsidy"].proposed == "1250"
    assert got[cat + "elderly.medical_individual"].proposed == "700"  # not the list's 730 (incl. 长护险)
    # (二) 非从业居民: 1950 = 政府补助标准 1100 + 个人缴费标准 850 (1100 + 850 = 1950); not 下降的 50,
    # not 增加的 200, not the list's 880
    assert got[cat + "non_employed.funding_standard"].proposed == "1950"
    assert got[cat + "non_employed.government_subsidy"].proposed == "1100"
    assert got[cat + "non_employed.medical_individual"].proposed == "850"
    p = got[cat + "elderly.government_subsidy"]
    assert p.found and "1250" in p.sentence and PARTS_NOTICE[p.value_span[0] : p.value_span[1]] == "1250"


def test_premium_parts_are_not_guessed_from_a_doubtful_sentence() -> None:
    cat = "premiums.categories."
    # the sound sentence alone: 个人缴费标准 700 is read (1250 + 700 = 1950)
    sound = "“老年居民”筹资标准 1950 元/人,其中:财政补助标准 1250 元/人,个人缴费标准 700 元/人。"
    assert _by_path(_categories_doc(), sound)[cat + "elderly.medical_individual"].proposed == "700"
    # only the list and the change sentences: 730 is the total with 长护险, 50/150 are changes
    changes = "“老年居民”个人缴费 730 元/人。老年居民个人缴费标准下降 50 元,财政补助增加 150 元。"
    assert not any(p.found for p in propose(_categories_doc(), changes, new_year=2025))
    # the term twice in the sentence: which is meant is unclear
    twice = "“老年居民”筹资标准 1950 元/人,其中:财政补助标准 1250 元/人,个人缴费标准 700 元/人,个人缴费标准 720 元/人。"
    got = _by_path(_categories_doc(), twice)
    assert not got[cat + "elderly.medical_individual"].found
    # one sentence for two categories: neither category's
    both = "“老年居民”“非从业居民”筹资标准 1950 元/人,其中:财政补助标准 1250 元/人,个人缴费标准 700 元/人。"
    assert not any(p.found for p in propose(_categories_doc(), both, new_year=2025))
    # two sentences for the same category with different numbers: not found
    two = (
        "“老年居民”筹资标准 1950 元/人,其中:财政补助标准 1250 元/人,个人缴费标准 700 元/人。"
        "“老年居民”筹资标准 2000 元/人,其中:财政补助标准 1300 元/人,个人缴费标准 700 元/人。"
    )
    got = _by_path(_categories_doc(), two)
    assert not got[cat + "elderly.funding_standard"].found and not got[cat + "elderly.government_subsidy"].found


def _districts_doc() -> dict[str, Any]:
    names = ["武进区", "新北区", "天宁区", "钟楼区", "常州经开区", "溧阳市", "金坛区"]
    first = "武进区、新北区、天宁区、钟楼区、常州经开区的非从业居民 930元/人"
    other = "溧阳市、金坛区的非从业居民 730元/人"
    return {
        "policy_year": 2024,
        "districts": {"items": [{"id": f"d{i}", "name": n} for i, n in enumerate(names)]},
        "premiums": {
            "categories": {
                "elderly": {
                    "label": "老年居民",
                    "individual": {"value": "730", "cite": "表", "quote": "老年居民 730元/人"},
                },
                "non_employed": {
                    "label": "非从业居民",
                    "individual": {"value": "930", "cite": "表", "quote": first},
                    "individual_by_district": {"liyang": {"value": "730", "cite": "表", "quote": other}},
                },
            }
        },
    }


def test_a_categorys_contribution_by_districts_is_read_from_the_clause_naming_the_same_districts() -> None:
    # the 2025 notice's 三、个人缴费标准: 880 for the five districts, 730 for 溧阳市、金坛区
    notice = (
        "- “老年居民”个人缴费 730 元/人;\n"
        "- “非从业居民”武进区、新北区、天宁区、钟楼区、常州经开区个人缴费 880 元/人;溧阳市、金坛区个人缴费为 730 元/人;\n"
    )
    got = _by_path(_districts_doc(), notice)
    assert got["premiums.categories.non_employed.individual"].proposed == "880"
    assert got["premiums.categories.non_employed.individual_by_district.liyang"].proposed == "730"
    # the districts split otherwise (金坛区 with the five): no clause names the same districts
    regrouped = "- “非从业居民”武进区、新北区、天宁区、钟楼区、常州经开区、金坛区个人缴费 880 元/人;溧阳市个人缴费为 730 元/人;\n"
    got = _by_path(_districts_doc(), regrouped)
    assert not got["premiums.categories.non_employed.individual"].found
    assert not got["premiums.categories.non_employed.individual_by_district.liyang"].found
    # the clause after another category's: not this category's
    other = "- “老年居民”个人缴费 730 元/人;溧阳市、金坛区个人缴费为 700 元/人;\n"
    assert not _by_path(_districts_doc(), other)["premiums.categories.non_employed.individual_by_district.liyang"].found
    # a change, not a level
    change = "- “非从业居民”溧阳市、金坛区个人缴费下降 50 元;\n"
    assert not _by_path(_districts_doc(), change)[
        "premiums.categories.non_employed.individual_by_district.liyang"
    ].found


def test_a_list_whose_sentence_is_worded_alike_keeps_last_years_list() -> None:
    # last year's list is its own wording of the sentence (省保卡 → 省社保卡(省保卡)), so the names are
    # not in the notice; the new notice has the sentence word for word: the list stands
    quote = "应提供以下资料:参保人身份证原件、省保卡。"
    fig = {"value": ["参保人身份证原件", "省社保卡(省保卡)"], "cite": "三(一)", "quote": quote}
    p = _one(fig, "1.省社会保障卡扣缴。" + quote + "\n")
    assert p.found and p.proposed == ["参保人身份证原件", "省社保卡(省保卡)"]
    # worded otherwise: left to the officer
    assert not _one(fig, "应提供以下资料:参保人身份证原件、省保卡、户口簿。").found
    # a reading (not the notice's own list): never carried over this way
    assert not _one({**fig, "status": "interpretation"}, quote).found


# ------------------------------------------------------------------------------- the real notices


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the real notices (../shared/seeds) are not beside the repository")
def test_measured_on_the_real_notices() -> None:
    """Issue 22: no proposal shown as found carries a wrong value, both ways, and the share of the
    figures the new notice states that are found right does not fall below what was reached
    (tools/measure_proposals.py, 2026-12-07: 2024 → 2025: 21 of 57 with the quotes after the colon
    of `cite`, 19 of 57 with issue 21's `quote` fields; 2025 → 2024: 45 of 68 and 43 of 69; then
    with the categories' 筹资标准……其中 sentences, the districts' clauses and the list whose sentence
    is worded alike: 2024 → 2025: 35 of 57 (61%), 2025 → 2024: 44 of 69 (64%))."""
    import measure_proposals

    reached = {(2024, 2025): 35, (2025, 2024): 44}
    for (base, target), bar in reached.items():
        m = measure_proposals.measure(base, target, SEEDS)
        assert not m.wrong, [(p.path, p.proposed, goal) for p, goal in m.wrong]
        assert len(m.stated_right) >= bar, (base, target, len(m.stated_right), len(m.stated))


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the real notices (../shared/seeds) are not beside the repository")
@pytest.mark.parametrize(("year", "least"), [(2024, 56), (2025, 45)])
def test_a_notice_with_every_number_changed(year: int, least: int) -> None:
    """A year's own notice with every number moved on: each proposal found is the moved number of
    the figure's own place (so 730 → 737, 35万 → 36万, 80% → 81%, 2024-01-01 → 2025-01-01), never
    another place's; and most figures are still found (measured 2026-12-07: 49 and 32; 55 and 43 with
    issue 21's quotes; 56 and 45 with the rules for the premium parts and the list worded alike)."""
    import measure_proposals

    found, wrong = measure_proposals.measure_moved(year, SEEDS)
    assert not [(p.path, p.old_value, p.proposed) for p in wrong]
    assert len(found) >= least


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the real notices (../shared/seeds) are not beside the repository")
@pytest.mark.parametrize("year", [2024, 2025])
def test_the_same_from_a_pdf_text_layer(year: int) -> None:
    """The same moved-on notice laid out as a PDF's text layer gives it (no tabs, a line break every
    38 characters, in mid-word and mid-number too): fewer figures found, none wrong."""
    import measure_proposals

    found, wrong = measure_proposals.measure_moved(year, SEEDS, pdf=True)
    assert not [(p.path, p.old_value, p.proposed) for p in wrong]
    # measured 2026-12-07: 25 and 31 (with issue 21's quotes: 54 and 37; with the premium parts'
    # rules: 55 and 43)
    assert len(found) >= 43


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the real notices (../shared/seeds) are not beside the repository")
@pytest.mark.parametrize("pdf", [False, True])
@pytest.mark.parametrize(("base", "target"), [(2024, 2025), (2025, 2024)])
def test_the_other_years_notice_with_every_number_changed(base: int, target: int, pdf: bool) -> None:
    """Each figure found in the other year's notice, its numbers moved on, is the other year's value
    moved on: never a number taken from another figure's place."""
    import measure_proposals

    found, wrong = measure_proposals.measure_moved_across(base, target, SEEDS, pdf=pdf)
    assert not [(p.path, p.proposed, goal) for p, goal in wrong]
    assert len(found) >= 36  # measured 2026-12-07: 2024 → 2025 36 and 36, 2025 → 2024 46 and 39


def _mover(plain: int, percent: int) -> Any:
    """Another known change of every number: + ``plain`` to a bare or 元 number, + ``percent`` to
    a %, 个百分点 or 万 number, +1 to a year or 个月, months, days and ages kept."""
    import measure_proposals

    def change(m: re.Match[str]) -> str:
        n, s1, wan, s2, unit = m.group(1), m.group(2), m.group(3), m.group(4), m.group(5) or ""
        d = Decimal(n)
        if unit in ("月", "日", "岁"):
            new = d
        elif unit in ("年", "个月"):
            new = d + 1
        elif unit in ("%", "个百分点") or wan:
            new = d + percent
        else:
            new = d + plain
        return f"{new}{s1}{wan}{s2}{unit}"

    return lambda text: measure_proposals._NUMBER.sub(change, text)


def _expected(old: Any, plain: int, percent: int) -> list[Any] | None:
    if isinstance(old, dt.date):
        return [old.replace(year=old.year + 1)]
    if isinstance(old, list) and len(old) == 1 and isinstance(old[0], dt.date):
        return [[old[0].replace(year=old[0].year + 1)]]
    if isinstance(old, int):
        return [old, old + 1, old + plain]
    if isinstance(old, str) and "." in old:
        return [str(Decimal(old) + Decimal(percent) / 100)]
    if isinstance(old, str) and old.isdigit():
        return [str(int(old) + k) for k in (plain, percent * 10000, plain * 10000)]
    if isinstance(old, list) and old and not isinstance(old[0], dict):
        return None  # names: their digits move too
    return None if isinstance(old, list) else [old]


@pytest.mark.slow  # a harness: ten mutated copies of the real notices, each proposed in full
@pytest.mark.skipif(not SEEDS.is_dir(), reason="the real notices (../shared/seeds) are not beside the repository")
@pytest.mark.parametrize("trial", [3, 12, 24, 32, 188, 206, 214, 230, 242, 246])
def test_notices_changed_reordered_and_cut_never_give_another_places_number(trial: int) -> None:
    """Every number changed another known way; paragraphs put in another order, or paragraphs,
    lines (a table's row or header) or sentences left out (a figure the new notice does not
    restate, beside a sibling's that it does); sometimes laid out as a PDF's text layer. Each
    figure found, in either year's notice, is the value of its own place changed that way, never a
    neighbour's (老年居民's premium is not its 筹资标准, 未成年居民's subsidy is not 高校大学生's, 一级医疗机构
    is not 二级's). Each of these trials gave a neighbour's number before the rules they test."""
    import random

    import measure_proposals

    rng = random.Random(trial)
    plain, percent = rng.choice([3, 7, 11, 13, 50, 100, 250]), rng.choice([1, 2, 3, 5, 10])
    mode = rng.choice(["para", "line", "sent"]) if trial >= 100 else "para"
    checked = 0
    for base, target in [(2024, 2024), (2025, 2025), (2024, 2025), (2025, 2024)]:
        doc = measure_proposals.load_doc(base)
        targets = dict(iter_figures(measure_proposals.load_doc(target)))
        text = _mover(plain, percent)((SEEDS / measure_proposals.NOTICES[target]).read_text(encoding="utf-8"))
        if mode == "para":
            parts, joint = text.split("\n\n"), "\n\n"
        elif mode == "line":
            parts, joint = text.split("\n"), "\n"
        else:
            parts, joint = re.split(r"(?<=[。;;])", text), ""
        if trial >= 100:
            if rng.random() < 0.5 and mode == "para":
                rng.shuffle(parts)
            keep = rng.choice([0.5, 0.75, 0.9])
            text = joint.join(p for p in parts if rng.random() < keep)
        else:
            if rng.random() < 0.5:
                rng.shuffle(parts)
            text = joint.join(p for p in parts if rng.random() > 0.25)
        if rng.random() < 0.3:
            text = measure_proposals.as_from_pdf(text, rng.choice([30, 38, 60]))
        for p in propose(doc, text, new_year=base + 1 if base == target else target):
            goal = p.old_value if base == target else targets.get(p.path, {}).get("value")
            expected = _expected(goal, plain, percent)
            if not p.found or expected is None:
                continue
            checked += 1
            assert p.proposed in expected, (base, target, p.path, goal, p.proposed, p.sentence)
    assert checked >= 30


def test_digits_a_blank_parts_stay_parted_and_a_pdf_wrap_joins() -> None:
    # a table's last cell, then a numbered paragraph: 1200 and 2.3, not 12002.3
    table = "门诊慢性病待遇病种\t限额(元/年)\n两个及以上病种\t1300\n\n2.3 门诊慢性病待遇支付标准"
    fig = {"value": "1200", "cite": "表", "quote": "两个及以上病种 1200"}
    assert _one(fig, table).proposed == "1300"
    # a PDF's text layer broke the line inside 45%
    wrapped = "按照自付4\n5%的比例将规定的用血的项目纳入医保范围。"
    assert (
        _one({"value": "0.40", "cite": "3:按照自付40%的比例将规定的用血的项目纳入医保范围"}, wrapped).proposed == "0.45"
    )


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the real notices (../shared/seeds) are not beside the repository")
def test_a_whole_year_is_fast_and_the_same_every_time() -> None:
    import measure_proposals

    doc = measure_proposals.load_doc(2024)
    text = (SEEDS / "000_cc822a5554eeeeca.txt").read_text(encoding="utf-8")
    began = time.perf_counter()
    first = propose(doc, text)
    assert time.perf_counter() - began < 5
    assert first == propose(doc, text)
    assert len(first) == len(list(iter_figures(doc)))


# ------------------------------------------------------------------------------- notice files


def _docx(body_xml: str) -> bytes:
    xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:body>{body_xml}</w:body></w:document>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", xml)
    return out.getvalue()


def test_read_notice_txt_in_utf8_and_gbk(tmp_path: Path) -> None:
    text = "“老年居民”个人缴费 730 元/人;"
    (tmp_path / "a.txt").write_bytes(text.encode("gb18030"))
    (tmp_path / "b.txt").write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert read_notice(tmp_path / "a.txt") == text
    assert read_notice(tmp_path / "b.txt") == text


def test_read_notice_docx_paragraphs_and_tables(tmp_path: Path) -> None:
    body = (
        "<w:p><w:r><w:t>三、个人缴费标准</w:t></w:r></w:p>"
        "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>老年居民</w:t></w:r></w:p></w:tc>"
        "<w:tc><w:p><w:r><w:t>730元/人</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
    )
    (tmp_path / "n.docx").write_bytes(_docx(body))
    assert read_notice(tmp_path / "n.docx") == "三、个人缴费标准\n老年居民\t730元/人"


def test_a_docx_zip_bomb_is_refused_from_its_declared_size(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(notice_text, "MAX_DOCX_XML_BYTES", 10_000)
    body = "<w:p><w:r><w:t>" + "医" * 20_000 + "</w:t></w:r></w:p>"  # 60 KB of XML, a few hundred bytes zipped
    (tmp_path / "bomb.docx").write_bytes(_docx(body))
    with pytest.raises(NoticeError, match="解压后过大"):
        read_notice(tmp_path / "bomb.docx")


def test_a_docx_lying_about_its_size_stops_at_the_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(notice_text, "MAX_DOCX_XML_BYTES", 10_000)
    raw = bytearray(_docx("<w:p><w:r><w:t>" + "医" * 20_000 + "</w:t></w:r></w:p>"))
    # rewrite the declared unpacked size of document.xml (central directory) to 100 bytes
    with zipfile.ZipFile(io.BytesIO(bytes(raw))) as zf:
        info = zf.getinfo("word/document.xml")
    at = raw.rfind(b"PK\x01\x02")
    while raw[at + 46 : at + 46 + len(info.filename)] != info.filename.encode():
        at = raw.rfind(b"PK\x01\x02", 0, at)
    raw[at + 24 : at + 28] = (100).to_bytes(4, "little")
    (tmp_path / "liar.docx").write_bytes(bytes(raw))
    with pytest.raises(NoticeError):
        read_notice(tmp_path / "liar.docx")


def test_too_large_a_file_is_refused_before_it_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(notice_text, "MAX_TEXT_FILE_BYTES", 100)
    (tmp_path / "big.txt").write_text("医" * 200, encoding="utf-8")
    with pytest.raises(NoticeError, match="过大"):
        read_notice(tmp_path / "big.txt")


def test_too_long_a_text_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(notice_text, "MAX_NOTICE_CHARS", 100)
    (tmp_path / "long.txt").write_text("医" * 101, encoding="utf-8")
    with pytest.raises(NoticeError, match="文字过长"):
        read_notice(tmp_path / "long.txt")


def test_a_docx_declaring_entities_is_refused(tmp_path: Path) -> None:
    xml = (
        '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:body><w:p><w:r><w:t>&b;</w:t></w:r></w:p></w:body></w:document>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("word/document.xml", xml)
    (tmp_path / "ent.docx").write_bytes(out.getvalue())
    with pytest.raises(NoticeError, match="不是有效的 Word 文档"):
        read_notice(tmp_path / "ent.docx")


def test_read_notice_html(tmp_path: Path) -> None:
    page = (
        "<html><head><meta charset='utf-8'><style>p{}</style><script>var x=1</script></head><body>"
        "<p>三、个人缴费标准</p><table><tr><td>老年居民</td><td>730元/人</td></tr></table></body></html>"
    )
    (tmp_path / "n.html").write_text(page, encoding="utf-8")
    text = read_notice(tmp_path / "n.html")
    assert "三、个人缴费标准" in text and "老年居民\t730元/人" in text and "var" not in text
    # an empty first cell keeps its column (a header's second row under a merged cell)
    (tmp_path / "m.html").write_text("<table><tr><td></td><td>社区</td><td>其他</td></tr></table>", encoding="utf-8")
    assert read_notice(tmp_path / "m.html") == "\t社区\t其他"


def _text_pdf(words: str) -> bytes:
    content = f"BT /F1 12 Tf 20 100 Td ({words}) Tj ET".encode("ascii")
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>stream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for i, obj in enumerate(objs, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % i + obj + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    out.write(b"trailer << /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref))
    return out.getvalue()


def test_read_notice_pdf_text_layer(tmp_path: Path) -> None:
    (tmp_path / "n.pdf").write_bytes(_text_pdf("Fee 730 yuan"))
    assert read_notice(tmp_path / "n.pdf") == "Fee 730 yuan"


def test_a_scanned_pdf_says_so_in_chinese(tmp_path: Path) -> None:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.write(tmp_path / "scan.pdf")
    with pytest.raises(NoticeError, match="没有文字层.*扫描件"):
        read_notice(tmp_path / "scan.pdf")


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("broken.pdf", b"%PDF-1.4 not really", "不是有效的 PDF"),
        ("broken.docx", b"PK\x03\x04 not really", "不是有效的 Word 文档"),
        ("old.doc", b"\xd0\xcf\x11\xe0", "另存为 .docx"),
        ("sheet.xlsx", b"PK", "请选择 .txt、.docx、.pdf 或 .html"),
        ("empty.txt", b"  \n ", "没有文字"),
    ],
)
def test_files_that_are_not_notices_get_a_chinese_reason(tmp_path: Path, name: str, data: bytes, message: str) -> None:
    (tmp_path / name).write_bytes(data)
    with pytest.raises(NoticeError, match=message):
        read_notice(tmp_path / name)


def test_a_missing_file_or_a_folder(tmp_path: Path) -> None:
    with pytest.raises(NoticeError, match="找不到文件"):
        read_notice(tmp_path / "none.txt")
    (tmp_path / "dir.txt").mkdir()
    with pytest.raises(NoticeError, match="文件夹"):
        read_notice(tmp_path / "dir.txt")


# ------------------------------------------------------------------------------- the command


def test_pack_propose_table_and_json(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("CZDESK_DATA_DIR", str(tmp_path / "data"))
    notice = tmp_path / "n.txt"
    notice.write_text("三、个人缴费标准\n- “老年居民”个人缴费 760 元/人;\n", encoding="utf-8")
    assert packs_cli.main(["propose", "--base", "2025", "--notice", str(notice)]) == 0
    out = capsys.readouterr().out
    row = next(line for line in out.splitlines() if "premiums.categories.elderly.individual" in line)
    assert row.split("\t")[:5] == [
        "找到",
        "缴费标准 · 老年居民 · 个人缴费",
        "premiums.categories.elderly.individual",
        "730",
        "760",
    ]
    assert "未找到" in out
    assert packs_cli.main(["propose", "--base", "2025", "--notice", str(notice), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    elderly = next(p for p in data["proposals"] if p["path"] == "premiums.categories.elderly.individual")
    assert elderly["proposed"] == "760" and elderly["found"] is True and data["base_year"] == 2025


def test_pack_propose_refuses_with_a_chinese_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("CZDESK_DATA_DIR", str(tmp_path / "data"))
    assert packs_cli.main(["propose", "--base", "2025", "--notice", str(tmp_path / "none.txt")]) == 2
    assert "找不到文件" in capsys.readouterr().err
    (tmp_path / "n.txt").write_text("通知", encoding="utf-8")
    assert packs_cli.main(["propose", "--base", "1999", "--notice", str(tmp_path / "n.txt")]) == 2
    assert "本机没有 1999 年度" in capsys.readouterr().err
