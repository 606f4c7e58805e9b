"""tools/coverage_floors.py, the step of .ci/run that holds each package's coverage to its floor."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import coverage
import pytest

ROOT = Path(__file__).resolve().parents[2]


def _floors():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("coverage_floors", ROOT / "tools" / "coverage_floors.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_module_counts_in_the_nearest_package_with_a_floor() -> None:
    floors = _floors()
    assert floors.package_of("desktop/core/roster/read.py") == "desktop/core/roster"
    assert floors.package_of("desktop/core/policy/model/year.py") == "desktop/core/policy"
    assert floors.package_of("desktop/ui/tabs/quote/tab.py") == "desktop/ui/tabs"
    assert floors.package_of("desktop/launcher.py") == "desktop"
    # every package's floor is a percentage
    assert all(0 <= floor <= 100 for floor in floors.FLOORS.values())


def test_a_package_under_its_floor_fails_and_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    floors = _floors()
    data_file = tmp_path / ".coverage"
    # one module run whole, nothing else: every package with a floor above zero is under it
    ran = ROOT / "desktop" / "app_info.py"
    data = coverage.CoverageData(basename=str(data_file))
    data.add_lines({str(ran): set(range(1, len(ran.read_text(encoding="utf-8").splitlines()) + 1))})
    data.write()
    assert floors.main([str(data_file)]) == 1
    out, err = capsys.readouterr()
    assert "desktop/core/care" in err and "UNDER THE FLOOR" in out
    # a module never imported counts as wholly missed, not left out
    line = next(row for row in out.splitlines() if row.startswith("desktop/core/care "))
    counted, missed = (int(n) for n in line.split()[1:3])
    assert counted == missed > 0


def test_no_data_is_said_not_passed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _floors().main([str(tmp_path / "missing")]) == 2
    assert "no coverage data" in capsys.readouterr().err
