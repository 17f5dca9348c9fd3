"""``ViewState``'s readings of the snapshot: ``on_air``, what Stop ends and closing asks about."""

from __future__ import annotations

from comprimato_companion.obs.output_state import OutputState
from tests.support.snapshots import live, snapshot


def test_on_air_is_the_selected_streams_output_starting_live_or_reconnecting() -> None:
    on_air = {OutputState.STARTING, OutputState.LIVE, OutputState.RECONNECTING}
    for output in OutputState:
        assert snapshot(live=live(output)).on_air is (output in on_air), output
    assert not snapshot(live=None).on_air
