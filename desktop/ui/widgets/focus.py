"""A focus ring the counter's readers can see: 2 px of strong blue around the focused control.

The platform styles mark focus with a faint dotted line or a 1 px tint. A style sheet with
:focus rules would do it too, but a window under a style sheet keeps the font it was polished
with (大字模式 reached only part of it) and PySide crashed tearing such a window down; a proxy
style draws the ring after the platform's own drawing and changes nothing else.
"""

from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QApplication, QProxyStyle, QStyle, QStyleOption, QStyleOptionComplex, QWidget

RING = QColor("#0b57d0")
RING_WIDTH = 2

_PRIMITIVES = (
    QStyle.PrimitiveElement.PE_FrameFocusRect,  # buttons, check boxes, radio buttons, item views
    QStyle.PrimitiveElement.PE_FrameLineEdit,  # line edits (and the edit part of date fields)
)
_COMPLEX = (QStyle.ComplexControl.CC_ComboBox, QStyle.ComplexControl.CC_SpinBox)


def _ring(painter: QPainter, rect: QRect) -> None:
    painter.save()
    pen = QPen(RING, RING_WIDTH)
    pen.setCosmetic(True)
    painter.setPen(pen)
    painter.setBrush(QColor(0, 0, 0, 0))
    painter.drawRect(rect.adjusted(1, 1, -1, -1))
    painter.restore()


class FocusRingStyle(QProxyStyle):
    def drawPrimitive(  # noqa: N802 - Qt override
        self,
        element: QStyle.PrimitiveElement,
        option: QStyleOption,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        super().drawPrimitive(element, option, painter, widget)
        if element in _PRIMITIVES and option.state & QStyle.StateFlag.State_HasFocus:
            _ring(painter, option.rect)

    def drawComplexControl(  # noqa: N802 - Qt override
        self,
        control: QStyle.ComplexControl,
        option: QStyleOptionComplex,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        super().drawComplexControl(control, option, painter, widget)
        if control in _COMPLEX and option.state & QStyle.StateFlag.State_HasFocus:
            _ring(painter, option.rect)


def install_focus_ring() -> None:
    """Once per application: the platform's style, with the ring drawn over it."""
    app = QApplication.instance()
    if not isinstance(app, QApplication) or isinstance(app.style(), FocusRingStyle):
        return
    font = QApplication.font()
    QApplication.setStyle(FocusRingStyle(app.style().name()))
    # a new style brings the platform's per-class fonts back (menu bar, item views …), which
    # QApplication.setFont (大字模式, the bundled font) does not reach: setting the font clears them
    # (Qt ignores setting the font it already has: a different one first, then the real one)
    QApplication.setFont(QFont())
    QApplication.setFont(font)
