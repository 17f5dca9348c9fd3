"""A new stream is drawn in the very update that selects it: its row on top, selected, and
its card, whether or not OBS is linked (nothing is held back while its key goes to OBS).
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.support.fake_obs import FakeObs
from tests.support.window_rig import WindowRig, no_obs

pytestmark = pytest.mark.gui


def _row_ids(rig: WindowRig) -> list[str]:
    model = rig.window.stream_list.model
    return [model.stream_at(row).stream.id for row in range(model.rowCount())]


def _drawn_when_selected(rig: WindowRig, *, obs: bool) -> None:
    async def scenario() -> None:
        if obs:
            await rig.wait(lambda: rig.session.state.obs.connected, "the OBS link")
        await rig.create()  # a first stream, shown
        first = rig.session.state.selected
        assert first is not None
        drawn: list[tuple[list[str], str | None, str]] = []

        def when_selected(state: Any) -> None:
            selected = state.selected
            if not drawn and selected is not None and selected.stream.id != first.stream.id:
                drawn.append((_row_ids(rig), rig.window.stream_list.selected_id(),
                              rig.view.subtitle.text()))

        unsubscribe = rig.session.add_observer(when_selected)
        try:
            await rig.create()
        finally:
            unsubscribe()
        new = rig.session.state.selected
        assert new is not None and new.stream.id != first.stream.id
        # The window draws each snapshot as it comes (the bridge relays it at once).
        assert drawn == [([new.stream.id, first.stream.id], new.stream.id,
                          f"Id {new.stream.id}")]

    rig.play(scenario)


def test_with_obs_the_new_stream_is_drawn_at_once(
    rig_factory: type[WindowRig], fake_obs: FakeObs
) -> None:
    _drawn_when_selected(rig_factory(env={"OBS_WEBSOCKET_URL": fake_obs.url}), obs=True)


def test_without_obs_the_new_stream_is_drawn_at_once(
    rig_factory: type[WindowRig], closed_port: int
) -> None:
    _drawn_when_selected(rig_factory(env=no_obs(closed_port)), obs=False)
