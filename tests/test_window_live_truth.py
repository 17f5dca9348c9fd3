"""LIVE and "where OBS sends" in the window come from OBS's output and a recent answer.

Offscreen, on a qasync loop, against the sandbox and the fake OBS (issue 22, points 2 and
3): a profile switched while OBS streams (obs-websocket allows it; OBS's own menu is greyed)
does not change where the running output sends, in either direction; Comprimato's status
has an age, so an API answering 500 or not at all ends LIVE with the sentence why; right
after a stop Comprimato's lingering "Running" shows as stopping.
"""

from __future__ import annotations

import pytest

from comprimato_companion.golive import live_status
from comprimato_companion.obs.errors import ObsBusyStreaming
from comprimato_companion.sandbox import Sandbox
from tests.support.fake_obs import STARTED, FakeObs, Profile
from tests.support.window_rig import WindowRig

pytestmark = pytest.mark.gui

OWN = {"server": "rtmp://own.example/live", "key": "own-key-K1"}


def _said(rig: WindowRig) -> str:
    """The live panel's sentence of what is wrong now ("" when none shows)."""
    message = getattr(rig.status, "live_problem", None)
    return message.text() if message is not None and message.isVisible() else ""


async def _profile_read(rig: WindowRig, name: str) -> None:
    """The session has read profile ``name`` and its service (after the switch's event)."""

    def read() -> bool:
        picture = rig.session.state.obs.picture
        # Its event too (events come on their own connection, maybe after a read).
        observer = rig.session.obs._observer
        announced = observer is not None and observer.announced_profile == name
        return (
            picture is not None and picture.profile == name and picture.service is not None
            and announced
        )

    await rig.wait(read, f"profile {name!r} read")


def test_profile_switched_while_obs_streams_the_users_server_never_shows_ours_sending(
    rig_factory: type[WindowRig], fake_obs: FakeObs
) -> None:
    rig = rig_factory(env={"OBS_WEBSOCKET_URL": fake_obs.url})

    async def scenario() -> None:
        session = rig.session
        await rig.wait(lambda: session.state.obs.connected, "the OBS link")
        await rig.create()  # sent into profile Untitled
        await rig.wait(lambda: rig.view.send_button.text() == "Sent to OBS ✓", "the sent mark")
        fake_obs.profiles["Own"] = Profile("rtmp_custom", dict(OWN))
        fake_obs.switch_profile("Own")
        await _profile_read(rig, "Own")
        fake_obs.set_stream_state(STARTED, True)  # Start Streaming pressed in OBS itself
        await rig.wait(lambda: rig.status.elsewhere_row.isVisible(), "OBS live elsewhere")
        await rig.wait(lambda: _destination_read(rig), "where OBS sends, read")
        starts = len(fake_obs.requests_of("StartStream"))

        fake_obs.switch_profile("Untitled")  # SetCurrentProfile while live (a stream deck)
        await _profile_read(rig, "Untitled")

        # Still the user's server, as the output started: never our stream "Sending".
        assert rig.status.output.value.text() == "Busy with another stream"
        assert "rtmp://own.example/live" in rig.status.elsewhere.text()
        assert rig.view.go_live_button.text() == "Go live"
        assert not rig.view.go_live_button.isEnabled()
        assert rig.status.uptime.value.text() == "—"
        assert not rig.status.live_badge.isVisible()
        await rig.wait(lambda: _said(rig), "the switch said")
        text = _said(rig)
        assert "switched to profile 'Untitled' while streaming" in text, text
        assert "rtmp://own.example/live" in text and "profile 'Own'" in text
        assert session.state.live is not None and not session.state.live.obs_sending
        with pytest.raises(ObsBusyStreaming) as refused:
            await session.go_live()
        assert "switch OBS back to profile 'Own'" in refused.value.next_step
        with pytest.raises(ObsBusyStreaming):
            await session.restore_obs_settings()
        assert len(fake_obs.requests_of("StartStream")) == starts

    rig.play(scenario)


def test_profile_switched_while_obs_streams_ours_keeps_it_shown_and_refuses_changes(
    rig_factory: type[WindowRig], fake_obs: FakeObs
) -> None:
    rig = rig_factory(env={"OBS_WEBSOCKET_URL": fake_obs.url})

    async def scenario() -> None:
        session = rig.session
        await rig.wait(lambda: session.state.obs.connected, "the OBS link")
        await rig.create()
        selected = session.state.selected
        assert selected is not None
        await rig.wait(lambda: session.state.obs.holds(selected.stream.id), "OBS holding it")
        await session.go_live()
        await rig.wait(lambda: rig.status.output.value.text() == "Sending", "OBS sending")
        await rig.wait(lambda: _destination_read(rig), "where OBS sends, read")
        fake_obs.profiles["Own"] = Profile("rtmp_custom", dict(OWN))

        fake_obs.switch_profile("Own")
        await _profile_read(rig, "Own")

        assert rig.status.output.value.text() == "Sending"
        assert not rig.status.elsewhere_row.isVisible()
        assert rig.view.go_live_button.text() == "Stop"
        assert rig.status.uptime.value.text() != "—"
        await rig.wait(lambda: _said(rig), "the switch said")
        text = _said(rig)
        assert "switched to profile 'Own' while streaming" in text, text
        assert selected.stream.id in text and "rtmp://own.example/live" in text
        sets = len(fake_obs.requests_of("SetStreamServiceSettings"))
        with pytest.raises(ObsBusyStreaming):
            await session.send_to_obs()
        with pytest.raises(ObsBusyStreaming):
            await session.restore_obs_settings()
        assert len(fake_obs.requests_of("SetStreamServiceSettings")) == sets
        assert fake_obs.service("Own").service_settings == OWN

        await session.stop()  # Stop still stops what OBS sends: our stream
        await rig.wait(lambda: not fake_obs.streaming, "OBS stopped")
        await rig.wait(lambda: not _said(rig), "the switch over")

    rig.play(scenario)


def test_profile_switched_in_the_instant_obs_starts_is_never_guessed(
    rig_factory: type[WindowRig], fake_obs: FakeObs
) -> None:
    """A switch before the program could read where the new output sends: whatever it
    then reads, our stream is not shown as sent, and the switch is said."""
    rig = rig_factory(env={"OBS_WEBSOCKET_URL": fake_obs.url})

    async def scenario() -> None:
        session = rig.session
        await rig.wait(lambda: session.state.obs.connected, "the OBS link")
        await rig.create()
        await rig.wait(lambda: rig.view.send_button.text() == "Sent to OBS ✓", "the sent mark")
        fake_obs.profiles["Own"] = Profile("rtmp_custom", dict(OWN))
        fake_obs.switch_profile("Own")
        await _profile_read(rig, "Own")
        fake_obs.set_stream_state(STARTED, True)
        fake_obs.switch_profile("Untitled")  # at once: a stream deck's two-step macro
        await _profile_read(rig, "Untitled")
        await rig.wait(lambda: _said(rig), "the switch said")
        assert "switched to profile 'Untitled' while streaming" in _said(rig)
        assert rig.status.output.value.text() == "Busy with another stream"
        assert not rig.status.live_badge.isVisible()
        elsewhere = rig.status.elsewhere.text()
        assert "rtmp://own.example/live" in elsewhere or "other settings" in elsewhere, elsewhere
        with pytest.raises(ObsBusyStreaming):
            await session.go_live()

    rig.play(scenario)


def _destination_read(rig: WindowRig) -> bool:
    picture = rig.session.state.obs.picture
    return picture is not None and picture.sending_service is not None


def _publish(sandbox: Sandbox, key: str) -> None:
    """What the SRT ingest does when OBS's media arrives (the fake OBS sends none)."""
    assert sandbox.registry.admit(key) is None
    sandbox.registry.media(key, 1316)


def _live_then(rig: WindowRig, fault: str) -> None:
    async def scenario() -> None:
        session = rig.session
        await rig.wait(lambda: session.state.obs.connected, "the OBS link")
        await rig.create()
        selected = session.state.selected
        sandbox = session.sandbox
        assert selected is not None and sandbox is not None
        await session.go_live()
        _publish(sandbox, selected.stream.streamer_key)  # Comprimato sees it
        await rig.wait(lambda: rig.status.live_badge.isVisible(), "LIVE")
        assert rig.status.comprimato.value.text() == "Running"

        path = f"/v1/streams/{selected.stream.id}"
        if fault == "500":
            sandbox.faults.status("GET", path, 500, times=None)
        elif fault == "hang":
            sandbox.faults.latency("GET", path, 8.0, times=None)
        else:  # the sandbox came back without the stream
            sandbox.registry.delete(selected.stream.id)
        try:
            await rig.wait(
                lambda: not rig.status.live_badge.isVisible(), "LIVE gone", timeout=15
            )
            assert not session.state.is_live
            await rig.wait(lambda: _said(rig), "why, said")
            text = _said(rig)
            if fault == "404":
                assert text.startswith("Comprimato has no stream"), text
            else:
                assert text.startswith("Cannot read the stream's status"), text
            assert rig.status.comprimato.value.text() != "Running"
            assert "Comprimato is receiving" not in rig.status.summary.text()
        finally:
            sandbox.faults.clear()

    rig.play(scenario, timeout=90)


@pytest.mark.parametrize("fault", ["500", "hang", "404"])
def test_live_ends_when_comprimato_has_not_answered_for_a_few_polls(
    rig_factory: type[WindowRig], fake_obs: FakeObs, monkeypatch: pytest.MonkeyPatch,
    fault: str,
) -> None:
    monkeypatch.setattr(live_status, "STALE_AFTER", 3.0, raising=False)  # 12 s in the product
    rig = rig_factory(env={"OBS_WEBSOCKET_URL": fake_obs.url})
    _live_then(rig, fault)


def test_comprimato_shows_stopping_not_running_right_after_stop(
    rig_factory: type[WindowRig], fake_obs: FakeObs
) -> None:
    rig = rig_factory(env={"OBS_WEBSOCKET_URL": fake_obs.url})

    async def scenario() -> None:
        session = rig.session
        await rig.wait(lambda: session.state.obs.connected, "the OBS link")
        await rig.create()
        selected = session.state.selected
        sandbox = session.sandbox
        assert selected is not None and sandbox is not None
        await session.go_live()
        _publish(sandbox, selected.stream.streamer_key)
        await rig.wait(lambda: rig.status.comprimato.value.text() == "Running", "Running")

        await session.stop()  # OBS stops; the sandbox still says Running for a while
        await rig.wait(lambda: rig.status.output.value.text() == "Stopped", "OBS stopped")
        assert sandbox.registry.get(selected.stream.id).status == "Running"  # type: ignore[union-attr]
        assert rig.status.comprimato.value.text() == "Stopping…"
        sandbox.registry.ended(selected.stream.streamer_key)
        await rig.wait(
            lambda: rig.status.comprimato.value.text() == "Stopped", "Stopped", timeout=15
        )

    rig.play(scenario)
