from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from desktop.core.policy.loader import PolicySet
from desktop.ui.case_file import FORMAT, CaseFileError, load_case, save_case
from desktop.ui.tabs.estimate.tab import EstimateTab
from desktop.ui.tabs.simulation.tab import SimulationTab
from desktop.ui.widgets.fields import set_combo_value


def test_save_and_load_round_trip(tmp_path: Path) -> None:
    state = {"policy_year": 2025, "current_tab": 2, "tabs": {"estimate": {"compliant_cost": "12000", "名": "张三"}}}
    path = save_case(tmp_path / "张三", state)
    assert path.name == "张三.czcase"
    raw = json.loads(path.read_text(encoding="utf-8"))
    assert raw["format"] == FORMAT and raw["version"] == 1 and raw["saved_at"]
    loaded = load_case(path)
    assert loaded["tabs"] == state["tabs"]
    assert loaded["policy_year"] == 2025
    assert [p.name for p in tmp_path.iterdir()] == ["张三.czcase"]  # no temporary file left behind


def test_tabs_mapping_alone_is_wrapped(tmp_path: Path) -> None:
    path = save_case(tmp_path / "a.czcase", {"estimate": {"kind": "inpatient"}})
    assert load_case(path)["tabs"] == {"estimate": {"kind": "inpatient"}}


def test_real_tabs_round_trip(qtbot, tmp_path: Path, policies: PolicySet) -> None:
    estimate = EstimateTab(policies)
    simulation = SimulationTab(policies)
    qtbot.addWidget(estimate)
    qtbot.addWidget(simulation)
    set_combo_value(estimate.level, 3)
    qtbot.keyClicks(estimate.cost.edit, "12000")
    simulation.add_event()
    set_combo_value(simulation.editor.level, 1)
    qtbot.keyClicks(simulation.editor.cost.edit, "3000")
    path = save_case(tmp_path / "case", {"tabs": {t.case_key: t.to_case() for t in (estimate, simulation)}})
    tabs = load_case(path)["tabs"]
    estimate2, simulation2 = EstimateTab(policies), SimulationTab(policies)
    qtbot.addWidget(estimate2)
    qtbot.addWidget(simulation2)
    estimate2.load_case(tabs["estimate"])
    simulation2.load_case(tabs["simulation"])
    assert estimate2.amount_labels["basic_fund"].text() == estimate.amount_labels["basic_fund"].text()
    assert simulation2.total_labels["out_of_pocket"].text() == simulation.total_labels["out_of_pocket"].text()
    assert simulation2.model.rowCount() == 1


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b'{"format": "czdesk-case", "versi', "不是有效的案例文件"),
        (b"\xff\xfe garbage", "不是有效的案例文件"),
        (b'{"hello": 1}', "不是本程序保存的案例文件"),
        (b"[1, 2]", "不是本程序保存的案例文件"),
        (b'{"format": "czdesk-case", "version": 99, "tabs": {}}', "较新版本"),
        (b'{"format": "czdesk-case", "version": 1}', "没有案例内容"),
    ],
)
def test_broken_or_foreign_file_gives_a_chinese_error(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "bad.czcase"
    path.write_bytes(content)
    with pytest.raises(CaseFileError) as info:
        load_case(path)
    assert message in info.value.message


def test_missing_file_gives_a_chinese_error(tmp_path: Path) -> None:
    with pytest.raises(CaseFileError) as info:
        load_case(tmp_path / "none.czcase")
    assert "无法打开" in str(info.value)


HOSTILE_CASES = {
    "5000 digits": b'{"format": "czdesk-case", "version": 1, "tabs": {"quote": {"n": ' + b"9" * 5000 + b"}}}",
    "5000-digit version": b'{"format": "czdesk-case", "version": ' + b"9" * 5000 + b', "tabs": {}}',
    "nested 2000": b"[" * 2000 + b"]" * 2000,
    "nested in a tab": b'{"format": "czdesk-case", "version": 1, "tabs": {"a": ' + b"[" * 3000 + b"]" * 3000 + b"}}",
    "1e999": b'{"format": "czdesk-case", "version": 1, "tabs": {"quote": {"n": 1e999}}}',
    "NaN": b'{"format": "czdesk-case", "version": 1, "tabs": {"quote": {"n": NaN}}}',
    "nul bytes": b"\x00" * 100,
    "utf-16": '{"format": "czdesk-case", "version": 1, "tabs": {}}'.encode("utf-16"),
    "lone surrogate": b'{"format": "czdesk-case", "version": 1, "tabs": {"quote": {"name": "\\udc00"}}}',
    "too large": b'{"format": "czdesk-case", "version": 1, "tabs": {}, "x": "' + b"a" * 6_000_000 + b'"}',
}


@pytest.mark.parametrize("content", list(HOSTILE_CASES.values()), ids=list(HOSTILE_CASES))
def test_hostile_case_files_raise_case_file_error_in_chinese(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "bad.czcase"
    path.write_bytes(content)
    with pytest.raises(CaseFileError) as info:
        load_case(path)
    assert "bad.czcase" in info.value.message
    assert not any("a" <= ch.lower() <= "z" for ch in info.value.message.replace("bad.czcase", "").replace("UTF-8", ""))


def test_a_bom_before_a_good_case_is_read(tmp_path: Path) -> None:
    path = tmp_path / "bom.czcase"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps({"format": FORMAT, "version": 1, "tabs": {"a": {}}}).encode())
    assert load_case(path)["tabs"] == {"a": {}}


def test_a_folder_named_like_a_case_gives_a_chinese_error(tmp_path: Path) -> None:
    (tmp_path / "dir.czcase").mkdir()
    with pytest.raises(CaseFileError) as info:
        load_case(tmp_path / "dir.czcase")
    assert "文件夹" in info.value.message and "directory" not in info.value.message
    with pytest.raises(CaseFileError) as info:
        save_case(tmp_path / "dir.czcase", {"a": {}})
    assert "文件夹" in info.value.message
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dir.czcase"]  # no temporary file left


def test_opening_or_saving_a_case_cleans_what_a_killed_save_left_beside_it(tmp_path: Path) -> None:
    import subprocess
    import sys

    from desktop.core import atomic

    dead = int(subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True).stdout)
    leftover = tmp_path / f"张三.czcase.{dead}-abcd1234{atomic.TEMP_SUFFIX}"
    legacy = tmp_path / ".czcase-a1b2c3d4.tmp"  # what versions before this one left
    for path in (leftover, legacy):
        path.write_text('{"id_number": "320483195005010014"}', encoding="utf-8")
    os.utime(legacy, (0, 0))
    path = save_case(tmp_path / "李四", {"a": {}})
    assert not leftover.exists() and not legacy.exists()
    leftover.write_text("x", encoding="utf-8")
    load_case(path)
    assert not leftover.exists()
