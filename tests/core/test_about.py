"""帮助 → 关于: the program's version, the build date and every loaded year's data version and hash."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from desktop import __version__
from desktop.core.about import about_lines, read_build_info
from desktop.core.packs import load_all


def test_version_is_past_the_first_round() -> None:
    # four rounds of user-visible change since 0.1.0; CHANGELOG.md names this version
    assert tuple(int(p) for p in __version__.split(".")) >= (0, 2, 0)
    changelog = (Path(__file__).resolve().parents[2] / "CHANGELOG.md").read_text(encoding="utf-8")
    assert f"## {__version__}" in changelog


def test_about_names_version_build_date_and_every_year(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("CZDESK_DATA_DIR", str(tmp_path / "data"))
    policies = load_all(dt.date(2026, 12, 7)).policies
    info = tmp_path / "build_info.json"
    info.write_text(json.dumps({"version": __version__, "build_date": "2026-12-07"}), encoding="utf-8")
    lines = about_lines(policies, read_build_info(info))
    text = "\n".join(lines)
    assert f"程序版本:{__version__}" in text
    assert "构建日期:2026-12-07" in text
    for entry in policies.entries:
        line = next(x for x in lines if x.strip().startswith(f"{entry.policy.policy_year} 年度"))
        assert entry.policy.data_version in line and entry.sha256[:12] in line and "内置" in line


def test_about_from_source_and_a_bad_build_file(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("CZDESK_DATA_DIR", str(tmp_path / "data"))
    policies = load_all(dt.date(2026, 12, 7)).policies
    assert "构建日期:从源代码运行(未打包)" in about_lines(policies, read_build_info(tmp_path / "missing.json"))
    big = tmp_path / "big.json"
    big.write_text(json.dumps({"build_date": "x" * 10_000}), encoding="utf-8")
    assert read_build_info(big) is None
    odd = tmp_path / "odd.json"
    odd.write_text("[1, 2]", encoding="utf-8")
    assert read_build_info(odd) is None
