"""A quick read from the freedesktop Secret Service, the keyring of Linux desktops.

keyring finds its backend afresh in every process: it imports itself and every backend
plugin (the macOS one looks for a library with ``ldconfig``), then asks each whether it
works. On Linux that is some 0.1 s of a start-up that waits for the API key. Where keyring
would use the Secret Service anyway, this module reads the entry straight from it, filed
exactly as keyring's SecretService backend files it (attributes ``service`` and
``username``), over an encrypted session (secretstorage, keyring's own dependency).

It only ever answers "here is the secret": anything else (no Secret Service, a locked
collection that would need a prompt, an entry that is not there, a backend chosen through
``PYTHON_KEYRING_BACKEND`` or keyring's config file) is ``None``, and the caller asks keyring
as before. Writing and deleting always go through keyring.

The read blocks (a D-Bus round trip and a key exchange): call it in a worker thread.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
from pathlib import Path
from typing import Final

log = logging.getLogger(__name__)

#: The keyring entry of the Comprimato API key (``SecretStore.API_KEY``).
API_KEY_ENTRY: Final = "api-key"


def keyring_would_choose_it() -> bool:
    """Whether keyring is left to detect its backend on Linux (nothing chosen by hand)."""
    if not sys.platform.startswith("linux"):
        return False
    if os.environ.get("PYTHON_KEYRING_BACKEND", "").strip():
        return False
    try:
        config_home = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
        data_home = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    except RuntimeError:  # no home folder known: keyring decides
        return False
    # keyring's config file (and its older place) may name a backend or plugin path.
    return not any(
        (Path(root) / "python_keyring" / "keyringrc.cfg").exists()
        for root in (config_home, data_home)
    )


def read(service: str, name: str) -> str | None:
    """The secret ``name`` of ``service`` when the Secret Service hands it over at once;
    ``None`` in every other case (the caller then asks keyring). Blocks: call it in a
    worker thread."""
    if not keyring_would_choose_it():
        return None
    try:
        import secretstorage
    except ImportError:
        return None
    try:
        with contextlib.closing(secretstorage.dbus_init()) as connection:
            if not secretstorage.check_service_availability(connection):
                return None
            collection = secretstorage.get_default_collection(connection)
            if collection.is_locked():
                return None  # keyring asks to unlock it, or says it is locked
            for item in collection.search_items({"service": service, "username": name}):
                if item.is_locked():
                    return None
                secret: bytes = item.get_secret()
                return secret.decode("utf-8")
    except Exception as error:  # no bus, no service, a refusal: keyring decides then
        log.debug("the Secret Service could not be read directly (%s)", type(error).__name__)
    return None


__all__ = [
    "API_KEY_ENTRY",
    "keyring_would_choose_it",
    "read",
]
