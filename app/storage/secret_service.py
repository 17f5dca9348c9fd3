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

The read itself is some 35 ms of CPU (secretstorage and cryptography imported, a
Diffie-Hellman exchange), all of it holding the interpreter lock that start-up's imports
need too. Where a second CPU is free, a short-lived helper process (this module, run with
``python -m``) does it there and hands the secret back through a pipe of its own: never a
file, an argument or the environment. The window starts the API key's helper before it even loads
Qt (``read_ahead``), so the key is there when the session asks. Where the helper cannot
run (a frozen bundle, one CPU, it failed to start), the read happens in this process.
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import os
import select
import signal
import sys
import threading
import time
from pathlib import Path
from typing import Final

log = logging.getLogger(__name__)

#: The helper's exit status when the Secret Service did not hand the secret over (0 when
#: it did, the secret on its answer pipe; anything else: the helper itself failed).
NOT_HANDED_OVER: Final = 3
#: The helper's file descriptor for its answer (a pipe to this process).
ANSWER_FD: Final = 3
#: The keyring entry of the Comprimato API key (``SecretStore.API_KEY``).
API_KEY_ENTRY: Final = "api-key"
#: How long the helper may take. A Secret Service that does not answer would block a read
#: in this process just as long; after it, keyring is asked.
HELPER_TIMEOUT: Final = 10.0


def keyring_would_choose_it() -> bool:
    """Whether keyring is left to detect its backend on Linux (nothing chosen by hand)."""
    if not sys.platform.startswith("linux"):
        return False
    if os.environ.get("PYTHON_KEYRING_BACKEND", "").strip():
        return False
    config_home = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    data_home = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    # keyring's config file (and its older place) may name a backend or plugin path.
    return not any(
        (Path(root) / "python_keyring" / "keyringrc.cfg").exists()
        for root in (config_home, data_home)
    )


def read_ahead(service: str, name: str) -> None:
    """Start reading ``name`` of ``service`` now, in a helper process, for a later
    :func:`read` of the same entry to collect: the program's own start-up goes on
    meanwhile. Does nothing where :func:`read` would not use a helper. Never blocks."""
    if not keyring_would_choose_it() or not _helper_worthwhile():
        return
    with _ahead_lock:
        if (service, name) not in _ahead:
            helper = _Helper.start(service, name)
            if helper is not None:
                if not _ahead:
                    atexit.register(_discard_unread)
                _ahead[(service, name)] = helper


def read(service: str, name: str) -> str | None:
    """The secret ``name`` of ``service`` when the Secret Service hands it over at once;
    ``None`` in every other case (the caller then asks keyring). Blocks: call it in a
    worker thread."""
    with _ahead_lock:
        helper = _ahead.pop((service, name), None)
    if not keyring_would_choose_it():
        if helper is not None:
            helper.discard()
        return None
    if helper is None and _helper_worthwhile():
        helper = _Helper.start(service, name)
    if helper is not None:
        answer = helper.answer(HELPER_TIMEOUT)
        if not isinstance(answer, _HelperFailed):
            return answer
    return read_here(service, name)


class _HelperFailed:
    """The helper did not run to an answer (as opposed to answering "not handed over")."""


_HELPER_FAILED: Final = _HelperFailed()


class _Helper:
    """One helper process reading one entry; its answer is collected once."""

    def __init__(self, name: str, pid: int, output: int) -> None:
        self.name = name
        self._pid = pid
        self._output = output  # the read end of the helper's answer pipe
        self._started = time.monotonic()

    @classmethod
    def start(cls, service: str, name: str) -> _Helper | None:
        """The helper started (``posix_spawn``: cheap however large this process is);
        ``None`` when it cannot be."""
        command = _helper_command(service, name)
        output, helper_output = os.pipe()
        try:
            pid = os.posix_spawn(
                command[0],
                command,
                _helper_env(),
                file_actions=[
                    (os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
                    # The answer has a pipe of its own: nothing else the helper's Python
                    # might print (a site hook, say) can end up in the secret.
                    (os.POSIX_SPAWN_DUP2, helper_output, ANSWER_FD),
                    (os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0),
                    # Its errors are a traceback at most: they say nothing more than its
                    # exit status does.
                    (os.POSIX_SPAWN_OPEN, 2, os.devnull, os.O_WRONLY, 0),
                ],
            )
        except OSError as error:
            os.close(output)
            log.debug("no helper process for the Secret Service (%s)", type(error).__name__)
            return None
        finally:
            os.close(helper_output)
        return cls(name, pid, output)

    def answer(self, timeout: float) -> str | _HelperFailed | None:
        """The secret, ``None`` (not handed over, or no answer within ``timeout`` seconds
        of the start), or ``_HELPER_FAILED``."""
        deadline = self._started + timeout
        chunks: list[bytes] = []
        try:
            while True:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    log.info("the Secret Service did not answer within %.0f s", timeout)
                    self._stop()
                    return None
                readable, _, _ = select.select([self._output], [], [], remaining)
                if not readable:
                    continue
                chunk = os.read(self._output, 4096)
                if not chunk:
                    break
                chunks.append(chunk)
        finally:
            os.close(self._output)
        status = os.waitstatus_to_exitcode(os.waitpid(self._pid, 0)[1])
        if status == 0:
            log.debug("%s read from the Secret Service by a helper process in %.0f ms",
                      self.name, (time.monotonic() - self._started) * 1000)
            return b"".join(chunks).decode("utf-8")
        if status == NOT_HANDED_OVER:
            return None
        log.debug("the Secret Service helper failed (exit status %s)", status)
        return _HELPER_FAILED

    def discard(self) -> None:
        """Stop it, its answer unread."""
        os.close(self._output)
        self._stop()

    def _stop(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(self._pid, signal.SIGKILL)
        os.waitpid(self._pid, 0)


#: Helpers started by read_ahead, not yet collected by read.
_ahead: dict[tuple[str, str], _Helper] = {}
_ahead_lock = threading.Lock()


def _discard_unread() -> None:
    """At exit: stop the helpers nobody asked for (the window handed over, say)."""
    with _ahead_lock:
        helpers = list(_ahead.values())
        _ahead.clear()
    for helper in helpers:
        helper.discard()


def _helper_worthwhile() -> bool:
    """A helper process helps only beside this one: with a second CPU, and a Python to
    run it (a frozen bundle has none)."""
    if getattr(sys, "frozen", False) or not sys.executable:
        return False
    try:
        return len(os.sched_getaffinity(0)) > 1
    except (AttributeError, OSError):
        return (os.cpu_count() or 1) > 1


def _helper_command(service: str, name: str) -> list[str]:
    """This module run by this Python; ``-P``: nothing from the current folder."""
    return [sys.executable, "-P", "-m", "app.storage.secret_service", service, name]


def _helper_env() -> dict[str, str]:
    """The environment with this program's own package first on the path, so the helper
    runs exactly this code however the program was started (installed, or from a checkout
    through PYTHONPATH)."""
    env = dict(os.environ)
    package_root = str(Path(__file__).resolve().parents[2])
    inherited = env.get("PYTHONPATH", "")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, (package_root, inherited)))
    return env


def read_here(service: str, name: str) -> str | None:
    """:func:`read` in this process (the helper's own way)."""
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


def _main(argv: list[str]) -> int:
    """The helper: the secret on ``ANSWER_FD`` and status 0, else NOT_HANDED_OVER."""
    service, name = argv
    secret = read_here(service, name)
    if secret is None:
        return NOT_HANDED_OVER
    with os.fdopen(ANSWER_FD, "w", encoding="utf-8") as answer:
        answer.write(secret)
    return 0


if __name__ == "__main__":
    raise SystemExit(_main(sys.argv[1:]))


__all__ = [
    "API_KEY_ENTRY",
    "HELPER_TIMEOUT",
    "NOT_HANDED_OVER",
    "keyring_would_choose_it",
    "read",
    "read_ahead",
    "read_here",
]
