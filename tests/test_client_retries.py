"""The client's retry rules, proven with faults injected into the real sandbox.

Requests are counted by the sandbox, so "not retried" and "no duplicate" are facts, not
assumptions about the client.
"""

from __future__ import annotations

import asyncio
import email.utils
import time
from collections.abc import AsyncIterator

import pytest

from comprimato_companion.comprimato import client as client_module
from comprimato_companion.comprimato.client import ComprimatoClient, parse_retry_after
from comprimato_companion.comprimato.errors import (
    CreateOutcomeUnknown,
    NetworkUnreachable,
    RateLimited,
    RequestTimedOut,
    ResponseNotUnderstood,
    ServerError,
)
from comprimato_companion.sandbox import Sandbox

ATTEMPTS = 3


@pytest.fixture
async def client(api_sandbox: Sandbox) -> AsyncIterator[ComprimatoClient]:
    async with ComprimatoClient(
        api_sandbox.api_url,
        api_sandbox.api_key,
        max_attempts=ATTEMPTS,
        backoff_base=0.01,
        retry_after_cap=2.0,
        read_timeout=1.0,
        connect_timeout=1.0,
    ) as api:
        yield api


def posts(sandbox: Sandbox) -> int:
    return sandbox.request_count("POST", "/v1/streams")


# --- GET and DELETE -------------------------------------------------------------------------


@pytest.mark.parametrize("status", [502, 503, 504])
async def test_gateway_errors_are_retried_then_succeed(
    client: ComprimatoClient, api_sandbox: Sandbox, status: int
) -> None:
    made = api_sandbox.registry.create()
    api_sandbox.faults.status("GET", "/v1/streams", status, times=ATTEMPTS - 1)
    assert await client.list_streams() == [made]
    assert api_sandbox.request_count("GET", "/v1/streams") == ATTEMPTS


async def test_attempts_are_bounded(client: ComprimatoClient, api_sandbox: Sandbox) -> None:
    api_sandbox.faults.html_error("GET", "/v1/streams", status=503, times=None)
    with pytest.raises(ServerError) as caught:
        await client.list_streams()
    assert caught.value.status == 503
    assert api_sandbox.request_count("GET", "/v1/streams") == ATTEMPTS


async def test_500_is_not_retried(client: ComprimatoClient, api_sandbox: Sandbox) -> None:
    api_sandbox.faults.status("GET", "/v1/streams", 500, times=None)
    with pytest.raises(ServerError):
        await client.list_streams()
    assert api_sandbox.request_count("GET", "/v1/streams") == 1


async def test_delete_is_retried_on_a_reset(client: ComprimatoClient, api_sandbox: Sandbox) -> None:
    made = api_sandbox.registry.create()
    api_sandbox.faults.reset("DELETE", "/v1/streams/", times=1)
    await client.delete_stream(made.id)
    assert api_sandbox.request_count("DELETE", "/v1/streams/") == 2
    assert api_sandbox.registry.get(made.id) is None


async def test_retry_after_seconds_is_honoured(
    client: ComprimatoClient, api_sandbox: Sandbox
) -> None:
    api_sandbox.faults.rate_limit("GET", "/v1/streams", retry_after="0.6")
    started = time.monotonic()
    assert await client.list_streams() == []
    assert time.monotonic() - started >= 0.55
    assert api_sandbox.request_count("GET", "/v1/streams") == 2


async def test_retry_after_http_date_is_honoured(
    client: ComprimatoClient, api_sandbox: Sandbox
) -> None:
    # An HTTP date has whole seconds: ask for 2 s from now, which is more than 1 s away.
    when = email.utils.formatdate(time.time() + 2, usegmt=True)
    api_sandbox.faults.rate_limit("GET", "/v1/streams", retry_after=when)
    started = time.monotonic()
    assert await client.list_streams() == []
    assert time.monotonic() - started >= 0.9
    assert api_sandbox.request_count("GET", "/v1/streams") == 2


def record_waits(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Every ``asyncio.sleep`` the client asks for from now on (it still sleeps)."""
    waits: list[float] = []
    real_sleep = asyncio.sleep

    async def sleep(delay: float) -> None:
        waits.append(delay)
        await real_sleep(delay)

    monkeypatch.setattr(client_module.asyncio, "sleep", sleep)
    return waits


async def test_retry_after_beyond_the_cap_is_reported_at_once(
    client: ComprimatoClient, api_sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    api_sandbox.faults.rate_limit("GET", "/v1/streams", retry_after="120")
    waits = record_waits(monkeypatch)
    with pytest.raises(RateLimited) as caught:
        await client.list_streams()
    assert waits == []  # reported at once: the client never waited
    assert caught.value.retry_after == 120
    assert "120 s" in caught.value.next_step
    assert api_sandbox.request_count("GET", "/v1/streams") == 1


async def test_rate_limit_that_persists_ends_as_rate_limited(
    client: ComprimatoClient, api_sandbox: Sandbox
) -> None:
    api_sandbox.faults.rate_limit("GET", "/v1/streams", retry_after=None, times=None)
    with pytest.raises(RateLimited) as caught:
        await client.list_streams()
    assert caught.value.retry_after is None
    assert api_sandbox.request_count("GET", "/v1/streams") == ATTEMPTS


@pytest.mark.slow
async def test_slow_answer_times_out_after_bounded_attempts(
    client: ComprimatoClient, api_sandbox: Sandbox
) -> None:
    api_sandbox.faults.latency("GET", "/v1/streams", seconds=3, times=None)
    with pytest.raises(RequestTimedOut) as caught:
        await client.list_streams()
    assert caught.value.exit_code == 4
    assert api_sandbox.request_count("GET", "/v1/streams") == ATTEMPTS


async def test_cut_short_body_is_retried_then_not_understood(
    client: ComprimatoClient, api_sandbox: Sandbox
) -> None:
    api_sandbox.faults.truncated("GET", "/v1/streams", times=None)
    with pytest.raises(ResponseNotUnderstood) as caught:
        await client.list_streams()
    assert "cut short" in caught.value.message
    assert api_sandbox.request_count("GET", "/v1/streams") == ATTEMPTS


async def test_refused_connection_is_unreachable(closed_port: int) -> None:
    async with ComprimatoClient(
        f"http://127.0.0.1:{closed_port}/v1", "key", max_attempts=2, backoff_base=0.01
    ) as api:
        with pytest.raises(NetworkUnreachable) as caught:
            await api.list_streams()
        with pytest.raises(NetworkUnreachable):
            await api.create_stream()  # never sent: safe to retry, and still unreachable
    assert f"127.0.0.1:{closed_port}" in caught.value.message
    assert caught.value.exit_code == 4


# --- POST: never duplicated -----------------------------------------------------------------


async def test_create_dropped_after_it_was_made_is_outcome_unknown_and_not_repeated(
    client: ComprimatoClient, api_sandbox: Sandbox
) -> None:
    api_sandbox.faults.create_then_drop()
    with pytest.raises(CreateOutcomeUnknown) as caught:
        await client.create_stream()
    assert "not repeated" in caught.value.next_step
    assert posts(api_sandbox) == 1
    listed = await client.list_streams()  # the refresh finds it: nothing lost, no duplicate
    assert len(listed) == 1
    assert listed[0].id == api_sandbox.registry.list()[0].id


@pytest.mark.parametrize("fault", ["reset", "truncated", "latency"])
async def test_create_failing_after_sending_is_never_retried(
    client: ComprimatoClient, api_sandbox: Sandbox, fault: str
) -> None:
    faults = api_sandbox.faults
    if fault == "latency":
        faults.latency("POST", "/v1/streams", seconds=3)
    else:
        getattr(faults, fault)("POST", "/v1/streams")
    with pytest.raises(CreateOutcomeUnknown):
        await client.create_stream()
    assert posts(api_sandbox) == 1


@pytest.mark.parametrize("status", [500, 502, 503, 504])
async def test_create_answered_5xx_is_outcome_unknown(
    client: ComprimatoClient, api_sandbox: Sandbox, status: int
) -> None:
    api_sandbox.faults.status("POST", "/v1/streams", status)
    with pytest.raises(CreateOutcomeUnknown) as caught:
        await client.create_stream()
    assert f"HTTP {status}" in caught.value.message
    assert posts(api_sandbox) == 1


async def test_create_answered_429_is_rate_limited_and_not_repeated(
    client: ComprimatoClient, api_sandbox: Sandbox
) -> None:
    # A 429 proves the request reached the server: by the contract it is not sent again.
    api_sandbox.faults.rate_limit("POST", "/v1/streams", retry_after="2")
    with pytest.raises(RateLimited) as caught:
        await client.create_stream()
    assert caught.value.retry_after == 2.0
    assert "for 2 s" in caught.value.next_step
    assert posts(api_sandbox) == 1
    assert api_sandbox.registry.list() == []


async def test_create_with_a_rejected_key_is_not_retried(
    api_sandbox: Sandbox,
) -> None:
    async with ComprimatoClient(api_sandbox.api_url, "wrong") as api:
        with pytest.raises(Exception):  # noqa: B017 - the type is tested elsewhere
            await api.create_stream()
    assert posts(api_sandbox) == 1


# --- Retry-After parsing --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "expected"),
    [("5", 5.0), ("0", 0.0), (" 1.5 ", 1.5), ("-3", 0.0), ("", None), (None, None),
     ("soon", None), ("nan", None), ("inf", None),
     ("Wed, 21 Oct 2015 07:28:00 GMT", 0.0)],
)
def test_parse_retry_after(header: str | None, expected: float | None) -> None:
    assert parse_retry_after(header) == expected


def test_parse_retry_after_http_date_in_the_future() -> None:
    now = 1_700_000_000.0
    header = email.utils.formatdate(now + 30, usegmt=True)
    assert parse_retry_after(header, now=now) == pytest.approx(30, abs=1)
