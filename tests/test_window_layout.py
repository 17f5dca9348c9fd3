"""The default window shows the whole player link and the live status without scrolling.

At 1000×700 (the default) and 1280×720, in English and Czech: the player link is elided
in the middle (both ends shown, the full link on hover and on copy), the stream's long
name ends with an ellipsis, and the live status with its graph lies inside the visible
part of the scroll area. Checked by geometry: each widget's rectangle inside the
viewport. The real window on a real in-process sandbox and the fake OBS.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QScrollArea, QWidget

from comprimato_companion import i18n
from tests.support.fake_obs import FakeObs
from tests.support.window_rig import WindowRig

pytestmark = pytest.mark.gui

LONG_NAME = "Sunday service from the old town hall, with the choir and the brass band, part two"


@pytest.fixture(params=["en", "cs"])
def language(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[str]:
    from comprimato_companion.window.translation import install_translators

    assert install_translators(qapp, request.param) == request.param
    try:
        yield request.param
    finally:
        install_translators(qapp, "en")
        i18n.install(None)


def save_shot(widget: QWidget, name: str) -> None:
    """Keep a picture of ``widget`` where ``COMPANION_TEST_SHOTS`` says (a folder)."""
    folder = os.environ.get("COMPANION_TEST_SHOTS")
    if folder:
        widget.grab().save(str(Path(folder) / f"{name}.png"))


def visible_rect(widget: QWidget, scroll: QScrollArea) -> QRect:
    """``widget``'s rectangle in the scroll area's viewport coordinates."""
    viewport = scroll.viewport()
    top_left = widget.mapTo(viewport, widget.rect().topLeft())
    return QRect(top_left, widget.size())


@pytest.mark.parametrize("size", [QSize(1000, 700), QSize(1280, 720)], ids=["1000x700", "1280x720"])
def test_the_default_window_shows_the_link_and_the_live_status_without_scrolling(
    language: str, size: QSize, rig_factory: type[WindowRig], fake_obs: FakeObs
) -> None:
    rig = rig_factory(env={"OBS_WEBSOCKET_URL": fake_obs.url})

    async def scenario() -> None:
        window = rig.window
        window.resize(size)
        await rig.wait(lambda: rig.session.state.obs.connected, "the OBS link")
        await rig.create()
        stream_id = rig.session.state.streams[0].stream.id
        await rig.session.rename(stream_id, LONG_NAME)
        await rig.wait(lambda: rig.session.state.obs.held_stream_id == stream_id, "OBS set up")
        await rig.wait(lambda: window.size() == size, "the window's size")
        await asyncio.sleep(0)
        save_shot(window, f"win-layout-{language}-{size.width()}x{size.height()}")

        scroll = window.findChild(QScrollArea)
        assert scroll is not None
        assert scroll.verticalScrollBar().value() == 0
        viewport = scroll.viewport().rect()
        assert window.content.width() <= viewport.width()  # nothing cut off at the right
        view = rig.view
        panel = rig.status
        for name, widget in (
            ("the player link", view.player_link_field),
            ("Go live", view.go_live_button),
            ("the live status's title", panel.live_badge.parentWidget() and panel.summary),
            ("OBS's state", panel.obs),
            ("the bitrate graph", panel.graph),
            ("the bitrate", panel.bitrate),
            ("Viewers", panel.viewers),
            ("Congestion", panel.congestion),
        ):
            assert widget.isVisibleTo(window), name
            assert viewport.contains(visible_rect(widget, scroll)), (
                f"{name} at {visible_rect(widget, scroll)} is outside the visible {viewport}"
            )

        link = rig.session.state.player_link()
        assert link is not None
        shown = view.player_link_field.text()
        width = view.player_link_field.contentsRect().width()
        assert view.player_link_field.fontMetrics().horizontalAdvance(shown) <= width
        if shown != link:
            assert "…" in shown
            head, tail = shown.split("…")
            assert link.startswith(head) and link.endswith(tail)
            # Both ends: the address's start and the player key's end.
            assert head.startswith("http://127") and len(head) >= 10 and len(tail) >= 8
        assert view.player_link_field.toolTip() == link
        view.copy_link_button.click()
        assert QGuiApplication.clipboard().text() == link

        title = view.title.text()
        assert title != LONG_NAME and title.endswith("…")
        assert LONG_NAME.startswith(title[:-1].rstrip())
        assert view.title.toolTip() == LONG_NAME
        assert view.title.fontMetrics().horizontalAdvance(title) <= view.title.width()

    rig.play(scenario)
