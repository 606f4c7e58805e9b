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

from PySide6.QtCore import QCoreApplication, QMarginsF, QSizeF, QUrl
from PySide6.QtGui import (
    QFont,
    QFontDatabase,
    QGuiApplication,
    QImage,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPdfWriter,
    QTextDocument,
)
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QDialog, QWidget

from desktop.app_info import APP_TITLE, FONT_FILE
from desktop.core import atomic
from desktop.core.explain import STATUS_LABELS, Citation, Step
from desktop.core.money import fmt_yuan, to_chinese_capital
from desktop.core.slip import DISCLAIMER, Slip, slip_readings
from desktop.core.slips.care import SLIP_LAYER_LABELS  # the printer draws the chart when all four are there
from desktop.resources import resource
from desktop.ui.widgets.split_chart import SplitChart
from desktop.ui.widgets.steps_panel import layer_label

log = logging.getLogger(__name__)

CHART_URL = "czdesk://split-chart.png"
#: the bundled subset's family (tools/make_font_subset.py): always this one, never a system font
#: of another name, so what is printed and what a PDF gives back when copied are the same characters
_CHINESE_FAMILY = "CZDesk Sans SC"
#: the same font file registered a second time under this name, for bold runs only. Qt's PDF writer
#: embeds one font per face file, with the outlines of the first engine that used it: on Windows
#: (DirectWrite, which makes bold by simulation) a slip that began with a bold heading printed
#: every Chinese character in those emboldened outlines (the PDF's font "CZDeskSansSC-0-700").
#: Bold runs in a face of their own keep the regular text regular. Same length as the family
#: name, so the copy's name table is patched in place (its offsets unchanged).
BOLD_FAMILY = "CZDesk Sans SB"
_MARGIN_MM = 15.0
_AMOUNT = re.compile(r"^[+−-]?[\d,]+\.\d\d$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
#: a masked resident ID as the slips carry it: 320483********0013
_MASKED_ID = re.compile(r"^\d{6}\*+[\dXx]{3,4}$")
#: section headings close to what they head: the answer fits one page
_H3 = '<h3 style="margin-top:8px; margin-bottom:3px">'
#: the slip is laid out at this resolution, whatever the screen's; print() scales it to the page
LAYOUT_DPI = 96
#: concrete Latin fonts (Windows, then Linux); generic names like "Sans Serif" may resolve to the CJK font
_LATIN_FAMILIES = ("Segoe UI", "Arial", "DejaVu Sans", "Liberation Sans")


def _tr(text: str) -> str:
    return QCoreApplication.translate("Printing", text)


def _register_fonts(installed: set[str]) -> None:
    """The bundled subset under its own name and, for bold runs, under BOLD_FAMILY."""
    font_file = resource(*FONT_FILE)
    if _CHINESE_FAMILY not in installed and QFontDatabase.addApplicationFont(str(font_file)) < 0:
        log.warning("could not register %s; the slip uses the default font", font_file)
    if BOLD_FAMILY not in installed:
        data = font_file.read_bytes()
        twin = data.replace(_CHINESE_FAMILY.encode("utf-16-be"), BOLD_FAMILY.encode("utf-16-be"))
        if twin == data or QFontDatabase.addApplicationFontFromData(twin) < 0:
            log.warning("could not register the bold face of %s; bold slip text may print regular", font_file)


def _latin_family(installed: set[str]) -> str | None:
    return next((f for f in _LATIN_FAMILIES if f in installed), None)


def bold_style_sheet() -> str:
    """The slip's and the register's style sheet: every bold run set in BOLD_FAMILY (see there)."""
    installed = set(QFontDatabase.families())
    _register_fonts(installed)
    families = ", ".join(f"'{f}'" for f in (_latin_family(installed), BOLD_FAMILY) if f)
    return f"b, strong, th, h1, h2, h3, h4 {{ font-family: {families}; }}"


_PDF_FONT_NAME = re.compile(rb"/FontName\s*/(?:[A-Z]{6}\+)?([^\s/<>\[\]()]+)")


def pdf_font_problem(pdf: bytes) -> str | None:
    """Why the PDF's Chinese text would not print in regular weight; None when it does.

    The embedded fonts' names say it: on Windows Qt names a face family-style-weight, and the
    bundled family embedded as "CZDeskSansSC-0-700" means every Chinese character of the PDF was
    drawn emboldened; and a slip with bold runs must embed the bold face (BOLD_FAMILY) apart.
    """
    names = [m.group(1).decode("latin-1") for m in _PDF_FONT_NAME.finditer(pdf)]
    regular_ps = _CHINESE_FAMILY.replace(" ", "")
    ours = [n for n in names if n.startswith(regular_ps) or n.startswith(BOLD_FAMILY.replace(" ", ""))]
    if not ours:
        return f"PDF 中没有内置中文字体(嵌入的字体:{'、'.join(names) or '无'})"
    heavy = [n for n in ours if n.startswith(regular_ps) and (re.search(r"-[6-9]\d\d$", n) or "Bold" in n)]
    if heavy:
        return f"PDF 的正文字体是粗体:{'、'.join(heavy)}"
    if len(ours) < 2:
        return f"PDF 的粗体与正文共用一个字体({ours[0]}),正文会和粗体一样粗"
    return None


def slip_font(point_size: float = 10.0) -> QFont:
    """The slip's font: Latin from the platform font, Chinese from the bundled subset (registered here if missing)."""
    installed = set(QFontDatabase.families())
    if _CHINESE_FAMILY not in installed or BOLD_FAMILY not in installed:
        _register_fonts(installed)
    app_font = QGuiApplication.font()
    font = QFont(app_font)
    # Latin and digits from the platform's own font first: in PDFs, runs of Latin letters and
    # digits set in the CJK font do not come back out as text (pdftotext, copy and paste).
    latin = _latin_family(installed)
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
    """Amounts, dates and masked IDs never break across lines, and amounts line up on the right.

    QTextDocument ignores the HTML ``nowrap`` attribute; only the CSS white-space property holds
    a cell to one line (an ID printed as "320412********011" over "4" cannot be read back).
    """
    if _AMOUNT.match(text):
        return f'<td align="right" style="white-space:nowrap">{html.escape(text)}</td>'
    if _DATE.match(text) or _MASKED_ID.match(text):
        return f'<td style="white-space:nowrap">{html.escape(text)}</td>'
    return f"<td>{html.escape(text)}</td>"


def _citation_line(number: int, c: Citation) -> str:
    e = html.escape
    tag = e(f"【{STATUS_LABELS.get(c.status, c.status)}】")
    if c.status != "official":
        tag = f"<b>{tag}</b>"  # not the notice's own words: set apart in grey-scale print too
    line = f"[{number}] {tag} {e(c.label)}:{e(c.value)} — {e(_tr('依据'))}:{e(c.source)}"
    if c.quote:
        line += f" {e(_tr('原文'))}:“{e(c.quote)}”"
    if c.note:
        line += f" <i>{e(_tr('说明'))}:{e(c.note)}</i>"
    return f'<p style="margin:0px">{line}</p>'


def _steps_with_references(steps: tuple[Step, ...]) -> tuple[str, list[Citation]]:
    """The steps as a numbered list pointing to clauses [n], and the clauses, each once, in order.

    On paper the clauses behind a household's steps repeat (every member cites the same premium
    line): printed under every step they made a 4-person slip four pages long. The answer keeps
    its steps on the first page; the clauses go to a compact appendix.
    """
    e = html.escape
    cited: dict[Citation, int] = {}
    items: list[str] = []
    heading = ""
    for step in steps:
        layer = layer_label(step.layer)
        if not layer and step.amount is None and not step.citations and step.text.startswith("【"):
            heading = f"<b>{e(step.text)}</b> "  # a group's title goes at the head of its first step
            continue
        prefix = heading + (f"<b>[{e(layer)}]</b> " if layer else "")
        heading = ""
        amount = f" → <b>{e(fmt_yuan(step.amount))}</b>" if step.amount is not None else ""
        refs = "".join(f"[{cited.setdefault(c, len(cited) + 1)}]" for c in step.citations)
        tail = f" <small>{refs}</small>" if refs else ""
        items.append(f'<li style="margin-bottom:1px">{prefix}{e(step.text)}{amount}{tail}</li>')
    if heading:
        items.append(f"<li>{heading}</li>")
    body = '<ol style="margin-left:0px; margin-top:0px; font-size:8.5pt">' + "".join(items) + "</ol>" if items else ""
    return body, list(cited)


def slip_html(slip: Slip, chart_width: int = 620) -> str:
    """The whole slip as HTML; the chart, if any, is the image resource ``CHART_URL``.

    The answer (inputs, amounts, chart, table, notes, disclaimer) comes first; the steps, with
    [n] pointing to the clauses, and the clauses themselves, each once, follow as an appendix.
    """
    e = html.escape
    out: list[str] = [
        "<html><body>",
        f'<h2 style="margin-top:0px; margin-bottom:2px">{e(APP_TITLE)} — {e(slip.title)}</h2>',
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
        out.append(f"{_H3}{e(_tr('测算依据的信息'))}</h3>")
        out.append('<table cellspacing="0" cellpadding="2" border="1" width="100%" style="border-style:solid">')
        pairs = list(slip.inputs)
        # two facts to a row: half the height, and the answer keeps to one page
        for i in range(0, len(pairs), 2):
            cells = "".join(
                f'<td width="20%">{e(label)}</td><td width="30%">{e(value)}</td>' for label, value in pairs[i : i + 2]
            )
            out.append(f"<tr>{cells}</tr>")
        out.append("</table>")
    if slip.amounts:
        out.append(f"{_H3}{e(_tr('测算结果'))}</h3>")
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
        out.append(f"{_H3}{e(_tr('费用由谁承担'))}</h3>")
        out.append(f'<p><img src="{CHART_URL}" width="{chart_width}"></p>')
    if slip.table:
        header, *rows = slip.table
        out.append(f"{_H3}{e(_tr('明细'))}</h3>")
        out.append(
            '<table cellspacing="0" cellpadding="2" border="1" width="100%" style="border-style:solid; font-size:8pt">'
        )
        out.append("<tr>" + "".join(f"<th>{e(h)}</th>" for h in header) + "</tr>")
        for row in rows:
            out.append("<tr>" + "".join(_cell(cell) for cell in row) + "</tr>")
        out.append("</table>")
    if slip.notes:
        out.append(f'{_H3}{e(_tr("说明"))}</h3><ul style="margin-top:0px; margin-bottom:0px">')
        out.extend(f"<li>{e(note)}</li>" for note in slip.notes)
        out.append("</ul>")
    # the answer ends with the disclaimer; how it was reached follows as an appendix in the same
    # flow (no page break: a household's explanation shares the answer's paper when it fits)
    out.append(
        '<table width="100%" cellpadding="3" cellspacing="0" border="1" style="border-style:solid; margin-top:6px">'
        f"<tr><td><b>{e(_tr('声明'))}:</b>{e(DISCLAIMER)}</td></tr></table>"
    )
    steps, citations = _steps_with_references(slip.steps)
    if steps:
        out.append(f'<h3 style="margin-top:14px; margin-bottom:3px">{e(_tr("附录:计算过程(怎么算的)"))}</h3>')
        if citations:
            out.append(f"<p><small>{e(_tr('方括号中的编号 [1] [2] … 指下方“计算依据”中的政策条款。'))}</small></p>")
        out.append(steps)
    if citations:
        out.append(
            f"{_H3}{e(_tr('附录:计算依据(政策条款)'))}</h3>"
            f"<p><small>{e(_tr('【通知原文】出自政策通知;【解读】【沿用上年】【外部依据】【通知未规定】不是通知原文。'))}</small></p>"
            '<div style="font-size:8pt">'
        )
        out.extend(_citation_line(n, c) for n, c in enumerate(citations, start=1))
        out.append("</div>")
    used = slip_readings(slip)
    if used:
        # the product's own readings the answer rests on, so the paper stands alone
        out.append(f'{_H3}{e(_tr("附录:本单用到的解读"))}</h3><ul style="margin-top:0px; font-size:8pt">')
        out.extend(f"<li><b>{e(title)}</b>:{e(text)}</li>" for title, text in used)
        out.append("</ul>")
    out.append("</body></html>")
    return "".join(out)


def printable_mm(device: QPagedPaintDevice | None = None) -> QSizeF:
    """The area inside the margins, in millimetres: the device's page, or A4 with the slip's margins."""
    layout = device.pageLayout() if device is not None else _a4_layout()
    return layout.paintRect(QPageLayout.Unit.Millimeter).size()


_layout_devices: list[QImage] = []


def layout_device() -> QImage:
    """A paint device at LAYOUT_DPI: the slip is laid out the same on every screen.

    One for the process: a document's layout keeps only a pointer to it.
    """
    if not _layout_devices:
        image = QImage(1, 1, QImage.Format.Format_RGB32)
        dots_per_metre = round(LAYOUT_DPI / 0.0254)
        image.setDotsPerMeterX(dots_per_metre)
        image.setDotsPerMeterY(dots_per_metre)
        _layout_devices.append(image)
    return _layout_devices[0]


def slip_document(slip: Slip, printable: QSizeF | None = None) -> QTextDocument:
    """The slip laid out in pages of ``printable`` millimetres (A4 inside 15 mm margins by default).

    The pages are set here rather than left to QTextDocument.print(): left alone, it lays the
    text out at the screen's resolution inside 2 cm margins of its own, so what fitted depended
    on the PC, and the chart, sized in pixels, ran past the right margin.
    """
    size_mm = printable or printable_mm()
    page = QSizeF(size_mm.width() / 25.4 * LAYOUT_DPI, size_mm.height() / 25.4 * LAYOUT_DPI)
    doc = QTextDocument()
    doc.documentLayout().setPaintDevice(layout_device())
    doc.setDefaultFont(slip_font())
    doc.setDefaultStyleSheet(bold_style_sheet())
    doc.setDocumentMargin(0)
    doc.setPageSize(page)
    chart_width = int(page.width()) - 4  # the text width, less a little: nothing reaches the margin
    layers = layer_amounts(slip)
    picture: QImage | None = None
    if layers is not None:
        chart = SplitChart()
        chart.setFont(slip_font(9))
        chart.set_layers(*layers)
        picture = chart.to_image(chart_width, chart.heightForWidth(chart_width), scale=3.0)

    if picture is not None:
        doc.addResource(QTextDocument.ResourceType.ImageResource, QUrl(CHART_URL), picture)
    doc.setHtml(slip_html(slip, chart_width))
    return doc


def _a4_layout() -> QPageLayout:
    return QPageLayout(
        QPageSize(QPageSize.PageSizeId.A4),
        QPageLayout.Orientation.Portrait,
        QMarginsF(_MARGIN_MM, _MARGIN_MM, _MARGIN_MM, _MARGIN_MM),
        QPageLayout.Unit.Millimeter,
    )


def _a4(printer: QPagedPaintDevice) -> None:
    printer.setPageLayout(_a4_layout())


def _print(slip: Slip, device: QPagedPaintDevice) -> None:
    """Lay the slip out for the device's own page (the clerk may pick another paper) and print it."""
    slip_document(slip, printable_mm(device)).print_(device)


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
        _print(slip, writer)
        del writer  # the PDF is finished and its file closed only when the writer goes
        if not _pdf_complete(tmp):
            # QPdfWriter says nothing when a write fails: a full disk leaves an empty or cut file
            raise OSError(errno.ENOSPC if _disk_nearly_full(tmp.parent) else errno.EIO, "PDF 没有写完", str(target))
    return target


def printer_available() -> bool:
    """Whether the system has any printer installed (a fresh Windows PC, or Wine, may have none:
    Qt's print dialog then shows nothing and prints nothing, so the window says so first)."""
    from PySide6.QtPrintSupport import QPrinterInfo

    return bool(QPrinterInfo.availablePrinterNames())


def _pdf_complete(path: Path) -> bool:
    """Whether a PDF was written to its end (its last bytes hold the %%EOF marker)."""
    try:
        with open(path, "rb") as fh:
            size = fh.seek(0, 2)
            fh.seek(max(0, size - 1024))
            return size > 0 and b"%%EOF" in fh.read()
    except OSError:
        return False


#: a folder with less free space than this could not hold a slip's PDF
_PDF_ROOM = 4_000_000


def _disk_nearly_full(folder: Path) -> bool:
    import shutil

    try:
        return shutil.disk_usage(folder).free < _PDF_ROOM
    except OSError:
        return False


def print_slip(slip: Slip, parent: QWidget | None = None) -> bool:
    """Ask for a printer and print; False when the clerk cancels."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    _a4(printer)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(_tr("打印测算单"))
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    _print(slip, printer)
    return True


def preview_slip(slip: Slip, parent: QWidget | None = None) -> QPrintPreviewDialog:
    """Show the print preview (modal); returned so tests can close it."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    _a4(printer)
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setWindowTitle(_tr("打印预览"))
    dialog.paintRequested.connect(lambda device: _print(slip, device))
    dialog.exec()
    return dialog
