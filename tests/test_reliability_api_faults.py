"""Every fault the sandbox can inject, met by the real client and by the real command line.

For each fault: the user gets one plain sentence (no traceback, no HTML), the request is
retried exactly as the retry rules say (counted on the server), no stream is ever made twice
(counted in the sandbox's registry), and nothing already in the local store is lost.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from comprimato_companion.comprimato.client import ComprimatoClient
from comprimato_companion.comprimato.errors import (
    ComprimatoError,
    CreateOutcomeUnknown,
    RateLimited,
    RequestTimedOut,
    ResponseNotUnderstood,
    ServerError,
)
from comprimato_companion.sandbox import Sandbox
from comprimato_companion.storage.stream_store import StreamStore

REPO = Path(__file__).resolve().parents[1]
STREAMS = "/v1/streams"


@dataclass(frozen=True)
class CreateFault:
    """A fault on ``POST /v1/streams`` and what the user must see.

    Attributes:
        inject: adds the fault to the sandbox.
        error: the client's error type (None: the create succeeds).
        sentence: words the user's message must contain.
        posts: POSTs the server must have seen (never more: a retried create may double).
        made: streams that exist on the server afterwards.
    """

    inject: Callable[[Sandbox], object]
    error: type[ComprimatoError] | None
    sentence: str
    posts: int
    made: int


CREATE_FAULTS: dict[str, CreateFault] = {
    "latency": CreateFault(lambda s: s.faults.latency("POST", STREAMS, 0.5), None, "", 1, 1),
    "500": CreateFault(lambda s: s.faults.status("POST", STREAMS, 500), CreateOutcomeUnknown,
                       "HTTP 500", 1, 0),
    "502": CreateFault(lambda s: s.faults.status("POST", STREAMS, 502), CreateOutcomeUnknown,
                       "HTTP 502", 1, 0),
    "503": CreateFault(lambda s: s.faults.status("POST", STREAMS, 503), CreateOutcomeUnknown,
                       "HTTP 503", 1, 0),
    "504": CreateFault(lambda s: s.faults.status("POST", STREAMS, 504), CreateOutcomeUnknown,
                       "HTTP 504", 1, 0),
    # A 429 proves the request reached the server: a create is never sent twice.
    "429 Retry-After": CreateFault(lambda s: s.faults.rate_limit("POST", STREAMS, "1"),
                                   RateLimited, "limiting requests", 1, 0),
    # A 2xx whose body cannot be read: the stream may exist, so the outcome is unknown.
    "malformed JSON": CreateFault(lambda s: s.faults.malformed_json("POST", STREAMS),
                                  CreateOutcomeUnknown, "not valid JSON", 1, 0),
    "created then unreadable": CreateFault(lambda s: s.faults.create_then_garbage(),
                                           CreateOutcomeUnknown, "could not be read", 1, 1),
    "HTML error page": CreateFault(lambda s: s.faults.html_error("POST", STREAMS, 502),
                                   CreateOutcomeUnknown, "HTTP 502", 1, 0),
    "truncated body": CreateFault(lambda s: s.faults.truncated("POST", STREAMS),
                                  CreateOutcomeUnknown, "cut short", 1, 0),
    "connection reset": CreateFault(lambda s: s.faults.reset("POST", STREAMS),
                                    CreateOutcomeUnknown, "no answer came back", 1, 0),
    "created then dropped": CreateFault(lambda s: s.faults.create_then_drop(),
                                        CreateOutcomeUnknown, "no answer came back", 1, 1),
}


def assert_plain(text: str) -> None:
    """A message for people: no traceback, no markup, no exception class names."""
    assert "Traceback" not in text
    assert "<" not in text and "html" not in text.lower()
    assert "Error:" not in text and "Exception" not in text


# --- the client ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(CREATE_FAULTS))
async def test_create_fault_through_the_client(api_sandbox: Sandbox, name: str) -> None:
    case = CREATE_FAULTS[name]
    store = StreamStore()
    async with ComprimatoClient(api_sandbox.api_url, api_sandbox.api_key,
                                backoff_base=0.01) as client:
        kept = await client.create_stream()
        store.add(kept, api_sandbox.api_url, "kept")
        posts_before = api_sandbox.request_count("POST", STREAMS)
        case.inject(api_sandbox)
        if case.error is None:
            made = await client.create_stream()
            store.add(made, api_sandbox.api_url)
        else:
            with pytest.raises(case.error) as caught:
                await client.create_stream()
            error = caught.value
            assert case.sentence in error.message
            assert error.next_step
            assert_plain(str(error))
            if isinstance(error, CreateOutcomeUnknown):
                # What the window and the command line do next: refresh, so nothing is lost.
                store.merge_remote(api_sandbox.api_url, await client.list_streams())

    assert api_sandbox.request_count("POST", STREAMS) - posts_before == case.posts
    on_server = {stream.id for stream in api_sandbox.registry.list()}
    assert len(on_server) == 1 + case.made
    in_store = {stored.stream.id for stored in store.streams(api_sandbox.api_url)}
    assert kept.id in in_store
    assert on_server <= in_store, "a stream made on the server is missing from the store"
    assert store.get(kept.id) is not None and store.get(kept.id).name == "kept"  # type: ignore[union-attr]


@dataclass(frozen=True)
class ReadFault:
    inject: Callable[[Sandbox], object]
    error: type[ComprimatoError] | None
    requests: int


READ_FAULTS: dict[str, ReadFault] = {
    "502 then fine": ReadFault(lambda s: s.faults.status("GET", STREAMS, 502), None, 2),
    "503 twice then fine": ReadFault(lambda s: s.faults.status("GET", STREAMS, 503, times=2),
                                     None, 3),
    "504 then fine": ReadFault(lambda s: s.faults.status("GET", STREAMS, 504), None, 2),
    "429 then fine": ReadFault(lambda s: s.faults.rate_limit("GET", STREAMS, "0"), None, 2),
    "reset then fine": ReadFault(lambda s: s.faults.reset("GET", STREAMS), None, 2),
    "truncated then fine": ReadFault(lambda s: s.faults.truncated("GET", STREAMS), None, 2),
    "500 is not retried": ReadFault(lambda s: s.faults.status("GET", STREAMS, 500), ServerError,
                                    1),
    "malformed is not retried": ReadFault(lambda s: s.faults.malformed_json("GET", STREAMS),
                                          ResponseNotUnderstood, 1),
    "HTML 502 every time": ReadFault(lambda s: s.faults.html_error("GET", STREAMS, 502,
                                                                   times=None), ServerError, 4),
    "slow every time": ReadFault(lambda s: s.faults.latency("GET", STREAMS, 1.0, times=None),
                                 RequestTimedOut, 4),
}


@pytest.mark.parametrize("name", list(READ_FAULTS))
async def test_read_fault_through_the_client(api_sandbox: Sandbox, name: str) -> None:
    case = READ_FAULTS[name]
    async with ComprimatoClient(api_sandbox.api_url, api_sandbox.api_key, backoff_base=0.01,
                                read_timeout=0.3) as client:
        made = await client.create_stream()
        case.inject(api_sandbox)
        before = api_sandbox.request_count("GET", STREAMS)
        if case.error is None:
            assert [s.id for s in await client.list_streams()] == [made.id]
            assert (await client.get_stream(made.id)).id == made.id
        else:
            with pytest.raises(case.error) as caught:
                await client.list_streams()
            assert_plain(str(caught.value))
            assert caught.value.next_step
    # The list request's attempts (the get afterwards adds one on success).
    seen = api_sandbox.request_count("GET", STREAMS) - before
    assert seen == case.requests + (1 if case.error is None else 0)
    api_sandbox.faults.clear()
    assert len(api_sandbox.registry.list()) == 1


# --- the command line ---------------------------------------------------------------------


def run_cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "comprimato_companion",
         *args], env={**env, "PYTHONPATH": str(REPO)}, cwd=REPO,
        capture_output=True, text=True, timeout=60, check=False,
    )


@pytest.mark.slow
@pytest.mark.parametrize("name", list(CREATE_FAULTS))
def test_create_fault_through_the_command_line(
    api_sandbox: Sandbox, sandbox_env: dict[str, str], name: str
) -> None:
    case = CREATE_FAULTS[name]
    first = run_cli(sandbox_env, "streams", "create", "--json", "--name", "kept")
    assert first.returncode == 0, first.stderr
    kept = json.loads(first.stdout)["id"]
    posts_before = api_sandbox.request_count("POST", STREAMS)
    case.inject(api_sandbox)

    done = run_cli(sandbox_env, "streams", "create", "--json")

    assert_plain(done.stderr)
    if case.error is None:
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout)["id"]
    else:
        assert done.returncode == 4
        assert done.stdout == ""
        assert done.stderr.startswith("comprimato-companion: ")
        assert case.sentence in done.stderr
    assert api_sandbox.request_count("POST", STREAMS) - posts_before == case.posts
    on_server = {stream.id for stream in api_sandbox.registry.list()}
    assert len(on_server) == 1 + case.made
    store = StreamStore()
    in_store = {stored.stream.id for stored in store.streams(api_sandbox.api_url)}
    assert on_server <= in_store, "a stream made on the server is missing from the store"
    kept_entry = store.get(kept)
    assert kept_entry is not None and kept_entry.name == "kept"
    if name == "created then dropped":
        assert "not known here before" in done.stderr  # the refresh found and kept it
