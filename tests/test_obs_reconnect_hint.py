"""The window's SRT reconnection hint: said only for OBS older than the versions seen
reconnecting by themselves (29.0.2, 30.2.3 and 32.2.2; see test_obs_reconnect_real_obs.py)."""

from __future__ import annotations

import pytest

from comprimato_companion.golive.view_state import ObsView
from comprimato_companion.obs.link import ObsVersion


@pytest.mark.parametrize(("version", "hinted"), [
    ("28.1.2", True), ("29.0.2", False), ("30.2.3", False), ("32.2.2", False),
])
def test_the_reconnection_hint_is_said_only_where_reconnecting_was_not_seen(
    version: str, hinted: bool
) -> None:
    hint = ObsView(version=ObsVersion(version, "5.0.0", 1)).srt_reconnect_hint
    assert (hint is not None) is hinted
    if hint is not None:
        assert version in hint and "fixed in OBS 32" not in hint
