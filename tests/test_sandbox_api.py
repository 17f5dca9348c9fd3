"""The sandbox's HTTP contract (comprimato-api.md), spoken to with raw HTTP over loopback."""

from __future__ import annotations

import logging
import re
import socket
import struct
import time
import urllib.parse
import uuid
from collections.abc import Iterator

import httpx
import pytest

from comprimato_companion.comprimato.client import tls_context
from comprimato_companion.sandbox import Sandbox, SandboxError
from comprimato_companion.sandbox.registry import REJECT_CONFLICT, REJECT_UNAUTHORIZED


@pytest.fixture
def http(api_sandbox: Sandbox) -> Iterator[httpx.Client]:
    base = api_sandbox.api_url.removesuffix("/v1")
    with httpx.Client(
        base_url=base,
        headers={"Authorization": api_sandbox.api_key},
        timeout=5,
        verify=tls_context(),
    ) as client:
        yield client


def create(http: httpx.Client) -> dict[str, str]:
    answer = http.post("/v1/streams", json={})
    assert answer.status_code == 201
    body: dict[str, str] = answer.json()
    return body


def test_create_answers_201_with_the_documented_fields(http: httpx.Client) -> None:
    answer = http.post("/v1/streams", content=b"{}", headers={"Content-Type": "application/json"})
    assert answer.status_code == 201
    assert answer.headers["content-type"] == "application/json"
    body = answer.json()
    assert set(body) == {"id", "streamer_key", "player_key", "status"}
    assert uuid.UUID(body["id"]).version == 4
    assert uuid.UUID(body["streamer_key"]).version == 4
    assert re.fullmatch(r"[A-Za-z0-9]{12}", body["player_key"])
    assert body["status"] == "Stopped"
    assert answer.headers["location"] == f"/v1/streams/{body['id']}"


def test_create_accepts_an_empty_body_and_refuses_a_non_object(http: httpx.Client) -> None:
    assert http.post("/v1/streams").status_code == 201
    refused = http.post("/v1/streams", content=b"[1, 2]")
    assert refused.status_code == 400
    assert "JSON object" in refused.json()["message"]


def test_keys_are_unique_across_streams(http: httpx.Client) -> None:
    made = [create(http) for _ in range(20)]
    for field in ("id", "streamer_key", "player_key"):
        assert len({stream[field] for stream in made}) == 20


def test_list_is_a_json_array_in_creation_order(http: httpx.Client) -> None:
    assert http.get("/v1/streams").json() == []
    first, second = create(http), create(http)
    listed = http.get("/v1/streams").json()
    assert [s["id"] for s in listed] == [first["id"], second["id"]]
    assert listed[0] == first


def test_get_one_and_404_for_an_unknown_id(http: httpx.Client) -> None:
    made = create(http)
    assert http.get(f"/v1/streams/{made['id']}").json() == made
    missing = http.get(f"/v1/streams/{uuid.uuid4()}")
    assert missing.status_code == 404
    assert "No stream" in missing.json()["message"]


def test_delete_answers_204_then_404(http: httpx.Client) -> None:
    made = create(http)
    deleted = http.delete(f"/v1/streams/{made['id']}")
    assert deleted.status_code == 204
    assert deleted.content == b""
    assert http.get(f"/v1/streams/{made['id']}").status_code == 404
    assert http.delete(f"/v1/streams/{made['id']}").status_code == 404
    assert http.get("/v1/streams").json() == []


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": ""}, {"Authorization": "wrong"}, {"Authorization": "Bearer {key}"}],
    ids=["none", "empty", "wrong", "bearer"],
)
@pytest.mark.parametrize(
    ("method", "path"),
    [("GET", "/v1/streams"), ("POST", "/v1/streams"), ("GET", "/v1/streams/x"),
     ("DELETE", "/v1/streams/x"), ("GET", "/v1/other")],
)
def test_every_api_request_without_the_raw_key_is_401(
    api_sandbox: Sandbox,
    headers: dict[str, str],
    method: str,
    path: str,
    http_client: httpx.Client,
) -> None:
    sent = {k: v.replace("{key}", api_sandbox.api_key) for k, v in headers.items()}
    base = api_sandbox.api_url.removesuffix("/v1")
    answer = http_client.request(method, base + path, headers=sent)
    assert answer.status_code == 401
    assert isinstance(answer.json()["message"], str)
    assert api_sandbox.api_key not in answer.text
    assert api_sandbox.registry.list() == []


def test_unknown_paths_and_methods_answer_json_404_or_405(http: httpx.Client) -> None:
    unknown = http.get("/v1/teapots")
    assert unknown.status_code == 404
    assert "No such endpoint" in unknown.json()["message"]
    put = http.put("/v1/streams", json={})
    assert put.status_code == 405
    assert put.headers["allow"] == "GET, POST"
    assert put.json()["message"]
    patch = http.patch(f"/v1/streams/{uuid.uuid4()}", json={})
    assert patch.status_code == 405
    assert patch.headers["allow"] == "GET, DELETE"
    exotic = http.request("BREW", "/v1/streams")
    assert exotic.status_code == 405
    assert exotic.headers["content-type"] == "application/json"
    assert exotic.json()["message"]


def test_malformed_request_line_gets_a_json_error(api_sandbox: Sandbox) -> None:
    host, port = "127.0.0.1", int(api_sandbox.api_url.rsplit(":", 1)[1].split("/")[0])
    with socket.create_connection((host, port)) as raw:
        raw.sendall(b"NONSENSE\r\n\r\n")
        reply = raw.makefile("rb").read()
    head, _, body = reply.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 400")
    assert b"application/json" in head
    assert b"message" in body and b"<html" not in body.lower()


def test_healthz_needs_no_key(api_sandbox: Sandbox, http_client: httpx.Client) -> None:
    base = api_sandbox.api_url.removesuffix("/v1")
    answer = http_client.get(base + "/healthz")
    assert answer.status_code == 200
    assert answer.json() == {"status": "ok"}


def test_requests_are_counted(http: httpx.Client, api_sandbox: Sandbox) -> None:
    create(http)
    create(http)
    http.get("/v1/streams")
    assert api_sandbox.request_count("POST", "/v1/streams") == 2
    assert api_sandbox.request_count("GET", "/v1/streams") == 1
    assert api_sandbox.request_count("*", "/v1") == 3
    assert api_sandbox.request_count("DELETE", "/v1/streams") == 0


def test_delete_disconnects_a_running_publisher(sandbox: Sandbox) -> None:
    """A live stream's DELETE reaches the ingest (the SRT side is proven with ffmpeg in the
    ingest tests); here the registry frees the key so it can no longer publish."""
    made = sandbox.registry.create()
    assert sandbox.registry.admit(made.streamer_key) is None
    sandbox.registry.media(made.streamer_key, 1316)
    with httpx.Client(timeout=5, verify=tls_context()) as client:
        answer = client.delete(
            f"{sandbox.api_url}/streams/{made.id}", headers={"Authorization": sandbox.api_key}
        )
    assert answer.status_code == 204
    assert sandbox.registry.admit(made.streamer_key) == REJECT_UNAUTHORIZED
    assert sandbox.registry.get(made.id) is None


def test_gate_refuses_unknown_and_busy_keys(api_sandbox: Sandbox) -> None:
    made = api_sandbox.registry.create()
    assert api_sandbox.registry.admit("not-a-key") == REJECT_UNAUTHORIZED
    assert api_sandbox.registry.admit(made.streamer_key) is None
    assert api_sandbox.registry.admit(made.streamer_key) == REJECT_CONFLICT


def test_a_taken_port_is_a_plain_error(api_sandbox: Sandbox) -> None:
    port = int(api_sandbox.api_url.rsplit(":", 1)[1].split("/")[0])
    with pytest.raises(SandboxError) as caught:
        Sandbox(port=port, ingest=False).start()
    assert f"port {port}" in caught.value.message
    assert "another port" in caught.value.next_step


def test_stop_is_idempotent_and_closes_idle_keep_alive_connections() -> None:
    sandbox = Sandbox(ingest=False)
    sandbox.start()
    with httpx.Client(timeout=5, verify=tls_context()) as client:
        answer = client.get(sandbox.api_url.removesuffix("/v1") + "/healthz")
        assert answer.status_code == 200  # this connection now idles, kept alive
        sandbox.stop()
        sandbox.stop()
        with pytest.raises(httpx.TransportError):
            client.get(sandbox_base(sandbox, answer) + "/healthz")


def sandbox_base(sandbox: Sandbox, answer: httpx.Response) -> str:
    return f"{answer.url.scheme}://{answer.url.host}:{answer.url.port}"


def test_ingest_off_is_reported(api_sandbox: Sandbox) -> None:
    assert api_sandbox.ingest_url is None
    assert api_sandbox.ingest_problem
    assert api_sandbox.player_url_template.endswith("/play/{player_key}")
    assert "api_key" not in repr(api_sandbox) and api_sandbox.api_key not in repr(api_sandbox)


def test_sandbox_with_ingest_reports_an_srt_address(sandbox: Sandbox) -> None:
    if sandbox.ingest_url is None:
        pytest.skip(f"libsrt is not usable here: {sandbox.ingest_problem}")
    assert re.fullmatch(r"srt://127\.0\.0\.1:\d+", sandbox.ingest_url)
    assert sandbox.ingest_problem is None


def test_a_client_hanging_up_mid_request_prints_no_traceback(
    api_sandbox: Sandbox, caplog: pytest.LogCaptureFixture, capfd: pytest.CaptureFixture[str]
) -> None:
    """The app quitting (or a viewer leaving) resets its kept-alive connection: routine,
    so a debug line, not the standard library's traceback on the sandbox's terminal."""
    parts = urllib.parse.urlsplit(api_sandbox.api_url)
    assert parts.hostname is not None and parts.port is not None
    with caplog.at_level(logging.DEBUG, logger="comprimato_companion.sandbox.http_api"):
        client = socket.create_connection((parts.hostname, parts.port), timeout=5)
        client.sendall(b"GET /v1/streams HTTP/1.1\r\nHost: x\r\n")  # the headers never end
        # Linger 0: close() sends a reset, as a process killed mid-request does.
        client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        client.close()
        deadline = time.monotonic() + 5
        while not any("hung up" in record.getMessage() for record in caplog.records):
            assert time.monotonic() < deadline, "the server never saw the hang-up"
            time.sleep(0.01)
    assert "Traceback" not in capfd.readouterr().err
