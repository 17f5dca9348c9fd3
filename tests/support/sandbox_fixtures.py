"""Fixtures around a real, started sandbox (real loopback sockets, real threads).

* ``sandbox``: a started :class:`Sandbox` (SRT ingest on when libsrt loads), stopped after
  the test; ``stopped_grace`` is short so status tests stay quick.
* ``api_sandbox``: the same without the SRT ingest, for API-only tests.
* ``sandbox_env``: the environment a command-line subprocess needs to use ``sandbox``.
* ``http_client``: a plain ``httpx.Client`` for raw requests (shares the TLS context).
* ``closed_port``: a loopback TCP port nothing listens on (connection refused).
* :func:`wait_until`: poll a condition with a deadline, for the few places with no event.
"""

from __future__ import annotations

import os
import socket
import time
from collections.abc import Callable, Iterator

import httpx
import pytest

from comprimato_companion.comprimato.client import tls_context
from comprimato_companion.sandbox import Sandbox

#: Test streams turn Stopped this long after their publisher leaves.
TEST_STOPPED_GRACE = 0.5


def wait_until(condition: Callable[[], bool], timeout: float = 5.0, interval: float = 0.02) -> None:
    """Return once ``condition()`` is true; fail the test after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"condition not met within {timeout} s")
        time.sleep(interval)  # polling a condition that has no event to wait on


@pytest.fixture
def sandbox() -> Iterator[Sandbox]:
    with Sandbox(stopped_grace=TEST_STOPPED_GRACE) as running:
        yield running


@pytest.fixture
def api_sandbox() -> Iterator[Sandbox]:
    with Sandbox(stopped_grace=TEST_STOPPED_GRACE, ingest=False) as running:
        yield running


@pytest.fixture
def sandbox_env(api_sandbox: Sandbox) -> dict[str, str]:
    """``os.environ`` (already isolated by conftest) plus the sandbox's addresses and key."""
    env = dict(os.environ)
    env.update(
        COMPRIMATO_API_URL=api_sandbox.api_url,
        COMPRIMATO_API_KEY=api_sandbox.api_key,
        COMPRIMATO_INGEST_URL="srt://127.0.0.1:9999",
        COMPRIMATO_PLAYER_URL=api_sandbox.player_url_template,
    )
    return env


@pytest.fixture
def closed_port() -> int:
    """A loopback port that was just free: connecting to it is refused."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def http_client() -> Iterator[httpx.Client]:
    with httpx.Client(verify=tls_context(), timeout=5) as client:
        yield client
