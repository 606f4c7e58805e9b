"""What the window's mixins use of MainWindow and of each other, spelled out for the type checker.

The mixins in this package hold methods of MainWindow (desktop/ui/main_window.py) and reach its
widgets and each other's methods through ``self``. For mypy each mixin derives from
:class:`WindowHost`, a QMainWindow declaring those names; at run time each derives from
``object``, so MainWindow's method resolution order is exactly the mixins' and QMainWindow's:

    if TYPE_CHECKING:
        from desktop.ui.window.host import WindowHost as _Base
    else:
        _Base = object

Nothing imports this module at run time. A name a mixin starts to use from the window, or from
another mixin, is declared here; MainWindow and the mixins define it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, overload

from PySide6.QtCore import QSettings
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QComboBox, QLabel, QMainWindow, QTabWidget, QWidget

from desktop.core.policy.loader import PolicySet
from desktop.ui.tab_base import WorkTab
from desktop.ui.window.tab_slot import TabSlot


class WindowHost(QMainWindow):
    """MainWindow as its mixins see it (declarations only; never instantiated)."""

    # ---- set by MainWindow.__init__
    policies: PolicySet
    today: dt.date
    settings: QSettings
    year_combo: QComboBox
    banner: QLabel
    tabs: QTabWidget
    _slots: dict[str, TabSlot]
    _base_font: QFont
    _session_writable: bool  # SessionMixin: False once the session file must not be overwritten

    # Two ways in: MainWindow(policies, ...) as ReloadMixin builds the next window with
    # ``type(self)(...)``, and QMainWindow(parent) as MainWindow.__init__ calls ``super().__init__``
    # (at run time no mixin has an __init__, so that call reaches QMainWindow's).
    @overload
    def __init__(self, parent: QWidget | None = None) -> None: ...
    @overload
    def __init__(
        self,
        policies: PolicySet,
        today: dt.date | None = None,
        settings: QSettings | None = None,
        parent: QWidget | None = None,
        *,
        safe_start: bool = False,
    ) -> None: ...
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        raise NotImplementedError

    # ---- MainWindow's methods
    @property
    def selected_year(self) -> int:
        raise NotImplementedError

    def work_tabs(self) -> list[WorkTab]:
        raise NotImplementedError

    def current_work_tab(self) -> WorkTab | None:
        raise NotImplementedError

    def session_path(self) -> Path:
        raise NotImplementedError

    def stale_message(self) -> str | None:
        raise NotImplementedError

    def next_tab(self) -> None:
        raise NotImplementedError

    def previous_tab(self) -> None:
        raise NotImplementedError

    # ---- the mixins' methods another mixin calls (ActionsMixin connects its actions to them)
    def new_case(self) -> None:  # SessionMixin
        raise NotImplementedError

    def open_case(self) -> None:  # SessionMixin
        raise NotImplementedError

    def save_case(self) -> None:  # SessionMixin
        raise NotImplementedError

    def save_session(self) -> None:  # SessionMixin
        raise NotImplementedError

    def print_current(self) -> None:  # SlipsMixin
        raise NotImplementedError

    def preview_current(self) -> None:  # SlipsMixin
        raise NotImplementedError

    def export_pdf(self) -> None:  # SlipsMixin
        raise NotImplementedError

    def compare_years(self) -> None:  # SlipsMixin
        raise NotImplementedError

    def manage_packs(self) -> None:  # ReloadMixin
        raise NotImplementedError

    def flush_session(self) -> None:  # SessionMixin
        raise NotImplementedError

    def backup_data(self) -> None:  # BackupMixin
        raise NotImplementedError

    def restore_data(self) -> None:  # BackupMixin
        raise NotImplementedError

    def make_pack(self) -> None:  # ReloadMixin
        raise NotImplementedError
