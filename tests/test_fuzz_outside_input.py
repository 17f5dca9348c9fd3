"""Property-based fuzzing of the parsers of outside input the other suites do not cover.

Already fuzzed elsewhere: API response bodies and Retry-After (``test_models_parser``),
``obsws://`` strings and OBS's config files (``test_obs_connection``), the settings file
(``test_settings``) and the store file (``test_stream_store``). Here: what OBS answers
(GetVersion, GetStreamStatus, close frames, the user's own stream settings it holds), the
figures made from it, the values a user types into Settings (API URL, SRT ingest address,
player link template, OBS host), the addresses made from them, and the opt-in secrets file.

The property everywhere: a usable value or a plain answer, never an unhandled exception.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from comprimato_companion.comprimato.models import Stream, player_url, srt_url
from comprimato_companion.errors import CompanionError
from comprimato_companion.obs import link as obs_link
from comprimato_companion.obs.handshake import close_status
from comprimato_companion.obs.link import ObsVersion, OutputStatus, ServiceSettings
from comprimato_companion.obs.output_state import FigureMeter
from comprimato_companion.obs.srt_settings import CUSTOM_SERVICE, is_ours, srt_service_settings
from comprimato_companion.storage.secrets import SecretStore
from comprimato_companion.storage.settings import (
    check_api_url,
    check_ingest_url,
    check_obs_host,
    check_player_url_template,
)
from comprimato_companion.storage.stream_store import StreamStore

# Everything a JSON decoder can give, NaN and infinities included (Python's json accepts
# "NaN" and "Infinity", and obsws-python decodes OBS's replies with it).
json_scalars = (
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=20)
)
json_values = st.recursive(
    json_scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                                  max_size=4),
    max_leaves=12,
)
# URL-ish text: the characters that trip URL parsers, often, and URL-shaped strings.
_url_chars = st.text(alphabet=st.sampled_from(list("srthp:/[]@?&=#%.0123456789abc{}_ -\u00e9")),
                     max_size=40)
url_text = (
    _url_chars
    | st.text(max_size=40)
    | st.builds(lambda scheme, rest: f"{scheme}://{rest}",
                st.sampled_from(["http", "https", "srt", "rtmp", ""]), _url_chars)
)

FUZZ = settings(max_examples=300, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture])


# --- what OBS answers ---------------------------------------------------------------------


@FUZZ
@given(json_scalars)
@example(float("inf"))
@example(float("nan"))
def test_stream_status_numbers_of_any_kind_become_numbers(value: Any) -> None:
    number = obs_link._as_int(value)
    assert isinstance(number, int)
    fraction = obs_link._as_float(value)
    assert isinstance(fraction, float)


@FUZZ
@given(st.dictionaries(st.sampled_from(["obsVersion", "obsWebSocketVersion", "rpcVersion",
                                        "platform"]), json_values, max_size=4),
       st.integers(0, 40), st.integers(0, 9))
def test_any_get_version_reply_gives_a_version(reply: dict[str, Any], major: int,
                                               minor: int) -> None:
    version = obs_link._parse_version(reply)
    assert isinstance(version.at_least(major, minor), bool)


@FUZZ
@given(st.text(max_size=30), st.integers(0, 40), st.integers(0, 9))
def test_any_obs_version_string_compares(text: str, major: int, minor: int) -> None:
    assert isinstance(ObsVersion(text, "5", 1).at_least(major, minor), bool)


@FUZZ
@given(st.binary(max_size=10))
def test_any_close_frame_payload_gives_a_code_or_none(data: bytes) -> None:
    code = close_status(data)
    assert code is None or 0 <= code <= 65535


statuses = st.builds(
    OutputStatus,
    active=st.booleans(),
    reconnecting=st.booleans(),
    duration_ms=st.integers(-(2**40), 2**40),
    congestion=st.floats(allow_nan=True, allow_infinity=True),
    bytes=st.integers(-(2**40), 2**62),
    skipped_frames=st.integers(-(2**31), 2**31),
    total_frames=st.integers(-(2**31), 2**31),
)


@FUZZ
@given(st.lists(st.tuples(statuses, st.floats(0, 1e7)), max_size=12))
def test_figures_from_any_status_sequence(samples: list[tuple[OutputStatus, float]]) -> None:
    meter = FigureMeter()
    for status, now in samples:
        figures = meter.update(status, now)
        assert figures.bitrate_kbps is None or (
            figures.bitrate_kbps >= 0 and math.isfinite(figures.bitrate_kbps)
        )
        assert math.isfinite(figures.uptime_s)
        assert math.isfinite(figures.dropped_percent)


# --- the user's own OBS settings, read back before a change -------------------------------


@pytest.fixture(scope="module")
def one_stream_store(tmp_path_factory: pytest.TempPathFactory) -> StreamStore:
    store = StreamStore(tmp_path_factory.mktemp("store") / "streams.json")
    store.add(Stream("id-1", "known-key", "player1"), "http://127.0.0.1:1/v1")
    return store


WANTED = ServiceSettings(CUSTOM_SERVICE, srt_service_settings(
    "srt://127.0.0.1:9000", "new-key", key_as_streamid=True))


def _is_ours(held: ServiceSettings, wanted: ServiceSettings, store: StreamStore) -> bool:
    """What apply_srt_settings asks: the key being sent and every stored stream's are ours."""
    keys = [str(wanted.settings["key"]), *(s.stream.streamer_key for s in store.streams())]
    return is_ours(held, keys)


def _could_be_ours(held: dict[str, Any]) -> bool:
    """Whether settings can be this program's at all: they carry a key it made."""
    text = repr(held)
    return "new-key" in text or "known-key" in text


@FUZZ
@given(st.dictionaries(st.sampled_from(["server", "key", "use_auth", "service"]),
                       json_values | url_text, max_size=4),
       st.sampled_from([CUSTOM_SERVICE, "rtmp_common", "whip_custom", ""]))
@example({"server": "srt://127.0.0.1:9000", "key": "new-key"}, CUSTOM_SERVICE)
@example({"server": "srt://127.0.0.1:9000", "key": "new-key"}, "rtmp_common")
@example({"server": "rtmp://live.example.com/app", "key": "known-key"}, CUSTOM_SERVICE)
@example({"server": "srt://h:1?latency=2&streamid=known-key", "key": ""}, CUSTOM_SERVICE)
@example({"server": "rtmp://live.example.com/app", "key": "users-own-key"}, CUSTOM_SERVICE)
@example({"server": "srt://127.0.0.1:9000", "key": "new-key-2"}, CUSTOM_SERVICE)
def test_any_service_settings_in_obs_can_be_judged(
    one_stream_store: StreamStore, held: dict[str, Any], service_type: str
) -> None:
    ours = _is_ours(ServiceSettings(service_type, held), WANTED, one_stream_store)
    assert isinstance(ours, bool)
    server, key = held.get("server", ""), held.get("key", "")
    if service_type != CUSTOM_SERVICE or not _could_be_ours(held):
        assert not ours, "the user's own settings were taken for ours (no backup would be kept)"
    elif (server, key) == (WANTED.settings["server"], WANTED.settings["key"]) or key == "known-key":
        assert ours, "settings this program wrote were taken for the user's own"
    elif key not in ("", "known-key", "new-key") and isinstance(server, str) and (
        "known-key" not in server
    ):
        assert not ours, "a key the user set was taken for ours"


@FUZZ
@given(url_text)
@example("srt://[::1")
@example("srt://127.0.0.1:9000")
@example("srt://ingest.example.net:9000?streamid=known-key")
@example("srt://ingest.example.net:9000?latency=200&streamid=known-key")
@example("srt://ingest.example.net:9000?streamid=known-key-but-longer")
@example("srt://ingest.example.net:9000?streamid=someone-elses")
def test_a_server_address_obs_holds_is_judged_without_failing(
    one_stream_store: StreamStore, server: str
) -> None:
    held = ServiceSettings(CUSTOM_SERVICE, {"server": server, "key": ""})
    ours = _is_ours(held, WANTED, one_stream_store)
    assert isinstance(ours, bool)
    names_known_key = any(
        part == "streamid=known-key" for part in server.partition("?")[2].split("&")
    )
    if "known-key" not in server:
        # Without a key this program made, an address is the user's own (even our
        # server's: with an empty key it is not what this program writes).
        assert not ours
    elif names_known_key and "[" not in server and "#" not in server:
        assert ours, "an address carrying a stored stream's key as streamid was not ours"


# --- what a user types into Settings ------------------------------------------------------


@FUZZ
@given(url_text)
@example("http://[x")
@example("srt://[::1:9000")
def test_settings_checks_answer_any_text(text: str) -> None:
    for check in (check_api_url, check_ingest_url, check_player_url_template, check_obs_host):
        problem = check(text)
        assert problem is None or (isinstance(problem, str) and problem)


@FUZZ
@given(url_text, st.text(max_size=40), st.booleans())
def test_addresses_from_any_accepted_ingest_url(ingest: str, key: str, new_obs: bool) -> None:
    if check_ingest_url(ingest) is not None:
        return
    assert srt_url(ingest, key).startswith(ingest.rstrip("/"))
    try:
        made = srt_service_settings(ingest, key, key_as_streamid=new_obs, obs_version="28.1.2")
    except CompanionError as error:
        assert error.message and error.next_step
    else:
        assert made["use_auth"] is False


@FUZZ
@given(url_text, st.text(max_size=20))
def test_player_links_from_any_accepted_template(template: str, key: str) -> None:
    if check_player_url_template(template) is not None:
        return
    assert "{player_key}" not in player_url(template, key) or "{player_key}" in key


@FUZZ
@given(st.dictionaries(st.sampled_from(["api_url", "ingest_url", "player_url_template",
                                        "obs_host", "obs_port"]), url_text, max_size=3))
@example({"api_url": "http://[x"})
def test_a_settings_file_with_any_addresses_loads(tmp_path: Path, values: dict[str, str]) -> None:
    import json

    from comprimato_companion.storage.settings import SettingsFile, check_api_address

    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"version": 1, **values}), encoding="utf-8")
    loaded = SettingsFile(path).load()
    # A saved plain http:// address elsewhere is kept: the client refuses it, not the file.
    assert check_api_address(loaded.api_url) is None
    assert check_ingest_url(loaded.ingest_url) is None


# --- the opt-in secrets file --------------------------------------------------------------


secrets_documents = st.builds(
    lambda version, secrets: {"version": version, "secrets": secrets},
    st.integers(-1, 3) | st.text(max_size=3),
    json_values,
)


def _as_json(document: dict[str, Any]) -> bytes:
    import json

    return json.dumps(document).encode()


@FUZZ
@given(st.binary(max_size=200) | secrets_documents.map(_as_json))
@example(_as_json({"version": 1, "secrets": {"api-key": "ck_test_1"}}))
@example(_as_json({"version": 1, "secrets": {"api-key": 5}}))
@example(_as_json({"version": 1, "secrets": ["api-key"]}))
@example(_as_json({"version": 9, "secrets": {"api-key": "ck_test_1"}}))
def test_any_secrets_file_reads_or_is_set_aside(tmp_path: Path, content: bytes) -> None:
    import json

    path = tmp_path / "secrets.json"
    path.write_bytes(content)
    store = SecretStore(file_path=path, use_file=True)
    value = store.get(SecretStore.API_KEY)
    assert value is None or isinstance(value, str)
    def no_constants(name: str) -> None:
        raise ValueError(name)  # NaN and Infinity are not JSON

    try:
        document = json.loads(content, parse_constant=no_constants)
    except (ValueError, RecursionError):
        if content.strip():
            assert store.notice is not None and not path.exists(), "unreadable file kept"
        return
    version = document.get("version") if isinstance(document, dict) else None
    usable_version = (
        isinstance(version, int | float)
        and not isinstance(version, bool)
        and math.isfinite(version)
        and math.floor(version) == 1
    )
    if not usable_version:
        assert value is None and store.notice is not None and not path.exists()
    elif isinstance(document.get("secrets", {}), dict):
        # A file this program could have written is read, never set aside.
        expected = document.get("secrets", {}).get(SecretStore.API_KEY)
        assert value == (expected if isinstance(expected, str) else None)
        assert store.notice is None and path.exists()
    else:
        assert value is None and store.notice is not None and not path.exists()
