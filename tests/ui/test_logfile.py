"""desktop.ui.logfile: the log file rotates as logging.handlers.RotatingFileHandler does."""

from __future__ import annotations

import logging
from pathlib import Path

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
