"""Putting a Comprimato stream into OBS without losing the streamer's own setup.

The order matters, and each step is here for a reason:

1. Refuse while OBS streams: a half-changed setup mid-show is the worst outcome.
2. Optionally move to a dedicated profile, so the user's own profile stays untouched.
3. Read what OBS holds NOW, every time: the user may have changed it since the last send
   (a new key of their own, another profile). Settings that are not one of this program's
   streams are the user's: they go into the backup history of that profile first. Ours
   are those of the stream list and those of the record of every stream this program ever
   sent (``storage.own_streams``): the stream is recorded there before it is sent.
4. Send the WHOLE ``rtmp_custom`` set: with an unchanged service type OBS merges, so a stale
   ``use_auth``/``password`` from earlier would otherwise survive and break SRT.
5. Read back and compare: OBS answering "ok" is not proof that it holds what was sent.

OBS 29 and newer send the stream key as the SRT ``streamid``; OBS 28 and older ignore it,
so there the streamid goes into the URL, raw (OBS and FFmpeg do not percent-decode), which
only works for keys without ``&``, ``%``, ``+`` and the like.
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
from collections.abc import Awaitable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit

from ..comprimato.models import query_separator
from ..i18n import translate
from ..storage.own_streams import service_keys
from .errors import (
    KeyCannotTravelInUrl,
    ObsBusyStreaming,
    ObsConnectionLost,
    ObsError,
    ObsProfileGone,
    ObsProfileSwitched,
    ObsSettingsNotKept,
)
from .link import ObsLink, ObsVersion, ServiceSettings

if TYPE_CHECKING:
    from ..storage.obs_backups import ObsBackup, ObsBackups
    from .output_state import OutputReader

CUSTOM_SERVICE = "rtmp_custom"
#: OBS 30+'s WebRTC-HTTP ingest service: ``server`` and ``bearer_token``.
WHIP_SERVICE = "whip_custom"
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
#: What a streamid or passphrase in a server address is shown as.
HIDDEN = "(hidden)"


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


def wanted_service(
    ingest_url: str, streamer_key: str, version: ObsVersion | None
) -> ServiceSettings:
    """The service this program sends for a stream to the OBS of ``version``.

    Raises:
        KeyCannotTravelInUrl: OBS 28 or older and a key the URL cannot carry.
    """
    key_as_streamid = version is None or version.at_least(*KEY_AS_STREAMID_SINCE)
    return ServiceSettings(
        CUSTOM_SERVICE,
        srt_service_settings(
            ingest_url, streamer_key, key_as_streamid=key_as_streamid,
            obs_version=version.obs_version if version is not None else "",
        ),
    )


def holds_stream(
    service: ServiceSettings, ingest_url: str, streamer_key: str, version: ObsVersion | None
) -> bool:
    """Whether OBS's service is exactly this stream: SRT address, key, no authentication."""
    if service.type != CUSTOM_SERVICE or not streamer_key:
        return False
    try:
        wanted = wanted_service(ingest_url, streamer_key, version)
    except ObsError:  # a key that cannot travel in the URL cannot be what OBS sends
        return False
    return all(
        service.settings.get(name, default) == wanted.settings[name]
        for name, default in (("server", None), ("key", ""), ("use_auth", False))
    )


def is_ours(service: ServiceSettings, known_keys: Iterable[str]) -> bool:
    """Whether the service is one this program wrote (for any stream whose key it knows)."""
    keys = {key for key in known_keys if key}
    return any(key in keys for key in service_keys(service.type, service.settings))


def public_server(service: ServiceSettings) -> str:
    """The service's server address without secrets (a streamid or passphrase hidden)."""
    server = service.settings.get("server")
    if not isinstance(server, str):
        return ""
    try:
        parts = urlsplit(server)
    except ValueError:
        return server.split("?", 1)[0]
    if "@" in parts.netloc:  # user:password@host: a secret of the user's own server
        parts = parts._replace(netloc=f"{HIDDEN}@{parts.netloc.rpartition('@')[2]}")
    elif not parts.query:
        return server
    if not parts.query:
        return urlunsplit(parts)
    query = "&".join(
        f"{name}={HIDDEN}"
        if name.lower() in ("streamid", "passphrase", "password", "key") else f"{name}={value}"
        for name, _, value in (item.partition("=") for item in parts.query.split("&"))
    )
    return urlunsplit(parts._replace(query=query))


def describe_service(service: ServiceSettings | None) -> str:
    """What OBS streams to, for a sentence: "the server rtmp://host/app", "Twitch"."""
    if service is None:
        return translate("ObsService", "settings this program could not read")
    if service.type == CUSTOM_SERVICE:
        server = public_server(service)
        if server:
            return translate("ObsService", "the server {server}").format(server=server)
        return translate("ObsService", "a custom server with no address")
    if service.type == WHIP_SERVICE:  # OBS 30+: a server and a bearer token (a secret)
        server = public_server(service)
        if server:
            return translate("ObsService", "the WHIP server {server}").format(server=server)
    name = service.settings.get("service")
    if isinstance(name, str) and name:
        return translate("ObsService", "the service {name}").format(name=name)
    if not service.settings:
        return translate("ObsService", "OBS's default service, not set up")
    return translate("ObsService", "a service of type {type}").format(type=service.type)


def describe_backup(backup: ObsBackup) -> str:
    """What a saved setting is, for a list to choose from (no secrets): "The server …"."""
    service = ServiceSettings(backup.type, backup.settings)
    server = public_server(service) if backup.type in (CUSTOM_SERVICE, WHIP_SERVICE) else ""
    name = backup.settings.get("service")
    if server:
        return translate("ObsBackupList", "The server {server}").format(server=server)
    if isinstance(name, str) and name:
        return translate("ObsBackupList", "The service {name}").format(name=name)
    what = describe_service(service)
    return what[:1].upper() + what[1:]


async def apply_srt_settings(
    link: ObsLink,
    backups: ObsBackups,
    ingest_url: str,
    streamer_key: str,
    *,
    observer: OutputReader,
    known_keys: Iterable[str] | Awaitable[Iterable[str]] = (),
    dedicated_profile: bool = False,
    sandbox: bool = False,
) -> ServiceSettings:
    """Make OBS stream to ``ingest_url`` with ``streamer_key``; returns what OBS now holds.

    ``known_keys`` are the streamer keys of the stored streams: settings with one of them,
    or with a key in the record of our streams, are this program's own and are not backed
    up; all others are, every time. It may be an awaitable (a store read): it then runs
    while OBS is being asked. The stream is recorded (``sandbox``: as the window's sandbox's)
    before OBS is changed. ``observer`` reads OBS's output (never changed while it runs).

    Raises:
        ObsBusyStreaming: OBS is streaming (or recording, when a profile must change).
        KeyCannotTravelInUrl: OBS 28 or older and a key the URL cannot carry.
        ObsSettingsNotKept: OBS holds something else than what was sent.
        StorageError: the backup could not be saved (then OBS was not changed).
        ObsError: any other failure talking to OBS.
    """
    version = link.version
    if version is None:
        raise ObsConnectionLost(translate("ObsService", "This program is not connected to OBS."))
    wanted = wanted_service(ingest_url, streamer_key, version)
    keys = asyncio.ensure_future(_keys_of(known_keys))
    try:
        for _ in range(PROFILE_ATTEMPTS - 1):
            with contextlib.suppress(_SwitchedMeanwhile):
                return await _apply(
                    link, observer, backups, wanted, keys, streamer_key, dedicated_profile,
                    sandbox,
                )
        try:
            return await _apply(
                link, observer, backups, wanted, keys, streamer_key, dedicated_profile, sandbox
            )
        except _SwitchedMeanwhile:
            raise ObsProfileSwitched() from None
    finally:
        if not keys.done():
            keys.cancel()  # OBS failed first: the store's answer is not needed
        elif not keys.cancelled():
            keys.exception()  # a failed read not needed (OBS held the stream already) is no news


async def _keys_of(known_keys: Iterable[str] | Awaitable[Iterable[str]]) -> tuple[str, ...]:
    return tuple(await known_keys if inspect.isawaitable(known_keys) else known_keys)


async def _apply(
    link: ObsLink,
    observer: OutputReader,
    backups: ObsBackups,
    wanted: ServiceSettings,
    known_keys: asyncio.Future[tuple[str, ...]],
    streamer_key: str,
    dedicated_profile: bool,
    sandbox: bool,
) -> ServiceSettings:
    await refuse_while_streaming(observer)
    # Recorded before OBS is changed: from now on no process takes it for the user's own.
    await asyncio.to_thread(
        backups.own.remember, streamer_key, public_server(wanted), sandbox=sandbox
    )
    # The profile first: a backup must name the profile whose settings it holds.
    profile, names = await link.get_profiles()
    fresh_profile = False
    if dedicated_profile and profile != DEDICATED_PROFILE:
        await _refuse_while_recording(link)
        # The profile to go back to: restore finds it as the newest backup of that profile.
        await _back_up_unless_ours(link, backups, profile, (*await known_keys, streamer_key))
        if DEDICATED_PROFILE in names:
            await link.set_current_profile(DEDICATED_PROFILE)
        else:
            await link.create_profile(DEDICATED_PROFILE)
            fresh_profile = True  # OBS's defaults: nothing of the user's to keep
        profile = DEDICATED_PROFILE
    current = await link.get_stream_service_settings()
    if _exactly(current, wanted):
        return current
    if not fresh_profile and not is_ours(current, (*await known_keys, streamer_key)):
        await _still_in(link, profile)  # the backup must name the profile it was read in
        await asyncio.to_thread(backups.push, profile, current.type, current.settings)
    await _still_in(link, profile)
    await link.set_stream_service_settings(wanted)
    held = await link.get_stream_service_settings()
    _check_kept(held, wanted, ("server", "key", "use_auth"))
    return held


@dataclass(frozen=True)
class Restored:
    """What ``restore_previous_settings`` did.

    Attributes:
        profile: the OBS profile that got its settings back.
        service: what OBS holds now.
        switched_profile: OBS was switched to ``profile`` first.
        changed: the settings were written (False: OBS held them already).
    """

    profile: str
    service: ServiceSettings
    switched_profile: bool = False
    changed: bool = True


def restorable(backups: ObsBackups, known_keys: Iterable[str] = ()) -> list[ObsBackup]:
    """Every backup of the user's own, newest first: none holding one of our streams
    (the record's, or the stream list's ``known_keys``: an older version kept those).
    Reads files: call it in a worker thread."""
    keys = tuple(known_keys)
    return [
        backup for backup in backups.all()
        if not is_ours(ServiceSettings(backup.type, backup.settings), keys)
    ]


async def restore_previous_settings(
    link: ObsLink,
    backups: ObsBackups,
    *,
    observer: OutputReader,
    known_keys: Iterable[str] = (),
    chosen: ObsBackup | None = None,
) -> Restored | None:
    """Give OBS back the user's newest own stream service (or ``chosen``, one of
    ``restorable``); None without any backup.

    The current profile's newest backup goes back into it. When the current profile has
    none (or is this program's dedicated profile), the newest backup of all goes back into
    the profile it came from: OBS is switched there (never while an output is active);
    when that profile is gone, nothing is written.
    Settings OBS holds that are not this program's are backed up before they are replaced.
    The backup stays in the history. ``observer`` reads OBS's output (never changed
    while it runs).

    Raises:
        ObsBusyStreaming: OBS is streaming (or recording, when the profile must change).
        ObsProfileGone: the backup's profile no longer exists.
        ObsSettingsNotKept: OBS holds something else than the backup.
    """
    for attempt in range(1, PROFILE_ATTEMPTS + 1):
        try:
            return await _restore(link, observer, backups, tuple(known_keys), chosen)
        except _SwitchedMeanwhile:
            if attempt == PROFILE_ATTEMPTS:
                raise ObsProfileSwitched() from None
    return None  # not reached: the last attempt returns or raises


async def _restore(
    link: ObsLink,
    observer: OutputReader,
    backups: ObsBackups,
    known_keys: tuple[str, ...],
    chosen: ObsBackup | None,
) -> Restored | None:
    await refuse_while_streaming(observer)
    current_profile, profiles = await link.get_profiles()
    if chosen is not None:
        backup = chosen
    else:
        every = await asyncio.to_thread(restorable, backups, known_keys)
        mine = [backup for backup in every if backup.profile == current_profile]
        if current_profile == DEDICATED_PROFILE:
            # Leaving the dedicated profile is what restoring means there.
            mine = [backup for backup in every if backup.profile != current_profile] or mine
        candidates = mine or every
        if not candidates:
            return None
        backup = candidates[0]
    target = backup.profile or current_profile  # an old backup did not name its profile
    switched = False
    if target != current_profile:
        if target not in profiles:
            raise ObsProfileGone(target)
        await _refuse_while_recording(link)
        await link.set_current_profile(target)
        switched = True
    current = await link.get_stream_service_settings()
    settings = dict(backup.settings)
    if _holds_backup(current, backup.type, settings):
        return Restored(target, current, switched, changed=False)
    if not is_ours(current, known_keys):
        await _still_in(link, target)  # the backup must name the profile it was read in
        await asyncio.to_thread(backups.push, target, current.type, current.settings)
    await _still_in(link, target)
    restored = dict(settings)
    if not restored:
        # OBS's untouched default service has no settings, but OBS refuses empty ones (403)
        # and merges into a service of the same type: passing through another type leaves
        # nothing of the current settings behind, and an empty key is the default.
        if current.type == backup.type:
            other = CUSTOM_SERVICE if backup.type != CUSTOM_SERVICE else "rtmp_common"
            await link.set_stream_service_settings(ServiceSettings(other, {"key": ""}))
        restored = {"key": ""}
    elif current.type == backup.type:
        # OBS merges: keys we added (and the user never had) must go back to their defaults.
        for name, default in _CUSTOM_DEFAULTS.items():
            if name in current.settings and name not in restored:
                restored[name] = default
    await link.set_stream_service_settings(ServiceSettings(backup.type, restored))
    held = await link.get_stream_service_settings()
    _check_kept(held, ServiceSettings(backup.type, settings), tuple(settings))
    return Restored(target, held, switched)


#: ``rtmp_custom``'s own defaults for the keys this program sets.
_CUSTOM_DEFAULTS: Mapping[str, Any] = {"use_auth": False, "username": "", "password": ""}


# Tries of a change of OBS's stream settings while its profile is being switched.
PROFILE_ATTEMPTS = 3


class _SwitchedMeanwhile(Exception):
    """OBS's profile changed between reading a profile's settings and writing them."""


async def _still_in(link: ObsLink, profile: str) -> None:
    """Raise ``_SwitchedMeanwhile`` unless ``profile`` is still OBS's current one.

    obs-websocket reads and writes the current profile's settings, and a stream deck or
    another program can switch it at any moment: a write after such a switch would replace
    settings of the new profile that were never read, let alone backed up. Asked right
    before each backup and write, the gap left is one request.
    """
    if (await link.get_profiles())[0] != profile:
        raise _SwitchedMeanwhile


async def _back_up_unless_ours(
    link: ObsLink, backups: ObsBackups, profile: str, known_keys: Iterable[str]
) -> None:
    current = await link.get_stream_service_settings()
    if not is_ours(current, known_keys):
        await asyncio.to_thread(backups.push, profile, current.type, current.settings)


def _holds_backup(current: ServiceSettings, service_type: str, settings: Mapping[str, Any]) -> bool:
    if current.type != service_type:
        return False
    if not settings:  # the untouched default: nothing set but, at most, an empty key
        return all(value == "" for value in current.settings.values()) and set(
            current.settings
        ) <= {"key"}
    return all(current.settings.get(name) == value for name, value in settings.items())


def _exactly(current: ServiceSettings, wanted: ServiceSettings) -> bool:
    return current.type == wanted.type and all(
        current.settings.get(name) == value for name, value in wanted.settings.items()
    )


async def refuse_while_streaming(observer: OutputReader) -> None:
    """Raise ``ObsBusyStreaming`` while OBS streams (or reconnects): change nothing then.
    OBS's output is read through ``observer`` (the observer owns OBS's output state)."""
    status = await observer.read_output()
    if status.active or status.reconnecting:
        raise ObsBusyStreaming()


async def _refuse_while_recording(link: ObsLink) -> None:
    if await link.is_recording():
        raise ObsBusyStreaming(
            translate(
                "ObsService", "OBS is recording, so it cannot switch to another profile now."
            ),
            translate("ObsService", "Stop the recording in OBS first, then try again."),
        )


def _check_kept(held: ServiceSettings, sent: ServiceSettings, names: tuple[str, ...]) -> None:
    if held.type != sent.type:
        raise ObsSettingsNotKept(translate("ObsService", "the service type"))
    for name in names:
        if held.settings.get(name) != sent.settings.get(name):
            # Name the field, never its value: the key and password are secrets.
            raise ObsSettingsNotKept(f"the {name!r} field")
