"""The sandbox's player page: where the QR code leads in sandbox mode."""

from __future__ import annotations

import hashlib
import re

import httpx

from comprimato_companion.sandbox import Sandbox
from comprimato_companion.sandbox.player_assets import (
    HLS_JS_SHA256,
    LICENSE_FILE,
    player_resources_dir,
)


def base(sandbox: Sandbox) -> str:
    return sandbox.api_url.removesuffix("/v1")


def test_player_page_shows_the_stream_and_is_self_contained(
    api_sandbox: Sandbox, http_client: httpx.Client
) -> None:
    stream = api_sandbox.registry.create()
    answer = http_client.get(f"{base(api_sandbox)}/play/{stream.player_key}")
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "text/html; charset=utf-8"
    assert "default-src 'none'" in answer.headers["content-security-policy"]
    page = answer.text
    assert stream.id in page
    assert "Stopped" in page
    assert '<video id="video"' in page
    assert f'data-base="/play/{stream.player_key}/"' in page
    assert 'data-hls-js="/player/hls.light.min.js"' in page
    # No external resources, and no secrets.
    assert not re.search(r"""(src|href)\s*=\s*["']?https?:""", page)
    assert "@import" not in page
    assert stream.streamer_key not in page
    assert api_sandbox.api_key not in page


def test_player_page_starts_offline_and_names_the_state_in_its_title(
    api_sandbox: Sandbox, http_client: httpx.Client
) -> None:
    registry = api_sandbox.registry
    stream = registry.create()
    registry.admit(stream.streamer_key)
    registry.media(stream.streamer_key, 1316)
    page = http_client.get(f"{base(api_sandbox)}/play/{stream.player_key}").text
    assert "· Running</title>" in page
    # The script decides what plays: without HLS the page must not claim to be live.
    assert '<body data-state="offline">' in page
    assert 'class="badge">Offline<' in page


def test_status_json_reveals_only_the_state(
    api_sandbox: Sandbox, http_client: httpx.Client
) -> None:
    registry = api_sandbox.registry
    stream = registry.create()
    url = f"{base(api_sandbox)}/play/{stream.player_key}/status.json"
    assert http_client.get(url).json() == {"status": "Stopped"}
    registry.admit(stream.streamer_key)
    registry.media(stream.streamer_key, 100)
    answer = http_client.get(url)
    assert answer.json() == {"status": "Running"}
    assert answer.headers["cache-control"] == "no-store"


def test_unknown_player_key_gets_a_readable_page(
    api_sandbox: Sandbox, http_client: httpx.Client
) -> None:
    answer = http_client.get(f"{base(api_sandbox)}/play/nosuchkey123")
    assert answer.status_code == 404
    assert "No such stream" in answer.text
    status = http_client.get(f"{base(api_sandbox)}/play/nosuchkey123/status.json")
    assert status.status_code == 404
    assert status.json()["message"]


def test_player_routes_are_read_only(api_sandbox: Sandbox, http_client: httpx.Client) -> None:
    stream = api_sandbox.registry.create()
    answer = http_client.post(f"{base(api_sandbox)}/play/{stream.player_key}")
    assert answer.status_code == 405
    assert answer.headers["allow"] == "GET, HEAD"


def test_hls_routes_answer_404_while_nothing_plays(
    sandbox: Sandbox, http_client: httpx.Client
) -> None:
    stream = sandbox.registry.create()
    root = f"{base(sandbox)}/play/{stream.player_key}"
    assert http_client.get(f"{root}/live.m3u8").status_code == 404
    assert http_client.get(f"{root}/s1-0.ts").status_code == 404
    live = http_client.get(f"{root}/live.json").json()
    assert live["status"] == "Stopped"
    assert live["playable"] is False and live["fresh"] is False
    assert http_client.get(f"{base(sandbox)}/play/nosuchkey123/live.json").status_code == 404


def test_hls_js_is_served_as_shipped(api_sandbox: Sandbox, http_client: httpx.Client) -> None:
    answer = http_client.get(f"{base(api_sandbox)}/player/hls.light.min.js")
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/javascript")
    assert hashlib.sha256(answer.content).hexdigest() == HLS_JS_SHA256
    licence = player_resources_dir() / LICENSE_FILE
    assert "Apache License" in licence.read_text()
