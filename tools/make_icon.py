"""Draw the application icon: resources/icons/app.png (256 px) and app.ico (16–256 px).

A white health cross on a deep-teal rounded square, with a gold coin badge for "what it costs".
Drawn with Qt (no image tools needed); each ICO size is painted at that size, not scaled down,
so the 16 px taskbar icon stays crisp. The ICO holds PNG-compressed images (Windows Vista+).

    python tools/make_icon.py
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, Qt  # noqa: E402
from PySide6.QtGui import QColor, QGuiApplication, QImage, QLinearGradient, QPainter, QPainterPath  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "resources" / "icons"
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)

TEAL_TOP = QColor("#1f8a8a")
TEAL_BOTTOM = QColor("#0e5a66")
GOLD = QColor("#f2b632")
GOLD_EDGE = QColor("#b9801a")


def draw(size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    s = float(size)

    # Background tile: small sizes use the whole square so the shape still reads at 16 px.
    margin = 0.0 if size <= 24 else s * 0.04
    tile = QRectF(margin, margin, s - 2 * margin, s - 2 * margin)
    gradient = QLinearGradient(QPointF(0, 0), QPointF(0, s))
    gradient.setColorAt(0.0, TEAL_TOP)
    gradient.setColorAt(1.0, TEAL_BOTTOM)
    path = QPainterPath()
    path.addRoundedRect(tile, s * 0.2, s * 0.2)
    p.fillPath(path, gradient)

    # The cross, a little left of centre to leave room for the coin.
    arm = s * 0.17
    length = s * 0.58
    cx, cy = s * 0.44, s * 0.46
    cross = QPainterPath()
    cross.addRoundedRect(QRectF(cx - arm / 2, cy - length / 2, arm, length), arm * 0.2, arm * 0.2)
    cross.addRoundedRect(QRectF(cx - length / 2, cy - arm / 2, length, arm), arm * 0.2, arm * 0.2)
    cross.setFillRule(Qt.FillRule.WindingFill)
    p.fillPath(cross.simplified(), QColor("white"))

    # The coin, bottom right, with a ¥ drawn as strokes (no font needed, so the tool runs anywhere).
    r = s * 0.2
    centre = QPointF(s * 0.72, s * 0.72)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(GOLD_EDGE)
    p.drawEllipse(centre, r, r)
    p.setBrush(GOLD)
    p.drawEllipse(centre, r * 0.84, r * 0.84)
    if size >= 32:
        pen = p.pen()
        pen.setStyle(Qt.PenStyle.SolidLine)
        pen.setColor(QColor("#7a4f00"))
        pen.setWidthF(max(1.0, s * 0.028))
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        p.setPen(pen)
        x, y = centre.x(), centre.y()
        h = r * 0.55
        p.drawLine(QPointF(x - h * 0.7, y - h), QPointF(x, y - h * 0.05))
        p.drawLine(QPointF(x + h * 0.7, y - h), QPointF(x, y - h * 0.05))
        p.drawLine(QPointF(x, y - h * 0.05), QPointF(x, y + h))
        p.drawLine(QPointF(x - h * 0.55, y + h * 0.12), QPointF(x + h * 0.55, y + h * 0.12))
        p.drawLine(QPointF(x - h * 0.55, y + h * 0.5), QPointF(x + h * 0.55, y + h * 0.5))
    p.end()
    return image


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise RuntimeError("PNG encoding failed")
    buffer.close()
    return bytes(data.data())


def ico_bytes(images: list[QImage]) -> bytes:
    """An ICO file: a 6-byte header, a 16-byte directory entry per image, then the PNG data."""
    blobs = [png_bytes(img) for img in images]
    header = struct.pack("<HHH", 0, 1, len(blobs))
    offset = len(header) + 16 * len(blobs)
    entries = b""
    for img, blob in zip(images, blobs, strict=True):
        dim = img.width() if img.width() < 256 else 0  # 0 means 256 in the ICO format
        entries += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(blob), offset)
        offset += len(blob)
    return header + entries + b"".join(blobs)


def main() -> int:
    QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    (OUT_DIR / "app.png").write_bytes(png_bytes(draw(256)))
    (OUT_DIR / "app.ico").write_bytes(ico_bytes([draw(n) for n in ICO_SIZES]))
    print(f"wrote {OUT_DIR / 'app.png'} and {OUT_DIR / 'app.ico'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
