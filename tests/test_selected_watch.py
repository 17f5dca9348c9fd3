"""The selected stream's watch: one at a time, its reports marked with the watch that
made them, and what OBS's output makes due passed on only to the watch of that stream."""

from __future__ import annotations

from comprimato_companion.comprimato.models import Stream
from comprimato_companion.golive.live_status import LiveStatus
from comprimato_companion.golive.live_watch import LiveWatch
from comprimato_companion.golive.selected_watch import SelectedWatch
from comprimato_companion.golive.view_state import ObsView
from comprimato_companion.obs.output_state import OutputState
from tests.support.waits import until


class StoppedStream:
    """Comprimato answering that the stream is stopped."""

    def __init__(self, stream: Stream) -> None:
        self.stream = stream

    async def get_stream(self, stream_id: str) -> Stream:
        assert stream_id == self.stream.id
        return self.stream


async def test_one_watch_at_a_time_and_only_its_own_stream_gets_what_is_due() -> None:
    stream = Stream(id="s-1", streamer_key="sk-1", player_key="pk1", status="Stopped")
    owner = SelectedWatch()
    reports: list[tuple[LiveStatus, LiveWatch]] = []
    await owner.start(StoppedStream(stream), stream, None, lambda s, w: reports.append((s, w)))
    try:
        watch = owner.current
        assert watch is not None
        await until(lambda: bool(reports), what="the first report")
        assert all(owner.is_current(w, "s-1") for _, w in reports)
        assert not owner.is_current(watch, "s-2")
        assert owner.live_status(ObsView(), "s-1", None).comprimato_status == "Stopped"
        owner.output_changed("s-2", OutputState.STOPPED, OutputState.LIVE)  # another stream
        assert not watch.expecting
        owner.output_changed("s-1", OutputState.STOPPED, OutputState.LIVE)
        assert watch.expecting  # Comprimato should say Running soon: read it often
        assert owner.detach() is watch and not owner.is_current(watch, "s-1")
        assert owner.live_status(ObsView(), "s-1", None).comprimato_status == ""
    finally:
        await watch.close()
        await owner.stop()
    assert watch.closed and owner.current is None
