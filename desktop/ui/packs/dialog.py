"""政策包管理: the policy years on this PC, importing a pack from a USB stick, disabling and removing packs.

Everything is decided in ``desktop.core.packs``: this dialog lists its catalogue rows, shows the
core's year-diff before an install and asks the clerk to confirm. After any change it emits
``packs_changed`` so the main window reloads the policies (the window owns the PolicySet).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
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
from desktop.core.explain import STATUS_LABELS
from desktop.core.policy.diff import Change, diff_years
from desktop.core.policy.loader import LoadedYear

log = logging.getLogger(__name__)

Index = QModelIndex | QPersistentModelIndex

WARN_FOREGROUND = QColor("#a4000f")
MUTED_FOREGROUND = QColor("#666666")
ACTIVE_FOREGROUND = QColor("#1d6b2f")


def tr(text: str) -> str:
    return QCoreApplication.translate("PackDialog", text)


def origin_label(origin: str) -> str:
    return tr("内置") if origin == "bundled" else tr("政策包")


def state_label(row: packs.DataRow) -> str:
    if row.problem:
        return tr("已损坏,未使用")
    if not row.enabled:
        return tr("已停用")
    if row.active:
        return tr("使用中")
    return tr("未使用(有更新的版本)")


# ---------------------------------------------------------------- models


class CatalogueModel(QAbstractTableModel):
    """The data catalogue: bundled years and installed packs, one row each."""

    COL_YEAR, COL_VERSION, COL_ORIGIN, COL_HASH, COL_STATE, COL_NOTICE = range(6)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._rows: tuple[packs.DataRow, ...] = ()

    def headers(self) -> list[str]:
        return [tr("年度"), tr("数据版本"), tr("来源"), tr("校验值"), tr("状态"), tr("依据通知")]

    def set_rows(self, rows: Sequence[packs.DataRow]) -> None:
        self.beginResetModel()
        self._rows = tuple(rows)
        self.endResetModel()

    def row_at(self, row: int) -> packs.DataRow:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 6

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers()[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return [
                str(row.year),
                row.data_version,
                origin_label(row.origin),
                row.short_hash or "—",
                state_label(row),
                row.notice_title,
            ][col]
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == self.COL_HASH and row.sha256:
                return f"sha256 {row.sha256}"
            if col == self.COL_STATE and row.problem:
                return row.problem
            if col == self.COL_NOTICE:
                return row.notice_title
        if role == Qt.ItemDataRole.ForegroundRole and col == self.COL_STATE:
            if row.problem:
                return QBrush(WARN_FOREGROUND)
            if row.active:
                return QBrush(ACTIVE_FOREGROUND)
            return QBrush(MUTED_FOREGROUND)
        return None


class ChangesModel(QAbstractTableModel):
    """The core's year-diff, one figure per row."""

    COL_SECTION, COL_SOURCE, COL_OLD, COL_NEW, COL_KIND = range(5)

    def __init__(self, changes: Sequence[Change], parent: QWidget | None = None):
        super().__init__(parent)
        self._changes = tuple(changes)

    def headers(self) -> list[str]:
        return [tr("类别"), tr("依据(新数据)"), tr("原来"), tr("现在"), tr("变化")]

    def change_at(self, row: int) -> Change:
        return self._changes[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._changes)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 5

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers()[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        c = self._changes[index.row()]
        col = index.column()
        citation = c.new_citation or c.old_citation
        if role == Qt.ItemDataRole.DisplayRole:
            source = ""
            if citation is not None:
                source = f"{citation.source}【{STATUS_LABELS.get(citation.status, citation.status)}】"
            return [c.section, source, c.old or "—", c.new or "—", c.kind_label][col]
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [c.label]  # the row's name in Chinese, not the data's field path
            if citation is not None and citation.note:
                lines.append(citation.note)
            return "\n".join(lines)
        if role == Qt.ItemDataRole.ForegroundRole and col == self.COL_NEW and c.kind == "changed":
            return QBrush(WARN_FOREGROUND)
        return None


def _stretch_table(view: QTableView, stretch_column: int) -> None:
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().setVisible(False)
    view.setWordWrap(True)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch_column, QHeaderView.ResizeMode.Stretch)


# ---------------------------------------------------------------- preview before install


class PackPreviewDialog(QDialog):
    """What a pack is and what it changes; 安装 only after the clerk has seen it."""

    def __init__(self, pack: packs.Pack, baseline: LoadedYear | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.pack = pack
        self.setWindowTitle(tr("导入政策包:%1 年度").replace("%1", str(pack.year)))
        self.changes = diff_years(baseline.policy, pack.policy) if baseline is not None else []

        m = pack.manifest
        issued = f"({m.notice.issued:%Y-%m-%d})" if m.notice.issued else ""
        summary = QLabel(
            tr("年度:%1    数据版本:%2    校验值:%3\n依据通知:%4%5\n发文单位:%6")
            .replace("%1", str(pack.year))
            .replace("%2", pack.data_version)
            .replace("%3", pack.short_hash)
            .replace("%4", m.notice.title)
            .replace("%5", issued)
            .replace("%6", m.notice.issuer)
        )
        summary.setWordWrap(True)
        summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        if baseline is None:
            compared = tr("本机没有更早的年度,无法比较差异。")
        else:
            what = (
                tr("本机现有的 %1 年度数据").replace("%1", str(pack.year))
                if baseline.policy.policy_year == pack.year
                else tr("%1 年度").replace("%1", str(baseline.policy.policy_year))
            )
            compared = (
                tr("与%1(%2,校验值 %3)相比:%4 处变化。“来源变化”指数值相同但来源不同(例如由通知原文变为沿用上年)。")
                .replace("%1", what)
                .replace("%2", baseline.policy.data_version)
                .replace("%3", baseline.short_hash)
                .replace("%4", str(len(self.changes)))
            )
        self.compared_label = QLabel(compared)
        self.compared_label.setWordWrap(True)

        self.model = ChangesModel(self.changes, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        _stretch_table(self.table, ChangesModel.COL_SOURCE)

        question = QLabel(tr("核对无误后点“安装”;安装后测算将使用这份数据。"))
        buttons = QDialogButtonBox()
        self.install_button = buttons.addButton(tr("安装"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = buttons.addButton(tr("取消"), QDialogButtonBox.ButtonRole.RejectRole)
        self.cancel_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(self.compared_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(question)
        layout.addWidget(buttons)
        self.resize(980, 560)


# ---------------------------------------------------------------- the management dialog


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
        _stretch_table(self.table, CatalogueModel.COL_NOTICE)
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
            self, tr("选择政策包"), str(Path.home()), tr("政策包 (*%1);;所有文件 (*)").replace("%1", packs.PACK_SUFFIX)
        )
        if path:
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
