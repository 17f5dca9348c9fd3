"""ComprimatoClient against the real sandbox over loopback: endpoints, auth, errors, 404s."""

from __future__ import annotations

import asyncio
import json
import logging
import ssl
import threading
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from comprimato_companion.comprimato.client import ComprimatoClient, tls_context
from comprimato_companion.comprimato.errors import (
    ApiKeyRejected,
    ApiKeyUnusable,
    ApiUrlInvalid,
    ComprimatoError,
    CreateOutcomeUnknown,
    FeatureUnavailable,
    ResponseNotUnderstood,
    ServerError,
    StreamNotFound,
)
from comprimato_companion.sandbox import Sandbox


@pytest.fixture
async def client(api_sandbox: Sandbox) -> AsyncIterator[ComprimatoClient]:
    async with ComprimatoClient(
        api_sandbox.api_url, api_sandbox.api_key, max_attempts=3, backoff_base=0.01
    ) as api:
        yield api


# --- a tiny recording server, for what the sandbox does not vary ----------------------------


@dataclass
class Recorded:
    """The last request a :class:`RecordingServer` saw, and the answer it gives."""

    method: str = ""
    path: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    status: int = 200
    content_type: str = "application/json"
    answer: bytes = b"{}"


class _Recorder(BaseHTTPRequestHandler):
    server: RecordingServer

    def _any(self) -> None:
        record = self.server.record
        record.method, record.path = self.command, self.path
        record.headers = {k.lower(): v for k, v in self.headers.items()}
        length = int(self.headers.get("Content-Length") or 0)
        record.body = self.rfile.read(length) if length else b""
        self.send_response(record.status)
        self.send_header("Content-Type", record.content_type)
        self.send_header("Content-Length", str(len(record.answer)))
        self.end_headers()
        self.wfile.write(record.answer)

    do_GET = do_POST = do_DELETE = _any

    def log_message(self, format: str, *args: object) -> None:
        pass


class RecordingServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Recorder)
        self.record = Recorded()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/v1"


@pytest.fixture
def recorder() -> Iterator[RecordingServer]:
    server = RecordingServer()
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
    thread.join()


STREAM = {"id": "s1", "streamer_key": "k1", "player_key": "p1", "status": "Running"}


# --- the four operations --------------------------------------------------------------------


async def test_create_list_get_delete_round_trip(
    client: ComprimatoClient, api_sandbox: Sandbox
) -> None:
    made = await client.create_stream()
    assert made.status == "Stopped" and not made.is_running
    assert await client.list_streams() == [made]
    assert await client.get_stream(made.id) == made
    await client.delete_stream(made.id)
    assert await client.list_streams() == []
    assert api_sandbox.request_count("POST", "/v1/streams") == 1


async def test_get_reports_the_current_status(
    client: ComprimatoClient, api_sandbox: Sandbox
) -> None:
    made = await client.create_stream()
    api_sandbox.registry.admit(made.streamer_key)
    api_sandbox.registry.media(made.streamer_key, 1316)
    fresh = await client.get_stream(made.id)
    assert fresh.status == "Running" and fresh.is_running


async def test_create_sends_raw_key_json_content_type_and_empty_object(
    recorder: RecordingServer,
) -> None:
    recorder.record.status, recorder.record.answer = 200, json.dumps(STREAM).encode()
    async with ComprimatoClient(recorder.url + "/", "secret-key-123") as api:
        made = await api.create_stream()  # 200 works as well as 201
    seen = recorder.record
    assert (seen.method, seen.path) == ("POST", "/v1/streams")
    assert seen.headers["authorization"] == "secret-key-123"
    assert seen.headers["content-type"] == "application/json"
    assert seen.body == b"{}"
    assert made.id == "s1" and made.is_running


@pytest.mark.parametrize("status", [200, 201, 202])
async def test_any_2xx_is_a_created_stream(recorder: RecordingServer, status: int) -> None:
    recorder.record.status, recorder.record.answer = status, json.dumps(STREAM).encode()
    async with ComprimatoClient(recorder.url, "key") as api:
        assert (await api.create_stream()).id == "s1"


@pytest.mark.parametrize("wrapper", ["streams", "data", "items"])
async def test_list_accepts_a_wrapped_array(
    client: ComprimatoClient, api_sandbox: Sandbox, wrapper: str
) -> None:
    made = await client.create_stream()
    api_sandbox.faults.wrap_list(wrapper)
    assert await client.list_streams() == [made]


async def test_unknown_fields_and_statuses_are_kept(recorder: RecordingServer) -> None:
    odd = {**STREAM, "status": "Starting", "region": "eu", "bitrate": 4500}
    recorder.record.answer = json.dumps({"data": [odd]}).encode()
    async with ComprimatoClient(recorder.url, "key") as api:
        (stream,) = await api.list_streams()
    assert stream.status == "Starting"
    assert stream.extra == {"region": "eu", "bitrate": 4500}
    assert stream.to_json()["region"] == "eu"


async def test_stream_id_is_escaped_in_the_path(recorder: RecordingServer) -> None:
    recorder.record.answer = json.dumps(STREAM).encode()
    async with ComprimatoClient(recorder.url, "key") as api:
        await api.get_stream("a/b?c")
    assert recorder.record.path == "/v1/streams/a%2Fb%3Fc"


# --- errors ---------------------------------------------------------------------------------


@pytest.mark.parametrize("operation", ["create", "list", "get", "delete"])
async def test_wrong_key_is_rejected_and_never_shown(
    api_sandbox: Sandbox, operation: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    wrong = "WRONG-key-that-must-stay-hidden"
    async with ComprimatoClient(api_sandbox.api_url, wrong) as api:
        calls = {
            "create": api.create_stream,
            "list": api.list_streams,
            "get": lambda: api.get_stream("x"),
            "delete": lambda: api.delete_stream("x"),
        }
        with pytest.raises(ApiKeyRejected) as caught:
            await calls[operation]()
        assert wrong not in repr(api)
    assert caught.value.status == 401
    assert caught.value.exit_code == 3
    for text in (str(caught.value), repr(caught.value), caplog.text):
        assert wrong not in text


async def test_403_is_a_rejected_key_too(client: ComprimatoClient, api_sandbox: Sandbox) -> None:
    api_sandbox.faults.status("GET", "/v1/streams", 403)
    with pytest.raises(ApiKeyRejected) as caught:
        await client.list_streams()
    assert caught.value.status == 403


def test_repr_shows_the_address_only() -> None:
    api = ComprimatoClient("https://api.example.com/v1/", "top-secret")
    assert repr(api) == "ComprimatoClient(api_url='https://api.example.com/v1')"


@pytest.mark.parametrize("key", ["", "   ", "two words", "line\nbreak", "caf\u00e9"])
def test_unusable_keys_are_refused_before_any_request(key: str) -> None:
    with pytest.raises(ApiKeyUnusable) as caught:
        ComprimatoClient("https://api.example.com/v1", key)
    assert caught.value.exit_code == 3


@pytest.mark.parametrize("url", ["ftp://x/v1", "api.comprimato.com/v1", "http://", ""])
def test_bad_api_urls_are_a_usage_error(url: str) -> None:
    with pytest.raises(ApiUrlInvalid) as caught:
        ComprimatoClient(url, "key")
    assert caught.value.exit_code == 2


def test_tls_verification_is_on() -> None:
    context = tls_context()
    assert context.verify_mode is ssl.CERT_REQUIRED
    assert context.check_hostname


def test_a_plain_http_api_loads_no_ca_bundle_and_would_fail_closed() -> None:
    from comprimato_companion.comprimato.client import _plain_http_context

    context = _plain_http_context()
    assert context.verify_mode is ssl.CERT_REQUIRED and context.check_hostname
    assert context.cert_store_stats()["x509_ca"] == 0  # nothing trusted: TLS cannot pass


async def test_unknown_stream_is_not_found(client: ComprimatoClient) -> None:
    with pytest.raises(StreamNotFound) as caught:
        await client.get_stream("no-such-id")
    assert caught.value.stream_id == "no-such-id"
    with pytest.raises(StreamNotFound):
        await client.delete_stream("no-such-id")


@pytest.mark.parametrize("status", [404, 405])
async def test_list_endpoint_missing_turns_the_feature_off(
    client: ComprimatoClient, api_sandbox: Sandbox, status: int
) -> None:
    api_sandbox.faults.status("GET", "/v1/streams", status, times=None)
    with pytest.raises(FeatureUnavailable) as caught:
        await client.list_streams()
    assert caught.value.status == status
    assert "listing streams" in caught.value.message


async def test_html_404_on_one_stream_means_no_such_endpoint(
    client: ComprimatoClient, api_sandbox: Sandbox
) -> None:
    api_sandbox.faults.html_error("GET", "/v1/streams/", status=404)
    with pytest.raises(FeatureUnavailable) as caught:
        await client.get_stream("abc")
    assert "<" not in str(caught.value)


async def test_bare_not_found_on_a_route_never_seen_working_is_no_such_endpoint(
    client: ComprimatoClient, api_sandbox: Sandbox
) -> None:
    """``{"detail": "Not Found"}`` is what a router says for an unknown path."""
    api_sandbox.faults.status("DELETE", "/v1/streams/", 404, body={"detail": "Not Found"})
    with pytest.raises(FeatureUnavailable):
        await client.delete_stream("abc")


async def test_bare_not_found_after_the_route_worked_is_a_missing_stream(
    client: ComprimatoClient, api_sandbox: Sandbox
) -> None:
    made = await client.create_stream()
    await client.get_stream(made.id)  # the per-stream route exists
    api_sandbox.faults.status("GET", "/v1/streams/", 404, body={"detail": "Not Found"})
    with pytest.raises(StreamNotFound):
        await client.get_stream("abc")


async def test_405_on_one_stream_turns_the_feature_off(
    client: ComprimatoClient, api_sandbox: Sandbox
) -> None:
    api_sandbox.faults.status("DELETE", "/v1/streams/", 405)
    with pytest.raises(FeatureUnavailable) as caught:
        await client.delete_stream("abc")
    assert caught.value.status == 405


async def test_404_on_create_points_at_the_address(
    client: ComprimatoClient, api_sandbox: Sandbox
) -> None:
    api_sandbox.faults.status("POST", "/v1/streams", 404)
    with pytest.raises(ResponseNotUnderstood) as caught:
        await client.create_stream()
    assert "API address" in caught.value.next_step


async def test_error_body_message_is_shown_html_never(
    client: ComprimatoClient, api_sandbox: Sandbox
) -> None:
    api_sandbox.faults.status("GET", "/v1/streams", 400, body={"message": "Bad   filter"})
    with pytest.raises(ServerError) as caught:
        await client.list_streams()
    assert caught.value.status == 400
    assert caught.value.detail == "Bad filter"
    assert "(HTTP 400): Bad filter." in caught.value.message

    api_sandbox.faults.html_error("GET", "/v1/streams", status=500)
    with pytest.raises(ServerError) as html_caught:
        await client.list_streams()
    assert html_caught.value.detail is None
    assert "<" not in str(html_caught.value) and "nginx" not in str(html_caught.value)


async def test_nested_error_message_and_echoed_key_is_masked(
    client: ComprimatoClient, api_sandbox: Sandbox
) -> None:
    echoed = {"error": {"message": f"key {api_sandbox.api_key} is suspended"}}
    api_sandbox.faults.status("GET", "/v1/streams", 402, body=echoed)
    with pytest.raises(ServerError) as caught:
        await client.list_streams()
    assert caught.value.detail == "key *** is suspended"
    assert api_sandbox.api_key not in str(caught.value)


async def test_malformed_json_is_not_understood_and_not_retried(
    client: ComprimatoClient, api_sandbox: Sandbox
) -> None:
    api_sandbox.faults.malformed_json("GET", "/v1/streams")
    with pytest.raises(ResponseNotUnderstood):
        await client.list_streams()
    assert api_sandbox.request_count("GET", "/v1/streams") == 1


async def test_a_2xx_with_the_wrong_shape_is_not_understood(
    client: ComprimatoClient, api_sandbox: Sandbox
) -> None:
    api_sandbox.faults.status("GET", "/v1/streams", 200, body={"streams": "none"})
    with pytest.raises(ResponseNotUnderstood):
        await client.list_streams()
    # A create answered 2xx may have made a stream: its outcome is unknown, not a failure.
    api_sandbox.faults.status("POST", "/v1/streams", 201, body={"id": "x"})
    with pytest.raises(CreateOutcomeUnknown) as caught:
        await client.create_stream()
    assert "could not be read" in caught.value.message


async def test_every_failure_is_a_comprimato_error_with_a_next_step(
    client: ComprimatoClient, api_sandbox: Sandbox
) -> None:
    api_sandbox.faults.status("GET", "/v1/streams", 418)
    with pytest.raises(ComprimatoError) as caught:
        await client.list_streams()
    assert caught.value.next_step
    assert caught.value.exit_code == 4


async def test_a_shared_http_client_is_left_open(api_sandbox: Sandbox) -> None:
    import httpx

    async with httpx.AsyncClient(verify=tls_context()) as shared:
        async with ComprimatoClient(api_sandbox.api_url, api_sandbox.api_key, http=shared) as a:
            await a.list_streams()
        assert not shared.is_closed
        async with ComprimatoClient(api_sandbox.api_url, api_sandbox.api_key, http=shared) as b:
            await b.create_stream()


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    status=st.sampled_from([200, 201, 204, 400, 401, 404, 409, 418, 500]),
    answer=st.binary(max_size=120)
    | st.builds(lambda v: json.dumps(v).encode(), st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=8),
        lambda c: st.lists(c, max_size=3) | st.dictionaries(
            st.sampled_from(["id", "streamer_key", "player_key", "status", "streams",
                             "message", "error"]), c, max_size=4),
        max_leaves=10)),
    content_type=st.sampled_from(["application/json", "text/html", "text/plain"]),
)
def test_any_answer_over_http_is_a_result_or_a_typed_error(
    recorder: RecordingServer, status: int, answer: bytes, content_type: str
) -> None:
    recorder.record.status = status
    recorder.record.answer = answer
    recorder.record.content_type = content_type

    async def every_operation() -> None:
        async with ComprimatoClient(recorder.url, "key", max_attempts=1) as api:
            for call in (api.create_stream, api.list_streams,
                         lambda: api.get_stream("x"), lambda: api.delete_stream("x")):
                try:
                    await call()
                except ComprimatoError as error:
                    assert error.message and error.next_step

    asyncio.run(every_operation())


async def test_a_read_after_the_client_closed_is_a_sentence_not_a_runtime_error(
    api_sandbox: Sandbox,
) -> None:
    """The window quits while a watch's first read is on its way: httpx would raise a bare
    'Cannot send a request, as the client has been closed' into the error handler."""
    from comprimato_companion.comprimato.errors import ClientClosed, ComprimatoError

    client = ComprimatoClient(api_sandbox.api_url, api_sandbox.api_key)
    stream = await client.create_stream()
    await client.aclose()
    with pytest.raises(ClientClosed) as closed:
        await client.get_stream(stream.id)
    assert isinstance(closed.value, ComprimatoError)
    assert api_sandbox.api_key not in str(closed.value)
