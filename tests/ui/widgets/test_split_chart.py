from __future__ import annotations

from decimal import Decimal

from PySide6.QtGui import QColor

from desktop.ui.widgets.split_chart import SplitChart


def test_legend_has_amounts_and_percentages(qtbot) -> None:
    chart = SplitChart()
    qtbot.addWidget(chart)
    chart.set_layers(Decimal("7700"), Decimal("2580"), Decimal("1376"), Decimal("344"))
    lines = chart.legend_lines()
    # 7700 / 12000 = 64.17 % -> 64.2 %; 344 / 12000 = 2.87 % -> 2.9 %
    assert lines[0] == "基本医保 7,700.00 元(64.2%)"
    assert lines[3] == "个人自付 344.00 元(2.9%)"
    assert "医疗救助 1,376.00 元" in chart.toolTip()


def test_segments_differ_in_grey_level(qtbot) -> None:
    chart = SplitChart()
    qtbot.addWidget(chart)
    chart.set_layers(Decimal("25"), Decimal("25"), Decimal("25"), Decimal("25"))
    image = chart.to_image(400, 140, scale=1.0).convertToFormat(chart.to_image(1, 1).format())
    greys = []
    for quarter in range(4):
        x0 = 6 + quarter * 97
        samples = [QColor(image.pixel(x, y)).lightness() for x in range(x0 + 10, x0 + 80) for y in range(10, 30)]
        greys.append(sum(samples) / len(samples))
    # light to dark, each clearly apart, so grey-scale print keeps them distinct
    assert greys == sorted(greys, reverse=True)
    assert all(a - b > 15 for a, b in zip(greys, greys[1:], strict=False))


def test_nothing_to_draw_does_not_fail(qtbot) -> None:
    chart = SplitChart()
    qtbot.addWidget(chart)
    chart.set_layers(Decimal("0"), Decimal("0"), Decimal("0"), Decimal("0"))
    chart.resize(300, 120)
    assert not chart.grab().isNull()
