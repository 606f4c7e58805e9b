"""The main window's actions: menus, the toolbar, keyboard shortcuts, and 大字模式 (text size)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QFont, QKeySequence
from PySide6.QtWidgets import QApplication, QLabel, QToolBar

from desktop.app_info import APP_TITLE

if TYPE_CHECKING:  # what the mixin uses of MainWindow, declared for mypy (see host.py)
    from desktop.ui.window.host import WindowHost as _Base
else:
    _Base = object

#: 大字模式 makes every font this much larger
LARGE_TEXT_FACTOR = 1.3


def mnemonic(text: str) -> str | None:
    """The letter after "&" in a label such as "导出PDF(&E)…", upper case; None without one."""
    match = re.search(r"&([A-Za-z0-9])", text.replace("&&", ""))
    return match.group(1).upper() if match else None


class ActionsMixin(_Base):
    """MainWindow's actions and menus (methods of the QMainWindow; the slots they connect are its
    own methods, and it provides ``year_combo``, ``banner``, ``settings`` and ``_base_font``)."""

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
        self.make_pack_action = self._action(self.tr("制作政策包(&M)…"), self.make_pack)
        self.next_tab_action = self._action(self.tr("下一页签"), self.next_tab, "Ctrl+Tab", "Ctrl+PgDown")
        self.prev_tab_action = self._action(self.tr("上一页签"), self.previous_tab, "Ctrl+Shift+Tab", "Ctrl+PgUp")
        self.large_text_action = self._action(
            self.tr("大字模式(&L)"), self.set_large_text, "Ctrl++", "Ctrl+=", checkable=True
        )
        self.backup_action = self._action(self.tr("备份数据(&B)…"), self.backup_data)
        self.restore_action = self._action(self.tr("恢复数据(&H)…"), self.restore_data)
        self.quit_action = self._action(self.tr("退出(&Q)"), self.close, QKeySequence(S.Quit))
        self.about_action = self._action(self.tr("关于(&B)…"), self.show_about)

    def _build_menus_and_toolbar(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(self.tr("文件(&F)"))
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
        view_menu = bar.addMenu(self.tr("查看(&V)"))
        for a in (self.large_text_action, self.next_tab_action, self.prev_tab_action):
            view_menu.addAction(a)
        tools_menu = bar.addMenu(self.tr("工具(&T)"))
        tools_menu.addAction(self.compare_action)
        tools_menu.addAction(self.packs_action)
        tools_menu.addAction(self.make_pack_action)
        help_menu = bar.addMenu(self.tr("帮助(&H)"))
        help_menu.addAction(self.about_action)

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

    def show_about(self) -> None:
        """帮助 → 关于: the program's version, its build date and every loaded year's data version and hash."""
        from PySide6.QtWidgets import QMessageBox

        from desktop.core.about import about_lines, read_build_info
        from desktop.resources import build_info_path

        box = QMessageBox(self)
        box.setObjectName("about_box")
        box.setWindowTitle(self.tr("关于"))
        box.setIcon(QMessageBox.Icon.Information)
        box.setText(APP_TITLE)
        box.setInformativeText("\n".join(about_lines(self.policies, read_build_info(build_info_path()))))
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.open()

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
