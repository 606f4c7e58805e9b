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


def test_problem_boxes_name_the_file_and_field(qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMessageBox

    from desktop.core.policy.loader import Problem
    from desktop.ui.app import show_pack_problems, show_policy_problems

    shown: list[QMessageBox] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box) or 0)
    problem = Problem("packs/2026/2026.yaml", "premiums.categories.elderly.individual", "应为金额")
    show_pack_problems([problem])
    show_policy_problems([problem])
    warning, critical = shown
    assert warning.icon() == QMessageBox.Icon.Warning and "已跳过" in warning.text()
    assert critical.icon() == QMessageBox.Icon.Critical and "无法启动" in critical.text()
    for box in shown:
        assert "packs/2026/2026.yaml → premiums.categories.elderly.individual: 应为金额" in box.informativeText()
