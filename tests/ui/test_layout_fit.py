"""Nothing is cut off or drawn over something else, in any tab, at the counter's screen sizes.

The window is sized as it is maximised on a 1366x768 or a 1280x720 screen (a taskbar and a
title bar take about 70 px of the height), in both text sizes, with a realistic case in every
tab. Each visible label, button and header is measured: the width its text needs (the font's
advance) against the width it was given, and the height a wrapped text needs against the
height it has; and visible siblings must not overlap (a layout squeezed below its minimum draws
its widgets over each other).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, QSettings, Qt
from PySide6.QtGui import QFont, QFontMetrics, QTextDocument
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QScrollBar,
    QSplitterHandle,
    QStackedWidget,
    QTabBar,
    QTableView,
    QToolBar,
    QWidget,
)

from desktop.core.policy.loader import PolicySet
from desktop.ui import main_window
from desktop.ui.main_window import MainWindow

TODAY = dt.date(2026, 11, 23)
#: the client area of a window maximised on each screen: taskbar (40 px) and title bar (30 px) off
CLIENT_SIZES = {"1366x768": (1366, 698), "1280x720": (1280, 650)}
#: a cell holding more characters than this is a sentence (a problem, a clause), not a figure
PROSE = 12
#: figures, dates and masked IDs: never cut, however long
FIGURE = re.compile(r"^[\d,.*Xx\- ]+(元)?$")
#: one more pixel of slack for rounding between a font's advance and the layout's integer widths
SLACK = 1

ROSTER = """户号,姓名,身份证号,参保类别,救助身份,所属区
1,张建国,320483195003150013,老年居民,,武进区
1,张小雨,320483201506010029,未成年人,,武进区
1,李桂英,,老年居民,低保对象,武进区
2,王大明,320483198001010010,非从业居民,,武进区
2,王小红,320483200409050025,大学生,,武进区
"""


def cases(roster: Path) -> dict[str, dict[str, object]]:
    return {
        "quote": {
            "district": "wujin",
            "members": [
                {"name": "张建国", "id_number": "320483195003150013", "category": "elderly"},
                {
                    "name": "张小雨",
                    "id_number": "320483201506010029",
                    "category": "non_employed",
                    "suggestion_settled": False,
                },
                {"name": "李桂英", "category": "elderly", "aid_status": "other_aid"},
                {"name": "欧阳建华", "category": "non_employed", "aid_status": "extreme_poverty"},
            ],
            "family": {"payer_employee": True, "relation": "sibling"},
            "waiting": {"payment_date": "2025-03-15", "years_broken": 2, "years_repaid": 1},
        },
        "checklist": {"new_enrolment": True, "category": "minor", "minor": True, "payment": "bank_debit"},
        "estimate": {
            "category": "elderly",
            "aid_status": "other_aid",
            "kind": "inpatient",
            "hospital_level": 3,
            "compliant_cost": "150000",
        },
        "simulation": {
            "person": {"category": "elderly", "aid_status": "other_aid", "continuous_enrolment_years": 5},
            "events": [
                {"date": "2025-03-10", "kind": "inpatient", "hospital_level": 3, "cost_text": "150000"},
                {"date": "2025-06-01", "kind": "outpatient_general", "facility": "primary", "cost_text": "1200"},
                # 门诊特殊病 without the slip's figure: the hint and the error show under the field
                {"date": "2025-07-01", "kind": "outpatient_special", "facility": "secondary_plus", "cost_text": "8000"},
            ],
        },
        "roster": {"path": str(roster), "default_district": "wujin"},
    }


def visible_descendants(root: QWidget) -> Iterator[QWidget]:
    for child in root.findChildren(QWidget):
        if child.isVisibleTo(root) and child.isVisible() and child.width() > 0 and child.height() > 0:
            yield child


def _internal(widget: QWidget) -> bool:
    """Parts Qt lays out itself (scroll bars, a spin box's line edit, splitter handles, …)."""
    parent = widget.parentWidget()
    if widget.objectName().startswith("qt_") or isinstance(widget, (QScrollBar, QSplitterHandle)):
        return True
    return isinstance(parent, (QAbstractSpinBox, QComboBox, QAbstractScrollArea, QTabBar, QToolBar, QHeaderView))


def _needed_label(label: QLabel) -> tuple[int, int]:
    """The width and height the label's text needs at its current width."""
    metrics = label.fontMetrics()
    rect = label.contentsRect()
    text = label.text()
    rich = label.textFormat() == Qt.TextFormat.RichText or (
        label.textFormat() == Qt.TextFormat.AutoText
        and text.lstrip().startswith("<")
        or "<br>" in text
        or "<b>" in text
    )
    if label.wordWrap():
        return 0, label.heightForWidth(label.width()) if label.heightForWidth(label.width()) > 0 else 0
    if rich:
        doc = QTextDocument()
        doc.setDefaultFont(label.font())
        doc.setDocumentMargin(0)
        doc.setHtml(text)
        return int(doc.idealWidth()) + 2 * label.margin(), int(doc.size().height())
    lines = text.replace("&&", "\0").replace("&", "").replace("\0", "&").split("\n")
    width = max(metrics.horizontalAdvance(line) for line in lines)
    return width, rect.height()


def label_problems(label: QLabel) -> list[str]:
    if not label.text().strip() or label.pixmap() is not None and not label.pixmap().isNull():
        return []
    need_w, need_h = _needed_label(label)
    rect = label.contentsRect()
    out = []
    if label.wordWrap():
        if need_h > label.height() + SLACK:
            out.append(f"wrapped label {label.text()[:30]!r} needs {need_h}px high, has {label.height()}")
    elif need_w > rect.width() + SLACK:
        out.append(f"label {label.text()[:30]!r} needs {need_w}px, has {rect.width()}")
    return out


def button_problems(button: QAbstractButton) -> list[str]:
    if not button.text():
        return []
    hint = button.minimumSizeHint() if button.minimumSizeHint().isValid() else button.sizeHint()
    need = max(hint.width(), button.sizeHint().width())
    if button.width() + SLACK < need:
        return [f"button {button.text()!r} needs {need}px, has {button.width()}"]
    return []


def header_problems(view: QTableView) -> list[str]:
    out = []
    model = view.model()
    if model is None:
        return out
    for header, orientation in (
        (view.horizontalHeader(), Qt.Orientation.Horizontal),
        (view.verticalHeader(), Qt.Orientation.Vertical),
    ):
        if not header.isVisible():
            continue
        bold = QFont(header.font())
        bold.setBold(True)  # the current section's title is drawn in bold
        metrics = QFontMetrics(bold)
        count = model.columnCount() if orientation == Qt.Orientation.Horizontal else model.rowCount()
        for section in range(count):
            if header.isSectionHidden(section):
                continue
            text = str(model.headerData(section, orientation, Qt.ItemDataRole.DisplayRole) or "")
            if not text:
                continue
            # Qt's own ResizeToContents gives the title's advance plus 2 px each side
            need = max(metrics.horizontalAdvance(line) for line in text.split("\n")) + 4
            have = header.sectionSize(section)
            if orientation == Qt.Orientation.Vertical:
                need_h = metrics.lineSpacing() * len(text.split("\n"))
                if have + SLACK < need_h:
                    out.append(f"row header {text!r} needs {need_h}px high, has {have}")
                have = header.width()
            if have + SLACK < need:
                out.append(f"header {text!r} needs {need}px, has {have}")
    return out


def cell_problems(view: QTableView) -> list[str]:
    """Every cell's text whole in its column (an amount is never cut mid-number)."""
    out = []
    model = view.model()
    if model is None:
        return out
    metrics = view.fontMetrics()
    for row in range(min(model.rowCount(), 50)):
        for col in range(model.columnCount()):
            if view.isColumnHidden(col):
                continue
            text = str(model.data(model.index(row, col), Qt.ItemDataRole.DisplayRole) or "")
            if not text or (len(text) > PROSE and not FIGURE.match(text)):
                continue  # a sentence may be elided: the row's detail or tooltip shows it whole
            font = model.data(model.index(row, col), Qt.ItemDataRole.FontRole)
            m = QFontMetrics(QFont(font) if isinstance(font, QFont) else view.font()) if font else metrics
            # the item's text margins: Qt's ResizeToContents gives the advance plus 3 px each side
            need = max(m.horizontalAdvance(line) for line in text.split("\n")) + 6
            if view.columnWidth(col) + SLACK < need:
                out.append(f"cell {text[:30]!r} (column {col}) needs {need}px, has {view.columnWidth(col)}")
    return out


def overlap_problems(parent: QWidget) -> list[str]:
    """Visible siblings laid out on top of each other, and children reaching outside their parent."""
    out = []
    children = [
        w
        for w in parent.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly)
        if w.isVisible() and not w.isWindow() and w.width() > 0 and w.height() > 0 and not _internal(w)
    ]
    if isinstance(parent, QStackedWidget) or _internal(parent):
        return out
    bounds = QRect(0, 0, parent.width(), parent.height())
    scrolled = isinstance(parent.parentWidget(), QAbstractScrollArea)  # a scroll area's content moves
    for i, a in enumerate(children):
        if not scrolled and not bounds.contains(a.geometry()):
            out.append(
                f"{type(a).__name__} {_name(a)} at {a.geometry()} outside its parent {type(parent).__name__} {bounds}"
            )
        for b in children[i + 1 :]:
            if a.geometry().intersects(b.geometry()):
                out.append(f"{type(a).__name__} {_name(a)} overlaps {type(b).__name__} {_name(b)}")
    return out


def _name(w: QWidget) -> str:
    text = getattr(w, "text", None)
    if callable(text):
        try:
            return repr(str(text())[:20])
        except TypeError:
            pass
    return repr(w.accessibleName() or w.objectName())


def problems_in(root: QWidget) -> list[str]:
    found: list[str] = []
    for widget in [root, *visible_descendants(root)]:
        if isinstance(widget, QLabel):
            found += label_problems(widget)
        elif isinstance(widget, QAbstractButton) and not _internal(widget):
            found += button_problems(widget)
        if isinstance(widget, QTableView):
            found += header_problems(widget)
            found += cell_problems(widget)
        if not isinstance(widget, (QLineEdit, QAbstractItemView, QLabel, QAbstractButton)):
            found += overlap_problems(widget)
    return found


@pytest.fixture(params=[False, True], ids=["normal", "large"])
def large(request: pytest.FixtureRequest) -> bool:
    return bool(request.param)


@pytest.fixture(params=sorted(CLIENT_SIZES))
def screen(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def counter_window(
    qtbot, policies: PolicySet, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, large: bool, screen: str
):  # type: ignore[no-untyped-def]
    """The window as at the counter: the app's own font, the text size, a case in every tab."""
    from desktop.ui.font import register_font

    monkeypatch.setattr(main_window, "data_dir", lambda: tmp_path)
    font = QFont(QApplication.font())
    register_font()
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(policies, today=TODAY, settings=settings)
    qtbot.addWidget(window)
    window.resize(*CLIENT_SIZES[screen])
    window.show()
    qtbot.waitExposed(window)
    if large:
        window.menus.large_text_action.trigger()
    roster = tmp_path / "名册.csv"
    roster.write_text(ROSTER, encoding="utf-8")
    for tab in window.all_work_tabs():
        tab.load_case(cases(roster).get(tab.case_key, {}))  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: not window.roster_tab.busy and window.roster_tab.result is not None, timeout=10000)
    yield window
    if large:
        window.menus.large_text_action.trigger()
    QApplication.setFont(font)


def test_every_tab_fits_at_the_counter_screen_sizes(qtbot, counter_window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window = counter_window
    report: list[str] = []
    for i in range(window.tabs.count()):
        window.tabs.setCurrentIndex(i)
        qtbot.wait(30)  # layouts settle through the event loop
        QApplication.processEvents()
        title = window.tabs.tabText(i)
        report += [f"[{title}] {p}" for p in problems_in(window.tabs.currentWidget())]
        if i == 0:
            # the window's own chrome: toolbar, banner, tab titles
            for part in (window.banner, window.findChild(QToolBar, "main_toolbar")):
                report += [f"[window] {p}" for p in problems_in(part)]
    assert not report, "\n".join(report)


def test_the_household_table_shows_more_than_four_rows(
    qtbot, counter_window: MainWindow, large: bool, screen: str
) -> None:  # type: ignore[no-untyped-def]
    """At the normal text size a 1366x768 screen showed four members: a household of six needed scrolling."""
    window = counter_window
    window.show_tab(window.quote_tab)
    qtbot.wait(30)
    table = window.quote_tab.table
    rows = table.viewport().height() / table.verticalHeader().defaultSectionSize()
    wanted = 4 if large else 6
    assert rows >= wanted, f"{rows:.1f} rows"


@pytest.mark.parametrize("screen", ["1366x768"])
def test_the_simulation_is_readable_at_1366x768(qtbot, counter_window: MainWindow, large: bool) -> None:  # type: ignore[no-untyped-def]
    """The event list with its money columns, the selected event's editor, the totals and the ledger."""
    from desktop.ui.tabs.simulation.events_model import COL_COST, COL_POCKET

    window = counter_window
    tab = window.simulation_tab
    window.show_tab(tab)
    tab.select_row(2)  # 门诊特殊病 without the slip's figure: a grey hint and a red error under the field
    qtbot.wait(50)
    slip = tab.editor.slip
    assert slip.hint.isVisible() and slip.error.isVisible()
    for label in (slip.hint, slip.error):
        assert label.height() >= label.heightForWidth(label.width()), label.text()
    assert not slip.hint.geometry().intersects(slip.error.geometry())
    assert not slip.edit.geometry().intersects(slip.hint.geometry())
    # the money columns in view, not behind a horizontal scroll bar
    table = tab.table
    for col in range(COL_COST, COL_POCKET + 1):
        left = table.columnViewportPosition(col)
        assert 0 <= left and left + table.columnWidth(col) <= table.viewport().width(), col
    # the message says what is wrong instead of pointing to a column that may be out of view
    assert "见表格" not in tab.status.text() and "第 3 笔" in tab.status.text()
    # the year's totals whole
    for value in tab.total_labels.values():
        assert value.fontMetrics().horizontalAdvance(value.text()) <= value.contentsRect().width()
    # the ledger: every event's column and most of its ten lines in view (it showed 3 x 5)
    tab.details.setCurrentWidget(tab.ledgers_view)
    tab.editor.slip.setText("4000")  # the slip's figure given: the year is computed, the ledger filled
    qtbot.wait(50)
    ledger = tab.ledgers_view
    assert tab.ledgers_model.columnCount() == 3
    for col in range(3):
        assert ledger.columnViewportPosition(col) + ledger.columnWidth(col) <= ledger.viewport().width(), col
    shown = sum(
        1
        for row in range(tab.ledgers_model.rowCount())
        if 0 <= ledger.rowViewportPosition(row)
        and ledger.rowViewportPosition(row) + ledger.rowHeight(row) <= ledger.viewport().height()
    )
    assert shown >= 6, f"{shown} of {tab.ledgers_model.rowCount()} ledger lines in view"


def test_the_reimbursement_inputs_need_no_sideways_scrolling(qtbot, counter_window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    """大字模式 at 1366x768 cut the inputs off behind a sideways scroll bar (the chosen 医疗救助身份
    showed as “其他救助对”) while the results kept their figures two by two beside them."""
    window = counter_window
    tab = window.estimate_tab
    window.show_tab(tab)
    qtbot.wait(50)
    QApplication.processEvents()
    bar = tab._input_scroll.horizontalScrollBar()  # noqa: SLF001 - the column under test
    assert bar.maximum() == 0, f"the inputs scroll sideways by {bar.maximum()} px"
    for combo in (tab.category, tab.aid_status, tab.kind, tab.level):
        if combo.isVisible():
            shown = combo.fontMetrics().horizontalAdvance(combo.currentText())
            # the text area is the combo less its frame and arrow, about the height of one line more
            room = combo.width() - combo.height() - 8
            assert shown <= room, f"{combo.currentText()!r} needs {shown} px, has {room}"
    # the figures: one to a line when the column is narrow, each figure whole (problems_in checks labels)
    assert problems_in(tab) == []


def test_the_quote_side_column_needs_no_sideways_scrolling(qtbot, counter_window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    """大字模式 at 1366x768 squeezed 缴费时间, 家庭共济 and 待遇等待期 behind a sideways scroll bar."""
    from desktop.ui.tabs.quote.panels import SideColumn

    window = counter_window
    window.show_tab(window.quote_tab)
    qtbot.wait(50)
    QApplication.processEvents()
    (side,) = window.quote_tab.findChildren(SideColumn)
    bar = side.horizontalScrollBar()
    assert bar.maximum() == 0, f"the side column scrolls sideways by {bar.maximum()} px"


def test_the_simulations_totals_and_the_edited_row_stay_in_view(qtbot, counter_window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    """大字模式 at 1366x768 and 1280x720: 个人自付 and the steps sat behind scroll bars, the list of
    costs showed 1.5 rows and the row being edited scrolled out of view with the whole column."""
    window = counter_window
    tab = window.simulation_tab
    events = [
        {"date": f"2025-0{m}-10", "kind": "outpatient_general", "facility": "primary", "cost_text": "300"}
        for m in range(1, 8)
    ]
    tab.load_case({"person": {"category": "elderly"}, "events": events})
    window.show_tab(tab)
    tab.select_row(6)
    qtbot.wait(50)
    QApplication.processEvents()
    # the row being edited, whole, in the list's viewport
    table = tab.table
    rect = table.visualRect(tab.model.index(6, 0))
    assert table.viewport().rect().contains(rect), (rect, table.viewport().rect())
    # every figure of the year whole and in view, the column not scrolled
    area = tab.results_scroll
    assert area.verticalScrollBar().value() == 0
    for key, value in tab.total_labels.items():
        top_left = value.mapTo(area.viewport(), value.rect().topLeft())
        bottom = top_left.y() + value.height()
        assert 0 <= top_left.y() and bottom <= area.viewport().height(), (key, top_left, bottom)
        assert value.fontMetrics().horizontalAdvance(value.text()) <= value.contentsRect().width(), key
