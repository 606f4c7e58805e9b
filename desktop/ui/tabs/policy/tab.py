"""政策: the loaded policy years, every figure with its source and status, and what changed."""

from __future__ import annotations

import html

from PySide6.QtCore import QEvent, QSize, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QTableView,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop.core.explain import STATUS_LABELS
from desktop.core.policy.diff import diff_years
from desktop.core.policy.loader import PolicySet
from desktop.ui.tabs.policy.figures_model import (
    COL_ITEM,
    COL_QUOTE,
    COL_REASON,
    COL_SOURCE,
    COL_STATUS,
    COL_VALUE,
    STATUS_MARKS,
    ChangesModel,
    FiguresModel,
    StatusRole,
    status_text,
)
from desktop.ui.widgets.columns import FitColumns


class StatusFilter(QSortFilterProxyModel):
    """Rows of one status (or all), and containing a search text anywhere in the row."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.status: str | None = None
        self.text = ""

    def set_filter(self, status: str | None, text: str) -> None:
        self.beginFilterChange()
        self.status, self.text = status, text.strip()
        self.endFilterChange()

    def filterAcceptsRow(self, source_row: int, source_parent) -> bool:  # type: ignore[no-untyped-def]
        model = self.sourceModel()
        if self.status and model.index(source_row, 0, source_parent).data(StatusRole) != self.status:
            return False
        if self.text:
            cells = (str(model.index(source_row, c, source_parent).data() or "") for c in range(model.columnCount()))
            return any(self.text in cell for cell in cells)
        return True


def _table(model) -> QTableView:  # type: ignore[no-untyped-def]
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setWordWrap(True)
    view.setAlternatingRowColors(True)
    view.verticalHeader().setVisible(False)
    view.setTabKeyNavigation(False)
    return view


class DetailView(QTextBrowser):
    """The chosen figure whole (clause, the notice's words, why), a few lines high at any text size;
    a longer quote scrolls inside it rather than squeezing the table."""

    LINES = 4

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:
        frame = 2 * self.frameWidth() + int(self.document().documentMargin() * 2)
        return QSize(super().sizeHint().width(), self.fontMetrics().lineSpacing() * self.LINES + frame)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self.updateGeometry()  # 大字模式: four lines of the larger text

    def text(self) -> str:
        return self.toPlainText()

    def setText(self, text: str) -> None:
        self.setHtml(text)


class PolicyTab(QWidget):
    def __init__(self, policies: PolicySet, parent: QWidget | None = None):
        super().__init__(parent)
        self.policies = policies
        self.year = policies.years[-1]

        self.years_label = QLabel()
        self.years_label.setWordWrap(True)
        self.years_label.setTextFormat(Qt.TextFormat.RichText)

        self.figures = FiguresModel(self)
        self.proxy = StatusFilter(self)
        self.proxy.setSourceModel(self.figures)
        self.figures_view = _table(self.proxy)
        self.figures_view.setAccessibleName(self.tr("政策数值"))
        header = self.figures_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        # the status column follows the font (大字模式): "○ 通知未规定" whole
        for col, width in ((COL_ITEM, 230), (COL_VALUE, 150), (COL_SOURCE, 210), (COL_QUOTE, 330), (COL_REASON, 200)):
            self.figures_view.setColumnWidth(col, width)
        self._fit_status = FitColumns(self.figures_view, {COL_STATUS: "○ 通知未规定"})

        self.status_combo = QComboBox()
        self.status_combo.addItem(self.tr("全部状态"), None)
        for key, label in STATUS_LABELS.items():
            self.status_combo.addItem(f"{STATUS_MARKS[key]} {label}", key)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("查找,例如:起付线、老年居民、11月"))
        self.search.setClearButtonEnabled(True)
        self.count_label = QLabel()
        filters = QHBoxLayout()
        status_label = QLabel(self.tr("按状态筛选(&X):"))
        status_label.setBuddy(self.status_combo)
        filters.addWidget(status_label)
        filters.addWidget(self.status_combo)
        filters.addWidget(self.search, 1)
        filters.addWidget(self.count_label)
        legend = QLabel(
            self.tr(
                "● 通知原文  ◆ 解读(本工具对通知的理解)  ▲ 沿用上年(本年度通知未重述)  "
                "■ 外部依据(通知以外的文件)  ○ 通知未规定(不作测算)"
            )
        )
        legend.setWordWrap(True)

        # the chosen row whole: a quote is the notice's sentence, too long for one line of the table
        self.detail = DetailView()
        self.detail.setAccessibleName(self.tr("所选数值的来源和通知原文"))

        figures_page = QWidget()
        fv = QVBoxLayout(figures_page)
        fv.addLayout(filters)
        fv.addWidget(self.figures_view, 1)
        fv.addWidget(self.detail)
        fv.addWidget(legend)

        self.changes = ChangesModel(self)
        self.changes_view = _table(self.changes)
        self.changes_view.setAccessibleName(self.tr("年度变化"))
        ch_header = self.changes_view.horizontalHeader()
        ch_header.setStretchLastSection(True)
        for col, width in enumerate((250, 80, 150, 150, 110, 110, 200)):
            self.changes_view.setColumnWidth(col, width)
        self.changes_label = QLabel()
        self.changes_label.setWordWrap(True)
        changes_page = QWidget()
        cv = QVBoxLayout(changes_page)
        cv.addWidget(self.changes_label)
        cv.addWidget(self.changes_view, 1)

        # the product's own numbered readings: what the notice says, what is taken, what else it could mean
        self.readings_view = QTextBrowser()
        self.readings_view.setOpenLinks(False)
        self.readings_view.setAccessibleName(self.tr("本工具的解读"))

        self.pages = QTabWidget()
        self.pages.addTab(figures_page, self.tr("全部数值"))
        self.pages.addTab(changes_page, self.tr("有何变化"))
        self.pages.addTab(self.readings_view, self.tr("解读"))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.years_label)
        layout.addWidget(self.pages, 1)

        self.figures_view.selectionModel().currentRowChanged.connect(self._show_detail)
        self.status_combo.currentIndexChanged.connect(self._filter)
        self.search.textChanged.connect(self._filter)
        self._show_years()
        self._show_changes()
        self.set_policy_year(self.year)

    def _show_years(self) -> None:
        lines = []
        for year in self.policies.years:
            entry = self.policies.entry(year)
            p = entry.policy
            notice = next(n for n in p.notices if n.id == p.notice_id)
            lines.append(
                self.tr("<b>{year}年度</b>:数据版本 {version},校验码 {hash}({origin});依据《{title}》").format(
                    year=year,
                    version=html.escape(p.data_version),
                    hash=entry.short_hash,
                    origin=self.tr("随程序安装") if entry.origin == "bundled" else html.escape(entry.origin),
                    title=html.escape(notice.title),
                )
            )
        self.years_label.setText(self.tr("已安装的政策年度:") + "<br>" + "<br>".join(lines))

    def _show_changes(self) -> None:
        years = self.policies.years
        if len(years) < 2:
            self.changes_label.setText(self.tr("只安装了一个政策年度,没有可比较的年度。"))
            self.pages.setTabText(1, self.tr("有何变化"))
            return
        old, new = years[-2], years[-1]
        changes = diff_years(self.policies[old], self.policies[new])
        self.changes.set_changes(changes, old, new)
        self.pages.setTabText(1, self.tr("{old}→{new} 有何变化").format(old=old, new=new))
        self.changes_label.setText(
            self.tr(
                "{old}年度到{new}年度共有 {n} 项变化(数值、参保对象、登记和缴费方式、缴费凭证查询)。"
                "“来源变化”指数值相同、但{new}年度通知没有重述或依据不同。"
            ).format(old=old, new=new, n=len(changes))
        )

    def set_policy_year(self, year: int) -> None:
        self.year = year
        self.figures.set_policy(self.policies[year])
        self.pages.setTabText(0, self.tr("{year}年度全部数值").format(year=year))
        self._show_readings()
        self._filter()

    def _show_readings(self) -> None:
        policy = self.policies[self.year]
        e = html.escape
        parts = [
            "<p>"
            + e(
                self.tr(
                    "通知有写得不清楚或没有写的地方,本工具按下列理解计算。"
                    "凡用到某条解读的数值、计算步骤和打印单,都写明它的标题。"
                )
            )
            + "</p>"
        ]
        for r in policy.readings:
            parts.append(f"<h3>{e(self.tr('第{n}条').format(n=r.id))} {e(r.title)}</h3><ul>")
            for q in r.quotes:
                notice = next((n for n in policy.notices if n.id == (q.notice or policy.notice_id)), None)
                where = f"{notice.short} {q.clause}" if notice else q.clause
                parts.append(f"<li><b>{e(self.tr('通知原文'))}</b>({e(where)}):“{e(q.quote)}”</li>")
            if r.note:
                parts.append(f"<li><b>{e(self.tr('通知写了什么、没写什么'))}</b>:{e(r.note)}</li>")
            parts.append(f"<li><b>{e(self.tr('本工具的理解'))}</b>:{e(r.reading)}</li>")
            if r.alternatives:
                parts.append(f"<li><b>{e(self.tr('其他可能的理解'))}</b>:{e(';'.join(r.alternatives))}</li>")
            parts.append(f"<li><b>{e(self.tr('用在'))}</b>:{e('、'.join(r.depends_on))}</li></ul>")
        if not policy.readings:
            parts.append("<p>" + e(self.tr("本年度数据没有列出解读。")) + "</p>")
        self.readings_view.setHtml("".join(parts))
        self.pages.setTabText(2, self.tr("{year}年度解读({n}条)").format(year=self.year, n=len(policy.readings)))

    def _show_detail(self, *_: object) -> None:
        index = self.figures_view.currentIndex()
        if not index.isValid():
            self.detail.setText(self.tr("选中一行,这里显示它的条款、通知原文和说明。"))
            return
        row = self.figures.row(self.proxy.mapToSource(index).row())
        e = html.escape
        lines = [
            f"<b>{e(row.label)}</b>:{e(row.value)}  {e(status_text(row.status))}",
            f"<b>{e(self.tr('来源'))}</b>:{e(row.source)}",
        ]
        if row.quote:
            lines.append(f"<b>{e(self.tr('通知原文'))}</b>:{e(row.quote)}")
        if row.reason:
            lines.append(f"<b>{e(self.tr('说明'))}</b>:{e(row.reason)}")
        self.detail.setText("<br>".join(lines))

    def _filter(self) -> None:
        self.proxy.set_filter(self.status_combo.currentData(), self.search.text())
        self.count_label.setText(
            self.tr("{shown}/{total} 项").format(shown=self.proxy.rowCount(), total=self.figures.rowCount())
        )
        if not self.figures_view.currentIndex().isValid() and self.proxy.rowCount():
            self.figures_view.setCurrentIndex(self.proxy.index(0, COL_ITEM))
        self._show_detail()
