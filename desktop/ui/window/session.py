"""The main window's memory: the session autosave and its restore, new/open/save of case files.

Every edit (re)starts a short timer; when the clerk pauses, the inputs of every tab go to
``session.json`` in the data folder, and the next start shows them again. A damaged session
never stops the start and is never lost (desktop/ui/window/session_file.py).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtWidgets import QComboBox, QFileDialog, QMainWindow, QMessageBox, QTabWidget

from desktop.app_info import APP_TITLE
from desktop.core import atomic
from desktop.core.errors import os_reason
from desktop.core.jsonsafe import JsonLimitError, loads_limited
from desktop.core.policy.loader import PolicySet
from desktop.ui import file_dialogs
from desktop.ui.tab_base import FROM_SESSION, WorkTab, api
from desktop.ui.window.session_file import (
    MAX_SESSION_BYTES,
    SESSION_VERSION,
    SessionDamaged,
    check_session,
    clean_data_folder,
    free_damaged_path,
    set_aside,
)

log = logging.getLogger(__name__)

#: an edit schedules the session autosave this long after the last keystroke: typing a number
#: writes the file once, not once per digit; closing the window or a crash dialog writes at once
AUTOSAVE_DELAY_MS = 400
CASE_FILTER = "测算案例 (*.czcase *.json)"


def tr(text: str) -> str:
    return QCoreApplication.translate("MainWindow", text)


class SessionHost(Protocol):
    """What the session reads of the window: its years, its tabs, and where the session file is."""

    policies: PolicySet
    today: dt.date
    tabs: QTabWidget
    year_combo: QComboBox

    @property
    def selected_year(self) -> int: ...

    def work_tabs(self) -> list[WorkTab]:
        """The working tabs built so far, in tab order."""
        ...

    def tab_keys(self) -> list[str]:
        """Every tab's case key, in tab order (built or not)."""
        ...

    def tab_title(self, key: str) -> str: ...

    def session_path(self) -> Path: ...


class Session:
    """The window's session and case files: ``window`` owns its dialogs, timer and status line;
    ``host`` (the same window) is what it reads."""

    def __init__(self, window: QMainWindow, host: SessionHost) -> None:
        self.window = window
        self.host = host
        # nothing is autosaved until the last session has been read back
        self.restoring = True
        #: False when a damaged session could not be set aside: it is then never written over
        self.writable = True
        #: what the clerk was told about a damaged session, if anything
        self.session_notice: str | None = None
        self.session_box: QMessageBox | None = None
        self._autosave = QTimer(window)
        self._autosave.setSingleShot(True)
        self._autosave.setInterval(AUTOSAVE_DELAY_MS)
        self._autosave.timeout.connect(self.save_session)
        #: inputs read from a session or case file for tabs not built yet, keyed by case_key
        self.pending: dict[str, dict[str, Any]] = {}
        #: why the last autosave failed (None while autosave works), and the one dialog saying so
        self.autosave_problem: str | None = None
        self.autosave_box: QMessageBox | None = None
        self._autosave_dialog: QMessageBox | None = None

    def tab_changed(self) -> None:
        if not self.restoring:
            self._autosave.start()  # (re)starts the delay: one write after the clerk pauses

    def state(self) -> dict[str, Any]:
        # tabs not opened this time keep what they had
        tabs: dict[str, Any] = {
            key: {k: v for k, v in saved.items() if k != FROM_SESSION} for key, saved in self.pending.items()
        }
        tabs.update({tab.case_key: api(tab).to_case() for tab in self.host.work_tabs()})
        return {
            "version": SESSION_VERSION,
            "policy_year": self.host.selected_year,
            "current_tab": self.host.tabs.currentIndex(),
            "tabs": tabs,
        }

    def apply_state(self, data: dict[str, Any], *, from_session: bool = False) -> None:
        """Show saved inputs; a tab that cannot take its own is reported (``restore_failed``).

        ``from_session``: the inputs are the last session's, restored at start; the roster tab then
        reads no roster file until the clerk asks (a case file the clerk opens is read at once)."""
        self.restoring = True
        try:
            year = data.get("policy_year")
            # only a loaded year is looked up: anything else (a 39-digit number from a hand-made
            # case file) would overflow inside Qt
            if isinstance(year, int) and year in self.host.policies.years:
                self.host.year_combo.setCurrentIndex(self.host.year_combo.findData(year))
            tabs = data.get("tabs")
            tabs = tabs if isinstance(tabs, dict) else {}
            built = {tab.case_key: tab for tab in self.host.work_tabs()}
            slots = self.host.tab_keys()
            for key, saved in tabs.items():
                if not isinstance(saved, dict):
                    if key in slots:
                        self.restore_failed(key, saved)
                    continue
                if from_session and key == "roster":
                    saved = {**saved, FROM_SESSION: True}
                if key in built:
                    try:
                        api(built[key]).load_case(saved)
                    except Exception:  # a broken part of a session must not stop the rest
                        log.exception("无法恢复页签 %s", key)
                        self.restore_failed(key, saved)
                elif key in slots:
                    self.pending[key] = saved
            current = data.get("current_tab")
            if isinstance(current, int) and 0 <= current < self.host.tabs.count():
                self.host.tabs.setCurrentIndex(current)
        finally:
            self.restoring = False

    def save_session(self) -> None:
        self._autosave.stop()  # whatever was scheduled is written now
        if not self.writable:
            return  # a damaged session that could not be set aside is never overwritten
        path = self.host.session_path()
        try:
            text = json.dumps(self.state(), ensure_ascii=False, indent=1)
            path.parent.mkdir(parents=True, exist_ok=True)
            atomic.atomic_write_text(path, text, private=True)
        except OSError as exc:
            log.warning("无法写入会话文件:%s", os_reason(exc))
            self._autosave_failed(os_reason(exc))
        except (TypeError, ValueError):
            log.exception("无法写入会话文件")
            self._autosave_failed(tr("内容无法保存"))
        else:
            if self.autosave_problem is not None:
                self.autosave_problem = None
                self.window.statusBar().showMessage(tr("输入记录已能自动保存"), 5000)

    def _autosave_failed(self, reason: str) -> None:
        """Say at once that the inputs are not being kept (status bar, and one dialog until a save
        succeeds again); they stay in the window, and 另存为 writes them elsewhere."""
        first = self.autosave_problem is None
        self.autosave_problem = reason
        text = tr(
            "输入记录无法自动保存({reason}),关闭程序后刚才的输入会丢失。已输入的内容仍在窗口中;"
            "请用“另存为”把测算案例保存到别处(如U盘或桌面)。"
        ).format(reason=reason)
        self.window.statusBar().showMessage("⚠ " + text)
        if not first or self.autosave_box is not None:
            return
        box = self._autosave_dialog
        if box is None:
            # made once and kept with the window (never deleted on its own: a deferred delete
            # racing the window's own end crashed Qt)
            box = QMessageBox(QMessageBox.Icon.Warning, APP_TITLE, text, QMessageBox.StandardButton.Close, self.window)
            save_as = box.addButton(tr("另存为…"), QMessageBox.ButtonRole.AcceptRole)
            box.setWindowModality(Qt.WindowModality.NonModal)
            box.finished.connect(lambda _result: self._autosave_answered(box.clickedButton() is save_as))
            self._autosave_dialog = box
        box.setText(text)
        self.autosave_box = box
        QTimer.singleShot(0, box, box.show)

    def _autosave_answered(self, save_as: bool) -> None:
        self.autosave_box = None
        if save_as:
            self.save_case()

    def flush_session(self) -> None:
        """Write the session now if an edit is still waiting for its autosave."""
        if self._autosave.isActive():
            self.save_session()

    def restore_session(self, *, safe_start: bool = False) -> bool:
        """Show the last session's inputs. A damaged session never stops the start and is never
        lost: it is set aside as ``session.damaged-<time>.json``, the clerk is told once, and the
        window starts clean.

        ``safe_start``: the last start never reached the window (its start marker was left). The
        tab that was in front then is not restored: its inputs are set aside in a file, the window
        opens on the first tab, and the clerk is told why."""
        path = self.host.session_path()
        clean_data_folder(path.parent)
        try:
            if not path.exists() and not path.is_symlink():
                return False
            try:
                if not path.is_file():
                    raise SessionDamaged("不是文件")
                with path.open("rb") as handle:
                    raw = handle.read(MAX_SESSION_BYTES + 1)  # the limit before anything is parsed
                data = check_session(loads_limited(raw, max_bytes=MAX_SESSION_BYTES))
                if safe_start:
                    data = self._without_front_tab(data)
            except JsonLimitError as exc:
                raise SessionDamaged(exc.reason) from None
            except OSError as exc:
                raise SessionDamaged(f"无法读取:{os_reason(exc)}") from None
            self.apply_state(data, from_session=True)
        except SessionDamaged as exc:
            self._session_damaged(path, exc.reason)
            return False
        except Exception:  # noqa: BLE001 - whatever else: never a crash dialog at every start
            log.exception("会话文件无法恢复")
            self._clear_tabs()
            self._session_damaged(path, "内容无法恢复")
            return False
        if self.session_notice is None:
            self.window.statusBar().showMessage(tr("已恢复上次的输入"), 5000)
        return True

    def _without_front_tab(self, data: dict[str, Any]) -> dict[str, Any]:
        """The session without the tab that was in front when the last start stopped short."""
        keys = self.host.tab_keys()
        current = data.get("current_tab")
        key = keys[current] if isinstance(current, int) and 0 <= current < len(keys) else None
        tabs = dict(data.get("tabs") or {})
        title = self.host.tabs.tabText(current) if key is not None and isinstance(current, int) else ""
        kept = ""
        if key is not None and key in tabs:
            saved = tabs.pop(key)
            try:
                aside = free_damaged_path(self.host.session_path().parent, dt.datetime.now())
                document = {"version": SESSION_VERSION, "tabs": {key: saved}}
                atomic.atomic_write_text(aside, json.dumps(document, ensure_ascii=False, indent=1), private=True)
            except (OSError, TypeError, ValueError) as exc:
                log.warning("无法另存未恢复的页签内容:%s", os_reason(exc) if isinstance(exc, OSError) else exc)
                kept = tr("这部分内容无法另存,本次保留在内存中。")
                self.pending[key] = saved  # not shown, but not lost by the next autosave either
            else:
                kept = tr("这部分内容已另存为:{path}").format(path=aside)
        log.warning("上次启动没有完成,本次不恢复页签 %s", key)
        what = tr("“{title}”页签的内容").format(title=title) if title else tr("上次所在的页签")
        self._notify(
            tr(
                "上次启动没有完成(程序在窗口出现之前就退出了)。为安全起见,本次没有恢复{what},从第一个页签开始。{kept}"
            ).format(what=what, kept=kept)
        )
        return {**data, "tabs": tabs, "current_tab": 0}

    def _clear_tabs(self) -> None:
        self.restoring = True
        try:
            self.pending.clear()
            for tab in self.host.work_tabs():
                try:
                    api(tab).clear()
                except Exception:  # noqa: BLE001 - a tab that cannot clear itself must not stop the start
                    log.exception("页签无法清空")
        finally:
            self.restoring = False

    def _session_damaged(self, path: Path, reason: str) -> None:
        """Keep the damaged file aside (never overwritten) and tell the clerk once, in Chinese."""
        log.warning("会话文件已损坏:%s", reason)
        try:
            aside = set_aside(path, dt.datetime.now())
        except OSError as exc:
            log.warning("损坏的会话文件无法另存:%s", os_reason(exc))
            self.writable = False
            text = tr(
                "上次的输入记录文件已损坏({reason}),且无法另存到一旁({why})。"
                "为免覆盖它,本次不会自动保存输入记录。\n文件位置:{path}"
            ).format(reason=reason, why=os_reason(exc), path=path)
        else:
            text = tr("上次的输入记录已损坏({reason}),无法恢复,本次从空白开始。原文件已另存为:{path}").format(
                reason=reason, path=aside
            )
        self._notify(text)

    def restore_failed(self, key: str, saved: object) -> None:
        """A tab could not take its saved inputs: keep them in a file and say so (the rest stays)."""
        title = self.host.tab_title(key) if key in self.host.tab_keys() else key
        try:
            aside = free_damaged_path(self.host.session_path().parent, dt.datetime.now())
            document = {"version": SESSION_VERSION, "tabs": {key: saved}}
            atomic.atomic_write_text(aside, json.dumps(document, ensure_ascii=False, indent=1), private=True)
        except (OSError, TypeError, ValueError) as exc:
            log.warning("无法另存未恢复的页签内容:%s", exc)
            kept = tr("这部分内容无法另存。")
        else:
            kept = tr("这部分内容已另存为:{path}").format(path=aside)
        self._notify(tr("“{title}”页签保存的内容无法恢复,其余内容已恢复。{kept}").format(title=title, kept=kept))

    def _notify(self, text: str) -> None:
        """Tell the clerk once: a message box that does not block, and the status bar until replaced."""
        self.session_notice = text if self.session_notice is None else f"{self.session_notice}\n{text}"
        self.window.statusBar().showMessage(self.session_notice)
        if self.session_box is not None:
            self.session_box.setText(self.session_notice)
            return
        box = QMessageBox(
            QMessageBox.Icon.Warning, APP_TITLE, self.session_notice, QMessageBox.StandardButton.Ok, self.window
        )
        box.setWindowModality(Qt.WindowModality.NonModal)
        self.session_box = box
        box.finished.connect(self._notice_read)
        # after the window itself is up (never blocks the start); dropped if the window is gone first
        QTimer.singleShot(0, box, box.show)

    def _notice_read(self) -> None:
        if self.session_box is not None:
            self.session_box.deleteLater()
        self.session_box = None

    def new_case(self) -> None:
        answer = QMessageBox.question(
            self.window,
            tr("新建"),
            tr("清空所有页签中已输入的内容,开始新的测算?"),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self._clear_tabs()
        self.save_session()

    def open_case(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self.window, tr("打开测算案例"), file_dialogs.start(), tr(CASE_FILTER))
        if not path:
            return
        file_dialogs.remember(path)
        from desktop.ui.case_file import CaseFileError, load_case, unknown_values

        try:
            data = load_case(Path(path))
        except CaseFileError as exc:
            QMessageBox.warning(self.window, tr("打开测算案例"), str(exc))
            return
        # nothing is opened silently changed: a year not loaded, or a value this version does not
        # know (a newer version's, or a hand edit), would be shown as some other value
        year = data.get("policy_year")
        from desktop.core.policy.names import district_ids

        districts = district_ids(self.host.policies[year]) if year in self.host.policies.years else None
        problems = unknown_values(data, districts)
        if year is not None and (
            not isinstance(year, int) or isinstance(year, bool) or year not in self.host.policies.years
        ):
            have = "、".join(str(y) for y in self.host.policies.years)
            problems.insert(
                0,
                tr("案例的政策年度是 {year},本程序没有该年度的政策数据(已载入:{have})").format(
                    year=str(year)[:20], have=have
                ),
            )
        if problems:
            listing = "\n".join(f"• {p}" for p in problems)
            QMessageBox.warning(
                self.window,
                tr("打开测算案例"),
                tr("{name} 中有本程序无法按原样显示的内容,为免按替换后的值测算,没有打开:\n{listing}").format(
                    name=Path(path).name, listing=listing
                ),
            )
            return
        self.apply_state(data)
        self.save_session()
        self.window.statusBar().showMessage(tr("已打开 {path}").format(path=path), 5000)

    def case_file_name(self) -> str:
        """What 保存 offers: the household's first name and the date (“张建国-20261207.czcase”)."""
        members = self.state()["tabs"].get("quote", {}).get("members", [])
        names = [str(m.get("name") or "") for m in members if isinstance(m, dict) and m.get("name")]
        first = re.sub(r'[\\/:*?"<>|]', "", names[0])[:20] if names else ""
        return f"{first or tr('测算案例')}-{self.host.today:%Y%m%d}.czcase"

    def save_case(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self.window, tr("保存测算案例"), file_dialogs.start(self.case_file_name()), tr(CASE_FILTER)
        )
        if not path:
            return
        file_dialogs.remember(path)
        from desktop.ui.case_file import CaseFileError, save_case

        try:
            save_case(Path(path), self.state())
        except (CaseFileError, OSError) as exc:
            QMessageBox.warning(self.window, tr("保存测算案例"), str(exc))
            return
        self.window.statusBar().showMessage(tr("已保存到 {path}").format(path=path), 5000)
