"""The shared atomic write: old or new content, never half; no temporary file left on failure."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from desktop.core import atomic


def test_writes_and_replaces(tmp_path: Path) -> None:
    target = tmp_path / "state.json"
    atomic.atomic_write_bytes(target, b"first")
    assert target.read_bytes() == b"first"
    atomic.atomic_write_text(target, "第二\n")
    assert target.read_bytes() == "第二\n".encode()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["state.json"]


def test_failure_keeps_old_content_and_removes_the_temp_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "state.json"
    target.write_bytes(b"good")
    seen: list[str] = []

    def dying_replace(src: str, dst: object) -> None:
        seen.append(os.path.basename(src))
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, "replace", dying_replace)
    with pytest.raises(OSError):
        atomic.atomic_write_bytes(target, b"new")
    monkeypatch.undo()
    assert target.read_bytes() == b"good"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["state.json"]
    # the temporary file sat beside the target, visible (no leading dot), with the recognisable suffix
    assert len(seen) == 1 and seen[0].startswith("state.json.") and seen[0].endswith(atomic.TEMP_SUFFIX)


def test_missing_folder_raises_without_writing(tmp_path: Path) -> None:
    with pytest.raises(OSError):
        atomic.atomic_write_bytes(tmp_path / "absent" / "x.json", b"x")
    assert list(tmp_path.iterdir()) == []


def test_os_errors_are_told_in_chinese(tmp_path: Path) -> None:
    from desktop.core.errors import os_reason

    folder = tmp_path / "folder"
    folder.mkdir()
    afile = tmp_path / "afile"
    afile.write_bytes(b"")
    caught: list[OSError] = []
    for action in (folder.read_bytes, (afile / "x").read_bytes, (tmp_path / "absent").read_bytes):
        with pytest.raises(OSError) as info:
            action()
        caught.append(info.value)
    assert [os_reason(e) for e in caught] == [
        "这是一个文件夹,不是文件",
        "路径中有一段是文件,不是文件夹",
        "找不到该文件或文件夹",
    ]
    assert os_reason(OSError(28, "No space left on device")) == "磁盘空间不足"
    assert os_reason(OSError(12345, "Strange")) == "读写错误(系统错误代码 12345)"
