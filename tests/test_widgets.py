"""The window's building blocks, offscreen: QR code, bitrate graph, tray, icons, theme.

The QR code is checked the way a phone would: decoded back with zxing-cpp, from the
exported images, from the widget painted at several device pixel ratios, from the saved
PNG and SVG files and from the clipboard.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
import zxingcpp
from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QIcon, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from comprimato_companion.window import icons, theme
from comprimato_companion.window.bitrate_graph import (
    WINDOW_S,
    BitrateGraph,
    format_bitrate,
    nice_ceiling,
)
from comprimato_companion.window.qr_view import QrCodeNotAvailable, QrCodeView, QrImageNotSaved
from comprimato_companion.window.tray import LiveTray

pytestmark = pytest.mark.gui

LINK = "http://127.0.0.1:18080/play/pk_7Hq2xLm9Zr4TbW1c"


def decode(image: QImage) -> list[str]:
    """Texts of the QR codes zxing-cpp finds in ``image``.

    The image goes in as a plain grayscale buffer: handing a QImage to zxing-cpp directly
    corrupts reference counts in zxing-cpp 3.1.
    """
    gray = image.convertToFormat(QImage.Format.Format_Grayscale8)
    width, height, stride = gray.width(), gray.height(), gray.bytesPerLine()
    raw = bytes(gray.constBits())
    if stride != width:
        raw = b"".join(raw[row * stride : row * stride + width] for row in range(height))
    pixels = memoryview(raw).cast("B", (height, width))
    return [barcode.text for barcode in zxingcpp.read_barcodes(pixels)]


@pytest.fixture
def qr(qtbot: QtBot) -> QrCodeView:
    view = QrCodeView()
    qtbot.addWidget(view)
    view.set_text(LINK)
    return view


# -- QR code ---------------------------------------------------------------------------


@pytest.mark.parametrize("size", [120, 256, 333, 1024])
def test_qr_image_decodes_back_to_the_link(qr: QrCodeView, size: int) -> None:
    image = qr.to_image(size)
    assert (image.width(), image.height()) == (size, size)
    assert decode(image) == [LINK]


def test_qr_image_is_black_on_white_with_a_quiet_zone(qr: QrCodeView) -> None:
    image = qr.to_image(1024)
    colours = {image.pixelColor(x, y).name() for x in range(0, 1024, 7) for y in range(0, 1024, 7)}
    assert colours == {"#000000", "#ffffff"}
    # Version 3 or so: 29 modules + 8 of quiet zone; the first 4 modules are all white.
    margin = 1024 // 50 * 4
    for i in range(0, 1024, 3):
        for edge in range(margin):
            assert image.pixelColor(i, edge).name() == "#ffffff"
            assert image.pixelColor(edge, i).name() == "#ffffff"


@pytest.mark.parametrize("ratio", [1.0, 1.25, 1.5, 2.0, 3.0])
def test_qr_widget_paints_a_readable_crisp_code_at_any_pixel_ratio(
    qr: QrCodeView, ratio: float
) -> None:
    qr.resize(260, 300)  # not square: the code stays square and centred
    image = QImage(round(260 * ratio), round(300 * ratio), QImage.Format.Format_RGB32)
    image.setDevicePixelRatio(ratio)
    image.fill(QColor("#808080"))
    qr.render(image)
    assert decode(image) == [LINK]
    # Modules sit on whole device pixels: inside the code, only pure black and white.
    center = image.width() // 2
    inside = {
        image.pixelColor(x, y).name()
        for x in range(center - 60, center + 60)
        for y in range(image.height() // 2 - 60, image.height() // 2 + 60)
    }
    assert inside == {"#000000", "#ffffff"}


def test_qr_grab_decodes(qr: QrCodeView) -> None:
    qr.resize(240, 240)
    assert decode(qr.grab().toImage()) == [LINK]


def test_qr_is_square_and_accessible(qr: QrCodeView) -> None:
    assert qr.hasHeightForWidth()
    assert qr.heightForWidth(321) == 321
    assert qr.accessibleName()
    assert LINK in qr.accessibleDescription()
    assert qr.text() == LINK and qr.has_code()


def test_qr_saves_png_that_decodes(qr: QrCodeView, tmp_path: Path) -> None:
    target = tmp_path / "code.PNG"
    qr.save(str(target))
    image = QImage(str(target))
    assert not image.isNull() and image.width() == 1024
    assert decode(image) == [LINK]


def test_qr_saves_svg_with_the_right_modules_that_decodes(qr: QrCodeView, tmp_path: Path) -> None:
    target = tmp_path / "code.svg"
    qr.save(str(target))
    root = ET.parse(target).getroot()  # noqa: S314 (the file was just written by us)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    # segno draws at scale 10 with a 4-module quiet zone around the matrix.
    import segno

    modules = segno.make(LINK, error="q", micro=False).symbol_size(border=4)[0]
    assert int(root.get("width", "0")) == modules * 10

    renderer = QSvgRenderer(str(target))
    assert renderer.isValid()
    image = QImage(600, 600, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    renderer.render(painter, QRectF(0, 0, 600, 600))
    painter.end()
    assert decode(image) == [LINK]


def test_qr_save_refuses_other_formats_and_unwritable_places(
    qr: QrCodeView, tmp_path: Path
) -> None:
    with pytest.raises(QrImageNotSaved) as bad_suffix:
        qr.save(str(tmp_path / "code.jpg"))
    assert ".png" in bad_suffix.value.next_step
    for name in ("code.png", "code.svg"):
        with pytest.raises(QrImageNotSaved):
            qr.save(str(tmp_path / "missing-folder" / name))


def test_qr_copy_image_puts_the_code_on_the_clipboard(qr: QrCodeView, qapp: QApplication) -> None:
    qapp.clipboard().clear()
    qr.copy_image()
    image = qapp.clipboard().image()
    assert not image.isNull()
    assert decode(image) == [LINK]


def test_qr_without_text_has_nothing_to_export(qtbot: QtBot, tmp_path: Path) -> None:
    view = QrCodeView()
    qtbot.addWidget(view)
    assert not view.has_code()
    with pytest.raises(QrCodeNotAvailable):
        view.to_image()
    with pytest.raises(QrCodeNotAvailable):
        view.save(str(tmp_path / "x.png"))
    view.resize(200, 200)
    assert not view.grab().isNull()  # the placeholder paints

    view.set_text("x" * 5000)  # more than any QR code holds
    assert not view.has_code()
    assert "too long" in view.accessibleDescription()
    with pytest.raises(QrCodeNotAvailable, match="too long"):
        view.copy_image()
    view.set_text("")
    assert view.text() == ""


# -- bitrate graph ---------------------------------------------------------------------


def test_bitrate_graph_keeps_five_minutes_and_paints_gaps(qtbot: QtBot) -> None:
    graph = BitrateGraph()
    qtbot.addWidget(graph)
    graph.resize(400, 90)
    assert not graph.grab().isNull()  # empty

    for second in range(600):
        kbps = None if 400 <= second < 420 else 3000.0 + (second % 30) * 50
        graph.add_sample(1000.0 + second, kbps)
    times = [t for t, _ in graph.samples]
    assert times[-1] - times[1] < WINDOW_S
    assert times[-1] - times[0] <= WINDOW_S + 1
    assert any(kbps is None for _, kbps in graph.samples)
    assert "Mbps" in graph.accessibleDescription()

    pixmap = graph.grab()
    assert not pixmap.isNull()
    image = QImage(800, 180, QImage.Format.Format_ARGB32)
    image.setDevicePixelRatio(2.0)
    image.fill(Qt.GlobalColor.transparent)
    graph.render(image)
    line = theme.colors_for(graph).ok
    assert any(
        image.pixelColor(x, y).green() > 100 and image.pixelColor(x, y).red() < line.red() + 60
        for x in range(0, 800, 4)
        for y in range(0, 180, 2)
    )


def test_bitrate_graph_handles_long_silence_bad_values_and_a_new_clock(qtbot: QtBot) -> None:
    graph = BitrateGraph()
    qtbot.addWidget(graph)
    graph.resize(300, 80)
    graph.add_sample(10.0, 2500.0)
    graph.add_sample(11.0, float("nan"))
    graph.add_sample(12.0, -5.0)
    assert [kbps for _, kbps in graph.samples] == [2500.0, None, None]
    graph.add_sample(60.0, 2600.0)  # long silence: the line breaks, nothing crashes
    graph.grab()
    graph.add_sample(5.0, 100.0)  # clock went back: start over
    assert list(graph.samples) == [(5.0, 100.0)]
    graph.grab()
    graph.clear()
    assert not graph.samples
    assert graph.accessibleDescription() == "No bitrate yet."


def test_bitrate_labels() -> None:
    assert format_bitrate(850) == "850 kbps"
    assert format_bitrate(4200) == "4.2 Mbps"
    assert format_bitrate(6000) == "6 Mbps"
    assert format_bitrate(12500) == "12 Mbps"
    assert nice_ceiling(0) == 500
    assert nice_ceiling(5600) == 6000
    assert nice_ceiling(6000) == 6000
    assert nice_ceiling(8100) == 10000


# -- tray ------------------------------------------------------------------------------


def test_tray_works_without_a_system_tray(qtbot: QtBot) -> None:
    tray = LiveTray()
    assert tray.available is False  # the offscreen platform has no tray
    tray.show()
    assert not tray.is_visible()
    for state in ("idle", "starting", "live", "problem"):
        tray.set_state(state, f"state {state}")
        assert tray.state == state
    with pytest.raises(ValueError):
        tray.set_state("exploded", "")

    tray.set_can_go_live(True, False, True)
    assert tray.go_live_action.isEnabled()
    assert not tray.stop_action.isEnabled()
    assert tray.copy_link_action.isEnabled()

    tray.notify("Live", "Your stream is live.")
    assert tray.last_notification == ("Live", "Your stream is live.", False)
    tray.notify("OBS went away", "Start OBS again.", critical=True)
    assert tray.last_notification == ("OBS went away", "Start OBS again.", True)

    for action, signal in (
        (tray.go_live_action, tray.go_live_requested),
        (tray.copy_link_action, tray.copy_link_requested),
        (tray.show_action, tray.show_requested),
        (tray.quit_action, tray.quit_requested),
    ):
        with qtbot.waitSignal(signal, timeout=1000):
            action.trigger()
    assert all(action.text() for action in tray.menu.actions() if not action.isSeparator())
    tray.hide()
    tray.deleteLater()


# -- icons -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", [*icons.ICON_NAMES, icons.APP_ICON_NAME])
def test_every_icon_renders_sharp_at_high_density(name: str, qapp: QApplication) -> None:
    icon = icons.icon(name)
    assert not icon.isNull()
    pixmap = icon.pixmap(QSize(24, 24), 2.0)
    assert pixmap.devicePixelRatio() == 2.0
    assert pixmap.width() == 48
    image = pixmap.toImage()
    assert any(image.pixelColor(x, y).alpha() > 200 for x in range(48) for y in range(48))


def test_line_icons_follow_the_palette(qapp: QApplication, themed: None) -> None:
    def darkest_or_lightest(choice: theme.SchemeChoice) -> QColor:
        theme.apply_theme(qapp, choice=choice)
        image = icons.icon("stop").pixmap(QSize(32, 32), 1.0).toImage()
        opaque = [
            image.pixelColor(x, y)
            for x in range(32)
            for y in range(32)
            if image.pixelColor(x, y).alpha() == 255
        ]
        assert opaque
        return opaque[0]

    assert darkest_or_lightest("light").lightness() < 100
    assert darkest_or_lightest("dark").lightness() > 150
    disabled = icons.icon("copy").pixmap(QSize(32, 32), QIcon.Mode.Disabled).toImage()
    assert not disabled.isNull()


def test_missing_icon_is_empty_not_fatal() -> None:
    assert icons.icon("no-such-icon").isNull()


# -- theme -----------------------------------------------------------------------------


@pytest.fixture
def themed(qapp: QApplication) -> Iterator[None]:
    """Leave the application as the platform made it, whatever a test switched to."""
    yield
    theme.apply_theme(qapp, choice="light")
    theme.apply_theme(qapp, choice="system")


def test_theme_switches_between_light_and_dark(qapp: QApplication, themed: None) -> None:
    theme.apply_theme(qapp, choice="light")
    # A platform look other than the stand-in's Fusion, to see it given back.
    original = qapp.style().name()
    qapp.setStyle("Windows")
    platform_style = qapp.style().name()
    assert platform_style.lower() == "windows"
    try:
        _switch_between_light_and_dark(qapp, platform_style)
    finally:
        qapp.setStyle(original)


def _switch_between_light_and_dark(qapp: QApplication, platform_style: str) -> None:
    theme.apply_theme(qapp, choice="dark")
    assert theme.is_dark(qapp.palette())
    assert theme.current_is_dark()
    assert qapp.style().name().lower() == "fusion"
    theme.apply_theme(qapp, choice="dark")  # again: no change, no error
    assert theme.is_dark(qapp.palette())

    theme.apply_theme(qapp, choice="light")
    assert not theme.is_dark(qapp.palette())
    assert not theme.current_is_dark()
    assert qapp.style().name() == platform_style  # the platform's own look, given back


def test_status_colours_differ_per_scheme_and_keep_contrast() -> None:
    light, dark = theme.status_colors(False), theme.status_colors(True)
    assert light.live != dark.live
    # Readable: dark-scheme colours are light, light-scheme colours are dark.
    for name in ("ok", "warn", "error", "info"):
        assert getattr(dark, name).lightness() > getattr(light, name).lightness()
    assert light.live.red() > 180 and light.live.green() < 80


def test_theme_system_choice_follows_the_platform(qapp: QApplication, themed: None) -> None:
    theme.apply_theme(qapp, choice="dark")
    assert theme.is_dark(qapp.palette())
    theme.apply_theme(qapp, choice="system")  # this platform reports no dark scheme
    wants_dark = qapp.styleHints().colorScheme() == Qt.ColorScheme.Dark
    assert theme.is_dark(qapp.palette()) is wants_dark
