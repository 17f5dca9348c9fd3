"""Secrets (the Comprimato API key, the OBS password): the system keyring first.

Where no keyring works (no Secret Service on D-Bus, a headless machine, keyring's "fail"
backend), secrets are kept in memory for the running process and the status says so in a
sentence. Only when the user explicitly chooses it (``use_file=True``) are they written to
``secrets.json`` in the config folder instead.

The file fallback is PLAIN TEXT, protected only by file permissions (0600 in a 0700
folder): anyone who can read the user's files, a backup or a copied disk can read it.
That is why it is the user's explicit choice and never a silent fallback.

Secret values never reach a log, an exception message or ``repr()``.
"""

from __future__ import annotations

import asyncio
import enum
import logging
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from .. import DIST_NAME
from ..i18n import QT_TRANSLATE_NOOP, translate, translate_marked
from . import secret_service
from .atomic import StorageError, remove_leftovers, set_aside, write_atomic
from .file_lock import exclusive_lock
from .paths import config_dir, ensure_private_dir
from .versioned import Unusable, encode_document, read_document

if TYPE_CHECKING:
    import keyring.backend

log = logging.getLogger(__name__)

SECRETS_VERSION = 1
SECRETS_FILE_NAME = "secrets.json"

# Kept in English, as keys to compare with; shown through translate_marked("Secrets", ...).
NO_KEYRING = QT_TRANSLATE_NOOP(
    "Secrets",
    "No system keyring is available on this computer; the API key is kept only until you quit.",
)
LOCKED = QT_TRANSLATE_NOOP("Secrets", "Your system keyring is locked; unlock it and try again.")

_LABELS = {
    "api-key": QT_TRANSLATE_NOOP("Secrets", "API key"),
    "obs-password": QT_TRANSLATE_NOOP("Secrets", "OBS password"),
}


def _label(name: str) -> str:
    """What the secret called ``name`` is, in the user's language."""
    return (
        translate_marked("Secrets", _LABELS[name])
        if name in _LABELS
        else translate("Secrets", "secret")
    )


_T = TypeVar("_T")


class SecretLocation(enum.Enum):
    """Where a secret was put."""

    KEYRING = "keyring"
    MEMORY = "memory"
    FILE = "file"


@dataclass(frozen=True)
class KeyringStatus:
    """Whether the system keyring works, for the settings page and the command line.

    Attributes:
        available: the keyring answered just now.
        backend: the keyring backend's name ("SecretService Keyring", "fail Keyring", ...).
        problem: one sentence for the user when it does not work; ``None`` when it does.
    """

    available: bool
    backend: str
    problem: str | None


class SecretsLocked(StorageError):
    """The keyring is there but locked: a saved secret cannot be read (it is not missing)."""

    def __init__(self, name: str) -> None:
        super().__init__(
            translate(
                "Secrets", "Your system keyring is locked, so the saved {what} cannot be read."
            ).format(what=_label(name)),
            translate(
                "Secrets",
                "Unlock the keyring (log in to it, for example with Passwords and Keys), "
                "then try again.",
            ),
        )


class _Failed:
    """A keyring call that raised; the reason is in the store's status."""


_FAILED = _Failed()


#: keyring's own backends that store nothing: naming one in PYTHON_KEYRING_BACKEND turns
#: the keyring off, which is known without importing the keyring package.
#: Their names as keyring gives them.
_NO_KEYRING_BACKENDS = {
    "keyring.backends.fail.Keyring": "fail Keyring",
    "keyring.backends.null.Keyring": "null Keyring",
}


class SecretStore:
    """The API key and the OBS password: keyring, else memory, else (by choice) a file.

    Reading looks in memory first (a value set while the keyring failed is the newest),
    then the keyring, then the file when ``use_file`` is on. Safe to call from several
    threads; the window uses the ``a*`` coroutines, which run the calls in a thread.

    Attributes:
        service: the keyring service name the secrets are filed under.
        file_path: the plain-text fallback file, used only with ``use_file``.
        use_file: the user chose to keep secrets in ``file_path`` when no keyring works.
        notice: set when an unreadable secrets file was set aside; ``None`` otherwise.
    """

    API_KEY = secret_service.API_KEY_ENTRY
    OBS_PASSWORD = "obs-password"  # noqa: S105 (a keyring entry name, not a password)

    def __init__(
        self,
        service: str = DIST_NAME,
        *,
        file_path: Path | None = None,
        use_file: bool = False,
    ) -> None:
        self.service = service
        self.file_path = file_path if file_path is not None else config_dir() / SECRETS_FILE_NAME
        self.use_file = use_file
        self.notice: str | None = None
        self._memory: dict[str, str] = {}
        self._lock = threading.RLock()
        self._backend: keyring.backend.KeyringBackend | None = None
        self._backend_name = ""
        self._backend_problem: str | None = None
        self._resolved = False
        self._last_problem: str | None = None

    def __repr__(self) -> str:
        held = ", ".join(sorted(self._memory)) or "none"
        return (
            f"SecretStore(service={self.service!r}, use_file={self.use_file}, in_memory=[{held}])"
        )

    # The interface

    def get(self, name: str) -> str | None:
        """The secret ``name``, or ``None`` when it is stored nowhere.

        Raises ``SecretsLocked`` when the keyring is locked and no other copy exists (a
        locked keyring is not an empty one), and ``StorageError`` when the opt-in file
        exists but cannot be read.
        """
        with self._lock:
            if name in self._memory:
                return self._memory[name]
            if not self._resolved:
                # Before keyring has been loaded in this process: the Secret Service may
                # hand the secret over without it (about 0.1 s less of start-up).
                found = secret_service.read(self.service, name)
                if found is not None:
                    self._last_problem = None
                    return found
            backend = self._usable_backend()
            locked = False
            if backend is not None:
                value = self._call(lambda: backend.get_password(self.service, name))
                if isinstance(value, str):
                    return value
                locked = value is _FAILED and self._last_problem == LOCKED
            found = self._read_file().get(name) if self.use_file else None
            if found is None and locked:
                raise SecretsLocked(name)
            return found

    @property
    def problem(self) -> str | None:
        """Why the keyring failed the last call (``LOCKED``, say); ``None`` when it worked."""
        return self._last_problem

    def in_memory(self) -> list[str]:
        """The names of the secrets kept only until the program quits."""
        with self._lock:
            return sorted(self._memory)

    def keep_again(self) -> SecretLocation:
        """Try again to put the secrets held in memory into the keyring (or the file).

        Returns ``MEMORY`` while any of them still has nowhere better to go.
        """
        with self._lock:
            where = SecretLocation.KEYRING
            for name, value in list(self._memory.items()):
                if self.set(name, value) is SecretLocation.MEMORY:
                    where = SecretLocation.MEMORY
            return where

    def set(self, name: str, value: str) -> SecretLocation:
        """Store ``value`` as ``name``; returns where it went.

        ``KEYRING`` when the keyring took it; otherwise ``FILE`` (with ``use_file``) or
        ``MEMORY`` (for this process only), and ``status().problem`` says why.
        """
        if not name:
            raise ValueError("a secret needs a name")
        with self._lock:
            backend = self._usable_backend()
            if backend is not None:
                result = self._call(lambda: backend.set_password(self.service, name, value))
                if result is not _FAILED:
                    self._memory.pop(name, None)
                    # A secret lives in one place: no plain-text copy once the keyring has it.
                    try:
                        self._remove_from_file(name)
                    except StorageError:
                        log.warning("an old copy may remain in %s", self.file_path)
                    return SecretLocation.KEYRING
            if self.use_file:
                self._change_file(lambda secrets: secrets.__setitem__(name, value))
                self._memory.pop(name, None)
                return SecretLocation.FILE
            self._memory[name] = value
            return SecretLocation.MEMORY

    def delete(self, name: str) -> None:
        """Forget ``name`` everywhere it may be stored; a missing secret is fine.

        Raises ``StorageError`` when the keyring is there but refused (locked, say), since
        the secret would otherwise silently stay in it.
        """
        with self._lock:
            self._memory.pop(name, None)
            self._remove_from_file(name)
            backend = self._usable_backend()
            if backend is None:
                return
            from keyring.errors import PasswordDeleteError

            try:
                backend.delete_password(self.service, name)
            except PasswordDeleteError:
                return  # nothing stored under that name
            except Exception as error:
                problem = self._record_failure(error)
                raise StorageError(
                    translate(
                        "Secrets", "The saved {what} could not be removed from the system keyring."
                    ).format(what=_label(name)),
                    translate_marked("Secrets", problem),
                ) from None
            self._last_problem = None

    def status(self) -> KeyringStatus:
        """Whether the keyring works right now (asks it; a locked keyring may prompt)."""
        with self._lock:
            backend = self._usable_backend()
            if backend is None:
                return KeyringStatus(False, self._backend_name, self._backend_problem)
            self._call(lambda: backend.get_password(self.service, "availability-check"))
            problem = self._last_problem
            return KeyringStatus(problem is None, self._backend_name, problem)

    async def aget(self, name: str) -> str | None:
        """:meth:`get` in a worker thread, for the window's event loop."""
        return await asyncio.to_thread(self.get, name)

    async def aset(self, name: str, value: str) -> SecretLocation:
        """:meth:`set` in a worker thread."""
        return await asyncio.to_thread(self.set, name, value)

    def set_use_file(self, use_file: bool) -> SecretLocation:
        """Turn the plain-text file on or off, moving the secrets so none is lost.

        On: secrets held in memory go to the keyring, else the file. Off: the file's
        secrets go to the keyring and leave the file; when the keyring cannot take them,
        ``StorageError`` and nothing changes (they would otherwise be lost at quit).
        Returns where the secrets now are at worst (``MEMORY`` while any is held there).
        """
        with self._lock:
            if use_file == self.use_file:
                return self.keep_again()
            if use_file:
                self.use_file = True
                return self.keep_again()
            in_file = self._read_file()
            backend = self._usable_backend()
            for name, value in in_file.items():
                result: object = _FAILED
                if backend is not None:
                    result = self._call(
                        lambda n=name, v=value: backend.set_password(self.service, n, v)  # type: ignore[misc]
                    )
                if result is _FAILED:
                    why = self._last_problem or self._no_keyring_problem()
                    raise StorageError(
                        translate(
                            "Secrets", "Your secrets cannot leave the file: no keyring took them."
                        ),
                        translate_marked("Secrets", why)
                        + " "
                        + translate("Secrets", "Keep the option on until a keyring works."),
                    )
                self._remove_from_file(name)
            self.use_file = False
            return self.keep_again()

    async def aset_use_file(self, use_file: bool) -> SecretLocation:
        """:meth:`set_use_file` in a worker thread."""
        return await asyncio.to_thread(self.set_use_file, use_file)

    async def akeep_again(self) -> SecretLocation:
        """:meth:`keep_again` in a worker thread."""
        return await asyncio.to_thread(self.keep_again)

    async def adelete(self, name: str) -> None:
        """:meth:`delete` in a worker thread."""
        await asyncio.to_thread(self.delete, name)

    async def astatus(self) -> KeyringStatus:
        """:meth:`status` in a worker thread."""
        return await asyncio.to_thread(self.status)

    # The keyring

    def _usable_backend(self) -> keyring.backend.KeyringBackend | None:
        """The keyring backend when a real one is configured; ``None`` for fail/null ones.

        Resolved once per store. ``PYTHON_KEYRING_BACKEND`` is read afresh (it names the
        backend explicitly); otherwise keyring's own detection decides.
        """
        if self._resolved:
            return self._backend
        self._resolved = True
        configured = os.environ.get("PYTHON_KEYRING_BACKEND", "").strip()
        if configured in _NO_KEYRING_BACKENDS:
            self._backend_name = _NO_KEYRING_BACKENDS[configured]
            log.info("keyring backend %r is not a real keyring", self._backend_name)
            self._backend_problem = self._no_keyring_problem()
            return None
        try:
            import keyring  # here, not at import: the package and its plugin lookup cost MiBs
            import keyring.core

            backend = keyring.core.load_env() or keyring.get_keyring()
            self._backend_name = str(backend.name)
            # keyring's own rule: priority below 1 is the fail, null or a plain-text backend.
            usable = float(backend.priority) >= 1
        except Exception as error:
            log.warning("no keyring backend could be loaded (%s)", type(error).__name__)
            self._backend_name = self._backend_name or "none"
            usable = False
            backend = None
        if usable:
            self._backend = backend
        else:
            log.info("keyring backend %r is not a real keyring", self._backend_name)
            self._backend_problem = self._no_keyring_problem()
        return self._backend

    def _call(self, operation: Callable[[], _T]) -> _T | _Failed:
        """Run a keyring operation; on any failure record the reason and return ``_FAILED``."""
        try:
            result = operation()
        except Exception as error:
            self._record_failure(error)
            return _FAILED
        self._last_problem = None
        return result

    def _record_failure(self, error: Exception) -> str:
        # The type only: messages from D-Bus libraries are not ours to vouch for.
        log.warning("the keyring %s failed (%s)", self._backend_name, type(error).__name__)
        from keyring.errors import KeyringLocked

        if isinstance(error, KeyringLocked) or type(error).__name__ == "LockedException":
            self._last_problem = LOCKED
        else:
            self._last_problem = self._no_keyring_problem()
        return self._last_problem

    def _no_keyring_problem(self) -> str:
        if self.use_file:
            return translate(
                "Secrets",
                "No system keyring is available on this computer; the API key is kept in "
                "{path}, as you chose.",
            ).format(path=self.file_path)
        return NO_KEYRING

    # The opt-in file

    def _read_file(self) -> dict[str, str]:
        """The secrets in the file; empty when there is none or it cannot be used."""
        if not self.file_path.exists():
            return {}
        try:
            with exclusive_lock(self._lock_path()):
                return self._read_file_locked()
        except OSError as error:
            raise _file_error(self.file_path, "read", error) from None

    def _read_file_locked(self) -> dict[str, str]:
        # Under the lock no writer is active: a temporary file is a killed one's, in clear.
        remove_leftovers(self.file_path)
        found = read_document(self.file_path, SECRETS_VERSION)
        if found is None:
            return {}
        secrets: Any = found if isinstance(found, Unusable) else found.get("secrets", {})
        if isinstance(found, Unusable) or not isinstance(secrets, dict):
            unusable = found if isinstance(found, Unusable) else Unusable("corrupt", "wrong type")
            moved = set_aside(self.file_path, unusable.reason)
            self.notice = translate(
                "Secrets",
                "The secrets file could not be used ({why}), so it was set aside as {path}; "
                "enter the API key again.",
            ).format(why=unusable.detail, path=moved)
            return {}
        return {k: v for k, v in secrets.items() if isinstance(k, str) and isinstance(v, str)}

    def _change_file(self, change: Callable[[dict[str, str]], object]) -> None:
        try:
            ensure_private_dir(self.file_path.parent)
            with exclusive_lock(self._lock_path()):
                secrets = self._read_file_locked()
                change(secrets)
                document = {"version": SECRETS_VERSION, "secrets": secrets}
                write_atomic(self.file_path, encode_document(document), mode=0o600)
        except OSError as error:
            raise _file_error(self.file_path, "write", error) from None

    def _remove_from_file(self, name: str) -> None:
        if not self.file_path.exists():
            return
        if name in self._read_file():
            self._change_file(lambda secrets: secrets.pop(name, None))

    def _lock_path(self) -> Path:
        return self.file_path.with_name(self.file_path.name + ".lock")


def _file_error(path: Path, verb: str, error: OSError) -> StorageError:
    reason = error.strerror or type(error).__name__
    if verb == "read":
        message = translate("Secrets", "Could not read the secrets file {path} ({reason}).")
    else:
        message = translate("Secrets", "Could not write the secrets file {path} ({reason}).")
    return StorageError(
        message.format(path=path, reason=reason),
        translate("Secrets", "Check that the folder exists and that you can write to it."),
    )
