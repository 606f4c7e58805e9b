"""Before the window opens on Linux: can Qt's xcb platform plugin load, and if not, what is missing?

When a system library of the xcb plugin is missing, Qt aborts with "could not load the Qt
platform plugin 'xcb'" and a hint about xcb-cursor0 that is often not the library missing at
all. The same test CI runs (``ldd`` on the plugin, lines ending in "not found") names the real
libraries, and the Debian/Ubuntu packages that hold them, in Chinese, before QApplication exists.

Nothing here imports Qt's modules: only the PySide6 package's folder is looked up.
"""

from __future__ import annotations

import re
import shutil
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

#: soname → Debian/Ubuntu package, for the libraries the xcb plugin links (see .ci/run)
PACKAGES: dict[str, str] = {
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxcb.so.1": "libxcb1",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-glx.so.0": "libxcb-glx0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xinerama.so.0": "libxcb-xinerama0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libX11.so.6": "libx11-6",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libGLX.so.0": "libglx0",
    "libOpenGL.so.0": "libopengl0",
    "libGLdispatch.so.0": "libglvnd0",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libdbus-1.so.3": "libdbus-1-3",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
}

_NOT_FOUND = re.compile(r"^\s*(\S+)\s*=>\s*not found\s*$")
_SONAME = re.compile(r"^lib(?P<name>.+?)\.so\.(?P<major>\d+)")

Ldd = Callable[[Path], str | None]


def missing_libraries(ldd_output: str) -> list[str]:
    """The sonames ``ldd`` reports as "not found", each once, in the order given."""
    found: list[str] = []
    for line in ldd_output.splitlines():
        m = _NOT_FOUND.match(line)
        if m and m.group(1) not in found:
            found.append(m.group(1))
    return found


def package_for(soname: str) -> str:
    """The Debian/Ubuntu package holding ``soname``: from the table, else Debian's naming rule."""
    if soname in PACKAGES:
        return PACKAGES[soname]
    m = _SONAME.match(soname)
    if not m:
        return soname
    name, major = m.group("name").lower(), m.group("major")
    # Debian policy 8.1: the package is lib<name><major>, with a hyphen when the name ends in a digit
    return f"lib{name}{'-' if name[-1].isdigit() else ''}{major}"


def xcb_plugin() -> Path | None:
    """The xcb platform plugin of the PySide6 in use (installed or bundled), if there is one."""
    try:
        import PySide6  # the package only: its Qt modules load later, with QApplication
    except ImportError:
        return None
    plugin = Path(PySide6.__file__).parent / "Qt" / "plugins" / "platforms" / "libqxcb.so"
    return plugin if plugin.is_file() else None


def run_ldd(path: Path) -> str | None:
    """``ldd``'s output for ``path``; None when there is no ldd or it fails (then nothing is claimed)."""
    ldd = shutil.which("ldd")
    if ldd is None:
        return None
    import subprocess  # only when the plugin did not load: the window starts without it

    try:
        done = subprocess.run([ldd, str(path)], capture_output=True, text=True, timeout=20, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout


def plugin_loads(path: Path) -> bool:
    """Whether the dynamic loader loads the plugin and every library it links, as Qt is about to.

    About a millisecond of work that Qt then does not repeat (the libraries stay loaded), where
    running ``ldd`` costs a process start, 40-60 ms at every start of the window; ``ldd`` runs
    only when this fails, to name every missing library rather than the first.
    """
    import ctypes
    import os

    if sys.platform == "win32":  # never asked there (no xcb); os.RTLD_* exist only on POSIX
        return True
    try:
        ctypes.CDLL(str(path), mode=os.RTLD_LAZY | os.RTLD_LOCAL)
    except OSError:
        return False
    return True


def uses_xcb(env: Mapping[str, str]) -> bool:
    """Will Qt try the xcb plugin? Yes unless another platform is asked for or Wayland is running."""
    chosen = env.get("QT_QPA_PLATFORM", "").strip()
    if chosen:
        return chosen.split(";")[0].split(":")[0] == "xcb"
    return not env.get("WAYLAND_DISPLAY")


def xcb_problem(
    env: Mapping[str, str],
    *,
    platform: str | None = None,
    plugin: Path | None = None,
    ldd: Ldd | None = None,
    loads: Callable[[Path], bool] | None = None,
) -> str | None:
    """A Chinese message naming the missing libraries and the apt-get line; None when all is well
    (or when it cannot be told: not Linux, another platform plugin, no plugin file, no ldd)."""
    if not (platform or sys.platform).startswith("linux") or not uses_xcb(env):
        return None
    target = plugin if plugin is not None else xcb_plugin()
    if target is None or (loads or plugin_loads)(target):
        return None
    output = (ldd or run_ldd)(target)
    if not output:
        return None
    missing = missing_libraries(output)
    if not missing:
        return None
    packages = list(dict.fromkeys(package_for(s) for s in missing))
    return (
        "无法打开窗口:Qt 的 xcb 显示插件缺少以下系统库:\n  "
        + "\n  ".join(missing)
        + "\n请让管理员安装(Debian/Ubuntu):\n  sudo apt-get install "
        + " ".join(packages)
        + "\n安装后重新打开本程序。"
    )


def display_problem(env: Mapping[str, str], *, platform: str | None = None) -> str | None:
    """A Chinese message when Qt would try xcb with no X display at all (a remote shell, a
    service): Qt would abort with its English "could not connect to display" (exit 134)."""
    if not (platform or sys.platform).startswith("linux") or not uses_xcb(env):
        return None
    if env.get("DISPLAY", "").strip():
        return None
    from desktop.app_info import program_name

    return (
        "无法打开窗口:没有可用的图形显示(未设置 DISPLAY 环境变量)。\n"
        "请在桌面环境里打开本程序;在没有桌面的终端里只能使用命令行功能,"
        f"例如 {program_name()} -h 查看可用的命令。"
    )
