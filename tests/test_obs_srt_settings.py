"""Applying and restoring OBS's stream settings, against the fake OBS through obsws-python."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest

from app.comprimato.models import Stream
from app.obs.connection import parse_obsws_url
from app.obs.errors import KeyCannotTravelInUrl, ObsBusyStreaming, ObsSettingsNotKept
from app.obs.link import ObsLink
from app.obs.srt_settings import (
    DEDICATED_PROFILE,
    DEDICATED_PROFILE_NOTE,
    apply_srt_settings,
    restore_previous_settings,
    srt_service_settings,
)
from app.storage.stream_store import StreamStore
from tests.support.fake_obs import FakeObs

INGEST = "srt://ingest.example.net:9000"
API = "https://api.example.net/v1"
KEY = "sk_live_4f9a2c"
USER_SERVICE = {
    "server": "rtmp://live.example.org/app",
    "key": "users-own-rtmp-key",
    "use_auth": True,
    "username": "me",
    "password": "users-rtmp-password",
}


@pytest.fixture
def store(tmp_path: Path) -> StreamStore:
    made = StreamStore(tmp_path / "streams.json")
    made.add(Stream(id="s1", streamer_key=KEY, player_key="p1"), API)
    made.add(Stream(id="s2", streamer_key="sk_other_77", player_key="p2"), API)
    return made


async def connected(fake: FakeObs) -> ObsLink:
    link = ObsLink()
    await link.connect(parse_obsws_url(fake.url), timeout=2)
    return link


@pytest.fixture
async def link(fake_obs: FakeObs) -> AsyncIterator[ObsLink]:
    made = await connected(fake_obs)
    yield made
    await made.close()


async def test_obs29_gets_the_whole_set_over_stale_settings(
    fake_obs: FakeObs, link: ObsLink, store: StreamStore
) -> None:
    fake_obs.set_service("rtmp_custom", USER_SERVICE)
    held = await apply_srt_settings(link, store, INGEST, KEY)
    expected = {"server": INGEST, "key": KEY, "use_auth": False, "username": "", "password": ""}
    assert fake_obs.requests_of("SetStreamServiceSettings") == [
        {"streamServiceType": "rtmp_custom", "streamServiceSettings": expected}
    ]
    # OBS merged, and nothing of the user's auth survived.
    assert fake_obs.service().service_settings == expected
    assert held.type == "rtmp_custom" and dict(held.settings) == expected


async def test_the_users_settings_are_backed_up_once(
    fake_obs: FakeObs, link: ObsLink, store: StreamStore
) -> None:
    fake_obs.set_service("rtmp_common", {"service": "Twitch", "server": "auto", "key": "tw"})
    await apply_srt_settings(link, store, INGEST, KEY)
    first = store.obs_backup()
    assert first is not None
    assert first["type"] == "rtmp_common" and first["profile"] == "Untitled"
    assert first["settings"] == {"service": "Twitch", "server": "auto", "key": "tw"}
    await apply_srt_settings(link, store, INGEST, "sk_other_77")  # another stream of ours
    await apply_srt_settings(link, store, INGEST, KEY)
    assert store.obs_backup() == first


async def test_our_own_settings_are_never_taken_for_the_users(
    fake_obs: FakeObs, link: ObsLink, store: StreamStore
) -> None:
    """The store lost its backup, OBS holds one of our streams: nothing to back up."""
    fake_obs.set_service("rtmp_custom", {"server": INGEST, "key": "sk_other_77"})
    await apply_srt_settings(link, store, INGEST, KEY)
    assert store.obs_backup() is None
    assert await restore_previous_settings(link, store) is None


async def test_restore_puts_back_exactly_and_clears(
    fake_obs: FakeObs, link: ObsLink, store: StreamStore
) -> None:
    fake_obs.set_service("rtmp_custom", {"server": "rtmp://mine/app", "key": "mykey"})
    await apply_srt_settings(link, store, INGEST, KEY)
    restored = await restore_previous_settings(link, store)
    assert restored is not None and restored.type == "rtmp_custom"
    held = fake_obs.service().service_settings
    assert held["server"] == "rtmp://mine/app" and held["key"] == "mykey"
    # Keys we had added went back to rtmp_custom's defaults, not left as ours.
    assert held.get("use_auth", False) is False and held.get("password", "") == ""
    assert store.obs_backup() is None
    assert await restore_previous_settings(link, store) is None


async def test_restore_of_another_service_type(
    fake_obs: FakeObs, link: ObsLink, store: StreamStore
) -> None:
    original = {"service": "YouTube - RTMPS", "server": "rtmps://a.rtmp.youtube.com", "key": "yt"}
    fake_obs.set_service("rtmp_common", original)
    await apply_srt_settings(link, store, INGEST, KEY)
    await restore_previous_settings(link, store)
    assert fake_obs.service().service_type == "rtmp_common"
    assert fake_obs.service().service_settings == original


async def test_refused_while_streaming(
    fake_obs: FakeObs, link: ObsLink, store: StreamStore
) -> None:
    fake_obs.set_service("rtmp_common", {"key": "tw"})
    await link.start_stream()
    fake_obs.wait_for(lambda: fake_obs.streaming)
    with pytest.raises(ObsBusyStreaming) as caught:
        await apply_srt_settings(link, store, INGEST, KEY)
    assert "streaming" in caught.value.message
    assert fake_obs.requests_of("SetStreamServiceSettings") == []
    assert store.obs_backup() is None


async def test_once_backed_up_a_send_is_one_set_and_one_read_back(
    fake_obs: FakeObs, link: ObsLink, store: StreamStore
) -> None:
    fake_obs.set_service("rtmp_common", {"service": "Twitch", "key": "tw"})
    await apply_srt_settings(link, store, INGEST, KEY)
    assert store.obs_backup() is not None
    fake_obs.requests.clear()
    held = await apply_srt_settings(link, store, INGEST, "sk_other_77")
    assert [kind for kind, _ in fake_obs.requests] == [
        "SetStreamServiceSettings", "GetStreamServiceSettings"
    ]
    assert held.settings["key"] == "sk_other_77"


async def test_refused_while_streaming_once_backed_up(
    fake_obs: FakeObs, link: ObsLink, store: StreamStore
) -> None:
    """Without asking first, OBS's own refusal gives the same sentence; nothing changes."""
    fake_obs.set_service("rtmp_common", {"service": "Twitch", "key": "tw"})
    await apply_srt_settings(link, store, INGEST, KEY)
    backup = store.obs_backup()
    await link.start_stream()
    fake_obs.wait_for(lambda: fake_obs.streaming)
    with pytest.raises(ObsBusyStreaming) as caught:
        await apply_srt_settings(link, store, INGEST, "sk_other_77")
    assert "streaming" in caught.value.message
    assert caught.value.message == ObsBusyStreaming().message
    assert fake_obs.service().service_settings["key"] == KEY
    assert store.obs_backup() == backup


async def test_restore_refused_while_streaming(
    fake_obs: FakeObs, link: ObsLink, store: StreamStore
) -> None:
    await apply_srt_settings(link, store, INGEST, KEY)
    await link.start_stream()
    fake_obs.wait_for(lambda: fake_obs.streaming)
    with pytest.raises(ObsBusyStreaming):
        await restore_previous_settings(link, store)
    assert store.obs_backup() is not None


async def test_obs28_puts_the_streamid_in_the_url(
    fake_obs_factory: Callable[..., FakeObs], store: StreamStore
) -> None:
    fake = fake_obs_factory(obs_version="28.1.2", websocket_version="5.0.1")
    link = await connected(fake)
    try:
        held = await apply_srt_settings(link, store, INGEST, KEY)
    finally:
        await link.close()
    assert held.settings["server"] == f"{INGEST}?streamid={KEY}"
    assert held.settings["key"] == "" and held.settings["use_auth"] is False


@pytest.mark.parametrize("bad_key", ["a&b", "50%off", "a+b", "x y", "a#b"])
async def test_obs28_refuses_keys_that_cannot_travel_in_a_url(
    fake_obs_factory: Callable[..., FakeObs], store: StreamStore, bad_key: str
) -> None:
    fake = fake_obs_factory(obs_version="28.0.0")
    link = await connected(fake)
    try:
        with pytest.raises(KeyCannotTravelInUrl) as caught:
            await apply_srt_settings(link, store, INGEST, bad_key)
    finally:
        await link.close()
    assert "28.0.0" in caught.value.message and "29 or newer" in caught.value.next_step
    assert bad_key not in str(caught.value)
    assert fake.requests_of("SetStreamServiceSettings") == []


def test_url_form_keeps_an_existing_query() -> None:
    settings = srt_service_settings(
        "srt://h:9000?latency=200000", "k1", key_as_streamid=False, obs_version="28.1"
    )
    assert settings["server"] == "srt://h:9000?latency=200000&streamid=k1"


async def test_dedicated_profile_is_created_and_used(
    fake_obs: FakeObs, link: ObsLink, store: StreamStore
) -> None:
    fake_obs.set_service("rtmp_common", {"service": "Twitch", "key": "tw"})
    await apply_srt_settings(link, store, INGEST, KEY, dedicated_profile=True)
    assert fake_obs.current_profile == DEDICATED_PROFILE
    assert fake_obs.service(DEDICATED_PROFILE).service_settings["key"] == KEY
    assert fake_obs.service("Untitled").service_settings == {"service": "Twitch", "key": "tw"}
    assert "default encoder settings" in DEDICATED_PROFILE_NOTE
    # Again: the profile exists now and is current; nothing new is created.
    await link.set_current_profile("Untitled")
    await apply_srt_settings(link, store, INGEST, KEY, dedicated_profile=True)
    assert len(fake_obs.requests_of("CreateProfile")) == 1
    assert fake_obs.current_profile == DEDICATED_PROFILE
    # Restore goes back to the user's profile.
    await restore_previous_settings(link, store)
    assert fake_obs.current_profile == "Untitled"
    assert fake_obs.service().service_settings == {"service": "Twitch", "key": "tw"}


async def test_no_profile_switch_while_recording(
    fake_obs: FakeObs, link: ObsLink, store: StreamStore
) -> None:
    fake_obs.recording = True
    with pytest.raises(ObsBusyStreaming) as caught:
        await apply_srt_settings(link, store, INGEST, KEY, dedicated_profile=True)
    assert "recording" in caught.value.message
    assert fake_obs.current_profile == "Untitled"


async def test_settings_that_did_not_stick_are_reported(
    fake_obs: FakeObs, link: ObsLink, store: StreamStore
) -> None:
    fake_obs.ignore_service_changes = True
    with pytest.raises(ObsSettingsNotKept) as caught:
        await apply_srt_settings(link, store, INGEST, KEY)
    assert KEY not in str(caught.value)


class _OffLoopStore(StreamStore):
    """A real store that records whether any of its file work ran on the event loop thread."""

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        self.on_loop: list[str] = []

    def _locked(self) -> contextlib.AbstractContextManager[None]:
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            pass  # a worker thread: fine
        else:
            self.on_loop.append("file access")
        return super()._locked()


async def test_file_work_stays_off_the_event_loop(
    fake_obs: FakeObs, link: ObsLink, tmp_path: Path
) -> None:
    # The window runs these coroutines on its GUI thread: a file lock or fsync there freezes it.
    store = _OffLoopStore(tmp_path / "off-loop.json")
    fake_obs.set_service("rtmp_common", {"service": "Twitch", "key": "tw"})
    await apply_srt_settings(link, store, INGEST, KEY)
    await restore_previous_settings(link, store)
    assert store.on_loop == []
    assert store.obs_backup() is None  # restored, so the backup is gone
