"""The program works with no network at all, and the core stays free of Qt.

Village service stations are often offline: nothing may try to reach out. Every way Python
opens a connection or resolves a name is made to fail loudly while the core, the CLI, the roster
and the window do their work; any attempt fails the test even if the caller would have
swallowed the error.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import pkgutil
import shutil
import socket
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import desktop.core
from desktop.core.care import Event, Person, simulate_year
from desktop.core.policy.diff import diff_years
from desktop.core.policy.loader import PolicySet, load_policies
from desktop.core.premium import Member, quote_household
from desktop.core.waiting import WaitingInput, waiting_period

ROOT = Path(__file__).resolve().parents[2]


class NetworkUsed(AssertionError):
    pass


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Make every connect/resolve raise, and record the attempt (in case something catches it)."""
    attempts: list[str] = []

    def refuse(name: str) -> Any:
        def blocked(*args: Any, **kwargs: Any) -> Any:
            attempts.append(f"{name}{args[1:] if name.startswith('socket.') else args}")
            raise NetworkUsed(f"network access attempted: {name}")

        return blocked

    monkeypatch.setattr(socket.socket, "connect", refuse("socket.connect"))
    monkeypatch.setattr(socket.socket, "connect_ex", refuse("socket.connect_ex"))
    monkeypatch.setattr(socket.socket, "sendto", refuse("socket.sendto"))
    monkeypatch.setattr(socket, "create_connection", refuse("create_connection"))
    monkeypatch.setattr(socket, "getaddrinfo", refuse("getaddrinfo"))
    monkeypatch.setattr(socket, "gethostbyname", refuse("gethostbyname"))
    monkeypatch.setattr(socket, "gethostbyname_ex", refuse("gethostbyname_ex"))
    return attempts


def test_the_guard_works(no_network: list[str]) -> None:
    with pytest.raises(NetworkUsed):
        socket.create_connection(("example.org", 80), timeout=1)
    with pytest.raises(NetworkUsed):
        socket.getaddrinfo("example.org", 80)
    assert len(no_network) == 2


def test_core_works_offline(no_network: list[str]) -> None:
    policies: PolicySet = load_policies()
    policy = policies[2025]
    # (12000 - 1000) × 70% = 7700.00 from the basic fund, 4300.00 out of pocket
    person = Person(category="elderly", birth_date=dt.date(1950, 5, 1), continuous_enrolment_years=3)
    events = [Event(date=dt.date(2025, 3, 2), kind="inpatient", compliant_cost=Decimal("12000"), hospital_level=3)]
    totals = simulate_year(policy, person, events).totals
    assert (totals.basic_fund, totals.out_of_pocket) == (Decimal("7700.00"), Decimal("4300.00"))
    # 850 + 30 (长护险) = 880.00
    quote = quote_household(policy, [Member(category="non_employed", district="wujin")])
    assert quote.total_individual == Decimal("880.00")
    waiting_period(policy, WaitingInput(policy_year=2025, payment_date=dt.date(2024, 11, 1)))
    assert diff_years(policies[2024], policy)
    assert no_network == []


def test_cli_works_offline(no_network: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from desktop.cli.main import main

    request = tmp_path / "quote.json"
    request.write_text(
        json.dumps({"policy_year": 2025, "members": [{"category": "non_employed", "district": "wujin"}]}),
        encoding="utf-8",
    )
    assert main(["quote", str(request)]) == 0
    assert json.loads(capsys.readouterr().out)["total_individual"] == "880.00"
    assert main(["diff", "2024", "2025"]) == 0
    assert no_network == []


def test_roster_works_offline(no_network: list[str], tmp_path: Path) -> None:
    from desktop.core.roster import export_xlsx, load_roster
    from desktop.resources import resource

    template = resource("roster_template.xlsx")
    assert template.exists(), "resources/roster_template.xlsx is missing"
    result = load_roster(load_policies()[2025], template, default_district="wujin")
    export_xlsx(result, tmp_path / "out.xlsx")
    assert (tmp_path / "out.xlsx").stat().st_size > 0
    assert no_network == []


def test_window_works_offline(
    no_network: list[str], qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtCore import QSettings

    from desktop.ui import main_window
    from desktop.ui.font import register_font

    monkeypatch.setattr(main_window, "data_dir", lambda: tmp_path)
    register_font()
    # QtNetwork is not part of the program (a second start reaches the window through a file)
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = main_window.MainWindow(load_policies(), today=dt.date(2025, 6, 1), settings=settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        qtbot.wait(10)
        assert not window.tabs.currentWidget().grab().isNull()
    assert "PySide6.QtNetwork" not in sys.modules
    assert no_network == []


def _core_modules() -> list[str]:
    names = [m.name for m in pkgutil.walk_packages(desktop.core.__path__, "desktop.core.")]
    return sorted({"desktop", "desktop.core", "desktop.cli.main", "desktop.resources", "build_support.bundle", *names})


def test_core_and_cli_never_import_qt() -> None:
    modules = _core_modules()
    assert "desktop.core.care" in modules and "desktop.core.roster" in modules
    for optional in ("desktop.cli.pack",):
        if importlib.util.find_spec(optional):
            modules.append(optional)
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "leaked = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6'))\n"
        "assert not leaked, leaked\n"
        "print('clean', len(sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120, stdin=subprocess.DEVNULL
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("clean")


def test_import_contracts_hold() -> None:
    """import-linter's contracts in pyproject.toml (the core never imports Qt or desktop.ui; the layers)."""
    exe = shutil.which("lint-imports") or shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    if exe is None:
        pytest.fail("lint-imports not found: install the test extras (pip install -e '.[test]')")
    done = subprocess.run(
        [exe, "--config", str(ROOT / "pyproject.toml")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "broken" not in done.stdout.lower() or "0 broken" in done.stdout.lower()
    # the layers are checked, not only declared: ui and cli on core, neither importing the other
    assert "Layers: ui and cli on core, neither imports the other, core imports neither KEPT" in done.stdout
