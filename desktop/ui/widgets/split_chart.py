"""Where the money goes: one 100 % bar split into basic fund, 大病保险, 医疗救助 and 个人自付.

Each layer has its own hatch pattern and its own grey level, so the picture still reads when the
slip comes out of a black-and-white printer. Drawn with QPainter (Qt Charts is not shipped).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from PySide6.QtCore import QCoreApplication, QLineF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QImage, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from desktop.core.money import ZERO, fmt_yuan


def _tr(text: str) -> str:
    return QCoreApplication.translate("SplitChart", text)


@dataclass(frozen=True)
class _Style:
    grey: int
    pattern: str  # diagonal / grid / horizontal / cross_diagonal
    spacing: float  # logical pixels between hatch lines
    ink: int  # grey level of the hatch lines


#: light to dark, each with its own hatch: readable in grey-scale
_STYLES = (
    _Style(245, "diagonal", 7.0, 0),
    _Style(205, "grid", 8.0, 60),
    _Style(135, "horizontal", 4.0, 0),
    _Style(45, "cross_diagonal", 6.0, 140),
)


def layer_titles() -> tuple[str, str, str, str]:
    return (_tr("基本医保"), _tr("大病保险"), _tr("医疗救助"), _tr("个人自付"))


def percent(part: Decimal, total: Decimal) -> Decimal:
    if total <= 0:
        return ZERO
    return (part * 100 / total).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


class SplitChart(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._layers: tuple[Decimal, Decimal, Decimal, Decimal] = (ZERO, ZERO, ZERO, ZERO)
        self._lines = self._make_lines()
        #: the widest legend line per font (its key): asked for on every layout pass and paint
        self._widest: dict[str, int] = {}
        self._greyed = False
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self.setAccessibleName(_tr("费用分担图"))

    def _widest_line(self, metrics: QFontMetrics, on_screen: bool) -> int:
        """The widest legend line; remembered per font for the screen (layout asks on every pass)."""
        if not on_screen:  # a printer or image has its own resolution: measure afresh
            return max(metrics.horizontalAdvance(text) for text in self._lines)
        key = self.font().key()
        widest = self._widest.get(key)
        if widest is None:
            widest = self._widest[key] = max(metrics.horizontalAdvance(text) for text in self._lines)
        return widest

    def _legend_columns(self, width: float, metrics: QFontMetrics, on_screen: bool = True) -> int:
        """Two legend columns when the lines fit side by side, else one under the other."""
        line = metrics.height()
        return 2 if self._widest_line(metrics, on_screen) + line * 2.4 <= width / 2 else 1

    def _height_for(self, width: float, metrics: QFontMetrics) -> int:
        line = metrics.height()
        rows = 4 // self._legend_columns(width, metrics)
        return int(line * (2.6 + 0.6 + rows * 1.4) + 14)

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt override
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt override
        return self._height_for(width - 12, QFontMetrics(self.font()))

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(480, self.heightForWidth(480))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(240, self._height_for(10_000, QFontMetrics(self.font())))

    def set_layers(
        self, basic_fund: Decimal, critical_illness: Decimal, medical_aid: Decimal, out_of_pocket: Decimal
    ) -> None:
        layers = (basic_fund, critical_illness, medical_aid, out_of_pocket)
        if layers == self._layers:
            return
        self._layers = layers
        before = self.heightForWidth(self.width())
        self._lines = self._make_lines()
        self._widest.clear()
        self._update_description()
        if self.heightForWidth(self.width()) != before:
            self.updateGeometry()  # the legend changed between one and two columns
        self.update()

    def layers(self) -> tuple[Decimal, Decimal, Decimal, Decimal]:
        return self._layers

    def set_greyed(self, greyed: bool) -> None:
        """Results that no longer match the inputs are drawn faded."""
        self._greyed = greyed
        self.update()

    def legend_lines(self) -> list[str]:
        return list(self._lines)

    def _make_lines(self) -> tuple[str, ...]:
        total = sum(self._layers, ZERO)
        return tuple(
            f"{title} {fmt_yuan(amount)}({percent(amount, total)}%)"
            for title, amount in zip(layer_titles(), self._layers, strict=True)
        )

    def _update_description(self) -> None:
        self.setAccessibleDescription(";".join(self._lines))
        self.setToolTip("\n".join(self._lines))

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        painter.fillRect(self.rect(), self.palette().base())
        if self._greyed:
            painter.setOpacity(0.4)
        self.render_to(painter, QRectF(self.rect()).adjusted(6, 6, -6, -6))
        painter.end()

    def render_to(self, painter: QPainter, rect: QRectF | QRect) -> None:
        """Draw the bar and its legend into ``rect`` (screen, image or printer page)."""
        area = QRectF(rect)
        painter.save()
        painter.setFont(self.font())
        metrics = QFontMetrics(painter.font())
        line = metrics.height()
        total = sum(self._layers, ZERO)
        text_pen = QPen(QColor(0, 0, 0))
        if total <= 0:
            painter.setPen(text_pen)
            painter.drawText(area, Qt.AlignmentFlag.AlignCenter, _tr("没有费用,无图可画"))
            painter.restore()
            return
        columns = self._legend_columns(area.width(), metrics, on_screen=painter.device() is self)
        rows = 4 // columns
        bar_height = max(line * 1.6, min(area.height() - line * (0.6 + rows * 1.4), line * 2.6))
        bar = QRectF(area.left(), area.top(), area.width(), bar_height)
        x = bar.left()
        for i, (style, amount) in enumerate(zip(_STYLES, self._layers, strict=True)):
            if amount <= 0:
                continue
            # The last drawn segment takes up the rounding so the bar always ends flush.
            is_last = all(a <= 0 for a in self._layers[i + 1 :])
            width = bar.right() - x if is_last else float(Decimal(str(bar.width())) * amount / total)
            segment = QRectF(x, bar.top(), width, bar.height())
            self._paint_swatch(painter, segment, style)
            x += width
        painter.setPen(QPen(QColor(0, 0, 0), 1.5))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(bar)

        # Legend: two columns of swatch + "title amount (pct)".
        painter.setPen(text_pen)
        lines = self._lines
        col_width = area.width() / columns
        top = bar.bottom() + line * 0.6
        for i, (style, text) in enumerate(zip(_STYLES, lines, strict=True)):
            col, row = i % columns, i // columns
            left = area.left() + col * col_width
            y = top + row * line * 1.4
            swatch = QRectF(left, y + line * 0.1, line * 1.6, line * 0.9)
            self._paint_swatch(painter, swatch, style)
            painter.setPen(QPen(QColor(0, 0, 0), 1))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(swatch)
            painter.setPen(text_pen)
            text_rect = QRectF(swatch.right() + line * 0.4, y, col_width - swatch.width() - line * 0.8, line * 1.2)
            elided = metrics.elidedText(text, Qt.TextElideMode.ElideRight, int(text_rect.width()))
            painter.drawText(text_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, elided)
        painter.restore()

    @staticmethod
    def _paint_swatch(painter: QPainter, rect: QRectF, style: _Style) -> None:
        """Grey fill plus hatch lines drawn in logical units, so print and screen look alike."""
        painter.save()
        painter.setClipRect(rect)
        painter.fillRect(rect, QColor(style.grey, style.grey, style.grey))
        pen = QPen(QColor(style.ink, style.ink, style.ink), 1.0)
        pen.setCosmetic(False)
        painter.setPen(pen)
        left, top, right, bottom = rect.left(), rect.top(), rect.right(), rect.bottom()
        step = style.spacing
        lines: list[QLineF] = []
        if style.pattern in ("diagonal", "cross_diagonal"):
            x = left - rect.height()
            while x < right:
                lines.append(QLineF(x, bottom, x + rect.height(), top))
                if style.pattern == "cross_diagonal":
                    lines.append(QLineF(x, top, x + rect.height(), bottom))
                x += step
        if style.pattern in ("grid", "horizontal"):
            y = top + step / 2
            while y < bottom:
                lines.append(QLineF(left, y, right, y))
                y += step
        if style.pattern == "grid":
            x = left + step / 2
            while x < right:
                lines.append(QLineF(x, top, x, bottom))
                x += step
        painter.drawLines(lines)  # one call: a wide bar has a few hundred hatch lines
        painter.restore()

    def to_image(self, width: int, height: int, scale: float = 2.0) -> QImage:
        """A picture for the printed slip, drawn at ``scale`` for a sharp print."""
        image = QImage(int(width * scale), int(height * scale), QImage.Format.Format_RGB32)
        image.setDevicePixelRatio(scale)
        image.fill(QColor(255, 255, 255))
        painter = QPainter(image)
        self.render_to(painter, QRectF(4, 4, width - 8, height - 8))
        painter.end()
        return image
