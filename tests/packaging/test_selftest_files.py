"""``--self-test-files DIR``: a case, a roster and a pack named in Chinese with spaces, saved and opened.

CI runs it on the Windows .exe with DIR on another drive letter (D:); here on Linux.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _run(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", CZDESK_DATA_DIR=str(tmp_path / "data"))
    return subprocess.run(
        [sys.executable, "-m", "desktop", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=180,
        stdin=subprocess.DEVNULL,
    )


def test_files_with_chinese_names_and_spaces_save_and_open(tmp_path: Path) -> None:
    folder = tmp_path / "另一个 盘"
    folder.mkdir()
    (folder / "职员的文件.txt").write_text("不能动", encoding="utf-8")
    done = _run(tmp_path, "--self-test-files", str(folder))
    assert done.returncode == 0, done.stdout + done.stderr
    out = done.stdout
    assert "SELF-TEST OK" in out
    assert f"case file: saved and opened {folder / '测算台 自检 文件' / '张一 家 测算案例.czcase'}" in out
    # two Wujin non-employed adults at 880.00 (850 + 30 长护险) each
    assert "roster: 湖塘镇 某村 名册.csv -> 1760.00, exported and reopened" in out
    assert "policy pack: built and opened" in out and "政策包 2025 副本.czpack (2025, " in out
    assert f"user data folder: {tmp_path / 'data'}" in out
    # the self-test's own folder is gone; what else was in DIR is untouched
    assert sorted(p.name for p in folder.iterdir()) == ["职员的文件.txt"]


def test_a_missing_folder_fails_in_chinese(tmp_path: Path) -> None:
    done = _run(tmp_path, "--self-test-files", str(tmp_path / "没有这个文件夹"))
    assert done.returncode == 1
    assert "SELF-TEST FAILED: 文件夹不存在" in done.stderr


def test_the_folder_argument_is_required(tmp_path: Path) -> None:
    done = _run(tmp_path, "--self-test-files")
    assert done.returncode == 2
    assert "--self-test-files 后面要写一个文件夹" in done.stderr
