"""What the roster tab writes and prints: the .xlsx export, the blank template, the printed register.

Each action returns the message for the tab's message line (and whether it is an error) instead
of touching the tab; the register is laid out in the slips' Chinese font, landscape A4.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QMarginsF, QSizeF, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QPageLayout, QPageSize, QTextDocument
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QWidget

from desktop.core import atomic
from desktop.core.errors import os_reason
from desktop.core.roster import RosterReadError, RosterResult, export_xlsx, register_html
from desktop.core.roster.register import RegisterPage, note_share
from desktop.resources import resource
from desktop.ui import file_dialogs

#: above this many residents the clerk is asked before a long print preview is laid out
LARGE_REGISTER = 3000

#: a message for the message line, and whether it reports a failure
Message = tuple[str, bool]


def tr(text: str) -> str:
    return QCoreApplication.translate("RosterTab", text)


def export_suggestion(result: RosterResult, roster: Path | None) -> str:
    """Where the export is offered: beside the roster it came from (where the village's files are)."""
    stem = Path(result.source).stem
    return file_dialogs.start(
        f"{stem}_{result.policy_year}年度测算.xlsx", roster.parent if roster is not None else None
    )


def write_export(result: RosterResult, path: Path, *, full_id: bool, source: Path | None = None) -> Message:
    """Write the workbook (``.xlsx`` added when missing); the message says where, or why not."""
    if path.suffix.lower() != ".xlsx":
        path = path.with_suffix(".xlsx")
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        export_xlsx(result, path, full_id=full_id, source=source)
    except RosterReadError as exc:
        return str(exc), True
    finally:
        QApplication.restoreOverrideCursor()
    return tr("已导出:{path}").format(path=path), False


def save_template(parent: QWidget) -> Message | None:
    """Ask where, and copy the blank roster template there; None when the clerk cancels."""
    suggested = file_dialogs.start("村组名册模板.xlsx")
    name, _ = QFileDialog.getSaveFileName(parent, tr("另存空白名册模板"), suggested, "Excel (*.xlsx)")
    if not name:
        return None
    file_dialogs.remember(name)
    try:
        atomic.atomic_copy(resource("roster_template.xlsx"), name)
    except OSError as exc:
        return tr("无法保存模板:{why}").format(why=os_reason(exc)), True
    return tr("模板已保存:{path}").format(path=name), False


def register_document(result: RosterResult, parent: QWidget) -> QTextDocument:
    """The printable register (IDs masked) as a document, in the slips' Chinese font, laid out in
    the register's landscape A4 pages (so each household's rows and 小计 are kept on one page)."""
    from desktop.ui.printing import LAYOUT_DPI, bold_style_sheet, layout_device, slip_font

    font = slip_font(9)
    rect = register_printer().pageLayout().paintRect(QPageLayout.Unit.Millimeter)
    page = QSizeF(rect.width() / 25.4 * LAYOUT_DPI, rect.height() / 25.4 * LAYOUT_DPI)
    doc = QTextDocument(parent)
    doc.documentLayout().setPaintDevice(layout_device())
    doc.setDefaultFont(font)
    doc.setDefaultStyleSheet(bold_style_sheet())
    doc.setDocumentMargin(0)
    doc.setPageSize(page)
    # the register's body is set at 10 pt (register_html); a line is as tall as the tallest of the
    # font's families (the Chinese one: its line is about 1.45 em, the Latin one's 1.16)
    body = slip_font(10)
    metrics = QFontMetricsF(body, layout_device())
    spacing = max(
        QFontMetricsF(QFont(family, round(body.pointSizeF())), layout_device()).lineSpacing()
        for family in body.families()
    )
    # a table row: one line of text, the cell padding (2 + 2) and its borders; a line to spare
    row = spacing + 6
    note_width = page.width() * note_share() - 6
    fits = RegisterPage(
        lines=int(page.height() // row) - 1,
        note_chars=max(1, int(note_width // metrics.horizontalAdvance("国"))),
    )
    doc.setHtml(register_html(result, page=fits))
    return doc


def register_printer() -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    # landscape: ten columns with masked IDs and a signature column do not fit A4 upright
    printer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Landscape,
            QMarginsF(12, 12, 12, 12),
            QPageLayout.Unit.Millimeter,
        )
    )
    return printer


def preview_register(result: RosterResult, parent: QWidget) -> None:
    """The register in a print preview; a long one is laid out only after the clerk says so."""
    from desktop.ui.printing import printer_available

    if not printer_available():
        QMessageBox.information(
            parent,
            tr("打印名册"),
            tr("本机没有安装打印机,无法打印名册。\n可以点“导出Excel…”保存名册,再用有打印机的电脑打印。"),
        )
        return
    members = result.total.members
    if members > LARGE_REGISTER:
        answer = QMessageBox.question(
            parent,
            tr("打印名册"),
            tr("名册共 {n} 人,登记册约 {pages} 页,生成预览需要一些时间(约每千人 1-2 秒)。继续吗?").format(
                n=members, pages=members // 11 + 1
            ),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        doc = register_document(result, parent)
    finally:
        QApplication.restoreOverrideCursor()
    printer = register_printer()
    printer.setDocName(tr("参保缴费登记册"))
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setWindowTitle(tr("打印名册 — 预览"))
    dialog.paintRequested.connect(doc.print_)
    dialog.resize(1100, 760)
    dialog.exec()
