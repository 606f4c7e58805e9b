"""Bare reference window for tools/benchmark.py: PySide6, four tabs of plain widgets, nothing else.

No application code, no bundled font, no policy data: it shows what starting any PySide6
window costs when built with the same spec (CZDESK_SPEC_TARGET=reference pyinstaller build.spec),
so the benchmark can say how much the real program adds. With CZDESK_BENCH_FIRST_PAINT=1 it
prints the same two lines as desktop/ui/bench_hook.py, measured the same way; the probe is
repeated here (not imported) to keep this file free of app code.
"""

from __future__ import annotations

import os
import sys
import time

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

SETTLE_MS = 500


def peak_rss_kib() -> int | None:
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


class FirstPaint(QObject):
    def __init__(self, app: QApplication):
        super().__init__(app)
        self.seen = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if (
            not self.seen
            and event.type() == QEvent.Type.Paint
            and isinstance(watched, QWidget)
            and watched.window().isVisible()
        ):
            self.seen = True
            QTimer.singleShot(0, self.report)
        return False

    def report(self) -> None:
        emit(f"CZDESK_FIRST_PAINT {time.time():.6f}")
        QTimer.singleShot(SETTLE_MS, self.finish)

    def finish(self) -> None:
        emit(f"CZDESK_PEAK_RSS_KIB {peak_rss_kib()}")
        QApplication.quit()


def emit(line: str) -> None:
    """As desktop/ui/bench_hook.py: stdout, and the file CZDESK_BENCH_OUT names (Windows, no console)."""
    print(line, flush=True)
    target = os.environ.get("CZDESK_BENCH_OUT")
    if target:
        with open(target, "a", encoding="ascii") as fh:
            fh.write(line + "\n")


def form_tab(rows: int) -> QWidget:
    page = QWidget()
    form = QFormLayout(page)
    for i in range(rows):
        if i % 3 == 0:
            field: QWidget = QLineEdit()
        elif i % 3 == 1:
            combo = QComboBox()
            combo.addItems(["one", "two", "three"])
            field = combo
        else:
            field = QSpinBox()
        form.addRow(QLabel(f"Field {i + 1}"), field)
    form.addRow(QCheckBox("Option"), QPushButton("Apply"))
    return page


def table_tab() -> QWidget:
    page = QWidget()
    layout = QVBoxLayout(page)
    table = QTableWidget(20, 5)
    for r in range(20):
        for c in range(5):
            table.setItem(r, c, QTableWidgetItem(f"{r}.{c}"))
    layout.addWidget(table)
    return page


def text_tab() -> QWidget:
    page = QWidget()
    layout = QVBoxLayout(page)
    text = QPlainTextEdit()
    text.setPlainText("\n".join(f"Line {i}" for i in range(50)))
    layout.addWidget(text)
    return page


def main() -> int:
    app = QApplication(sys.argv[:1])
    if os.environ.get("CZDESK_BENCH_FIRST_PAINT") == "1":
        app.installEventFilter(FirstPaint(app))
    window = QMainWindow()
    window.setWindowTitle("Reference")
    tabs = QTabWidget()
    tabs.addTab(form_tab(8), "Form")
    tabs.addTab(form_tab(4), "Inputs")
    tabs.addTab(table_tab(), "Table")
    tabs.addTab(text_tab(), "Text")
    window.setCentralWidget(tabs)
    window.statusBar().showMessage("Ready")
    window.resize(1280, 720)
    window.show()
    return int(app.exec())


if __name__ == "__main__":
    sys.exit(main())
