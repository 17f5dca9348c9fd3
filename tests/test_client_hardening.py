"""The client refuses what is unsafe and bounds what a server can make it do.

Real sockets on loopback: the sandbox, and small raw servers that answer badly on
purpose (a huge body, a body that trickles), and a "proxy" that only records whether
anything reached it.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import threading
import time
from collections.abc import Callable, Iterator

import pytest

from comprimato_companion.comprimato.client import ComprimatoClient
from comprimato_companion.comprimato.errors import (
    ApiUrlInvalid,
    PlainHttpRefused,
    RequestTimedOut,
    ResponseTooLarge,
)
from comprimato_companion.errors import UsageError
from comprimato_companion.sandbox import Sandbox
from comprimato_companion.storage.settings import check_api_url, check_player_url_template


class RawServer:
    """A loopback TCP server that runs ``answer(connection)`` for each connection."""

    def __init__(self, answer: Callable[[socket.socket], None]) -> None:
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self.connections = 0
        self._answer = answer
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._listener.accept()
            except OSError:
                return
            self.connections += 1
            with conn, contextlib.suppress(OSError):
                conn.settimeout(10)
                self._answer(conn)

    def close(self) -> None:
        self._stop.set()
        with contextlib.suppress(OSError):
            self._listener.shutdown(socket.SHUT_RDWR)
        self._listener.close()
        self._thread.join(timeout=15)


@contextlib.contextmanager
def raw_server(answer: Callable[[socket.socket], None]) -> Iterator[RawServer]:
    server = RawServer(answer)
    try:
        yield server
    finally:
        server.close()


def _read_request(conn: socket.socket) -> None:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(4096)
        if not chunk:
            return
        data += chunk


# --- M3: plain http:// away from this computer ------------------------------------------


@pytest.mark.parametrize("url", ["http://10.77.0.1/v1", "http://api.comprimato.com/v1",
                                 "http://192.168.1.20:8080/v1", "http://[2001:db8::1]/v1"])
def test_plain_http_to_another_computer_is_refused_before_anything_is_sent(url: str) -> None:
    with pytest.raises(PlainHttpRefused) as refused:
        ComprimatoClient(url, "the-real-key")
    assert "https://" in refused.value.next_step
    assert "the-real-key" not in str(refused.value)
    reason = check_api_url(url)
    assert reason is not None and "unencrypted" in reason


@pytest.mark.parametrize("url", ["http://127.0.0.1:47600/v1", "http://localhost:8000/v1",
                                 "http://[::1]:8000/v1", "https://10.77.0.1/v1"])
def test_plain_http_on_this_computer_and_https_anywhere_are_accepted(url: str) -> None:
    ComprimatoClient(url, "key")
    assert check_api_url(url) is None


def test_the_player_link_may_still_be_plain_http_on_the_lan() -> None:
    assert check_player_url_template("http://192.168.1.20:47601/play/{player_key}") is None


# --- L11: a port out of range ------------------------------------------------------------


@pytest.mark.parametrize("url", ["https://example.com:70000/v1", "http://127.0.0.1:65536/v1"])
def test_a_port_above_65535_is_an_invalid_address(url: str) -> None:
    with pytest.raises(ApiUrlInvalid, match="ports go from 1 to 65535") as invalid:
        ComprimatoClient(url, "key")
    assert invalid.value.next_step
    assert check_api_url(url) is not None


# --- M4: dot-segment ids ------------------------------------------------------------------


@pytest.mark.parametrize("stream_id", [".", ".."])
def test_a_dot_segment_id_is_refused_before_any_request(
    api_sandbox: Sandbox, stream_id: str
) -> None:
    async def scenario() -> None:
        async with ComprimatoClient(api_sandbox.api_url, api_sandbox.api_key) as client:
            await client.create_stream()
            with pytest.raises(UsageError, match="not a stream id"):
                await client.delete_stream(stream_id)
            with pytest.raises(UsageError, match="not a stream id"):
                await client.get_stream(stream_id)

    asyncio.run(scenario())
    assert api_sandbox.request_count("DELETE") == 0
    assert api_sandbox.request_count("GET") == 0
    assert len(api_sandbox.registry.list()) == 1


# --- M5: loopback never through a proxy ----------------------------------------------------


def test_the_sandbox_on_loopback_is_reached_directly_whatever_the_proxy(
    api_sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    with raw_server(_read_request) as proxy:
        for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "all_proxy"):
            monkeypatch.setenv(name, f"http://127.0.0.1:{proxy.port}")
        monkeypatch.delenv("NO_PROXY", raising=False)
        monkeypatch.delenv("no_proxy", raising=False)

        async def scenario() -> None:
            async with ComprimatoClient(api_sandbox.api_url, api_sandbox.api_key) as client:
                await client.create_stream()
                assert len(await client.list_streams()) == 1

        asyncio.run(scenario())
        assert proxy.connections == 0, "the sandbox key went to the proxy"


# --- L1: size cap and overall deadline -----------------------------------------------------


def _huge_body(announce: bool) -> Callable[[socket.socket], None]:
    def answer(conn: socket.socket) -> None:
        _read_request(conn)
        size = 64 * 1024 * 1024
        head = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
        head += f"Content-Length: {size}\r\n".encode() if announce else b"Connection: close\r\n"
        conn.sendall(head + b"\r\n")
        block = b" " * 65536
        for _ in range(size // len(block)):
            conn.sendall(block)

    return answer


@pytest.mark.parametrize("announce", [True, False], ids=["content-length", "until-close"])
def test_an_answer_larger_than_the_cap_is_not_read(announce: bool) -> None:
    with raw_server(_huge_body(announce)) as server:
        async def scenario() -> None:
            async with ComprimatoClient(
                f"http://127.0.0.1:{server.port}/v1", "key", max_response_bytes=1024 * 1024
            ) as client:
                with pytest.raises(ResponseTooLarge) as too_large:
                    await client.list_streams()
                assert "1 MiB" in str(too_large.value)
                assert too_large.value.next_step

        asyncio.run(scenario())
        assert server.connections == 1, "a too-large answer is not asked for again"


def _trickle(conn: socket.socket) -> None:
    _read_request(conn)
    conn.sendall(
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 999\r\n\r\n"
    )
    for _ in range(100):  # a byte every 0.2 s: no single read ever times out
        conn.sendall(b" ")
        time.sleep(0.2)


def test_an_answer_that_trickles_is_cut_off_at_the_request_deadline() -> None:
    with raw_server(_trickle) as server:
        async def scenario() -> float:
            async with ComprimatoClient(
                f"http://127.0.0.1:{server.port}/v1", "key", read_timeout=5.0,
                request_deadline=1.0, max_attempts=4, backoff_base=0.01,
            ) as client:
                started = time.monotonic()
                with pytest.raises(RequestTimedOut) as timed_out:
                    await client.list_streams()
                assert timed_out.value.next_step
                return time.monotonic() - started

        took = asyncio.run(scenario())
        assert server.connections == 1, "a trickling answer is not asked for again"
    assert took < 3.0
