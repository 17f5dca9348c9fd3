"""Applying and restoring OBS's stream settings, against the fake OBS through obsws-python."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest

from comprimato_companion.obs.connection import parse_obsws_url
from comprimato_companion.obs.errors import (
    KeyCannotTravelInUrl,
    ObsBusyStreaming,
    ObsProfileGone,
    ObsProfileSwitched,
    ObsSettingsNotKept,
)
from comprimato_companion.obs.link import ObsLink, ServiceSettings
from comprimato_companion.obs.observer import ObsObserver
from comprimato_companion.obs.srt_settings import (
    DEDICATED_PROFILE,
    DEDICATED_PROFILE_NOTE,
    apply_srt_settings,
    holds_stream,
    is_ours,
    public_server,
    restorable,
    restore_previous_settings,
    srt_service_settings,
)
from comprimato_companion.storage.atomic import StorageError
from comprimato_companion.storage.obs_backups import ObsBackups
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


OTHER = "sk_other_77"
#: The streamer keys of the stored streams: settings holding one of them are ours.
OURS = (KEY, OTHER)


@pytest.fixture
def store(tmp_path: Path) -> ObsBackups:
    """The backup history (named ``store`` as the tests read: where backups are kept)."""
    return ObsBackups(tmp_path / "obs-backups.json")


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
    fake_obs: FakeObs, link: ObsLink, store: ObsBackups
) -> None:
    fake_obs.set_service("rtmp_custom", USER_SERVICE)
    held = await apply_srt_settings(link, store, INGEST, KEY, observer=ObsObserver(link))
    expected = {"server": INGEST, "key": KEY, "use_auth": False, "username": "", "password": ""}
    assert fake_obs.requests_of("SetStreamServiceSettings") == [
        {"streamServiceType": "rtmp_custom", "streamServiceSettings": expected}
    ]
    # OBS merged, and nothing of the user's auth survived.
    assert fake_obs.service().service_settings == expected
    assert held.type == "rtmp_custom" and dict(held.settings) == expected


def _only(store: ObsBackups) -> list[tuple[str, str, dict[str, object]]]:
    return [(b.profile, b.type, dict(b.settings)) for b in store.all()]


async def test_the_users_settings_are_backed_up_and_ours_never(
    fake_obs: FakeObs, link: ObsLink, store: ObsBackups
) -> None:
    fake_obs.set_service("rtmp_common", {"service": "Twitch", "server": "auto", "key": "tw"})
    await apply_srt_settings(link, store, INGEST, KEY, known_keys=OURS, observer=ObsObserver(link))
    expected = [("Untitled", "rtmp_common", {"service": "Twitch", "server": "auto", "key": "tw"})]
    assert _only(store) == expected
    await apply_srt_settings(
        link, store, INGEST, OTHER, known_keys=OURS, observer=ObsObserver(link)
    )  # ours replaced
    await apply_srt_settings(link, store, INGEST, KEY, known_keys=OURS, observer=ObsObserver(link))
    assert _only(store) == expected
    assert (store.path.stat().st_mode & 0o777) == 0o600


async def test_a_new_key_of_the_users_own_is_read_again_and_restore_gives_it_back(
    fake_obs: FakeObs, link: ObsLink, store: ObsBackups
) -> None:
    """Apply 1 (K1 kept), the user sets K2, apply 2, restore: K2 is back, K1 still kept."""
    k1 = {"server": "rtmp://mine/app", "key": "users-K1"}
    k2 = {"server": "rtmp://mine/app", "key": "users-K2"}
    fake_obs.set_service("rtmp_custom", k1)
    await apply_srt_settings(link, store, INGEST, KEY, known_keys=OURS, observer=ObsObserver(link))
    fake_obs.set_service("rtmp_custom", k2)  # behind the program's back
    await apply_srt_settings(
        link, store, INGEST, OTHER, known_keys=OURS, observer=ObsObserver(link)
    )
    assert [b.settings["key"] for b in store.history("Untitled")] == ["users-K2", "users-K1"]
    restored = await restore_previous_settings(
        link, store, known_keys=OURS, observer=ObsObserver(link)
    )
    assert restored is not None and restored.profile == "Untitled"
    assert fake_obs.service().service_settings["key"] == "users-K2"
    assert fake_obs.service().service_settings["server"] == "rtmp://mine/app"


async def test_the_history_is_short_newest_first_and_per_profile(
    fake_obs: FakeObs, link: ObsLink, store: ObsBackups
) -> None:
    for n in range(12):
        fake_obs.set_service("rtmp_custom", {"server": "rtmp://mine/app", "key": f"k{n}"})
        await apply_srt_settings(
            link, store, INGEST, KEY, known_keys=OURS, observer=ObsObserver(link)
        )
    keys = [b.settings["key"] for b in store.history("Untitled")]
    assert keys == [f"k{n}" for n in range(11, 1, -1)]  # ten, newest first
    fake_obs.profiles["Second"] = type(fake_obs.profiles["Untitled"])()
    await link.set_current_profile("Second")
    fake_obs.set_service("rtmp_custom", {"server": "rtmp://mine/app", "key": "second"})
    await apply_srt_settings(link, store, INGEST, KEY, known_keys=OURS, observer=ObsObserver(link))
    assert [b.settings["key"] for b in store.history("Second")] == ["second"]
    assert len(store.history("Untitled")) == 10


async def test_settings_already_exactly_ours_are_not_written_again(
    fake_obs: FakeObs, link: ObsLink, store: ObsBackups
) -> None:
    await apply_srt_settings(link, store, INGEST, KEY, known_keys=OURS, observer=ObsObserver(link))
    fake_obs.requests.clear()
    await apply_srt_settings(link, store, INGEST, KEY, known_keys=OURS, observer=ObsObserver(link))
    assert fake_obs.requests_of("SetStreamServiceSettings") == []


async def test_our_own_settings_are_never_taken_for_the_users(
    fake_obs: FakeObs, link: ObsLink, store: ObsBackups
) -> None:
    """OBS holds one of our streams: nothing to back up, nothing to restore."""
    fake_obs.set_service("rtmp_custom", {"server": INGEST, "key": OTHER})
    await apply_srt_settings(link, store, INGEST, KEY, known_keys=OURS, observer=ObsObserver(link))
    assert store.all() == []
    assert await restore_previous_settings(
        link, store, known_keys=OURS, observer=ObsObserver(link)
    ) is None


async def test_restore_puts_back_exactly(
    fake_obs: FakeObs, link: ObsLink, store: ObsBackups
) -> None:
    fake_obs.set_service("rtmp_custom", {"server": "rtmp://mine/app", "key": "mykey"})
    await apply_srt_settings(link, store, INGEST, KEY, known_keys=OURS, observer=ObsObserver(link))
    restored = await restore_previous_settings(
        link, store, known_keys=OURS, observer=ObsObserver(link)
    )
    assert restored is not None and restored.service.type == "rtmp_custom"
    held = fake_obs.service().service_settings
    assert held["server"] == "rtmp://mine/app" and held["key"] == "mykey"
    # Keys we had added went back to rtmp_custom's defaults, not left as ours.
    assert held.get("use_auth", False) is False and held.get("password", "") == ""
    # Again: OBS holds it already, nothing is written; the history keeps it.
    fake_obs.requests.clear()
    again = await restore_previous_settings(
        link, store, known_keys=OURS, observer=ObsObserver(link)
    )
    assert again is not None and fake_obs.requests_of("SetStreamServiceSettings") == []
    assert len(store.all()) == 1


async def test_restore_of_obs_untouched_default_service(
    fake_obs: FakeObs, link: ObsLink, store: ObsBackups
) -> None:
    """A profile never set up has no settings; OBS refuses empty ones and merges same types."""
    assert fake_obs.service().service_settings == {}
    await apply_srt_settings(link, store, INGEST, KEY, known_keys=OURS, observer=ObsObserver(link))
    restored = await restore_previous_settings(
        link, store, known_keys=OURS, observer=ObsObserver(link)
    )
    assert restored is not None and restored.changed
    assert fake_obs.service().service_type == "rtmp_common"
    assert fake_obs.service().service_settings == {"key": ""}
    # The user sets up YouTube themselves, then restores: the default comes back, nothing
    # of YouTube survives the merge, and YouTube is kept in the history.
    fake_obs.set_service("rtmp_common", {"service": "YouTube", "key": "yt"})
    store.path.unlink()
    store.push("Untitled", "rtmp_common", {})
    await restore_previous_settings(link, store, known_keys=OURS, observer=ObsObserver(link))
    assert fake_obs.service().service_settings == {"key": ""}
    assert {"service": "YouTube", "key": "yt"} in [dict(b.settings) for b in store.all()]


async def test_restore_of_another_service_type(
    fake_obs: FakeObs, link: ObsLink, store: ObsBackups
) -> None:
    original = {"service": "YouTube - RTMPS", "server": "rtmps://a.rtmp.youtube.com", "key": "yt"}
    fake_obs.set_service("rtmp_common", original)
    await apply_srt_settings(link, store, INGEST, KEY, known_keys=OURS, observer=ObsObserver(link))
    await restore_previous_settings(link, store, known_keys=OURS, observer=ObsObserver(link))
    assert fake_obs.service().service_type == "rtmp_common"
    assert fake_obs.service().service_settings == original


async def test_restore_keeps_what_it_overwrites_when_it_is_the_users(
    fake_obs: FakeObs, link: ObsLink, store: ObsBackups
) -> None:
    fake_obs.set_service("rtmp_custom", {"server": "rtmp://mine/app", "key": "old"})
    await apply_srt_settings(link, store, INGEST, KEY, known_keys=OURS, observer=ObsObserver(link))
    fake_obs.set_service("rtmp_common", {"service": "Twitch", "key": "typed-since"})
    # The current profile's newest backup is "old"; what OBS holds is the user's too.
    restored = await restore_previous_settings(
        link, store, known_keys=OURS, observer=ObsObserver(link)
    )
    assert restored is not None
    kept = [dict(b.settings) for b in store.history("Untitled")]
    assert {"service": "Twitch", "key": "typed-since"} in kept


async def test_restore_into_a_profile_that_is_gone_writes_nothing(
    fake_obs: FakeObs, link: ObsLink, store: ObsBackups
) -> None:
    fake_obs.set_service("rtmp_custom", {"server": "rtmp://mine/app", "key": "mine"})
    await apply_srt_settings(link, store, INGEST, KEY, known_keys=OURS, observer=ObsObserver(link))
    await link.create_profile("Other")
    fake_obs.remove_profile("Untitled")
    fake_obs.requests.clear()
    with pytest.raises(ObsProfileGone) as caught:
        await restore_previous_settings(link, store, known_keys=OURS, observer=ObsObserver(link))
    assert "'Untitled'" in caught.value.message and "nothing was changed" in caught.value.message
    assert "mine" not in str(caught.value)
    assert fake_obs.requests_of("SetStreamServiceSettings") == []
    assert fake_obs.requests_of("SetCurrentProfile") == []
    assert store.newest() is not None  # still kept for when the profile comes back


async def test_restore_switches_back_to_the_profile_only_when_idle(
    fake_obs: FakeObs, link: ObsLink, store: ObsBackups
) -> None:
    fake_obs.set_service("rtmp_custom", {"server": "rtmp://mine/app", "key": "mine"})
    await apply_srt_settings(link, store, INGEST, KEY, known_keys=OURS, observer=ObsObserver(link))
    await link.create_profile("Other")  # a fresh profile with no backup of its own
    fake_obs.recording = True
    with pytest.raises(ObsBusyStreaming) as caught:
        await restore_previous_settings(link, store, known_keys=OURS, observer=ObsObserver(link))
    assert "recording" in caught.value.message
    assert fake_obs.current_profile == "Other"
    fake_obs.recording = False
    restored = await restore_previous_settings(
        link, store, known_keys=OURS, observer=ObsObserver(link)
    )
    assert restored is not None and restored.switched_profile
    assert fake_obs.current_profile == "Untitled"
    assert fake_obs.service().service_settings["key"] == "mine"


async def test_refused_while_streaming(
    fake_obs: FakeObs, link: ObsLink, store: ObsBackups
) -> None:
    fake_obs.set_service("rtmp_common", {"key": "tw"})
    await link.start_stream()
    fake_obs.wait_for(lambda: fake_obs.streaming)
    with pytest.raises(ObsBusyStreaming) as caught:
        await apply_srt_settings(
            link, store, INGEST, KEY, known_keys=OURS, observer=ObsObserver(link)
        )
    assert "streaming" in caught.value.message
    assert fake_obs.requests_of("SetStreamServiceSettings") == []
    assert store.all() == []


async def test_restore_refused_while_streaming(
    fake_obs: FakeObs, link: ObsLink, store: ObsBackups
) -> None:
    await apply_srt_settings(link, store, INGEST, KEY, known_keys=OURS, observer=ObsObserver(link))
    await link.start_stream()
    fake_obs.wait_for(lambda: fake_obs.streaming)
    with pytest.raises(ObsBusyStreaming):
        await restore_previous_settings(link, store, known_keys=OURS, observer=ObsObserver(link))
    assert store.all() != []


def test_holds_stream_and_is_ours_compare_exactly() -> None:
    exact = ServiceSettings("rtmp_custom", {"server": INGEST, "key": KEY, "use_auth": False})
    assert holds_stream(exact, INGEST, KEY, None)
    assert not holds_stream(exact, INGEST, OTHER, None)
    assert not holds_stream(exact, "srt://elsewhere:9000", KEY, None)
    with_auth = ServiceSettings("rtmp_custom", {"server": INGEST, "key": KEY, "use_auth": True})
    assert not holds_stream(with_auth, INGEST, KEY, None)
    assert not holds_stream(ServiceSettings("rtmp_common", {"server": INGEST, "key": KEY}),
                            INGEST, KEY, None)
    assert is_ours(exact, OURS) and not is_ours(exact, ("someone-else",))
    url_form = ServiceSettings("rtmp_custom", {"server": f"{INGEST}?streamid={KEY}", "key": ""})
    assert is_ours(url_form, OURS)
    assert KEY not in public_server(url_form)
    with_login = ServiceSettings("rtmp_custom", {"server": "rtmp://me:s3cret@host:1935/app"})
    assert public_server(with_login) == "rtmp://(hidden)@host:1935/app"
    assert public_server(ServiceSettings("rtmp_custom", {"server": INGEST})) == INGEST


async def test_obs28_puts_the_streamid_in_the_url(
    fake_obs_factory: Callable[..., FakeObs], store: ObsBackups
) -> None:
    fake = fake_obs_factory(obs_version="28.1.2", websocket_version="5.0.1")
    link = await connected(fake)
    try:
        held = await apply_srt_settings(link, store, INGEST, KEY, observer=ObsObserver(link))
    finally:
        await link.close()
    assert held.settings["server"] == f"{INGEST}?streamid={KEY}"
    assert held.settings["key"] == "" and held.settings["use_auth"] is False


@pytest.mark.parametrize("bad_key", ["a&b", "50%off", "a+b", "x y", "a#b"])
async def test_obs28_refuses_keys_that_cannot_travel_in_a_url(
    fake_obs_factory: Callable[..., FakeObs], store: ObsBackups, bad_key: str
) -> None:
    fake = fake_obs_factory(obs_version="28.0.0")
    link = await connected(fake)
    try:
        with pytest.raises(KeyCannotTravelInUrl) as caught:
            await apply_srt_settings(link, store, INGEST, bad_key, observer=ObsObserver(link))
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
    fake_obs: FakeObs, link: ObsLink, store: ObsBackups
) -> None:
    fake_obs.set_service("rtmp_common", {"service": "Twitch", "key": "tw"})
    await apply_srt_settings(
        link,
        store,
        INGEST,
        KEY,
        known_keys=OURS,
        dedicated_profile=True,
        observer=ObsObserver(link),
    )
    assert fake_obs.current_profile == DEDICATED_PROFILE
    assert fake_obs.service(DEDICATED_PROFILE).service_settings["key"] == KEY
    assert fake_obs.service("Untitled").service_settings == {"service": "Twitch", "key": "tw"}
    assert "default encoder settings" in DEDICATED_PROFILE_NOTE
    # Again: the profile exists now and is current; nothing new is created.
    await link.set_current_profile("Untitled")
    await apply_srt_settings(
        link,
        store,
        INGEST,
        KEY,
        known_keys=OURS,
        dedicated_profile=True,
        observer=ObsObserver(link),
    )
    assert len(fake_obs.requests_of("CreateProfile")) == 1
    assert fake_obs.current_profile == DEDICATED_PROFILE
    # Restore goes back to the user's profile.
    await restore_previous_settings(link, store, known_keys=OURS, observer=ObsObserver(link))
    assert fake_obs.current_profile == "Untitled"
    assert fake_obs.service().service_settings == {"service": "Twitch", "key": "tw"}


async def test_no_profile_switch_while_recording(
    fake_obs: FakeObs, link: ObsLink, store: ObsBackups
) -> None:
    fake_obs.recording = True
    with pytest.raises(ObsBusyStreaming) as caught:
        await apply_srt_settings(
            link,
            store,
            INGEST,
            KEY,
            known_keys=OURS,
            dedicated_profile=True,
            observer=ObsObserver(link),
        )
    assert "recording" in caught.value.message
    assert fake_obs.current_profile == "Untitled"


async def test_settings_that_did_not_stick_are_reported(
    fake_obs: FakeObs, link: ObsLink, store: ObsBackups
) -> None:
    fake_obs.ignore_service_changes = True
    with pytest.raises(ObsSettingsNotKept) as caught:
        await apply_srt_settings(link, store, INGEST, KEY, observer=ObsObserver(link))
    assert KEY not in str(caught.value)


class _OffLoopStore(ObsBackups):
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
    await apply_srt_settings(link, store, INGEST, KEY, observer=ObsObserver(link))
    await restore_previous_settings(link, store, known_keys=OURS, observer=ObsObserver(link))
    assert store.on_loop == []
    assert fake_obs.service().service_settings == {"service": "Twitch", "key": "tw"}


async def test_known_keys_read_while_obs_is_asked_are_used_and_a_failed_read_changes_nothing(
    fake_obs: FakeObs, link: ObsLink, store: ObsBackups
) -> None:
    """The window reads the stored keys while OBS answers: the same rules, and a store
    that cannot be read stops the send before OBS or the backups are touched."""

    async def stored_keys() -> list[str]:
        await asyncio.sleep(0)  # a store read in a worker thread, as the window's
        return list(OURS)

    fake_obs.set_service("rtmp_custom", {"server": INGEST, "key": OURS[0]})  # ours
    await apply_srt_settings(
        link, store, INGEST, KEY, known_keys=stored_keys(), observer=ObsObserver(link)
    )
    assert _only(store) == []  # our own settings are not backed up

    async def unreadable() -> list[str]:
        raise StorageError("The stream list could not be read.", "Check the disk.")

    user = {"service": "Twitch", "server": "auto", "key": "tw"}
    fake_obs.set_service("rtmp_common", user)
    sets_before = len(fake_obs.requests_of("SetStreamServiceSettings"))
    with pytest.raises(StorageError):
        await apply_srt_settings(
            link, store, INGEST, KEY, known_keys=unreadable(), observer=ObsObserver(link)
        )
    assert len(fake_obs.requests_of("SetStreamServiceSettings")) == sets_before
    assert dict(fake_obs.service().service_settings) == user
    assert _only(store) == []


# --- our own streams, known for good (issue 22 point 1) -----------------------------------

TWITCH = {"service": "Twitch", "server": "auto", "key": "users-twitch-key"}


async def test_a_stream_that_left_the_list_is_never_backed_up_and_restore_skips_it(
    fake_obs: FakeObs, link: ObsLink, store: ObsBackups
) -> None:
    """`streams delete`, then `obs apply`, then `obs restore`: the user's Twitch comes back,
    never the deleted stream still in OBS (the list no longer knows its key)."""
    fake_obs.set_service("rtmp_common", TWITCH)
    await apply_srt_settings(link, store, INGEST, KEY, known_keys=OURS, observer=ObsObserver(link))
    # KEY's stream is deleted (or the list set aside): the list knows only OTHER now.
    await apply_srt_settings(
        link, store, INGEST, OTHER, known_keys=(OTHER,), observer=ObsObserver(link)
    )
    assert _only(store) == [("Untitled", "rtmp_common", TWITCH)]
    restored = await restore_previous_settings(
        link, ObsBackups(store.path), known_keys=(), observer=ObsObserver(link)
    )
    assert restored is not None and restored.changed
    assert fake_obs.service().service_type == "rtmp_common"
    assert fake_obs.service().service_settings == TWITCH


async def test_a_stream_the_other_process_is_sending_is_not_taken_for_the_users(
    fake_obs: FakeObs, link: ObsLink, tmp_path: Path
) -> None:
    """The race: the command line read its (empty) key list, then the window sent a new
    stream; the command line then finds the window's stream in OBS and must not keep it."""
    path = tmp_path / "obs-backups.json"
    window, cli = ObsBackups(path), ObsBackups(path)
    fake_obs.set_service("rtmp_common", TWITCH)
    await apply_srt_settings(link, window, INGEST, KEY, known_keys=(), observer=ObsObserver(link))
    await apply_srt_settings(
        link, cli, INGEST, OTHER, known_keys=(), observer=ObsObserver(link)
    )  # its stale list
    assert _only(cli) == [("Untitled", "rtmp_common", TWITCH)]
    await restore_previous_settings(link, cli, known_keys=(), observer=ObsObserver(link))
    assert fake_obs.service().service_settings == TWITCH


async def test_our_streams_never_push_the_users_settings_out_of_the_history(
    fake_obs: FakeObs, link: ObsLink, store: ObsBackups
) -> None:
    """Many streams of ours that left the list, each replaced by the next: the user's own
    settings stay the one backup, and Restore gives them back."""
    fake_obs.set_service("rtmp_common", TWITCH)
    for n in range(15):
        # Each stream is deleted before the next is sent: the list never knows the last.
        await apply_srt_settings(
            link, store, INGEST, f"sk_gone_{n}", known_keys=(), observer=ObsObserver(link)
        )
    assert _only(store) == [("Untitled", "rtmp_common", TWITCH)]
    await restore_previous_settings(link, store, known_keys=(), observer=ObsObserver(link))
    assert fake_obs.service().service_settings == TWITCH


async def test_backups_an_older_version_kept_of_our_streams_are_skipped(
    fake_obs: FakeObs, link: ObsLink, store: ObsBackups
) -> None:
    """An older version backed up streams of ours as the user's: Restore passes them by, a
    new backup drops them instead of the user's, and the list keeps the user's only."""
    store.push("Untitled", "rtmp_common", TWITCH)
    for n in range(9):  # as an older version wrote them: before the record existed
        store.push("Untitled", "rtmp_custom", {"server": INGEST, "key": f"sk_old_{n}"})
    for n in range(9):  # each sent again by this version (or still in the list, below)
        if n != 8:
            store.own.remember(f"sk_old_{n}", INGEST)
    fake_obs.set_service("rtmp_custom", {"server": INGEST, "key": "sk_old_3"})
    restored = await restore_previous_settings(
        link, store, known_keys=("sk_old_8",), observer=ObsObserver(link)
    )
    assert restored is not None
    assert fake_obs.service().service_settings == TWITCH
    store.push("Untitled", "rtmp_custom", {"server": "rtmp://mine/app", "key": "mine-2"})
    assert [dict(b.settings)["key"] for b in store.history("Untitled")] == [
        "mine-2", "sk_old_8", TWITCH["key"]
    ]
    assert restorable(store, ("sk_old_8",))[1].settings == TWITCH


async def test_a_profile_switched_between_read_and_write_never_loses_that_profiles_settings(
    fake_obs: FakeObs, link: ObsLink, store: ObsBackups
) -> None:
    """A stream deck switches OBS's profile right after the program read the settings it
    is about to replace: the write must not land, unread, in the other profile."""
    from tests.support.fake_obs import Profile

    talk = {"server": "rtmp://talk.example.org/live", "key": "users-talk-key"}
    fake_obs.set_service("rtmp_custom", USER_SERVICE)
    fake_obs.profiles["Talk"] = Profile("rtmp_custom", dict(talk))
    fake_obs.switch_after_service_reads = ["Talk"]
    await apply_srt_settings(link, store, INGEST, KEY, known_keys=OURS, observer=ObsObserver(link))
    # Written into Talk after reading Talk; its own settings kept for Restore.
    assert fake_obs.current_profile == "Talk"
    assert any(dict(b.settings) == talk for b in store.history("Talk"))
    assert fake_obs.service("Untitled").service_settings == USER_SERVICE
    assert not any(dict(b.settings) == talk for b in store.history("Untitled"))

    # A profile that never stops switching: refused with a sentence, nothing written blindly.
    fake_obs.set_service("rtmp_custom", talk)
    fake_obs.switch_after_service_reads = ["Untitled", "Talk", "Untitled", "Talk"]
    writes = len(fake_obs.requests_of("SetStreamServiceSettings"))
    with pytest.raises(ObsProfileSwitched):
        await apply_srt_settings(
            link, store, INGEST, OTHER, known_keys=OURS, observer=ObsObserver(link)
        )
    assert len(fake_obs.requests_of("SetStreamServiceSettings")) == writes


async def test_restore_in_a_profile_switched_meanwhile_never_overwrites_it_unread(
    fake_obs: FakeObs, link: ObsLink, store: ObsBackups
) -> None:
    from tests.support.fake_obs import Profile

    talk = {"server": "rtmp://talk.example.org/live", "key": "users-talk-key"}
    fake_obs.set_service("rtmp_custom", USER_SERVICE)
    await apply_srt_settings(link, store, INGEST, KEY, known_keys=OURS, observer=ObsObserver(link))
    fake_obs.profiles["Talk"] = Profile("rtmp_custom", dict(talk))
    fake_obs.switch_after_service_reads = ["Talk"]
    restored = await restore_previous_settings(
        link, store, known_keys=OURS, observer=ObsObserver(link)
    )
    assert restored is not None and restored.profile == "Untitled"
    # Talk was never written unread; the user's settings went back where they came from.
    assert fake_obs.service("Talk").service_settings == talk
    assert fake_obs.service("Untitled").service_settings["key"] == USER_SERVICE["key"]
