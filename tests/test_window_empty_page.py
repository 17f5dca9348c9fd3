"""The empty page drawn from snapshots: always the next step (key, keyring, create, pick) and
OBS's fix."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from pytestqt.qtbot import QtBot

from comprimato_companion.golive.view_state import BUSY_CREATE, FIX_OBS_SETUP, ApiKeyStatus, Mode
from comprimato_companion.window.empty_page import EmptyPage
from tests.support.snapshots import CONNECTED, OBS_OFF, snapshot, stored

pytestmark = pytest.mark.gui


@pytest.mark.parametrize(
    ("key", "title", "button"),
    [
        (ApiKeyStatus.MISSING, "Connect your Comprimato account", "Enter API key…"),
        (ApiKeyStatus.REJECTED, "Comprimato did not accept your API key", "Enter a new API key…"),
        (ApiKeyStatus.LOCKED, "Your keyring is locked", "Try again"),
    ],
)
def test_empty_page_without_a_usable_key_says_the_next_step(
    qtbot: QtBot, key: ApiKeyStatus, title: str, button: str
) -> None:
    page = EmptyPage()
    qtbot.addWidget(page)
    page.draw(snapshot(mode=Mode.REAL, api_key_status=key))
    assert page.title.text() == title
    assert page.button.text() == button
    assert page.button.accessibleName() == button.rstrip("…")
    assert page.sandbox_button.isVisibleTo(page)


def test_empty_page_offers_create_or_pick_and_the_obs_fix(qtbot: QtBot) -> None:
    page = EmptyPage()
    qtbot.addWidget(page)
    fixes: list[str] = []
    page.fix_requested.connect(fixes.append)
    page.draw(snapshot(obs=OBS_OFF))
    assert page.title.text() == "Create your first stream"
    assert not page.sandbox_button.isVisibleTo(page)
    assert page.obs_line.text() == "OBS is not running. Start OBS."
    assert page.obs_button.text() == "Start OBS" and page.obs_button.isVisibleTo(page)
    page.obs_button.click()
    assert fixes == [FIX_OBS_SETUP]

    page.draw(snapshot(obs=CONNECTED, streams=(stored(1),), busy=frozenset({BUSY_CREATE})))
    assert page.title.text() == "Pick or create a stream"
    assert page.button.text() == "Creating…" and not page.button.isEnabled()
    assert page.obs_line.text() == "OBS 29.0.2 is connected: a new stream goes straight into it."
    assert not page.obs_button.isVisibleTo(page)


def test_while_obs_streams_the_start_page_does_not_promise_a_stream_goes_into_it(
    qtbot: QtBot,
) -> None:
    """Issue 22 point 5: with no stream selected and OBS streaming, a new stream cannot go
    into OBS (OBS refuses new settings while it streams)."""
    import dataclasses

    from comprimato_companion.obs.observer import ObsPicture
    from comprimato_companion.obs.output_state import OutputState

    page = EmptyPage()
    qtbot.addWidget(page)
    sending = dataclasses.replace(
        CONNECTED,
        picture=ObsPicture(connected=True, output=OutputState.LIVE),
        held_label="the server rtmp://own.example/live",
    )
    page.draw(snapshot(obs=CONNECTED, streams=(stored(1),)))  # then OBS starts streaming
    page.draw(snapshot(obs=sending, streams=(stored(1),)))
    line = page.obs_line.text()
    assert "goes straight into it" not in line, line
    assert line == (
        "OBS 29.0.2 is streaming the server rtmp://own.example/live: a new stream does not go "
        "into OBS until that stops."
    )
