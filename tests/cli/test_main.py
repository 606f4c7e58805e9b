"""The command line as a batch user meets it: JSON in and out, exit 2 with Chinese on bad input."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "desktop", *args],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        timeout=60,
    )


def test_quote_from_stdin_prints_money_as_strings():
    # 2025: wujin non_employed 880 + liyang non_employed 730 + other_aid minor 0 = 1610.00
    payload = {
        "policy_year": 2025,
        "district": "wujin",
        "members": [
            {"name": "甲", "category": "non_employed"},
            {"name": "乙", "category": "non_employed", "district": "liyang"},
            {"name": "丙", "category": "minor", "aid_status": "other_aid"},
        ],
    }
    out = run("quote", "-", stdin=json.dumps(payload))
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["total_individual"] == "1610.00"
    assert [m["individual"] for m in data["members"]] == ["880.00", "730.00", "0.00"]
    assert data["members"][2]["government_pays_individual"] == "390.00"


@pytest.mark.parametrize(
    ("stdin", "field"),
    [
        ("{not json", "FILE"),
        ("[]", ""),
        ('{"policy_year": 2025, "members": [{"category": "retired", "district": "wujin"}]}', "members[0].category"),
        ('{"policy_year": 2019, "members": [{"category": "minor", "district": "wujin"}]}', "policy_year"),
    ],
)
def test_bad_input_exits_2_naming_the_field(stdin, field):
    out = run("quote", "-", stdin=stdin)
    assert out.returncode == 2
    assert "Traceback" not in out.stderr
    errors = json.loads(out.stderr)["errors"]
    assert any(e["field"] == field for e in errors), errors
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in e["message"]) for e in errors)


def test_missing_file_is_a_message_not_a_traceback(tmp_path):
    out = run("simulate", str(tmp_path / "nope.json"))
    assert out.returncode == 2 and "找不到该文件" in out.stderr and "Traceback" not in out.stderr


def test_special_disease_without_slip_amount_says_why():
    payload = {
        "policy_year": 2025,
        "person": {"category": "elderly"},
        "events": [{"kind": "outpatient_special", "compliant_cost": "5000"}],
    }
    out = run("simulate", "-", stdin=json.dumps(payload))
    assert out.returncode == 2
    (error,) = json.loads(out.stderr)["errors"]
    assert error["field"] == "events[0].basic_fund_paid" and "结算单" in error["message"]


def test_schema_policy_and_diff_commands():
    schema = json.loads(run("schema").stdout)
    assert set(schema) == {"quote", "simulate", "waiting", "checklist"}
    policy = json.loads(run("policy", "2024").stdout)
    assert policy["premiums"]["categories"]["non_employed"]["individual"]["value"] == "930"
    diff = json.loads(run("diff", "2024", "2025").stdout)
    college = next(d for d in diff if d["path"] == "premiums.categories.college_student.individual")
    assert (college["old"], college["new"]) == ("230 元", "260 元")


def test_compare_runs_a_case_under_every_year():
    # elderly, level-3 admission of 12000: (12000 - 1000) x 70% = 7700 both years (table carried over)
    payload = {
        "policy_year": 2025,
        "person": {"category": "elderly"},
        "events": [{"date": "2025-03-01", "kind": "inpatient", "compliant_cost": 12000, "hospital_level": 3}],
    }
    rows = json.loads(run("compare", "-", stdin=json.dumps(payload)).stdout)["rows"]
    basic = next(r for r in rows if r["label"] == "基本医保统筹基金")
    assert basic["values"] == {"2024": "7700.00", "2025": "7700.00"} and basic["differs"] is False


def test_cli_never_imports_qt():
    code = (
        "import sys, desktop.cli.main as cli, desktop.__main__ as m; "
        "rc = cli.main(['schema']); "
        "assert 'PySide6' not in sys.modules, 'Qt imported'; print('clean', rc)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert out.returncode == 0 and "clean 0" in out.stdout, out.stderr


def test_old_year_answers_say_they_are_old():
    from desktop.cli.calculate import run_command

    payload = {"policy_year": 2025, "district": "wujin", "members": [{"category": "minor"}]}
    late = run_command("quote", payload, today=dt.date(2026, 11, 23))
    assert "2026年度" in late["data_warning"] and "旧年度" in late["data_warning"]
    current = run_command("quote", payload, today=dt.date(2025, 6, 1))
    assert current["data_warning"] is None


def test_every_command_the_launcher_knows_is_a_cli_command_and_back():
    # desktop/cli/commands.py decides "command line or window" before anything is imported; it
    # must name exactly the subcommands the CLI parser has, or a command would open the window
    import contextlib
    import io

    from desktop.cli.commands import COMMANDS, is_command
    from desktop.cli.main import DELEGATED
    from desktop.cli.main import main as cli_main

    help_text = io.StringIO()
    with contextlib.redirect_stdout(help_text), pytest.raises(SystemExit):
        cli_main(["-h"])
    listed = help_text.getvalue().split("{", 1)[1].split("}", 1)[0].split(",")
    assert sorted(listed) == sorted(COMMANDS)
    assert set(DELEGATED) <= set(COMMANDS)
    assert is_command(["quote", "x.json"]) and is_command(["-h"])
    assert not is_command([]) and not is_command(["--self-test"])


def test_waiting_takes_a_newborns_birth_date_as_text():
    # born 2025-05-10, paid 2025-06-01: no waiting period (2025 通告 变化三), cover from the day of
    # birth (the product's labelled reading), not from 2025-01-01
    done = run(
        "waiting",
        "-",
        stdin='{"policy_year": 2025, "payment_date": "2025-06-01", "newborn": true, "birth_date": "2025-05-10"}',
    )
    assert done.returncode == 0, done.stdout + done.stderr
    out = json.loads(done.stdout)
    assert out["benefit_start"] == "2025-05-10" and out["waiting_months"] == 0


def test_the_executable_can_find_every_subcommand_module():
    # PyInstaller bundles what it sees imported by name; a module reached only through
    # importlib.import_module(variable) is left out, and in the built executable `roster` and
    # `pack` then stopped with ModuleNotFoundError and a traceback. modulefinder reads the
    # bytecode the same way (imports inside functions included).
    import modulefinder

    from desktop.cli.main import DELEGATED

    finder = modulefinder.ModuleFinder(path=[str(ROOT)])
    finder.run_script(str(ROOT / "desktop" / "cli" / "main.py"))
    for name in DELEGATED:
        assert f"desktop.cli.{name}" in finder.modules, name


def test_the_executable_names_itself_in_help_and_in_the_unknown_command_message(monkeypatch, capsys):  # type: ignore[no-untyped-def]
    """A clerk with only the .exe was told to run `python -m desktop`."""
    from desktop.cli.main import main

    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", r"C:\\柜台\\常州居民医保测算台.exe")
    assert main(["quoet"]) == 2
    err = capsys.readouterr().err
    assert "常州居民医保测算台.exe -h" in err and "python -m desktop" not in err
    for argv in (["-h"], ["pack", "-h"], ["roster", "-h"]):
        with pytest.raises(SystemExit):
            main(argv)
        out = capsys.readouterr().out
        assert "常州居民医保测算台.exe" in out and "python -m desktop" not in out, argv
