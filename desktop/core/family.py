"""家庭共济: may an employee's medical account pay this relative's resident premium this year?"""

from __future__ import annotations

from dataclasses import dataclass

from desktop.core.explain import Step, cite
from desktop.core.policy.frozen import PolicyYear
from desktop.core.policy.kinds import Relation
from desktop.core.policy.required import need

RELATION_LABELS: dict[str, str] = {
    "spouse": "配偶",
    "parent": "父母",
    "child": "子女",
    "sibling": "兄弟姐妹",
    "grandparent": "祖父母",
    "maternal_grandparent": "外祖父母",
    "grandchild": "孙子女",
    "maternal_grandchild": "外孙子女",
}


@dataclass(frozen=True)
class FamilyCheck:
    #: None: the relation qualifies, but whether the payer is in Jiangsu employee insurance is not known yet
    allowed: bool | None
    steps: tuple[Step, ...]


def family_payment_check(policy: PolicyYear, relation: Relation, payer_in_jiangsu_employee: bool | None) -> FamilyCheck:
    """``payer_in_jiangsu_employee`` None: not asked yet; the answer then depends on it and says so."""
    enr = policy.enrolment
    allowed_relations = need(enr.family_relations, "enrolment.family_relations")
    label = RELATION_LABELS[relation]
    steps = []
    if payer_in_jiangsu_employee is False:
        steps.append(
            Step(
                layer="family",
                text="代缴人须是江苏省内职工医保参保人员,用其职工医保个人账户代缴;代缴人不符合",
                citations=(cite(policy, enr.family_payer_rule, "代缴人条件", "省内职工医保参保人员"),),
            )
        )
        return FamilyCheck(False, tuple(steps))
    names = "、".join(RELATION_LABELS[r] for r in allowed_relations)
    ok = relation in allowed_relations
    steps.append(
        Step(
            layer="family",
            text=(
                f"{policy.policy_year}年度可代缴的亲属:{names}。被代缴人是代缴人的{label}:"
                + ("可以用家庭共济代缴" if ok else "不在范围内,不能用家庭共济代缴")
            ),
            citations=(cite(policy, enr.family_relations, "家庭共济亲属范围", names),),
        )
    )
    if ok and payer_in_jiangsu_employee is None:
        steps.append(
            Step(
                layer="family",
                text="还须核实:代缴人须是江苏省内职工医保参保人员,用其职工医保个人账户代缴",
                citations=(cite(policy, enr.family_payer_rule, "代缴人条件", "省内职工医保参保人员"),),
            )
        )
    if ok and enr.family_debit_warning.value:
        steps.append(
            Step(
                layer="family",
                text=enr.family_debit_warning.value,
                citations=(cite(policy, enr.family_debit_warning, "委托扣款提醒", "11月15日前"),),
            )
        )
    return FamilyCheck(None if ok and payer_in_jiangsu_employee is None else ok, tuple(steps))
