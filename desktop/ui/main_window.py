"""The main window: policy year, the stale-year banner, the tabs, menus, and the session autosave."""

from __future__ import annotations

import dataclasses
import datetime as dt
import inspect
import json
import logging
import os
import re
import time
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import shiboken6
from PySide6.QtCore import QRect, QSettings, QSize, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QFont, QGuiApplication, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from desktop.app_info import APP_TITLE
from desktop.core import atomic, packs
from desktop.core.errors import os_reason
from desktop.core.jsonsafe import JsonLimitError, loads_limited
from desktop.core.policy.loader import PolicySet
from desktop.core.slip import Slip
from desktop.core.staleness import staleness_message
from desktop.resources import resource
from desktop.ui.tab_base import WorkTab, WorkTabApi

if TYPE_CHECKING:  # the tab modules are imported when a tab is first shown
    from desktop.ui.tabs.checklist_tab import ChecklistTab
    from desktop.ui.tabs.estimate_tab import EstimateTab
    from desktop.ui.tabs.policy_tab import PolicyTab
    from desktop.ui.tabs.quote.tab import QuoteTab
    from desktop.ui.tabs.roster_tab import RosterTab
    from desktop.ui.tabs.simulation_tab import SimulationTab

log = logging.getLogger(__name__)

LARGE_TEXT_FACTOR = 1.3
SESSION_FILE = "session.json"
#: an edit schedules the session autosave this long after the last keystroke: typing a number
#: writes the file once, not once per digit; closing the window or a crash dialog writes at once
AUTOSAVE_DELAY_MS = 400
SESSION_VERSION = 1
#: a session holds a household and a year of events (a few KB); far larger is not ours
MAX_SESSION_BYTES = 5_000_000
CASE_FILTER = "测算案例 (*.czcase *.json)"

BANNER_OK = "QLabel { background: #e8f1fb; border: 1px solid #9bb8d8; padding: 6px; }"
BANNER_STALE = "QLabel { background: #fff3c4; border: 2px solid #a06800; padding: 6px; font-weight: bold; }"


#: screens up to this size (1366x768, 1440x900, 1600x900 …) get the window maximised
MAXIMISE_UP_TO = QSize(1600, 900)
#: on a larger screen the window takes this share of the available area
LARGE_SCREEN_SHARE = 0.9


def initial_size(available: QRect, minimum: QSize) -> QSize:
    """The window's first size: the whole available area of a small screen, 90 % of a large one.

    Never below ``minimum``: the layouts need it.
    """
    width, height = available.width(), available.height()
    if width > MAXIMISE_UP_TO.width() and height > MAXIMISE_UP_TO.height():
        width, height = int(width * LARGE_SCREEN_SHARE), int(height * LARGE_SCREEN_SHARE)
    return QSize(max(width, minimum.width()), max(height, minimum.height()))


def mnemonic(text: str) -> str | None:
    """The letter after "&" in a label such as "导出PDF(&E)…", upper case; None without one."""
    match = re.search(r"&([A-Za-z0-9])", text.replace("&&", ""))
    return match.group(1).upper() if match else None


#: the window's own settings (大字模式, window size ...), an INI file in the user data folder
SETTINGS_FILE = "settings.ini"


def data_dir() -> Path:
    """Where the session file lives: the same folder as installed policy packs ($CZDESK_DATA_DIR in tests)."""
    return packs.data_dir()


def api(tab: WorkTab) -> WorkTabApi:
    """Every working tab implements the protocol; the base class only declares it."""
    return cast(WorkTabApi, tab)


class SessionDamaged(Exception):
    """The session file cannot be used as a whole; ``reason`` says why, in Chinese."""

    def __init__(self, reason: str):
        self.reason = reason
        super().__init__(reason)


def check_session(data: object) -> dict[str, Any]:
    """The session document if its shape is the one we write; SessionDamaged otherwise.

    Values that are well-typed but unknown here (a year no longer loaded, a tab index past the
    end) are not damage: the window falls back for them, as after removing a policy pack.
    """
    if not isinstance(data, dict):
        raise SessionDamaged("内容不是输入记录")
    version = data.get("version", SESSION_VERSION)
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise SessionDamaged("版本号不正确")
    if version > SESSION_VERSION:
        raise SessionDamaged("由较新版本的程序保存")
    for key, label, low, high in (("policy_year", "政策年度", 1000, 9999), ("current_tab", "页签序号", 0, 99)):
        value = data.get(key)
        if value is not None and (not isinstance(value, int) or isinstance(value, bool)):
            raise SessionDamaged(f"{label}不是整数")
        if value is not None and not low <= value <= high:  # a year not loaded (any more) is fine
            raise SessionDamaged(f"{label}超出范围")
    tabs = data.get("tabs", {})
    if not isinstance(tabs, dict) or not all(isinstance(v, dict) for v in tabs.values()):
        raise SessionDamaged("页签内容的格式不正确")
    return data


def clean_data_folder(base: Path) -> None:
    """What killed writes left in the data folder: session and settings temporaries (the session
    holds full IDs), the packs' state temporaries, half-made pack folders and temporaries inside
    a pack's folder."""
    atomic.clean_stale_temps(base)
    _clean_empty_settings_lock(base / (SETTINGS_FILE + ".lock"))
    root = packs.packs_dir(base)
    atomic.clean_stale_temps(root)
    try:
        years = [d for d in root.iterdir() if d.name.isdigit() and d.is_dir()]
    except OSError:
        return
    for year_dir in years:
        atomic.clean_stale_pack_folders(year_dir)
        try:
            versions = [d for d in year_dir.iterdir() if d.is_dir()]
        except OSError:
            continue
        for version_dir in versions:  # a pack's stored (pre-validated) form is rewritten there
            atomic.clean_stale_temps(version_dir)


#: a lock Qt's QLockFile made has its process id written into it at once; one still empty after
#: this long was left by a kill between the two, and Qt would wait out its 30 s stale-lock time
#: at the next settings save (the window hangs)
EMPTY_LOCK_STALE_S = 5.0


def _clean_empty_settings_lock(lock: Path, now: float | None = None) -> bool:
    """Delete an empty settings lock a kill left behind; never raises. True when deleted."""
    try:
        info = lock.stat()
        if info.st_size or (time.time() if now is None else now) - info.st_mtime < EMPTY_LOCK_STALE_S:
            return False
        lock.unlink()
    except OSError:
        return False
    return True


def damaged_name(now: dt.datetime) -> str:
    """``session.damaged-20261129-143005.json``: built from digits, whatever the locale."""
    stamp = f"{now.year:04d}{now.month:02d}{now.day:02d}-{now.hour:02d}{now.minute:02d}{now.second:02d}"
    return f"session.damaged-{stamp}.json"


def free_damaged_path(folder: Path, now: dt.datetime) -> Path:
    """A ``session.damaged-<time>.json`` in ``folder`` that does not exist yet."""
    first = folder / damaged_name(now)
    for n in range(1, 100):
        aside = first if n == 1 else first.with_name(f"{first.stem}-{n}{first.suffix}")
        if not aside.exists() and not aside.is_symlink():
            return aside
    raise FileExistsError(first)


def set_aside(path: Path, now: dt.datetime) -> Path:
    """Move a damaged session beside itself under a name that is not overwritten."""
    aside = free_damaged_path(path.parent, now)
    os.rename(path, aside)  # never over an existing name (os.replace would)
    return aside


class TabSlot(QWidget):
    """A page of the tab widget whose content is built the first time it is shown or asked for.

    Only the tab on screen is built before the first paint: the window opens sooner and holds
    less memory, and a tab the clerk never opens costs nothing.
    """

    def __init__(self, key: str, factory: Callable[[], QWidget], parent: QWidget | None = None):
        super().__init__(parent)
        self.key = key
        # a bound method of the window is held weakly: a strong one makes a reference cycle
        # (window → page → method → window) that leaves the window to the garbage collector, whose
        # late destruction of a toolbar's widget actions crashed Qt (QWidgetAction::releaseWidget)
        self._factory: Callable[[], Callable[[], QWidget] | None] = (
            weakref.WeakMethod(factory) if inspect.ismethod(factory) else (lambda: factory)
        )
        self.content: QWidget | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)

    def build(self) -> tuple[QWidget, bool]:
        """The content, and whether it was built just now."""
        if self.content is not None:
            return self.content, False
        factory = self._factory()
        if factory is None:
            raise RuntimeError("tab page outlived its window")
        self.content = factory()
        cast(QVBoxLayout, self.layout()).addWidget(self.content)
        return self.content, True


class MainWindow(QMainWindow):
    def __init__(
        self,
        policies: PolicySet,
        today: dt.date | None = None,
        settings: QSettings | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.policies = policies
        self.today = today or dt.date.today()
        if settings is None:
            # beside the session and the packs (on Windows %LOCALAPPDATA%, not the registry), so
            # the one folder README names holds everything the program keeps
            settings = QSettings(str(data_dir() / SETTINGS_FILE), QSettings.Format.IniFormat)
        self.settings = settings
        # nothing is autosaved until the last session has been read back
        self._restoring = True
        #: False when a damaged session could not be set aside: it is then never written over
        self._session_writable = True
        #: what the clerk was told about a damaged session, if anything
        self.session_notice: str | None = None
        self.session_box: QMessageBox | None = None
        self._autosave = QTimer(self)
        self._autosave.setSingleShot(True)
        self._autosave.setInterval(AUTOSAVE_DELAY_MS)
        self._autosave.timeout.connect(self.save_session)
        self._base_font = QFont(QApplication.font())
        self.setWindowTitle(APP_TITLE)
        self.setWindowIcon(QIcon(str(resource("icons", "app.png"))))
        self.setMinimumSize(1024, 640)
        self.resize(initial_size(self._available_geometry(), self.minimumSize()))
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
        #: inputs read from a session or case file for tabs not built yet, keyed by case_key
        self._pending: dict[str, dict[str, Any]] = {}
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
        self.restore_session()
        self._build_current()
        self._restoring = False

    def _available_geometry(self) -> QRect:
        screen = self.screen() or QGuiApplication.primaryScreen()
        return screen.availableGeometry() if screen is not None else QRect(0, 0, 1280, 720)

    def should_maximise(self) -> bool:
        """On a counter's small screen the window opens maximised: every pixel goes to the figures."""
        available = self._available_geometry()
        return available.width() <= MAXIMISE_UP_TO.width() or available.height() <= MAXIMISE_UP_TO.height()

    def show_on_screen(self) -> None:
        """Show the window as it opens at the counter: maximised on a small screen, else large and centred."""
        if self.should_maximise():
            self.showMaximized()
            return
        frame = self.frameGeometry()
        frame.moveCenter(self._available_geometry().center())
        self.move(frame.topLeft())
        self.show()

    # ------------------------------------------------------------------ tabs, built when first needed

    def _make_quote(self) -> QWidget:
        from desktop.ui.tabs.quote.tab import QuoteTab

        return QuoteTab(self.policies, today=self.today)

    def _make_checklist(self) -> QWidget:
        from desktop.ui.tabs.checklist_tab import ChecklistTab

        return ChecklistTab(self.policies)

    def _make_estimate(self) -> QWidget:
        from desktop.ui.tabs.estimate_tab import EstimateTab

        return EstimateTab(self.policies)

    def _make_simulation(self) -> QWidget:
        from desktop.ui.tabs.simulation_tab import SimulationTab

        return SimulationTab(self.policies)

    def _make_roster(self) -> QWidget:
        from desktop.ui.tabs.roster_tab import RosterTab

        return RosterTab(self.policies, today=self.today)

    def _make_policy(self) -> QWidget:
        from desktop.ui.tabs.policy_tab import PolicyTab

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

    # ------------------------------------------------------------------ actions and menus

    def _action(self, text: str, slot: Any, *keys: QKeySequence | str, checkable: bool = False) -> QAction:
        action = QAction(text, self)
        if keys:
            action.setShortcuts([QKeySequence(k) for k in keys])
        action.setCheckable(checkable)
        (action.toggled if checkable else action.triggered).connect(slot)
        self.addAction(action)  # shortcuts work even when the menu bar is hidden
        return action

    def _build_actions(self) -> None:
        S = QKeySequence.StandardKey
        self.new_action = self._action(self.tr("新建(&N)"), self.new_case, QKeySequence(S.New))
        self.open_action = self._action(self.tr("打开(&O)…"), self.open_case, QKeySequence(S.Open))
        self.save_action = self._action(self.tr("保存(&S)…"), self.save_case, QKeySequence(S.Save))
        self.print_action = self._action(self.tr("打印(&P)…"), self.print_current, QKeySequence(S.Print))
        self.preview_action = self._action(self.tr("打印预览(&V)…"), self.preview_current)
        self.pdf_action = self._action(self.tr("导出PDF(&E)…"), self.export_pdf)
        self.compare_action = self._action(self.tr("对比年度(&C)…"), self.compare_years)
        self.packs_action = self._action(self.tr("政策包管理(&K)…"), self.manage_packs)
        self.next_tab_action = self._action(self.tr("下一页签"), self.next_tab, "Ctrl+Tab", "Ctrl+PgDown")
        self.prev_tab_action = self._action(self.tr("上一页签"), self.previous_tab, "Ctrl+Shift+Tab", "Ctrl+PgUp")
        self.large_text_action = self._action(
            self.tr("大字模式(&L)"), self.set_large_text, "Ctrl++", "Ctrl+=", checkable=True
        )
        self.quit_action = self._action(self.tr("退出(&Q)"), self.close, QKeySequence(S.Quit))

    def _build_menus_and_toolbar(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(self.tr("文件(&F)"))
        for a in (self.new_action, self.open_action, self.save_action):
            file_menu.addAction(a)
        file_menu.addSeparator()
        for a in (self.print_action, self.preview_action, self.pdf_action):
            file_menu.addAction(a)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        view_menu = bar.addMenu(self.tr("查看(&V)"))
        for a in (self.large_text_action, self.next_tab_action, self.prev_tab_action):
            view_menu.addAction(a)
        tools_menu = bar.addMenu(self.tr("工具(&T)"))
        tools_menu.addAction(self.compare_action)
        tools_menu.addAction(self.packs_action)

        toolbar = QToolBar(self.tr("常用"))
        toolbar.setObjectName("main_toolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        year_label = QLabel(self.tr(" 政策年度(&Y): "))
        year_label.setBuddy(self.year_combo)
        toolbar.addWidget(year_label)
        toolbar.addWidget(self.year_combo)
        toolbar.addSeparator()
        for a in (
            self.new_action,
            self.open_action,
            self.save_action,
            self.print_action,
            self.pdf_action,
            self.compare_action,
            self.large_text_action,
        ):
            toolbar.addAction(a)
            # a toolbar button shows "导出PDF(E)" but, unlike a menu entry, has no mnemonic of its
            # own: Alt+letter is added to the action so the letter shown works from anywhere
            letter = mnemonic(a.text())
            if letter:
                a.setShortcuts([*a.shortcuts(), QKeySequence(f"Alt+{letter}")])
        self.addToolBar(toolbar)

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

    def _tab_changed(self) -> None:
        if not self._restoring:
            self._autosave.start()  # (re)starts the delay: one write after the clerk pauses

    # ------------------------------------------------------------------ text size

    def set_large_text(self, on: bool) -> None:
        font = QFont(self._base_font)
        if on:
            font.setPointSizeF(self._base_font.pointSizeF() * LARGE_TEXT_FACTOR)
        QApplication.setFont(font)
        # and on the window itself: a style's per-class fonts (menu bar, item views) do not follow
        # the application's font, but every child resolves against its window's
        self.setFont(font)
        self.banner.setFont(font)  # a style-sheeted label keeps the font it was polished with
        self.settings.setValue("large_text", on)
        self.statusBar().showMessage(self.tr("已切换到大字模式") if on else self.tr("已恢复正常字号"), 3000)

    # ------------------------------------------------------------------ session and case files

    def state(self) -> dict[str, Any]:
        tabs: dict[str, Any] = dict(self._pending)  # tabs not opened this time keep what they had
        tabs.update({tab.case_key: api(tab).to_case() for tab in self.work_tabs()})
        return {
            "version": SESSION_VERSION,
            "policy_year": self.selected_year,
            "current_tab": self.tabs.currentIndex(),
            "tabs": tabs,
        }

    def apply_state(self, data: dict[str, Any]) -> None:
        """Show saved inputs; a tab that cannot take its own is reported (``_restore_failed``)."""
        self._restoring = True
        try:
            year = data.get("policy_year")
            # only a loaded year is looked up: anything else (a 39-digit number from a hand-made
            # case file) would overflow inside Qt
            if isinstance(year, int) and year in self.policies.years:
                self.year_combo.setCurrentIndex(self.year_combo.findData(year))
            tabs = data.get("tabs")
            tabs = tabs if isinstance(tabs, dict) else {}
            built = {tab.case_key: tab for tab in self.work_tabs()}
            for key, saved in tabs.items():
                if not isinstance(saved, dict):
                    if key in self._slots:
                        self._restore_failed(key, saved)
                    continue
                if key in built:
                    try:
                        api(built[key]).load_case(saved)
                    except Exception:  # a broken part of a session must not stop the rest
                        log.exception("无法恢复页签 %s", key)
                        self._restore_failed(key, saved)
                elif key in self._slots:
                    self._pending[key] = saved
            current = data.get("current_tab")
            if isinstance(current, int) and 0 <= current < self.tabs.count():
                self.tabs.setCurrentIndex(current)
        finally:
            self._restoring = False

    def session_path(self) -> Path:
        return data_dir() / SESSION_FILE

    def save_session(self) -> None:
        self._autosave.stop()  # whatever was scheduled is written now
        if not self._session_writable:
            return  # a damaged session that could not be set aside is never overwritten
        path = self.session_path()
        try:
            text = json.dumps(self.state(), ensure_ascii=False, indent=1)
            path.parent.mkdir(parents=True, exist_ok=True)
            atomic.atomic_write_text(path, text, private=True)
        except (OSError, TypeError, ValueError):
            log.exception("无法写入会话文件")

    def flush_session(self) -> None:
        """Write the session now if an edit is still waiting for its autosave."""
        if self._autosave.isActive():
            self.save_session()

    def restore_session(self) -> bool:
        """Show the last session's inputs. A damaged session never stops the start and is never
        lost: it is set aside as ``session.damaged-<time>.json``, the clerk is told once, and the
        window starts clean."""
        path = self.session_path()
        clean_data_folder(path.parent)
        try:
            if not path.exists() and not path.is_symlink():
                return False
            try:
                if not path.is_file():
                    raise SessionDamaged("不是文件")
                with path.open("rb") as handle:
                    raw = handle.read(MAX_SESSION_BYTES + 1)  # the limit before anything is parsed
                data = check_session(loads_limited(raw, max_bytes=MAX_SESSION_BYTES))
            except JsonLimitError as exc:
                raise SessionDamaged(exc.reason) from None
            except OSError as exc:
                raise SessionDamaged(f"无法读取:{os_reason(exc)}") from None
            self.apply_state(data)
        except SessionDamaged as exc:
            self._session_damaged(path, exc.reason)
            return False
        except Exception:  # noqa: BLE001 - whatever else: never a crash dialog at every start
            log.exception("会话文件无法恢复")
            self._clear_tabs()
            self._session_damaged(path, "内容无法恢复")
            return False
        if self.session_notice is None:
            self.statusBar().showMessage(self.tr("已恢复上次的输入"), 5000)
        return True

    def _clear_tabs(self) -> None:
        self._restoring = True
        try:
            self._pending.clear()
            for tab in self.work_tabs():
                try:
                    api(tab).clear()
                except Exception:  # noqa: BLE001 - a tab that cannot clear itself must not stop the start
                    log.exception("页签无法清空")
        finally:
            self._restoring = False

    def _session_damaged(self, path: Path, reason: str) -> None:
        """Keep the damaged file aside (never overwritten) and tell the clerk once, in Chinese."""
        log.warning("会话文件已损坏:%s", reason)
        try:
            aside = set_aside(path, dt.datetime.now())
        except OSError as exc:
            log.warning("损坏的会话文件无法另存:%s", os_reason(exc))
            self._session_writable = False
            text = self.tr(
                "上次的输入记录文件已损坏({reason}),且无法另存到一旁({why})。"
                "为免覆盖它,本次不会自动保存输入记录。\n文件位置:{path}"
            ).format(reason=reason, why=os_reason(exc), path=path)
        else:
            text = self.tr("上次的输入记录已损坏({reason}),无法恢复,本次从空白开始。原文件已另存为:{path}").format(
                reason=reason, path=aside
            )
        self._notify(text)

    def _restore_failed(self, key: str, saved: object) -> None:
        """A tab could not take its saved inputs: keep them in a file and say so (the rest stays)."""
        title = self.tabs.tabText(self.tabs.indexOf(self._slots[key])) if key in self._slots else key
        try:
            aside = free_damaged_path(self.session_path().parent, dt.datetime.now())
            document = {"version": SESSION_VERSION, "tabs": {key: saved}}
            atomic.atomic_write_text(aside, json.dumps(document, ensure_ascii=False, indent=1), private=True)
        except (OSError, TypeError, ValueError) as exc:
            log.warning("无法另存未恢复的页签内容:%s", exc)
            kept = self.tr("这部分内容无法另存。")
        else:
            kept = self.tr("这部分内容已另存为:{path}").format(path=aside)
        self._notify(self.tr("“{title}”页签保存的内容无法恢复,其余内容已恢复。{kept}").format(title=title, kept=kept))

    def _notify(self, text: str) -> None:
        """Tell the clerk once: a message box that does not block, and the status bar until replaced."""
        self.session_notice = text if self.session_notice is None else f"{self.session_notice}\n{text}"
        self.statusBar().showMessage(self.session_notice)
        if self.session_box is not None:
            self.session_box.setText(self.session_notice)
            return
        box = QMessageBox(QMessageBox.Icon.Warning, APP_TITLE, self.session_notice, QMessageBox.StandardButton.Ok, self)
        box.setWindowModality(Qt.WindowModality.NonModal)
        self.session_box = box
        box.finished.connect(self._notice_read)
        # after the window itself is up (never blocks the start); dropped if the window is gone first
        QTimer.singleShot(0, box, box.show)

    def _notice_read(self) -> None:
        if self.session_box is not None:
            self.session_box.deleteLater()
        self.session_box = None

    def new_case(self) -> None:
        answer = QMessageBox.question(
            self,
            self.tr("新建"),
            self.tr("清空所有页签中已输入的内容,开始新的测算?"),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self._clear_tabs()
        self.save_session()

    def open_case(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("打开测算案例"), "", self.tr(CASE_FILTER))
        if not path:
            return
        from desktop.ui.case_file import CaseFileError, load_case

        try:
            data = load_case(Path(path))
        except CaseFileError as exc:
            QMessageBox.warning(self, self.tr("打开测算案例"), str(exc))
            return
        self.apply_state(data)
        self.save_session()
        self.statusBar().showMessage(self.tr("已打开 {path}").format(path=path), 5000)

    def save_case(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("保存测算案例"), "", self.tr(CASE_FILTER))
        if not path:
            return
        from desktop.ui.case_file import CaseFileError, save_case

        try:
            save_case(Path(path), self.state())
        except (CaseFileError, OSError) as exc:
            QMessageBox.warning(self, self.tr("保存测算案例"), str(exc))
            return
        self.statusBar().showMessage(self.tr("已保存到 {path}").format(path=path), 5000)

    # ------------------------------------------------------------------ printing and comparing

    def current_slip(self) -> Slip | None:
        tab = self.current_work_tab()
        if tab is None:
            QMessageBox.information(self, APP_TITLE, self.tr("这一页没有可打印的测算单。"))
            return None
        slip = api(tab).slip()
        if slip is None:
            QMessageBox.information(self, APP_TITLE, self.tr("请先把这一页的内容填写完整,再打印。"))
            return None
        return dataclasses.replace(slip, printed_on=self.today, stale_warning=self.stale_message())

    def print_current(self) -> None:
        slip = self.current_slip()
        if slip is not None:
            from desktop.ui.printing import print_slip

            print_slip(slip, self)

    def preview_current(self) -> None:
        slip = self.current_slip()
        if slip is not None:
            from desktop.ui.printing import preview_slip

            preview_slip(slip, self)

    def export_pdf(self) -> None:
        slip = self.current_slip()
        if slip is None:
            return
        suggested = f"{slip.title}-{slip.policy_year}年度-{self.today:%Y%m%d}.pdf"
        path, _ = QFileDialog.getSaveFileName(self, self.tr("导出PDF"), suggested, self.tr("PDF 文件 (*.pdf)"))
        if not path:
            return
        from desktop.ui.printing import save_slip_pdf

        try:
            save_slip_pdf(slip, Path(path))
        except OSError as exc:
            QMessageBox.warning(
                self, self.tr("导出PDF"), self.tr("无法写入 {path}:{err}").format(path=path, err=os_reason(exc))
            )
            return
        self.statusBar().showMessage(self.tr("已导出 {path}").format(path=path), 5000)

    def compare_years(self) -> None:
        tab = self.current_work_tab()
        if tab is None:
            return
        from desktop.ui.compare_dialog import CompareDialog

        CompareDialog(self.policies, tab, self).exec()

    # ------------------------------------------------------------------ policy packs

    def manage_packs(self) -> None:
        from desktop.ui.pack_dialog import PackDialog

        dialog = PackDialog(self, today=self.today)
        changed: list[bool] = []
        dialog.packs_changed.connect(lambda: changed.append(True))
        dialog.exec()
        if changed:
            self.reload_policies()

    def reload_policies(self) -> MainWindow | None:
        """After a pack was installed, enabled or removed: a new window on the new data, same inputs.

        The tabs hold their policy years from construction, so the window is rebuilt rather than
        patched; the inputs travel through the session file exactly as they do between runs.
        """
        try:
            result = packs.load_all(self.today)
        except Exception:  # the bundled data broke under a running window: keep working on what is loaded
            log.exception("政策数据重新加载失败")
            QMessageBox.warning(self, APP_TITLE, self.tr("政策数据无法重新加载,继续使用已加载的数据。"))
            return None
        self.save_session()
        successor = MainWindow(result.policies, today=self.today, settings=self.settings)
        successor.setGeometry(self.geometry())
        _keep_alive(successor)
        successor.show()
        if result.problems:
            successor.statusBar().showMessage(
                self.tr("有 {n} 个政策包无法使用,详见“工具 → 政策包管理”").format(n=len(result.problems)), 10000
            )
        self.close()
        _retire(self)
        return successor

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_session()
        super().closeEvent(event)


#: windows made by reload_policies live here, since nothing else holds them; a replaced window
#: stays listed until Qt has deleted it (see _retire)
_windows: list[MainWindow] = []


def _keep_alive(window: MainWindow) -> None:
    _windows[:] = [w for w in _windows if shiboken6.isValid(w)]
    _windows.append(window)


def _retire(window: MainWindow) -> None:
    """Let Qt delete a replaced window once the event that replaced it has finished.

    reload_policies runs inside the click on the window's own 工具 menu. Dropping the last Python
    reference there deleted the window (menus included) in the middle of QMenu's own key/mouse
    handler, and a window caught in a reference cycle was deleted later at whatever moment the
    garbage collector ran: both are use-after-free in Qt (the QWidgetAction::releaseWidget
    segfault). deleteLater hands the deletion to the event loop, after the current event; the
    list keeps Python from deleting it first.
    """
    if window not in _windows:
        _windows.append(window)
    window.deleteLater()
