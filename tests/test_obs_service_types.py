"""Every kind of stream service a streamer may have in OBS comes back exactly after ours.

OBS 30 added WHIP (``whip_custom``: a server and a bearer token); OBS 30.2+ gives the
built-in services (``rtmp_common``) extra keys (Twitch's Multitrack Video fields). Whatever
the user had is backed up before the SRT settings replace it, and restore gives back the
very same type and settings. Real OBS for the types it offers (Debian's builds of 30.2 and
32.2 have no WHIP output: OBS refuses ``whip_custom`` with 700 there), the fake OBS for WHIP.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from comprimato_companion.obs.connection import ObsConnectionInfo, parse_obsws_url
from comprimato_companion.obs.link import ObsLink, ServiceSettings
from comprimato_companion.obs.observer import ObsObserver
from comprimato_companion.obs.srt_settings import (
    apply_srt_settings,
    describe_service,
    restore_previous_settings,
)
from comprimato_companion.storage.obs_backups import ObsBackups
from tests.support.fake_obs import FakeObs
from tests.support.real_obs import ObsRequestError, RealObs

INGEST = "srt://127.0.0.1:9710"
STREAMER_KEY = "streamer-key-5b1e"
WHIP: dict[str, Any] = {
    "server": "https://whip.example.org/endpoint/room-7",
    "bearer_token": "whip-token-Secret-42",
}
USERS_OWN: list[tuple[str, dict[str, Any]]] = [
    ("rtmp_common", {"service": "Twitch", "server": "auto", "key": "live_123_users"}),
    ("rtmp_custom", {"server": "rtmp://x.example/app", "key": "k1", "use_auth": True,
                     "username": "u", "password": "p", "bwtest": False}),
    ("whip_custom", WHIP),
]


async def _round_trip(link: ObsLink, backups: ObsBackups) -> None:
    """Our stream replaces the user's service, then restore gives theirs back."""
    await apply_srt_settings(link, backups, INGEST, STREAMER_KEY, observer=ObsObserver(link))
    held = await link.get_stream_service_settings()
    assert held.type == "rtmp_custom" and held.settings["key"] == STREAMER_KEY
    restored = await restore_previous_settings(
        link, backups, known_keys=[STREAMER_KEY], observer=ObsObserver(link)
    )
    assert restored is not None and restored.changed


@pytest.mark.real_obs
@pytest.mark.slow
@pytest.mark.parametrize(("kind", "settings"), USERS_OWN, ids=[k for k, _ in USERS_OWN])
async def test_the_users_own_service_of_any_type_comes_back_exactly(
    real_obs: RealObs, tmp_path: Path, kind: str, settings: dict[str, Any]
) -> None:
    try:
        real_obs.call(
            "SetStreamServiceSettings",
            {"streamServiceType": kind, "streamServiceSettings": settings},
        )
    except ObsRequestError as refused:
        assert kind == "whip_custom" and " 700 " in str(refused), refused
        pytest.skip(f"this OBS build has no WHIP output ({refused}); the fake covers WHIP")
    # What OBS itself made of it (30.2+ adds keys to Twitch's): that is what must come back.
    before = real_obs.call("GetStreamServiceSettings")
    link = ObsLink()
    await link.connect(
        ObsConnectionInfo(real_obs.host, real_obs.port, real_obs.password, "test"), timeout=5
    )
    try:
        await _round_trip(link, ObsBackups(tmp_path / "obs-backups.json"))
    finally:
        await link.close()
    assert real_obs.call("GetStreamServiceSettings") == before


async def test_whip_with_its_bearer_token_is_backed_up_and_restored_exactly(
    fake_obs_factory: Callable[..., FakeObs], tmp_path: Path
) -> None:
    fake = fake_obs_factory(plays="32.2")
    fake.set_service("whip_custom", dict(WHIP))
    backups = ObsBackups(tmp_path / "obs-backups.json")
    link = ObsLink()
    await link.connect(parse_obsws_url(fake.url), timeout=2)
    try:
        await _round_trip(link, backups)
    finally:
        await link.close()
    assert (fake.service().service_type, fake.service().service_settings) == (
        "whip_custom", WHIP
    )
    # Said by its server; the token is a secret and stays out of every sentence.
    said = describe_service(ServiceSettings("whip_custom", WHIP))
    assert said == "the WHIP server https://whip.example.org/endpoint/room-7"
    assert WHIP["bearer_token"] not in said
