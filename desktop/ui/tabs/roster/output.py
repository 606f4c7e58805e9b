"""What the roster tab writes and prints: the .xlsx export, the blank template, the printed register.

Each action returns the message for the tab's message line (and whether it is an error) instead
of touching the tab; the register is laid out in the slips' Chinese font, landscape A4.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QMarginsF, Qt
from PySide6.QtGui import QPageLayout, QPageSize, QTextDocument
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QWidget

from desktop.core import atomic
from desktop.core.errors import os_reason
from desktop.core.roster import RosterReadError, RosterResult, export_xlsx, register_html
from desktop.resources import resource

#: above this many residents the clerk is asked before a long print preview is laid out
LARGE_REGISTER = 3000

#: a message for the message line, and whether it reports a failure
Message = tuple[str, bool]


def tr(text: str) -> str:
    return QCoreApplication.translate("RosterTab", text)


def export_suggestion(result: RosterResult, roster: Path | None) -> str:
    """Where the export is offered: beside the roster it came from (where the village's files are)."""
    stem = Path(result.source).stem
    folder = roster.parent if roster is not None and roster.parent.is_dir() else Path.home()
    return str(folder / f"{stem}_{result.policy_year}年度测算.xlsx")


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
    suggested = str(Path.home() / "村组名册模板.xlsx")
    name, _ = QFileDialog.getSaveFileName(parent, tr("另存空白名册模板"), suggested, "Excel (*.xlsx)")
    if not name:
        return None
    try:
        atomic.atomic_copy(resource("roster_template.xlsx"), name)
    except OSError as exc:
        return tr("无法保存模板:{why}").format(why=os_reason(exc)), True
    return tr("模板已保存:{path}").format(path=name), False


def register_document(result: RosterResult, parent: QWidget) -> QTextDocument:
    """The printable register (IDs masked) as a document, in the slips' Chinese font."""
    from desktop.ui.printing import slip_font

    doc = QTextDocument(parent)
    doc.setDefaultFont(slip_font(9))
    doc.setHtml(register_html(result))
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
