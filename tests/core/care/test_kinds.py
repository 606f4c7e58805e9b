"""The one table of event kinds (desktop/core/care/kinds.py).

A new kind touches the table, its basic-fund rule, the year's data (when it has figures of its
own) and tests: ``test_a_new_kind_flows_through_without_other_changes`` adds one to a copy of
the program, changing only ``kinds.py`` and ``basic_fund.py``, and drives it through the core,
报销测算's inputs and 医疗救助模拟's editor.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

from desktop.core.care import KINDS, EventKind, earlier_spending, spec
from desktop.core.care.basic_fund import RULES

ROOT = Path(__file__).resolve().parents[3]


def test_every_kind_has_a_row_and_a_basic_fund_rule() -> None:
    assert list(KINDS) == list(EventKind)
    assert set(RULES) == set(EventKind)


def test_values_stay_the_names_of_case_files_and_the_command_line() -> None:
    # docs/CLI.md lists these; saved case files carry them
    assert [k.value for k in EventKind] == [
        "inpatient",
        "outpatient_general",
        "outpatient_chronic",
        "outpatient_special",
        "dual_channel_drug",
        "childbirth",
        "pku",
        "special_blood",
        "rare_disease_remainder",
    ]
    assert json.dumps({"kind": EventKind.PKU}) == '{"kind": "pku"}'
    assert f"{EventKind.PKU}" == "pku"


def test_the_command_line_guide_lists_every_kind() -> None:
    guide = (ROOT / "docs" / "CLI.md").read_text(encoding="utf-8")
    row = next(line for line in guide.splitlines() if line.startswith("| kind |"))
    assert re.findall(r"`([a-z_]+)`", row) == [k.value for k in EventKind]


def test_earlier_spending_follows_the_notices_layers() -> None:
    # 2025 notice: the 35万 cap counts 住院 (with 生育 and 特殊用血, settled as 住院) and 门诊特殊病,
    # whose remainder enters 大病保险's base; 医疗救助 has a 1万 cap for 普通门诊 and a 20万 cap
    # for 住院 and the rest; its table does not list 苯丙酮尿症
    capped = {"capped_fund_paid", "critical_base"}
    other_aid = {"aid_other_paid"}
    expected = {
        EventKind.INPATIENT: capped | other_aid,
        EventKind.OUTPATIENT_GENERAL: {"outpatient_general_cost", "aid_outpatient_general_paid"},
        EventKind.OUTPATIENT_CHRONIC: {"chronic_fund_paid"} | other_aid,
        EventKind.OUTPATIENT_SPECIAL: capped | other_aid,
        EventKind.DUAL_CHANNEL_DRUG: other_aid,
        EventKind.CHILDBIRTH: capped | other_aid,
        EventKind.PKU: {"pku_fund_paid"},
        EventKind.SPECIAL_BLOOD: capped | other_aid,
        EventKind.RARE_DISEASE_REMAINDER: other_aid,
    }
    for kind, ledgers in expected.items():
        assert earlier_spending(kind, aid=True) == ledgers, kind
        assert earlier_spending(kind, aid=False) == {x for x in ledgers if not x.startswith("aid_")}, kind


def test_the_slip_hint_is_worded_once_each_place() -> None:
    hints = spec(EventKind.OUTPATIENT_SPECIAL).slip_required
    assert hints is not None
    assert hints.long == "门诊特殊病必须填写:通知只写“按规定标准支付”,没有给出比例,请照医院结算单填写。"
    assert hints.short == "门诊特殊病必须填写:通知没有给出支付比例,请照医院结算单填写。"
    assert [k for k in EventKind if spec(k).slip_required] == [EventKind.OUTPATIENT_SPECIAL]


_KIND_STRING = re.compile("[\"'](" + "|".join(k.value for k in EventKind) + ")[\"']")


def test_no_kind_is_named_by_its_string_outside_the_table() -> None:
    """Everything that depends on the kind asks the table (so the type checker finds every use)."""
    offenders = []
    for path in sorted((ROOT / "desktop").rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        # the table itself; the policy model, its snapshot and labels name the notices' sections
        if rel in ("desktop/core/care/kinds.py", "desktop/core/policy/frozen.py", "desktop/core/policy/labels.py"):
            continue
        if rel.startswith("desktop/core/policy/model/"):
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if _KIND_STRING.search(line):
                offenders.append(f"{rel}:{n}: {line.strip()}")
    assert offenders == []


# ---------------------------------------------------------------------- a new kind, end to end

_ROW = """    EventKind.DIALYSIS: KindSpec(
        label="门诊透析(测试)",
        inputs=frozenset({"hospital_level", "basic_fund_paid"}),
        capped=True,
        critical_illness=True,
    ),
"""
_RULE = """

# a test's new kind: paid by the 住院 table of the hospital's level
RULES[EventKind.DIALYSIS] = Rule(lambda basic, ev, i, on, steps: (basic.inpatient(ev, steps), ev.compliant_cost))
"""

_DRIVE = r"""
import json
from decimal import Decimal

from PySide6.QtWidgets import QApplication

from desktop.cli.requests import SimulateInput
from desktop.core.care import Event, Person, check_events, simulate_year
from desktop.core.errors import InputProblem
from desktop.core.policy.loader import load_policies

policies = load_policies()
out = {}
person = Person(category="elderly")
event = Event.model_validate({"kind": "dialysis", "compliant_cost": Decimal("12000"), "hospital_level": 3})
year = simulate_year(policies[2025], person, [event])
t = year.totals
out["core"] = [str(t.basic_fund), str(t.critical_illness), str(t.medical_aid), str(t.out_of_pocket)]
out["ledgers"] = [str(year.ledgers.capped_fund_paid), str(year.ledgers.critical_base)]
try:
    check_events(policies[2025], [Event.model_validate({"kind": "dialysis", "compliant_cost": Decimal("1")})])
except InputProblem as problem:
    out["refused"] = [problem.field, problem.message]
out["schema"] = SimulateInput.model_json_schema()["$defs"]["Event"]["properties"]["kind"]["enum"]

app = QApplication([])
from desktop.ui.tabs.estimate.tab import EstimateTab
from desktop.ui.tabs.simulation.editor import EventEditor
from desktop.ui.tabs.simulation.events_model import build_event
from desktop.ui.widgets.fields import set_combo_value

tab = EstimateTab(policies)
tab.set_policy_year(2025)
set_combo_value(tab.category, "elderly")
set_combo_value(tab.kind, "dialysis")
set_combo_value(tab.level, 3)
tab.cost.setText("12000")
tab.recompute()
ev = tab.event_inputs
out["estimate_kind"] = tab.kind.currentText()
out["estimate_rows"] = {
    "level": tab.form.isRowVisible(ev.level_box),
    "facility": tab.form.isRowVisible(ev.facility_box),
    "slip": tab.form.isRowVisible(tab.slip_paid),
    "birth": tab.form.isRowVisible(tab.birth_box),
}
out["estimate_opening"] = sorted(tab.opening_group.visible(tab.event_inputs.current_kind(), False))
out["estimate_amounts"] = {k: label.text() for k, label in tab.amount_labels.items()}

editor = EventEditor()
set_combo_value(editor.kind, "dialysis")
set_combo_value(editor.level, 3)
editor.cost.setText("12000")
draft = editor.draft()
out["editor_rows"] = {
    "level": editor.form.isRowVisible(editor.inputs.level_box),
    "facility": editor.form.isRowVisible(editor.inputs.facility_box),
}
out["editor_place"] = draft.place_text()
built = build_event(draft, 0)
out["editor_event"] = [str(built.kind), built.hospital_level, str(built.compliant_cost)]
print(json.dumps(out, ensure_ascii=False))
"""


def _add_dummy_kind(copy: Path) -> list[str]:
    """Add 门诊透析 to the copy's table and rules; return the files changed."""
    kinds = copy / "desktop/core/care/kinds.py"
    text = kinds.read_text(encoding="utf-8")
    members = re.search(r"class EventKind\(StrEnum\):\n(?:.*\n)*?((?:    [A-Z_]+ = \"[a-z_]+\"\n)+)", text)
    assert members is not None
    text = text[: members.end(1)] + '    DIALYSIS = "dialysis"\n' + text[members.end(1) :]
    start = text.index("KINDS: dict[EventKind, KindSpec] = {")
    end = text.index("\n}\n", start) + 1
    text = text[:end] + _ROW + text[end:]
    kinds.write_text(text, encoding="utf-8")
    rules = copy / "desktop/core/care/basic_fund.py"
    rules.write_text(rules.read_text(encoding="utf-8") + _RULE, encoding="utf-8")
    return ["desktop/core/care/basic_fund.py", "desktop/core/care/kinds.py"]


def _changed(a: Path, b: Path) -> list[str]:
    out = []
    for path in sorted(b.rglob("*.py")):
        rel = path.relative_to(b)
        if (a / rel).read_bytes() != path.read_bytes():
            out.append(rel.as_posix())
    return out


def test_a_new_kind_flows_through_without_other_changes(tmp_path: Path) -> None:
    copy = tmp_path / "program"
    shutil.copytree(ROOT / "desktop", copy / "desktop", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("policy_data", "resources"):
        (copy / name).symlink_to(ROOT / name, target_is_directory=True)
    touched = _add_dummy_kind(copy)
    assert ["desktop/" + p for p in _changed(ROOT / "desktop", copy / "desktop")] == touched

    env = {**os.environ, "PYTHONPATH": str(copy), "QT_QPA_PLATFORM": "offscreen"}
    run = subprocess.run(
        [sys.executable, "-c", _DRIVE], cwd=copy, env=env, capture_output=True, text=True, timeout=300, check=False
    )
    assert run.returncode == 0, run.stderr
    out = json.loads(run.stdout.strip().splitlines()[-1])

    # the core: 2025 elderly, level-3 hospital, 12000 by the 住院 table (1000 per admission, 70 %):
    # fund (12000 − 1000) × 70 % = 7700.00, counted against the 35万 cap; 大病 base 4300 stays
    # under the 20000 threshold: 0; no aid status: 0; the person 12000 − 7700 = 4300.00
    assert [Decimal(x) for x in out["core"]] == [Decimal("7700.00"), 0, 0, Decimal("4300.00")]
    assert [Decimal(x) for x in out["ledgers"]] == [Decimal("7700.00"), Decimal("4300.00")]
    assert out["refused"] == ["events[0].hospital_level", "门诊透析(测试)请选择医院等级(1、2、3级)"]
    assert out["schema"][-1] == "dialysis"
    # 报销测算: offered, its inputs shown, its earlier spending asked, the same figures
    assert out["estimate_kind"] == "门诊透析(测试)"
    assert out["estimate_rows"] == {"level": True, "facility": False, "slip": True, "birth": False}
    assert out["estimate_opening"] == ["capped_fund_paid", "critical_base"]
    assert out["estimate_amounts"]["basic_fund"] == "7,700.00 元"
    assert out["estimate_amounts"]["out_of_pocket"] == "4,300.00 元"
    # 医疗救助模拟's editor: the level asked, the place shown, the core's Event built
    assert out["editor_rows"] == {"level": True, "facility": False}
    assert out["editor_place"] == "三级医疗机构"
    assert out["editor_event"] == ["dialysis", 3, "12000.00"]
