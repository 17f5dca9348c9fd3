"""The window's parts, each drawn from snapshots built here: fast, offscreen, no servers.

Each part (sidebar, OBS chip, empty page, stream card, live panel, tray, menus' actions)
draws its own slice of a ``ViewState`` and skips redrawing when that slice is unchanged;
the fix table turns every fix a notice can name into a button and an action. The
end-to-end window tests (``test_window*.py``) drive the same parts through a real session.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import asyncio
import dataclasses
from types import MappingProxyType

import pytest
from pytestqt.qtbot import QtBot

from comprimato_companion.comprimato.models import Stream, StreamState
from comprimato_companion.golive import view_state
from comprimato_companion.golive.live_watch import LiveStatus
from comprimato_companion.golive.view_state import (
    AREA_CREATE,
    AREA_STREAM,
    BUSY_CREATE,
    FIX_OBS_SETUP,
    ApiKeyStatus,
    Mode,
    Notice,
    ObsView,
    ViewState,
)
from comprimato_companion.obs.link import ObsVersion
from comprimato_companion.obs.link_state import LinkState
from comprimato_companion.obs.output_state import OutputState
from comprimato_companion.storage.stream_store import StoredStream
from comprimato_companion.window.empty_page import EmptyPage
from comprimato_companion.window.fixes import FIXES
from comprimato_companion.window.live_panel import LivePanel
from comprimato_companion.window.notices import fix_label
from comprimato_companion.window.obs_chip import ObsChip
from comprimato_companion.window.sidebar import Sidebar
from comprimato_companion.window.stream_card import StreamCard
from comprimato_companion.window.tray import LiveTray
from tests.support.qt_fixtures import eventually, run_async

pytestmark = pytest.mark.gui

API = "https://api.example.test/v1"
OBS_29 = ObsVersion("29.0.2", "5.1.0", 1)


def stored(n: int, name: str = "") -> StoredStream:
    stream = Stream(id=f"id-{n}", streamer_key=f"sk-{n}", player_key=f"pk{n}", status="Stopped")
    return StoredStream(stream, API, name=name)


def live(output: OutputState, comprimato: StreamState = StreamState.STOPPED) -> LiveStatus:
    return LiveStatus(True, output, comprimato.value.capitalize(), comprimato, None, None)


def snapshot(**fields: object) -> ViewState:
    base = ViewState(ready=True, mode=Mode.SANDBOX, api_url=API,
                     api_key_status=ApiKeyStatus.NOT_NEEDED)
    return dataclasses.replace(base, **fields)  # type: ignore[arg-type]


CONNECTED = ObsView(state=LinkState.CONNECTED, version=OBS_29, source="Found OBS's settings")
OBS_OFF = ObsView(state=LinkState.FAILED, error=Notice("OBS is not running.", "Start OBS.",
                                               fix=FIX_OBS_SETUP))


def test_on_air_is_the_selected_streams_output_starting_live_or_reconnecting() -> None:
    on_air = {OutputState.STARTING, OutputState.LIVE, OutputState.RECONNECTING}
    for output in OutputState:
        assert snapshot(live=live(output)).on_air is (output in on_air), output
    assert not snapshot(live=None).on_air


def test_every_fix_has_a_button_and_an_action_in_one_table() -> None:
    names = {value for key, value in vars(view_state).items()
             if key.startswith("FIX_") and key != "FIX_NONE"}
    assert set(FIXES) == names
    areas = {value for key, value in vars(view_state).items() if key.startswith("AREA_")}
    for fix, entry in FIXES.items():
        assert fix_label(fix) == entry.label != ""
        assert entry.area in areas
    assert fix_label("") == ""


def test_sidebar_draws_mode_create_and_list_and_skips_an_unchanged_slice(qtbot: QtBot) -> None:
    sidebar = Sidebar()
    qtbot.addWidget(sidebar)
    sidebar.add_notices()
    fixes: list[str] = []
    streams = (stored(2), stored(1))
    state = snapshot(streams=streams, selected=streams[0])
    sidebar.draw(state, fixes.append)
    assert sidebar.mode_label.text() == "Sandbox · a local Comprimato"
    assert sidebar.create_button.isEnabled()
    assert sidebar.stream_list.model.rowCount() == 2
    assert sidebar.stream_list.selected_id() == "id-2"

    sidebar.mode_label.setText("scribbled")
    sidebar.draw(dataclasses.replace(state, obs=CONNECTED), fixes.append)  # not its slice
    assert sidebar.mode_label.text() == "scribbled"

    creating = dataclasses.replace(state, mode=Mode.REAL, busy=frozenset({BUSY_CREATE}))
    sidebar.draw(creating, fixes.append)
    assert sidebar.mode_label.text() == "Comprimato · api.example.test"
    assert sidebar.create_button.text() == "Creating…"
    assert not sidebar.create_button.isEnabled()

    failed = dataclasses.replace(creating, notices=MappingProxyType(
        {AREA_CREATE: Notice("No key.", "Enter one.", fix="api-key")}))
    sidebar.draw(failed, fixes.append)
    message = sidebar.create_message
    assert message is not None and message.text() == "No key. Enter one."
    message.action_button.click()
    assert fixes == ["api-key"]

    not_started = snapshot(ready=False, mode=Mode.REAL)
    sidebar.draw(not_started, fixes.append)
    assert sidebar.mode_label.text() == "Not started"
    assert not sidebar.create_button.isEnabled()


def test_obs_chip_says_the_link_and_why_it_is_down(qtbot: QtBot) -> None:
    chip = ObsChip()
    qtbot.addWidget(chip)
    chip.draw(snapshot(obs=CONNECTED))
    assert chip.text() == "● OBS 29.0.2 connected"
    assert chip.toolTip() == "Found OBS's settings"
    chip.draw(snapshot(obs=OBS_OFF))
    assert chip.text() == "● OBS not connected"
    assert chip.toolTip() == "OBS is not running."
    chip.setText("scribbled")
    chip.draw(snapshot(obs=OBS_OFF, streams=(stored(1),)))  # the same slice
    assert chip.text() == "scribbled"
    chip.draw(snapshot(obs=ObsView(state=LinkState.CONNECTING)))
    assert chip.text() == "● Connecting to OBS…"


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


def test_top_notices_say_the_general_notice_and_obs_only_while_a_stream_shows(
    qtbot: QtBot,
) -> None:
    from PySide6.QtWidgets import QWidget

    from comprimato_companion.golive.view_state import AREA_GENERAL
    from comprimato_companion.window.top_notices import TopNotices

    holder = QWidget()
    qtbot.addWidget(holder)
    top = TopNotices()
    holder.setLayout(top.layout)
    top.add_notices()
    general, obs = top.general_message, top.obs_message
    assert general is not None and obs is not None
    fixes: list[str] = []
    top.draw(snapshot(obs=OBS_OFF), fixes.append)
    assert obs.kind == "" and general.kind == ""  # the empty page says it already
    talk = stored(1)
    top.draw(snapshot(obs=OBS_OFF, streams=(talk,), selected=talk, notices=MappingProxyType(
        {AREA_GENERAL: Notice("Settings were set aside.", "Check them.", level="info")})),
        fixes.append)
    assert obs.text() == "OBS is not running. Start OBS."
    assert general.kind == "info" and general.text() == "Settings were set aside. Check them."
    obs.action_button.click()
    assert fixes == [FIX_OBS_SETUP]


def test_stream_card_is_built_with_the_first_stream_and_reads_on_air_from_the_snapshot(
    qtbot: QtBot,
) -> None:
    card = StreamCard()
    qtbot.addWidget(card)
    card.draw(snapshot())
    assert card.view is None  # no stream, no view (nor its QR code)
    talk = stored(1, "Talk")
    obs = dataclasses.replace(CONNECTED, held_stream_id="id-1")
    state = snapshot(obs=obs, streams=(talk,), selected=talk, live=live(OutputState.STOPPED))
    card.draw(state)
    view = card.view
    assert view is not None
    assert view.title.text() == "Talk"
    assert view.send_button.text() == "Sent to OBS ✓"
    assert view.go_live_button.text() == "Go live"

    card.draw(dataclasses.replace(state, live=live(OutputState.LIVE)))
    assert view.go_live_button.text() == "Stop"
    assert view.go_live_button.objectName() == "danger"
    assert not view.send_button.isEnabled()
    clicks: list[bool] = []
    card.live_button_clicked.connect(lambda: clicks.append(True))
    view.go_live_button.click()
    assert clicks == [True]  # the window decides Stop or Go live from the snapshot

    view.title.setText("scribbled")
    card.draw(dataclasses.replace(state, live=live(OutputState.LIVE), welcome_needed=True))
    assert view.title.text() == "scribbled"  # not the card's slice: not redrawn
    noticed = dataclasses.replace(state, live=live(OutputState.LIVE), notices=MappingProxyType(
        {AREA_STREAM: Notice("OBS refused.", "Try again.")}))
    card.draw(noticed)
    assert view.message.text() == "OBS refused. Try again."  # notices redraw on their own


def test_live_panel_shows_only_with_a_stream_and_says_live(qtbot: QtBot) -> None:
    from PySide6.QtWidgets import QWidget

    holder = QWidget()
    qtbot.addWidget(holder)
    panel = LivePanel()
    holder.setLayout(panel.layout)
    panel.draw(snapshot())
    assert panel.panel is None
    talk = stored(1, "Talk")
    obs = dataclasses.replace(CONNECTED, held_stream_id="id-1")
    state = snapshot(obs=obs, streams=(talk,), selected=talk,
                     live=live(OutputState.LIVE, StreamState.RUNNING))
    assert state.is_live
    panel.draw(state)
    assert panel.panel is not None
    assert panel.panel.isVisibleTo(holder)
    assert panel.panel.live_badge.isVisibleTo(holder)
    assert panel.panel.summary.text() == "OBS is sending and Comprimato is receiving"
    panel.draw(dataclasses.replace(state, selected=None, live=None))
    assert not panel.panel.isVisibleTo(holder)


def test_tray_draws_the_live_state_and_notifies_what_changed(qtbot: QtBot) -> None:
    tray = LiveTray()
    talk = stored(1, "Talk")
    obs = dataclasses.replace(CONNECTED, held_stream_id="id-1")
    idle = snapshot(obs=obs, streams=(talk,), selected=talk, live=live(OutputState.STOPPED))
    tray.draw(idle)
    assert tray.state == "idle"
    assert tray.go_live_action.isEnabled() and not tray.stop_action.isEnabled()
    starting = dataclasses.replace(idle, live=live(OutputState.STARTING))
    tray.draw(starting)
    assert tray.state == "starting" and tray.last_notification is None
    on_air = dataclasses.replace(idle, live=live(OutputState.LIVE, StreamState.RUNNING))
    tray.draw(on_air)
    assert tray.state == "live"
    assert tray.tooltip().endswith("live · " + (on_air.player_link() or ""))
    assert tray.last_notification is not None and tray.last_notification[0] == "You are live"
    dropped = dataclasses.replace(idle, live=live(OutputState.FAILED))
    tray.draw(dropped)
    assert tray.state == "problem"
    assert tray.last_notification[0] == "Stream dropped"
    tray.draw(on_air)
    tray.last_notification = None
    tray.draw(dataclasses.replace(idle, obs=OBS_OFF), closing=True)  # quitting: no news
    assert tray.last_notification is None
    assert tray.state == "problem"
    tray.draw(on_air)
    tray.draw(dataclasses.replace(idle, obs=OBS_OFF))
    assert tray.last_notification is not None and tray.last_notification[0] == "OBS is gone"


class _RecordingSession:
    """Stands in for the session's fix actions (in addition to the end-to-end tests, which
    press the same buttons on a real session): records each call and the areas reported."""

    def __init__(self, fail: bool = False) -> None:
        self.calls: list[str] = []
        self.reported: list[str] = []
        self.fail = fail
        self.state = snapshot()

    def __getattr__(self, name: str):  # type: ignore[no-untyped-def]
        async def action(*args: object, **kwargs: object) -> None:
            self.calls.append(name)
            if self.fail:
                from comprimato_companion.errors import CompanionError

                raise CompanionError("It failed.", "Try again.")

        return action

    def report(self, area: str, error: object) -> None:
        self.reported.append(area)


def test_run_fix_starts_each_fixs_handler_and_reports_its_failure_in_its_area(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, monkeypatch: pytest.MonkeyPatch
) -> None:
    from comprimato_companion.window.main_window import MainWindow

    window = MainWindow(start_session=False)
    qtbot.addWidget(window)
    for own in ("ask_api_key", "edit_settings", "retry_start"):  # the window's dialogs
        async def recorded(*args: object, _name: str = own, **kwargs: object) -> None:
            session = window.session
            assert isinstance(session, _RecordingSession)
            session.calls.append(_name + repr(kwargs.get("tab", "")))
            if session.fail:
                from comprimato_companion.errors import CompanionError

                raise CompanionError("It failed.", "Try again.")

        monkeypatch.setattr(window, own, recorded)
    expected = {
        "api-key": "ask_api_key''", "obs-retry": "reconnect_obs",
        "obs-settings": "edit_settings1", "obs-setup": "set_up_obs",
        "settings": "edit_settings''", "retry-start": "retry_start''",
        "keyring-retry": "retry_keyring", "keep-secrets": "keep_secrets_again",
        "keyframes": "fix_obs_keyframes",
    }
    assert set(expected) == set(FIXES)

    async def press_each(fail: bool) -> None:
        for fix, call in expected.items():
            session = _RecordingSession(fail)
            window.session = session  # type: ignore[assignment]
            window.run_fix(fix)
            await eventually(lambda: not window.action_runner.pending, 5, what=fix)
            assert session.calls == [call], fix
            assert session.reported == ([FIXES[fix].area] if fail else []), fix

    run_async(qloop, press_each(False), 30)
    run_async(qloop, press_each(True), 30)
    window.session = None
