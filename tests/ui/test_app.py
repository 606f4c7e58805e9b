"""Start-up pieces of desktop/ui/app.py that run before the window exists."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from desktop.ui.app import install_translations


def test_qt_buttons_speak_chinese(qtbot) -> None:  # type: ignore[no-untyped-def]
    assert install_translations(QApplication.instance())
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    qtbot.addWidget(box)
    assert sorted(b.text() for b in box.buttons()) == sorted(["确定", "取消"])
    assert QCoreApplication.translate("QFileDialog", "&Open") != "&Open"
