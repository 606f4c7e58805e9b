"""What every working tab offers the main window: policy switching, a printable slip, a case."""

from __future__ import annotations

from typing import Any, Protocol, cast

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from desktop.core.policy.frozen import PolicyYear
from desktop.core.policy.loader import LoadedYear, PolicySet
from desktop.core.slip import Slip

#: set by the window in a tab's saved inputs when they come from the session at start, not from a
#: case file the clerk opened: a tab then reads no outside file on its own (the roster tab waits)
FROM_SESSION = "_from_session"


class WorkTabApi(Protocol):
    """The methods the main window calls on every working tab."""

    case_key: str

    def recompute(self) -> None:
        """Recompute from the current inputs under ``self.policy`` and refresh the view."""

    def slip(self) -> Slip | None:
        """The printable slip of the current result, or None when inputs are incomplete."""

    def to_case(self) -> dict[str, Any]:
        """Inputs as JSON-able data (full ID numbers included: a case file is the clerk's own)."""

    def load_case(self, data: dict[str, Any]) -> None:
        """Restore inputs saved by ``to_case`` and recompute."""

    def clear(self) -> None:
        """Empty every input (the window asks the clerk first)."""


class WorkTab(QWidget):
    """Base of the working tabs; subclasses implement :class:`WorkTabApi`."""

    #: inputs or results changed: the window autosaves the session and refreshes actions
    changed = Signal()

    #: short id used in case files, e.g. "quote", "checklist", "estimate", "simulation"
    case_key = ""

    def __init__(self, policies: PolicySet, parent: QWidget | None = None):
        super().__init__(parent)
        self.policies = policies
        self.entry: LoadedYear = policies.entry(policies.years[-1])

    @property
    def policy(self) -> PolicyYear:
        return self.entry.policy

    def set_policy_year(self, year: int) -> None:
        """Switch to another loaded policy year and recompute; inputs are kept."""
        self.entry = self.policies.entry(year)
        self.recompute()

    def recompute(self) -> None:
        """Overridden by each tab."""


def api(tab: WorkTab) -> WorkTabApi:
    """Every working tab implements the protocol; the base class only declares it."""
    return cast(WorkTabApi, tab)
