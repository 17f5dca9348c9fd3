"""Putting a Comprimato stream into OBS without losing the streamer's own setup.

The order matters, and each step is here for a reason:

1. Refuse while OBS streams: a half-changed setup mid-show is the worst outcome. Before
   anything is backed up or a profile switched, OBS is asked; after that OBS's own refusal
   of ``SetStreamServiceSettings`` (500 OutputRunning) is the check, which spares a round
   trip on every send but the first.
2. Back up the user's own stream service once, before the first change; settings that
   are already ours are never saved as "the user's", so ``restore`` always has the real ones.
   Once a backup exists it is never replaced, so OBS's current settings need not be read.
3. Optionally move to a dedicated profile, so the user's own profile stays untouched.
4. Send the WHOLE ``rtmp_custom`` set: with an unchanged service type OBS merges, so a stale
   ``use_auth``/``password`` from earlier would otherwise survive and break SRT.
5. Read back and compare: OBS answering "ok" is not proof that it holds what was sent.

Sending a stream to OBS that already has the backup costs two requests (set, read back).

OBS 29 and newer send the stream key as the SRT ``streamid``; OBS 28 and older ignore it,
so there the streamid goes into the URL, raw (OBS and FFmpeg do not percent-decode), which
only works for keys without ``&``, ``%``, ``+`` and the like.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from app.comprimato.models import query_separator
from app.obs.errors import (
    KeyCannotTravelInUrl,
    ObsBusyStreaming,
    ObsConnectionLost,
    ObsSettingsNotKept,
)
from app.obs.link import ObsLink, ServiceSettings

if TYPE_CHECKING:
    from app.storage.stream_store import StreamStore

CUSTOM_SERVICE = "rtmp_custom"
DEDICATED_PROFILE = "Comprimato"
DEDICATED_PROFILE_NOTE = (
    f"OBS will use its own profile named '{DEDICATED_PROFILE}'. A new OBS profile starts with "
    "OBS's default encoder settings (bitrate, encoder, resolution): check them in OBS "
    "Settings > Output once."
)
#: The OBS version that started sending the Stream Key field as the SRT streamid.
KEY_AS_STREAMID_SINCE = (29, 0)
#: Characters that break a streamid carried raw in the URL query.
UNSAFE_IN_URL = frozenset("&%+#?= \t\r\n")
BACKUP_FORMAT = 1


def srt_service_settings(
    ingest_url: str, streamer_key: str, *, key_as_streamid: bool, obs_version: str = ""
) -> dict[str, Any]:
    """The complete ``rtmp_custom`` settings for this stream (every key, see the module doc).

    Raises:
        KeyCannotTravelInUrl: OBS 28 or older and a key with characters the URL cannot carry.
    """
    base = ingest_url.strip().rstrip("/")
    if key_as_streamid:
        server, key = base, streamer_key
    else:
        unsafe = sorted({c for c in streamer_key if c in UNSAFE_IN_URL or not c.isprintable()})
        if unsafe:
            shown = " ".join(repr(c) for c in unsafe)
            raise KeyCannotTravelInUrl(obs_version or "28", shown)
        server, key = f"{base}{query_separator(base)}streamid={streamer_key}", ""
    return {"server": server, "key": key, "use_auth": False, "username": "", "password": ""}


async def apply_srt_settings(
    link: ObsLink,
    store: StreamStore,
    ingest_url: str,
    streamer_key: str,
    *,
    dedicated_profile: bool = False,
) -> ServiceSettings:
    """Make OBS stream to ``ingest_url`` with ``streamer_key``; returns what OBS now holds.

    Raises:
        ObsBusyStreaming: OBS is streaming.
        KeyCannotTravelInUrl: OBS 28 or older and a key the URL cannot carry.
        ObsSettingsNotKept: OBS holds something else than what was sent.
        ObsError: any other failure talking to OBS.
    """
    version = link.version
    if version is None:
        raise ObsConnectionLost("This program is not connected to OBS.")
    key_as_streamid = version.at_least(*KEY_AS_STREAMID_SINCE)
    wanted = ServiceSettings(
        CUSTOM_SERVICE,
        srt_service_settings(
            ingest_url, streamer_key, key_as_streamid=key_as_streamid,
            obs_version=version.obs_version,
        ),
    )
    # The store's file work (a lock, a read, fsync) runs in a thread: the window awaits this
    # on its GUI thread.
    backed_up = await asyncio.to_thread(store.obs_backup) is not None
    if not backed_up or dedicated_profile:
        # Backing up or switching profile must not happen under a running show, so ask
        # first; once a backup exists, OBS's own refusal of the Set (500) is the check.
        await _refuse_while_streaming(link)
    profiles: tuple[str, list[str]] | None = None
    if not backed_up:
        current = await link.get_stream_service_settings()
        if not await asyncio.to_thread(_is_ours, current, wanted, store):
            profiles = await link.get_profiles()
            await asyncio.to_thread(store.save_obs_backup, _backup_of(current, profiles[0]))
    if dedicated_profile:
        current_profile, names = profiles or await link.get_profiles()
        if current_profile != DEDICATED_PROFILE:
            await _refuse_while_recording(link)
            if DEDICATED_PROFILE in names:
                await link.set_current_profile(DEDICATED_PROFILE)
            else:
                await link.create_profile(DEDICATED_PROFILE)
    await link.set_stream_service_settings(wanted)
    held = await link.get_stream_service_settings()
    _check_kept(held, wanted, ("server", "key", "use_auth"))
    return held


async def restore_previous_settings(link: ObsLink, store: StreamStore) -> ServiceSettings | None:
    """Give OBS back the user's own stream service (and profile); None without a backup.

    The backup is cleared once OBS holds it again.

    Raises:
        ObsBusyStreaming: OBS is streaming.
        ObsSettingsNotKept: OBS holds something else than the backup.
    """
    backup = await asyncio.to_thread(store.obs_backup)
    if backup is None:
        return None
    service_type = backup.get("type")
    settings = backup.get("settings")
    if not isinstance(service_type, str) or not isinstance(settings, Mapping):
        # Unusable: keeping it would only block future backups.
        await asyncio.to_thread(store.clear_obs_backup)
        return None
    await _refuse_while_streaming(link)
    profile = backup.get("profile")
    current_profile, profiles = await link.get_profiles()
    if isinstance(profile, str) and profile != current_profile and profile in profiles:
        await _refuse_while_recording(link)
        await link.set_current_profile(profile)
    current = await link.get_stream_service_settings()
    restored = dict(settings)
    if current.type == service_type:
        # OBS merges: keys we added (and the user never had) must go back to their defaults.
        for name, default in _CUSTOM_DEFAULTS.items():
            if name in current.settings and name not in restored:
                restored[name] = default
    await link.set_stream_service_settings(ServiceSettings(service_type, restored))
    held = await link.get_stream_service_settings()
    _check_kept(held, ServiceSettings(service_type, dict(settings)), tuple(settings))
    await asyncio.to_thread(store.clear_obs_backup)
    return held


#: ``rtmp_custom``'s own defaults for the keys this program sets.
_CUSTOM_DEFAULTS: Mapping[str, Any] = {"use_auth": False, "username": "", "password": ""}


async def _refuse_while_streaming(link: ObsLink) -> None:
    status = await link.get_stream_status()
    if status.active or status.reconnecting:
        raise ObsBusyStreaming()


async def _refuse_while_recording(link: ObsLink) -> None:
    if await link.is_recording():
        raise ObsBusyStreaming(
            "OBS is recording, so it cannot switch to another profile now.",
            "Stop the recording in OBS first, then try again.",
        )


def _is_ours(current: ServiceSettings, wanted: ServiceSettings, store: StreamStore) -> bool:
    """Whether OBS holds settings this program wrote (for this or any stored stream)."""
    if current.type != CUSTOM_SERVICE:
        return False
    server = str(current.settings.get("server", ""))
    key = str(current.settings.get("key", ""))
    if server == wanted.settings["server"] and key == wanted.settings["key"]:
        return True
    known_keys = {stored.stream.streamer_key for stored in store.streams()}
    if key and key in known_keys:
        return True
    streamid = _streamid_in_url(server)
    return bool(streamid) and streamid in known_keys


def _streamid_in_url(server: str) -> str:
    try:
        query = urlsplit(server).query
    except ValueError:  # whatever OBS holds need not be a valid URL
        return ""
    for part in query.split("&"):
        name, _, value = part.partition("=")
        if name == "streamid":
            return value
    return ""


def _backup_of(current: ServiceSettings, profile: str) -> dict[str, Any]:
    return {
        "format": BACKUP_FORMAT,
        "profile": profile,
        "type": current.type,
        "settings": dict(current.settings),
    }


def _check_kept(held: ServiceSettings, sent: ServiceSettings, names: tuple[str, ...]) -> None:
    if held.type != sent.type:
        raise ObsSettingsNotKept("the service type")
    for name in names:
        if held.settings.get(name) != sent.settings.get(name):
            # Name the field, never its value: the key and password are secrets.
            raise ObsSettingsNotKept(f"the {name!r} field")
