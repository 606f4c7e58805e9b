"""Before a pack is installed: what it is (year, version, hash, notice) and what it changes against
the year on this PC, in plain words: first what changes for a resident ("老年居民个人缴费 730 → 760 元"),
then, folded, the figures whose value stays and only the source changed. 安装 only after the clerk
has seen it (取消 is the default button). Text wraps: nothing needs a sideways scroll bar.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core import packs
from desktop.core.policy.diff import Change, affects_residents, diff_years, plain_line, resident_order
from desktop.core.policy.loader import LoadedYear
from desktop.ui.packs.models import WARN_FOREGROUND, tr


def _source(change: Change) -> str:
    citation = change.new_citation or change.old_citation
    if citation is None:
        return ""
    quoted = f" {citation.quoted}" if citation.quote else ""
    return f"{citation.source}【{citation.status_label}】{quoted}"


def _html(changes: list[Change]) -> str:
    """The changes under their sections' headings, each line with its source in small grey."""
    parts: list[str] = []
    section = None
    for c in changes:
        if c.section != section:
            if section is not None:
                parts.append("</ul>")
            section = c.section
            parts.append(f"<p style='margin:6px 0 0 0'><b>{html.escape(section)}</b></p><ul style='margin-top:0'>")
        parts.append(
            f"<li>{html.escape(plain_line(c))}<br><span style='color:#666'>依据:{html.escape(_source(c))}</span></li>"
        )
    if section is not None:
        parts.append("</ul>")
    return "".join(parts)


def _reader() -> QTextBrowser:
    view = QTextBrowser()
    view.setOpenLinks(False)
    view.setLineWrapMode(QTextBrowser.LineWrapMode.WidgetWidth)
    view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    return view


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
        resident = resident_order(self.changes)
        source_only = [c for c in self.changes if not affects_residents(c)]
        #: the lines as shown, for a reader of this dialog (and its tests)
        self.resident_lines = [plain_line(c) for c in resident]
        self.source_lines = [plain_line(c) for c in source_only]

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
                tr("与%1(%2,校验值 %3)相比:对居民有影响的变化 %4 处(见下);只是来源变化、数值不变的 %5 处折叠在最后。")
                .replace("%1", what)
                .replace("%2", baseline.policy.data_version)
                .replace("%3", baseline.short_hash)
                .replace("%4", str(len(resident)))
                .replace("%5", str(len(source_only)))
            )
        self.compared_label = QLabel(compared)
        self.compared_label.setWordWrap(True)

        self.resident_view = _reader()
        self.resident_view.setAccessibleName(tr("对居民有影响的变化"))
        self.resident_view.setHtml(
            _html(resident) if resident else tr("<p>没有对居民有影响的变化:各项数值与本机现有数据相同。</p>")
        )

        self.source_toggle = QToolButton()
        self.source_toggle.setCheckable(True)
        self.source_toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.source_toggle.setArrowType(Qt.ArrowType.RightArrow)
        self.source_toggle.setText(tr("仅来源变化(数值不变):%1 处").replace("%1", str(len(source_only))))
        self.source_toggle.setEnabled(bool(source_only))
        self.source_view = _reader()
        self.source_view.setAccessibleName(tr("仅来源变化"))
        self.source_view.setHtml(_html(source_only))
        self.source_view.hide()
        self.source_toggle.toggled.connect(self._show_sources)

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
        layout.addWidget(self.resident_view, 2)
        layout.addWidget(self.source_toggle)
        layout.addWidget(self.source_view, 1)
        layout.addWidget(question)
        layout.addWidget(buttons)
        self._fit_screen()
        self.cancel_button.setFocus()  # Enter cancels: installing is always a deliberate click

    def _show_sources(self, shown: bool) -> None:
        self.source_view.setVisible(shown)
        self.source_toggle.setArrowType(Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow)

    def _fit_screen(self) -> None:
        """At most 900 x 600, and never more than the screen leaves (1366 x 768 with a task bar)."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        area = screen.availableGeometry() if screen is not None else None
        width, height = 900, 600
        if area is not None:
            width, height = min(width, area.width() - 40), min(height, area.height() - 60)
        self.resize(width, height)
