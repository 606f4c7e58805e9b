"""The main window's layout and tab wiring: policy year, the stale-year banner, the tabs.

Its other jobs are parts it owns, each in desktop/ui/window/ and each given exactly what it needs
of the window when it is made: the menus, toolbar and 大字模式 (``menus``), the session autosave
and case files (``session``), printing and year comparison (``slips``), the rebuild after a policy
pack changed (``reload``), backup and restore (``backup``); placement on the screen is ``geometry``.
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
from desktop.ui.window import geometry
from desktop.ui.window.actions import MenuCommands, Menus
from desktop.ui.window.backup import Backup
from desktop.ui.window.reload import PackReload
from desktop.ui.window.session import Session
from desktop.ui.window.session_file import SESSION_FILE, SETTINGS_FILE
from desktop.ui.window.slips import Slips
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


class MainWindow(QMainWindow):
    def __init__(
        self,
        policies: PolicySet,
        today: dt.date | None = None,
        settings: QSettings | None = None,
        parent: QWidget | None = None,
        *,
        safe_start: bool = False,
    ):
        """``safe_start``: the last start never reached the window; see Session.restore_session."""
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
        #: the session autosave and case files (nothing is autosaved until the last session has been read back)
        self.session = Session(self, self)
        base_font = QFont(QApplication.font())
        self.setWindowTitle(APP_TITLE)
        self.setWindowIcon(QIcon(str(resource("icons", "app.png"))))
        geometry.fit_to_screen(self)
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

        self.slips = Slips(
            self,
            today=self.today,
            policies=policies,
            current_tab=self.current_work_tab,
            stale_message=self.stale_message,
        )
        self.reload = PackReload(
            self,
            today=self.today,
            save_session=self.session.save_session,
            successor=lambda new: type(self)(new, today=self.today, settings=self.settings),
        )
        self.backup = Backup(
            self, settings=settings, session=self.session, data_folder=lambda: self.session_path().parent
        )
        commands = MenuCommands(
            new_case=self.session.new_case,
            open_case=self.session.open_case,
            save_case=self.session.save_case,
            print_current=self.slips.print_current,
            preview_current=self.slips.preview_current,
            export_pdf=self.slips.export_pdf,
            compare_years=self.slips.compare_years,
            manage_packs=self.reload.manage_packs,
            make_pack=self.reload.make_pack,
            next_tab=self.next_tab,
            previous_tab=self.previous_tab,
            backup_data=self.backup.backup_data,
            restore_data=self.backup.restore_data,
        )
        self.menus = Menus(
            self,
            commands,
            year_combo=self.year_combo,
            banner=self.banner,
            settings=settings,
            base_font=base_font,
            policies=policies,
        )
        self.statusBar().showMessage(self.tr("就绪"))

        self.year_combo.currentIndexChanged.connect(self._year_changed)
        self.tabs.currentChanged.connect(self._tab_switched)

        self.year_combo.setCurrentIndex(self.year_combo.findData(self._default_year()))
        self._year_ready = True
        self._year_changed()
        self.menus.large_text_action.setChecked(bool(self.settings.value("large_text", False, type=bool)))
        self.session.restore_session(safe_start=safe_start)
        self._build_current()
        self.session.restoring = False

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
            restoring, self.session.restoring = self.session.restoring, True
            try:
                self._adopt(key, content)
            finally:
                self.session.restoring = restoring
        return content

    def _adopt(self, key: str, content: QWidget) -> None:
        if self._year_ready:
            cast(Any, content).set_policy_year(self.selected_year)
        if isinstance(content, WorkTab):
            content.changed.connect(self.session.tab_changed)
            saved = self.session.pending.pop(key, None)
            if saved is not None:
                try:
                    api(content).load_case(saved)
                except Exception:  # a broken part of a session must not stop the rest
                    log.exception("无法恢复页签 %s", key)
                    self.session.restore_failed(key, saved)

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
            widget.changed.connect(self.session.tab_changed)
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
        """The working tabs built so far, in tab order (a tab not yet opened keeps its inputs in ``session.pending``)."""
        return [t for t in self._built_pages() if isinstance(t, WorkTab)]

    def tab_keys(self) -> list[str]:
        """Every tab's case key, in tab order, built or not."""
        return list(self._slots)

    def tab_title(self, key: str) -> str:
        return self.tabs.tabText(self.tabs.indexOf(self._slots[key]))

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
        self.session.tab_changed()

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
        m = self.menus
        for a in (m.print_action, m.preview_action, m.pdf_action, m.compare_action):
            a.setEnabled(is_work)
        self.session.tab_changed()

    # ------------------------------------------------------------------ session file and closing

    def session_path(self) -> Path:
        return data_dir() / SESSION_FILE

    def closeEvent(self, event: QCloseEvent) -> None:
        self.session.save_session()
        super().closeEvent(event)

    # ------------------------------------------------------------------ placement on the screen

    def should_maximise(self) -> bool:
        return geometry.should_maximise(self)

    def show_on_screen(self) -> None:
        geometry.show_on_screen(self)
