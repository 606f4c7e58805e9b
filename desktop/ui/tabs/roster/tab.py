"""村组名册: import a village's household list, see every row checked and quoted, export and print.

Reading and checking run in a worker thread (a 10,000-row file takes about a second) with a
progress bar and a 取消 button; the core does all the work, this tab only shows its result.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core.policy.kinds import District
from desktop.core.policy.loader import PolicySet
from desktop.core.policy.names import district_names
from desktop.core.roster import (
    ColumnMapping,
    MappingGuess,
    RawTable,
    RosterResult,
    detect_mapping,
)
from desktop.core.roster.common import cell_text
from desktop.core.slip import Slip
from desktop.core.slips.roster import roster_slip
from desktop.core.staleness import staleness_message
from desktop.ui import file_dialogs
from desktop.ui.tab_base import FROM_SESSION, WorkTab
from desktop.ui.tabs.roster import output
from desktop.ui.tabs.roster.job import JobFn, JobRow, check_job, read_job
from desktop.ui.tabs.roster.mapping_dialog import RosterMappingDialog
from desktop.ui.tabs.roster.model import (
    CORRECTABLE_FIELDS,
    MAX_CELL,
    corrections_from_case,
    with_cell,
)
from desktop.ui.tabs.roster.output import export_suggestion, write_export
from desktop.ui.tabs.roster.summary import result_message
from desktop.ui.tabs.roster.view import ERROR_STYLE, RosterResults


class RosterTab(WorkTab):
    """The toolbar, the progress row, the message line and the result area; the import flow."""

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
        #: the file as read, before any correction (what the export and the register say it said)
        self.file_table: RawTable | None = None
        self.mapping: ColumnMapping | None = None
        self.result: RosterResult | None = None
        #: cells corrected in the window: {row number in the file: {field: text}}; the file is not changed
        self.corrections: dict[int, dict[str, str]] = {}
        self._rebuild_pending = False
        self._corrected_row: int | None = None
        #: the saved roster of the last session, not read again until the clerk asks (a file outside
        #: the data folder must never be read at start: a hostile one would stop every start)
        self.deferred: dict[str, Any] | None = None
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
        self._fill_districts(None)
        self.district_combo.currentIndexChanged.connect(self._district_changed)
        bar.addWidget(self.district_combo)
        bar.addStretch(1)
        self.only_bad = QCheckBox(self.tr("只看问题行"))
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

        self.progress_row = JobRow(self.tr("已取消导入,名册未改变"))
        self.progress_row.busy_changed.connect(self._update_actions)
        self.progress_row.failed.connect(self._job_failed)
        self.cancel_button = self.progress_row.cancel_button
        root.addWidget(self.progress_row)

        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setObjectName("roster_message")
        self.reread_button = QPushButton(self.tr("重新读取上次的名册"))
        self.reread_button.setObjectName("roster_reread")
        self.reread_button.clicked.connect(self.reread_deferred)
        self.reread_button.hide()
        message_row = QHBoxLayout()
        message_row.addWidget(self.message, 1)
        message_row.addWidget(self.reread_button)
        root.addLayout(message_row)

        self.results = RosterResults()
        self.results.choices.use_year(self.policy)
        self.results.model.corrected.connect(self._cell_corrected)
        # the result area's parts under the names the tab has always had
        self.model, self.proxy, self.view = self.results.model, self.results.proxy, self.results.view
        self.row_detail, self.totals = self.results.row_detail, self.results.totals
        self.only_bad.toggled.connect(self.proxy.set_only_bad)
        root.addWidget(self.results, 1)

    # ------------------------------------------------------------------ importing

    def confirm_discard(self) -> bool:
        """Before another file replaces this one: corrections made in the window would be lost.

        The clerk may export them first (the export carries them, marked), drop them, or stay."""
        if not self.corrections or self.result is None:
            return True
        cells = sum(len(fields) for fields in self.corrections.values())
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("导入另一份名册"),
            self.tr(
                "当前名册有 {rows} 行({cells} 处)是在本机更正的,原名册文件并未改动。"
                "导入另一份名册会放弃这些更正。\n\n要先导出Excel保存更正吗?"
            ).format(rows=len(self.corrections), cells=cells),
            parent=self,
        )
        export = box.addButton(self.tr("先导出Excel"), QMessageBox.ButtonRole.AcceptRole)
        discard = box.addButton(self.tr("放弃更正,继续导入"), QMessageBox.ButtonRole.DestructiveRole)
        cancel = box.addButton(self.tr("取消"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(export)
        box.setEscapeButton(cancel)
        box.exec()
        clicked = box.clickedButton()
        if clicked is export:
            return self.choose_export()
        return clicked is discard

    def choose_file(self) -> None:
        if not self.confirm_discard():
            return
        name, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("选择村组名册"),
            file_dialogs.start(),
            self.tr("名册 (*.xlsx *.xls *.csv);;Excel (*.xlsx *.xls);;CSV (*.csv)"),
        )
        if name:
            file_dialogs.remember(name)
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
        self.results.clear_row()
        self._start(
            self.tr("正在读取 {file}…").format(file=target.name),
            read_job(target),
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
        self.path, self.table, self.file_table, self.mapping = path, table, table, mapping
        self.corrections = corrections
        self._apply_corrections()
        self._build()

    def ask_mapping(self, table: RawTable, guess: MappingGuess) -> tuple[ColumnMapping, District | None] | None:
        """The column-mapping dialog; None when the clerk cancels."""
        dialog = RosterMappingDialog(table, guess, self.default_district(), self, districts=district_names(self.policy))
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.mapping(), dialog.default_district()

    def _build(self) -> None:
        table, mapping = self.table, self.mapping
        if table is None or mapping is None:
            return
        policy = self.policy
        stale = staleness_message(self.policies, policy.policy_year, self.today)
        self._start(
            self.tr("正在核对和测算 {n} 行…").format(n=len(table.rows)),
            check_job(policy, table, mapping, self.default_district(), self.entry.sha256, stale, self._originals()),
            self._built,
        )

    def _originals(self) -> dict[int, dict[str, str]]:
        """What the file said in each corrected cell (only cells whose text really changed)."""
        original, mapping = self.file_table, self.mapping
        if original is None or mapping is None:
            return {}
        cells = dict(original.rows)
        out: dict[int, dict[str, str]] = {}
        for row, fields in self.corrections.items():
            for field, text in fields.items():
                column = mapping.get(field)
                row_cells = cells.get(row, ())
                if column is None or column >= len(row_cells):
                    continue
                before = cell_text(row_cells[column])
                if before != text:
                    out.setdefault(row, {})[field] = before
        return out

    def _apply_corrections(self) -> None:
        """Corrections kept in a saved case, applied again to the file just read."""
        if self.table is None or self.mapping is None:
            return
        for row, fields in self.corrections.items():
            for field, text in fields.items():
                column = self.mapping.get(field)
                if column is not None:
                    self.table = with_cell(self.table, row, column, text[:MAX_CELL])

    def _built(self, result: RosterResult) -> None:
        self.result = result
        self.row_detail.clear()
        self._show_result()
        row, self._corrected_row = self._corrected_row, None
        if row is not None:
            self.results.select_file_row(row)
        if self._rebuild_pending:
            self._rebuild_pending = False
            self._build()
            return
        self.imported.emit()
        self.changed.emit()

    def _start(self, label: str, fn: JobFn, done: Callable[[Any], None]) -> None:
        self.progress_row.start(label, fn, done)

    def _job_failed(self, message: str) -> None:
        self._rebuild_pending = False
        self._finish_failed(message)

    def _finish_failed(self, message: str) -> None:
        self.progress_row.hide()
        self._set_message(message, error=True)
        self._update_actions()
        self.import_failed.emit(message)

    def cancel_import(self) -> None:
        self.progress_row.cancel()

    @property
    def busy(self) -> bool:
        return self.progress_row.busy

    def wait_idle(self) -> None:
        """Stop the worker and wait for it (before the application quits, and in clear())."""
        self.progress_row.wait_idle()

    # ------------------------------------------------------------------ district, year, filter

    def default_district(self) -> District | None:
        value = self.district_combo.currentData()
        return value if value in district_names(self.policy) else None

    def _fill_districts(self, district: District | None) -> None:
        """The year's districts (its document's list) after “不指定”; ``district`` chosen when the year has it."""
        self.district_combo.blockSignals(True)
        try:
            self.district_combo.clear()
            self.district_combo.addItem(self.tr("(不指定)"), None)
            for d, name in district_names(self.policy).items():
                self.district_combo.addItem(name, d)
            index = self.district_combo.findData(district) if district is not None else 0
            self.district_combo.setCurrentIndex(max(index, 0))
        finally:
            self.district_combo.blockSignals(False)

    def _set_default_district(self, district: District | None) -> None:
        self._fill_districts(district)

    def set_policy_year(self, year: int) -> None:
        """Another year: its own districts in the list (the chosen one kept when the year has it)."""
        chosen = self.district_combo.currentData()
        self.entry = self.policies.entry(year)
        self._fill_districts(chosen)
        self.results.choices.use_year(self.policy)
        self.recompute()

    def _district_changed(self) -> None:
        self.recompute()

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
        self.table = with_cell(self.table, row, column, text)
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
        r, mapping = self.result, self.mapping
        editable = frozenset(f for f in CORRECTABLE_FIELDS if mapping is not None and mapping.get(f) is not None)
        self.results.show_result(r, editable)
        self._update_actions()
        if r is not None:
            self._set_message(result_message(r, self.corrections), error=False)

    # ------------------------------------------------------------------ export and print

    def choose_export(self) -> bool:
        """Ask where and export; True when the workbook was written."""
        if self.result is None:
            return False
        suggested = export_suggestion(self.result, self.path)
        name, _ = QFileDialog.getSaveFileName(self, self.tr("导出Excel"), suggested, "Excel (*.xlsx)")
        if name:
            file_dialogs.remember(name)
        return bool(name) and self.export_to(Path(name))

    def export_to(self, path: Path) -> bool:
        """Write the workbook; the message line says where, or why not."""
        if self.result is None:
            return False
        message, error = write_export(self.result, path, full_id=self.full_id.isChecked(), source=self.path)
        self._set_message(message, error=error)
        return not error

    def save_template(self) -> None:
        said = output.save_template(self)
        if said is not None:
            self._set_message(said[0], error=said[1])

    def register_document(self) -> QTextDocument | None:
        """The printable register (IDs masked) as a document, in the slips' Chinese font."""
        return None if self.result is None else output.register_document(self.result, self)

    register_printer = staticmethod(output.register_printer)

    def preview_register(self) -> None:
        if self.result is not None:
            output.preview_register(self.result, self)

    # ------------------------------------------------------------------ WorkTab API

    def slip(self) -> Slip | None:
        """The roster's totals on one slip (no names or ID numbers: those are in the register)."""
        return None if self.result is None else roster_slip(self.result, self.entry.short_hash)

    def to_case(self) -> dict[str, Any]:
        if self.deferred is not None and self.path is None:
            return dict(self.deferred)  # not read again yet: kept as it was saved
        return {
            "path": str(self.path) if self.path else None,
            "mapping": self.mapping.as_dict() if self.mapping else None,
            "default_district": self.default_district(),
            "full_id": self.full_id.isChecked(),
            # corrections hold the clerk's typing (an ID number too): a case file is the clerk's own
            "corrections": {str(row): dict(fields) for row, fields in self.corrections.items()},
        }

    def load_case(self, data: dict[str, Any]) -> None:
        """Restore a saved roster. From a case file the clerk opened, the roster is read again at
        once; from the session at start (``FROM_SESSION`` set), only when the clerk asks."""
        self.clear()
        data = dict(data)
        from_session = bool(data.pop(FROM_SESSION, False))
        district = data.get("default_district")
        self._set_default_district(district if isinstance(district, str) else None)
        self.full_id.setChecked(bool(data.get("full_id", False)))
        path = data.get("path")
        if not path or not isinstance(path, str):
            return
        if from_session:
            self.deferred = data
            self._set_message(
                self.tr("上次导入的名册:{file}。启动时不会自动读取名册文件;需要时请点“重新读取上次的名册”。").format(
                    file=Path(path).name
                )
            )
            self.reread_button.show()
            return
        self._import_saved(data)

    def reread_deferred(self) -> None:
        """The clerk asked to read the last session's roster again."""
        data, self.deferred = self.deferred, None
        self.reread_button.hide()
        if data is not None:
            self._import_saved(data)

    def _import_saved(self, data: dict[str, Any]) -> None:
        path = str(data.get("path"))
        if not Path(path).is_file():
            self._set_message(self.tr("上次的名册文件已不在:{file}").format(file=Path(path).name), error=True)
            return
        mapping = data.get("mapping")
        self.import_file(
            Path(path),
            ColumnMapping.from_dict(mapping) if isinstance(mapping, dict) else None,
            corrections_from_case(data.get("corrections")),
        )

    def clear(self) -> None:
        self.wait_idle()
        self.deferred = None
        self.reread_button.hide()
        self.path = self.table = self.file_table = self.mapping = self.result = None
        self.corrections = {}
        self.only_bad.setChecked(False)
        self._set_message("")
        self._show_result()
