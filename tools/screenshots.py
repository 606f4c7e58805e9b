"""Take one PNG per tab of the real window, each with a demo case, for the README.

    xvfb-run -a -s "-screen 0 1366x768x24" python tools/screenshots.py [OUTPUT_DIR] [--size 1366x768]

Each tab is taken twice: at the normal text size into OUTPUT_DIR (docs/screenshots by default)
and in 大字模式 into OUTPUT_DIR/large. The window is sized as it opens on the screen (its
available area), or to ``--size`` when given. Runs under any Qt platform (offscreen works too).
The session and settings go to a temporary folder, so the clerk's own session is never touched;
the date is fixed to 2026-11-23 so the stale-year banner shows as a clerk would see it today.
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


def _parse(args: list[str]) -> tuple[Path, tuple[int, int] | None]:
    out = ROOT / "docs" / "screenshots"
    size: tuple[int, int] | None = None
    rest = list(args)
    while rest:
        arg = rest.pop(0)
        if arg == "--size" and rest:
            width, _, height = rest.pop(0).partition("x")
            size = (int(width), int(height))
        else:
            out = Path(arg)
    return out, size


def take(out: Path, size: tuple[int, int] | None, large: bool) -> list[Path]:
    """One window, the demo cases loaded, every tab grabbed; returns the files written."""
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from desktop.core.policy.loader import load_policies
    from desktop.ui import main_window

    app = QApplication.instance()
    assert app is not None
    scratch = Path(tempfile.mkdtemp(prefix="czdesk-shots-"))
    main_window.data_dir = lambda: scratch  # type: ignore[assignment]
    settings = QSettings(str(scratch / "settings.ini"), QSettings.Format.IniFormat)
    settings.setValue("large_text", large)
    window = main_window.MainWindow(load_policies(), today=TODAY, settings=settings)
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
    if size is not None:
        window.showNormal()
        window.resize(*size)
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for i in range(window.tabs.count()):
        window.tabs.setCurrentIndex(i)
        for _ in range(10):
            app.processEvents()
            time.sleep(0.01)
        title = window.tabs.tabText(i)
        target = out / FILE_NAMES.get(title, f"tab{i + 1}.png")
        window.grab().save(str(target))
        written.append(target)
    written.append(take_editor(window, out, size))
    window.menus.large_text_action.setChecked(False)  # the next window starts from the normal font
    window.close()
    return written


#: the 2025 notice's text, where the repository's neighbour folder has it (the product never reads it)
NOTICE_2025 = ROOT.parent / "shared" / "seeds" / "000_cc822a5554eeeeca.txt"


def take_editor(window: object, out: Path, size: tuple[int, int] | None) -> Path:
    """工具 → 制作政策包…: the 2025 draft from the bundled 2024 year, the 2025 notice beside it, one row confirmed."""
    import os

    from PySide6.QtWidgets import QApplication

    from desktop.core import packs
    from desktop.core.packs.draft import Draft
    from desktop.ui.packs.editor.window import PackEditor

    os.environ[packs.DATA_DIR_ENV] = tempfile.mkdtemp(prefix="czdesk-shots-data-")  # the draft is saved there
    loaded = packs.load_all(TODAY)
    draft = Draft.next_year(loaded.policies[2024])
    draft.avoid_versions({row.data_version for row in loaded.rows if row.year == 2025})  # as the window does
    editor = PackEditor(window, today=TODAY, draft=draft)  # type: ignore[arg-type]
    if NOTICE_2025.exists():
        editor.set_notice(NOTICE_2025.read_text(encoding="utf-8"), "2025年度通告.txt")
    editor.resize(*(size or (1366, 768)))
    editor.show()
    editor.select_path("premiums.categories.elderly.individual")
    editor.toggle_confirm()
    editor.select_path("premiums.categories.elderly.medical_individual")
    editor.check_and_save()
    app = QApplication.instance()
    for _ in range(10):
        if app is not None:
            app.processEvents()
        time.sleep(0.01)
    target = out / "pack-editor.png"
    editor.grab().save(str(target))
    editor.close()
    return target


def main(argv: list[str] | None = None) -> int:
    out, size = _parse(sys.argv[1:] if argv is None else argv)

    from PySide6.QtWidgets import QApplication

    _app = QApplication.instance() or QApplication([sys.argv[0]])
    from desktop.ui.font import register_font

    register_font()
    for large, folder in ((False, out), (True, out / "large")):
        for path in take(folder, size, large):
            print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
