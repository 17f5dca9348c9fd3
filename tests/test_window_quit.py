"""Quitting while live: every way asks the one question closing the window asks.

Ctrl+Q, File › Quit, the tray's Quit and the window's close button all reach
``MainWindow.request_quit``; while OBS is on air it asks "Keep streaming?" with the same
buttons in the same places, with and without a tray icon. The real window on a real
in-process sandbox, the fake OBS streaming.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox

from comprimato_companion import i18n
from tests.support.fake_obs import FakeObs
from tests.support.window_rig import WindowRig, button_named, message_box

pytestmark = pytest.mark.gui


def save_shot(widget: object, name: str) -> None:
    """Keep a picture of ``widget`` where ``COMPANION_TEST_SHOTS`` says (a folder)."""
    folder = os.environ.get("COMPANION_TEST_SHOTS")
    if folder:
        widget.grab().save(str(Path(folder) / f"{name}.png"))  # type: ignore[attr-defined]


def button_places(box: QMessageBox) -> list[tuple[str, int, int]]:
    """The buttons as the user sees them: text and place (from the box's bottom left),
    left to right."""
    buttons = sorted(box.buttons(), key=lambda b: b.mapTo(box, b.rect().topLeft()).x())
    places = []
    for button in buttons:
        corner = button.mapTo(box, button.rect().topLeft())
        places.append((button.text().replace("&", ""), corner.x(), box.height() - corner.y()))
    return places


#: The question and its buttons, as each language says them.
WORDS = {
    "en": ("Keep streaming after the window closes?", "Keep streaming", "Stop and quit"),
    "cs": ("Vysílat dál i po zavření okna?", "Vysílat dál", "Zastavit a ukončit"),
}


@pytest.fixture(params=["en", "cs"])
def language(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[str]:
    from comprimato_companion.window.translation import install_translators

    assert install_translators(qapp, request.param) == request.param
    try:
        yield request.param
    finally:
        install_translators(qapp, "en")
        i18n.install(None)


def test_every_way_of_quitting_while_live_asks_with_the_same_buttons(
    language: str,
    rig_factory: type[WindowRig],
    fake_obs: FakeObs,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rig = rig_factory(env={"OBS_WEBSOCKET_URL": fake_obs.url})
    question, keep, stop = WORDS[language]

    async def scenario() -> None:
        window = rig.window
        quits: list[bool] = []
        window.quit_requested.connect(lambda: quits.append(True))
        await rig.wait(lambda: rig.session.state.obs.connected, "the OBS link")
        await rig.create()
        window.menu_actions.live_action.trigger()
        await rig.wait(lambda: fake_obs.streaming, "OBS streaming")
        await rig.wait(lambda: rig.session.state.on_air, "on air")
        tray = window.tray
        assert tray is not None

        async def ctrl_q() -> None:
            window.activateWindow()
            await rig.wait(lambda: QApplication.activeWindow() is window, "the window active")
            QTest.keyClick(window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)

        ways: dict[str, Callable[[], object]] = {
            "the close button": window.close,
            "Ctrl+Q": ctrl_q,
            "File › Quit": window.menu_actions.quit_action.trigger,
            "the tray's Quit": tray.quit_action.trigger,
        }
        seen: dict[tuple[str, str], list[tuple[str, int, int]]] = {}
        # Offscreen has no tray: the tray variant is the same window with an icon shown.
        for variant in ("no-tray", "tray"):
            monkeypatch.setattr(tray, "is_visible", lambda v=variant: v == "tray")
            for way, do in ways.items():
                done = do()
                if asyncio.iscoroutine(done):
                    await done
                box = await message_box(f"the question after {way} ({variant})")
                assert box.text() == question, way
                assert box.defaultButton() is button_named(box, keep), way
                seen[variant, way] = button_places(box)
                if way == "Ctrl+Q":
                    save_shot(box, f"win-quit-question-{language}-{variant}")
                box.button(QMessageBox.StandardButton.Cancel).click()
                await rig.wait(lambda b=box: not b.isVisible(), "the question to close")
                await asyncio.sleep(0)
                assert not quits and fake_obs.streaming, way  # asked, nothing ended
        first = seen["no-tray", "the close button"]
        assert [text for text, _x, _y in first][:2] == [keep, stop]
        assert all(places == first for places in seen.values()), seen

        await ctrl_q()
        box = await message_box("the question to stop and quit")
        button_named(box, stop).click()
        await rig.wait(lambda: not fake_obs.streaming, "OBS stopped")
        await rig.wait(lambda: quits == [True], "the quit")

    rig.play(scenario)


def test_quitting_while_not_live_asks_nothing(
    rig_factory: type[WindowRig], fake_obs: FakeObs
) -> None:
    rig = rig_factory(env={"OBS_WEBSOCKET_URL": fake_obs.url})

    async def scenario() -> None:
        window = rig.window
        quits: list[bool] = []
        window.quit_requested.connect(lambda: quits.append(True))
        await rig.wait(lambda: rig.session.state.obs.connected, "the OBS link")
        await rig.create()
        window.menu_actions.quit_action.trigger()
        assert quits == [True]

    rig.play(scenario)
