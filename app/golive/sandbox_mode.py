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
import getpass
import os
import zlib
from typing import TYPE_CHECKING, Final

from ..i18n import translate

if TYPE_CHECKING:
    from ..sandbox import Sandbox
    from ..storage.stream_store import StreamStore

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


__all__ = [
    "PORT_BASE",
    "PORT_SPAN",
    "forget_sandbox_streams",
    "lan_sentence",
    "personal_port",
    "share_on_lan",
    "start_sandbox",
]
