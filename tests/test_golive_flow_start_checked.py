"""Every start reads what OBS holds first: start_checked and stop_checked on the fake OBS.

Each case is something a streamer does in OBS behind this program's back, after the stream
was sent: OBS must never start streaming to anything but the stream chosen.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from comprimato_companion.comprimato.models import Stream
from comprimato_companion.golive.flow import StartOutcome, labels_of, start_checked, stop_checked
from comprimato_companion.obs.connection import parse_obsws_url
from comprimato_companion.obs.errors import (
    ObsBusyStreaming,
    ObsHoldsOtherSettings,
    ObsStartedElsewhere,
)
from comprimato_companion.obs.link import ObsLink
from comprimato_companion.obs.observer import ObsObserver
from comprimato_companion.obs.srt_settings import apply_srt_settings, restore_previous_settings
from comprimato_companion.storage.obs_backups import ObsBackups
from comprimato_companion.storage.stream_store import StoredStream
from tests.support.fake_obs import STARTED, FakeObs, Profile

INGEST = "srt://127.0.0.1:9000"
KEY_A, KEY_B = "sk_stream_a_1", "sk_stream_b_2"
STREAM_A = StoredStream(Stream(id="a1", streamer_key=KEY_A, player_key="pa"), "api", "Show A")
STREAM_B = StoredStream(Stream(id="b2", streamer_key=KEY_B, player_key="pb"), "api")
STREAMS = [STREAM_A, STREAM_B]
USERS_OWN = {"server": "rtmp://users.example.org/live", "key": "users-own-key"}


@pytest.fixture
def backups(tmp_path: Path) -> ObsBackups:
    return ObsBackups(tmp_path / "obs-backups.json")


@pytest.fixture
async def link(fake_obs: FakeObs) -> AsyncIterator[ObsLink]:
    made = ObsLink()
    await made.connect(parse_obsws_url(fake_obs.url), timeout=2)
    yield made
    await made.close()


async def start_a(link: ObsLink, backups: ObsBackups, **extra: object) -> StartOutcome:
    options: dict[str, object] = {
        "ingest_url": INGEST,
        "streamer_key": KEY_A,
        "stream_label": "stream 'Show A' (a1)",
        "known_keys": [KEY_A, KEY_B],
        "stream_labels": labels_of(STREAMS),
        "observer": ObsObserver(link),
        **extra,
    }
    return await start_checked(link, backups, **options)  # type: ignore[arg-type]


def streams_key(fake: FakeObs) -> str:
    """The key OBS streams with, once it streams."""
    assert fake.streaming
    return str(fake.service().service_settings["key"])


async def test_settings_edited_behind_the_program_are_sent_again_before_the_start(
    fake_obs: FakeObs, link: ObsLink, backups: ObsBackups
) -> None:
    await apply_srt_settings(
        link, backups, INGEST, KEY_A, known_keys=[KEY_A, KEY_B], observer=ObsObserver(link)
    )
    fake_obs.set_service("rtmp_custom", USERS_OWN)  # the user put their own service back
    outcome = await start_a(link, backups)
    fake_obs.wait_for(lambda: fake_obs.streaming)
    assert outcome == StartOutcome(already_streaming=False, sent=True)
    assert streams_key(fake_obs) == KEY_A
    assert fake_obs.service().service_settings["server"] == INGEST
    newest = backups.newest("Untitled")
    assert newest is not None and newest.settings["key"] == "users-own-key"


async def test_restore_run_behind_the_program_is_undone_only_by_sending_again(
    fake_obs: FakeObs, link: ObsLink, backups: ObsBackups
) -> None:
    fake_obs.set_service("rtmp_custom", USERS_OWN)
    await apply_srt_settings(
        link, backups, INGEST, KEY_A, known_keys=[KEY_A, KEY_B], observer=ObsObserver(link)
    )
    # `obs restore` from another process, sharing the backup file.
    await restore_previous_settings(
        link, ObsBackups(backups.path), known_keys=[KEY_A, KEY_B], observer=ObsObserver(link)
    )
    assert fake_obs.service().service_settings["key"] == "users-own-key"
    with pytest.raises(ObsHoldsOtherSettings) as caught:
        await start_a(link, backups, may_send=False)
    assert "rtmp://users.example.org/live" in caught.value.message
    assert "users-own-key" not in str(caught.value)
    assert fake_obs.requests_of("StartStream") == []
    await start_a(link, backups)
    fake_obs.wait_for(lambda: fake_obs.streaming)
    assert streams_key(fake_obs) == KEY_A


async def test_a_profile_switched_behind_the_program_gets_the_stream_too(
    fake_obs: FakeObs, link: ObsLink, backups: ObsBackups
) -> None:
    await apply_srt_settings(
        link, backups, INGEST, KEY_A, known_keys=[KEY_A, KEY_B], observer=ObsObserver(link)
    )
    fake_obs.profiles["Podcast"] = Profile("rtmp_custom", dict(USERS_OWN))
    fake_obs.switch_profile("Podcast")
    outcome = await start_a(link, backups)
    fake_obs.wait_for(lambda: fake_obs.streaming)
    assert outcome.sent and fake_obs.current_profile == "Podcast"
    assert streams_key(fake_obs) == KEY_A
    kept = backups.newest("Podcast")
    assert kept is not None and kept.settings["key"] == "users-own-key"


async def test_obs_restarted_with_other_settings_is_not_trusted(
    fake_obs: FakeObs, backups: ObsBackups
) -> None:
    first = ObsLink()
    await first.connect(parse_obsws_url(fake_obs.url), timeout=2)
    await apply_srt_settings(
        first, backups, INGEST, KEY_A, known_keys=[KEY_A, KEY_B], observer=ObsObserver(first)
    )
    await first.close()
    fake_obs.restart()
    fake_obs.set_service("rtmp_custom", USERS_OWN)
    second = ObsLink()
    await second.connect(parse_obsws_url(fake_obs.url), timeout=2)
    try:
        await start_a(second, backups)
    finally:
        fake_obs.wait_for(lambda: fake_obs.streaming)
        await second.close()
    assert streams_key(fake_obs) == KEY_A


async def test_already_streaming_exactly_this_stream_changes_nothing(
    fake_obs: FakeObs, link: ObsLink, backups: ObsBackups
) -> None:
    await apply_srt_settings(link, backups, INGEST, KEY_A, observer=ObsObserver(link))
    fake_obs.set_stream_state(STARTED, True)
    fake_obs.requests.clear()
    outcome = await start_a(link, backups)
    assert outcome == StartOutcome(already_streaming=True, sent=False)
    assert fake_obs.requests_of("StartStream") == []
    assert fake_obs.requests_of("SetStreamServiceSettings") == []


async def test_streaming_something_else_is_refused_and_named(
    fake_obs: FakeObs, link: ObsLink, backups: ObsBackups
) -> None:
    await apply_srt_settings(link, backups, INGEST, KEY_B, observer=ObsObserver(link))
    fake_obs.set_stream_state(STARTED, True)
    with pytest.raises(ObsBusyStreaming) as caught:
        await start_a(link, backups)
    assert "stream b2" in caught.value.message and "'Show A'" in caught.value.message
    assert KEY_B not in str(caught.value)
    fake_obs.set_service("rtmp_custom", USERS_OWN)
    with pytest.raises(ObsBusyStreaming) as caught:
        await start_a(link, backups)
    assert "rtmp://users.example.org/live" in caught.value.message


async def test_settings_changed_between_the_check_and_the_start_stop_the_stream(
    fake_obs: FakeObs, link: ObsLink, backups: ObsBackups
) -> None:
    await apply_srt_settings(link, backups, INGEST, KEY_A, observer=ObsObserver(link))

    async def user_edits_meanwhile() -> None:
        fake_obs.set_service("rtmp_custom", USERS_OWN)

    with pytest.raises(ObsStartedElsewhere) as caught:
        await start_a(link, backups, before_start=user_edits_meanwhile)
    assert "stopped" in caught.value.message
    fake_obs.wait_for(lambda: not fake_obs.streaming)
    assert len(fake_obs.requests_of("StopStream")) == 1


async def test_stop_names_what_obs_was_streaming(
    fake_obs: FakeObs, link: ObsLink, backups: ObsBackups
) -> None:
    stopped = await stop_checked(
        link, streams=STREAMS, ingest_url=INGEST, observer=ObsObserver(link)
    )
    assert not stopped.was_streaming
    await apply_srt_settings(link, backups, INGEST, KEY_B, observer=ObsObserver(link))
    fake_obs.set_stream_state(STARTED, True)
    stopped = await stop_checked(
        link, streams=STREAMS, ingest_url=INGEST, observer=ObsObserver(link)
    )
    assert stopped.was_streaming and stopped.label == "stream b2"
    fake_obs.wait_for(lambda: not fake_obs.streaming)
    fake_obs.set_service("rtmp_custom", USERS_OWN)
    fake_obs.set_stream_state(STARTED, True)
    stopped = await stop_checked(
        link, streams=STREAMS, ingest_url=INGEST, observer=ObsObserver(link)
    )
    assert stopped.label == "the server rtmp://users.example.org/live"
