"""What goes into the one-file executable: its name, its data files and what it leaves out.

`build.spec`, `tests/packaging/test_assets.py` and `tools/benchmark.py` all read this module, so the list
of bundled files is written once: a resource the program loads but the spec forgets makes the
asset test fail in CI instead of a frozen build failing at a counter. Never imported by the
running program (nothing here is needed at run time; it sits outside the ``desktop`` package
and the spec excludes it) and free of Qt and PyInstaller imports.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from pathlib import Path

from desktop import __version__
from desktop.app_info import APP_TITLE

ROOT = Path(__file__).resolve().parent.parent

#: file name stem of the executable; the version is appended so two builds never collide
APP_NAME = "changzhou-insurance"
DISPLAY_NAME = APP_TITLE
#: the bare window tools/benchmark.py builds with the same spec to compare start-up against
REFERENCE_NAME = "bench-reference-app"

#: (pattern relative to the checkout, folder inside the bundle). `desktop.resources` finds them
#: under the same relative paths in source and in the frozen build.
DATA_PATTERNS: tuple[tuple[str, str], ...] = (
    ("policy_data/*.yaml", "policy_data"),
    ("resources/fonts/*.otf", "resources/fonts"),
    ("resources/fonts/OFL.txt", "resources/fonts"),  # the font's licence travels with it
    ("resources/icons/*.png", "resources/icons"),
    ("resources/*.xlsx", "resources"),  # the village roster template
    # public keys every PC trusts for signed policy packs (core/packs/signing.py), with their note
    ("resources/trusted_keys/*.czkey", "resources/trusted_keys"),
    ("resources/trusted_keys/README.txt", "resources/trusted_keys"),
)

ICON_PNG = Path("resources/icons/app.png")
ICON_ICO = Path("resources/icons/app.ico")
#: files under resources/ used only while building: the .ico is embedded in the Windows .exe
BUILD_ONLY: frozenset[str] = frozenset({ICON_ICO.as_posix()})

#: the Qt for Python modules the window imports; every other PySide6 module is excluded (QtNetwork
#: too: a second start reaches the running window through a file in the data folder, not a socket)
QT_MODULES_USED: tuple[str, ...] = ("QtCore", "QtGui", "QtWidgets", "QtPrintSupport")

#: Qt plugins kept, as "folder/file stem" (the stem without lib prefix or suffix). Everything
#: else under plugins/ is dropped: PNG support is built into QtGui, the window draws no SVG, uses
#: no OpenGL, no network and no GTK theme. platforms: xcb for a Linux desktop, windows for
#: Windows, offscreen and minimal for --self-test and CI. styles: the native Windows look.
#: platforminputcontexts: compose and ibus so a Linux clerk can type Chinese names with an IME.
QT_PLUGINS_KEPT: frozenset[str] = frozenset(
    {
        "platforms/qxcb",
        "platforms/qwindows",
        "platforms/qoffscreen",
        "platforms/qminimal",
        "styles/qmodernwindowsstyle",
        "styles/qwindowsvistastyle",
        "platforminputcontexts/composeplatforminputcontextplugin",
        "platforminputcontexts/ibusplatforminputcontextplugin",
    }
)

#: Qt's own translations kept: the Chinese strings of standard buttons and dialogs
QT_TRANSLATIONS_KEPT: frozenset[str] = frozenset({"qt_zh_CN.qm", "qtbase_zh_CN.qm"})

#: modules imported by a binary, where PyInstaller's analysis cannot see them: PyNaCl's libsodium
#: binding (``nacl._sodium``, signed policy packs) loads cffi's runtime ``_cffi_backend``;
#: --self-test signs and verifies, so a build without it fails there
HIDDEN_IMPORTS: tuple[str, ...] = ("_cffi_backend",)

#: standard-library and third-party modules nothing in the program imports at run time; left
#: out so PyInstaller's analysis does not follow them in through optional imports
PYTHON_EXCLUDES: tuple[str, ...] = (
    "build_support",  # this package: what the build uses, never the program
    "tkinter",
    "_tkinter",
    "turtle",
    "turtledemo",
    "idlelib",
    "lib2to3",
    "pydoc",
    "pydoc_data",
    "doctest",
    "unittest",
    "test",
    "pdb",
    "sqlite3",
    "curses",
    "distutils",
    "setuptools",
    "pkg_resources",
    "pip",
    "http.server",
    "xmlrpc",
    "ftplib",
    "smtplib",
    "imaplib",
    "poplib",
    "nntplib",
    "telnetlib",
    "mailbox",
    "multiprocessing",
    "ssl",
    "_ssl",
    # codecs for Japanese, Korean and traditional-Chinese encodings; GBK/GB18030 (_codecs_cn) stay
    "_codecs_jp",
    "_codecs_kr",
    "_codecs_tw",
    "_codecs_hk",
    "_codecs_iso2022",
    "_hashlib",  # hashlib falls back to the built-in sha256; saves OpenSSL's libcrypto (4.5 MB)
    # pypdf's optional AES for encrypted PDFs (an encrypted notice is refused in Chinese, the text
    # asked for instead); the program signs with PyNaCl. Taken in only where the build machine
    # happens to have them installed: cryptography's one binary is 11 MiB unpacked at every start.
    "cryptography",
    "Crypto",
    "Cryptodome",
    # standard modules nothing of ours reaches (the Windows .exe is held to 30 MiB: these were
    # 0.3 MiB of it): asyncio and concurrent (only typing_extensions' @deprecated on a coroutine),
    # tarfile, lzma and bz2 (shutil's archives and zipfile's rare methods: the program's zips are
    # deflate or stored, anything else is refused), and decimal's pure-Python twin (_decimal is in)
    "asyncio",
    "_asyncio",
    "concurrent",
    "tarfile",
    "lzma",
    "_lzma",
    "bz2",
    "_bz2",
    "_pydecimal",
    # spreadsheets are read by python-calamine and written by desktop/core/roster/xlsx_writer.py;
    # these are test and measuring tools, never loaded by the program
    "openpyxl",
    "et_xmlfile",
    "xlrd",
    "xlwt",
    "xlsxwriter",
    "numpy",
    "PIL",
    "pytest",
    "hypothesis",
    "fontTools",
    "email_validator",
    # pydantic's optional extras: pretty-printing through rich (which drags in IPython, jedi,
    # pygments, trio ...), its mypy plugin (which drags in mypy) and the pydantic v1 shim
    "pydantic.mypy",
    "pydantic.v1",
    "mypy",
    "rich",
    "IPython",
    "jedi",
    "parso",
    "pygments",
    "prompt_toolkit",
    "traitlets",
    "stack_data",
    "executing",
    "pexpect",
    "trio",
    "cffi",
    "pycparser",
    "markdown_it",
)


#: Linux only: libraries taken from the desktop instead of the bundle, as an AppImage does. Any
#: machine that can show an X11 window has them (.ci/run installs exactly these), and a bundled
#: fontconfig that is older than the machine's font configuration is a known source of broken
#: fonts. Whatever only these libraries needed (systemd, gcrypt, pcre2, libpng ...) goes too.
LINUX_HOST_LIBRARIES: tuple[str, ...] = (
    "libX11.so",
    "libX11-xcb.so",
    "libxcb",
    "libxkbcommon",
    "libfontconfig.so",
    "libfreetype.so",
    "libexpat.so",
    "libz.so",
    "libdbus-1.so",
    "libglib-2.0.so",
    "libgthread-2.0.so",
)


def qt_excludes() -> tuple[str, ...]:
    """Every PySide6 module except the ones the window uses, found from the installed package."""
    import importlib.util

    spec = importlib.util.find_spec("PySide6")
    if spec is None or spec.submodule_search_locations is None:
        return ()
    folder = Path(next(iter(spec.submodule_search_locations)))
    names = {p.name.split(".", 1)[0] for p in folder.iterdir() if p.name.startswith("Qt") and p.suffix == ".pyi"}
    return tuple(sorted(f"PySide6.{n}" for n in names if n not in QT_MODULES_USED))


def exe_name() -> str:
    return f"{APP_NAME}-{__version__}"


def exe_path(root: Path = ROOT) -> Path:
    suffix = ".exe" if sys.platform == "win32" else ""
    return root / "dist" / f"{exe_name()}{suffix}"


def datas(root: Path = ROOT) -> list[tuple[str, str]]:
    """The spec's ``datas``: one (source file, bundle folder) pair per existing file."""
    pairs: list[tuple[str, str]] = []
    for pattern, dest in DATA_PATTERNS:
        for path in sorted(root.glob(pattern)):
            if path.is_file():
                pairs.append((str(path), dest))
    return pairs


def bundled_paths(root: Path = ROOT) -> set[str]:
    """Paths, relative to the bundle root with forward slashes, that the executable will hold."""
    return {f"{dest}/{Path(src).name}" for src, dest in datas(root)}


#: a PyInstaller TOC entry: (path inside the bundle, source path, kind such as "BINARY")
TocEntry = tuple[str, str, str]


def reachable_binaries(
    binaries: Iterable[TocEntry], needed: Callable[[str], Iterable[str]], is_root: Callable[[str, str], bool]
) -> list[TocEntry]:
    """The entries a root (is_root(dest, kind)) reaches through link-time imports (needed(src)).

    A library is found by file name, case-insensitively as Windows does, and EVERY copy of that
    name is kept: a Windows build holds several VCRUNTIME140.dll/MSVCP140.dll (beside Python, in
    PySide6\\, in shiboken6\\) and each folder's binaries load the copy beside them; keeping only
    one made the .exe die at start on a PC without the VC++ redistributable (issue 11). A
    SYMLINK entry's source is the bundle path of the library it points to; it stays with it.
    """
    entries = list(binaries)
    by_name: dict[str, list[TocEntry]] = {}
    for entry in entries:
        if entry[2] != "SYMLINK":
            by_name.setdefault(Path(entry[0]).name.lower(), []).append(entry)
    keep = {dest for dest, _src, kind in entries if kind != "SYMLINK" and is_root(dest, kind)}
    queue = [src for dest, src, _kind in entries if dest in keep]
    seen: set[str] = set()
    while queue:
        src = queue.pop()
        if src in seen:
            continue
        seen.add(src)
        for name in needed(src):
            # an import may carry a folder (rare on Linux): only the file name identifies it
            for dest, lib_src, _kind in by_name.get(Path(name.replace("\\", "/")).name.lower(), []):
                if dest not in keep:
                    keep.add(dest)
                    queue.append(lib_src)
    keep |= {dest for dest, src, kind in entries if kind == "SYMLINK" and src in keep}
    return [entry for entry in entries if entry[0] in keep]


def excluded_members(exe: str | Path) -> list[str]:
    """The members of a built one-file executable that belong to a package of ``PYTHON_EXCLUDES``
    (e.g. ``cryptography/hazmat/bindings/_rust.abi3.so``): what the spec leaves out must not be
    in it, whatever the build machine has installed. Read with PyInstaller's own archive reader."""
    from PyInstaller.archive.readers import CArchiveReader

    excluded = set(PYTHON_EXCLUDES)
    found = []
    for name in CArchiveReader(str(exe)).toc:
        first = name.replace("\\", "/").split("/", 1)[0]
        if first in excluded or first.split(".", 1)[0] in excluded:
            found.append(name)
    return sorted(found)
