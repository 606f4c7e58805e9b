"""Every file the frozen build needs loads through desktop.resources and is in build.spec's datas.

The spec takes its datas from build_support.bundle, so these tests check that list: a resource the code
opens, or a file added under resources/, without a matching bundle entry fails here in CI rather
than in the executable at a counter.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from PySide6.QtGui import QFontDatabase, QIcon, QPixmap, QRawFont

from build_support import bundle
from desktop.core.policy.loader import load_policies
from desktop.resources import base_dir, policy_dir, resource

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "build.spec"


def _bundle_path(path: Path) -> str:
    return path.resolve().relative_to(base_dir()).as_posix()


def test_resources_resolve_to_the_checkout() -> None:
    assert base_dir() == ROOT
    assert policy_dir() == ROOT / "policy_data"


def test_every_policy_year_loads_and_is_bundled() -> None:
    files = sorted(policy_dir().glob("*.yaml"))
    assert [p.name for p in files] == ["2024.yaml", "2025.yaml"]
    policies = load_policies()
    assert set(policies.years) >= {2024, 2025}
    bundled = bundle.bundled_paths()
    for path in files:
        assert _bundle_path(path) in bundled


def test_font_and_licence_load_and_are_bundled(qapp: object) -> None:
    font = resource("fonts", "NotoSansSC-Subset.otf")
    font_id = QFontDatabase.addApplicationFont(str(font))
    assert font_id >= 0
    # its own family name, never the system Noto's (tools/make_font_subset.py says why)
    assert QFontDatabase.applicationFontFamilies(font_id) == ["CZDesk Sans SC"]
    raw = QRawFont(str(font), 16.0)
    assert raw.isValid()
    # code-point overload: PySide6's str overload misreports some characters (e.g. 算)
    assert all(raw.supportsCharacter(ord(ch)) for ch in "常州居民医保测算台¥")
    licence = resource("fonts", "OFL.txt")
    assert "SIL OPEN FONT LICENSE" in licence.read_text(encoding="utf-8").upper()
    bundled = bundle.bundled_paths()
    assert _bundle_path(font) in bundled
    assert _bundle_path(licence) in bundled


def test_icons_load(qapp: object) -> None:
    png = resource("icons", "app.png")
    pixmap = QPixmap(str(png))
    assert not pixmap.isNull()
    assert (pixmap.width(), pixmap.height()) == (256, 256)
    assert not QIcon(str(png)).isNull()
    assert _bundle_path(png) in bundle.bundled_paths()
    # the .ico is not bundled but embedded into the Windows .exe: it must be a real icon file
    ico = ROOT / bundle.ICON_ICO
    header = ico.read_bytes()[:6]
    assert header[:4] == b"\x00\x00\x01\x00"
    assert int.from_bytes(header[4:6], "little") >= 4


def test_roster_template_is_a_workbook_and_bundled() -> None:
    template = resource("roster_template.xlsx")
    assert template.exists(), "resources/roster_template.xlsx is missing"
    assert zipfile.is_zipfile(template)
    with zipfile.ZipFile(template) as zf:
        assert "xl/workbook.xml" in zf.namelist()
    assert _bundle_path(template) in bundle.bundled_paths()


def test_every_file_under_resources_is_bundled() -> None:
    on_disk = {
        p.relative_to(ROOT).as_posix()
        for p in (ROOT / "resources").rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }
    missing = sorted(on_disk - bundle.bundled_paths() - bundle.BUILD_ONLY)
    assert not missing, f"add these to build_support.bundle.DATA_PATTERNS (or BUILD_ONLY): {missing}"


def test_bundled_trusted_keys_folder_is_bundled_and_holds_only_public_keys() -> None:
    """resources/trusted_keys/: public keys every PC trusts for signed policy packs (build time)."""
    from desktop.core.packs import signing

    folder = signing.bundled_keys_dir()
    assert folder == ROOT / "resources" / "trusted_keys" and folder.is_dir()
    bundled = bundle.bundled_paths()
    assert "resources/trusted_keys/README.txt" in bundled
    for path in folder.iterdir():
        assert path.suffix in (signing.PUBLIC_KEY_SUFFIX, ".txt"), f"{path}: only public keys belong here"
        assert _bundle_path(path) in bundled, f"{path} is not in build_support.bundle.DATA_PATTERNS"
        if path.suffix == signing.PUBLIC_KEY_SUFFIX:
            signing.read_public_key(path)  # a damaged key file would make nothing trusted


def _resource_calls() -> list[tuple[str, tuple[str, ...]]]:
    """Every ``resource(...)`` call in the package whose parts are string constants.

    ``resource(*NAME)`` is followed to a module-level tuple of strings of that name in any module
    of the package, as the font file is named once in desktop/app_info.py and opened elsewhere.
    """
    found: list[tuple[str, tuple[str, ...]]] = []
    trees = {path: ast.parse(path.read_text(encoding="utf-8")) for path in sorted((ROOT / "desktop").rglob("*.py"))}
    constants: dict[str, tuple[str, ...]] = {}
    for tree in trees.values():
        for stmt in tree.body:
            if isinstance(stmt, ast.Assign) and isinstance(stmt.value, ast.Tuple):
                values = [v.value for v in stmt.value.elts if isinstance(v, ast.Constant)]
                if len(values) == len(stmt.value.elts) and all(isinstance(v, str) for v in values):
                    for target in stmt.targets:
                        if isinstance(target, ast.Name):
                            constants[target.id] = tuple(str(v) for v in values)
    for path, tree in trees.items():
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "resource"):
                continue
            parts: list[str] = []
            for arg in node.args:
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    parts.append(arg.value)
                elif isinstance(arg, ast.Starred) and isinstance(arg.value, ast.Name) and arg.value.id in constants:
                    parts.extend(constants[arg.value.id])
                else:
                    parts = []
                    break
            if parts:
                found.append((f"{path.relative_to(ROOT).as_posix()}:{node.lineno}", tuple(parts)))
    return found


def test_every_resource_the_code_opens_exists_and_is_bundled() -> None:
    calls = _resource_calls()
    assert any(parts == ("fonts", "NotoSansSC-Subset.otf") for _where, parts in calls)
    bundled = bundle.bundled_paths()
    for where, parts in calls:
        path = resource(*parts)
        assert path.is_file(), f"{where}: {path} does not exist"
        assert _bundle_path(path) in bundled, f"{where}: {path} is not in build_support.bundle.DATA_PATTERNS"


def test_spec_takes_its_lists_from_build_support_bundle() -> None:
    text = SPEC.read_text(encoding="utf-8")
    assert "else bundle.datas(ROOT) + _policy_snapshots() + _build_info()," in text
    assert "else bundle.exe_name()," in text
    assert "else str(ROOT / bundle.ICON_ICO)," in text
    assert "bundle.PYTHON_EXCLUDES" in text and "bundle.qt_excludes()" in text
    assert "hiddenimports=[] if REFERENCE else list(bundle.HIDDEN_IMPORTS)," in text
    assert "bundle.QT_PLUGINS_KEPT" in text and "bundle.QT_TRANSLATIONS_KEPT" in text
    assert "upx=False" in text
    assert "console=not IS_WIN" in text
    launcher = ROOT / "desktop" / "launcher.py"
    assert launcher.is_file() and '"desktop" / "launcher.py"' in text


def test_executable_name_carries_the_version() -> None:
    from desktop import __version__

    assert bundle.exe_name() == f"changzhou-insurance-{__version__}"
    assert bundle.exe_path().parent == ROOT / "dist"


def test_kept_qt_modules_are_what_the_window_imports() -> None:
    """A PySide6 module imported under desktop/ but excluded from the build would break it."""
    used: set[str] = set()
    for path in (ROOT / "desktop").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("PySide6."):
                used.add(node.module.split(".")[1])
            elif isinstance(node, ast.Import):
                used.update(a.name.split(".")[1] for a in node.names if a.name.startswith("PySide6."))
    assert used <= set(bundle.QT_MODULES_USED)
    excluded = {name.split(".", 1)[1] for name in bundle.qt_excludes()}
    assert not used & excluded
    assert {"QtQml", "QtQuick", "QtSql"} <= excluded


def test_qtnetwork_is_not_in_the_program() -> None:
    """No module imports QtNetwork (a second start reaches the running window through a file in the
    data folder), and the build excludes it: nothing in the executable can open a socket of Qt's."""
    for path in (ROOT / "desktop").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                assert node.module != "PySide6.QtNetwork", path
            elif isinstance(node, ast.Import):
                assert not any(a.name == "PySide6.QtNetwork" for a in node.names), path
    assert "PySide6.QtNetwork" in bundle.qt_excludes()


def test_kept_qt_translations_exist() -> None:
    from PySide6.QtCore import QLibraryInfo

    folder = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
    for name in bundle.QT_TRANSLATIONS_KEPT:
        assert (folder / name).is_file(), name


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="fontconfig is how Linux finds fonts")
def test_self_test_passes_with_no_system_fonts(tmp_path: Path) -> None:
    """With fontconfig pointed at an empty font folder, only the bundled font can draw Chinese."""
    conf = tmp_path / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?><fontconfig>'
        f"<dir>{tmp_path / 'no-fonts'}</dir><cachedir>{tmp_path / 'cache'}</cachedir>"
        "</fontconfig>",
        encoding="utf-8",
    )
    env = dict(os.environ, FONTCONFIG_FILE=str(conf), QT_QPA_PLATFORM="offscreen")
    env.pop("FONTCONFIG_PATH", None)
    done = subprocess.run(
        [sys.executable, "-m", "desktop", "--self-test"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "SELF-TEST OK" in done.stdout
    assert "case 1: 2025 elderly level-3 inpatient 12000.00 -> basic fund 7700.00" in done.stdout
