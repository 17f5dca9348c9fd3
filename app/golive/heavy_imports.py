"""The modules the session needs once the window has painted, imported in a worker thread.

httpx, obsws-python, the keyring and the sandbox take a noticeable moment to import;
doing it on the window's thread would freeze the window that just painted. The session's
start runs ``import_heavy_modules`` with ``asyncio.to_thread`` while it reads the settings
and the list; a failure here (a broken install) is the start's failure.
"""

from __future__ import annotations


def import_heavy_modules(sandbox: bool) -> None:
    """Import what the session needs next (runs in a worker thread); with ``sandbox``,
    the local Comprimato too (and plain HTTP only: no TLS certificates to load)."""
    from ..comprimato import client
    from ..obs import observer, supervisor  # noqa: F401
    from ..storage import secrets  # noqa: F401
    from . import flow, live_watch  # noqa: F401

    client.load_transport(tls=not sandbox)
    if sandbox:
        from .. import sandbox as sandbox_package  # noqa: F401


__all__ = ["import_heavy_modules"]
