"""What changed between years, whole: eligibility groups, channels and document lists too (issue 13, 10)."""

from __future__ import annotations

import json
import re
import subprocess
import sys

from desktop.core.policy import load_policies
from desktop.core.policy.diff import diff_years
from desktop.core.policy.model import iter_figures

P = load_policies()
#: a lower-case word such as an identifier (bank_debit_setup, condition); the notices' "App" is not one
IDENTIFIER = re.compile(r"(?<![A-Za-z])[a-z][a-z_]{2,}")


def test_the_2025_eligibility_change_is_listed():
    # 2025 "与2024年相比" 一: 原来 入学前来常儿童 with a parent in employee insurance 12 months;
    # 2025: 持有我市居住证的18周岁以下未参加其他地区基本医疗保险及长期护理险的未成年人.
    changes = diff_years(P[2024], P[2025])
    rows = [c for c in changes if c.new and "持有我市居住证" in c.new and "18周岁以下" in c.new]
    assert len(rows) == 1
    (row,) = rows
    assert row.kind == "changed" and row.old and "入学前来常儿童" in row.old
    assert row.label and IDENTIFIER.search(row.label) is None
    assert row.new_citation is not None and "第5项" in row.new_citation.source


def test_channels_and_conditions_take_part():
    changes = diff_years(P[2024], P[2025])
    new_texts = " ".join(c.new or "" for c in changes)
    old_texts = " ".join(c.old or "" for c in changes)
    assert "职工医保个人账户代缴(家庭共济)" in new_texts  # 2025 五(一)4, a channel the 2024 notice lacks
    assert "掌上办理" in old_texts  # 2024's separate 掌上/网上 registration gave way to 线上办理
    assert "同时参加灵活就业人员养老保险的居民" in new_texts  # the bank visit's condition
    assert "支付宝“苏服办”小程序" in new_texts  # 2025 六 receipt channel


def test_same_year_has_no_item_changes():
    assert diff_years(P[2025], P[2025]) == []


def test_every_diff_row_and_figure_reads_in_chinese():
    from desktop.core.policy.labels import year_path_label

    # a district is the year's data: its name comes from the year (year_path_label)
    for year in P.years:
        for path, _ in iter_figures(P[year]):
            assert IDENTIFIER.search(year_path_label(P[year], path)) is None, path
    for change in diff_years(P[2024], P[2025]):
        shown = change.label
        assert IDENTIFIER.search(shown) is None, change.path


def test_cli_diff_shows_the_eligibility_change():
    out = subprocess.run(
        [sys.executable, "-m", "desktop", "diff", "2024", "2025"], capture_output=True, text=True, encoding="utf-8"
    )
    assert out.returncode == 0, out.stderr
    rows = json.loads(out.stdout)
    assert any("持有我市居住证" in (r["new"] or "") and "18周岁以下" in (r["new"] or "") for r in rows)
    assert all(r["label"] for r in rows)
