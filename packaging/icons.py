"""The app icon in every size and container the installers need, from the one SVG.

    python packaging/icons.py render            # resources/icons/hicolor/NxN/apps/*.png (committed)
    python packaging/icons.py containers OUTDIR  # OUTDIR/<id>.ico and OUTDIR/<id>.icns

The PNGs are rendered with Qt's SVG renderer (the renderer the window itself uses) and
committed, so Linux packaging needs nothing at build time. The Windows ``.ico`` and macOS
``.icns`` are made from those PNGs at build time: both formats accept PNG-compressed
images, so a few lines of ``struct`` replace an image library.
"""

from __future__ import annotations

import struct
import sys
from collections.abc import Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP_ID = "com.comprimato.Companion"
SVG = ROOT / "resources" / "icons" / f"{APP_ID}.svg"
HICOLOR = ROOT / "resources" / "icons" / "hicolor"
SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)

#: .ico holds sizes up to 256; Windows picks 16/24/32/48 for lists and 256 for tiles.
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
#: .icns element types for PNG payloads, by pixel size (the @2x types reuse a larger PNG).
ICNS_TYPES = (
    (b"icp4", 16),
    (b"icp5", 32),
    (b"icp6", 64),
    (b"ic07", 128),
    (b"ic08", 256),
    (b"ic09", 512),
    (b"ic11", 32),  # 16@2x
    (b"ic12", 64),  # 32@2x
    (b"ic13", 256),  # 128@2x
    (b"ic14", 512),  # 256@2x
)


def png_path(size: int) -> Path:
    return HICOLOR / f"{size}x{size}" / "apps" / f"{APP_ID}.png"


def render_pngs() -> list[Path]:
    """Render the SVG to every hicolor size (needs PySide6; run from a checkout)."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication(["icons", "-platform", "offscreen"])
    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        raise SystemExit(f"icons: {SVG} is not a valid SVG")
    written = []
    for size in SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        renderer.render(painter)
        painter.end()
        target = png_path(size)
        target.parent.mkdir(parents=True, exist_ok=True)
        if not image.save(str(target), "PNG"):
            raise SystemExit(f"icons: could not write {target}")
        written.append(target)
    return written


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk."""
    if data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR":
        raise ValueError("not a PNG file")
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def ico_bytes(pngs: Mapping[int, bytes]) -> bytes:
    """A Windows .ico with one PNG-compressed image per size (Windows Vista and later)."""
    sizes = sorted(pngs)
    header = struct.pack("<HHH", 0, 1, len(sizes))
    offset = len(header) + 16 * len(sizes)
    directory, payload = b"", b""
    for size in sizes:
        data = pngs[size]
        # Width and height 0 mean 256; planes 1, 32 bits per pixel.
        side = 0 if size >= 256 else size
        directory += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(data), offset)
        payload += data
        offset += len(data)
    return header + directory + payload


def icns_bytes(pngs: Mapping[int, bytes]) -> bytes:
    """A macOS .icns holding the PNGs under their element types."""
    elements = b""
    for kind, size in ICNS_TYPES:
        data = pngs.get(size)
        if data is not None:
            elements += kind + struct.pack(">I", 8 + len(data)) + data
    return b"icns" + struct.pack(">I", 8 + len(elements)) + elements


def write_containers(out_dir: Path) -> tuple[Path, Path]:
    """Write ``<id>.ico`` and ``<id>.icns`` into ``out_dir`` from the committed PNGs."""
    pngs = {size: png_path(size).read_bytes() for size in SIZES}
    for size, data in pngs.items():
        if png_size(data) != (size, size):
            raise SystemExit(f"icons: {png_path(size)} is not {size}x{size}; run 'icons.py render'")
    out_dir.mkdir(parents=True, exist_ok=True)
    ico = out_dir / f"{APP_ID}.ico"
    ico.write_bytes(ico_bytes({size: pngs[size] for size in ICO_SIZES}))
    icns = out_dir / f"{APP_ID}.icns"
    icns.write_bytes(icns_bytes(pngs))
    return ico, icns


def main(argv: list[str]) -> int:
    if argv[:1] == ["render"]:
        for path in render_pngs():
            print(path.relative_to(ROOT))
        return 0
    if len(argv) == 2 and argv[0] == "containers":
        for path in write_containers(Path(argv[1])):
            print(path)
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
