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


def test_an_unexpected_error_is_logged_masked_shown_once_and_the_typing_is_saved(
    qtbot, tmp_path, monkeypatch, policies
) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt
    import json
    import logging

    from PySide6.QtCore import QSettings

    from desktop.ui import app, main_window
    from desktop.ui.main_window import MainWindow

    monkeypatch.setattr(main_window, "data_dir", lambda: tmp_path)
    monkeypatch.setattr(app, "_logging_ready", False)
    root = logging.getLogger()
    before = list(root.handlers)
    log_file = app.configure_logging(tmp_path / "logs")
    assert log_file == tmp_path / "logs" / "desk.log"
    try:
        settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
        window = MainWindow(policies, today=dt.date(2026, 11, 23), settings=settings)
        qtbot.addWidget(window)
        window.quote_tab.add_member()  # an edit whose autosave is still waiting
        assert not (tmp_path / "session.json").exists()

        shown: list[str] = []
        handler = app.CrashHandler(show=shown.append)

        def show_and_fail_again(text: str) -> None:
            shown.append(text)
            try:  # an error while the dialog is up must not stack a second dialog
                raise RuntimeError("又一个错误")
            except RuntimeError as again:
                handler(type(again), again, again.__traceback__)

        handler._show = show_and_fail_again
        try:
            raise ValueError("身份证号 320483201506010029 无法处理")
        except ValueError as exc:
            handler(type(exc), exc, exc.__traceback__)

        assert len(shown) == 1 and "意外错误" in shown[0] and "desk.log" in shown[0]
        saved = json.loads((tmp_path / "session.json").read_text(encoding="utf-8"))
        assert len(saved["tabs"]["quote"]["members"]) == 1
        for h in root.handlers:
            h.flush()
        text = log_file.read_text(encoding="utf-8")
        assert "未处理的错误" in text and "又一个错误" in text
        assert "320483********0029" in text and "320483201506010029" not in text
    finally:
        for h in root.handlers[:]:
            if h not in before:
                root.removeHandler(h)
                h.close()


def test_the_window_starts_on_a_damaged_data_folder(qtbot, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """``packs`` is a file where the folder belongs: the window is still built and shown, and says so naming the path.

    The window class is a stand-in recording what it was given: a real one made outside qtbot's
    care is torn down by the garbage collector later, which PySide does not survive.
    """
    import sys

    from desktop.core import packs
    from desktop.ui import app, main_window

    data = tmp_path / "userdata"
    data.mkdir()
    (data / "packs").write_bytes(b"")
    monkeypatch.setenv(packs.DATA_DIR_ENV, str(data))
    shown: list[list[object]] = []
    built: list[object] = []

    class Window:
        def __init__(self, policies, **kwargs) -> None:  # type: ignore[no-untyped-def]
            self.policies = policies
            self.visible = False
            built.append(self)

        def show_on_screen(self) -> None:
            self.visible = True

        show = show_on_screen

    monkeypatch.setattr(app, "configure_logging", lambda: None)
    monkeypatch.setattr(app, "show_pack_problems", shown.append)
    monkeypatch.setattr(main_window, "MainWindow", Window)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(QApplication, "exec", lambda self: 0)
    assert app.main([]) == 0
    (window,) = built
    assert window.visible and window.policies.years == (2024, 2025)  # type: ignore[attr-defined]
    (problems,) = shown
    assert len(problems) == 1 and str(data / "packs") in str(problems[0]) and "现在却是一个文件" in str(problems[0])
