"""The Windows build's inputs (tools/windows/): pinned, hash-checked and in step with Linux.

The .exe itself is built and run under Wine by .ci/run (tools/windows/build.sh and run.sh);
these checks keep its inputs honest on every test run.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WIN = ROOT / "tools" / "windows"


def _pins(path: Path) -> dict[str, tuple[str, list[str]]]:
    """name -> (version, sha256 hashes) of a requirements/constraints file."""
    text = re.sub(r"\\\n", " ", path.read_text(encoding="utf-8"))
    pins: dict[str, tuple[str, list[str]]] = {}
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        match = re.fullmatch(r"([A-Za-z0-9_.-]+)==([^\s]+)((?:\s+--hash=sha256:[0-9a-f]{64})*)", line)
        assert match, f"{path.name}: not a pinned requirement: {line!r}"
        name = match.group(1).lower().replace("_", "-")
        assert name not in pins, f"{path.name}: {name} twice"
        pins[name] = (match.group(2), re.findall(r"[0-9a-f]{64}", match.group(3)))
    return pins


def test_every_windows_wheel_is_pinned_by_hash() -> None:
    pins = _pins(WIN / "requirements.txt")
    for name, (_version, hashes) in pins.items():
        assert len(hashes) == 1, f"{name}: one sha256 per requirement (one wheel file each)"
    # PyInstaller's Windows-only needs, which pip cannot infer from Linux, and pip itself
    assert {"pefile", "pywin32-ctypes", "pip", "pyinstaller", "pyside6-essentials"} <= set(pins)


def test_windows_wheels_are_the_linux_builds_versions() -> None:
    linux = _pins(ROOT / "tools" / "build-constraints.txt")
    windows = _pins(WIN / "requirements.txt")
    assert "pyside6-essentials" in linux and "pydantic-core" in linux
    for name, (version, _hashes) in linux.items():
        assert name in windows, f"{name} is pinned for Linux but not in tools/windows/requirements.txt"
        assert windows[name][0] == version, f"{name}: Linux {version}, Windows {windows[name][0]}"


def test_project_dependencies_are_all_pinned_for_the_build() -> None:
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = list(project["dependencies"]) + list(project["optional-dependencies"]["build"])
    linux = _pins(ROOT / "tools" / "build-constraints.txt")
    for requirement in wanted:
        name = re.match(r"[A-Za-z0-9_.-]+", requirement).group(0).lower().replace("_", "-")  # type: ignore[union-attr]
        assert name in linux, f"{name} (pyproject.toml) is not pinned in tools/build-constraints.txt"


def test_scripts_parse() -> None:
    for script in ("build.sh", "run.sh", "env.sh"):
        subprocess.run(["bash", "-n", str(WIN / script)], check=True)


def test_ucrtbase_patch_refuses_another_build(tmp_path: Path) -> None:
    """The harness patch writes nothing when the DLL is not the one its offsets were found in."""
    other = tmp_path / "ucrtbase.dll"
    other.write_bytes(b"MZ" + bytes(500_000))
    target = tmp_path / "patched.dll"
    run = subprocess.run(
        [sys.executable, str(WIN / "harness" / "patch_ucrtbase.py"), str(other), str(target)],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 1
    assert "is not Debian wine" in run.stderr
    assert not target.exists()


def test_the_installer_is_per_user_and_keeps_the_data() -> None:
    """tools/windows/installer.nsi (built and run under Wine by .ci/run): what a clerk relies on."""
    text = (WIN / "installer.nsi").read_text(encoding="utf-8")
    assert "RequestExecutionLevel user" in text  # no administrator rights
    assert 'InstallDir "$LOCALAPPDATA\\Programs\\${APPID}"' in text
    assert '!define NAME "常州居民医保测算台"' in text
    assert 'CreateShortcut "$SMPROGRAMS\\${NAME}.lnk"' in text and 'CreateShortcut "$DESKTOP\\${NAME}.lnk"' in text
    assert 'WriteRegStr HKCU "${UNINST}" "UninstallString"' in text  # 设置 → 应用, for this user
    assert "Target amd64-unicode" in text
    # the data folder is removed only on the delete_data path: asked (default No) or /DELETEDATA
    uninstall = text.split('Section "Uninstall"', 1)[1]
    assert uninstall.count('RMDir /r "$LOCALAPPDATA\\${APPID}"') == 1
    before, after = uninstall.split("delete_data:\n", 1)
    assert '"$LOCALAPPDATA\\${APPID}"' not in before.replace('"/DELETEDATA"', "")
    assert "MB_DEFBUTTON2" in before and "IfSilent keep_data" in before


def test_signing_never_puts_the_password_on_a_command_line() -> None:
    text = (WIN / "sign.sh").read_text(encoding="utf-8")
    assert "-readpass" in text and "-pass " not in text
    build = (WIN / "build.sh").read_text(encoding="utf-8")
    assert "CZ_SIGN_PFX" in build and '"$HERE/sign.sh"' in build
    spec = (ROOT / "build.spec").read_text(encoding="utf-8")
    assert 'ONEDIR = os.environ.get("CZDESK_SPEC_LAYOUT") == "onedir"' in spec and "COLLECT(" in spec
