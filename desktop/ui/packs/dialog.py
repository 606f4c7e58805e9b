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
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.core import packs
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
                "“签名”一栏说明政策包由哪个单位签发、本机是否信任它的公钥;"
                "未签名或未信任的数据,算出的结果都会标注“来源未确认的政策数据”。"
            )
        )
        intro.setWordWrap(True)

        self.model = CatalogueModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        stretch_table(self.table, CatalogueModel.COL_NOTICE)
        # a signed pack's 签名 cell has two lines (office; fingerprint and verdict)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)

        self.problems_label = QLabel()
        self.problems_label.setWordWrap(True)
        self.problems_label.setStyleSheet(f"color: {WARN_FOREGROUND.name()}")
        self.problems_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.import_button = QPushButton(tr("导入政策包…"))
        self.trust_button = QPushButton(tr("信任公钥…"))
        self.trust_button.setToolTip(
            tr("导入发包单位的公钥文件(%1);此后它签名的政策包在本机显示为“本机信任”。").replace(
                "%1", packs.PUBLIC_KEY_SUFFIX
            )
        )
        self.trust_button.clicked.connect(self._choose_and_trust)
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
        buttons.addSpacing(12)
        buttons.addWidget(self.trust_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)

        self.folder_label = QLabel()
        self.folder_label.setStyleSheet(f"color: {MUTED_FOREGROUND.name()}")
        self.folder_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.problems_label)
        self.keys_label = QLabel()
        self.keys_label.setWordWrap(True)
        self.keys_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        layout.addWidget(self.keys_label)
        layout.addWidget(self.folder_label)
        layout.addLayout(buttons)
        self.resize(1040, 460)
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
        self._show_keys()
        self._update_buttons()

    def _show_keys(self) -> None:
        keys, problems = packs.trusted_keys()
        if keys:
            names = "、".join(
                tr("%1(指纹 %2%3)")
                .replace("%1", k.key.office)
                .replace("%2", k.key.fingerprint)
                .replace("%3", tr(",随程序内置") if k.origin == "bundled" else "")
                for k in keys
            )
            text = tr("本机信任的公钥:%1").replace("%1", names)
        else:
            text = tr("本机还没有信任任何公钥:所有政策包都显示为来源未确认。")
        for problem in problems:
            text += "\n" + tr("无法读取的公钥文件:%1").replace("%1", problem)
        self.keys_label.setText(text)

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
            self, tr("选择政策包"), str(Path.home()), tr("政策包 (*%1);;所有文件 (*)").replace("%1", packs.PACK_SUFFIX)
        )
        if path:
            self.import_pack(Path(path))

    def preview(self, pack: packs.Pack) -> PackPreviewDialog:
        """What the pack changes and who signed it; an unsigned or untrusted pack is shown with its
        warning and installs only by 仍然安装 (取消 is the default button)."""
        base = packs.baseline_for(pack, self.result_.policies) if self.result_ else None
        return PackPreviewDialog(pack, base, self, packs.verify(pack))

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
        try:
            packs.check_installable(pack)  # refused anyway: say why before showing anything else
        except packs.PackError as exc:
            QMessageBox.warning(self, tr("不能安装这个政策包"), exc.reason)
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

    # ------------------------------------------------------------ trusted keys

    def _choose_and_trust(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            tr("选择发包单位的公钥文件"),
            str(Path.home()),
            tr("公钥文件 (*%1);;所有文件 (*)").replace("%1", packs.PUBLIC_KEY_SUFFIX),
        )
        if path:
            self.trust_key_file(Path(path))

    def trust_key_file(self, path: Path) -> bool:
        """Read a public key file, ask the clerk to check its fingerprint by phone, trust it; True when trusted."""
        try:
            key = packs.read_public_key(path)
        except packs.PackError as exc:
            QMessageBox.warning(self, tr("不能使用这个公钥文件"), exc.reason)
            return False
        answer = QMessageBox.question(
            self,
            tr("信任公钥"),
            tr(
                "单位:%1\n指纹:%2\n\n请先打电话向该单位核对这串指纹,完全一致再点“是”。"
                "信任后,它签名的政策包在本机显示为“本机信任”。"
            )
            .replace("%1", key.office)
            .replace("%2", key.fingerprint),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return False
        try:
            packs.trust_key(None, key)
        except packs.PackError as exc:
            QMessageBox.warning(self, tr("信任公钥"), exc.reason)
            return False
        self.refresh()
        self.packs_changed.emit()  # installed packs signed by this key are now confirmed
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
