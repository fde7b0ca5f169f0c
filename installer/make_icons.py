"""Render the application icon from resources/icons/clientbook.svg into the PNG sizes the desktops
ask for (16-512 px, freedesktop hicolor) and a multi-size Windows .ico.

The PNGs and the .ico are committed, so neither the app nor the bundle build needs an SVG renderer;
run this again after changing the SVG:  python installer/make_icons.py
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ICONS = ROOT / "resources" / "icons"
SVG = ICONS / "clientbook.svg"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)  # 256 is the largest an .ico entry can describe
ICO_FILE = ICONS / "clientbook.ico"


def png_path(size: int) -> Path:
    return ICONS / f"clientbook-{size}.png"


def render_png(svg: Path, size: int) -> bytes:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"cannot read {svg}")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def ico_bytes(pngs: dict[int, bytes]) -> bytes:
    """An ICONDIR with one PNG-compressed entry per size (the form Windows reads since Vista).

    Qt's .ico writer stores a single image and Pillow re-scales one large image, so the few bytes of
    the container are written here to keep each size as rendered.
    """
    header = struct.pack("<HHH", 0, 1, len(pngs))
    offset = len(header) + 16 * len(pngs)
    entries, blobs = b"", b""
    for size, data in sorted(pngs.items()):
        side = 0 if size >= 256 else size  # 0 means 256
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(data), offset + len(blobs))
        blobs += data
    return header + entries + blobs


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    rendered = {size: render_png(SVG, size) for size in PNG_SIZES}
    for size, data in rendered.items():
        png_path(size).write_bytes(data)
    ICO_FILE.write_bytes(ico_bytes({size: rendered[size] for size in ICO_SIZES}))
    print(f"wrote {len(rendered)} PNGs and {ICO_FILE.name} to {ICONS}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
