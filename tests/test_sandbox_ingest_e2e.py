"""The whole sandbox path: REST API (ComprimatoClient) + SRT ingest + a real ffmpeg publisher.

What a streamer sees: a created stream turns ``Running`` once the encoder sends to its SRT
address, ``Stopped`` a grace period after the encoder stops; a wrong key and a second
encoder are refused; deleting a live stream cuts the encoder off.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable, Iterator

import pytest

from comprimato_companion.comprimato.client import ComprimatoClient
from comprimato_companion.comprimato.errors import StreamNotFound
from comprimato_companion.comprimato.models import Stream, srt_url
from comprimato_companion.sandbox import Sandbox
from tests.support.srt_fixtures import SrtPublisher

pytestmark = pytest.mark.srt

GRACE = 1.0
Publish = Callable[[str], SrtPublisher]


@pytest.fixture
def sandbox() -> Iterator[Sandbox]:
    with Sandbox(stopped_grace=GRACE) as running:
        assert running.ingest_url is not None, running.ingest_problem
        yield running


@pytest.fixture
async def client(sandbox: Sandbox) -> AsyncIterator[ComprimatoClient]:
    async with ComprimatoClient(sandbox.api_url, sandbox.api_key) as api:
        yield api


def publish_url(sandbox: Sandbox, stream: Stream) -> str:
    assert sandbox.ingest_url is not None
    return srt_url(sandbox.ingest_url, stream.streamer_key)


async def wait_for_status(client: ComprimatoClient, stream_id: str, status: str) -> float:
    """Poll ``get_stream`` (as the product does) until ``status``, 10 s at most; seconds taken."""
    started = time.monotonic()
    async with asyncio.timeout(10):
        while True:  # the API is polled, as the product polls it: nothing to await instead
            stream = await client.get_stream(stream_id)
            if stream.status == status:
                break
            await asyncio.sleep(0.05)
    return time.monotonic() - started


async def exit_code(publisher: SrtPublisher) -> int:
    """ffmpeg's exit code, awaited without blocking the loop (10 s at most)."""
    return await asyncio.to_thread(publisher.wait, 10.0)


async def test_publishing_turns_the_stream_running_and_stopping_turns_it_stopped(
    sandbox: Sandbox, client: ComprimatoClient, srt_publisher: Publish
) -> None:
    stream = await client.create_stream()
    assert stream.status == "Stopped"

    publisher = srt_publisher(publish_url(sandbox, stream))
    await wait_for_status(client, stream.id, "Running")
    assert sandbox.registry.bytes_received(stream.id) > 0

    publisher.terminate()
    await exit_code(publisher)
    ended_at = time.monotonic()
    await wait_for_status(client, stream.id, "Stopped")
    assert time.monotonic() - ended_at >= GRACE * 0.8  # not before the grace


async def test_a_wrong_key_is_refused(
    sandbox: Sandbox, client: ComprimatoClient, srt_publisher: Publish
) -> None:
    stream = await client.create_stream()
    wrong = Stream(id=stream.id, streamer_key="0" * 36, player_key=stream.player_key)

    publisher = srt_publisher(publish_url(sandbox, wrong))

    assert await exit_code(publisher) != 0
    assert "reject" in publisher.stderr.lower()
    assert (await client.get_stream(stream.id)).status == "Stopped"
    assert sandbox.registry.bytes_received(stream.id) == 0


async def test_a_second_publisher_is_refused_while_the_first_goes_on(
    sandbox: Sandbox, client: ComprimatoClient, srt_publisher: Publish
) -> None:
    stream = await client.create_stream()
    first = srt_publisher(publish_url(sandbox, stream))
    await wait_for_status(client, stream.id, "Running")

    second = srt_publisher(publish_url(sandbox, stream))

    assert await exit_code(second) != 0
    received = sandbox.registry.bytes_received(stream.id)
    assert first.running
    assert (await client.get_stream(stream.id)).status == "Running"
    deadline = time.monotonic() + 5
    while sandbox.registry.bytes_received(stream.id) <= received:
        assert time.monotonic() < deadline, "the first publisher's media stopped"
        await asyncio.sleep(0.05)


async def test_deleting_a_running_stream_disconnects_its_publisher(
    sandbox: Sandbox, client: ComprimatoClient, srt_publisher: Publish
) -> None:
    stream = await client.create_stream()
    publisher = srt_publisher(publish_url(sandbox, stream))
    await wait_for_status(client, stream.id, "Running")

    await client.delete_stream(stream.id)

    assert await exit_code(publisher) != 0
    with pytest.raises(StreamNotFound):
        await client.get_stream(stream.id)
    # the key is gone with the stream: publishing again is refused
    again = srt_publisher(publish_url(sandbox, stream))
    assert await exit_code(again) != 0


async def test_stopping_the_sandbox_with_a_live_publisher_is_prompt(
    srt_publisher: Publish,
) -> None:
    with Sandbox(stopped_grace=GRACE) as own:
        async with ComprimatoClient(own.api_url, own.api_key) as api:
            stream = await api.create_stream()
            publisher = srt_publisher(publish_url(own, stream))
            await wait_for_status(api, stream.id, "Running")
        own.stop()
    assert await exit_code(publisher) != 0
