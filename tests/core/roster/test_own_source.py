"""issue 25 §4: an export is never written over the roster it was read from, whatever the path's
spelling; the clerk's list (full ID numbers) stays as it was."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from desktop.cli.roster import main as roster_main
from desktop.core.policy.loader import PolicySet
from desktop.core.roster import RosterReadError, export_xlsx, load_roster
from desktop.core.roster.common import same_file
from tests.core.roster.test_roster import write_csv, write_xlsx


def spellings(path: Path) -> list[str]:
    """The same file named other ways: relative with ``..``, a doubled separator, a symbolic link."""
    names = [
        str(path.parent / "." / path.name),
        str(path.parent / ".." / path.parent.name / path.name),
        os.path.relpath(path),
    ]
    link = path.with_name("link-" + path.name)
    try:
        link.symlink_to(path)
        names.append(str(link))
    except OSError:
        pass
    if sys.platform == "win32":
        names.append(str(path).upper())
    return names


def test_same_file_sees_through_spellings(tmp_path: Path) -> None:
    src = write_xlsx(tmp_path / "v.xlsx")
    for name in spellings(src):
        assert same_file(src, name), name
    assert not same_file(src, tmp_path / "w.xlsx")
    assert not same_file(src, tmp_path / "v.xlsx.xlsx")


def test_cli_refuses_output_onto_its_source(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = write_xlsx(tmp_path / "v.xlsx")
    before = src.read_bytes()
    for name in [str(src), *spellings(src)]:
        assert roster_main([str(src), "-o", name, "--year", "2025"]) == 2
        err = capsys.readouterr().err
        assert "覆盖原名册" in err and "Traceback" not in err
        assert src.read_bytes() == before
    # an output spelled without its suffix becomes v.xlsx: the same file
    assert roster_main([str(src), "-o", str(tmp_path / "v"), "--year", "2025"]) == 2
    assert src.read_bytes() == before


def test_cli_refuses_register_onto_its_source(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = write_csv(tmp_path / "v.csv", "utf-8")
    before = src.read_bytes()
    out = tmp_path / "o.xlsx"
    assert roster_main([str(src), "-o", str(out), "--register", str(tmp_path / "." / "v.csv")]) == 2
    assert "覆盖原名册" in capsys.readouterr().err
    assert src.read_bytes() == before and not out.exists()  # nothing written at all
    assert roster_main([str(src), "-o", str(out), "--register", str(out)]) == 2
    assert "同一个文件" in capsys.readouterr().err


def test_core_export_refuses_its_source(tmp_path: Path, policies: PolicySet) -> None:
    src = write_xlsx(tmp_path / "v.xlsx")
    before = src.read_bytes()
    result = load_roster(policies[2025], src)
    with pytest.raises(RosterReadError, match="覆盖原名册"):
        export_xlsx(result, tmp_path / "." / "v.xlsx", source=src)
    assert src.read_bytes() == before
