"""The window's own sandbox: where it listens, and why its streams do not outlive it.

The sandbox keeps its streams in memory, so once it stops they exist nowhere: a stream of
an earlier run would still show in the list but nothing could be done with it. The honest
behaviour is that sandbox streams last as long as the sandbox does. They are removed from
the user's store when the sandbox stops; the sandbox listens on a port of its own for each
user of the computer, so streams left by a run that never stopped cleanly (killed, power
cut) are recognised by their address and removed at the next start. When that port is
taken the sandbox takes any free one, and only the clean stop applies.

The user's OBS backup stays in the user's store, so "Restore my previous OBS settings"
keeps working after the sandbox is gone.
"""

from __future__ import annotations

import asyncio
import contextlib
import getpass
import logging
import os
import time
import zlib
from typing import TYPE_CHECKING, Final

from ..errors import CompanionError
from ..i18n import translate
from .view_state import Notice

if TYPE_CHECKING:
    from ..sandbox import Sandbox
    from ..storage.stream_store import StreamStore

log = logging.getLogger(__name__)

#: The in-app sandbox's HTTP port is PORT_BASE plus a per-user offset below PORT_SPAN.
PORT_BASE: Final = 47600
PORT_SPAN: Final = 200


def personal_port() -> int:
    """A port that stays the same for this user across runs, and differs between users."""
    getuid = getattr(os, "getuid", None)
    if getuid is not None:
        ident = int(getuid())
    else:  # Windows: no numeric user id
        try:
            ident = zlib.crc32(getpass.getuser().encode("utf-8", "replace"))
        except (OSError, KeyError, ImportError):
            ident = 0
    return PORT_BASE + ident % PORT_SPAN


async def start_sandbox(port: int, *, lan: bool = False) -> Sandbox:
    """Start a sandbox on ``port`` (any free port when it is taken) in a worker thread.

    ``Sandbox.start`` binds sockets and loads libsrt: never on the window's thread. With
    ``lan``, the player is shared on the LAN address once the sandbox runs; when that
    fails, the sandbox runs without it and ``lan_problem`` (a ``SandboxError``) says why.
    """
    from ..sandbox import Sandbox, SandboxError

    sandbox = Sandbox(port=port)
    try:
        await asyncio.to_thread(sandbox.start)
    except SandboxError:
        if port == 0:
            raise
        sandbox = Sandbox(port=0)  # another instance or program holds the usual port
        await asyncio.to_thread(sandbox.start)
    if lan:
        await share_on_lan(sandbox, True)
    return sandbox


async def share_on_lan(sandbox: Sandbox, on: bool) -> None:
    """Turn LAN sharing on or off in a worker thread; a failure is kept in ``lan_problem``."""
    from ..sandbox import SandboxError

    try:
        await asyncio.to_thread(sandbox.share_on_lan, "auto" if on else None)
        sandbox.lan_problem = None
    except SandboxError as error:
        sandbox.lan_problem = error


def lan_sentence(sandbox: Sandbox) -> str:
    """What the sandbox exposes to the network, in one sentence, for the window."""
    if sandbox.lan_address is None:
        return ""
    link = sandbox.player_url_template.replace("/play/{player_key}", "")
    return translate(
        "SandboxMode",
        "Shared on your network at {link}: the player pages and their video only, "
        "read-only. The API and the SRT ingest stay on this computer.",
    ).format(link=link)


async def forget_sandbox_streams(store: StreamStore, api_url: str) -> int:
    """Remove the streams of the sandbox at ``api_url`` from the store; returns how many."""

    return await asyncio.to_thread(store.remove_all, api_url)


class InAppSandbox:
    """The window's own sandbox: started when sandbox mode needs it, its streams gone
    with it, its player shared on the LAN when asked.

    Args:
        store: the stream store its streams are forgotten from.
        port: its HTTP port; ``None`` for this user's own (``personal_port``), 0 for any.

    Attributes:
        sandbox: the running sandbox, ``None`` before ``start`` and after ``stop``.
        lan_notice: what sharing on the LAN exposes (or why it failed); ``None`` when off.
    """

    def __init__(self, store: StreamStore, port: int | None = None) -> None:
        self._store = store
        self._port = port
        self.sandbox: Sandbox | None = None
        self.lan_notice: Notice | None = None

    async def start(self, *, lan: bool) -> Sandbox:
        """The running sandbox, started now if it is not (on the LAN with ``lan``)."""
        if self.sandbox is None:
            port = personal_port() if self._port is None else self._port
            self.sandbox = await start_sandbox(port, lan=lan)
            # A fresh sandbox has no streams: any stored for its address are leftovers of
            # a run that did not stop cleanly.
            await forget_sandbox_streams(self._store, self.sandbox.api_url)
        self.lan_notice = _lan_notice(self.sandbox)
        return self.sandbox

    async def share(self, on: bool) -> None:
        """Turn the LAN player server on or off (nothing when not running)."""
        if self.sandbox is not None:
            await share_on_lan(self.sandbox, on)
            self.lan_notice = _lan_notice(self.sandbox)

    async def stop(self) -> None:
        """Stop it and forget its streams: they end with it. Idempotent."""
        sandbox, self.sandbox = self.sandbox, None
        self.lan_notice = None
        if sandbox is None:
            return
        started = time.monotonic()
        api_url = sandbox.api_url  # known only while it runs
        await asyncio.to_thread(sandbox.stop)
        log.debug("sandbox stopped in %.2f s", time.monotonic() - started)
        with contextlib.suppress(CompanionError, OSError):
            await forget_sandbox_streams(self._store, api_url)


def _lan_notice(sandbox: Sandbox) -> Notice | None:
    """Say what the sandbox exposes to the network, or why sharing failed."""
    if sandbox.lan_problem is not None:
        return Notice.of(sandbox.lan_problem)
    if sentence := lan_sentence(sandbox):
        return Notice(sentence, translate("Session", "Turn it off in Settings."), "info")
    return None


__all__ = [
    "PORT_BASE",
    "PORT_SPAN",
    "InAppSandbox",
    "forget_sandbox_streams",
    "lan_sentence",
    "personal_port",
    "share_on_lan",
    "start_sandbox",
]
