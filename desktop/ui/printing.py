"""The resident's A4 slip: on paper (QPrintDialog), in preview, or as a PDF.

One QTextDocument serves all three, set in the application's Chinese font so the glyphs land in
the PDF even on a PC without CJK fonts. Amounts carry their Chinese capitals (大写); the split
chart is drawn into an image and embedded where the slip has the four layer amounts.
"""

from __future__ import annotations

import errno
import html
import logging
import re
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QMarginsF, QUrl
from PySide6.QtGui import (
    QFont,
    QFontDatabase,
    QGuiApplication,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPdfWriter,
    QTextDocument,
)
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QDialog, QWidget

from desktop.core import atomic
from desktop.core.money import fmt_yuan, to_chinese_capital
from desktop.core.slip import DISCLAIMER, Slip, slip_readings
from desktop.resources import resource
from desktop.ui.widgets.split_chart import SLIP_LAYER_LABELS, SplitChart
from desktop.ui.widgets.steps_panel import steps_html

log = logging.getLogger(__name__)

APP_TITLE = "常州居民医保测算台"
CHART_URL = "czdesk://split-chart.png"
#: the bundled subset's family (tools/make_font_subset.py): always this one, never a system font
#: of another name, so what is printed and what a PDF gives back when copied are the same characters
_CHINESE_FAMILY = "CZDesk Sans SC"
_MARGIN_MM = 15.0
_AMOUNT = re.compile(r"^[+−-]?[\d,]+\.\d\d$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
#: concrete Latin fonts (Windows, then Linux); generic names like "Sans Serif" may resolve to the CJK font
_LATIN_FAMILIES = ("Segoe UI", "Arial", "DejaVu Sans", "Liberation Sans")


def _tr(text: str) -> str:
    return QCoreApplication.translate("Printing", text)


def slip_font(point_size: float = 10.0) -> QFont:
    """The slip's font: Latin from the platform font, Chinese from the bundled subset (registered here if missing)."""
    installed = set(QFontDatabase.families())
    if _CHINESE_FAMILY not in installed:
        font_file = resource("fonts", "NotoSansSC-Subset.otf")
        if QFontDatabase.addApplicationFont(str(font_file)) < 0:
            log.warning("could not register %s; the slip uses the default font", font_file)
    app_font = QGuiApplication.font()
    font = QFont(app_font)
    # Latin and digits from the platform's own font first: in PDFs, runs of Latin letters and
    # digits set in the CJK font do not come back out as text (pdftotext, copy and paste).
    latin = next((f for f in _LATIN_FAMILIES if f in installed), None)
    system = QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont).family()
    families = [f for f in dict.fromkeys([latin, _CHINESE_FAMILY, system, app_font.family()]) if f]
    font.setFamilies(families)
    font.setPointSizeF(point_size)
    # no ligatures: "ff" in a hash would print as one glyph and copy out of the PDF as "ﬀ"
    font.setFeature(QFont.Tag("liga"), 0)
    return font


def layer_amounts(slip: Slip) -> tuple[Decimal, Decimal, Decimal, Decimal] | None:
    """The four layer amounts when the slip has all of them (reimbursement and simulation slips)."""
    by_label = {a.label: a.amount for a in slip.amounts}
    values = [by_label.get(label) for label in SLIP_LAYER_LABELS]
    if any(v is None for v in values):
        return None
    return values[0], values[1], values[2], values[3]  # type: ignore[return-value]


def _capital(amount: Decimal | None) -> str:
    return _tr("(通知未规定)") if amount is None else to_chinese_capital(amount)


def _cell(text: str) -> str:
    """Amounts and dates never break across lines, and amounts line up on the right."""
    if _AMOUNT.match(text):
        return f'<td align="right" nowrap>{html.escape(text)}</td>'
    if _DATE.match(text):
        return f"<td nowrap>{html.escape(text)}</td>"
    return f"<td>{html.escape(text)}</td>"


def slip_html(slip: Slip) -> str:
    """The whole slip as HTML; the chart, if any, is the image resource ``CHART_URL``."""
    e = html.escape
    out: list[str] = [
        "<html><body>",
        f'<h2 style="margin-bottom:2px">{e(APP_TITLE)} — {e(slip.title)}</h2>',
        '<table cellspacing="0" cellpadding="1" width="100%"><tr>',
        f"<td>{e(_tr('打印日期'))}:{slip.printed_on:%Y-%m-%d}</td>",
        f"<td>{e(_tr('政策年度'))}:{slip.policy_year}</td>",
        f"<td>{e(_tr('政策数据版本'))}:{e(slip.data_version)}({e(_tr('校验码'))} {e(slip.data_hash[:12])})</td>",
        "</tr></table>",
    ]
    if slip.stale_warning:
        out.append(
            '<table width="100%" cellpadding="4" cellspacing="0" border="1" style="border-style:solid">'
            f"<tr><td><b>⚠ {e(slip.stale_warning)}</b></td></tr></table>"
        )
    if slip.inputs:
        out.append(f"<h3>{e(_tr('测算依据的信息'))}</h3>")
        out.append('<table cellspacing="0" cellpadding="3" border="1" width="100%" style="border-style:solid">')
        for label, value in slip.inputs:
            out.append(f'<tr><td width="35%">{e(label)}</td><td>{e(value)}</td></tr>')
        out.append("</table>")
    if slip.amounts:
        out.append(f"<h3>{e(_tr('测算结果'))}</h3>")
        out.append('<table cellspacing="0" cellpadding="3" border="1" width="100%" style="border-style:solid">')
        out.append(
            f"<tr><th align=left>{e(_tr('项目'))}</th><th align=right>{e(_tr('金额'))}</th>"
            f"<th align=left>{e(_tr('大写'))}</th></tr>"
        )
        for a in slip.amounts:
            label, amount, capital = e(a.label), e(fmt_yuan(a.amount)), e(_capital(a.amount))
            if a.emphasis:
                label, amount, capital = f"<b>{label}</b>", f"<b>{amount}</b>", f"<b>{capital}</b>"
            out.append(f'<tr><td>{label}</td><td align="right">{amount}</td><td>{capital}</td></tr>')
        out.append("</table>")
    if layer_amounts(slip) is not None:
        out.append(f"<h3>{e(_tr('费用由谁承担'))}</h3>")
        out.append(f'<p><img src="{CHART_URL}" width="620"></p>')
    if slip.table:
        header, *rows = slip.table
        out.append(f"<h3>{e(_tr('明细'))}</h3>")
        out.append(
            '<table cellspacing="0" cellpadding="2" border="1" width="100%" style="border-style:solid; font-size:8pt">'
        )
        out.append("<tr>" + "".join(f"<th>{e(h)}</th>" for h in header) + "</tr>")
        for row in rows:
            out.append("<tr>" + "".join(_cell(cell) for cell in row) + "</tr>")
        out.append("</table>")
    if slip.notes:
        out.append(f"<h3>{e(_tr('说明'))}</h3><ul>")
        out.extend(f"<li>{e(note)}</li>" for note in slip.notes)
        out.append("</ul>")
    if slip.steps:
        out.append(f"<h3>{e(_tr('计算过程(怎么算的)'))}</h3>")
        out.append(steps_html(slip.steps))
        out.append(
            f"<p><small>{e(_tr('【通知原文】出自政策通知;【解读】【沿用上年】【外部依据】【通知未规定】不是通知原文。'))}</small></p>"
        )
    out.append(
        '<hr><table width="100%" cellpadding="4" cellspacing="0" border="1" style="border-style:solid">'
        f"<tr><td><b>{e(_tr('声明'))}:</b>{e(DISCLAIMER)}</td></tr></table>"
    )
    used = slip_readings(slip)
    if used:
        # last on the page: the product's own readings the answer rests on, so the paper stands alone
        out.append(f"<h3>{e(_tr('本单用到的解读'))}</h3><ul>")
        out.extend(f"<li><b>{e(title)}</b>:{e(text)}</li>" for title, text in used)
        out.append("</ul>")
    out.append("</body></html>")
    return "".join(out)


def slip_document(slip: Slip) -> QTextDocument:
    doc = QTextDocument()
    doc.setDefaultFont(slip_font())
    doc.setDocumentMargin(0)
    layers = layer_amounts(slip)
    if layers is not None:
        chart = SplitChart()
        chart.setFont(slip_font(9))
        chart.set_layers(*layers)
        width = 620
        doc.addResource(
            QTextDocument.ResourceType.ImageResource,
            QUrl(CHART_URL),
            chart.to_image(width, chart.heightForWidth(width), scale=3.0),
        )
    doc.setHtml(slip_html(slip))
    return doc


def _a4(printer: QPagedPaintDevice) -> None:
    printer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(_MARGIN_MM, _MARGIN_MM, _MARGIN_MM, _MARGIN_MM),
            QPageLayout.Unit.Millimeter,
        )
    )


def save_slip_pdf(slip: Slip, path: str | Path) -> Path:
    """Write the slip as a PDF, atomically (a kill mid-export leaves the old file, never half a one).

    QPdfWriter, not QPrinter: a QPrinter, even one set to PDF output, loads Qt's print-support
    plugin, which on Linux is CUPS and opens sockets to 127.0.0.1:631 looking for a print server.
    """
    target = Path(path)
    with atomic.replacing(target) as tmp:
        writer = QPdfWriter(str(tmp))
        writer.setResolution(1200)  # what QPrinter's HighResolution gave to PDF output
        writer.setTitle(f"{APP_TITLE} — {slip.title}")
        writer.setCreator(APP_TITLE)
        _a4(writer)
        slip_document(slip).print_(writer)
        del writer  # the PDF is finished and its file closed only when the writer goes
        if tmp.stat().st_size == 0:
            raise OSError(errno.EIO, "PDF 没有写出内容", str(target))
    return target


def print_slip(slip: Slip, parent: QWidget | None = None) -> bool:
    """Ask for a printer and print; False when the clerk cancels."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    _a4(printer)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(_tr("打印测算单"))
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    slip_document(slip).print_(printer)
    return True


def preview_slip(slip: Slip, parent: QWidget | None = None) -> QPrintPreviewDialog:
    """Show the print preview (modal); returned so tests can close it."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    _a4(printer)
    doc = slip_document(slip)
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setWindowTitle(_tr("打印预览"))
    dialog.paintRequested.connect(doc.print_)
    dialog.exec()
    return dialog
