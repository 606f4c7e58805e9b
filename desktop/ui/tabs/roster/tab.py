"""村组名册: import a village's household list, see every row checked and quoted, export and print.

Reading and checking run in a worker thread (a 10,000-row file takes about a second) with a
progress bar and a 取消 button; the core does all the work, this tab only shows its result.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QMarginsF, QModelIndex, Qt, QThread, Signal
from PySide6.QtGui import QPageLayout, QPageSize, QTextDocument
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.core import atomic
from desktop.core.errors import os_reason
from desktop.core.money import fmt_yuan
from desktop.core.policy.kinds import DISTRICTS, District
from desktop.core.policy.loader import PolicySet
from desktop.core.premium import CATEGORY_LABELS, DISTRICT_LABELS
from desktop.core.roster import (
    ColumnMapping,
    MappingGuess,
    RawTable,
    RosterCancelled,
    RosterReadError,
    RosterResult,
    build_roster,
    detect_mapping,
    export_xlsx,
    read_table,
    register_html,
)
from desktop.core.slip import Slip, SlipAmount
from desktop.core.staleness import staleness_message
from desktop.resources import resource
from desktop.ui.tab_base import WorkTab
from desktop.ui.tabs.roster.mapping_dialog import RosterMappingDialog
from desktop.ui.tabs.roster.model import FIELD_OF_COLUMN, MAX_CELL, ProblemFilter, RosterModel
from desktop.ui.widgets.columns import FitColumns

log = logging.getLogger(__name__)

ERROR_STYLE = "color: #a4000f;"
#: above this many residents the clerk is asked before a long print preview is laid out
LARGE_REGISTER = 3000

#: work the job runs: gets (progress, cancelled) callbacks, returns its result or raises
JobFn = Callable[[Callable[[int, int], None], Callable[[], bool]], object]


class RosterJob(QThread):
    """Runs one slow core call off the GUI thread; cancel() makes the core raise RosterCancelled.

    Signals carry the job itself, so the tab can ignore a job it has already given up on.
    """

    progressed = Signal(int, int)
    succeeded = Signal(object, object)  # job, result
    ended = Signal(object, str)  # job, why (cancelled or unreadable)

    def __init__(self, fn: JobFn, on_success: Callable[[Any], None], cancel_message: str):
        super().__init__()
        self._fn = fn
        self.on_success = on_success
        self.cancel_message = cancel_message
        self._stop = threading.Event()

    def cancel(self) -> None:
        self._stop.set()

    def run(self) -> None:
        try:
            result = self._fn(self.progressed.emit, self._stop.is_set)
        except RosterCancelled:
            self.ended.emit(self, self.cancel_message)
        except RosterReadError as exc:
            self.ended.emit(self, str(exc))
        except Exception as exc:  # noqa: BLE001 - a worker must always report back, or the tab stays busy
            # only the type: an exception's text could quote a cell of the roster
            log.error("名册处理出错:%s", type(exc).__name__)
            self.ended.emit(self, self.tr("名册处理出错,未能导入;请检查文件后重试"))
        else:
            self.succeeded.emit(self, result)


class RosterTab(WorkTab):
    case_key = "roster"

    #: a roster was read, checked and quoted (also after a policy-year switch)
    imported = Signal()
    #: loading ended without a new result: the message says why (cancelled or unreadable)
    import_failed = Signal(str)

    def __init__(self, policies: PolicySet, parent: QWidget | None = None, today: dt.date | None = None):
        super().__init__(policies, parent)
        self.today = today or dt.date.today()
        self.path: Path | None = None
        self.table: RawTable | None = None
        self.mapping: ColumnMapping | None = None
        self.result: RosterResult | None = None
        #: cells corrected in the window: {row number in the file: {field: text}}; the file is not changed
        self.corrections: dict[int, dict[str, str]] = {}
        self._job: RosterJob | None = None
        self._rebuild_pending = False
        self._corrected_row: int | None = None
        self._build_ui()
        self._show_result()
        app = QApplication.instance()
        if app is not None:
            # a running QThread must not outlive the application
            app.aboutToQuit.connect(self.wait_idle)

    # ------------------------------------------------------------------ layout

    def _build_ui(self) -> None:
        root = QVBoxLayout(self)

        bar = QHBoxLayout()
        self.import_button = QPushButton(self.tr("导入名册…"))
        self.import_button.setObjectName("roster_import")
        self.import_button.setToolTip(self.tr("读取村组名册:Excel(.xlsx/.xls)或 CSV 文件"))
        self.import_button.clicked.connect(self.choose_file)
        self.template_button = QPushButton(self.tr("空白名册模板…"))
        self.template_button.setToolTip(self.tr("另存一份带下拉选项的空白名册,填好后导入"))
        self.template_button.clicked.connect(self.save_template)
        bar.addWidget(self.import_button)
        bar.addWidget(self.template_button)
        bar.addSpacing(16)
        bar.addWidget(QLabel(self.tr("名册未填所属区时按:")))
        self.district_combo = QComboBox()
        self.district_combo.setObjectName("roster_default_district")
        self.district_combo.addItem(self.tr("(不指定)"), None)
        for d in DISTRICTS:
            self.district_combo.addItem(DISTRICT_LABELS[d], d)
        self.district_combo.currentIndexChanged.connect(self._district_changed)
        bar.addWidget(self.district_combo)
        bar.addStretch(1)
        self.only_bad = QCheckBox(self.tr("只看问题行"))
        self.only_bad.toggled.connect(self._filter_changed)
        bar.addWidget(self.only_bad)
        bar.addSpacing(16)
        self.full_id = QCheckBox(self.tr("导出完整身份证号"))
        self.full_id.setToolTip(self.tr("不勾选时,导出的身份证号只显示前6位和后4位"))
        bar.addWidget(self.full_id)
        self.export_button = QPushButton(self.tr("导出Excel…"))
        self.export_button.setObjectName("roster_export")
        self.export_button.clicked.connect(self.choose_export)
        self.print_button = QPushButton(self.tr("打印名册…"))
        self.print_button.setObjectName("roster_print")
        self.print_button.clicked.connect(self.preview_register)
        bar.addWidget(self.export_button)
        bar.addWidget(self.print_button)
        root.addLayout(bar)

        self.progress_row = QWidget()
        prow = QHBoxLayout(self.progress_row)
        prow.setContentsMargins(0, 0, 0, 0)
        self.progress_label = QLabel()
        self.progress = QProgressBar()
        self.progress.setTextVisible(True)
        self.cancel_button = QPushButton(self.tr("取消"))
        self.cancel_button.setObjectName("roster_cancel")
        self.cancel_button.clicked.connect(self.cancel_import)
        prow.addWidget(self.progress_label)
        prow.addWidget(self.progress, 1)
        prow.addWidget(self.cancel_button)
        self.progress_row.hide()
        root.addWidget(self.progress_row)

        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setObjectName("roster_message")
        root.addWidget(self.message)

        split = QSplitter()
        self.model = RosterModel(self)
        self.proxy = ProblemFilter(self)
        self.proxy.setSourceModel(self.model)
        self.view = QTableView()
        self.view.setModel(self.proxy)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        # only a problem row's cells are editable (the model says which): correct, then re-check
        self.view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.model.corrected.connect(self._cell_corrected)
        self.view.setAlternatingRowColors(False)
        self.view.setWordWrap(False)
        self.view.verticalHeader().hide()
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        # widths follow the font (大字模式): titles and IDs whole, amounts never cut
        self._fit_columns = FitColumns(
            self.view,
            {
                0: "9999",
                1: "999",
                2: "欧阳建国",
                3: "320483********0013",
                4: "非从业居民",
                5: "常州经开区",
                6: "特困人员等",
                7: "1,250.00",
                8: "1,250.00",
                9: "请填写身份证号",  # the last column stretches; this is its least
            },
            row_lines=1.45,
        )
        self.view.selectionModel().currentRowChanged.connect(self._row_selected)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.view, 1)
        self.row_detail = QLabel()
        self.row_detail.setObjectName("roster_row_detail")
        self.row_detail.setWordWrap(True)
        left_layout.addWidget(self.row_detail)
        split.addWidget(left)

        self.totals = QLabel()
        self.totals.setObjectName("roster_totals")
        self.totals.setWordWrap(True)
        self.totals.setTextFormat(Qt.TextFormat.RichText)
        self.totals.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.totals.setMargin(8)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.totals)
        scroll.setMinimumWidth(280)
        split.addWidget(scroll)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        root.addWidget(split, 1)

    # ------------------------------------------------------------------ importing

    def choose_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("选择村组名册"), "", self.tr("名册 (*.xlsx *.xls *.csv);;Excel (*.xlsx *.xls);;CSV (*.csv)")
        )
        if name:
            self.import_file(Path(name))

    def import_file(
        self,
        path: str | Path,
        mapping: ColumnMapping | None = None,
        corrections: dict[int, dict[str, str]] | None = None,
    ) -> None:
        """Read ``path`` in a worker; ask about columns unless ``mapping`` is given; then check and quote.

        ``corrections``: cells corrected in the window earlier (a saved case), applied again."""
        if self.busy:
            return
        target = Path(path)
        # another file: nothing said about the previous one stays on screen
        self._set_message("")
        self.row_detail.clear()
        self.row_detail.setStyleSheet("")
        self._start(
            self.tr("正在读取 {file}…").format(file=target.name),
            lambda progress, cancelled: read_table(target, progress=progress, cancelled=cancelled),
            lambda table: self._table_read(target, table, mapping, corrections or {}),
        )

    def _table_read(
        self, path: Path, table: RawTable, mapping: ColumnMapping | None, corrections: dict[int, dict[str, str]]
    ) -> None:
        district = self.default_district()
        if mapping is None:
            guess = detect_mapping(table.headers)
            if guess.complete(district_default=district is not None):
                mapping = guess.mapping
            else:
                answer = self.ask_mapping(table, guess)
                if answer is None:
                    self._finish_failed(self.tr("已取消导入(未确认名册的列)"))
                    return
                mapping, district = answer
                self._set_default_district(district)
        self.path, self.table, self.mapping = path, table, mapping
        self.corrections = corrections
        self._apply_corrections()
        self._build()

    def ask_mapping(self, table: RawTable, guess: MappingGuess) -> tuple[ColumnMapping, District | None] | None:
        """The column-mapping dialog; None when the clerk cancels."""
        dialog = RosterMappingDialog(table, guess, self.default_district(), self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.mapping(), dialog.default_district()

    def _build(self) -> None:
        table, mapping = self.table, self.mapping
        if table is None or mapping is None:
            return
        policy, district = self.policy, self.default_district()
        data_hash = self.entry.sha256
        stale = staleness_message(self.policies, policy.policy_year, self.today)
        self._start(
            self.tr("正在核对和测算 {n} 行…").format(n=len(table.rows)),
            lambda progress, cancelled: build_roster(
                policy,
                table,
                mapping,
                default_district=district,
                data_hash=data_hash,
                stale_warning=stale,
                progress=progress,
                cancelled=cancelled,
            ),
            self._built,
        )

    def _apply_corrections(self) -> None:
        """Corrections kept in a saved case, applied again to the file just read."""
        if self.table is None or self.mapping is None:
            return
        for row, fields in self.corrections.items():
            for field, text in fields.items():
                column = self.mapping.get(field)
                if column is not None:
                    self.table = _with_cell(self.table, row, column, text[:MAX_CELL])

    def _built(self, result: RosterResult) -> None:
        self.result = result
        self.row_detail.clear()
        self._show_result()
        row, self._corrected_row = self._corrected_row, None
        if row is not None:
            self._select_file_row(row)
        if self._rebuild_pending:
            self._rebuild_pending = False
            self._build()
            return
        self.imported.emit()
        self.changed.emit()

    def _start(self, label: str, fn: JobFn, done: Callable[[Any], None]) -> None:
        # Slots are bound methods of this tab (not lambdas), so Qt queues them onto the GUI thread.
        job = RosterJob(fn, done, self.tr("已取消导入,名册未改变"))
        job.progressed.connect(self._progressed)
        job.succeeded.connect(self._job_succeeded)
        job.ended.connect(self._job_ended)
        self._job = job
        self.progress_label.setText(label)
        self.progress.setRange(0, 0)
        self.progress_row.show()
        self.cancel_button.setEnabled(True)
        self._update_actions()
        job.start()

    def _progressed(self, done: int, total: int) -> None:
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(min(done, total))

    def _release(self, job: RosterJob) -> bool:
        """Let a finished job go; True when it is the one the tab is waiting for."""
        job.wait()
        job.deleteLater()
        if self._job is not job:
            return False
        self._job = None
        self.progress_row.hide()
        self._update_actions()
        return True

    def _job_succeeded(self, job: RosterJob, value: object) -> None:
        if self._release(job):
            job.on_success(value)

    def _job_ended(self, job: RosterJob, message: str) -> None:
        if self._release(job):
            self._rebuild_pending = False
            self._finish_failed(message)

    def _finish_failed(self, message: str) -> None:
        self.progress_row.hide()
        self._set_message(message, error=True)
        self._update_actions()
        self.import_failed.emit(message)

    def cancel_import(self) -> None:
        if self._job is not None:
            self.cancel_button.setEnabled(False)
            self.progress_label.setText(self.tr("正在取消…"))
            self._job.cancel()

    @property
    def busy(self) -> bool:
        return self._job is not None

    def wait_idle(self) -> None:
        """Stop the worker and wait for it (before the application quits, and in clear())."""
        job, self._job = self._job, None
        if job is not None:
            job.cancel()
            job.wait()
            self.progress_row.hide()
            self._update_actions()

    # ------------------------------------------------------------------ district, year, filter

    def default_district(self) -> District | None:
        value = self.district_combo.currentData()
        return value if value in DISTRICTS else None

    def _set_default_district(self, district: District | None) -> None:
        index = 0 if district is None else DISTRICTS.index(district) + 1
        self.district_combo.blockSignals(True)
        self.district_combo.setCurrentIndex(index)
        self.district_combo.blockSignals(False)

    def _district_changed(self) -> None:
        self.recompute()

    def _filter_changed(self, on: bool) -> None:
        self.proxy.set_only_bad(on)

    def _row_selected(self, current: QModelIndex, _previous: QModelIndex) -> None:
        """The selected row's full check result, which the table column may cut short."""
        if not current.isValid():
            self.row_detail.clear()
            return
        r = self.model.row_at(self.proxy.mapToSource(current).row())
        if r.ok:
            self.row_detail.setStyleSheet("")
            self.row_detail.setText(self.tr("第{row}行:已计费").format(row=r.row))
        else:
            self.row_detail.setStyleSheet(ERROR_STYLE)
            self.row_detail.setText(
                self.tr("第{row}行未计费:{reason}。双击该行的单元格可直接改正,改后自动重新核对和测算").format(
                    row=r.row, reason=r.reason
                )
            )

    def _select_file_row(self, row: int) -> None:
        """Select the row with this number in the file (after a correction re-checked the roster)."""
        for i in range(self.model.rowCount()):
            if self.model.row_at(i).row == row:
                index = self.proxy.mapFromSource(self.model.index(i, 0))
                if index.isValid():
                    self.view.setCurrentIndex(index)
                    self._row_selected(index, index)
                return

    # ------------------------------------------------------------------ correcting a problem row

    def _cell_corrected(self, row: int, field: str, text: str) -> None:
        """A problem row's cell was corrected in the window: the same check and quote run again.

        The file itself is not changed; the export and the register carry the corrected value,
        and the message says so."""
        if self.table is None or self.mapping is None or self.busy:
            return
        column = self.mapping.get(field)
        if column is None:
            return
        self.corrections.setdefault(row, {})[field] = text
        self.table = _with_cell(self.table, row, column, text)
        self._corrected_row = row
        self._build()

    def recompute(self) -> None:
        """Check and quote the same file again under the current year and default district."""
        if self.table is None or self.mapping is None:
            self._show_result()
            return
        if self.mapping.missing_required(district_default=self.default_district() is not None):
            self._set_message(self.tr("名册没有“所属区”列,请选择“名册未填所属区时按”的区(市)"), error=True)
            return
        if self.busy:
            self._rebuild_pending = True
            return
        self._build()

    # ------------------------------------------------------------------ showing

    def _set_message(self, text: str, *, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(ERROR_STYLE if error else "")
        self.message.setVisible(bool(text))

    def _update_actions(self) -> None:
        has = self.result is not None and not self.busy
        self.export_button.setEnabled(has)
        self.print_button.setEnabled(has)
        self.import_button.setEnabled(not self.busy)

    def _show_result(self) -> None:
        r = self.result
        self.model.set_result(r)
        self._update_actions()
        if r is None:
            self.totals.setText(
                self.tr(
                    "<p><b>尚未导入名册</b></p><p>点“导入名册…”选择村组名册(Excel 或 CSV)。"
                    "表头应有:姓名、身份证号、参保类别,以及户号、救助身份、所属区(可选)。</p>"
                    "<p>没有名册时,可点“空白名册模板…”另存一份填写。</p>"
                )
            )
            return
        mapping = self.mapping
        self.model.editable_fields = frozenset(
            f for f in FIELD_OF_COLUMN.values() if mapping is not None and mapping.get(f) is not None
        )
        message = self.tr(
            "{year}年度 · 名册 {file}(第{header}行为表头):共 {rows} 行,可计费 {good} 人,问题行 {bad} 行"
        ).format(
            year=r.policy_year,
            file=r.source,
            header=r.header_row,
            rows=len(r.rows),
            good=r.total.members,
            bad=len(r.bad_rows),
        )
        if r.bad_rows:
            message += self.tr(";问题行可双击单元格直接改正")
        if self.corrections:
            message += self.tr(";已在程序中改正第 {rows} 行(原文件未改动,导出和打印按改正后的内容)").format(
                rows="、".join(str(n) for n in sorted(self.corrections))
            )
        self._set_message(message, error=False)
        self.totals.setText(self.totals_html(r))

    def totals_html(self, r: RosterResult) -> str:
        t = r.total
        lines = [
            f"<p>{self.tr('个人缴费合计')}<br><span style='font-size:16pt; font-weight:bold'>"
            f"{fmt_yuan(t.individual)}</span></p>",
            "<table cellspacing='0' cellpadding='2'>",
            self._line(self.tr("计费人数"), f"{t.members}"),
            self._line(self.tr("户数"), f"{r.quoted_households}"),
            self._line(self.tr("问题行(未计费)"), f"{len(r.bad_rows)}", bad=bool(r.bad_rows)),
            self._line(self.tr("困难群众人数"), f"{t.aid_members}"),
            self._line(self.tr("政府代缴个人部分"), fmt_yuan(t.exempted)),
            self._line(self.tr("缴费标准合计"), fmt_yuan(t.standard)),
            "</table>",
            f"<p><b>{self.tr('按参保类别')}</b></p><table cellspacing='0' cellpadding='2'>",
        ]
        for c, ct in r.by_category:
            lines.append(self._line(CATEGORY_LABELS[c], fmt_yuan(ct.individual), self.tr("{n}人").format(n=ct.members)))
        lines.append(f"</table><p><b>{self.tr('按所属区')}</b></p><table cellspacing='0' cellpadding='2'>")
        for d, dtot in r.by_district:
            lines.append(
                self._line(DISTRICT_LABELS[d], fmt_yuan(dtot.individual), self.tr("{n}人").format(n=dtot.members))
            )
        lines.append("</table>")
        lines.append(f"<p style='color:#555'>{r.age_rule}</p>")
        return "".join(lines)

    @staticmethod
    def _line(label: str, value: str, count: str = "", *, bad: bool = False) -> str:
        style = " style='color:#a4000f'" if bad else ""
        return (
            f"<tr><td>{label}</td><td align='right'>&nbsp;{count}</td>"
            f"<td align='right'{style}>&nbsp;&nbsp;{value}</td></tr>"
        )

    # ------------------------------------------------------------------ export and print

    def choose_export(self) -> None:
        if self.result is None:
            return
        stem = Path(self.result.source).stem
        # beside the roster it came from: that is where the clerk keeps the village's files
        folder = self.path.parent if self.path is not None and self.path.parent.is_dir() else Path.home()
        suggested = str(folder / f"{stem}_{self.result.policy_year}年度测算.xlsx")
        name, _ = QFileDialog.getSaveFileName(self, self.tr("导出Excel"), suggested, "Excel (*.xlsx)")
        if name:
            self.export_to(Path(name))

    def export_to(self, path: Path) -> bool:
        """Write the workbook; the message line says where, or why not."""
        if self.result is None:
            return False
        if path.suffix.lower() != ".xlsx":
            path = path.with_suffix(".xlsx")
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            export_xlsx(self.result, path, full_id=self.full_id.isChecked())
        except RosterReadError as exc:
            self._set_message(str(exc), error=True)
            return False
        finally:
            QApplication.restoreOverrideCursor()
        self._set_message(self.tr("已导出:{path}").format(path=path))
        return True

    def save_template(self) -> None:
        suggested = str(Path.home() / "村组名册模板.xlsx")
        name, _ = QFileDialog.getSaveFileName(self, self.tr("另存空白名册模板"), suggested, "Excel (*.xlsx)")
        if name:
            try:
                atomic.atomic_copy(resource("roster_template.xlsx"), name)
            except OSError as exc:
                self._set_message(self.tr("无法保存模板:{why}").format(why=os_reason(exc)), error=True)
                return
            self._set_message(self.tr("模板已保存:{path}").format(path=name))

    def register_document(self) -> QTextDocument | None:
        """The printable register (IDs masked) as a document, in the slips' Chinese font."""
        if self.result is None:
            return None
        from desktop.ui.printing import slip_font

        doc = QTextDocument(self)
        doc.setDefaultFont(slip_font(9))
        doc.setHtml(register_html(self.result))
        return doc

    @staticmethod
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

    def preview_register(self) -> None:
        if self.result is None:
            return
        members = self.result.total.members
        if members > LARGE_REGISTER:
            answer = QMessageBox.question(
                self,
                self.tr("打印名册"),
                self.tr("名册共 {n} 人,登记册约 {pages} 页,生成预览需要一些时间(约每千人 1-2 秒)。继续吗?").format(
                    n=members, pages=members // 11 + 1
                ),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            doc = self.register_document()
        finally:
            QApplication.restoreOverrideCursor()
        if doc is None:
            return
        printer = self.register_printer()
        printer.setDocName(self.tr("参保缴费登记册"))
        dialog = QPrintPreviewDialog(printer, self)
        dialog.setWindowTitle(self.tr("打印名册 — 预览"))
        dialog.paintRequested.connect(doc.print_)
        dialog.resize(1100, 760)
        dialog.exec()

    # ------------------------------------------------------------------ WorkTab API

    def slip(self) -> Slip | None:
        """The roster's totals on one slip (no names or ID numbers: those are in the register)."""
        r = self.result
        if r is None:
            return None
        entry = self.entry
        t = r.total
        table: list[tuple[str, ...]] = [
            (self.tr("参保类别"), self.tr("人数"), self.tr("个人缴费"), self.tr("政府代缴"))
        ]
        table += [
            (CATEGORY_LABELS[c], str(ct.members), f"{ct.individual:,.2f}", f"{ct.exempted:,.2f}")
            for c, ct in r.by_category
        ]
        return Slip(
            title=self.tr("村组名册缴费汇总"),
            policy_year=r.policy_year,
            data_version=r.data_version,
            data_hash=entry.short_hash,
            inputs=(
                (self.tr("名册"), r.source),
                (self.tr("行数"), str(len(r.rows))),
                (self.tr("户数"), str(r.quoted_households)),
                (self.tr("计费人数"), str(t.members)),
                (self.tr("问题行(未计费)"), str(len(r.bad_rows))),
                (self.tr("困难群众人数"), str(t.aid_members)),
            ),
            amounts=(
                SlipAmount(self.tr("个人缴费合计"), t.individual, emphasis=True),
                SlipAmount(self.tr("政府代缴困难群众个人部分"), t.exempted),
                SlipAmount(self.tr("缴费标准合计"), t.standard),
            ),
            notes=(r.age_rule,),
            table=tuple(table),
        )

    def to_case(self) -> dict[str, Any]:
        return {
            "path": str(self.path) if self.path else None,
            "mapping": self.mapping.as_dict() if self.mapping else None,
            "default_district": self.default_district(),
            "full_id": self.full_id.isChecked(),
            # corrections hold the clerk's typing (an ID number too): a case file is the clerk's own
            "corrections": {str(row): dict(fields) for row, fields in self.corrections.items()},
        }

    def load_case(self, data: dict[str, Any]) -> None:
        self.clear()
        district = data.get("default_district")
        self._set_default_district(district if district in DISTRICTS else None)
        self.full_id.setChecked(bool(data.get("full_id", False)))
        path = data.get("path")
        if not path:
            return
        if not Path(path).is_file():
            self._set_message(self.tr("上次的名册文件已不在:{file}").format(file=Path(path).name), error=True)
            return
        mapping = data.get("mapping")
        self.import_file(
            Path(path),
            ColumnMapping.from_dict(mapping) if isinstance(mapping, dict) else None,
            _corrections(data.get("corrections")),
        )

    def clear(self) -> None:
        self.wait_idle()
        self.path = self.table = self.mapping = self.result = None
        self.corrections = {}
        self.only_bad.setChecked(False)
        self._set_message("")
        self._show_result()


def _with_cell(table: RawTable, row: int, column: int, text: str) -> RawTable:
    """``table`` with one cell of the row numbered ``row`` in the file replaced."""
    rows = tuple(
        (n, cells[:column] + (text,) + cells[column + 1 :]) if n == row and column < len(cells) else (n, cells)
        for n, cells in table.rows
    )
    return replace(table, rows=rows)


def _corrections(value: Any) -> dict[int, dict[str, str]]:
    """Corrections from a saved case; anything malformed is left out rather than failing the open."""
    out: dict[int, dict[str, str]] = {}
    if not isinstance(value, dict):
        return out
    for row, fields in list(value.items())[:10_000]:
        if not isinstance(fields, dict) or not str(row).isdigit():
            continue
        kept = {f: str(t)[:MAX_CELL] for f, t in fields.items() if f in FIELD_OF_COLUMN.values() and isinstance(t, str)}
        if kept:
            out[int(row)] = kept
    return out
