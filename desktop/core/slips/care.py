"""What a cost or a year of costs came to on paper, shared by 报销测算 and 医疗救助模拟."""

from __future__ import annotations

from decimal import Decimal

from desktop.core.care import Layers
from desktop.core.slip import SlipAmount

#: the four layers that paid a cost, as a slip names them (the printer finds its chart's figures by them)
SLIP_LAYER_LABELS = ("基本医保统筹基金支付", "大病保险支付", "医疗救助", "个人自付")


def _layers(totals: Layers) -> tuple[Decimal, Decimal, Decimal, Decimal]:
    return totals.basic_fund, totals.critical_illness, totals.medical_aid, totals.out_of_pocket


def slip_amounts(cost_title: str, totals: Layers) -> tuple[SlipAmount, ...]:
    """The figures as the printed slip lists them: the cost, then the layers, the person's in bold."""
    return (SlipAmount(cost_title, totals.compliant_cost),) + tuple(
        SlipAmount(label, amount, emphasis=label == SLIP_LAYER_LABELS[-1])
        for label, amount in zip(SLIP_LAYER_LABELS, _layers(totals), strict=True)
    )
