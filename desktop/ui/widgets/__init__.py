"""Reusable widgets shared by the working tabs, the dialogs and the printed slip."""

from desktop.ui.widgets.fields import DateField, MoneyField, parse_money
from desktop.ui.widgets.split_chart import SplitChart
from desktop.ui.widgets.steps_panel import StepsPanel

__all__ = ["DateField", "MoneyField", "SplitChart", "StepsPanel", "parse_money"]
