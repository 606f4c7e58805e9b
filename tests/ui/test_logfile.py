"""desktop.ui.logfile: the log file rotates as logging.handlers.RotatingFileHandler does, except
where its docstring says otherwise (bytes, not characters; no log without backups; non-regular
files never rotated)."""

from __future__ import annotations

import logging
import os
import stat
import threading
from pathlib import Path

import pytest

from desktop.ui.logfile import RotatingLog


def _logger(handler: logging.Handler) -> logging.Logger:
    logger = logging.getLogger(f"test-logfile-{id(handler)}")
    logger.propagate = False
    logger.setLevel(logging.INFO)
    logger.addHandler(handler)
    return logger


def test_the_file_rotates_before_a_line_that_would_reach_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "desk.log"
    handler = RotatingLog(path, max_bytes=100, backups=3)
    logger = _logger(handler)
    try:
        # each line is 39 digits + newline = 40 bytes: two fit (80), a third would make 120
        for n in range(9):
            logger.info("%s", str(n) * 39)
    finally:
        handler.close()
    # lines 0-8, two per file: 8 in desk.log, 6-7 in .1, 4-5 in .2, 2-3 in .3; 0-1 are gone
    assert path.read_text(encoding="utf-8") == "8" * 39 + "\n"
    assert (tmp_path / "desk.log.1").read_text(encoding="utf-8") == "6" * 39 + "\n" + "7" * 39 + "\n"
    assert (tmp_path / "desk.log.3").read_text(encoding="utf-8") == "2" * 39 + "\n" + "3" * 39 + "\n"
    assert not (tmp_path / "desk.log.4").exists()
    assert all((tmp_path / f"desk.log.{i}").stat().st_size <= 100 for i in (1, 2, 3))


def test_chinese_text_counts_in_bytes(tmp_path: Path) -> None:
    path = tmp_path / "desk.log"
    handler = RotatingLog(path, max_bytes=40, backups=1)
    logger = _logger(handler)
    try:
        logger.info("%s", "启动" * 3)  # 6 characters, 18 bytes + newline = 19
        logger.info("%s", "政策" * 3)  # 19 + 19 = 38 < 40: same file
        logger.info("%s", "年度" * 3)  # 57 >= 40: rotates first
    finally:
        handler.close()
    assert path.read_text(encoding="utf-8") == "年度年度年度\n"
    assert (tmp_path / "desk.log.1").read_text(encoding="utf-8") == "启动启动启动\n政策政策政策\n"


def test_an_existing_file_is_appended_to(tmp_path: Path) -> None:
    path = tmp_path / "desk.log"
    path.write_text("earlier\n", encoding="utf-8")
    handler = RotatingLog(path, max_bytes=1_000, backups=3)
    logger = _logger(handler)
    try:
        logger.info("later")
    finally:
        handler.close()
    assert path.read_text(encoding="utf-8") == "earlier\nlater\n"


# ------------------------------------------------------------------ where it differs from the standard library


@pytest.mark.parametrize(("max_bytes", "backups"), [(100, 0), (0, 3), (-1, 3)])
def test_a_log_that_could_not_stay_bounded_or_would_be_deleted_is_refused(
    tmp_path: Path, max_bytes: int, backups: int
) -> None:
    # backups=0 used to delete the whole log at each rotation, silently; max_bytes=0 never rotates
    # in the standard handler (the file grows without end). Neither is a log the window can keep.
    with pytest.raises(ValueError):
        RotatingLog(tmp_path / "desk.log", max_bytes=max_bytes, backups=backups)
    assert not (tmp_path / "desk.log").exists()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe_nobody_reads_is_refused_at_once(tmp_path: Path) -> None:
    pipe = tmp_path / "desk.log"
    os.mkfifo(pipe)
    outcome: list[BaseException | RotatingLog] = []

    def make() -> None:
        try:
            outcome.append(RotatingLog(pipe, max_bytes=10, backups=2))
        except BaseException as exc:  # noqa: BLE001 - the test looks at it
            outcome.append(exc)

    # before: open() waited for a reader for ever, and the window never started (a thread, so
    # that the old code fails here instead of hanging the suite)
    opener = threading.Thread(target=make, daemon=True)
    opener.start()
    opener.join(10)
    if opener.is_alive():
        os.close(os.open(pipe, os.O_RDONLY | os.O_NONBLOCK))  # let the stuck open go
        opener.join(10)
        pytest.fail("opening a named pipe nobody reads waited for a reader")
    assert len(outcome) == 1 and isinstance(outcome[0], OSError)
    assert stat.S_ISFIFO(pipe.stat().st_mode)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe_read_by_someone_is_written_to_and_never_rotated(tmp_path: Path) -> None:
    pipe = tmp_path / "desk.log"
    os.mkfifo(pipe)
    reader = os.open(pipe, os.O_RDONLY | os.O_NONBLOCK)
    handler = RotatingLog(pipe, max_bytes=50, backups=2)
    logger = _logger(handler)
    errors: list[logging.LogRecord] = []
    handler.handleError = errors.append  # type: ignore[method-assign]
    try:
        for n in range(3):
            logger.info("%s", str(n) * 39)
        got = os.read(reader, 1000)
    finally:
        handler.close()
        os.close(reader)
    # before: the pipe's position could not be told, so every line after the first was lost
    assert got == b"".join(str(n).encode() * 39 + b"\n" for n in range(3))
    assert errors == []
    assert stat.S_ISFIFO(pipe.stat().st_mode) and sorted(p.name for p in tmp_path.iterdir()) == ["desk.log"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_nothing_but_a_regular_file_is_written_over_where_the_older_logs_go(tmp_path: Path) -> None:
    path = tmp_path / "desk.log"
    os.mkfifo(tmp_path / "desk.log.1")
    handler = RotatingLog(path, max_bytes=100, backups=2)
    logger = _logger(handler)
    try:
        for n in range(4):
            logger.info("%s", str(n) * 39)
    finally:
        handler.close()
    # not rotated: every line stays in desk.log, and the pipe at desk.log.1 is left as it was
    assert path.read_text(encoding="utf-8") == "".join(str(n) * 39 + "\n" for n in range(4))
    assert stat.S_ISFIFO((tmp_path / "desk.log.1").stat().st_mode)
