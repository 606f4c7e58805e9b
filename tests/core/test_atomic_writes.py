"""The one atomic-write helper: temporary names, library writers, leftovers of killed writes
(the JSON limits that guard files the program reads back: tests/core/test_jsonsafe.py)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from desktop.core import atomic

FULL_ID = "320483195005010014"


def _dead_pid() -> int:
    """The id of a process that has just ended (not reused within the test)."""
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    return int(done.stdout)


def test_temporary_name_is_visible_has_our_suffix_and_the_writer_pid(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[str] = []
    real = os.replace

    def spy(src: str, dst: str) -> None:
        seen.append(os.path.basename(src))
        real(src, dst)

    monkeypatch.setattr(atomic.os, "replace", spy)
    atomic.atomic_write_text(tmp_path / "session.json", "{}")
    (name,) = seen
    assert not name.startswith(".")  # a dot hides nothing on Windows
    assert name.startswith(f"session.json.{os.getpid()}-") and name.endswith(atomic.TEMP_SUFFIX)
    assert atomic.is_our_temp(name)


def test_a_library_writer_writes_the_temporary_path_then_it_replaces(tmp_path: Path) -> None:
    target = tmp_path / "out.xlsx"
    target.write_bytes(b"old good file")
    with atomic.replacing(target) as tmp:
        assert tmp.parent == tmp_path and tmp != target
        with zipfile.ZipFile(tmp, "w") as zf:
            zf.writestr("a.txt", "new")
        assert target.read_bytes() == b"old good file"  # untouched until the writer is done
    assert zipfile.ZipFile(target).read("a.txt") == b"new"
    assert [p.name for p in tmp_path.iterdir()] == ["out.xlsx"]


def test_a_failing_library_writer_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "slip.pdf"
    target.write_bytes(b"%PDF- old")
    with pytest.raises(RuntimeError), atomic.replacing(target) as tmp:
        tmp.write_bytes(b"%PDF- half")
        raise RuntimeError("killed by a bug")
    assert target.read_bytes() == b"%PDF- old"
    assert [p.name for p in tmp_path.iterdir()] == ["slip.pdf"]


def test_a_folder_where_the_file_should_be_raises_oserror_and_leaves_nothing(tmp_path: Path) -> None:
    (tmp_path / "out.xlsx").mkdir()
    with pytest.raises(OSError):
        atomic.atomic_write_bytes(tmp_path / "out.xlsx", b"x")
    assert [p.name for p in tmp_path.iterdir()] == ["out.xlsx"]
    assert (tmp_path / "out.xlsx").is_dir()


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_private_files_are_the_owners_and_a_replaced_file_keeps_its_permissions(tmp_path: Path) -> None:
    atomic.atomic_write_text(tmp_path / "case.czcase", FULL_ID, private=True)
    assert (tmp_path / "case.czcase").stat().st_mode & 0o777 == 0o600
    atomic.atomic_write_text(tmp_path / "out.html", "x")
    assert (tmp_path / "out.html").stat().st_mode & 0o777 == 0o644
    (tmp_path / "out.html").chmod(0o640)
    atomic.atomic_write_text(tmp_path / "out.html", "y")
    assert (tmp_path / "out.html").stat().st_mode & 0o777 == 0o640


def test_leftovers_of_dead_or_old_writers_are_cleaned_and_live_ones_kept(tmp_path: Path) -> None:
    dead = _dead_pid()
    names = {
        "dead": f"家庭.czcase.{dead}-abcd1234{atomic.TEMP_SUFFIX}",
        "mine": f"session.json.{os.getpid()}-abcd1234{atomic.TEMP_SUFFIX}",
        "parent": f"session.json.{os.getppid()}-zz_91234{atomic.TEMP_SUFFIX}",
        "old_alive": f"out.xlsx.{os.getppid()}-00000000{atomic.TEMP_SUFFIX}",
        "legacy_case": ".czcase-k2j_a9zz.tmp",
        "legacy_session": "session.jsonq8w7e6r5.tmp",
        "legacy_young": ".czcase-aaaaaaaa.tmp",
        "qt_settings_old": "settings.ini.nLikWn",
        "foreign": "报表.xlsx.tmp",
        "foreign2": f"notes{atomic.TEMP_SUFFIX}",
    }
    for name in names.values():
        (tmp_path / name).write_text(FULL_ID, encoding="utf-8")
    long_ago = time.time() - atomic.STALE_AFTER_S - 60
    for key in ("old_alive", "legacy_case", "legacy_session", "qt_settings_old"):
        os.utime(tmp_path / names[key], (long_ago, long_ago))
    (tmp_path / f"a.{dead}-abcdefgh{atomic.TEMP_SUFFIX}").mkdir()  # a folder is never ours to delete

    removed = {p.name for p in atomic.clean_stale_temps(tmp_path)}

    assert removed == {names[k] for k in ("dead", "old_alive", "legacy_case", "legacy_session", "qt_settings_old")}
    left = {p.name for p in tmp_path.iterdir()}
    assert {names[k] for k in ("mine", "parent", "legacy_young", "foreign", "foreign2")} <= left


def test_cleaning_a_folder_that_cannot_be_read_is_quiet(tmp_path: Path) -> None:
    assert atomic.clean_stale_temps(tmp_path / "absent") == []
    (tmp_path / "file").write_text("x", encoding="utf-8")
    assert atomic.clean_stale_temps(tmp_path / "file") == []


def test_a_write_cleans_leftovers_beside_it(tmp_path: Path) -> None:
    leftover = tmp_path / f"case.czcase.{_dead_pid()}-abcd1234{atomic.TEMP_SUFFIX}"
    leftover.write_text(FULL_ID, encoding="utf-8")
    atomic.atomic_write_text(tmp_path / "other.czcase", "{}")
    assert not leftover.exists()


def test_half_made_pack_folders_of_dead_or_old_installs_are_cleaned(tmp_path: Path) -> None:
    dead = _dead_pid()
    made = {
        "dead": tmp_path / f".install-{dead}-abcd1234",
        "alive": tmp_path / f".install-{os.getppid()}-abcd1234",
        "legacy_old": tmp_path / ".install-k2j_a9zz",
        "legacy_young": tmp_path / ".install-aaaaaaaa",
        "removing_old": tmp_path / ".remove-2026.1",
        "removing_dead": tmp_path / f".remove-{dead}-2026.2",
        "removing_alive": tmp_path / f".remove-{os.getppid()}-2026.3",
        "pack": tmp_path / "2026.1",
    }
    for folder in made.values():
        (folder / "sub").mkdir(parents=True)
        (folder / "sub" / "policy.yaml").write_text("x", encoding="utf-8")
    long_ago = time.time() - atomic.STALE_AFTER_S - 60
    for key in ("legacy_old", "removing_old"):
        os.utime(made[key], (long_ago, long_ago))
    removed = set(atomic.clean_stale_pack_folders(tmp_path))
    assert removed == {made["dead"], made["legacy_old"], made["removing_old"], made["removing_dead"]}
    assert all(made[k].is_dir() for k in ("alive", "legacy_young", "pack", "removing_alive"))
