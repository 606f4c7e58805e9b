"""desktop.start_costs: the bundled modules read through one kept handle; PySide6's source scan off.

The archive test uses PyInstaller's own writer and reader (the build extra installs PyInstaller):
a real PYZ archive is read module by module, first as PyInstaller does (one open per module),
then patched (one open in all), with the same code objects out. The executable's --self-test
checks the patch applied in the real build.
"""

from __future__ import annotations

import builtins
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from desktop import start_costs

ROOT = Path(__file__).resolve().parents[2]


def test_kept_open_hands_out_one_handle_per_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first, second = tmp_path / "a.bin", tmp_path / "b.bin"
    first.write_bytes(bytes(range(256)) * 4)
    second.write_bytes(b"second")
    opened: list[str] = []
    real_open = builtins.open

    def counting_open(path, mode="r", *args, **kwargs):  # type: ignore[no-untyped-def]
        opened.append(str(path))
        return real_open(path, mode, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", counting_open)
    kept = start_costs.KeptOpen()
    try:
        for offset in (0, 300, 1000, 7):
            with kept(str(first), "rb") as fp:
                fp.seek(offset)
                assert fp.read(3) == bytes(b % 256 for b in range(offset, offset + 3))
        with kept(second, "rb") as fp:
            fp.seek(0)
            assert fp.read() == b"second"
        assert opened == [str(first), str(second)]
        # any other mode is the real open, every time
        with kept(tmp_path / "c.txt", "w", encoding="utf-8") as out:
            out.write("x")
        assert opened[-1] == str(tmp_path / "c.txt") and (tmp_path / "c.txt").read_text(encoding="utf-8") == "x"
    finally:
        kept.close()


def test_threads_reading_through_the_kept_handle_get_their_own_bytes(tmp_path: Path) -> None:
    path = tmp_path / "data.bin"
    path.write_bytes(b"".join(i.to_bytes(4, "big") for i in range(10_000)))
    kept = start_costs.KeptOpen()
    wrong: list[int] = []

    def reader(start: int) -> None:
        for i in range(start, 10_000, 8):
            with kept(str(path), "rb") as fp:
                fp.seek(4 * i)
                if int.from_bytes(fp.read(4), "big") != i:
                    wrong.append(i)

    threads = [threading.Thread(target=reader, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    kept.close()
    assert wrong == []


def test_pyinstallers_reader_reads_the_same_modules_with_one_open(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PyInstaller.archive.writers import ZlibArchiveWriter
    from PyInstaller.loader import pyimod01_archive

    names = ["alpha", "beta", "gamma"]
    code = {name: compile(f"VALUE = {name!r}\n", f"{name}.py", "exec") for name in names}
    archive_path = tmp_path / "PYZ.pyz"
    ZlibArchiveWriter(str(archive_path), [(name, f"{name}.py", "PYMODULE") for name in names], code)
    opened: list[str] = []
    real_open = builtins.open

    def counting_open(path, mode="r", *args, **kwargs):  # type: ignore[no-untyped-def]
        if str(path) == str(archive_path):
            opened.append(mode)
        return real_open(path, mode, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", counting_open)
    reader = pyimod01_archive.ZlibArchiveReader(str(archive_path))
    before = [reader.extract(name) for name in names * 2]
    assert len(opened) == 1 + 6  # the table of contents, then one open per module read

    monkeypatch.setitem(sys.modules, "pyimod01_archive", pyimod01_archive)
    monkeypatch.delattr(pyimod01_archive, "open", raising=False)
    assert not start_costs.archive_kept_open()
    try:
        assert start_costs.keep_archive_open() and start_costs.archive_kept_open()
        opened.clear()
        after = [reader.extract(name) for name in names * 2]
        assert opened == ["rb"]  # one open for all six reads
        assert after == before
        namespaces: list[dict[str, object]] = [{} for _ in after]
        for space, obj in zip(namespaces, after, strict=True):
            exec(obj, space)  # noqa: S102 - the code objects compiled above
        assert [space["VALUE"] for space in namespaces] == names * 2
    finally:
        kept = pyimod01_archive.__dict__.pop("open", None)
        if isinstance(kept, start_costs.KeptOpen):
            kept.close()


def test_without_pyinstallers_reader_nothing_is_patched(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delitem(sys.modules, "pyimod01_archive", raising=False)
    assert not start_costs.keep_archive_open()
    assert not start_costs.archive_kept_open()


SCAN_PROBE = r"""
import inspect, sys
import PySide6.QtCore
from desktop import start_costs
read = []
real = inspect.getsource
inspect.getsource = lambda obj: read.append(getattr(obj, "__name__", obj)) or real(obj)
if sys.argv[1] == "skip":
    assert start_costs.skip_pyside_source_scan()
sys.path.insert(0, sys.argv[2])
import czdesk_probe_module
from PySide6.QtCore import QObject, QTimer
QObject().setObjectName("still works")
feature = sys.modules["shibokensupport.feature"]
print("czdesk_probe_module" in read, len(read), feature.pyside_feature_dict.get("czdesk_probe_module"))
"""


@pytest.mark.parametrize(("mode", "expected"), [("read", "True"), ("skip", "False 0 -1")])
def test_pyside_reads_no_source_once_its_scan_is_skipped(tmp_path: Path, mode: str, expected: str) -> None:
    (tmp_path / "czdesk_probe_module.py").write_text("from PySide6.QtCore import QObject\n", encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen")
    out = subprocess.run(
        [sys.executable, "-c", SCAN_PROBE, mode, str(tmp_path)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
    # read: PySide6 read the module's source (and others') and found "PySide6" (0, no feature);
    # skipped: it read no source at all and the module is left out of feature switching (-1)
    if mode == "read":
        probe_read, _count, value = out.split()
        assert (probe_read, value) == (expected, "0")
    else:
        assert out.strip() == expected


def test_no_module_selects_a_pyside_feature() -> None:
    """The scan may be skipped only while nothing switches on snake_case or true_property."""
    users = [
        path.relative_to(ROOT).as_posix()
        for folder in ("desktop", "tools")
        for path in sorted((ROOT / folder).rglob("*.py"))
        if "__feature__" in path.read_text(encoding="utf-8") and path.name != "start_costs.py"
    ]
    assert users == []
