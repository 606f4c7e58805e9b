"""A money figure that updates without re-laying-out its column at every keystroke.

A QLabel whose text changes asks its layout to recompute, and the widgets around it repaint: in
the reimbursement tab that was a good part of the time from a keystroke to the repaint. This
label has a fixed size with room for one more digit group than the widest figure it has shown,
so a new amount repaints the label alone; it is measured again (one re-layout) when a figure
outgrows the room, when the result is cleared (the "—" placeholder: the room shrinks back) and
when the font changes (大字模式).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QLabel, QWidget

#: the room kept beyond the figure: one more digit group
_SPARE = "0,000"


class AmountLabel(QLabel):
    def __init__(self, text: str = "—", parent: QWidget | None = None):
        super().__init__(text, parent)
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self._fit(force=True)

    def _fit(self, force: bool = False) -> None:
        metrics = self.fontMetrics()
        need = metrics.horizontalAdvance(self.text()) + 2 * self.margin() + 4
        spare = metrics.horizontalAdvance(_SPARE)
        room = self.maximumWidth()
        cleared = not any(ch.isdigit() for ch in self.text())
        if force or need > room or (cleared and need + spare < room):
            self.setFixedSize(need + spare, super().sizeHint().height())

    def setText(self, text: str) -> None:  # noqa: N802 - Qt override (called from Python only)
        super().setText(text)
        self._fit()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._fit(force=True)
