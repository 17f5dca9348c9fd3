"""What is true of a live stream now, computed in one place.

``LiveStatus`` is both sides of a live stream at one moment; ``live_status`` computes the
window's from the OBS view and Comprimato's side, and ``live_problem`` is the one sentence
worth telling the user (the window's live panel, the tray, notifications and the command
line's ``golive`` all say it through this function). Pure: no I/O, no clock.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..comprimato.models import StreamState
from ..i18n import translate
from ..obs.output_state import LiveFigures, OutputState

if TYPE_CHECKING:
    from .view_state import ObsView
    from .viewer_check import ViewerCheck

#: Seconds without an answer from Comprimato after which its last status no longer counts
#: (more than two steady polls): LIVE needs Comprimato to have answered recently.
STALE_AFTER = 12.0


@dataclass(frozen=True)
class LiveStatus:
    """Both sides of a live stream at one moment.

    Attributes:
        obs_connected: this program is connected to OBS.
        obs_output: what OBS's stream output is doing (last known when disconnected).
        comprimato_status: the status exactly as Comprimato wrote it ("" before the first
            answer, or when the API cannot report it).
        comprimato_state: that status as a known state.
        figures: OBS's live figures while it sends (None otherwise).
        problem: the one thing worth telling the user now (None when all is well).
        comprimato_polled: Comprimato's status is being read (False when the API cannot).
        viewers: the fourth check, "viewers can watch" (None where it cannot be known).
        comprimato_unanswered_s: while Comprimato's status cannot be read (errors, no answer
            yet), whole seconds since it last answered; 0 while it answers.
        comprimato_expected: the state Comprimato is expected to reach soon (OBS just
            started or stopped sending), None when nothing is due.
    """

    obs_connected: bool
    obs_output: OutputState
    comprimato_status: str
    comprimato_state: StreamState
    figures: LiveFigures | None
    problem: str | None
    comprimato_polled: bool = True
    viewers: ViewerCheck | None = None
    comprimato_unanswered_s: float = 0.0
    comprimato_expected: StreamState | None = None

    @property
    def comprimato_stale(self) -> bool:
        """Comprimato has not answered for longer than ``STALE_AFTER``: its last status is
        no longer news."""
        return self.comprimato_unanswered_s > STALE_AFTER

    @property
    def comprimato_stopping(self) -> bool:
        """OBS stopped sending and Comprimato still says running, as it does for a few
        seconds after a stop: shown as stopping, not as running."""
        return (
            self.comprimato_state is StreamState.RUNNING
            and self.comprimato_expected is StreamState.STOPPED
            and self.obs_output in (OutputState.STOPPED, OutputState.FAILED)
        )

    @property
    def is_live(self) -> bool:
        """OBS is sending and Comprimato reports the stream running, and answered recently."""
        return (
            self.obs_connected
            and self.obs_output is OutputState.LIVE
            and self.comprimato_state is StreamState.RUNNING
            and not self.comprimato_stale
        )

    @property
    def obs_sending(self) -> bool:
        return self.obs_connected and self.obs_output is OutputState.LIVE

    def to_json(self) -> dict[str, Any]:
        """The status for ``--json`` output (no secrets in it)."""
        figures = self.figures
        return {
            "is_live": self.is_live,
            "obs_connected": self.obs_connected,
            "obs_output": self.obs_output.value,
            "comprimato_status": self.comprimato_status,
            "comprimato_state": self.comprimato_state.value,
            "comprimato_polled": self.comprimato_polled,
            "comprimato_unanswered_s": self.comprimato_unanswered_s,
            "problem": self.problem,
            "uptime_s": figures.uptime_s if figures else None,
            "bitrate_kbps": figures.bitrate_kbps if figures else None,
            "dropped_percent": figures.dropped_percent if figures else None,
            "congestion": figures.congestion if figures else None,
            "reconnecting": figures.reconnecting if figures else False,
            "viewers_can_watch": self.viewers.watchable if self.viewers else None,
            "viewer_delay_s": self.viewers.delay_s if self.viewers else None,
        }


def live_problem(
    status: LiveStatus,
    *,
    link_error: str | None,
    linked: bool,
    output_error: str | None,
    comprimato_problem: str | None,
    expecting: bool,
    elsewhere: bool = False,
    obs_problem: str | None = None,
) -> str | None:
    """The most useful single sentence about what is wrong now, if anything.

    Args:
        status: the stream's status, its ``problem`` not yet set.
        link_error: why the link to OBS is down, when it is.
        linked: a link to OBS exists (its state is being read when not yet connected).
        output_error: why OBS's output failed, as its events said.
        comprimato_problem: why Comprimato's status cannot be read now.
        expecting: Comprimato's status is expected to change soon (OBS just started or
            stopped): no "does not see the stream" yet.
        elsewhere: OBS streams something else (the live panel says what instead).
        obs_problem: a failed read of OBS while linked (the command line's own link).
    """
    if not status.obs_connected:
        if link_error:
            return link_error
        if linked:
            return translate("Session", "Reading OBS's state…")
        return translate("Session", "Not connected to OBS.")
    if elsewhere:
        return None
    if status.obs_output is OutputState.FAILED and output_error:
        return output_error
    if status.obs_output is OutputState.RECONNECTING:
        return translate(
            "Session", "OBS lost the connection to the SRT ingest and is reconnecting."
        )
    if obs_problem:
        return obs_problem
    if comprimato_problem:
        return comprimato_problem
    if status.comprimato_stale:
        return translate("LiveWatch", "Cannot read the stream's status: {why}").format(
            why=translate(
                "LiveWatch", "Comprimato has not answered for {seconds} s."
            ).format(seconds=f"{status.comprimato_unanswered_s:.0f}")
        )
    if status.obs_sending and status.comprimato_state is StreamState.STOPPED and not expecting:
        return translate(
            "Session",
            "OBS is sending, but Comprimato does not see the stream. Check the SRT "
            "ingest address in Settings.",
        )
    return None


def live_status(
    obs: ObsView,
    stream_id: str,
    comprimato: LiveStatus | None,
    *,
    output_error: str | None = None,
    comprimato_problem: str | None = None,
    expecting: bool = False,
) -> LiveStatus:
    """The status of stream ``stream_id``: Comprimato's side from ``comprimato`` (its
    watch's status; ``None`` before one runs), OBS's from ``obs``, and OBS's output and
    figures only when OBS holds this very stream."""
    picture = obs.picture
    connected = obs.connected and picture is not None
    holds = connected and obs.holds(stream_id)
    output = picture.output if holds and picture is not None else OutputState.STOPPED
    status = LiveStatus(
        obs_connected=connected,
        obs_output=output,
        comprimato_status=comprimato.comprimato_status if comprimato is not None else "",
        comprimato_state=(
            comprimato.comprimato_state if comprimato is not None else StreamState.UNKNOWN
        ),
        figures=picture.figures if holds and picture is not None else None,
        problem=None,
        comprimato_polled=comprimato.comprimato_polled if comprimato is not None else True,
        viewers=comprimato.viewers if comprimato is not None else None,
        comprimato_unanswered_s=(
            comprimato.comprimato_unanswered_s if comprimato is not None else 0.0
        ),
        comprimato_expected=comprimato.comprimato_expected if comprimato is not None else None,
    )
    problem = live_problem(
        status,
        link_error=obs.error.message if obs.error is not None else None,
        linked=obs.connected,
        output_error=output_error,
        comprimato_problem=comprimato_problem,
        expecting=expecting,
        elsewhere=obs.sending and not obs.holds(stream_id),
    )
    return dataclasses.replace(status, problem=problem)


__all__ = ["STALE_AFTER", "LiveStatus", "live_problem", "live_status"]
