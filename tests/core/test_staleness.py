"""The stale-year banner text (the window shows it above every tab)."""

from __future__ import annotations

import datetime as dt

from desktop.core.policy.loader import PolicySet
from desktop.core.staleness import staleness_message


def test_2025_on_2026_11_23_says_old_year_and_missing_data(policies: PolicySet) -> None:
    msg = staleness_message(policies, 2025, dt.date(2026, 11, 23))
    assert msg is not None
    assert "2025年度" in msg
    assert "2025-12-31结束" in msg
    assert "没有安装2026年度" in msg
    assert "旧年度" in msg


def test_2024_on_2026_names_newest_installed(policies: PolicySet) -> None:
    msg = staleness_message(policies, 2024, dt.date(2026, 11, 23))
    assert msg is not None
    assert "最新的是2025年度" in msg
    assert "没有安装2026年度" in msg


def test_2024_during_2025_points_to_installed_2025(policies: PolicySet) -> None:
    msg = staleness_message(policies, 2024, dt.date(2025, 6, 1))
    assert msg is not None
    assert "切换到2025年度" in msg


def test_current_year_is_quiet(policies: PolicySet) -> None:
    assert staleness_message(policies, 2025, dt.date(2025, 6, 1)) is None
    # during the 2025 collection period, before 2025 benefits begin
    assert staleness_message(policies, 2025, dt.date(2024, 11, 1)) is None


def test_next_collection_period_without_next_year_data(policies: PolicySet) -> None:
    msg = staleness_message(policies, 2025, dt.date(2025, 10, 15))
    assert msg is not None
    assert "2026年度集中参保缴费期" in msg
    assert "2025-10-01" in msg


def test_next_collection_period_with_next_year_installed_is_quiet(policies: PolicySet) -> None:
    # 2024 in October 2024: the 2025 data is installed, so the year selector already offers it
    assert staleness_message(policies, 2024, dt.date(2024, 10, 15)) is None


def test_only_one_year_installed(policies: PolicySet) -> None:
    only_2024 = PolicySet((policies.entry(2024),))
    msg = staleness_message(only_2024, 2024, dt.date(2025, 3, 1))
    assert msg is not None
    assert "没有安装2025年度" in msg
    assert "最新的是" not in msg
