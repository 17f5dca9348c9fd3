"""live_status() and live_problem(): the one computation of a live stream's status,
built from snapshots directly (no servers, no OBS)."""

from __future__ import annotations

from comprimato_companion.comprimato.models import StreamState
from comprimato_companion.golive.live_status import LiveStatus, live_status
from comprimato_companion.golive.view_state import Notice, ObsView
from comprimato_companion.obs.link_state import LinkState
from comprimato_companion.obs.observer import ObsPicture
from comprimato_companion.obs.output_state import LiveFigures, OutputState

FIGURES = LiveFigures(
    uptime_s=12.0, bitrate_kbps=2500.0, dropped_percent=0.0, congestion=0.0,
    reconnecting=False,
)


def comprimato(state: StreamState) -> LiveStatus:
    """Comprimato's side as its watch reports it (OBS's fields unused)."""
    return LiveStatus(
        obs_connected=False, obs_output=OutputState.STOPPED,
        comprimato_status=state.value.capitalize(), comprimato_state=state, figures=None,
        problem=None,
    )


def obs_with(output: OutputState, held: str | None = "s1") -> ObsView:
    picture = ObsPicture(connected=True, output=output, figures=FIGURES)
    return ObsView(state=LinkState.CONNECTED, picture=picture, held_stream_id=held)


def test_live_means_obs_sending_this_stream_and_comprimato_running() -> None:
    status = live_status(obs_with(OutputState.LIVE), "s1", comprimato(StreamState.RUNNING))
    assert status.is_live and status.problem is None
    assert status.figures == FIGURES


def test_obs_sending_another_stream_is_not_this_one_live() -> None:
    status = live_status(
        obs_with(OutputState.LIVE, held="s2"), "s1", comprimato(StreamState.RUNNING)
    )
    assert status.obs_output is OutputState.STOPPED and status.figures is None
    assert not status.is_live
    assert status.problem is None  # the panel says what OBS streams instead


def test_without_obs_the_sentence_says_why() -> None:
    assert live_status(ObsView(), "s1", None).problem == "Not connected to OBS."
    linking = ObsView(state=LinkState.CONNECTED)  # linked, not read yet
    assert live_status(linking, "s1", None).problem == "Reading OBS's state…"
    refused = ObsView(state=LinkState.RETRYING, error=Notice("OBS refused the password."))
    assert live_status(refused, "s1", None).problem == "OBS refused the password."


def test_comprimato_not_seeing_the_stream_is_said_only_when_no_change_is_due() -> None:
    stopped = comprimato(StreamState.STOPPED)
    unseen = live_status(obs_with(OutputState.LIVE), "s1", stopped)
    assert unseen.problem is not None and "does not see the stream" in unseen.problem
    assert live_status(obs_with(OutputState.LIVE), "s1", stopped, expecting=True).problem is None


def test_obs_reconnecting_and_failing_are_said_first() -> None:
    running = comprimato(StreamState.RUNNING)
    again = live_status(obs_with(OutputState.RECONNECTING), "s1", running)
    assert again.problem is not None and "reconnecting" in again.problem
    failed = live_status(
        obs_with(OutputState.FAILED), "s1", running, output_error="OBS could not connect."
    )
    assert failed.problem == "OBS could not connect."
    polled = live_status(
        obs_with(OutputState.LIVE), "s1", running, comprimato_problem="Comprimato is slow."
    )
    assert polled.problem == "Comprimato is slow."
