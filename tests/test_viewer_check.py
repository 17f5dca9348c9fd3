"""The fourth LIVE check, "viewers can watch", from a real sandbox fed by a real publisher."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from comprimato_companion.golive.live_watch import LiveWatch
from comprimato_companion.golive.viewer_check import (
    ViewerCheck,
    from_freshness,
    sandbox_viewer_source,
)
from comprimato_companion.obs.connection import parse_obsws_url
from comprimato_companion.obs.link import ObsLink
from comprimato_companion.obs.observer import ObsObserver
from comprimato_companion.sandbox import Sandbox
from tests.support.fake_obs import FakeObs
from tests.support.srt_fixtures import SrtPublisher, local_srt_url

pytestmark = pytest.mark.srt


def test_sentences_for_each_case() -> None:
    assert from_freshness({"fresh": True, "playable": True, "delay_s": 3.2}) == ViewerCheck(
        True, 3.2)
    frozen = from_freshness({"fresh": False, "playable": True, "edge_age_s": 9.5})
    assert not frozen.watchable and "No new video for 9.5 s" in frozen.detail
    ended = from_freshness({"fresh": False, "playable": False, "segments": 4})
    assert ended.detail == "The stream ended: viewers see it offline."
    assert "keyframe" in from_freshness({"playable": False, "segments": 0}).detail


async def test_live_watch_reports_fresh_video_and_the_delay(
    sandbox: Sandbox, fake_obs: FakeObs, srt_publisher: Callable[[str], SrtPublisher]
) -> None:
    if sandbox.ingest_url is None:
        pytest.skip(f"the sandbox's SRT ingest is off: {sandbox.ingest_problem}")
    stream = sandbox.registry.create()
    source = sandbox_viewer_source(sandbox, stream.player_key)
    assert source is not None
    link = ObsLink()
    await link.connect(parse_obsws_url(fake_obs.url), timeout=5)
    observer = ObsObserver(link)
    watch = LiveWatch(None, None, observer, viewers=source)
    try:
        await observer.start()
        await watch.start()
        assert watch.status.viewers is not None
        assert not watch.status.viewers.watchable
        assert watch.status.to_json()["viewers_can_watch"] is False
        port = int(sandbox.ingest_url.rsplit(":", 1)[1])
        publisher = srt_publisher(local_srt_url(port, stream.streamer_key))
        status = await watch.wait_for(
            lambda s: s.viewers is not None and s.viewers.watchable, timeout=30)
        assert status.viewers is not None and status.viewers.delay_s is not None
        assert 0 < status.viewers.delay_s < 10
        publisher.terminate()
        status = await watch.wait_for(
            lambda s: s.viewers is not None and not s.viewers.watchable, timeout=30)
        assert status.viewers is not None
        assert status.viewers.detail == "The stream ended: viewers see it offline."
    finally:
        await watch.close()
        await observer.close()
        await link.close()
