"""The main window's actions: menus, the toolbar, keyboard shortcuts, and 大字模式 (text size)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication, QSettings, Qt
from PySide6.QtGui import QAction, QFont, QKeySequence
from PySide6.QtWidgets import QApplication, QComboBox, QLabel, QMainWindow, QToolBar

from desktop.app_info import APP_TITLE
from desktop.core.policy.loader import PolicySet

#: 大字模式 makes every font this much larger
LARGE_TEXT_FACTOR = 1.3


def mnemonic(text: str) -> str | None:
    """The letter after "&" in a label such as "导出PDF(&E)…", upper case; None without one."""
    match = re.search(r"&([A-Za-z0-9])", text.replace("&&", ""))
    return match.group(1).upper() if match else None


def tr(text: str) -> str:
    return QCoreApplication.translate("MainWindow", text)


@dataclass(frozen=True)
class MenuCommands:
    """What each menu entry does: the window's parts (session, slips, packs, backup) and its own tab steps."""

    new_case: Callable[[], None]
    open_case: Callable[[], None]
    save_case: Callable[[], None]
    print_current: Callable[[], None]
    preview_current: Callable[[], None]
    export_pdf: Callable[[], None]
    compare_years: Callable[[], None]
    manage_packs: Callable[[], None]
    make_pack: Callable[[], None]
    next_tab: Callable[[], None]
    previous_tab: Callable[[], None]
    backup_data: Callable[[], None]
    restore_data: Callable[[], None]


class Menus:
    """The window's actions, menus and toolbar (with ``year_combo`` on it), 大字模式 and 关于.

    Every action is added to ``window`` too, so its shortcut works even when the menu bar is hidden.
    大字模式 scales ``base_font`` and is kept in ``settings``; ``banner`` is told the new font.
    """

    def __init__(
        self,
        window: QMainWindow,
        commands: MenuCommands,
        *,
        year_combo: QComboBox,
        banner: QLabel,
        settings: QSettings,
        base_font: QFont,
        policies: PolicySet,
    ) -> None:
        self.window = window
        self.year_combo = year_combo
        self.banner = banner
        self.settings = settings
        self.base_font = base_font
        self.policies = policies
        self._build_actions(commands)
        self._build_menus_and_toolbar()

    def _action(self, text: str, slot: Any, *keys: QKeySequence | str, checkable: bool = False) -> QAction:
        action = QAction(text, self.window)
        if keys:
            action.setShortcuts([QKeySequence(k) for k in keys])
        action.setCheckable(checkable)
        (action.toggled if checkable else action.triggered).connect(slot)
        self.window.addAction(action)  # shortcuts work even when the menu bar is hidden
        return action

    def _build_actions(self, c: MenuCommands) -> None:
        S = QKeySequence.StandardKey
        self.new_action = self._action(tr("新建(&N)"), c.new_case, QKeySequence(S.New))
        self.open_action = self._action(tr("打开(&O)…"), c.open_case, QKeySequence(S.Open))
        self.save_action = self._action(tr("保存(&S)…"), c.save_case, QKeySequence(S.Save))
        self.print_action = self._action(tr("打印(&P)…"), c.print_current, QKeySequence(S.Print))
        self.preview_action = self._action(tr("打印预览(&V)…"), c.preview_current)
        self.pdf_action = self._action(tr("导出PDF(&E)…"), c.export_pdf)
        self.compare_action = self._action(tr("对比年度(&C)…"), c.compare_years)
        self.packs_action = self._action(tr("政策包管理(&K)…"), c.manage_packs)
        self.make_pack_action = self._action(tr("制作政策包(&M)…"), c.make_pack)
        self.next_tab_action = self._action(tr("下一页签"), c.next_tab, "Ctrl+Tab", "Ctrl+PgDown")
        self.prev_tab_action = self._action(tr("上一页签"), c.previous_tab, "Ctrl+Shift+Tab", "Ctrl+PgUp")
        self.large_text_action = self._action(
            tr("大字模式(&L)"), self.set_large_text, "Ctrl++", "Ctrl+=", checkable=True
        )
        self.backup_action = self._action(tr("备份数据(&B)…"), c.backup_data)
        self.restore_action = self._action(tr("恢复数据(&H)…"), c.restore_data)
        self.quit_action = self._action(tr("退出(&Q)"), self.window.close, QKeySequence(S.Quit))
        self.about_action = self._action(tr("关于(&B)…"), self.show_about)

    def _build_menus_and_toolbar(self) -> None:
        bar = self.window.menuBar()
        file_menu = bar.addMenu(tr("文件(&F)"))
        for a in (self.new_action, self.open_action, self.save_action):
            file_menu.addAction(a)
        file_menu.addSeparator()
        for a in (self.print_action, self.preview_action, self.pdf_action):
            file_menu.addAction(a)
        file_menu.addSeparator()
        file_menu.addAction(self.backup_action)
        file_menu.addAction(self.restore_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        view_menu = bar.addMenu(tr("查看(&V)"))
        for a in (self.large_text_action, self.next_tab_action, self.prev_tab_action):
            view_menu.addAction(a)
        tools_menu = bar.addMenu(tr("工具(&T)"))
        tools_menu.addAction(self.compare_action)
        tools_menu.addAction(self.packs_action)
        tools_menu.addAction(self.make_pack_action)
        help_menu = bar.addMenu(tr("帮助(&H)"))
        help_menu.addAction(self.about_action)

        toolbar = QToolBar(tr("常用"))
        toolbar.setObjectName("main_toolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        year_label = QLabel(tr(" 政策年度(&Y): "))
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
        self.window.addToolBar(toolbar)

    def show_about(self) -> None:
        """帮助 → 关于: the program's version, its build date and every loaded year's data version and hash."""
        from PySide6.QtWidgets import QMessageBox

        from desktop.core.about import about_lines, read_build_info
        from desktop.resources import build_info_path

        box = QMessageBox(self.window)
        box.setObjectName("about_box")
        box.setWindowTitle(tr("关于"))
        box.setIcon(QMessageBox.Icon.Information)
        box.setText(APP_TITLE)
        box.setInformativeText("\n".join(about_lines(self.policies, read_build_info(build_info_path()))))
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.open()

    def set_large_text(self, on: bool) -> None:
        font = QFont(self.base_font)
        if on:
            font.setPointSizeF(self.base_font.pointSizeF() * LARGE_TEXT_FACTOR)
        QApplication.setFont(font)
        # and on the window itself: a style's per-class fonts (menu bar, item views) do not follow
        # the application's font, but every child resolves against its window's
        self.window.setFont(font)
        self.banner.setFont(font)  # a style-sheeted label keeps the font it was polished with
        self.settings.setValue("large_text", on)
        self.window.statusBar().showMessage(tr("已切换到大字模式") if on else tr("已恢复正常字号"), 3000)
