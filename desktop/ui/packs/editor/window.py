"""工具 → 制作政策包…: the policy officer's window for next year's pack.

Everything is decided in desktop.core.packs.draft (rows, confirmation, the one check, saving)
and the existing pack code (template, build, signing, install); this window shows the draft's
rows beside the notice's text and writes what the officer types back into the draft.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

from PySide6.QtCore import QEvent, QItemSelectionModel, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent, QKeySequence, QShortcut, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.core import packs
from desktop.core.packs.draft import (
    ITEM,
    OMITTED,
    STATUS_WORDS,
    STATUSES,
    Draft,
    DraftError,
    Row,
    base_year_of,
    default_path,
)
from desktop.ui.packs.editor.model import DraftModel, name_of
from desktop.ui.packs.models import WARN_FOREGROUND, ChangesModel, stretch_table, tr

log = logging.getLogger(__name__)

#: how long after the last keystroke the draft is checked and saved
SAVE_DELAY_MS = 400
#: how long a selection in the notice must stay put before it becomes the quote
SELECT_DELAY_MS = 500


class PackEditor(QDialog):
    """制作政策包."""

    #: a pack was installed from here: the main window reloads its policies
    packs_changed = Signal()

    def __init__(self, parent: QWidget | None = None, today: dt.date | None = None, draft: Draft | None = None):
        super().__init__(parent)
        self.setWindowFlag(Qt.WindowType.Window, True)
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self._today = today or dt.date.today()
        self._loading = False
        #: the row's quote before a settled selection replaced it: (row, quote, span, start, end)
        self._auto_quote: tuple[Row, str, tuple[int, int] | None, int, int] | None = None
        self.last_pack: Path | None = None
        self.result_ = packs.load_all(self._today)
        self.setWindowTitle(tr("制作政策包"))

        # ---- what the draft is, and the new notice's details
        self.base_label = QLabel()
        self.base_label.setWordWrap(True)
        self.new_button = QPushButton(tr("换底稿…"))
        self.open_button = QPushButton(tr("打开政策包或草稿…"))
        self.notice_button = QPushButton(tr("打开通知文件…"))
        self.paste_button = QPushButton(tr("粘贴通知文本"))
        self.propose_button = QPushButton(tr("从通知找建议值"))
        top = QHBoxLayout()
        top.addWidget(self.base_label, 1)
        for b in (self.new_button, self.open_button, self.notice_button, self.paste_button, self.propose_button):
            top.addWidget(b)

        self.version_edit = QLineEdit()
        self.title_edit = QLineEdit()
        self.issuer_edit = QLineEdit()
        self.issued_edit = QLineEdit()
        self.issued_edit.setPlaceholderText(tr("如 2025-10-14"))
        notice_form = QHBoxLayout()
        for text, edit, stretch in (
            (tr("数据版本"), self.version_edit, 0),
            (tr("通知标题"), self.title_edit, 3),
            (tr("发文单位"), self.issuer_edit, 2),
            (tr("发文日期"), self.issued_edit, 0),
        ):
            label = QLabel(text)
            label.setBuddy(edit)
            notice_form.addWidget(label)
            notice_form.addWidget(edit, stretch)
        self.version_edit.setMaximumWidth(90)
        self.issued_edit.setMaximumWidth(120)

        self.filter_combo = QComboBox()
        for key in DraftModel.FILTERS:
            self.filter_combo.addItem(tr(DraftModel.FILTER_WORDS[key]), key)
        filter_label = QLabel(tr("显示(&S)"))
        filter_label.setBuddy(self.filter_combo)
        self.progress_label = QLabel()
        self.general_label = QLabel()
        self.general_label.setWordWrap(True)
        self.general_label.setStyleSheet(f"color: {WARN_FOREGROUND.name()}")
        self.save_label = QLabel()

        # ---- the table
        self.table = QTableView()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)

        # ---- the notice and the row's details
        self.notice_view = QTextEdit()
        self.notice_view.setReadOnly(True)
        self.notice_view.setPlaceholderText(
            tr("新通知的文本:点“打开通知文件…”或“粘贴通知文本”。在这里选中一段文字,可填入当前项目的“原文”。")
        )
        self.use_quote_button = QPushButton(tr("选中文字填入原文"))
        self.row_title = QLabel()
        self.row_title.setWordWrap(True)
        self.value_edit = QPlainTextEdit()
        self.value_edit.setTabChangesFocus(True)
        self.value_edit.setMaximumHeight(52)
        self.status_combo = QComboBox()
        self.clause_edit = QLineEdit()
        self.quote_edit = QPlainTextEdit()
        self.quote_edit.setTabChangesFocus(True)
        self.quote_edit.setMaximumHeight(46)
        self.reason_edit = QLineEdit()
        self.source_edit = QLineEdit()
        self.row_problem = QLabel()
        self.row_problem.setWordWrap(True)
        self.row_problem.setStyleSheet(f"color: {WARN_FOREGROUND.name()}")
        self.reading_combo = QComboBox()
        self.new_reading_button = QPushButton(tr("新建解读…"))
        reading_row = QHBoxLayout()
        reading_row.addWidget(self.reading_combo, 1)
        reading_row.addWidget(self.new_reading_button)
        self.reading_title = QLabel()
        self.reading_title.setWordWrap(True)
        self.reading_edit = QPlainTextEdit()
        self.reading_edit.setTabChangesFocus(True)
        self.reading_edit.setMaximumHeight(52)
        # the notices' words the reading reads: one line per quote (which notice, its clause, the words)
        self.reading_quotes = QTableWidget(0, 3)
        self.reading_quotes.setHorizontalHeaderLabels([tr("通知"), tr("条款"), tr("原文(一字不差)")])
        self.reading_quotes.verticalHeader().setVisible(False)
        self.reading_quotes.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.reading_quotes.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.reading_quotes.setWordWrap(True)
        self.reading_quotes.setTabKeyNavigation(False)
        quotes_header = self.reading_quotes.horizontalHeader()
        quotes_header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        quotes_header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        quotes_header.setStretchLastSection(True)
        self.add_reading_quote_button = QPushButton(tr("加入通知中选中的文字"))
        self.add_reading_quote_button.setToolTip(
            tr("在右上方的通知里选中这条解读所读的原话,点这里加入(条款按选中处自动填写,请核对)")
        )
        self.remove_reading_quote_button = QPushButton(tr("删除所选原文"))
        self.reading_note_edit = QLineEdit()
        self.reading_note_edit.setPlaceholderText(tr("通知没有写什么(用本程序的话说明,不作为原文显示)"))
        reading_sources = QWidget()
        rs = QVBoxLayout(reading_sources)
        rs.setContentsMargins(0, 0, 0, 0)
        rs.setSpacing(2)
        rs.addWidget(self.reading_quotes)
        quote_buttons = QHBoxLayout()
        quote_buttons.addWidget(self.add_reading_quote_button)
        quote_buttons.addWidget(self.remove_reading_quote_button)
        quote_buttons.addStretch(1)
        rs.addLayout(quote_buttons)
        self.reading_sources = reading_sources
        self.reading_drop = QCheckBox(tr("删除这条解读(依据它的项目不再引用它)"))
        self.confirm_button = QPushButton(tr("确认本项(空格)"))
        self.take_button = QPushButton(tr("采用通知中的数值"))

        form = QFormLayout()
        self.detail_form = form
        form.setVerticalSpacing(3)
        form.addRow(tr("新数值"), self.value_edit)
        form.addRow(tr("来源"), self.status_combo)
        form.addRow(tr("条款"), self.clause_edit)
        form.addRow(tr("原文"), self.quote_edit)
        form.addRow(tr("理由"), self.reason_edit)
        form.addRow(tr("外部依据"), self.source_edit)
        form.addRow(tr("依据解读"), reading_row)
        form.addRow(self.reading_title)
        form.addRow(tr("所读原文"), self.reading_sources)
        form.addRow(tr("说明"), self.reading_note_edit)
        form.addRow(tr("解读"), self.reading_edit)
        form.addRow(self.reading_drop)
        detail = QWidget()
        dl = QVBoxLayout(detail)
        dl.setContentsMargins(0, 0, 0, 0)
        dl.addWidget(self.row_title)
        dl.addLayout(form)
        dl.addWidget(self.row_problem)
        buttons_row = QHBoxLayout()
        buttons_row.addWidget(self.take_button)
        buttons_row.addStretch(1)
        buttons_row.addWidget(self.confirm_button)
        dl.addLayout(buttons_row)

        notice_box = QWidget()
        nl = QVBoxLayout(notice_box)
        nl.setContentsMargins(0, 0, 0, 0)
        nl.addWidget(self.notice_view, 1)
        nl.addWidget(self.use_quote_button)
        # the row's details scroll on their own, so the window fits a 1366x768 screen in 大字模式
        self.detail_scroll = detail_scroll = QScrollArea()
        detail_scroll.setWidgetResizable(True)
        detail_scroll.setFrameShape(QFrame.Shape.NoFrame)
        detail_scroll.setWidget(detail)
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(notice_box)
        right.addWidget(detail_scroll)
        right.setStretchFactor(0, 1)
        right.setStretchFactor(1, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([800, 520])
        right.setSizes([330, 370])

        # ---- building
        self.changes_button = QPushButton(tr("与上年相比的变化…"))
        self.build_button = QPushButton(tr("生成政策包…"))
        self.install_button = QPushButton(tr("安装到本机"))
        self.install_button.setEnabled(False)
        self.close_button = QPushButton(tr("关闭"))
        self.key_button = QPushButton(tr("签名密钥"))
        key_menu = QMenu(self.key_button)
        self.export_public_action = key_menu.addAction(tr("导出公钥(发给各窗口)…"))
        self.backup_action = key_menu.addAction(tr("备份签名私钥…"))
        self.export_public_action.triggered.connect(self.export_public_key)
        self.backup_action.triggered.connect(self.backup_private_key)
        self.key_button.setMenu(key_menu)
        bottom = QHBoxLayout()
        bottom.addWidget(filter_label)
        bottom.addWidget(self.filter_combo)
        bottom.addWidget(self.progress_label)
        bottom.addWidget(self.save_label, 1)
        for b in (self.key_button, self.changes_button, self.build_button, self.install_button, self.close_button):
            bottom.addWidget(b)

        layout = QVBoxLayout(self)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addLayout(notice_form)
        layout.addWidget(self.general_label)
        layout.addWidget(self.splitter, 1)
        layout.addLayout(bottom)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SAVE_DELAY_MS)
        self._timer.timeout.connect(self.check_and_save)
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.flush)
        # text selected in the notice becomes the current row's quote once the selection settles
        self._quote_timer = QTimer(self)
        self._quote_timer.setSingleShot(True)
        self._quote_timer.setInterval(SELECT_DELAY_MS)
        self._quote_timer.timeout.connect(self._selection_settled)

        for status in STATUSES:
            self.status_combo.addItem(tr(STATUS_WORDS[status]), status)
        self.status_combo.addItem(tr(STATUS_WORDS[OMITTED]), OMITTED)

        self.new_button.clicked.connect(self.choose_base)
        self.open_button.clicked.connect(self.choose_pack)
        self.notice_button.clicked.connect(self.choose_notice)
        self.paste_button.clicked.connect(self.paste_notice)
        self.propose_button.clicked.connect(self.propose)
        self.use_quote_button.clicked.connect(self.quote_from_selection)
        self.confirm_button.clicked.connect(self.toggle_confirm)
        self.take_button.clicked.connect(self.take_proposal)
        self.changes_button.clicked.connect(self.show_changes)
        self.build_button.clicked.connect(self.build)
        self.install_button.clicked.connect(self.install)
        self.close_button.clicked.connect(self.close)
        self.filter_combo.activated.connect(self._filter_chosen)
        for edit in (self.version_edit, self.title_edit, self.issuer_edit, self.issued_edit):
            edit.textEdited.connect(self._header_edited)
        self.value_edit.textChanged.connect(lambda: self._row_edited("value", self.value_edit.toPlainText()))
        self.clause_edit.textEdited.connect(lambda t: self._row_edited("clause", t))
        self.quote_edit.textChanged.connect(lambda: self._row_edited("quote", self.quote_edit.toPlainText()))
        self.reason_edit.textEdited.connect(lambda t: self._row_edited("reason", t))
        self.source_edit.textEdited.connect(lambda t: self._row_edited("outside_source", t))
        self.status_combo.activated.connect(self._status_chosen)
        self.reading_edit.textChanged.connect(self._reading_edited)
        self.reading_drop.toggled.connect(self._reading_dropped)
        self.reading_combo.activated.connect(self._reading_chosen)
        self.new_reading_button.clicked.connect(self.new_reading)
        self.reading_note_edit.textEdited.connect(self._reading_note_edited)
        self.reading_quotes.itemChanged.connect(self._reading_quote_edited)
        self.reading_quotes.itemSelectionChanged.connect(self._reading_quote_selected)
        self.add_reading_quote_button.clicked.connect(self.add_reading_quote)
        self.remove_reading_quote_button.clicked.connect(self.remove_reading_quote)
        self.notice_view.selectionChanged.connect(self._notice_selection)

        # one key per row: Space in the table, Ctrl+Enter anywhere
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self.toggle_confirm)
        self.table.installEventFilter(self)
        self.reading_quotes.installEventFilter(self)

        self.draft = draft if draft is not None else self._initial_draft()
        self.model = DraftModel(self.draft, self)
        self.table.setModel(self.model)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_row())
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self._load_draft()

    def flush(self) -> None:
        """What was typed in the last moments, checked and saved now (closing, quitting)."""
        if self._timer.isActive():
            self.check_and_save()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.flush()
        super().closeEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Space in the table confirms the current row (and moves on), like a tick on paper."""
        if watched is self.reading_quotes and event.type() == QEvent.Type.Resize:
            QTimer.singleShot(0, self._fit_reading_quotes)  # the words wrap anew at the new width
        if watched is self.table and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if event.key() == Qt.Key.Key_Space and not event.modifiers():
                self.toggle_confirm()
                return True
        return super().eventFilter(watched, event)

    # ------------------------------------------------------------ the draft

    def _initial_draft(self) -> Draft:
        """The draft being worked on (saved in the data folder), else one for the year after the latest."""
        if default_path().exists():
            try:
                return Draft.load()
            except DraftError as exc:
                QMessageBox.warning(
                    self,
                    tr("制作政策包"),
                    tr("上次的草稿无法读取,已从最新年度重新开始。\n\n%1").replace("%1", exc.reason),
                )
        policies = self.result_.policies
        draft = Draft.next_year(policies[policies.years[-1]])
        draft.avoid_versions({row.data_version for row in self.result_.rows if row.year == draft.year})
        return draft

    def set_draft(self, draft: Draft) -> None:
        self.draft = draft
        self.model.draft = draft
        self.model.reset()
        self._load_draft()
        self.check_and_save()

    def _load_draft(self) -> None:
        self._loading = True
        d = self.draft
        what = tr("更正 %1 年度数据") if d.correcting else tr("%1 年度新政策包")
        self.base_label.setText(
            (what + tr("(底稿:%2 年度 %3)"))
            .replace("%1", str(d.year))
            .replace("%2", str(d.base_year))
            .replace("%3", d.base_version)
        )
        self.version_edit.setText(d.data_version)
        self.title_edit.setText(d.notice.get("title", ""))
        self.issuer_edit.setText(d.notice.get("issuer", ""))
        self.issued_edit.setText(d.notice.get("issued", ""))
        for line in (self.title_edit, self.issuer_edit):
            line.setCursorPosition(0)
        self.notice_view.setPlainText(d.notice_text)
        self._loading = False
        self.resize_columns()
        first = next((i for i in range(self.model.rowCount()) if self.model.row_at(i) is not None), 0)
        self.select_line(first)
        self.check_and_save(save=False)

    def resize_columns(self) -> None:
        widths = {
            DraftModel.COL_DONE: 4.5,
            DraftModel.COL_NAME: 10,
            DraftModel.COL_OLD: 8,
            DraftModel.COL_NEW: 9,
            DraftModel.COL_STATUS: 4.5,
            DraftModel.COL_CLAUSE: 7,
            DraftModel.COL_QUOTE: 9,
        }
        em = self.table.fontMetrics().horizontalAdvance("国")
        for col, chars in widths.items():
            self.table.setColumnWidth(col, int(chars * em))

    def current_row(self) -> Row | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def select_line(self, line: int) -> None:
        if 0 <= line < self.model.rowCount():
            index = self.model.index(line, DraftModel.COL_NAME)
            self.table.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
            )
            self.table.scrollTo(index)

    def select_path(self, path: str) -> None:
        line = self.model.line_of(self.draft.row(path))
        if line < 0:  # hidden by the filter: show every row
            self.filter_combo.setCurrentIndex(0)
            self.model.set_filter("all")
            line = self.model.line_of(self.draft.row(path))
        self.select_line(line)

    def _filter_chosen(self) -> None:
        row = self.current_row()
        self.model.set_filter(str(self.filter_combo.currentData()))
        line = self.model.line_of(row) if row is not None else -1
        if line < 0:
            line = next((i for i in range(self.model.rowCount()) if self.model.row_at(i) is not None), -1)
        self.select_line(line)
        self._show_row()

    def _changed(self) -> None:
        self.model.refresh()
        self._update_progress()
        self._timer.start()

    def check_and_save(self, save: bool = True) -> None:
        """The same checks as ``pack check``, shown at each row; the draft written to the data folder."""
        self._timer.stop()
        check = self.draft.check(self.taken_versions())
        self.model.set_check(check)
        self.general_label.setText(";".join(check.general))
        self.general_label.setVisible(bool(check.general))
        self._update_progress()
        self._show_problem()
        if save:
            try:
                self.draft.save()
            except DraftError as exc:
                self.save_label.setText(exc.reason)
                self.save_label.setStyleSheet(f"color: {WARN_FOREGROUND.name()}")
                return
            self.save_label.setStyleSheet("")
            self.save_label.setText(tr("草稿已自动保存"))

    def taken_versions(self) -> set[str]:
        """The data versions of the draft's year on this PC (bundled or installed): not to be used again."""
        return {row.data_version for row in self.result_.rows if row.year == self.draft.year}

    def _update_progress(self) -> None:
        done, total = self.draft.progress
        check = self.model.check_result
        problems = check.count if check is not None else 0
        text = tr("已核对 %1 / %2").replace("%1", str(done)).replace("%2", str(total))
        if problems:
            text += tr(",%1 个问题").replace("%1", str(problems))
        self.progress_label.setText(text)

    # ------------------------------------------------------------ one row

    def _show_row(self) -> None:
        row = self.current_row()
        self._loading = True
        enabled = row is not None
        for w in (
            self.value_edit,
            self.status_combo,
            self.clause_edit,
            self.quote_edit,
            self.reason_edit,
            self.source_edit,
            self.confirm_button,
        ):
            w.setEnabled(enabled)
        if row is None:
            self.row_title.setText("")
            self._loading = False
            return
        self.row_title.setText(f"<b>{row.section} · {name_of(row)}</b>")
        self.value_edit.setPlainText(row.value)
        item = row.kind.startswith(ITEM)
        self.status_combo.setEnabled(not item)
        omit = self.status_combo.model().item(self.status_combo.findData(OMITTED))  # type: ignore[attr-defined]
        omit.setEnabled(row.optional)
        at = self.status_combo.findData(row.status)
        self.status_combo.setCurrentIndex(at if at >= 0 else -1)
        self.clause_edit.setText(row.clause)
        self.quote_edit.setPlainText(row.quote)
        self.reason_edit.setText(row.reason)
        self.source_edit.setText(row.outside_source)
        for line in (self.clause_edit, self.reason_edit, self.source_edit):
            line.setCursorPosition(0)  # the start of a long reason, not its end
        for w in (self.clause_edit, self.quote_edit, self.reason_edit, self.source_edit):
            w.setEnabled(not item)
        self.take_button.setEnabled(row.found)
        self.take_button.setToolTip(row.note)
        self.take_button.setText(
            tr("采用通知中的数值:%1").replace("%1", row.proposed or "") if row.found else tr("通知中未找到")
        )
        self.confirm_button.setText(tr("取消确认(空格)") if row.confirmed else tr("确认本项(空格)"))
        self.reading_combo.clear()
        self.reading_combo.addItem(tr("(不依据解读)"), None)
        for r in self.draft.readings:
            if int(r["id"]) not in self.draft.dropped_readings:
                self.reading_combo.addItem(f"{r['id']} {r.get('title', '')}", int(r["id"]))
        at = self.reading_combo.findData(row.reading)
        self.reading_combo.setCurrentIndex(at if at >= 0 else 0)
        self.reading_combo.setEnabled(not item)
        self.new_reading_button.setEnabled(not item)
        reading = self.draft.reading(row.reading)
        for field in (self.reading_title, self.reading_sources, self.reading_note_edit, self.reading_edit):
            self.detail_form.setRowVisible(field, reading is not None)
        self.detail_form.setRowVisible(self.reading_drop, reading is not None)
        self._show_reading_quotes(reading)
        if reading is not None:
            resting = self.draft.rows_on_reading(int(reading["id"]))
            others = len(resting)
            self.reading_title.setToolTip("\n".join(f"{r.section} · {name_of(r)}" for r in resting))
            self.reading_title.setText(
                tr("依据解读 %1:%2(共 %3 项依据它)")
                .replace("%1", str(reading["id"]))
                .replace("%2", str(reading.get("title", "")))
                .replace("%3", str(others))
            )
            self.reading_edit.setPlainText(str(reading.get("reading", "")))
            self.reading_note_edit.setText(str(reading.get("note") or ""))
            self.reading_note_edit.setCursorPosition(0)
            self.reading_drop.setChecked(int(reading["id"]) in self.draft.dropped_readings)
        self._show_problem()
        self._loading = False
        self._highlight(row)

    def _show_problem(self) -> None:
        row = self.current_row()
        problems = self.model.problems(row) if row is not None else []
        self.row_problem.setText("\n".join(problems))

    def _highlight(self, row: Row) -> None:
        """Show and mark the row's sentence in the notice (its proposal's place, else its quote)."""
        text = self.draft.notice_text
        span = row.span
        if span is None and row.quote.strip():
            at = text.find(row.quote.strip())
            if at >= 0:
                span = (at, at + len(row.quote.strip()))
        cursor = QTextCursor(self.notice_view.document())
        cursor.select(QTextCursor.SelectionType.Document)
        cursor.setCharFormat(QTextCharFormat())
        if span is None:
            return
        mark = QTextCharFormat()
        mark.setBackground(Qt.GlobalColor.yellow)
        cursor.setPosition(span[0])
        cursor.setPosition(span[1], QTextCursor.MoveMode.KeepAnchor)
        cursor.setCharFormat(mark)
        view = QTextCursor(self.notice_view.document())
        view.setPosition(span[0])
        self.notice_view.setTextCursor(view)
        self.notice_view.ensureCursorVisible()

    def _row_edited(self, name: str, value: str) -> None:
        row = self.current_row()
        if self._loading or row is None:
            return
        self.draft.edit(row, **{name: value})
        self.confirm_button.setText(tr("确认本项(空格)"))
        self._changed()

    def _status_chosen(self) -> None:
        row = self.current_row()
        if self._loading or row is None:
            return
        try:
            self.draft.set_status(row, str(self.status_combo.currentData()))
        except DraftError as exc:
            QMessageBox.warning(self, tr("制作政策包"), exc.reason)
        self._show_row()
        self._changed()

    def _reading_edited(self) -> None:
        row = self.current_row()
        if self._loading or row is None or row.reading is None:
            return
        self.draft.set_reading(row.reading, reading=self.reading_edit.toPlainText())
        self._changed()

    def _reading_chosen(self) -> None:
        row = self.current_row()
        if self._loading or row is None:
            return
        number = self.reading_combo.currentData()
        self.draft.edit(row, reading=None if number is None else int(number))
        self._show_row()
        self._changed()

    def new_reading(self) -> None:
        """A reading of the new notice for the current row: its title and what it reads."""
        row = self.current_row()
        if row is None:
            return
        title, ok = QInputDialog.getText(self, tr("新建解读"), tr("解读的标题(一句话说明读法):"))
        if not ok or len(title.strip()) < 2:
            return
        text, ok = QInputDialog.getMultiLineText(self, tr("新建解读"), tr("解读的内容(通知怎么写、本程序怎么理解):"))
        if not ok or len(text.strip()) < 2:
            return
        self.draft.new_reading(row, title, text)
        self._show_row()
        self._changed()

    def _show_reading_quotes(self, reading: dict[str, object] | None) -> None:
        """The reading's quotes, one line each: the notice they stand in, their clause, the words."""
        was_loading, self._loading = self._loading, True
        table = self.reading_quotes
        table.setRowCount(0)
        if reading is not None:
            quotes = self.draft.reading_quotes(int(str(reading["id"])))
            names = self.draft.notice_names()
            own = self.draft.own_notice_id()
            table.setRowCount(len(quotes))
            for i, q in enumerate(quotes):
                notice = q.get("notice")
                other = bool(notice) and notice != own
                where = QTableWidgetItem(names.get(str(notice), str(notice)) if other else tr("新通知"))
                where.setFlags(where.flags() & ~Qt.ItemFlag.ItemIsEditable)
                where.setToolTip(
                    tr("这段原话出自 %1:本窗口没有它的文本,请对照该通知核对").replace("%1", where.text())
                    if other
                    else tr("这段原话出自新通知:程序会在新通知的文本里核对它一字不差")
                )
                table.setItem(i, 0, where)
                for col, name in ((1, "clause"), (2, "quote")):
                    item = QTableWidgetItem(str(q.get(name) or ""))
                    item.setToolTip(str(q.get(name) or ""))
                    table.setItem(i, col, item)
        self._fit_reading_quotes()
        self._reading_quote_selected()
        self._loading = was_loading

    def _fit_reading_quotes(self) -> None:
        """Each quote as high as its wrapped words; the table as high as its first three (the rest scroll)."""
        table = self.reading_quotes
        table.setColumnWidth(1, 6 * table.fontMetrics().horizontalAdvance("国"))
        table.resizeRowsToContents()
        shown = sum(table.rowHeight(i) for i in range(min(table.rowCount(), 3))) or table.fontMetrics().height() + 8
        height = table.horizontalHeader().sizeHint().height() + 2 * table.frameWidth() + shown
        if table.height() != height:
            table.setFixedHeight(height)

    def _reading_quote_selected(self) -> None:
        self.remove_reading_quote_button.setEnabled(bool(self.reading_quotes.selectedItems()))

    def _reading_quote_edited(self, item: QTableWidgetItem) -> None:
        row = self.current_row()
        if self._loading or row is None or row.reading is None or item.column() == 0:
            return
        name = "clause" if item.column() == 1 else "quote"
        self.draft.set_reading_quote(row.reading, item.row(), **{name: item.text()})
        self.confirm_button.setText(tr("确认本项(空格)"))
        self._changed()

    def add_reading_quote(self) -> None:
        """The words selected in the notice as another quote of the current row's reading."""
        row = self.current_row()
        cursor = self.notice_view.textCursor()
        if row is None or row.reading is None:
            return
        if not cursor.hasSelection():
            QMessageBox.information(
                self, tr("加入原文"), tr("请先在右上方的通知里选中这条解读所读的原话,再点“加入通知中选中的文字”。")
            )
            return
        start, end = cursor.selectionStart(), cursor.selectionEnd()
        self._undo_auto_quote(row, start, end)
        self.draft.add_reading_quote_from_notice(row.reading, start, end)
        self._show_row()
        self.reading_quotes.selectRow(self.reading_quotes.rowCount() - 1)
        self._changed()

    def remove_reading_quote(self) -> None:
        row = self.current_row()
        selected = self.reading_quotes.selectedItems()
        if row is None or row.reading is None or not selected:
            return
        self.draft.remove_reading_quote(row.reading, selected[0].row())
        self._show_row()
        self._changed()

    def _reading_note_edited(self, text: str) -> None:
        row = self.current_row()
        if self._loading or row is None or row.reading is None:
            return
        self.draft.set_reading(row.reading, note=text)
        self._changed()

    def _reading_dropped(self, dropped: bool) -> None:
        row = self.current_row()
        if self._loading or row is None or row.reading is None:
            return
        self.draft.drop_reading(row.reading, dropped)
        self._changed()

    def toggle_confirm(self) -> None:
        """Confirm (or un-confirm) the current row and go on to the next one."""
        row = self.current_row()
        if row is None:
            return
        self.draft.confirm(row, not row.confirmed)
        self._changed()
        if row.confirmed:
            line = self.model.line_of(row) + 1
            while line < self.model.rowCount() and self.model.row_at(line) is None:
                line += 1
            self.select_line(min(line, self.model.rowCount() - 1))
        else:
            self._show_row()

    def take_proposal(self) -> None:
        row = self.current_row()
        if row is None or not row.found:
            return
        self.draft.take_proposal(row)
        self._show_row()
        self._changed()

    # ------------------------------------------------------------ the notice

    def _header_edited(self) -> None:
        if self._loading:
            return
        self.draft.data_version = self.version_edit.text().strip()
        self.draft.notice.update(
            title=self.title_edit.text(), issuer=self.issuer_edit.text(), issued=self.issued_edit.text()
        )
        self._changed()

    def set_notice(self, text: str, name: str) -> None:
        try:
            self.draft.set_notice_text(text, name)
        except DraftError as exc:
            QMessageBox.warning(self, tr("制作政策包"), exc.reason)
            return
        self.notice_view.setPlainText(text)
        self._loading = True
        self.title_edit.setText(self.draft.notice.get("title", ""))
        self.title_edit.setCursorPosition(0)
        self._loading = False
        self.propose()

    def choose_notice(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, tr("选择新通知"), str(Path.home()), tr("通知 (*.txt *.docx *.pdf *.html *.htm);;所有文件 (*)")
        )
        if path:
            self.open_notice(Path(path))

    def open_notice(self, path: Path) -> None:
        from desktop.core.packs.notice_text import NoticeError, read_notice

        try:
            text = read_notice(path)
        except NoticeError as exc:
            QMessageBox.warning(self, tr("无法读取通知"), str(exc))
            return
        self.set_notice(text, path.name)

    def paste_notice(self) -> None:
        text = QApplication.clipboard().text()
        if not text.strip():
            QMessageBox.information(self, tr("粘贴通知文本"), tr("剪贴板里没有文字:请先在通知中全选并复制。"))
            return
        self.set_notice(text, tr("粘贴的通知文本"))

    def propose(self) -> None:
        base = base_year_of(self.draft, self.result_.policies)
        if base is None or not self.draft.notice_text.strip():
            return
        found = self.draft.propose(base)
        self.check_and_save()
        self._show_row()
        self.save_label.setText(tr("在通知中找到 %1 项建议值,逐项核对后确认").replace("%1", str(found)))

    def _notice_selection(self) -> None:
        selected = self.notice_view.textCursor().hasSelection()
        self.use_quote_button.setEnabled(selected)
        if selected and self.notice_view.hasFocus():
            self._quote_timer.start()

    def _selection_settled(self) -> None:
        cursor = self.notice_view.textCursor()
        if self.notice_view.hasFocus() and cursor.selectionEnd() - cursor.selectionStart() >= 2:
            self.quote_from_selection(auto=True)

    def quote_from_selection(self, auto: bool = False) -> None:
        cursor = self.notice_view.textCursor()
        row = self.current_row()
        if row is None or not cursor.hasSelection():
            return
        start, end = cursor.selectionStart(), cursor.selectionEnd()
        quote = self.draft.notice_text[start:end].strip()
        if quote == row.quote:
            return
        # a selection made for the row's reading fills the row's quote first: kept so it can be undone
        self._auto_quote = (row, row.quote, row.span, start, end) if auto else None
        self.draft.edit(row, quote=quote, span=(start, end))
        self._loading = True
        self.quote_edit.setPlainText(row.quote)
        self.confirm_button.setText(tr("确认本项(空格)"))
        self._loading = False
        self._changed()

    # ------------------------------------------------------------ choosing what to work on

    def _undo_auto_quote(self, row: Row, start: int, end: int) -> None:
        """The row's quote as it was before ``start:end`` was selected, when that selection filled
        it on its own (it was made for the reading, not for the row)."""
        auto, self._auto_quote = self._auto_quote, None
        if auto is None or auto[0] is not row or auto[3:] != (start, end):
            return
        self.draft.edit(row, quote=auto[1], span=auto[2])

    def may_replace(self) -> bool:
        """Replacing a draft with work in it is asked first (the old draft is not kept)."""
        done, total = self.draft.progress
        if done == 0:
            return True
        answer = QMessageBox.question(
            self,
            tr("换底稿"),
            tr("当前草稿(%1 年度 %2)已核对 %3 / %4 项,换掉后这些核对会丢失。确定要换吗?")
            .replace("%1", str(self.draft.year))
            .replace("%2", self.draft.data_version)
            .replace("%3", str(done))
            .replace("%4", str(total)),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def choose_base(self) -> None:
        if not self.may_replace():
            return
        years = self.result_.policies.years
        items = [tr("%1 年度 → 制作 %2 年度").replace("%1", str(y)).replace("%2", str(y + 1)) for y in years]
        items += [tr("更正 %1 年度(新的数据版本)").replace("%1", str(y)) for y in years]
        choice, ok = QInputDialog.getItem(
            self, tr("换底稿"), tr("从哪个年度开始(当前草稿会被替换):"), items, len(years) - 1, False
        )
        if not ok:
            return
        i = items.index(choice)
        year = years[i % len(years)]
        policy = self.result_.policies[year]
        draft = Draft.next_year(policy) if i < len(years) else Draft.correction(policy)
        draft.avoid_versions({row.data_version for row in self.result_.rows if row.year == draft.year})
        self.set_draft(draft)

    def choose_pack(self) -> None:
        if not self.may_replace():
            return
        path, _ = QFileDialog.getOpenFileName(
            self,
            tr("打开要更正的政策包或草稿"),
            str(Path.home()),
            tr("政策包或草稿 (*%1 *.json);;所有文件 (*)").replace("%1", packs.PACK_SUFFIX),
        )
        if not path:
            return
        if not path.endswith(packs.PACK_SUFFIX):
            try:
                self.set_draft(Draft.load(Path(path)))
            except DraftError as exc:
                QMessageBox.warning(self, tr("无法打开草稿"), exc.reason)
            return
        try:
            pack = packs.read_pack(Path(path))
        except packs.PackError as exc:
            QMessageBox.warning(self, tr("不能使用这个政策包"), exc.reason)
            return
        draft = Draft.from_pack(pack)
        draft.avoid_versions({row.data_version for row in self.result_.rows if row.year == draft.year})
        self.set_draft(draft)

    # ------------------------------------------------------------ building

    def show_changes(self) -> bool:
        base = base_year_of(self.draft, self.result_.policies)
        if base is None:
            QMessageBox.information(self, tr("与上年相比的变化"), tr("底稿年度已不在本机,无法比较。"))
            return True
        changes = self.draft.changes(base)
        dialog = QDialog(self)
        dialog.setWindowTitle(
            tr("与 %1 年度(%2)相比的变化").replace("%1", str(base.policy_year)).replace("%2", base.data_version)
        )
        table = QTableView()
        table.setModel(ChangesModel(changes, dialog))
        stretch_table(table, ChangesModel.COL_SOURCE)
        label = QLabel(tr("共 %1 处变化。核对无误后再生成政策包。").replace("%1", str(len(changes))))
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        box.accepted.connect(dialog.accept)
        box.rejected.connect(dialog.reject)
        lay = QVBoxLayout(dialog)
        lay.addWidget(label)
        lay.addWidget(table, 1)
        lay.addWidget(box)
        dialog.resize(1000, 560)
        self._changes_dialog = dialog
        return dialog.exec() == QDialog.DialogCode.Accepted

    def build(self) -> None:
        self.check_and_save()
        check = self.draft.check(self.taken_versions())
        if check.unconfirmed or not check.clean:
            first = next(iter(check.unconfirmed or list(check.by_row)), None)
            QMessageBox.warning(
                self,
                tr("还不能生成政策包"),
                tr("还有 %1 项没有核对确认,%2 个问题没有改正。")
                .replace("%1", str(len(check.unconfirmed)))
                .replace("%2", str(check.count)),
            )
            if first:
                self.select_path(first)
            return
        if not self.show_changes():
            return
        key = self._office_key()
        if key is None:
            return
        path, _ = QFileDialog.getSaveFileName(
            self,
            tr("保存政策包"),
            str(Path.home() / f"{self.draft.data_version}{packs.PACK_SUFFIX}"),
            tr("政策包 (*%1)").replace("%1", packs.PACK_SUFFIX),
        )
        if path:
            self.build_to(Path(path), key)

    def _office_key(self):  # type: ignore[no-untyped-def]
        from desktop.core.packs import signing

        key = signing.load_office_key(None)
        if key is not None:
            return key
        office, ok = QInputDialog.getText(
            self,
            tr("创建签名密钥"),
            tr("第一次生成政策包:本机将创建本单位的签名密钥(只创建一次,保存在本机数据文件夹)。\n请填写单位名称:"),
        )
        if not ok:
            return None
        try:
            key = signing.ensure_office_key(None, office)
        except packs.PackError as exc:
            QMessageBox.warning(self, tr("创建签名密钥"), exc.reason)
            return None
        QMessageBox.information(
            self,
            tr("创建签名密钥"),
            tr(
                "已创建“%1”的签名密钥,指纹 %2。\n\n以后生成的政策包都用它签名。请用“签名密钥 → 导出公钥”"
                "把公钥发给各窗口(窗口导入时电话核对指纹),并用“备份签名私钥”备份到单位保管的U盘。"
            )
            .replace("%1", key.office)
            .replace("%2", key.fingerprint),
        )
        return key

    def export_public_key(self) -> None:
        from desktop.core.packs import signing

        key = signing.load_office_key(None)
        if key is None:
            QMessageBox.information(self, tr("导出公钥"), tr("本机还没有签名密钥:第一次生成政策包时会创建。"))
            return
        path, _ = QFileDialog.getSaveFileName(
            self,
            tr("导出公钥"),
            str(Path.home() / f"{key.public.file_stem}{signing.PUBLIC_KEY_SUFFIX}"),
            tr("公钥 (*%1)").replace("%1", signing.PUBLIC_KEY_SUFFIX),
        )
        if not path:
            return
        try:
            signing.export_public_key(None, Path(path))
        except packs.PackError as exc:
            QMessageBox.warning(self, tr("导出公钥"), exc.reason)
            return
        QMessageBox.information(
            self,
            tr("导出公钥"),
            tr("已导出公钥 %1。\n把它随程序发给各窗口;窗口在“政策包管理 → 信任公钥…”中导入,导入前请电话核对指纹 %2。")
            .replace("%1", path)
            .replace("%2", key.fingerprint),
        )

    def backup_private_key(self) -> None:
        from desktop.core.packs import signing

        key = signing.load_office_key(None)
        if key is None:
            QMessageBox.information(self, tr("备份签名私钥"), tr("本机还没有签名密钥:第一次生成政策包时会创建。"))
            return
        answer = QMessageBox.warning(
            self,
            tr("备份签名私钥"),
            tr(signing.PRIVATE_KEY_WARNING) + tr("\n\n仍要导出备份吗?"),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        path, _ = QFileDialog.getSaveFileName(
            self,
            tr("备份签名私钥"),
            str(Path.home() / f"{key.public.file_stem}{signing.PRIVATE_KEY_SUFFIX}"),
            tr("签名私钥 (*%1)").replace("%1", signing.PRIVATE_KEY_SUFFIX),
        )
        if not path:
            return
        try:
            signing.export_private_key(None, Path(path))
        except packs.PackError as exc:
            QMessageBox.warning(self, tr("备份签名私钥"), exc.reason)
            return
        QMessageBox.information(self, tr("备份签名私钥"), tr("已备份到 %1。").replace("%1", path))

    def build_to(self, out: Path, key) -> bool:  # type: ignore[no-untyped-def]
        try:
            pack = self.draft.build(out, key=key, taken=self.taken_versions())
        except DraftError as exc:
            detail = "\n".join(f"{p.field}:{p.message}" for p in exc.problems[:20])
            QMessageBox.warning(self, tr("没有生成政策包"), exc.reason + (f"\n\n{detail}" if detail else ""))
            return False
        self.last_pack = out
        self.install_button.setEnabled(True)
        self.save_label.setText(
            tr("已生成 %1(%2 年度 %3,校验值 %4)")
            .replace("%1", str(out))
            .replace("%2", str(pack.year))
            .replace("%3", pack.data_version)
            .replace("%4", pack.short_hash)
        )
        return True

    def install(self) -> bool:
        if self.last_pack is None:
            return False
        try:
            pack = packs.read_pack(self.last_pack)
            packs.install(pack)
        except packs.PackError as exc:
            QMessageBox.warning(self, tr("安装没有完成"), exc.reason)
            return False
        self.result_ = packs.load_all(self._today)
        self.packs_changed.emit()
        self.save_label.setText(
            tr("已安装到本机:%1 年度 %2").replace("%1", str(pack.year)).replace("%2", pack.data_version)
        )
        return True
