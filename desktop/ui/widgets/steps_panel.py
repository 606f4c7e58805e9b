"""'计算过程(怎么算的)': the core's steps in plain Chinese, each citation with its status.

The status tag is a bracketed word, and every figure that is not the notice's own text is also
set in bold with its reason in italics, so the difference survives grey-scale print and colour
blindness. The same HTML goes onto the printed slip (``steps_html``).
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, QEvent, QSize, Qt
from PySide6.QtGui import QResizeEvent, QTextCursor
from PySide6.QtWidgets import QLabel, QTextBrowser, QVBoxLayout, QWidget

from desktop.core.explain import STATUS_LABELS, Citation, Step
from desktop.core.money import fmt_yuan


def _tr(text: str) -> str:
    return QCoreApplication.translate("StepsPanel", text)


def layer_label(layer: str) -> str:
    labels = {
        "basic_fund": _tr("基本医保"),
        "critical_illness": _tr("大病保险"),
        "medical_aid": _tr("医疗救助"),
        "out_of_pocket": _tr("个人自付"),
        "total": _tr("合计"),
        "premium": _tr("保费"),
        "eligibility": _tr("参保资格"),
        "waiting": _tr("待遇等待期"),
        "family": _tr("家庭共济"),
    }
    return labels.get(layer, "")


def _citation_html(c: Citation) -> str:
    tag = html.escape(f"【{STATUS_LABELS.get(c.status, c.status)}】")
    body = f"{html.escape(c.label)}:{html.escape(c.value)} — {_tr('依据')}:{html.escape(c.source)}"
    if c.quote:  # the notice's own words, verbatim: set apart from the clause that names them
        body += f'<br><span style="color:#444">{_tr("原文")}:“{html.escape(c.quote)}”</span>'
    if c.status == "official":
        line = f"{tag} {body}"
    else:
        # Not the notice's own words: bold tag, and the reason set apart in italics.
        line = f'<b><span style="color:#8a4b00">{tag}</span></b> {body}'
        if c.note:
            line += f"<br><i>{_tr('说明')}:{html.escape(c.note)}</i>"
    if c.reading:
        # the product's own reading, by its title (listed in the 政策 tab and at the end of a slip)
        line += f"<br><b>{html.escape(c.reading)}</b>"
    return f'<li style="margin-bottom:3px">{line}</li>'


def steps_html(steps: Sequence[Step], heading: str | None = None) -> str:
    """An HTML fragment (numbered list) for the screen and the printed slip."""
    parts: list[str] = []
    if heading:
        parts.append(f"<p><b>{html.escape(heading)}</b></p>")
    if not steps:
        return "".join(parts)
    parts.append('<ol style="margin-left:0px">')
    for step in steps:
        layer = layer_label(step.layer)
        prefix = f"<b>[{html.escape(layer)}]</b> " if layer else ""
        amount = ""
        if step.amount is not None:
            amount = f" → <b>{html.escape(fmt_yuan(step.amount))}</b>"
        parts.append(f'<li style="margin-bottom:6px">{prefix}{html.escape(step.text)}{amount}')
        if step.citations:
            parts.append('<ul style="margin-left:12px">')
            parts.extend(_citation_html(c) for c in step.citations)
            parts.append("</ul>")
        parts.append("</li>")
    parts.append("</ol>")
    return "".join(parts)


class _StepsBrowser(QTextBrowser):
    """With a minimum height set, asks for no more than that: the layout's stretch gives it the
    rest, and a scrolling results column does not scroll just because the steps want more room."""

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        hint = super().sizeHint()
        return QSize(hint.width(), self.minimumHeight()) if self.minimumHeight() else hint


class StepsPanel(QWidget):
    """Read-only, selectable, scrolling list of steps with their citations."""

    def __init__(self, parent: QWidget | None = None, min_lines: int = 0):
        """``min_lines``: the steps are never squeezed below this many lines; only where the
        panel sits in a scrolling column (elsewhere a minimum the window cannot give would make
        the layout overlap its widgets)."""
        super().__init__(parent)
        self._min_lines = min_lines
        self.title = QLabel(self.tr("计算过程(怎么算的)"))
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.browser = _StepsBrowser()
        self.browser.setOpenLinks(False)
        self.browser.setReadOnly(True)
        self.browser.setAccessibleName(self.tr("计算过程"))
        # Steps are replaced in place at every keystroke (see _replace_steps): no undo history to keep.
        self.browser.document().setUndoRedoEnabled(False)
        self.legend = QLabel(
            self.tr(
                "标注【通知原文】的数值出自政策通知;【解读】【沿用上年】【外部依据】【通知未规定】不是通知原文,请留意说明。"
            )
        )
        self.legend.setWordWrap(True)
        self.legend.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.browser, 1)
        layout.addWidget(self.legend)
        self._steps: tuple[Step, ...] = ()
        #: the document holds steps (not a message), so new steps can replace them in place
        self._showing_steps = False
        self.set_message(self.tr("尚无计算结果"))
        self._fit_height()

    def _fit_height(self) -> None:
        if self._min_lines:
            self.browser.setMinimumHeight(self.fontMetrics().lineSpacing() * self._min_lines + 12)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._fit_height()
            self._fit_legend(self.width())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self._fit_legend(event.size().width())

    def _fit_legend(self, width: int) -> None:
        """The legend keeps the lines it needs at this width; the steps above give way (they scroll).

        A wrapped label's height depends on its width, which a layout does not ask for: in a
        narrow column the legend was given two of its three lines and cut.
        """
        need = self.legend.heightForWidth(max(width, 1))
        if need > 0 and need != self.legend.minimumHeight():
            self.legend.setMinimumHeight(need)

    def set_steps(self, steps: Sequence[Step]) -> None:
        self.set_sections([(None, steps)])

    def set_sections(self, sections: Sequence[tuple[str | None, Sequence[Step]]]) -> None:
        """Several groups of steps under their own headings (e.g. one event, then the year)."""
        self._steps = tuple(s for _, group in sections for s in group)
        body = "".join(steps_html(group, heading) for heading, group in sections)
        if not body:
            self._set_html(f"<p>{html.escape(self.tr('没有计算步骤'))}</p>")
        elif self._showing_steps:
            self._replace_steps(body)
        else:
            self._set_html(body)
            self._showing_steps = True

    def _set_html(self, body: str) -> None:
        self._showing_steps = False
        self.browser.setHtml(body)

    def _replace_steps(self, body: str) -> None:
        """New steps over old ones, as ``setHtml`` would show them, for less work per keystroke.

        ``setHtml`` empties the document first: the scroll bar hides, the text is laid out at the
        wider width, the bar comes back and everything is laid out again and repainted with it,
        at every keystroke in the reimbursement tab. Replacing the whole text in one edit block
        lays it out once, at its width. The result is the same document (tested against
        ``setHtml``), and, as with ``setHtml``, the view goes back to the first step.
        """
        cursor = QTextCursor(self.browser.document())
        cursor.beginEditBlock()
        cursor.select(QTextCursor.SelectionType.Document)
        cursor.removeSelectedText()
        cursor.insertHtml(body)
        cursor.endEditBlock()
        self.browser.moveCursor(QTextCursor.MoveOperation.Start)
        self.browser.verticalScrollBar().setValue(0)

    def set_message(self, text: str) -> None:
        """Shown instead of steps, e.g. while the inputs are incomplete."""
        self._steps = ()
        self._set_html(f'<p style="font-size:large">{html.escape(text)}</p>')

    def steps(self) -> tuple[Step, ...]:
        return self._steps

    def plain_text(self) -> str:
        return self.browser.toPlainText()
