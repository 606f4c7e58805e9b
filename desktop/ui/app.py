"""Start the window: Qt application, bundled font, logging, the crash dialog, the policy years."""

from __future__ import annotations

import logging
import re
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from desktop.app_info import APP_ID, APP_TITLE
from desktop.core import userdirs
from desktop.ui.font import register_font
from desktop.ui.logfile import RotatingLog

log = logging.getLogger(__name__)
_ID_PATTERN = re.compile(r"(?<!\d)(\d{6})\d{8}(\d{3}[\dXx])(?![\dXx])")
_logging_ready = False
#: held by the running window for its whole life (desktop/core/filelock.py)
WINDOW_LOCK = "window.lock"
#: the start marker is deleted this long after the window is shown (its first paint, the first
#: tab's restore and what that tab starts are over by then)
START_SETTLED_MS = 3000


class _MaskIdNumbers(logging.Filter):
    """A resident ID number that slips into a message (e.g. inside an exception) is masked."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = _ID_PATTERN.sub(r"\1********\2", message)
        if masked != message:
            record.msg, record.args = masked, None
        if record.exc_info or record.exc_text:
            # another handler may have formatted the traceback already (exc_text is then cached
            # on the record and reused by every handler): mask what is there either way
            text = record.exc_text or "".join(traceback.format_exception(*record.exc_info))  # type: ignore[misc]
            record.exc_text = _ID_PATTERN.sub(r"\1********\2", text)
        if record.stack_info:
            record.stack_info = _ID_PATTERN.sub(r"\1********\2", record.stack_info)
        return True


def log_dir() -> Path:
    return userdirs.log_dir()


def configure_logging(directory: Path | None = None) -> Path | None:
    """Log to a rotating file once per process; returns the file, or None when it cannot be written."""
    global _logging_ready
    target = (directory or log_dir()) / "desk.log"
    if _logging_ready:
        return target
    root = logging.getLogger()
    root.setLevel(logging.INFO)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = RotatingLog(target, max_bytes=1_000_000, backups=3)
    except OSError:
        handler = logging.StreamHandler()
        target = None  # type: ignore[assignment]
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(_MaskIdNumbers())
    root.addHandler(handler)
    _logging_ready = True
    return target


def _flush_sessions() -> None:
    """Write any autosave still waiting (windows autosave shortly after the last edit)."""
    try:
        from PySide6.QtWidgets import QApplication

        if QApplication.instance() is None:
            return
        for widget in QApplication.topLevelWidgets():
            flush = getattr(getattr(widget, "session", None), "flush_session", None)
            if callable(flush):
                flush()
    except Exception:  # the crash handler itself must never fail
        log.exception("无法在错误提示前保存会话")


class CrashHandler:
    """sys.excepthook: log the traceback and show one friendly dialog, never a dead window."""

    def __init__(self, show: Callable[[str], None] | None = None):
        self._showing = False
        self._show = show or self._dialog

    def __call__(self, kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, value, tb)
            return
        log.critical("未处理的错误", exc_info=(kind, value, tb))
        if self._showing:
            return  # one dialog at a time: an error inside a repaint would otherwise stack dozens
        self._showing = True
        try:
            _flush_sessions()  # the dialog promises that what was typed is saved
            self._show(
                "程序遇到了一个意外错误,刚才的操作可能没有完成。\n"
                "已输入的内容已自动保存;可以继续使用,或关闭后重新打开本程序。\n\n"
                f"错误已记录在日志文件中:{log_dir() / 'desk.log'}\n请把这个文件交给技术支持人员。"
            )
        finally:
            self._showing = False

    @staticmethod
    def _dialog(text: str) -> None:
        from PySide6.QtWidgets import QApplication, QMessageBox

        if QApplication.instance() is None:
            print(text, file=sys.stderr)
            return
        QMessageBox.warning(None, "出错了", text)


def install_translations(app: object) -> bool:
    """Qt's own words (OK/Cancel, the print dialog, context menus) in Simplified Chinese."""
    from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    translator = QTranslator(QCoreApplication.instance())
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if not translator.load("qtbase_zh_CN", folder):
        log.warning("Qt 中文翻译不在 %s", folder)
        return False
    return QCoreApplication.installTranslator(translator)


def _problems_box(critical: bool, text: str, advice: str, problems: list[object]) -> None:
    from PySide6.QtWidgets import QMessageBox

    listing = "\n".join(f"• {p}" for p in problems)
    icon = QMessageBox.Icon.Critical if critical else QMessageBox.Icon.Warning
    box = QMessageBox(icon, APP_TITLE, text)
    box.setInformativeText(f"{advice}\n\n{listing}")
    box.setDetailedText(listing)
    box.exec()


def show_pack_problems(problems: list[object]) -> None:
    """Installed packs that could not be used: the program still starts, on the bundled data."""
    _problems_box(
        False,
        "有政策包无法使用,已跳过;程序按其余政策数据运行。",
        "可在“工具 → 政策包管理”中查看、停用或删除。",
        problems,
    )


def show_policy_problems(problems: list[object]) -> None:
    """The bundled policy data is broken: the program cannot answer anything and says so."""
    _problems_box(
        True,
        "政策数据文件有错误,程序无法启动。",
        "请联系管理员修复或重新安装政策数据。以下是每个文件中出错的位置和原因:",
        problems,
    )


def _platform_plugin_loads() -> bool:
    """On Linux, say in Chinese that there is no display, or which system libraries Qt's xcb plugin
    lacks, instead of Qt's English abort."""
    import os

    from desktop.ui.platform_libs import display_problem, xcb_problem

    if _qt_app_running():
        return True
    problem = display_problem(os.environ) or xcb_problem(os.environ)
    if problem is None:
        return True
    log.error("显示插件无法加载:%s", problem.replace("\n", " "))
    print(problem, file=sys.stderr)
    return False


def _qt_app_running() -> bool:
    """A QApplication made earlier (tests, the self-test) means the platform plugin already loaded."""
    qtwidgets = sys.modules.get("PySide6.QtWidgets")
    return qtwidgets is not None and qtwidgets.QApplication.instance() is not None


def _already_running() -> None:
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.information(
        None,
        APP_TITLE,
        "本程序已经打开了一个窗口(它正在启动或没有响应),请在任务栏中切换到那个窗口。\n"
        "同时打开两个窗口会互相覆盖已输入的内容,所以不再打开第二个。",
    )


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if "--self-test" in args or "--self-test-files" in args:
        files_dir = None
        if "--self-test-files" in args:
            at = args.index("--self-test-files")
            if at + 1 >= len(args):
                print("--self-test-files 后面要写一个文件夹", file=sys.stderr)
                return 2
            files_dir = Path(args[at + 1])
        try:
            from desktop.ui.selftest import run_self_test
        except ImportError as exc:
            print(f"自检模块不可用(desktop/ui/selftest.py):{exc}", file=sys.stderr)
            return 2
        return int(run_self_test(files_dir))

    configure_logging()
    if not _platform_plugin_loads():
        return 1
    from PySide6.QtCore import QCoreApplication, Qt
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication

    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
    QCoreApplication.setOrganizationName(APP_ID)
    QCoreApplication.setApplicationName(APP_ID)
    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else APP_ID, *args])
    QGuiApplication.setApplicationDisplayName(APP_TITLE)
    register_font()
    install_translations(app)
    sys.excepthook = CrashHandler()

    import datetime as dt

    from desktop.core import packs
    from desktop.core.packs import load_all
    from desktop.core.policy.loader import PolicyLoadError

    try:
        loaded = load_all(dt.date.today())
    except PolicyLoadError as exc:
        log.error("政策数据加载失败:%s", exc)
        show_policy_problems(list(exc.problems))
        return 1
    policies = loaded.policies

    from PySide6.QtCore import QTimer

    from desktop.ui.main_window import MainWindow
    from desktop.ui.window.session_file import begin_start, end_start

    folder = packs.data_dir()
    from desktop.core import atomic
    from desktop.core.filelock import hold_for_process

    # one window per data folder: a second would overwrite the first's inputs in session.json
    if not hold_for_process(folder / WINDOW_LOCK):
        from desktop.ui.single_instance import ask_running_to_show

        log.warning("已有一个窗口在使用数据文件夹 %s,本次不再打开", folder)
        if not ask_running_to_show(folder):
            _already_running()
        return 0
    atomic.journal_temps_in(folder)  # the next start deletes what a killed save or export left
    # the marker says, at the next start, whether this one reached the window
    failed_before = begin_start(folder)
    if failed_before:
        log.warning("上次启动没有完成(启动标记仍在),本次不恢复上次所在的页签")
    window = MainWindow(policies, safe_start=failed_before)
    window.show_on_screen()
    # a second start asks this window to come to the front (a request file, looked for after the first paint)
    from desktop.ui import single_instance

    QTimer.singleShot(single_instance.LISTEN_AFTER_MS, lambda: single_instance.listen(folder, window))

    # a moment after the window is up, and at the latest when the program ends
    QTimer.singleShot(START_SETTLED_MS, lambda: end_start(folder))
    app.aboutToQuit.connect(lambda: end_start(folder))
    if loaded.problems:
        log.warning("跳过 %d 个无法使用的政策包", len(loaded.problems))
        show_pack_problems(list(loaded.problems))
    log.info("启动,政策年度 %s", ",".join(str(y) for y in policies.years))
    return int(app.exec())
