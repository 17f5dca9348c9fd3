"""Comprimato's side of the selected stream's live status: one ``LiveWatch`` at a time.

``SelectedWatch`` owns the polling of Comprimato for the window's session. It starts the
watch of one stream (with the sandbox's viewers' check in sandbox mode), stops it or lets
it go (``detach``), tells it what is due once OBS's output changed, and works out the
stream's ``LiveStatus`` from its reports and the OBS view it is given (``live_status``).
Its reports reach the session with the watch that made them: only the current watch of
the selected stream may write into the selection (``is_current``). OBS's side comes from
the OBS owner's picture, never from here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from ..comprimato.models import StreamState

if TYPE_CHECKING:
    from ..comprimato.client import ComprimatoClient
    from ..comprimato.models import Stream
    from ..obs.output_state import OutputState
    from ..sandbox import Sandbox
    from .live_status import LiveStatus
    from .live_watch import LiveWatch
    from .view_state import ObsView


class SelectedWatch:
    """The watch of the selected stream's Comprimato status (see the module's docstring).

    Attributes:
        current: the running watch; ``None`` when none runs.
    """

    def __init__(self) -> None:
        self.current: LiveWatch | None = None

    def is_current(self, watch: LiveWatch, stream_id: str | None) -> bool:
        """Whether ``watch`` is the running one and watches ``stream_id``."""
        return watch is self.current and stream_id == watch.stream_id

    async def start(
        self,
        client: ComprimatoClient,
        stream: Stream,
        sandbox: Sandbox | None,
        on_report: Callable[[LiveStatus, LiveWatch], None],
    ) -> None:
        """Watch ``stream`` (the viewers' check too with ``sandbox``); each report goes to
        ``on_report`` with its watch. Stop the one before first (``stop``)."""
        from .live_watch import LiveWatch

        viewers = None
        if sandbox is not None:
            from .viewer_check import sandbox_viewer_source

            viewers = sandbox_viewer_source(sandbox, stream.player_key)
        # Comprimato's side (and the viewers' check) only: OBS's side comes from the picture.
        watch = LiveWatch(client, stream.id, None, viewers=viewers)
        watch.add_listener(lambda status: on_report(status, watch))
        self.current = watch
        await watch.start()

    async def stop(self) -> None:
        """Stop the running watch, if any, and wait until it is gone."""
        watch = self.detach()
        if watch is not None:
            await watch.close()

    def detach(self) -> LiveWatch | None:
        """Let the running watch go without waiting (its later reports are not current);
        returns it for the caller to close."""
        watch, self.current = self.current, None
        return watch

    def expect(self, state: StreamState) -> None:
        """Comprimato's status should become ``state`` soon: the watch reads it often."""
        if self.current is not None:
            self.current.expect(state)

    def live_status(self, obs: ObsView, stream_id: str, output_error: str | None) -> LiveStatus:
        """The live status of ``stream_id`` (``app.golive.live_status``): Comprimato's side
        from this watch when it watches that stream, OBS's from ``obs``."""
        from .live_status import live_status

        watch = self._of(stream_id)
        return live_status(
            obs,
            stream_id,
            watch.status if watch is not None else None,
            output_error=output_error,
            comprimato_problem=watch.comprimato_problem if watch is not None else None,
            expecting=watch is not None and watch.expecting,
        )

    def output_changed(self, stream_id: str, was: OutputState, now: OutputState) -> None:
        """OBS's output of ``stream_id`` went from ``was`` to ``now``: Comprimato's status
        follows soon (running once OBS is live, stopped once it stopped or failed)."""
        from ..obs.output_state import OutputState

        watch = self._of(stream_id)
        if watch is None or was is now:
            return
        if now is OutputState.LIVE:
            watch.expect(StreamState.RUNNING)
        elif now in (OutputState.STOPPED, OutputState.FAILED):
            watch.expect(StreamState.STOPPED)

    def _of(self, stream_id: str) -> LiveWatch | None:
        watch = self.current
        return watch if watch is not None and watch.stream_id == stream_id else None


__all__ = ["SelectedWatch"]
