"""The window's printing part made on its own: a bare QMainWindow and what it is given, no MainWindow."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from PySide6.QtWidgets import QMainWindow, QMessageBox

from desktop.core.policy.loader import PolicySet
from desktop.core.slip import Slip, SlipAmount
from desktop.ui.window.slips import Slips


class _Tab:
    """A tab as the part sees it: only ``slip()``."""

    def __init__(self, slip: Slip | None) -> None:
        self._slip = slip

    def slip(self) -> Slip | None:
        return self._slip


def _slips(qtbot, policies: PolicySet, tab: object, stale: str | None = None) -> Slips:  # type: ignore[no-untyped-def]
    window = QMainWindow()
    qtbot.addWidget(window)
    return Slips(
        window,
        today=dt.date(2025, 6, 1),
        policies=policies,
        current_tab=lambda: tab,  # type: ignore[arg-type,return-value]
        stale_message=lambda: stale,
    )


def test_no_tab_and_an_unfinished_tab_are_told_apart(
    qtbot, policies: PolicySet, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", staticmethod(lambda parent, title, text, *a: told.append(text)))
    assert _slips(qtbot, policies, None).current_slip() is None
    assert _slips(qtbot, policies, _Tab(None)).current_slip() is None
    assert told == ["这一页没有可打印的测算单。", "请先把这一页的内容填写完整,再打印。"]


def test_the_slip_is_dated_today_and_carries_the_stale_warning(qtbot, policies: PolicySet) -> None:  # type: ignore[no-untyped-def]
    slip = Slip(
        title="测算单",
        policy_year=2025,
        data_version="2025.1",
        data_hash="0" * 64,
        inputs=(),
        amounts=(SlipAmount("合计", Decimal("1.00")),),
        printed_on=dt.date(2000, 1, 1),
    )
    got = _slips(qtbot, policies, _Tab(slip), stale="政策数据已过期").current_slip()
    assert got is not None and got.printed_on == dt.date(2025, 6, 1) and got.stale_warning == "政策数据已过期"
    assert got.amounts == slip.amounts
