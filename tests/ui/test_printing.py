"""The printed slip: a real PDF whose text (pdftotext) has the title, amounts, 大写 and the disclaimer.

The text is checked as pdftotext gives it, not normalised: the slip's Chinese is set in the bundled
subset under its own family name, which holds no radicals, so 民 and 人 come back as themselves
even on a machine where the full Noto CJK font (whose radicals share those glyphs) is installed.
"""

from __future__ import annotations

import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest

from desktop.core.identity import mask_id
from desktop.core.policy.loader import PolicySet
from desktop.core.slip import DISCLAIMER, Slip, SlipAmount
from desktop.ui.printing import layer_amounts, save_slip_pdf, slip_html
from desktop.ui.tabs.estimate.tab import EstimateTab
from desktop.ui.widgets.fields import set_combo_value

FULL_ID = "320402195001011234"


def pdf_text(path: Path) -> str:
    """The PDF's text layer, as copying from a PDF reader gives it (no normalising: 民 must come back as 民)."""
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext is needed to read the PDFs back: apt install poppler-utils (.ci/run does)")
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return out


@pytest.fixture
def estimate_slip(qtbot, policies: PolicySet) -> Slip:
    tab = EstimateTab(policies)
    qtbot.addWidget(tab)
    tab.set_policy_year(2025)
    set_combo_value(tab.category, "elderly")
    set_combo_value(tab.aid_status, "other_aid")
    set_combo_value(tab.level, 3)
    qtbot.keyClicks(tab.cost.edit, "12000")
    slip = tab.slip()
    assert slip is not None
    return slip


def test_slip_html_has_capitals_and_disclaimer(estimate_slip: Slip) -> None:
    text = slip_html(estimate_slip)
    assert "常州居民医保测算台 — 报销测算" in text
    assert "柒仟柒佰元整" in text  # 7700.00
    assert "叁佰肆拾肆元整" in text  # 344.00
    assert estimate_slip.data_hash[:12] in text and estimate_slip.data_hash[:13] not in text
    assert DISCLAIMER in text
    assert layer_amounts(estimate_slip) == (
        Decimal("7700.00"),
        Decimal("2580.00"),
        Decimal("1376.00"),
        Decimal("344.00"),
    )


def test_pdf_has_the_text(tmp_path: Path, estimate_slip: Slip) -> None:
    path = save_slip_pdf(estimate_slip, tmp_path / "slip.pdf")
    assert path.exists() and path.stat().st_size > 1000
    text = pdf_text(path)
    assert "医保测算台" in text and "报销测算" in text
    # copied text is the characters printed: 民 and 用, not the radicals ⺠ and ⽤ that share their glyphs
    assert "常州居民医保测算台" in text and "沿用上年" in text and "⺠" not in text and "⽤" not in text
    assert "个人自付" in text
    assert "344.00" in text and "7,700.00" in text
    assert "壹" in text and "柒仟柒佰元整" in text
    assert "大写" in text
    assert "仅供参考" in text
    assert estimate_slip.data_hash[:12] in text
    assert "计算过程" in text and "沿用上年" in text


def test_pdf_never_has_a_full_id(tmp_path: Path) -> None:
    slip = Slip(
        title="保费测算",
        policy_year=2025,
        data_version="2025.1",
        data_hash="ab" * 32,
        inputs=(("身份证号", mask_id(FULL_ID)),),
        amounts=(SlipAmount("全家个人缴费合计", Decimal("730"), emphasis=True),),
        stale_warning="注意:测试用的过期提示",
    )
    text = pdf_text(save_slip_pdf(slip, tmp_path / "id.pdf"))
    assert FULL_ID not in text
    assert mask_id(FULL_ID) in text
    assert "柒佰叁拾元整" in text
    assert "测试用的过期提示" in text


def test_bold_runs_never_make_the_whole_pdf_bold(tmp_path: Path, estimate_slip: Slip) -> None:
    """Windows: every Chinese character of a slip's PDF was bold (font CZDeskSansSC-0-700): Qt embedded
    the face once, with the outlines of the first engine, the bold heading's. Bold runs now have a
    face of their own; the self-test runs the same check on Windows (pdf_font_problem)."""
    from desktop.ui.printing import pdf_font_problem

    data = save_slip_pdf(estimate_slip, tmp_path / "slip.pdf").read_bytes()
    assert pdf_font_problem(data) is None
    # what the Windows PDF had: one face for both, named at weight 700
    one_face = b"/FontName /QXAAAA+CZDeskSansSC-0-700 /FontName /QRAAAA+DejaVuSans-0-400"
    assert "粗体" in (pdf_font_problem(one_face) or "")
    assert "共用" in (pdf_font_problem(b"/FontName /ABCDEF+CZDeskSansSC-0-400") or "")


def test_a_pdf_cut_short_by_a_full_disk_says_so(
    tmp_path: Path, estimate_slip: Slip, monkeypatch: pytest.MonkeyPatch
) -> None:
    # issue 25 §5: a full disk made the PDF export say 读写错误 (QPdfWriter reports no error)
    import errno

    from desktop.core.errors import os_reason
    from desktop.ui import printing

    good = save_slip_pdf(estimate_slip, tmp_path / "good.pdf")
    assert printing._pdf_complete(good)
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(good.read_bytes()[: good.stat().st_size // 2])  # what a full disk leaves
    assert not printing._pdf_complete(cut)
    monkeypatch.setattr(printing, "_pdf_complete", lambda path: False)
    monkeypatch.setattr(printing, "_disk_nearly_full", lambda folder: True)
    with pytest.raises(OSError) as info:
        save_slip_pdf(estimate_slip, tmp_path / "full.pdf")
    assert info.value.errno == errno.ENOSPC and os_reason(info.value) == "磁盘空间不足"
    assert not (tmp_path / "full.pdf").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".czdesk-tmp")] == []
