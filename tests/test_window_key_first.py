"""A new stream's key reaches OBS before the window spends time drawing it.

Drawing the new card (its QR code) and the list with a new row on top takes several
milliseconds of the GUI thread; the OBS requests of the send would wait behind them. So
while the key is on its way, the list and the card keep showing the previous stream, and
both follow as soon as OBS holds the new key. Without OBS there is nothing to wait for.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.support.fake_obs import FakeObs
from tests.test_window import WindowRig, rig_factory  # noqa: F401 - the fixture

pytestmark = pytest.mark.gui


def _row_ids(rig: WindowRig) -> list[str]:
    model = rig.window.stream_list.model
    return [model.stream_at(row).stream.id for row in range(model.rowCount())]


def test_the_key_goes_to_obs_before_the_list_and_card_are_drawn(
    rig_factory: type[WindowRig], fake_obs: FakeObs  # noqa: F811
) -> None:
    rig = rig_factory(env={"OBS_WEBSOCKET_URL": fake_obs.url})

    async def scenario() -> None:
        await rig.wait(lambda: rig.session.state.obs.connected, "the OBS link")
        await rig.create()  # a first stream, shown
        first = rig.session.state.selected
        assert first is not None
        seen: list[tuple[list[str], str | None]] = []

        def when_obs_holds_it(state: Any) -> None:
            selected = state.selected
            if (not seen and selected is not None and selected.stream.id != first.stream.id
                    and state.obs.held_stream_id == selected.stream.id):
                seen.append((_row_ids(rig), rig.view.subtitle.text()))

        unsubscribe = rig.session.add_observer(when_obs_holds_it)
        try:
            await rig.create()
            await rig.wait(lambda: seen, "OBS holding the new stream's key")
        finally:
            unsubscribe()
        new = rig.session.state.selected
        assert new is not None and new.stream.id != first.stream.id
        rows_then, card_then = seen[0]
        # When OBS got the key, the window still showed the previous stream alone...
        assert rows_then == [first.stream.id]
        assert card_then == f"Id {first.stream.id}"
        # ...and right after, both: the new row on top, selected, and its card.
        await rig.wait(lambda: _row_ids(rig) == [new.stream.id, first.stream.id], "the list")
        assert rig.window.stream_list.selected_id() == new.stream.id
        assert rig.view.subtitle.text() == f"Id {new.stream.id}"

    rig.play(scenario)


def test_without_obs_the_new_stream_is_drawn_at_once(
    rig_factory: type[WindowRig], closed_port: int  # noqa: F811
) -> None:
    rig = rig_factory(env={"OBS_WEBSOCKET_URL": f"obsws://127.0.0.1:{closed_port}"})

    async def scenario() -> None:
        drawn: list[list[str]] = []

        def when_selected(state: Any) -> None:
            if state.selected is not None and not drawn:
                drawn.append(_row_ids(rig))

        unsubscribe = rig.session.add_observer(when_selected)
        try:
            await rig.create()
        finally:
            unsubscribe()
        new = rig.session.state.selected
        assert new is not None
        assert drawn == [[new.stream.id]]  # in the list in the very update that selects it

    rig.play(scenario)
