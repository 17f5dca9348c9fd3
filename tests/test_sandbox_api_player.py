"""The sandbox's player page: where the QR code leads in sandbox mode."""

from __future__ import annotations

import re

import httpx

from app.sandbox import Sandbox


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
    assert "does not transcode it; on Comprimato\n  this link plays it" in page
    assert f"/play/{stream.player_key}/status.json" in page
    # No external resources, and no secrets.
    assert not re.search(r"""(src|href)\s*=\s*["']?https?:""", page)
    assert "@import" not in page
    assert stream.streamer_key not in page
    assert api_sandbox.api_key not in page


def test_player_page_follows_the_live_state(
    api_sandbox: Sandbox, http_client: httpx.Client
) -> None:
    registry = api_sandbox.registry
    stream = registry.create()
    registry.admit(stream.streamer_key)
    registry.media(stream.streamer_key, 1316)
    page = http_client.get(f"{base(api_sandbox)}/play/{stream.player_key}").text
    assert 'class="badge running">Running<' in page


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
    assert answer.headers["allow"] == "GET"
