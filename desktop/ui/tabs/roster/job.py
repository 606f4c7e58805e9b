"""The roster's slow steps off the GUI thread: a worker per step and the progress row that runs it.

Reading and checking a 10,000-row file takes about a second; the row shows what is being done,
a progress bar and a 取消 button. The core does the work; cancelling makes it raise RosterCancelled.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QThread, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from desktop.core.policy.frozen import PolicyYear
from desktop.core.policy.kinds import District
from desktop.core.roster import (
    ColumnMapping,
    RawTable,
    RosterCancelled,
    RosterReadError,
    build_roster,
    read_table,
)

log = logging.getLogger(__name__)

#: work the job runs: gets (progress, cancelled) callbacks, returns its result or raises
JobFn = Callable[[Callable[[int, int], None], Callable[[], bool]], object]


def read_job(path: Path) -> JobFn:
    """Reading the file into a RawTable."""
    return lambda progress, cancelled: read_table(path, progress=progress, cancelled=cancelled)


def check_job(
    policy: PolicyYear,
    table: RawTable,
    mapping: ColumnMapping,
    district: District | None,
    data_hash: str,
    stale: str | None,
    corrected: dict[int, dict[str, str]] | None = None,
) -> JobFn:
    """Checking and quoting every row under ``policy`` (``district`` where a row names none);
    ``corrected``: what the file said in the cells corrected in the window."""
    return lambda progress, cancelled: build_roster(
        policy,
        table,
        mapping,
        default_district=district,
        data_hash=data_hash,
        stale_warning=stale,
        progress=progress,
        cancelled=cancelled,
        corrected=corrected,
    )


class RosterJob(QThread):
    """Runs one slow core call off the GUI thread; cancel() makes the core raise RosterCancelled.

    Signals carry the job itself, so the tab can ignore a job it has already given up on.
    """

    progressed = Signal(int, int)
    succeeded = Signal(object, object)  # job, result
    ended = Signal(object, str)  # job, why (cancelled or unreadable)

    def __init__(self, fn: JobFn, on_success: Callable[[Any], None], cancel_message: str):
        super().__init__()
        self._fn = fn
        self.on_success = on_success
        self.cancel_message = cancel_message
        self._stop = threading.Event()

    def cancel(self) -> None:
        self._stop.set()

    def run(self) -> None:
        try:
            result = self._fn(self.progressed.emit, self._stop.is_set)
        except RosterCancelled:
            self.ended.emit(self, self.cancel_message)
        except RosterReadError as exc:
            self.ended.emit(self, str(exc))
        except Exception as exc:  # noqa: BLE001 - a worker must always report back, or the tab stays busy
            # only the type: an exception's text could quote a cell of the roster
            log.error("名册处理出错:%s", type(exc).__name__)
            self.ended.emit(self, self.tr("名册处理出错,未能导入;请检查文件后重试"))
        else:
            self.succeeded.emit(self, result)


class JobRow(QWidget):
    """The progress row; runs one job at a time and is shown only while it runs."""

    #: a job started or was let go: the tab enables its buttons by ``busy``
    busy_changed = Signal()
    #: a job ended without a result: the message says why (cancelled or unreadable)
    failed = Signal(str)

    def __init__(self, cancel_message: str):
        super().__init__()
        self._cancel_message = cancel_message
        self._job: RosterJob | None = None
        prow = QHBoxLayout(self)
        prow.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel()
        self.progress = QProgressBar()
        self.progress.setTextVisible(True)
        self.cancel_button = QPushButton(self.tr("取消"))
        self.cancel_button.setObjectName("roster_cancel")
        self.cancel_button.clicked.connect(self.cancel)
        prow.addWidget(self.label)
        prow.addWidget(self.progress, 1)
        prow.addWidget(self.cancel_button)
        self.hide()

    @property
    def busy(self) -> bool:
        return self._job is not None

    def start(self, label: str, fn: JobFn, done: Callable[[Any], None]) -> None:
        """Run ``fn`` in a worker; ``done`` gets its result on the GUI thread."""
        # Slots are bound methods of this row (not lambdas), so Qt queues them onto the GUI thread.
        job = RosterJob(fn, done, self._cancel_message)
        job.progressed.connect(self._progressed)
        job.succeeded.connect(self._job_succeeded)
        job.ended.connect(self._job_ended)
        self._job = job
        self.label.setText(label)
        self.progress.setRange(0, 0)
        self.show()
        self.cancel_button.setEnabled(True)
        self.busy_changed.emit()
        job.start()

    def _progressed(self, done: int, total: int) -> None:
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(min(done, total))

    def _release(self, job: RosterJob) -> bool:
        """Let a finished job go; True when it is the one the row is waiting for."""
        job.wait()
        job.deleteLater()
        if self._job is not job:
            return False
        self._job = None
        self.hide()
        self.busy_changed.emit()
        return True

    def _job_succeeded(self, job: RosterJob, value: object) -> None:
        if self._release(job):
            job.on_success(value)

    def _job_ended(self, job: RosterJob, message: str) -> None:
        if self._release(job):
            self.failed.emit(message)

    def cancel(self) -> None:
        if self._job is not None:
            self.cancel_button.setEnabled(False)
            self.label.setText(self.tr("正在取消…"))
            self._job.cancel()

    def wait_idle(self) -> None:
        """Stop the worker and wait for it (before the application quits, and when the tab is cleared)."""
        job, self._job = self._job, None
        if job is not None:
            job.cancel()
            job.wait()
            self.hide()
            self.busy_changed.emit()
