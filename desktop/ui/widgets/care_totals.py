"""What a cost or a year of costs came to, shared by 报销测算 and 医疗救助模拟.

The compliant cost, the four layers that paid it (basic fund, 大病保险, 医疗救助, the person) in
large type, and the split chart under them; greyed while the inputs are being corrected, so the
last valid result stays readable but is not taken for the current one.
"""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QSize, Qt
from PySide6.QtGui import QFont, QResizeEvent
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget

from desktop.core.care import Layers
from desktop.core.money import ZERO, fmt_yuan
from desktop.core.slips.care import SLIP_LAYER_LABELS
from desktop.ui.widgets.amount_label import AmountLabel
from desktop.ui.widgets.split_chart import SplitChart

LAYER_KEYS = ("basic_fund", "critical_illness", "medical_aid", "out_of_pocket")


def _tr(text: str) -> str:
    return QCoreApplication.translate("CareTotals", text)


def _layers(totals: Layers) -> tuple[Decimal, Decimal, Decimal, Decimal]:
    return totals.basic_fund, totals.critical_illness, totals.medical_aid, totals.out_of_pocket


class CareTotals(QWidget):
    """The five figures in a framed grid over the split chart.

    ``pairs``: the cost on a line of its own, then the four parts two by two when the column is
    wide enough for them (one to a line when it is not: 大字模式 on a 1366x768 screen), each in
    an AmountLabel (a new figure repaints the label alone, without laying out the column again:
    报销测算 recomputes at every keystroke); otherwise always one figure to a line, for a narrow
    column. ``scale``: how much larger than the text the four parts are drawn.
    """

    def __init__(self, cost_title: str, *, pairs: bool, scale: float, parent: QWidget | None = None):
        super().__init__(parent)
        self._scale = scale
        self._pairs_allowed = pairs
        self._paired = False
        self.frame = QFrame()
        self.frame.setFrameShape(QFrame.Shape.StyledPanel)
        self._grid = grid = QGridLayout(self.frame)
        self.labels: dict[str, QLabel] = {}
        self._names: list[QLabel] = []
        self._big: list[QLabel] = []
        rows = [("compliant_cost", cost_title)] + [
            (key, _tr(label)) for key, label in zip(LAYER_KEYS, SLIP_LAYER_LABELS, strict=True)
        ]
        for key, label in rows:
            name = QLabel(label)
            value: QLabel = AmountLabel("—") if pairs else QLabel("—")
            value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setAccessibleName(label)
            self._names.append(name)
            self.labels[key] = value
            if key != "compliant_cost":
                self._big.extend((name, value))
        grid.setHorizontalSpacing(16)
        if not pairs:
            grid.setVerticalSpacing(2)
        self._place(paired=pairs)
        # a longer figure widens its AmountLabel, and the frame hears of it as a layout request
        self.frame.installEventFilter(self)
        self.chart = SplitChart()
        col = QVBoxLayout(self)
        col.setContentsMargins(0, 0, 0, 0)
        col.addWidget(self.frame)
        col.addWidget(self.chart)
        self._apply_big_fonts()

    def _place(self, *, paired: bool) -> None:
        """Lay the figures two by two (the cost on a line of its own) or one to a line."""
        grid = self._grid
        # an AmountLabel has a fixed size: it sits at the right of its cell; a plain one fills it
        alignment = (
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter if self._pairs_allowed else Qt.AlignmentFlag(0)
        )
        for i, (name, value) in enumerate(zip(self._names, self.labels.values(), strict=True)):
            if paired:
                row, column = (0, 0) if i == 0 else (1 + (i - 1) // 2, 2 * ((i - 1) % 2))
            else:
                row, column = i, 0
            grid.addWidget(name, row, column)  # adding again moves a widget already in the grid
            grid.addWidget(value, row, column + 1, alignment)
        for column in range(4):
            grid.setColumnStretch(column, 1 if column in (1, 3) and (paired or column == 1) else 0)
        self._paired = paired

    def _width(self, *, paired: bool) -> int:
        """The least width the frame needs with the figures laid out that way."""
        names = [name.sizeHint().width() for name in self._names]
        # an AmountLabel's fixed width (room for a longer figure) is what the grid gives it
        values = [max(value.minimumSizeHint().width(), value.minimumWidth()) for value in self.labels.values()]
        spacing = self._grid.horizontalSpacing()
        margins = self._grid.contentsMargins()
        extra = margins.left() + margins.right() + 2 * self.frame.frameWidth()
        if not paired:
            return max(n + spacing + v for n, v in zip(names, values, strict=True)) + extra
        pairs = [n + spacing + v for n, v in zip(names[1:], values[1:], strict=True)]
        left, right = max(pairs[0], pairs[2]), max(pairs[1], pairs[3])
        return max(left + spacing + right, names[0] + spacing + values[0]) + extra

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        """As narrow as one figure to a line: the column may give the room to its neighbour."""
        hint = super().minimumSizeHint()
        if not self._pairs_allowed:
            return hint
        return QSize(max(self._width(paired=False), self.chart.minimumSizeHint().width()), hint.height())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if watched is self.frame and event.type() == QEvent.Type.LayoutRequest:
            self._fit_layout()
        return super().eventFilter(watched, event)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._fit_layout()

    def _fit_layout(self) -> None:
        if not self._pairs_allowed:
            return
        paired = self.width() >= self._width(paired=True)
        if paired != self._paired:
            self._place(paired=paired)

    def _apply_big_fonts(self) -> None:
        """The four parts in large type; follows the window's larger-text mode through FontChange."""
        base = self.font().pointSizeF()
        for label in self._big:
            font = QFont(self.font())
            font.setPointSizeF(base * self._scale)
            font.setBold(label is self.labels["out_of_pocket"])
            label.setFont(font)
        self.updateGeometry()
        self._fit_layout()

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
