"""What 报销测算 and 医疗救助模拟 have in common as tabs: one result of the core's year simulation.

Each shows it the same way: a status line, the figures and chart (CareTotals) and the steps
(StepsPanel). While an input is being corrected the last valid result stays on screen, greyed,
and the status line says it is not the current one; the slip prints only a current result.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QLabel, QWidget

from desktop.core.care import YearResult
from desktop.core.policy.loader import PolicySet
from desktop.core.slip import Slip
from desktop.ui.tab_base import WorkTab
from desktop.ui.widgets.care_totals import CareTotals
from desktop.ui.widgets.steps_panel import StepsPanel


class CareTab(WorkTab):
    """Base of the two tabs; a subclass builds ``status``, ``totals`` and ``steps``, and gives
    what differs between them: the words after a problem while the last result stays greyed
    (``_greyed_note``), its slip (``_slip``) and how a saved case is restored (``load_case``)."""

    status: QLabel
    totals: CareTotals
    steps: StepsPanel
    _greyed_note: Callable[[], str]
    _slip: Callable[[YearResult], Slip]
    load_case: Callable[[dict[str, Any]], None]

    def __init__(self, policies: PolicySet, parent: QWidget | None = None):
        super().__init__(policies, parent)
        self._result: YearResult | None = None
        self._current = False
        self._loading = False  # restoring a case: edits do not recompute one by one

    def _on_edit(self) -> None:
        if self._loading:
            return
        self.recompute()
        self.changed.emit()

    # ------------------------------------------------------------------ showing

    def _show_empty_with(self, status: str, steps: str) -> None:
        self._current = False
        self._result = None
        self.status.setText(status)
        self.totals.show_nothing()
        self.steps.setEnabled(True)
        self.steps.set_message(steps)

    def _show_stale(self, message: str) -> None:
        self._current = False
        if self._result is None:
            self.status.setText("⚠ " + message)
            self.steps.set_message(self._unfixed_steps(message))
            return
        self.status.setText("⚠ " + message + self._greyed_note())
        self.totals.grey()
        self.steps.setEnabled(False)

    def _unfixed_steps(self, message: str) -> str:
        """What the steps panel says of a problem while there is no result to grey."""
        return message

    def _show_result(self, result: YearResult, status: str) -> None:
        """The result is current; the subclass then puts its steps in the panel."""
        self._result = result
        self._current = True
        # what the clerk must check (a slip amount past the annual cap) stands in the status line
        warned = result.status_warnings
        self.status.setText("\n".join("⚠ " + w for w in warned) + "\n" + status if warned else status)
        self.totals.show_totals(result.totals)
        self.steps.setEnabled(True)

    # ------------------------------------------------------------------ what the window asks

    def is_current(self) -> bool:
        return self._current

    def result(self) -> YearResult | None:
        return self._result if self._current else None

    def slip(self) -> Slip | None:
        if not self._current or self._result is None:
            return None
        return self._slip(self._result)

    def clear(self) -> None:
        self.load_case({})
