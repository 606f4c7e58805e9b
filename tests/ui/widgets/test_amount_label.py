"""The figures of the reimbursement tab keep their size while the clerk types."""

from __future__ import annotations

from PySide6.QtGui import QFont

from desktop.ui.widgets.amount_label import AmountLabel


def test_a_figure_of_about_the_same_length_keeps_the_size(qtbot) -> None:  # type: ignore[no-untyped-def]
    label = AmountLabel()
    qtbot.addWidget(label)
    label.setText("7,700.00 元")
    size = label.size()
    assert label.minimumSize() == label.maximumSize() == size  # fixed: no re-layout on change
    assert label.fontMetrics().horizontalAdvance("7,700.00 元") < size.width()
    for text in ("77,000.00 元", "0.00 元", "8,400.50 元"):
        label.setText(text)
        assert label.size() == size


def test_it_grows_for_a_longer_figure_and_shrinks_back_when_cleared(qtbot) -> None:  # type: ignore[no-untyped-def]
    label = AmountLabel()
    qtbot.addWidget(label)
    label.setText("7,700.00 元")
    small = label.maximumWidth()
    label.setText("123,456,789.00 元")
    assert label.maximumWidth() > label.fontMetrics().horizontalAdvance("123,456,789.00 元") > small
    label.setText("—")
    assert label.maximumWidth() < small


def test_a_larger_font_measures_again(qtbot) -> None:  # type: ignore[no-untyped-def]
    label = AmountLabel()
    qtbot.addWidget(label)
    label.setText("34,300.00 元")
    before = label.maximumWidth()
    font = QFont(label.font())
    font.setPointSizeF(font.pointSizeF() * 2)
    label.setFont(font)
    assert label.maximumWidth() > before * 1.5
    assert label.height() >= label.fontMetrics().height()
