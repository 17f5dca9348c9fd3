"""The real window in sandbox mode: a stream created, the window quit and started again,
the stream is in the list and its player link plays (issue 21 point 3).

The link is fetched as a browser would: the player page, then (once ffmpeg sends SRT to the
stream's address) its HLS playlist and a segment. Screenshots before the quit and after
the restart go to ``COMPANION_SHOTS`` when it is set.
"""

from __future__ import annotations

import asyncio
import os
import socket
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from comprimato_companion.comprimato.models import srt_url
from tests.support.srt_fixtures import SrtPublisher
from tests.support.window_rig import WindowRig, no_obs

pytestmark = pytest.mark.srt


def shot(rig: WindowRig, name: str) -> None:
    folder = os.environ.get("COMPANION_SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        rig.window.grab().save(str(Path(folder) / name))


def test_a_sandbox_stream_is_there_after_a_restart_and_its_link_plays(
    rig_factory: type[WindowRig], closed_port: int,
    srt_publisher: Callable[[str], SrtPublisher],
) -> None:
    # A port of the test's own, the same at both starts (the usual per-user port may be
    # held by another test run on this machine).
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    first = rig_factory(env=no_obs(closed_port), sandbox_port=port)
    made: dict[str, str] = {}

    async def create_then_quit() -> None:
        await first.create()
        # Quit once the Create is over (its status watch has read Comprimato once): a quit
        # in the middle of it is another test's matter.
        await first.wait(lambda: first.session.state.live is not None
                         and first.session.state.live.comprimato_status != "",
                         "the stream's first status")
        selected = first.session.state.selected
        assert selected is not None
        made.update(id=selected.stream.id, key=selected.stream.streamer_key,
                    link=first.view.player_link_field.full_text(),
                    ingest=first.session.state.ingest_url)
        shot(first, "sandbox-restart-1-created.png")

    first.play(create_then_quit)  # ends with the session closed: the window quit
    assert made["link"].startswith("http://127.0.0.1:")

    second = rig_factory(env=no_obs(closed_port), sandbox_port=port)

    async def there_again() -> None:
        window = second.window
        await second.wait(lambda: second.session.state.streams, "the list")
        assert [s.stream.id for s in second.session.state.streams] == [made["id"]]
        panel = window.stream_list
        assert panel.proxy.rowCount() == 1  # drawn in the list, once
        panel.view.setCurrentIndex(panel.proxy.index(0, 0))
        await second.wait(
            lambda: window.stack.currentWidget() is window.stream_card, "the stream's view"
        )
        await second.wait(lambda: second.view.player_link_field.full_text() == made["link"],
                          "the same player link")
        shot(second, "sandbox-restart-2-after-restart.png")
        async with httpx.AsyncClient(timeout=5) as http:
            page = await http.get(made["link"])
            assert page.status_code == 200
            publisher = srt_publisher(srt_url(made["ingest"], made["key"]))

            async def playing() -> bool:
                answer = await http.get(f"{made['link']}/live.m3u8")
                return answer.status_code == 200 and ".ts" in answer.text

            deadline = time.monotonic() + 20
            while not await playing():  # the segmenter gives no signal; the page polls too
                assert time.monotonic() < deadline, "no HLS segment from the kept stream"
                await asyncio.sleep(0.2)
            playlist = (await http.get(f"{made['link']}/live.m3u8")).text
            segment = next(line for line in playlist.splitlines() if line.endswith(".ts"))
            media = await http.get(f"{made['link']}/{segment}")
            assert media.status_code == 200 and media.content[:1] == b"\x47"
            await second.wait(lambda: second.session.state.selected is not None
                              and second.session.state.selected.stream.status == "Running",
                              "Comprimato's Running", timeout=20)
            shot(second, "sandbox-restart-3-running.png")
            publisher.terminate()

    second.play(there_again, timeout=90)
