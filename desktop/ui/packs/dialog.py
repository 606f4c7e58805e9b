"""政策包管理: the policy years on this PC, importing a pack from a USB stick, disabling and removing packs.

Everything is decided in ``desktop.core.packs``: this dialog lists its catalogue rows, shows the
core's year-diff before an install and asks the clerk to confirm. After any change it emits
``packs_changed`` so the main window reloads the policies (the window owns the PolicySet).
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.core import packs
from desktop.ui import file_dialogs
from desktop.ui.packs.models import MUTED_FOREGROUND, WARN_FOREGROUND, CatalogueModel, stretch_table, tr
from desktop.ui.packs.preview import PackPreviewDialog

log = logging.getLogger(__name__)


class PackDialog(QDialog):
    """政策包管理."""

    #: a pack was installed, enabled, disabled or removed: reload the policies
    packs_changed = Signal()

    def __init__(self, parent: QWidget | None = None, today: dt.date | None = None):
        super().__init__(parent)
        self._today = today or dt.date.today()
        self.result_: packs.LoadResult | None = None
        self.setWindowTitle(tr("政策包管理"))

        intro = QLabel(
            tr(
                "内置年度随程序安装,不能停用或删除。新年度的政策数据以政策包(.czpack)提供,"
                "可从U盘导入;导入前会完整检查,并列出与上一年度相比的变化。"
            )
        )
        intro.setWordWrap(True)

        self.model = CatalogueModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        stretch_table(self.table, CatalogueModel.COL_NOTICE)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)

        self.problems_label = QLabel()
        self.problems_label.setWordWrap(True)
        self.problems_label.setStyleSheet(f"color: {WARN_FOREGROUND.name()}")
        self.problems_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.import_button = QPushButton(tr("导入政策包…"))
        self.disable_button = QPushButton(tr("停用"))
        self.enable_button = QPushButton(tr("启用"))
        self.remove_button = QPushButton(tr("删除"))
        self.close_button = QPushButton(tr("关闭"))
        self.import_button.clicked.connect(self._choose_and_import)
        self.disable_button.clicked.connect(lambda: self._set_enabled(False))
        self.enable_button.clicked.connect(lambda: self._set_enabled(True))
        self.remove_button.clicked.connect(self._remove)
        self.close_button.clicked.connect(self.accept)

        buttons = QHBoxLayout()
        for button in (self.import_button, self.disable_button, self.enable_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)

        self.folder_label = QLabel()
        self.folder_label.setStyleSheet(f"color: {MUTED_FOREGROUND.name()}")
        self.folder_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.problems_label)
        layout.addWidget(self.folder_label)
        layout.addLayout(buttons)
        self.resize(900, 420)
        self.refresh()

    # ------------------------------------------------------------ state

    def refresh(self) -> None:
        try:
            self.result_ = packs.load_all(self._today)
        except Exception:  # a broken bundled year is reported by the main window at start-up
            log.exception("policy data could not be loaded for the pack dialog")
            self.result_ = None
            self.model.set_rows(())
            self.problems_label.setText(tr("内置政策数据无法读取,请重新安装程序。"))
            self._update_buttons()
            return
        self.model.set_rows(self.result_.rows)
        lines = [tr("%1(%2)").replace("%1", p.message).replace("%2", p.file) for p in self.result_.problems]
        self.problems_label.setText("\n".join(lines))
        self.problems_label.setVisible(bool(lines))
        self.folder_label.setText(tr("政策包安装位置:%1").replace("%1", str(packs.packs_dir())))
        self._update_buttons()

    def selected_row(self) -> packs.DataRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def select_row(self, year: int, origin: str, version: str | None = None) -> None:
        for i in range(self.model.rowCount()):
            row = self.model.row_at(i)
            if (row.year, row.origin) == (year, origin) and version in (None, row.data_version):
                self.table.selectRow(i)
                return

    def _update_buttons(self) -> None:
        row = self.selected_row()
        installed = row is not None and row.removable
        self.remove_button.setEnabled(installed)
        self.disable_button.setEnabled(installed and row is not None and row.enabled)
        self.enable_button.setEnabled(installed and row is not None and not row.enabled)
        tip = tr("内置年度不能停用或删除") if row is not None and not row.removable else ""
        for button in (self.remove_button, self.disable_button, self.enable_button):
            button.setToolTip(tip)

    # ------------------------------------------------------------ import

    def _choose_and_import(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, tr("选择政策包"), file_dialogs.start(), tr("政策包 (*%1);;所有文件 (*)").replace("%1", packs.PACK_SUFFIX)
        )
        if path:
            file_dialogs.remember(path)
            self.import_pack(Path(path))

    def preview(self, pack: packs.Pack) -> PackPreviewDialog:
        base = packs.baseline_for(pack, self.result_.policies) if self.result_ else None
        return PackPreviewDialog(pack, base, self)

    def import_pack(self, path: Path) -> bool:
        """Validate, show the changes, install when confirmed; True when something was installed."""
        try:
            pack = packs.read_pack(path)
        except packs.PackError as exc:
            detail = "\n".join(f"{p.field or tr('(整个文件)')}:{p.message}" for p in exc.problems[:20])
            QMessageBox.warning(
                self,
                tr("不能使用这个政策包"),
                tr("%1\n\n原因:%2").replace("%1", str(path)).replace("%2", exc.reason)
                + (f"\n\n{detail}" if detail else ""),
            )
            return False
        dialog = self.preview(pack)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        try:
            packs.install(pack)
        except packs.PackError as exc:
            QMessageBox.warning(self, tr("安装没有完成"), exc.reason)
            return False
        self.refresh()
        self.select_row(pack.year, "pack", pack.data_version)
        self.packs_changed.emit()
        QMessageBox.information(
            self,
            tr("安装完成"),
            tr("已安装 %1 年度政策数据 %2(校验值 %3)。")
            .replace("%1", str(pack.year))
            .replace("%2", pack.data_version)
            .replace("%3", pack.short_hash),
        )
        return True

    # ------------------------------------------------------------ disable, enable, remove

    def _set_enabled(self, enabled: bool) -> None:
        row = self.selected_row()
        if row is None:
            return
        try:
            packs.set_enabled(row.year, row.data_version, enabled)
        except packs.PackError as exc:
            QMessageBox.warning(self, tr("政策包管理"), exc.reason)
            return
        self.refresh()
        self.select_row(row.year, "pack", row.data_version)
        self.packs_changed.emit()

    def _remove(self) -> None:
        row = self.selected_row()
        if row is None:
            return
        answer = QMessageBox.question(
            self,
            tr("删除政策包"),
            tr("确定删除 %1 年度政策包 %2(校验值 %3)吗?删除后如需使用,要重新导入。")
            .replace("%1", str(row.year))
            .replace("%2", row.data_version)
            .replace("%3", row.short_hash or "—"),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            packs.remove(row.year, row.data_version)
        except packs.PackError as exc:
            QMessageBox.warning(self, tr("政策包管理"), exc.reason)
            return
        self.refresh()
        self.packs_changed.emit()
