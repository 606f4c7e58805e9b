"""The printed slip on the page: nothing outside the margins, IDs on one line, one page of answer.

Each slip is written as a PDF the way 导出PDF does, rasterised with pdftoppm, and every page is
checked for ink outside the 15 mm margins (the split chart used to run past the right one).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage

from desktop.core.policy.loader import PolicySet
from desktop.core.slip import Slip
from desktop.ui.printing import save_slip_pdf
from desktop.ui.tabs.estimate.tab import EstimateTab
from desktop.ui.tabs.quote.tab import QuoteTab
from desktop.ui.tabs.simulation.tab import SimulationTab

DPI = 60
MARGIN_MM = 15.0
A4_MM = (210.0, 297.0)
#: made-up numbers with correct check digits
IDS = ("320483195003150013", "320483201506010029", "320483198001010010", "320483200409050024")


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"{name} is needed to read the PDFs back: apt install poppler-utils (.ci/run does)")
    return path


def pages(pdf: Path, tmp_path: Path) -> list[QImage]:
    prefix = tmp_path / pdf.stem
    subprocess.run([_tool("pdftoppm"), "-r", str(DPI), "-png", str(pdf), str(prefix)], check=True)
    files = sorted(tmp_path.glob(f"{pdf.stem}-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
    return [QImage(str(f)) for f in files]


def page_texts(pdf: Path) -> list[str]:
    out = subprocess.run([_tool("pdftotext"), str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return out.split("\f")[:-1] if out.endswith("\f") else out.split("\f")


def ink_outside_margins(image: QImage) -> list[str]:
    """Where a page has non-white pixels in its margins (one pixel of slack for anti-aliasing)."""
    margin = MARGIN_MM / 25.4 * DPI - 1
    left, top = int(margin), int(margin)
    right, bottom = image.width() - int(margin), image.height() - int(margin)
    found = []
    for y in range(0, image.height(), 1):
        for x in range(0, image.width(), 1):
            if left <= x < right and top <= y < bottom:
                continue
            c = QColor(image.pixel(x, y))
            if c.red() + c.green() + c.blue() < 3 * 235:
                found.append(f"({x},{y})")
                if len(found) > 5:
                    return found
    return found


@pytest.fixture
def household_slip(qtbot, policies: PolicySet) -> Slip:
    tab = QuoteTab(policies)
    qtbot.addWidget(tab)
    tab.load_case(
        {
            "district": "wujin",
            "members": [
                {"name": "张建国", "id_number": IDS[0], "category": "elderly"},
                {"name": "张小雨", "id_number": IDS[1], "category": "minor"},
                # the longest aid label squeezes the other columns: the IDs must still not wrap
                {"name": "欧阳大明", "id_number": IDS[2], "category": "non_employed", "aid_status": "extreme_poverty"},
                {"name": "王小红", "id_number": IDS[3], "category": "college_student"},
            ],
        }
    )
    slip = tab.slip()
    assert slip is not None and len(slip.table) == 5
    return slip


@pytest.fixture
def simulation_slip(qtbot, policies: PolicySet) -> Slip:
    tab = SimulationTab(policies)
    qtbot.addWidget(tab)
    tab.set_policy_year(2025)
    tab.load_case(
        {
            "person": {"category": "elderly", "aid_status": "other_aid", "continuous_enrolment_years": 5},
            "events": [
                {"date": "2025-03-10", "kind": "inpatient", "hospital_level": 3, "cost_text": "150000"},
                {"date": "2025-06-01", "kind": "outpatient_general", "facility": "primary", "cost_text": "1200"},
                {"date": "2025-08-01", "kind": "rare_disease_remainder", "cost_text": "23000"},
            ],
        }
    )
    slip = tab.slip()
    assert slip is not None
    return slip


@pytest.fixture
def estimate_slip(qtbot, policies: PolicySet) -> Slip:
    tab = EstimateTab(policies)
    qtbot.addWidget(tab)
    tab.set_policy_year(2025)
    tab.load_case(
        {
            "category": "elderly",
            "aid_status": "other_aid",
            "kind": "inpatient",
            "hospital_level": 3,
            "compliant_cost": "50000",
        }
    )
    slip = tab.slip()
    assert slip is not None
    return slip


@pytest.mark.parametrize("which", ["household_slip", "simulation_slip", "estimate_slip"])
def test_no_ink_outside_the_page_margins(which: str, request: pytest.FixtureRequest, tmp_path: Path) -> None:
    slip: Slip = request.getfixturevalue(which)
    pdf = save_slip_pdf(slip, tmp_path / f"{which}.pdf")
    images = pages(pdf, tmp_path)
    assert images
    for n, image in enumerate(images, start=1):
        assert abs(image.width() - A4_MM[0] / 25.4 * DPI) <= 2  # an A4 page, portrait
        outside = ink_outside_margins(image)
        assert not outside, f"{which} page {n}: ink in the margin at {outside}"


def test_masked_ids_stay_on_one_line(household_slip: Slip, tmp_path: Path) -> None:
    pdf = save_slip_pdf(household_slip, tmp_path / "household.pdf")
    text = "".join(page_texts(pdf))
    lines = text.splitlines()
    for full in IDS:
        masked = full[:6] + "********" + full[-4:]
        # the whole masked number on one line of the 明细 table, never "320483********001" / "3"
        assert any(masked in line for line in lines), masked


def test_a_four_person_household_is_one_page_of_answer_and_a_compact_appendix(
    household_slip: Slip, tmp_path: Path
) -> None:
    pdf = save_slip_pdf(household_slip, tmp_path / "household.pdf")
    texts = page_texts(pdf)
    # it was 4 pages: every step printed its clauses in full, the same clause once per member
    assert len(texts) <= 2, f"{len(texts)} pages"
    first, whole = texts[0], "".join(texts)
    # the answer, whole, on the first page: the total, every member, the disclaimer
    answer = first.split("附录")[0]
    assert "全家个人缴费合计" in answer and "声明" in answer
    for name in ("张建国", "张小雨", "欧阳大明", "王小红"):
        assert name in answer
    # the steps and the clauses behind them follow as an appendix, each clause printed once
    steps, clauses = whole.split("附录:计算依据")
    assert "附录:计算过程" in steps and "【通知原文】" in clauses
    cited = set(re.findall(r"\[(\d+)\]", steps))
    assert cited, "the steps point to the appendix's numbered clauses"
    # (a paragraph the layout moved to the next page is also drawn, clipped away, at the foot of
    # the page before: pdftotext reads it there too, so a number may be read twice at a page turn)
    numbers = sorted(set(map(int, re.findall(r"^\[(\d+)\] ", clauses, flags=re.MULTILINE))))
    assert numbers == list(range(1, len(numbers) + 1))  # numbered 1, 2, 3 … without a gap
    assert {int(n) for n in cited} <= set(numbers)
    clause_lines = [line for line in clauses.splitlines() if re.match(r"^\[\d+\] 【", line)]
    assert len(set(clause_lines)) == len(numbers)  # no clause printed under two numbers


def test_dates_and_amounts_in_the_simulation_table_stay_on_one_line(simulation_slip: Slip, tmp_path: Path) -> None:
    pdf = save_slip_pdf(simulation_slip, tmp_path / "simulation.pdf")
    lines = page_texts(pdf)[0].splitlines()
    header, *rows = simulation_slip.table
    for row in rows:
        for cell in row:
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}|[\d,]+\.\d\d", cell):
                assert any(cell in line for line in lines), cell  # not "2025-03-1" over "0"
