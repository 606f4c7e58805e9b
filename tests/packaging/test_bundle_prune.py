"""build.spec's library pruning (build_support.bundle.reachable_binaries) on made-up link graphs.

The graphs copy the shape of the real builds: on Windows several folders carry their own
VCRUNTIME140.dll, and each binary loads the copy beside it (issue 11: only one copy survived,
not python311.dll's, and the .exe died on a PC without the VC++ redistributable).
"""

from __future__ import annotations

from pathlib import Path

from build_support import bundle

ROOT = Path(__file__).resolve().parents[2]


def _prune(binaries, links):
    def is_root(dest: str, kind: str) -> bool:
        return kind == "EXTENSION" or Path(dest).name.lower().startswith(("libpython", "python3"))

    return {dest for dest, _src, _kind in bundle.reachable_binaries(binaries, lambda src: links.get(src, []), is_root)}


def test_every_copy_of_a_linked_library_is_kept() -> None:
    binaries = [
        ("python311.dll", "C:/py/python311.dll", "BINARY"),
        ("VCRUNTIME140.dll", "C:/py/vcruntime140.dll", "BINARY"),
        ("PySide6/VCRUNTIME140.dll", "C:/sp/PySide6/VCRUNTIME140.dll", "BINARY"),
        ("shiboken6/VCRUNTIME140.dll", "C:/sp/shiboken6/VCRUNTIME140.dll", "BINARY"),
        ("PySide6/MSVCP140.dll", "C:/sp/PySide6/MSVCP140.dll", "BINARY"),
        ("PySide6/QtCore.pyd", "C:/sp/PySide6/QtCore.pyd", "EXTENSION"),
        ("PySide6/Qt6Core.dll", "C:/sp/PySide6/Qt6Core.dll", "BINARY"),
        ("PySide6/Qt6Svg.dll", "C:/sp/PySide6/Qt6Svg.dll", "BINARY"),
    ]
    links = {
        "C:/py/python311.dll": ["VCRUNTIME140.dll", "KERNEL32.dll"],
        "C:/sp/PySide6/QtCore.pyd": ["Qt6Core.dll", "vcruntime140.dll"],
        "C:/sp/PySide6/Qt6Core.dll": ["MSVCP140.dll", "VCRUNTIME140.dll"],
    }
    kept = _prune(binaries, links)
    # every VCRUNTIME140.dll stays (python311.dll's top-level one included); the MSVCP140.dll
    # Qt6Core links too; Qt6Svg.dll, which nothing kept imports, goes
    assert kept == {d for d, _s, _k in binaries} - {"PySide6/Qt6Svg.dll"}


def test_linux_symlinks_follow_their_library() -> None:
    binaries = [
        ("libpython3.11.so.1.0", "/usr/lib/libpython3.11.so.1.0", "BINARY"),
        ("PySide6/QtGui.abi3.so", "/sp/PySide6/QtGui.abi3.so", "EXTENSION"),
        ("PySide6/Qt/lib/libQt6Gui.so.6", "/sp/PySide6/Qt/lib/libQt6Gui.so.6", "BINARY"),
        ("libQt6Gui.so.6", "PySide6/Qt/lib/libQt6Gui.so.6", "SYMLINK"),
        ("PySide6/Qt/lib/libQt6Svg.so.6", "/sp/PySide6/Qt/lib/libQt6Svg.so.6", "BINARY"),
        ("libQt6Svg.so.6", "PySide6/Qt/lib/libQt6Svg.so.6", "SYMLINK"),
    ]
    links = {"/sp/PySide6/QtGui.abi3.so": ["libQt6Gui.so.6", "libc.so.6"]}
    kept = _prune(binaries, links)
    assert kept == {"libpython3.11.so.1.0", "PySide6/QtGui.abi3.so", "PySide6/Qt/lib/libQt6Gui.so.6", "libQt6Gui.so.6"}


def test_build_spec_prunes_with_it() -> None:
    text = (ROOT / "build.spec").read_text(encoding="utf-8")
    assert "bundle.reachable_binaries(binaries, _needed, is_root)" in text
