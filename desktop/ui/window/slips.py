"""The main window's slip actions: print, preview, PDF of the current tab, and the year comparison."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMessageBox

from desktop.app_info import APP_TITLE
from desktop.core.errors import os_reason
from desktop.core.policy.loader import PolicySet
from desktop.core.slip import Slip
from desktop.ui import file_dialogs
from desktop.ui.tab_base import WorkTab, api


def tr(text: str) -> str:
    return QCoreApplication.translate("MainWindow", text)


class Slips:
    """The window's printing and comparing: the slip of the tab in front (``current_tab``), dated
    ``today`` and warned with ``stale_message()``; ``window`` owns the dialogs and the status line."""

    def __init__(
        self,
        window: QMainWindow,
        *,
        today: dt.date,
        policies: PolicySet,
        current_tab: Callable[[], WorkTab | None],
        stale_message: Callable[[], str | None],
    ) -> None:
        self.window = window
        self.today = today
        self.policies = policies
        self.current_tab = current_tab
        self.stale_message = stale_message

    def current_slip(self) -> Slip | None:
        tab = self.current_tab()
        if tab is None:
            QMessageBox.information(self.window, APP_TITLE, tr("这一页没有可打印的测算单。"))
            return None
        slip = api(tab).slip()
        if slip is None:
            QMessageBox.information(self.window, APP_TITLE, tr("请先把这一页的内容填写完整,再打印。"))
            return None
        return dataclasses.replace(slip, printed_on=self.today, stale_warning=self.stale_message())

    def no_printer(self, what: str) -> bool:
        """True when no printer is installed: says so and offers 导出PDF instead of doing nothing."""
        from desktop.ui.printing import printer_available

        if printer_available():
            return False
        answer = QMessageBox.information(
            self.window,
            what,
            tr("本机没有安装打印机,无法{what}。\n可以先导出PDF,再用有打印机的电脑打印。\n\n现在导出PDF吗?").format(
                what=what
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.Yes,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.export_pdf()
        return True

    def print_current(self) -> None:
        slip = self.current_slip()
        if slip is not None and not self.no_printer(tr("打印")):
            from desktop.ui.printing import print_slip

            print_slip(slip, self.window)

    def preview_current(self) -> None:
        slip = self.current_slip()
        if slip is not None and not self.no_printer(tr("打印预览")):
            from desktop.ui.printing import preview_slip

            preview_slip(slip, self.window)

    def export_pdf(self) -> None:
        slip = self.current_slip()
        if slip is None:
            return
        suggested = f"{slip.title}-{slip.policy_year}年度-{self.today:%Y%m%d}.pdf"
        path, _ = QFileDialog.getSaveFileName(
            self.window, tr("导出PDF"), file_dialogs.start(suggested), tr("PDF 文件 (*.pdf)")
        )
        if not path:
            return
        file_dialogs.remember(path)
        from desktop.ui.printing import save_slip_pdf

        try:
            save_slip_pdf(slip, Path(path))
        except OSError as exc:
            QMessageBox.warning(
                self.window, tr("导出PDF"), tr("无法写入 {path}:{err}").format(path=path, err=os_reason(exc))
            )
            return
        self.window.statusBar().showMessage(tr("已导出 {path}").format(path=path), 5000)

    def compare_years(self) -> None:
        tab = self.current_tab()
        if tab is None:
            return
        from desktop.ui.compare_dialog import CompareDialog

        CompareDialog(self.policies, tab, self.window).exec()
