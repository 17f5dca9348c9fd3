"""The sandbox keeps its streams, keys and ports across restarts in a file of its own
(issue 21 point 3): a shared link and OBS's SRT address work again after a restart.

Real sandboxes over real sockets, a real ffmpeg publishing SRT, one private folder each.
"""

from __future__ import annotations

import json
import socket
import stat
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from comprimato_companion.comprimato.models import srt_url
from comprimato_companion.sandbox import Sandbox
from comprimato_companion.sandbox.saved_state import SandboxStateFile, default_state_path
from comprimato_companion.storage.atomic import temp_files_of
from tests.support.srt_fixtures import SrtPublisher

GRACE = 0.5
Publish = Callable[[str], SrtPublisher]


def sandbox_on(path: Path, **options: object) -> Sandbox:
    return Sandbox(stopped_grace=GRACE, state_file=SandboxStateFile(path), **options)  # type: ignore[arg-type]


def wait_for(condition: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():  # the segmenter gives no signal for "a segment is ready"
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.1)


@pytest.mark.srt
def test_streams_keys_and_ports_come_back_and_the_link_plays_again(
    tmp_path: Path, srt_publisher: Publish
) -> None:
    path = tmp_path / "sandbox.json"
    with sandbox_on(path) as first:
        assert first.ingest_url is not None, first.ingest_problem
        made = [first.registry.create(), first.registry.create()]
        publisher = srt_publisher(srt_url(first.ingest_url, made[0].streamer_key))
        assert first.registry.wait_for_status(made[0].id, "Running", 10)
        publisher.terminate()
        before = (first.api_url, first.api_key, first.ingest_url, first.player_url_template)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert not temp_files_of(path)
    assert json.loads(path.read_text())["version"] == 1

    with sandbox_on(path) as second:
        assert second.ingest_url is not None
        assert (second.api_url, second.api_key, second.ingest_url,
                second.player_url_template) == before
        assert second.registry.list() == [
            type(stream)(stream.id, stream.streamer_key, stream.player_key, "Stopped")
            for stream in made
        ]  # the same ids and keys, oldest first, all Stopped until SRT arrives again
        link = second.player_url_template.format(player_key=made[0].player_key)
        with httpx.Client(timeout=5) as http:
            api = http.get(f"{second.api_url}/streams/{made[0].id}",
                           headers={"Authorization": second.api_key})
            assert api.status_code == 200 and api.json()["status"] == "Stopped"
            page = http.get(link)
            assert page.status_code == 200 and made[0].player_key in page.text
            # The key OBS still holds is admitted again, and the link plays.
            publisher = srt_publisher(srt_url(second.ingest_url, made[0].streamer_key))
            assert second.registry.wait_for_status(made[0].id, "Running", 10)

            def playlist_has_a_segment() -> bool:
                answer = http.get(f"{link}/live.m3u8")
                return answer.status_code == 200 and ".ts" in answer.text

            wait_for(playlist_has_a_segment, 20, "the live playlist's first segment")
            playlist = http.get(f"{link}/live.m3u8").text
            segment = next(line for line in playlist.splitlines() if line.endswith(".ts"))
            media = http.get(f"{link}/{segment}")
            assert media.status_code == 200 and media.content[:1] == b"\x47"  # MPEG-TS
            publisher.terminate()


def test_a_deleted_stream_stays_deleted_and_a_given_key_wins(tmp_path: Path) -> None:
    path = tmp_path / "sandbox.json"
    with sandbox_on(path, ingest=False) as first:
        kept, gone = first.registry.create(), first.registry.create()
        first.registry.delete(gone.id)
    with sandbox_on(path, ingest=False, api_key="chosen-key") as second:
        assert [s.id for s in second.registry.list()] == [kept.id]
        assert second.api_key == "chosen-key"
    with sandbox_on(path, ingest=False) as third:
        assert third.api_key == "chosen-key"  # the key last used is the one kept


@pytest.mark.parametrize(
    ("content", "reason"),
    [(b"{not json", "corrupt"), (b'{"version": 9, "streams": []}', "newer")],
)
def test_an_unusable_file_is_set_aside_with_a_sentence(
    tmp_path: Path, content: bytes, reason: str
) -> None:
    path = tmp_path / "sandbox.json"
    path.write_bytes(content)
    with sandbox_on(path, ingest=False) as sandbox:
        assert sandbox.registry.list() == []
        notice = sandbox.saved_notice
        assert notice is not None and "renamed to sandbox.json." + reason in notice
        made = sandbox.registry.create()
    aside = list(tmp_path.glob(f"sandbox.json.{reason}-*"))
    assert len(aside) == 1 and aside[0].read_bytes() == content  # kept, not overwritten
    assert [s["id"] for s in json.loads(path.read_text())["streams"]] == [made.id]


def test_entries_it_cannot_read_are_kept_in_the_file(tmp_path: Path) -> None:
    path = tmp_path / "sandbox.json"
    odd = {"id": "x", "from": "a later version"}
    path.write_text(json.dumps({"version": 1, "streams": [odd]}))
    with sandbox_on(path, ingest=False) as sandbox:
        assert sandbox.saved_notice is not None and "could not be read" in sandbox.saved_notice
        sandbox.registry.create()
    assert odd in json.loads(path.read_text())["streams"]


def test_a_second_sandbox_on_the_same_file_keeps_its_streams_in_memory(tmp_path: Path) -> None:
    path = tmp_path / "sandbox.json"
    with sandbox_on(path, ingest=False) as first:
        mine = first.registry.create()
        with sandbox_on(path, ingest=False) as second:
            assert second.registry.list() == []  # not the first one's streams twice over
            notice = second.saved_notice
            assert notice is not None and "Another sandbox of yours is running" in notice
            second.registry.create()
        assert [s["id"] for s in json.loads(path.read_text())["streams"]] == [mine.id]
    with sandbox_on(path, ingest=False) as again:  # the file is free again
        assert [s.id for s in again.registry.list()] == [mine.id]
        assert again.saved_notice is None


def test_a_saved_port_now_taken_gives_another_and_the_streams_still_come_back(
    tmp_path: Path,
) -> None:
    path = tmp_path / "sandbox.json"
    with sandbox_on(path, ingest=False) as first:
        made = first.registry.create()
        port = first.api_address[1]
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", port))
        squatter.listen()
        with sandbox_on(path, ingest=False) as second:
            assert second.api_address[1] != port
            assert [s.id for s in second.registry.list()] == [made.id]


def test_without_a_state_file_nothing_is_written() -> None:
    with Sandbox(ingest=False) as sandbox:
        sandbox.registry.create()
    assert not default_state_path().exists()
