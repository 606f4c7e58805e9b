"""What only the build uses lives outside the program's package (build_support/, issue 26): the
running program never imports it, the wheel does not carry it, and the executable leaves it out."""

from __future__ import annotations

import ast
import importlib.util
from pathlib import Path

import tomllib
from setuptools import find_packages

from build_support import bundle

ROOT = Path(__file__).resolve().parents[2]


def test_the_build_only_modules_are_not_in_the_program_package() -> None:
    assert importlib.util.find_spec("desktop.bundle") is None
    assert importlib.util.find_spec("desktop.icu_data") is None
    assert importlib.util.find_spec("build_support.icu_data") is not None


def test_nothing_the_program_runs_imports_them() -> None:
    offenders = []
    for path in sorted((ROOT / "desktop").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
            if any(n.split(".")[0] == "build_support" or n in {"desktop.bundle", "desktop.icu_data"} for n in names):
                offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


def test_the_wheel_and_the_executable_leave_them_out() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    include = config["tool"]["setuptools"]["packages"]["find"]["include"]
    packages = find_packages(str(ROOT), include=include)
    assert "desktop" in packages and not any(p.startswith("build_support") for p in packages)
    assert "build_support" in bundle.PYTHON_EXCLUDES
