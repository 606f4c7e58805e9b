"""What a cost or a year of costs came to, shared by 报销测算 and 医疗救助模拟.

The compliant cost, the four layers that paid it (basic fund, 大病保险, 医疗救助, the person) in
large type, and the split chart under them; greyed while the inputs are being corrected, so the
last valid result stays readable but is not taken for the current one.
"""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget

from desktop.core.care import Layers
from desktop.core.money import ZERO, fmt_yuan
from desktop.core.slip import SlipAmount
from desktop.ui.widgets.amount_label import AmountLabel
from desktop.ui.widgets.split_chart import SLIP_LAYER_LABELS, SplitChart

LAYER_KEYS = ("basic_fund", "critical_illness", "medical_aid", "out_of_pocket")


def _tr(text: str) -> str:
    return QCoreApplication.translate("CareTotals", text)


def _layers(totals: Layers) -> tuple[Decimal, Decimal, Decimal, Decimal]:
    return totals.basic_fund, totals.critical_illness, totals.medical_aid, totals.out_of_pocket


def slip_amounts(cost_title: str, totals: Layers) -> tuple[SlipAmount, ...]:
    """The figures as the printed slip lists them: the cost, then the layers, the person's in bold."""
    return (SlipAmount(cost_title, totals.compliant_cost),) + tuple(
        SlipAmount(_tr(label), amount, emphasis=label == SLIP_LAYER_LABELS[-1])
        for label, amount in zip(SLIP_LAYER_LABELS, _layers(totals), strict=True)
    )


class CareTotals(QWidget):
    """The five figures in a framed grid over the split chart.

    ``pairs``: the cost on a line of its own, then the four parts two by two, each in an
    AmountLabel (a new figure repaints the label alone, without laying out the column again:
    报销测算 recomputes at every keystroke); otherwise one figure to a line, for a narrow column.
    ``scale``: how much larger than the text the four parts are drawn.
    """

    def __init__(self, cost_title: str, *, pairs: bool, scale: float, parent: QWidget | None = None):
        super().__init__(parent)
        self._scale = scale
        self.frame = QFrame()
        self.frame.setFrameShape(QFrame.Shape.StyledPanel)
        grid = QGridLayout(self.frame)
        self.labels: dict[str, QLabel] = {}
        self._big: list[QLabel] = []
        rows = [("compliant_cost", cost_title)] + [
            (key, _tr(label)) for key, label in zip(LAYER_KEYS, SLIP_LAYER_LABELS, strict=True)
        ]
        for i, (key, label) in enumerate(rows):
            name = QLabel(label)
            if pairs:
                # the column stays short enough that a 1366x768 screen never squeezes the figures
                row, column = (0, 0) if i == 0 else (1 + (i - 1) // 2, 2 * ((i - 1) % 2))
                value: QLabel = AmountLabel("—")
                alignment = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
            else:
                row, column = i, 0
                value = QLabel("—")
                value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                alignment = Qt.AlignmentFlag(0)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setAccessibleName(label)
            grid.addWidget(name, row, column)
            grid.addWidget(value, row, column + 1, alignment)
            self.labels[key] = value
            if key != "compliant_cost":
                self._big.extend((name, value))
        grid.setHorizontalSpacing(16)
        grid.setColumnStretch(1, 1)
        if pairs:
            grid.setColumnStretch(3, 1)
        else:
            grid.setVerticalSpacing(2)
        self.chart = SplitChart()
        col = QVBoxLayout(self)
        col.setContentsMargins(0, 0, 0, 0)
        col.addWidget(self.frame)
        col.addWidget(self.chart)
        self._apply_big_fonts()

    def _apply_big_fonts(self) -> None:
        """The four parts in large type; follows the window's larger-text mode through FontChange."""
        base = self.font().pointSizeF()
        for label in self._big:
            font = QFont(self.font())
            font.setPointSizeF(base * self._scale)
            font.setBold(label is self.labels["out_of_pocket"])
            label.setFont(font)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._apply_big_fonts()

    def show_totals(self, totals: Layers) -> None:
        for key, label in self.labels.items():
            label.setText(fmt_yuan(getattr(totals, key)))
        self.frame.setEnabled(True)
        self.chart.set_greyed(False)
        self.chart.set_layers(*_layers(totals))

    def show_nothing(self) -> None:
        for label in self.labels.values():
            label.setText("—")
        self.chart.set_layers(ZERO, ZERO, ZERO, ZERO)
        self.chart.set_greyed(False)
        self.frame.setEnabled(True)

    def grey(self) -> None:
        """The last result stays, greyed: it is not the result of what the inputs now say."""
        self.frame.setEnabled(False)
        self.chart.set_greyed(True)
