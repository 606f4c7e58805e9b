"""The main window's layout and tab wiring: policy year, the stale-year banner, the tabs.

Its other jobs are mixins beside it in desktop/ui/window/: placement on the screen (geometry),
menus, toolbar and 大字模式 (actions), the session autosave and case files (session), printing
and year comparison (slips), and the rebuild after a policy pack changed (reload).
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QCloseEvent, QFont, QIcon
from PySide6.QtWidgets import QApplication, QComboBox, QLabel, QMainWindow, QTabWidget, QVBoxLayout, QWidget

from desktop.app_info import APP_TITLE
from desktop.core import packs
from desktop.core.policy.loader import PolicySet
from desktop.core.staleness import staleness_message
from desktop.resources import resource
from desktop.ui.tab_base import WorkTab, api
from desktop.ui.window.actions import ActionsMixin
from desktop.ui.window.backup import BackupMixin
from desktop.ui.window.geometry import GeometryMixin
from desktop.ui.window.reload import ReloadMixin
from desktop.ui.window.session import SessionMixin
from desktop.ui.window.session_file import SESSION_FILE, SETTINGS_FILE
from desktop.ui.window.slips import SlipsMixin
from desktop.ui.window.tab_slot import TabSlot

if TYPE_CHECKING:  # the tab modules are imported when a tab is first shown
    from desktop.ui.tabs.checklist.tab import ChecklistTab
    from desktop.ui.tabs.estimate.tab import EstimateTab
    from desktop.ui.tabs.policy.tab import PolicyTab
    from desktop.ui.tabs.quote.tab import QuoteTab
    from desktop.ui.tabs.roster.tab import RosterTab
    from desktop.ui.tabs.simulation.tab import SimulationTab

log = logging.getLogger(__name__)

BANNER_OK = "QLabel { background: #e8f1fb; border: 1px solid #9bb8d8; padding: 6px; }"
BANNER_STALE = "QLabel { background: #fff3c4; border: 2px solid #a06800; padding: 6px; font-weight: bold; }"


def data_dir() -> Path:
    """Where the session file lives: the same folder as installed policy packs ($CZDESK_DATA_DIR in tests)."""
    return packs.data_dir()


class MainWindow(GeometryMixin, ActionsMixin, SessionMixin, SlipsMixin, ReloadMixin, BackupMixin, QMainWindow):
    def __init__(
        self,
        policies: PolicySet,
        today: dt.date | None = None,
        settings: QSettings | None = None,
        parent: QWidget | None = None,
        *,
        safe_start: bool = False,
    ):
        """``safe_start``: the last start never reached the window; see SessionMixin.restore_session."""
        super().__init__(parent)
        self.policies = policies
        self.today = today or dt.date.today()
        if settings is None:
            # beside the session and the packs (on Windows %LOCALAPPDATA%, not the registry), so
            # the one folder README names holds everything the program keeps
            settings = QSettings(str(data_dir() / SETTINGS_FILE), QSettings.Format.IniFormat)
        self.settings = settings
        from desktop.ui import file_dialogs

        # every file dialog opens in the folder the clerk last used, this start or an earlier one
        file_dialogs.restore(str(settings.value("last_folder", "") or ""), self._keep_last_folder)
        self._init_session()  # nothing is autosaved until the last session has been read back
        self._base_font = QFont(QApplication.font())
        self.setWindowTitle(APP_TITLE)
        self.setWindowIcon(QIcon(str(resource("icons", "app.png"))))
        self.fit_to_screen()
        from desktop.ui.widgets.focus import install_focus_ring

        install_focus_ring()

        self.year_combo = QComboBox()
        self.year_combo.setAccessibleName(self.tr("政策年度"))
        for year in policies.years:
            policy = policies[year]
            self.year_combo.addItem(
                self.tr("{year}年度 (数据版本 {version})").format(year=year, version=policy.data_version), year
            )
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setAccessibleName(self.tr("政策年度提示"))
        self.banner.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self._year_ready = False
        self._slots: dict[str, TabSlot] = {}
        for key, title, factory in (
            ("quote", self.tr("保费测算"), self._make_quote),
            ("checklist", self.tr("参保清单"), self._make_checklist),
            ("estimate", self.tr("报销测算"), self._make_estimate),
            ("simulation", self.tr("医疗救助模拟"), self._make_simulation),
            ("roster", self.tr("村组名册"), self._make_roster),
            ("policy", self.tr("政策"), self._make_policy),
        ):
            self._slots[key] = TabSlot(key, factory)
            self.tabs.addTab(self._slots[key], title)

        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(6, 4, 6, 0)
        layout.addWidget(self.banner)
        layout.addWidget(self.tabs, 1)
        self.setCentralWidget(central)

        self._build_actions()
        self._build_menus_and_toolbar()
        self.statusBar().showMessage(self.tr("就绪"))

        self.year_combo.currentIndexChanged.connect(self._year_changed)
        self.tabs.currentChanged.connect(self._tab_switched)

        self.year_combo.setCurrentIndex(self.year_combo.findData(self._default_year()))
        self._year_ready = True
        self._year_changed()
        self.large_text_action.setChecked(bool(self.settings.value("large_text", False, type=bool)))
        self.restore_session(safe_start=safe_start)
        self._build_current()
        self._restoring = False

    # ------------------------------------------------------------------ tabs, built when first needed

    def _make_quote(self) -> QWidget:
        from desktop.ui.tabs.quote.tab import QuoteTab

        return QuoteTab(self.policies, today=self.today)

    def _make_checklist(self) -> QWidget:
        from desktop.ui.tabs.checklist.tab import ChecklistTab

        return ChecklistTab(self.policies)

    def _make_estimate(self) -> QWidget:
        from desktop.ui.tabs.estimate.tab import EstimateTab

        tab = EstimateTab(self.policies)
        tab.carried.connect(self._carry_to_year)
        return tab

    def _carry_to_year(self, person: dict[str, Any], event: dict[str, Any]) -> None:
        """报销测算's 记入本年度: the visit into 医疗救助模拟, the year so far back to 报销测算."""
        simulation = self.simulation_tab
        result = simulation.carry_in(person, event)
        self.estimate_tab.show_year(result, simulation.model.rowCount())
        self.statusBar().showMessage(self.tr("已记入医疗救助模拟"), 5000)

    def _make_simulation(self) -> QWidget:
        from desktop.ui.tabs.simulation.tab import SimulationTab

        return SimulationTab(self.policies)

    def _make_roster(self) -> QWidget:
        from desktop.ui.tabs.roster.tab import RosterTab

        return RosterTab(self.policies, today=self.today)

    def _make_policy(self) -> QWidget:
        from desktop.ui.tabs.policy.tab import PolicyTab

        return PolicyTab(self.policies)

    def page(self, key: str) -> QWidget:
        """The content of tab ``key`` (built now if it was not): year set, saved inputs restored."""
        content, new = self._slots[key].build()
        if new:
            restoring, self._restoring = self._restoring, True
            try:
                self._adopt(key, content)
            finally:
                self._restoring = restoring
        return content

    def _adopt(self, key: str, content: QWidget) -> None:
        if self._year_ready:
            cast(Any, content).set_policy_year(self.selected_year)
        if isinstance(content, WorkTab):
            content.changed.connect(self._tab_changed)
            saved = self._pending.pop(key, None)
            if saved is not None:
                try:
                    api(content).load_case(saved)
                except Exception:  # a broken part of a session must not stop the rest
                    log.exception("无法恢复页签 %s", key)
                    self._restore_failed(key, saved)

    def _keep_last_folder(self, folder: str) -> None:
        self.settings.setValue("last_folder", folder)

    @property
    def quote_tab(self) -> QuoteTab:
        return cast("QuoteTab", self.page("quote"))

    @property
    def checklist_tab(self) -> ChecklistTab:
        return cast("ChecklistTab", self.page("checklist"))

    @property
    def estimate_tab(self) -> EstimateTab:
        return cast("EstimateTab", self.page("estimate"))

    @property
    def simulation_tab(self) -> SimulationTab:
        return cast("SimulationTab", self.page("simulation"))

    @property
    def roster_tab(self) -> RosterTab:
        return cast("RosterTab", self.page("roster"))

    @property
    def policy_tab(self) -> PolicyTab:
        return cast("PolicyTab", self.page("policy"))

    def show_tab(self, content: QWidget) -> None:
        """Bring the tab holding ``content`` (a tab's content or a page of the tab widget) to the front."""
        for i in range(self.tabs.count()):
            page = self.tabs.widget(i)
            if page is content or (isinstance(page, TabSlot) and page.content is content):
                self.tabs.setCurrentIndex(i)
                return

    def _build_current(self) -> None:
        page = self.tabs.currentWidget()
        if isinstance(page, TabSlot):
            self.page(page.key)

    def add_tab(self, widget: QWidget, title: str) -> int:
        """A later tab goes before 政策, which stays last."""
        index = self.tabs.insertTab(self.tabs.indexOf(self._slots["policy"]), widget, title)
        if isinstance(widget, WorkTab):
            widget.set_policy_year(self.selected_year)
            widget.changed.connect(self._tab_changed)
        return index

    def _built_pages(self) -> list[QWidget]:
        pages = []
        for i in range(self.tabs.count()):
            page = self.tabs.widget(i)
            content = page.content if isinstance(page, TabSlot) else page
            if content is not None:
                pages.append(content)
        return pages

    def work_tabs(self) -> list[WorkTab]:
        """The working tabs built so far, in tab order (a tab not yet opened keeps its inputs in ``_pending``)."""
        return [t for t in self._built_pages() if isinstance(t, WorkTab)]

    def all_work_tabs(self) -> list[WorkTab]:
        """Every working tab, building those not opened yet."""
        for key in self._slots:
            self.page(key)
        return self.work_tabs()

    # ------------------------------------------------------------------ year and banner

    def _default_year(self) -> int:
        current = self.policies.current_year_for(self.today)
        if current in self.policies.years:
            return current
        older = [y for y in self.policies.years if y <= current]
        return older[-1] if older else self.policies.years[0]

    @property
    def selected_year(self) -> int:
        return int(self.year_combo.currentData())

    def _year_changed(self) -> None:
        if not self._year_ready:
            return
        year = self.selected_year
        for page in self._built_pages():
            setter = getattr(page, "set_policy_year", None)
            if setter is not None:
                setter(year)
        self._update_banner()
        self._tab_changed()

    def stale_message(self) -> str | None:
        return staleness_message(self.policies, self.selected_year, self.today)

    def _update_banner(self) -> None:
        year = self.selected_year
        entry = self.policies.entry(year)
        head = self.tr("当前按 {year}年度 政策计算(数据版本 {version},校验码 {hash})").format(
            year=year, version=entry.policy.data_version, hash=entry.short_hash
        )
        stale = self.stale_message()
        if stale:
            self.banner.setText(f"⚠ {head}\n{stale}")
            self.banner.setStyleSheet(BANNER_STALE)
        else:
            self.banner.setText(head)
            self.banner.setStyleSheet(BANNER_OK)

    # ------------------------------------------------------------------ tabs

    def next_tab(self) -> None:
        self.tabs.setCurrentIndex((self.tabs.currentIndex() + 1) % self.tabs.count())

    def previous_tab(self) -> None:
        self.tabs.setCurrentIndex((self.tabs.currentIndex() - 1) % self.tabs.count())

    def current_work_tab(self) -> WorkTab | None:
        widget = self.tabs.currentWidget()
        if isinstance(widget, TabSlot):
            widget = self.page(widget.key)
        return widget if isinstance(widget, WorkTab) else None

    def _tab_switched(self) -> None:
        self._build_current()
        is_work = self.current_work_tab() is not None
        for a in (self.print_action, self.preview_action, self.pdf_action, self.compare_action):
            a.setEnabled(is_work)
        self._tab_changed()

    # ------------------------------------------------------------------ session file and closing

    def session_path(self) -> Path:
        return data_dir() / SESSION_FILE

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_session()
        super().closeEvent(event)
