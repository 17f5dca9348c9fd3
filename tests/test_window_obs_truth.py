"""The window shows what OBS holds now, read from OBS, and never what it once sent.

Offscreen, on a qasync loop, against the sandbox and the fake OBS: OBS killed while
live, another stream selected while OBS streams the first, banners that must end with
their cause, a stream made while OBS was away, the uptime after a fixed password.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from comprimato_companion.golive.view_state import AREA_STREAM
from comprimato_companion.window.main_window import APP_NAME
from comprimato_companion.window.stream_list import display_name
from tests.support.fake_obs import FakeObs
from tests.support.window_rig import WindowRig

pytestmark = pytest.mark.gui

OWN = {"server": "rtmp://own.example/live", "key": "own-key-K1"}


def test_obs_killed_while_live_leaves_nothing_saying_it_sends(
    rig_factory: type[WindowRig], fake_obs: FakeObs
) -> None:
    rig = rig_factory(env={"OBS_WEBSOCKET_URL": fake_obs.url})

    async def scenario() -> None:
        await rig.wait(lambda: rig.session.state.obs.connected, "the OBS link")
        await rig.create()
        await rig.wait(lambda: rig.view.send_button.text() == "Sent to OBS ✓", "the sent mark")
        rig.window.menu_actions.live_action.trigger()
        await rig.wait(lambda: rig.status.output.value.text() == "Sending", "OBS sending")
        await rig.wait(lambda: rig.view.go_live_button.text() == "Stop", "the Stop button")

        fake_obs.stop()  # OBS killed

        await rig.wait(lambda: not rig.session.state.obs.connected, "OBS gone")
        await rig.wait(lambda: rig.status.output.value.text() == "—", "no OBS output shown")
        assert "sending" not in rig.status.summary.text().lower()
        assert rig.status.uptime.value.text() == "—"
        assert rig.status.bitrate.value.text() == "—"
        assert rig.view.go_live_button.text() == "Go live"
        assert rig.view.send_button.text() == "Send to OBS"
        assert "OBS not connected" in rig.window.obs_chip.text()
        tray = rig.window.tray
        assert tray is not None and not tray.stop_action.isEnabled()

    rig.play(scenario)


def test_another_stream_while_obs_streams_the_first_says_so_and_offers_to_switch(
    rig_factory: type[WindowRig], fake_obs: FakeObs
) -> None:
    rig = rig_factory(env={"OBS_WEBSOCKET_URL": fake_obs.url})

    async def scenario() -> None:
        session = rig.session
        await rig.wait(lambda: session.state.obs.connected, "the OBS link")
        await rig.create()
        first = session.state.selected
        assert first is not None
        await rig.wait(lambda: session.state.obs.holds(first.stream.id), "OBS holding A")
        rig.window.menu_actions.live_action.trigger()
        await rig.wait(lambda: rig.status.uptime.value.text() != "—", "A's uptime")

        await rig.create()  # B, while OBS streams A
        second = session.state.selected
        assert second is not None and second.stream.id != first.stream.id
        name_a = display_name(first)
        await rig.wait(
            lambda: rig.status.elsewhere.text()
            == f"OBS is live with {name_a}, not with this stream.",
            "OBS is live with A",
        )
        assert rig.status.summary.text() == "OBS is live with another stream"
        assert rig.status.elsewhere_row.isVisible()
        assert rig.status.output.value.text() == "Busy with another stream"
        # A's figures are not shown as B's, and nothing offers a Stop that would end A.
        for metric in (rig.status.uptime, rig.status.bitrate, rig.status.dropped):
            assert metric.value.text() == "—"
        # B's card is drawn once OBS holds B's key, or after a short wait (it never will).
        await rig.wait(lambda: rig.view.go_live_button.text() == "Go live", "B's own card")
        assert not rig.view.go_live_button.isEnabled()
        assert first.stream.id in rig.view.go_live_button.toolTip()
        assert rig.view.send_button.text() == "Send to OBS"
        assert fake_obs.service().service_settings["key"] == first.stream.streamer_key
        tray = rig.window.tray
        assert tray is not None
        assert tray.tooltip() == f"{APP_NAME}: OBS is live with stream {first.stream.id}"
        assert tray.stop_action.isEnabled()  # the tray's Stop stops what OBS streams

        switch = rig.status.switch_button
        assert switch.isVisible() and switch.text() == f"Switch to {name_a}"
        QTest.mouseClick(switch, Qt.MouseButton.LeftButton)
        await rig.wait(
            lambda: session.state.selected is not None
            and session.state.selected.stream.id == first.stream.id,
            "A selected",
        )
        await rig.wait(lambda: rig.status.output.value.text() == "Sending", "A's output")
        assert not rig.status.elsewhere_row.isVisible()
        assert rig.view.go_live_button.text() == "Stop"

    rig.play(scenario)


def test_not_running_banner_ends_when_obs_comes_and_the_new_stream_is_sent(
    rig_factory: type[WindowRig], fake_obs_factory: Callable[..., FakeObs]
) -> None:
    obs = fake_obs_factory(start=False)
    obs.start()
    port = obs.port
    obs.stop()  # the port is known; OBS is not running yet
    rig = rig_factory(env={"OBS_WEBSOCKET_URL": f"obsws://127.0.0.1:{port}/{obs.password}"})

    async def scenario() -> None:
        session = rig.session
        await rig.wait(lambda: session.state.obs.error is not None, "OBS not running")
        await rig.create()  # automatic sending is on, OBS is away
        stored = session.state.selected
        assert stored is not None
        rig.view.send_button.click()
        await rig.wait(lambda: AREA_STREAM in session.state.notices, "the not-running notice")
        assert "OBS is not running" in session.state.notices[AREA_STREAM].message
        assert rig.view.message.isVisible()

        obs.start()

        await rig.wait(lambda: session.state.obs.connected, "OBS linked")
        await rig.wait(
            lambda: obs.service().service_settings.get("key") == stored.stream.streamer_key,
            "the stream sent once OBS appeared",
        )
        await rig.wait(lambda: rig.view.send_button.text() == "Sent to OBS ✓", "the sent mark")
        await rig.wait(lambda: AREA_STREAM not in session.state.notices, "the banner gone")
        assert not rig.view.message.isVisible()

    rig.play(scenario)


def test_restored_banner_ends_when_go_live_sends_the_stream_again(
    rig_factory: type[WindowRig], fake_obs: FakeObs
) -> None:
    fake_obs.set_service("rtmp_custom", OWN)
    rig = rig_factory(env={"OBS_WEBSOCKET_URL": fake_obs.url})

    async def scenario() -> None:
        session = rig.session
        await rig.wait(lambda: session.state.obs.connected, "the OBS link")
        await rig.create()
        await rig.wait(lambda: rig.view.send_button.text() == "Sent to OBS ✓", "the sent mark")
        rig.view.restore_button.click()
        await rig.wait(
            lambda: fake_obs.service().service_settings.get("key") == OWN["key"], "K1 back"
        )
        await rig.wait(lambda: rig.view.send_button.text() == "Send to OBS", "no sent mark")
        notice = session.state.notices.get(AREA_STREAM)
        assert notice is not None and "earlier stream settings back" in notice.message

        rig.window.menu_actions.live_action.trigger()  # Go live sends the stream again
        await rig.wait(lambda: fake_obs.streaming, "OBS streaming")
        await rig.wait(lambda: AREA_STREAM not in session.state.notices, "the banner gone")
        await rig.wait(lambda: rig.view.send_button.text() == "Sent to OBS ✓", "the sent mark")

    rig.play(scenario)


def test_uptime_runs_after_a_wrong_password_was_fixed(
    rig_factory: type[WindowRig], fake_obs: FakeObs
) -> None:
    rig = rig_factory()

    async def scenario() -> None:
        session = rig.session
        settings = dataclasses.replace(
            session.state.settings, obs_host="127.0.0.1", obs_port=fake_obs.port
        )
        await session.update_settings(settings, obs_password="not-the-password")
        await rig.wait(lambda: session.state.obs.error is not None, "the refusal")
        await session.update_settings(settings, obs_password=fake_obs.password)
        await rig.wait(lambda: session.state.obs.connected, "linked with the password")
        await rig.create()
        rig.window.menu_actions.live_action.trigger()
        await rig.wait(lambda: rig.status.uptime.value.text() not in ("—", "00:00"), "uptime")
        first = rig.status.uptime.value.text()
        await rig.wait(lambda: rig.status.uptime.value.text() != first, "the uptime moving", 5)

    rig.play(scenario)


async def test_settings_summary_names_the_obs_settings_the_link_came_from(
    tmp_path: Path, fake_obs: FakeObs, isolated_user_dirs: Path
) -> None:
    """OBS writes its WebSocket settings after this program started (its first run)."""
    from comprimato_companion.storage.settings import Settings
    from tests.support.session_rigs import make_session
    from tests.support.waits import until

    session = make_session(tmp_path, settings=Settings(welcome_done=True))
    await session.start()
    try:
        assert session.state.obs_summary.startswith("No OBS WebSocket settings were found")
        folder = isolated_user_dirs / ".config" / "obs-studio"
        folder.mkdir(parents=True)
        (folder / "global.ini").write_text(
            "[OBSWebSocket]\nServerEnabled=true\nServerPort="
            f"{fake_obs.port}\nAuthRequired=true\nServerPassword={fake_obs.password}\n"
        )
        await session.reconnect_obs()  # "Try again" (retries would get there too)
        await until(lambda: session.state.obs.connected, what="linked from OBS's settings")
        await until(
            lambda: str(folder / "global.ini") in session.state.obs_summary,
            what="the summary naming OBS's settings file",
        )
        assert "No OBS WebSocket settings were found" not in session.state.obs_summary
    finally:
        await session.close()


def test_a_stream_the_command_line_made_is_named_as_ours(
    rig_factory: type[WindowRig], fake_obs: FakeObs
) -> None:
    """Issue 22 point 5: OBS streams a stream `obs apply` made (not in the window's list):
    the window calls it a stream of this program, not "not a stream of this program"."""
    from comprimato_companion.storage.own_streams import OwnStreams
    from tests.support.fake_obs import STARTED

    rig = rig_factory(env={"OBS_WEBSOCKET_URL": fake_obs.url})

    async def scenario() -> None:
        session = rig.session
        await rig.wait(lambda: session.state.obs.connected, "the OBS link")
        await rig.create()
        await rig.wait(lambda: rig.view.send_button.text() == "Sent to OBS ✓", "the sent mark")
        # The command line records its stream, sends it and starts OBS.
        OwnStreams().remember("sk_made_by_the_cli", session.state.ingest_url)
        fake_obs.set_service(
            "rtmp_custom", {"server": session.state.ingest_url, "key": "sk_made_by_the_cli"}
        )
        fake_obs.set_stream_state(STARTED, True)
        await rig.wait(
            lambda: rig.status.elsewhere.text()
            == "OBS is live with another stream of this program, not with this stream.",
            "OBS is live with another stream of this program",
        )
        assert session.state.obs.holds_ours

    rig.play(scenario)
