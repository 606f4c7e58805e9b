"""A policy pack installed, enabled or removed: the main window is rebuilt on the new data."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMainWindow, QMessageBox

from desktop.app_info import APP_TITLE
from desktop.core import packs
from desktop.core.policy.loader import PolicySet

if TYPE_CHECKING:
    from desktop.ui.packs.editor.window import PackEditor

log = logging.getLogger(__name__)


def tr(text: str) -> str:
    return QCoreApplication.translate("MainWindow", text)


class PackReload:
    """The window's pack management: after a pack changed, ``save_session()``, then the window is
    replaced by ``successor(policies)``, a new window on the new data; ``window`` owns the dialogs."""

    def __init__(
        self,
        window: QMainWindow,
        *,
        today: dt.date,
        save_session: Callable[[], None],
        successor: Callable[[PolicySet], QMainWindow],
    ) -> None:
        self.window = window
        self.today = today
        self.save_session = save_session
        self.successor = successor
        #: the 制作政策包 window, once opened (it moves to the window that replaces this one)
        self.pack_editor: PackEditor | None = None

    def manage_packs(self) -> None:
        from desktop.ui.packs.dialog import PackDialog

        dialog = PackDialog(self.window, today=self.today)
        changed: list[bool] = []
        dialog.packs_changed.connect(lambda: changed.append(True))
        dialog.exec()
        if changed:
            self.reload_policies()

    def make_pack(self) -> None:
        """工具 → 制作政策包…: the officer's editor, beside the window (its draft is saved as it is typed)."""
        from desktop.ui.packs.editor.window import PackEditor

        editor = self.pack_editor
        if editor is not None and shiboken6.isValid(editor):
            editor.show()
            editor.raise_()
            editor.activateWindow()
            return
        editor = PackEditor(self.window, today=self.today)
        editor.resize(self.window.size())
        self.adopt_editor(editor)

    def adopt_editor(self, editor: PackEditor) -> None:
        """The editor belongs to this window; after it installs a pack, to the window that replaces this one."""
        if editor.parent() is not self.window:
            editor.setParent(self.window, editor.windowFlags())
        self.pack_editor = editor
        editor.packs_changed.connect(lambda: self._pack_installed(editor))
        editor.show()
        editor.raise_()

    def _pack_installed(self, editor: PackEditor) -> None:
        editor.packs_changed.disconnect()
        successor = self.reload_policies()
        reload = getattr(successor, "reload", None)
        if isinstance(reload, PackReload):
            reload.adopt_editor(editor)
        else:
            editor.packs_changed.connect(lambda: self._pack_installed(editor))

    def reload_policies(self) -> QMainWindow | None:
        """After a pack was installed, enabled or removed: a new window on the new data, same inputs.

        The tabs hold their policy years from construction, so the window is rebuilt rather than
        patched; the inputs travel through the session file exactly as they do between runs.
        """
        try:
            result = packs.load_all(self.today)
        except Exception:  # the bundled data broke under a running window: keep working on what is loaded
            log.exception("政策数据重新加载失败")
            QMessageBox.warning(self.window, APP_TITLE, tr("政策数据无法重新加载,继续使用已加载的数据。"))
            return None
        self.save_session()
        successor = self.successor(result.policies)
        successor.setGeometry(self.window.geometry())
        _keep_alive(successor)
        successor.show()
        if result.problems:
            successor.statusBar().showMessage(
                tr("有 {n} 个政策包无法使用,详见“工具 → 政策包管理”").format(n=len(result.problems)), 10000
            )
        self.window.close()
        _retire(self.window)
        return successor


#: windows made by reload_policies live here, since nothing else holds them; a replaced window
#: stays listed until Qt has deleted it (see _retire)
_windows: list[QMainWindow] = []


def _keep_alive(window: QMainWindow) -> None:
    _windows[:] = [w for w in _windows if shiboken6.isValid(w)]
    _windows.append(window)


def _retire(window: QMainWindow) -> None:
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
