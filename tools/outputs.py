"""Every user-visible output of the checkout in the current directory, written to OUT for `diff -r`.

    cd <checkout> && PYTHONPATH=$PWD QT_QPA_PLATFORM=offscreen python <this file> OUT

A restructuring that must change nothing a user sees is checked by running this in a checkout of
the commit before it and in the new one (the same file both times: it reads the checkout it is run
in), then ``diff -r`` of the two folders (docs/architecture.md, "Tests"). The outputs are fixed by
the date (2026-11-23) and the demo cases of tools/screenshots.py; two runs of one checkout are
identical.

- screenshots of every tab (tools/screenshots.py's demo cases), both text sizes, 1366x768
- each tab's slip: its HTML (printing.slip_html) and the PDF's text (pdftotext -layout)
- the roster register HTML and the roster export (.xlsx unzipped, XML parts)
- the CLI: every golden case through run_command (JSON), and real command lines (schema, policy, diff,
  compare, checklist, pack template/check, roster, errors) with stdout/stderr/exit code
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path.cwd()
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))
TODAY = dt.date(2026, 11, 23)


def write(path: Path, data: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)


def tab_slip(tab):  # type: ignore[no-untyped-def]
    from desktop.ui.tab_base import api

    return api(tab).slip()


def windows_outputs(out: Path) -> None:
    import screenshots  # tools/screenshots.py
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from desktop.core.policy.loader import load_policies
    from desktop.ui import main_window
    from desktop.ui.printing import save_slip_pdf, slip_html

    app = QApplication.instance() or QApplication([sys.argv[0]])
    from desktop.ui.font import register_font

    register_font()
    # screenshots, both sizes, as the README's tool takes them
    for large, folder in ((False, out / "shots"), (True, out / "shots" / "large")):
        screenshots.take(folder, (1366, 768), large)
    # slips of the demo cases
    scratch = Path(tempfile.mkdtemp(prefix="czdesk-outputs-"))
    main_window.data_dir = lambda: scratch  # type: ignore[assignment]
    settings = QSettings(str(scratch / "settings.ini"), QSettings.Format.IniFormat)
    window = main_window.MainWindow(load_policies(), today=TODAY, settings=settings)
    cases = screenshots.demo_cases()
    roster = scratch / "演示名册.csv"
    roster.write_text(screenshots.DEMO_ROSTER, encoding="utf-8")
    cases["roster"] = {"path": str(roster), "default_district": "wujin"}
    for tab in window.all_work_tabs():
        if tab.case_key in cases:
            tab.load_case(cases[tab.case_key])
    deadline = time.monotonic() + 30
    while (window.roster_tab.busy or window.roster_tab.result is None) and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.01)
    import dataclasses

    for tab in window.all_work_tabs():
        slip = tab_slip(tab)
        if slip is None:
            write(out / "slips" / f"{tab.case_key}.none", "")
            continue
        slip = dataclasses.replace(slip, printed_on=TODAY)
        write(out / "slips" / f"{tab.case_key}.repr.txt", repr(slip))
        write(out / "slips" / f"{tab.case_key}.html", slip_html(slip))
        pdf = scratch / f"{tab.case_key}.pdf"
        save_slip_pdf(slip, pdf)
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True).stdout
        write(out / "slips" / f"{tab.case_key}.pdf.txt", text)
    # the register and the export of the demo roster
    result = window.roster_tab.result
    from desktop.core.roster import register

    write(out / "roster" / "register.html", register.register_html(result))
    from desktop.core.roster.export import export_xlsx

    xlsx = scratch / "export.xlsx"
    try:
        export_xlsx(result, xlsx)
    except TypeError as exc:  # the signature may need more; say so
        write(out / "roster" / "export.error", str(exc))
    else:
        with zipfile.ZipFile(xlsx) as z:
            for name in sorted(z.namelist()):
                write(out / "roster" / "xlsx" / name, z.read(name))
    window.close()


def cli_outputs(out: Path) -> None:
    import yaml

    from desktop.cli.calculate import load_years, run_command
    from desktop.cli.requests import InputError

    policies = load_years(TODAY)

    class Loader(yaml.SafeLoader):
        pass

    Loader.yaml_implicit_resolvers = {
        k: [(t, r) for t, r in v if t != "tag:yaml.org,2002:timestamp"]
        for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    lines = []
    cases_dir = next(d for d in sorted((ROOT / "tests").rglob("cases")) if list(d.glob("*.yaml")))
    for path in sorted(cases_dir.glob("*.yaml")):
        for case in yaml.load(path.read_text(encoding="utf-8"), Loader=Loader)["cases"]:
            try:
                got = run_command(case["command"], case["input"], policies, today=TODAY)
            except InputError as exc:
                got = {"errors": exc.errors}
            lines.append(case["name"] + "\n" + json.dumps(got, ensure_ascii=False, indent=1, default=str))
    write(out / "cli" / "golden.txt", "\n\n".join(lines))

    env = dict(os.environ, PYTHONPATH=str(ROOT))
    tmp = Path(tempfile.mkdtemp(prefix="czdesk-outputs-cli-"))
    env["CZDESK_DATA_DIR"] = str(tmp / "data")
    import screenshots

    roster = tmp / "名册.csv"
    roster.write_text(screenshots.DEMO_ROSTER, encoding="utf-8")
    quote_in = json.dumps(
        {
            "policy_year": 2025,
            "district": "wujin",
            "members": [
                {"name": "张建国", "id_number": screenshots.DEMO_IDS[0], "category": "elderly"},
                {"name": "李桂英", "category": "elderly", "aid_status": "other_aid"},
                {"name": "王小红", "category": "college_student"},
            ],
        },
        ensure_ascii=False,
    )
    sim_in = json.dumps(
        {
            "policy_year": 2025,
            "person": {"category": "elderly", "aid_status": "other_aid"},
            "events": [
                {"date": "2025-03-10", "kind": "inpatient", "hospital_level": 3, "compliant_cost": "50000"},
                {"date": "2025-06-01", "kind": "outpatient_general", "facility": "primary", "compliant_cost": "1200"},
            ],
        }
    )
    runs = {
        "schema": (["schema"], None),
        "policy2024": (["policy", "2024"], None),
        "policy2025": (["policy", "2025"], None),
        "diff": (["diff", "2024", "2025"], None),
        "quote_bad": (["quote", "-"], '{"policy_year": 2025, "members": [{"category": "xx"}]}'),
        "compare": (
            ["compare", "-"],
            json.dumps({"policy_year": 2025, "district": "wujin", "members": [{"category": "elderly"}]}),
        ),
        "checklist": (["checklist", "-"], json.dumps({"policy_year": 2025, **screenshots.demo_cases()["checklist"]})),
        "simulate": (["simulate", "-"], sim_in),
        "quote_demo": (["quote", "-"], quote_in),
        "unknown": (["qoute", "x.json"], None),
        "help": (["--help"], None),
        "roster": (
            ["roster", str(roster), "-o", str(tmp / "out.xlsx"), "--year", "2025", "--district", "武进区"],
            None,
        ),
        "roster_help": (["roster", "--help"], None),
        "pack_template": (["pack", "template", "--from", "2025", "-o", str(tmp / "t.yaml")], None),
        "pack_help": (["pack", "--help"], None),
        "pack_check": (["pack", "check", str(ROOT / "policy_data" / "2025.yaml")], None),
        "pack_list": (["pack", "list"], None),
    }
    for name, (argv, stdin) in runs.items():
        p = subprocess.run(
            [sys.executable, "-m", "desktop", *argv],
            input=stdin,
            capture_output=True,
            text=True,
            encoding="utf-8",
            env=env,
            cwd=tmp,
            timeout=120,
        )
        text = f"exit {p.returncode}\n--- stdout\n{p.stdout}\n--- stderr\n{p.stderr}"
        write(out / "cli" / f"{name}.txt", text.replace(str(tmp), "<tmp>").replace(str(ROOT), "<root>"))
    if (tmp / "out.xlsx").exists():
        with zipfile.ZipFile(tmp / "out.xlsx") as z:
            for name in sorted(z.namelist()):
                write(out / "cli" / "roster_xlsx" / name, z.read(name))


def main() -> int:
    out = Path(sys.argv[1]).resolve()
    out.mkdir(parents=True, exist_ok=True)
    cli_outputs(out)
    windows_outputs(out)
    print("written to", out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
