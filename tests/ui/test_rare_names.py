"""Every name character survives (issue 24, point 7): the font, the table, case files, slips, export, register.

A roster of names written with characters outside GB2312 (喆 堃 玥 …, common in given names, all
in the 通用规范汉字表) and one outside the Basic Multilingual Plane (𠮷, U+20BB7, a surrogate pair
in UTF-16 and four bytes in GB18030), read as GB18030 like a roster saved by WPS, goes through
every path: the roster table, the .xlsx export, the printed register (a PDF whose text pdftotext
reads back), the household on the 保费测算 tab, its case file and its printed slip. The bundled
font must hold every one of these glyphs itself: CI has no other CJK font, and at a counter a
missing glyph would print from whatever font the PC has, or as a box.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import QMarginsF
from PySide6.QtGui import QPageLayout, QPageSize, QRawFont
from PySide6.QtPrintSupport import QPrinter

from desktop.app_info import FONT_FILE
from desktop.core.policy.loader import PolicySet
from desktop.resources import resource
from desktop.ui.case_file import load_case, save_case
from desktop.ui.printing import save_slip_pdf
from desktop.ui.tabs.quote.household_model import COL_NAME as QUOTE_COL_NAME
from desktop.ui.tabs.quote.tab import QuoteTab
from desktop.ui.tabs.roster.tab import RosterTab
from tests.sheet_cells import records, screen_column

ROOT = Path(__file__).resolve().parents[2]
GENERAL_STANDARD = ROOT / "tools" / "data" / "tongyong_guifan_8105.txt"
#: the given-name characters issue 24 found missing from the font, one name each; 𠮷野 outside the BMP
NAMES = [
    "𠮷野",
    "王喆",
    "李堃",
    "张玥",
    "陈珺",
    "赵琤",
    "刘彧",
    "周翀",
    "吴旻",
    "郑镕",
    "孙昇",
    "钱璟",
    "冯赟",
    "褚祎",
    "卫芃",
    "蒋垚",
    "沈犇",
    "韩淏",
]
RARE = "𠮷喆堃玥珺琤彧翀旻镕昇璟赟祎芃垚犇淏"

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def make_id(first17: str) -> str:
    """GB 11643 check character, computed here independently of the code under test."""
    total = sum(int(c) * w for c, w in zip(first17, _WEIGHTS, strict=True))
    return first17 + "10X98765432"[total % 11]


def gb2312(ch: str) -> bool:
    try:
        ch.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def pdf_text(path: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext is needed to read the PDFs back: apt install poppler-utils (.ci/run does)")
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


def in_text_layer(names: list[str], text: str) -> list[str]:
    """The names missing from a PDF's text layer.

    Qt 6's PDF writer leaves characters outside the BMP out of the text layer (its ToUnicode map
    is built by walking U+0000..U+FFFF only): 𠮷 is printed, from the bundled font (checked with the
    slip font's metrics below), but copying it out of the PDF gives a space. So for a name with
    such a character the rest of the name must be there; every other name whole.
    """
    missing = []
    for name in names:
        bmp = "".join(c if ord(c) <= 0xFFFF else " " for c in name)
        if bmp.strip() not in text:
            missing.append(name)
    return missing


def printed_in_bundled_font(names: list[str]) -> None:
    """The font the slips and the register are set in (desktop.ui.printing.slip_font) has every glyph."""
    from PySide6.QtGui import QFont, QFontInfo

    from desktop.ui import printing

    families = printing.slip_font(10).families()
    # Latin first (a platform font with no CJK glyphs), then the bundled Chinese family
    assert printing._CHINESE_FAMILY in families, families
    chinese = QFont(printing._CHINESE_FAMILY, 10)
    assert QFontInfo(chinese).family() == printing._CHINESE_FAMILY
    for family in families[: families.index(printing._CHINESE_FAMILY)]:
        before = QRawFont.fromFont(QFont(family, 10))
        taken = [c for c in "".join(names) if before.supportsCharacter(ord(c))]
        assert not taken, f"{family}, before the bundled font, would print {''.join(taken)}"
    raw = QRawFont.fromFont(chinese)
    missing = [c for c in "".join(names) if not raw.supportsCharacter(ord(c))]
    assert not missing, f"printed from a fallback font or as a box: {''.join(missing)}"


def test_the_names_are_what_the_test_means() -> None:
    assert all(not gb2312(ch) for ch in RARE)  # outside GB2312, the old font's range
    assert ord("𠮷") > 0xFFFF  # outside the BMP
    assert set(RARE) <= set("".join(NAMES))


@pytest.fixture(scope="module")
def font(qapp) -> QRawFont:  # type: ignore[no-untyped-def]
    raw = QRawFont(str(resource(*FONT_FILE)), 12.0)
    assert raw.isValid()
    return raw


def test_the_font_has_every_character_of_the_general_standard_list(font: QRawFont) -> None:
    lines = GENERAL_STANDARD.read_text(encoding="utf-8").splitlines()
    chars = [line for line in lines if line and not line.startswith("#")]
    assert len(chars) == len(set(chars)) == 8105
    assert chars[0] == "一" and chars[-1] == "蠼"  # the table's first and last (number 8105)
    assert sum(ord(c) > 0xFFFF for c in chars) == 196  # e.g. 𬭚 (zhā, a name character)
    # the code-point overload: PySide6's str-to-QChar conversion misreports some characters
    missing = [c for c in chars if not font.supportsCharacter(ord(c))]
    assert not missing, f"{len(missing)} of the 8105 missing, e.g. {''.join(missing[:40])}"


def test_the_font_has_every_rare_name_character(font: QRawFont) -> None:
    missing = [c for c in RARE if not font.supportsCharacter(ord(c))]
    assert not missing, f"the bundled font lacks {''.join(missing)}"


@pytest.fixture
def roster_csv(tmp_path: Path) -> Path:
    """The roster as WPS saves a CSV on a Chinese Windows: GB18030 (which encodes 𠮷 in four bytes)."""
    lines = ["户号,姓名,身份证号,参保类别,救助身份,所属区"]
    for i, name in enumerate(NAMES):
        lines.append(f"H{i // 3 + 1},{name},{make_id(f'32041219800101{i + 100:03d}')},非从业居民,,武进区")
    path = tmp_path / "罕见字 名册.csv"
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("gb18030"))
    with pytest.raises(UnicodeDecodeError):
        path.read_bytes().decode("utf-8")  # really GB18030, not UTF-8 read by luck
    return path


@pytest.fixture
def roster_tab(qtbot, policies: PolicySet, roster_csv: Path) -> RosterTab:  # type: ignore[no-untyped-def]
    tab = RosterTab(policies)
    qtbot.addWidget(tab)
    tab.resize(1280, 700)
    tab.show()
    with qtbot.waitSignal(tab.imported, timeout=20000):
        tab.import_file(roster_csv)
    yield tab
    tab.wait_idle()


def test_roster_table_export_and_register(roster_tab: RosterTab, tmp_path: Path) -> None:
    tab = roster_tab
    assert tab.result is not None and len(tab.result.good_rows) == len(NAMES) and not tab.result.bad_rows
    # the table shows each name as written
    name = screen_column(tab.model, "姓名")
    shown = [tab.model.index(r, name).data() for r in range(tab.model.rowCount())]
    assert shown == NAMES

    # the .xlsx export
    out = tmp_path / "导出.xlsx"
    assert tab.export_to(out)
    ws = openpyxl.load_workbook(out)["名册"]
    exported = [r["姓名"] for r in records(ws, "姓名")]
    assert exported == NAMES

    # the printed register, as a PDF: its text layer has every name, in the bundled font
    doc = tab.register_document()
    assert doc is not None
    text = doc.toPlainText()
    assert all(name in text for name in NAMES)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    pdf = tmp_path / "登记册.pdf"
    printer.setOutputFileName(str(pdf))
    printer.setPageLayout(
        QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Landscape, QMarginsF(12, 12, 12, 12))
    )
    doc.print_(printer)
    missing = in_text_layer(NAMES, pdf_text(pdf))
    assert not missing, f"names not in the register's PDF text: {missing}"
    printed_in_bundled_font(NAMES)


def test_household_case_file_and_slip(qtbot, policies: PolicySet, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    tab = QuoteTab(policies)
    qtbot.addWidget(tab)
    tab.set_policy_year(2025)
    names = NAMES[:6]
    for row, name in enumerate(names):
        tab.add_member()
        assert tab.model.setData(tab.model.index(row, QUOTE_COL_NAME), name)
    assert [tab.model.index(r, QUOTE_COL_NAME).data() for r in range(len(names))] == names

    # the case file, saved and opened again
    saved = save_case(tmp_path / "𠮷野 家.czcase", {"tabs": {"quote": tab.to_case()}})
    back = load_case(saved)
    other = QuoteTab(policies)
    qtbot.addWidget(other)
    other.set_policy_year(2025)
    other.load_case(back["tabs"]["quote"])
    assert [other.model.index(r, QUOTE_COL_NAME).data() for r in range(other.model.rowCount())] == names

    # the printed slip: every name in its text layer, every glyph from the bundled font
    slip = other.slip()
    assert slip is not None
    pdf = save_slip_pdf(slip, tmp_path / "测算单.pdf")
    missing = in_text_layer(names, pdf_text(pdf))
    assert not missing, f"names not in the slip's PDF text: {missing}"
    printed_in_bundled_font(names)
