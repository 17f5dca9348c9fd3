"""The window's own sandbox: where it listens, and how its streams outlive it.

The sandbox keeps its streams, keys and ports in a file of its own (``sandbox.json`` beside
the stream list, ``app.sandbox.saved_state``), so after a restart the list shows them
again and their shared links, QR codes and SRT addresses work again (each ``Stopped``
until its SRT arrives). It listens on the port of its last start, which its links carry;
the first time, and when that port is taken, on a port of its own for each user of the
computer (``personal_port``), else on any free one (links made before then lead nowhere
while it runs there; its streams are listed all the same).

When its streams cannot be kept (the file belongs to another running sandbox, or the disk
refuses it), they last as long as the sandbox does, as before: they are removed from the
user's store when it stops, and the notice says so.

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
from collections.abc import Iterable
from pathlib import Path
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


async def start_sandbox(
    port: int, *, lan: bool = False, state_path: Path | None = None
) -> Sandbox:
    """Start a sandbox in a worker thread: on the port of its last start (its links carry
    it), else ``port``, else any free one; with ``state_path`` its streams, keys and ports
    are kept there.

    ``Sandbox.start`` binds sockets and loads libsrt: never on the window's thread. With
    ``lan``, the player is shared on the LAN address once the sandbox runs; when that
    fails, the sandbox runs without it and ``lan_problem`` (a ``SandboxError``) says why.
    """
    from ..sandbox import Sandbox, SandboxError
    from ..sandbox.saved_state import SandboxStateFile

    def made(port: int) -> Sandbox:
        state = SandboxStateFile(state_path) if state_path is not None else None
        # The port of the last start first: the links and QR codes shared carry it.
        return Sandbox(port=port, state_file=state, saved_port_first=True)

    sandbox = made(port)
    try:
        await asyncio.to_thread(sandbox.start)
    except SandboxError:
        if port == 0:
            raise
        sandbox = made(0)  # another instance or program holds the usual port
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


async def forget_sandbox_streams(
    store: StreamStore, api_url: str, keep: Iterable[str] = ()
) -> int:
    """Remove the streams of the sandbox at ``api_url`` from the store, but those whose id
    is in ``keep`` (the sandbox still has them); returns how many."""
    return await asyncio.to_thread(store.remove_all, api_url, frozenset(keep))


class InAppSandbox:
    """The window's own sandbox: started when sandbox mode needs it, its streams kept for
    the next start, its player shared on the LAN when asked.

    Args:
        store: the stream store its streams are listed in (and forgotten from when the
            sandbox cannot keep them).
        port: its HTTP port; ``None`` for this user's own (``personal_port``), 0 for any.
        state_path: where it keeps its streams (default: ``sandbox.json`` beside the
            store's file, so in the data folder, or a test's own folder).

    Attributes:
        sandbox: the running sandbox, ``None`` before ``start`` and after ``stop``.
        lan_notice: the sandbox's own notice: what sharing on the LAN exposes (or why it
            failed), else why its streams are not kept; ``None`` when there is neither.
        from_last_run: the streamer keys of the streams an earlier run kept and this run
            has not sent to OBS: their session ended, so OBS holding one gets the user's
            own settings back, as after a quit.
    """

    def __init__(
        self, store: StreamStore, port: int | None = None, state_path: Path | None = None
    ) -> None:
        from ..sandbox.saved_state import STATE_FILE_NAME

        self._store = store
        self._port = port
        self._state_path = state_path or store.path.with_name(STATE_FILE_NAME)
        self.sandbox: Sandbox | None = None
        self.lan_notice: Notice | None = None
        self.from_last_run: frozenset[str] = frozenset()

    async def start(self, *, lan: bool) -> Sandbox:
        """The running sandbox, started now if it is not (on the LAN with ``lan``)."""
        if self.sandbox is None:
            port = personal_port() if self._port is None else self._port
            self.sandbox = sandbox = await start_sandbox(
                port, lan=lan, state_path=self._state_path
            )
            kept = sandbox.registry.list()
            self.from_last_run = frozenset(s.streamer_key for s in kept)
            # Streams stored for its address that it does not have are leftovers (a run
            # that could not keep them and did not stop cleanly); those it has are listed,
            # even where the list lost them (set aside, or the sandbox on another port).
            await forget_sandbox_streams(self._store, sandbox.api_url, (s.id for s in kept))
            await asyncio.to_thread(self._store.merge_remote, sandbox.api_url, kept)
        self.lan_notice = _sandbox_notice(self.sandbox)
        return self.sandbox

    def sending(self, streamer_key: str) -> None:
        """A stream goes to OBS in this run: it is no earlier run's leftover any more."""
        self.from_last_run = self.from_last_run - {streamer_key}

    async def share(self, on: bool) -> tuple[Notice | None, Notice | None]:
        """Turn the LAN player server on or off (nothing when not running); returns its
        notice before and after, for the session to replace the one with the other."""
        was = self.lan_notice
        if self.sandbox is not None:
            await share_on_lan(self.sandbox, on)
            self.lan_notice = _sandbox_notice(self.sandbox)
        return was, self.lan_notice

    async def stop(self) -> None:
        """Stop it; its streams stay for the next start when it could keep them, else
        they are forgotten (they end with it). Idempotent."""
        sandbox, self.sandbox = self.sandbox, None
        self.lan_notice = None
        if sandbox is None:
            return
        started = time.monotonic()
        api_url = sandbox.api_url  # known only while it runs
        kept = sandbox.state_file is not None and sandbox.state_file.owned
        await asyncio.to_thread(sandbox.stop)
        log.debug("sandbox stopped in %.2f s", time.monotonic() - started)
        if not kept:
            with contextlib.suppress(CompanionError, OSError):
                await forget_sandbox_streams(self._store, api_url)


def _sandbox_notice(sandbox: Sandbox) -> Notice | None:
    """Say what the sandbox exposes to the network, or why sharing failed; else why its
    streams are not kept for the next start."""
    if sandbox.lan_problem is not None:
        return Notice.of(sandbox.lan_problem)
    if sentence := lan_sentence(sandbox):
        return Notice(sentence, translate("Session", "Turn it off in Settings."), "info")
    if sandbox.saved_notice is not None:
        return Notice(sandbox.saved_notice, "", "warning")
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
