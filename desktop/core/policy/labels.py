"""Chinese names for a figure's path, so every row and change reads like the notice, never an identifier."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from desktop.core.family import RELATION_LABELS
from desktop.core.policy.names import category_labels, district_names
from desktop.core.premium import CATEGORY_LABELS

if TYPE_CHECKING:
    from desktop.core.policy.frozen import PolicyYear

PART_LABELS = {
    "premiums": "缴费标准",
    "enrolment": "参保缴费",
    "waiting": "等待期",
    "benefits": "待遇",
    "guidance": "说明",
    "categories": "",
    "individual": "个人缴费",
    "individual_by_district": "",
    "medical_individual": "医保个人部分",
    "medical_individual_by_district": "医保个人部分",
    "government_subsidy": "财政补助",
    "subsidy_by_district": "财政补助",
    "funding_standard": "筹资标准",
    "funding_by_district": "筹资标准",
    "ltc_individual": "长护险个人缴费",
    "ltc_government_subsidy": "长护险政府补助",
    "aid_exemption": "困难群众免缴",
    "collection_start": "集中参保期开始",
    "collection_end": "集中参保期结束",
    "benefit_start": "待遇享受期开始",
    "benefit_end": "待遇享受期结束",
    "scope": "范围",
    "continuing_rule": "延续参保",
    "banks": "合作银行",
    "debit_dates": "扣费日",  # each year's own words: year_path_label
    "online_payment_from": "线上缴费开始日",
    "documents_for_bank_debit": "银行扣款所需资料",
    "bank_debit_setup": "省社保卡扣款",
    "condition": "到银行办理的条件",
    "qualifying": "享受条件",
    "hotline": "咨询热线",
    "family_relations": "家庭共济亲属范围",
    "family_payer_rule": "家庭共济代缴人",
    "family_debit_warning": "委托扣款提醒",
    "reminders": "特别提醒",
    "late_fixed_months": "固定等待期(月)",
    "per_year_broken_months": "每断保1年增加(月)",
    "repair_months_per_year": "每补缴1年减少(月)",
    "long_break_years": "长期断保(年)",
    "long_break_min_months": "长期断保最少等待(月)",
    "exempt": "免等待人群",
    "exempt_other": "免等待人群(通知以外的文件)",
    "counting": "计算方法",
    "inpatient": "住院",
    "levels": "",
    "adult": "老年/非从业",
    "young": "未成年/大学生",
    "deductible": "起付线",
    "ratio": "支付比例",
    "annual_cap": "年度最高支付限额",
    "annual_cap_basis": "限额含义",
    "outpatient_general": "普通门诊",
    "bands": "分段",
    "outpatient_chronic": "门诊慢性病",
    "outpatient_special": "门诊特殊病",
    "diseases": "病种",
    "rate_primary": "社区卫生服务机构(基层)比例",  # the chronic table's columns, in its words
    "rate_secondary_plus": "其他定点医疗机构单位比例",
    "cap_one": "一个病种限额",
    "cap_two_plus": "两个及以上病种限额",
    "cap_basis": "限额含义",
    "application": "申请办法",
    "diagnoses": "诊断条件",
    "dual_channel_drug": "双通道药品",
    "rate": "比例",
    "rare_rate": "罕见病药品比例",
    "rare_drugs": "罕见病药品",
    "reduction_approved": "市外转院(诊)降低",
    "reduction_unapproved": "未经审批市外转院(诊)降低",
    "childbirth": "生育",
    "top_up_ratio": "补足比例",
    "min_continuous_years": "连续参保年限",
    "without_continuity": "不满连续参保年限",
    "pku": "苯丙酮尿症",
    "age_caps": "年龄段限额",
    "special_blood": "特殊人员用血",
    "self_pay_ratio": "自付比例",
    "reading": "理解",
    "critical_illness": "大病保险",
    "regular_bands": "普通分段",
    "poor_bands": "困难群众分段",
    "cap": "最高限额",
    "base_reading": "计算基数",
    "medical_aid": "医疗救助",
    "rates": "比例",
    "cap_outpatient_general": "普通门诊年度限额",
    "cap_other": "其他年度限额",
    "rare_disease_remainder_rate": "罕见病剩余费用比例",
    "pku_note": "苯丙酮尿症说明",
    "out_of_area": "异地就医",
    "e_voucher": "医保电子凭证",
    "long_term_care": "长护险",
    "huiminbao": "惠民保",
    "newborn": "新生儿",
    "extreme_poverty": "特困等",
    "other_aid": "其他救助对象",
}


def path_label(path: str, names: Mapping[str, str] | None = None) -> str:
    """'premiums.categories.elderly.individual' → '缴费标准 · 老年居民 · 个人缴费'.

    ``names`` are the year's own names of its categories and districts (see :func:`year_path_label`;
    a district is the year's data, so without them a district shows as its id)."""
    names = CATEGORY_LABELS if names is None else names
    words: list[str] = []
    for raw in path.replace("[", ".[").split("."):
        if not raw:
            continue
        if raw.startswith("["):
            words.append(f"第{int(raw.strip('[]')) + 1}项")
            continue
        label = PART_LABELS.get(raw) if raw in PART_LABELS else names.get(raw) or RELATION_LABELS.get(raw)
        if label is None and raw.isdigit():
            label = f"{raw}级医院"
        if label != "":
            words.append(label or raw)
    return " · ".join(words)


def year_path_label(policy: PolicyYear, path: str) -> str:
    """:func:`path_label` in the year's own words: its categories' and districts' names, and where the
    notices name a figure differently (the debit dates: 2024 “批量扣费时间”, 2025 only “税务部门首次批量扣费日”)."""
    if path == "enrolment.debit_dates":
        return f"{PART_LABELS['enrolment']} · {policy.enrolment.debit_dates_label}"
    names: dict[str, str] = {c: label for c, label in category_labels(policy).items()}
    return path_label(path, names | district_names(policy))
