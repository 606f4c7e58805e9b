"""Take one PNG per tab of the real window, each with a demo case, for the README.

    xvfb-run -a -s "-screen 0 1366x768x24" python tools/screenshots.py [OUTPUT_DIR]

Runs under any Qt platform (offscreen works too). The session and settings go to a temporary
folder, so the clerk's own session is never touched; the date is fixed to 2026-11-23 so the
stale-year banner shows as a clerk would see it today.
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TODAY = dt.date(2026, 11, 23)
SIZE = (1280, 720)
#: made-up numbers with a correct check digit; no real person
DEMO_IDS = ("320483195003150013", "320483201506010029")

FILE_NAMES = {
    "保费测算": "quote.png",
    "参保清单": "checklist.png",
    "报销测算": "estimate.png",
    "医疗救助模拟": "simulation.png",
    "村组名册": "roster.png",
    "政策": "policy.png",
}


#: a made-up village roster: two households, one aid recipient without an ID, one wrong check digit
DEMO_ROSTER = """户号,姓名,身份证号,参保类别,救助身份,所属区
1,张建国,320483195003150013,老年居民,,武进区
1,张小雨,320483201506010029,未成年人,,武进区
1,李桂英,,老年居民,低保对象,武进区
2,王大明,320483198001010010,非从业居民,,武进区
2,王小红,320483200409050025,大学生,,武进区
"""


def demo_cases() -> dict[str, dict[str, object]]:
    return {
        "quote": {
            "district": "wujin",
            "members": [
                {"name": "张建国", "id_number": DEMO_IDS[0], "category": "elderly"},
                {"name": "张小雨", "id_number": DEMO_IDS[1], "category": "non_employed", "suggestion_settled": False},
                {"name": "李桂英", "category": "elderly", "aid_status": "other_aid"},
            ],
            "family": {"payer_employee": True, "relation": "sibling"},
            "waiting": {"payment_date": "2025-03-15", "years_broken": 2, "years_repaid": 1},
        },
        "checklist": {"new_enrolment": True, "category": "minor", "minor": True, "payment": "bank_debit"},
        "estimate": {
            "category": "elderly",
            "aid_status": "other_aid",
            "kind": "inpatient",
            "hospital_level": 3,
            "compliant_cost": "50000",
        },
        "simulation": {
            "person": {"category": "elderly", "aid_status": "other_aid", "continuous_enrolment_years": 5},
            "events": [
                {"date": "2025-03-10", "kind": "inpatient", "hospital_level": 3, "cost_text": "50000"},
                {"date": "2025-06-01", "kind": "outpatient_general", "facility": "primary", "cost_text": "1200"},
            ],
        },
    }


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    out = Path(args[0]) if args else ROOT / "docs" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)

    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([sys.argv[0]])
    from desktop.ui import main_window
    from desktop.ui.app import register_font

    register_font()
    scratch = Path(tempfile.mkdtemp(prefix="czdesk-shots-"))
    main_window.data_dir = lambda: scratch  # type: ignore[assignment]
    from desktop.core.policy.loader import load_policies

    settings = QSettings(str(scratch / "settings.ini"), QSettings.Format.IniFormat)
    window = main_window.MainWindow(load_policies(), today=TODAY, settings=settings)
    window.resize(*SIZE)
    cases = demo_cases()
    roster = scratch / "演示名册.csv"
    roster.write_text(DEMO_ROSTER, encoding="utf-8")
    cases["roster"] = {"path": str(roster), "default_district": "wujin"}
    for tab in window.all_work_tabs():
        if tab.case_key in cases:
            tab.load_case(cases[tab.case_key])
    deadline = time.monotonic() + 30
    while (window.roster_tab.busy or window.roster_tab.result is None) and time.monotonic() < deadline:
        app.processEvents()  # the roster is read and checked in a worker thread
        time.sleep(0.01)
    window.quote_tab.table.setCurrentIndex(window.quote_tab.model.index(1, 0))
    window.show()
    for i in range(window.tabs.count()):
        window.tabs.setCurrentIndex(i)
        for _ in range(5):
            app.processEvents()
        title = window.tabs.tabText(i)
        name = FILE_NAMES.get(title, f"tab{i + 1}.png")
        window.grab().save(str(out / name))
        print(out / name)
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
