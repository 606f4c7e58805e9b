"""Before a pack is installed: what it is (year, version, hash, notice) and every figure it changes
against the year on this PC; 安装 only after the clerk has seen it (取消 is the default button).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QTableView, QVBoxLayout, QWidget

from desktop.core import packs
from desktop.core.policy.diff import diff_years
from desktop.core.policy.loader import LoadedYear
from desktop.ui.packs.models import WARN_FOREGROUND, ChangesModel, stretch_table, tr


class PackPreviewDialog(QDialog):
    """What a pack is and what it changes; 安装 only after the clerk has seen it."""

    def __init__(
        self,
        pack: packs.Pack,
        baseline: LoadedYear | None,
        parent: QWidget | None = None,
        status: packs.SignatureStatus | None = None,
    ):
        super().__init__(parent)
        self.pack = pack
        self.status = status if status is not None else packs.verify(pack)
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

        if self.status.signed:
            signed = (
                tr("签名:%1(指纹 %2),本机信任这把公钥")
                if self.status.trusted
                else tr("签名:%1(指纹 %2),本机未信任这把公钥")
            )
            signed = signed.replace("%1", self.status.office).replace("%2", self.status.fingerprint)
        else:
            signed = tr("签名:未签名")
        self.signer_label = QLabel(signed)
        self.signer_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        warning = packs.install_warning(self.status)
        self.warning_label = QLabel(tr("⚠ %1").replace("%1", warning or ""))
        self.warning_label.setWordWrap(True)
        self.warning_label.setStyleSheet(
            f"color: {WARN_FOREGROUND.name()}; font-weight: bold; border: 1px solid {WARN_FOREGROUND.name()};"
            " padding: 6px;"
        )
        self.warning_label.setVisible(warning is not None)

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
        stretch_table(self.table, ChangesModel.COL_SOURCE)

        if warning is None:
            question = QLabel(tr("核对无误后点“安装”;安装后测算将使用这份数据。"))
            install_text = tr("安装")
        else:
            question = QLabel(tr("来源未经确认。确需使用这份数据,点“仍然安装”;否则点“取消”,先向发包单位核对。"))
            install_text = tr("仍然安装")
        question.setWordWrap(True)
        buttons = QDialogButtonBox()
        self.install_button = buttons.addButton(install_text, QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = buttons.addButton(tr("取消"), QDialogButtonBox.ButtonRole.RejectRole)
        self.cancel_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(self.signer_label)
        layout.addWidget(self.warning_label)
        layout.addWidget(self.compared_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(question)
        layout.addWidget(buttons)
        self.resize(980, 560)
        self.cancel_button.setFocus()  # Enter cancels: installing is always a deliberate click
