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

Even so the read is some 35 ms of CPU (secretstorage and cryptography imported, a
Diffie-Hellman exchange), all of it holding the interpreter lock that the window's start-up
needs too. So the window starts the API key's read before it even loads Qt
(:func:`read_ahead`), in a short-lived helper process on another CPU, and the session's
first :func:`read` of the key collects its answer. The helper is this module run by this
Python in isolated mode; it answers through a pipe of its own (never a file, an argument,
the environment or its standard output). Every other read, and every read where the
helper cannot help (one CPU, a frozen bundle) or gives no answer, happens in this process.
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

#: The keyring entry of the Comprimato API key (``SecretStore.API_KEY``).
API_KEY_ENTRY: Final = "api-key"
#: How long a read waits for the helper's answer. A confirmation the Secret Service asks
#: the user for (some keyrings ask before handing a secret over) counts: generous, but not
#: forever.
HELPER_TIMEOUT: Final = 120.0
#: The helper's file descriptor for its answer: one byte, FOUND or NOT_HANDED_OVER, then
#: with FOUND the secret in UTF-8. Anything else (nothing at all) means it failed.
ANSWER_FD: Final = 3
FOUND: Final = b"1"
NOT_HANDED_OVER: Final = b"0"


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


def read_ahead(service: str, name: str) -> None:
    """Start reading ``name`` of ``service`` now, in a helper process, for the next
    :func:`read` of the same entry to collect: the program's own start-up goes on
    meanwhile. Does nothing where a helper would not help. Never blocks, never raises."""
    try:
        if not keyring_would_choose_it() or not helper_worthwhile():
            return
        with _ahead_lock:
            if (service, name) not in _ahead:
                helper = _Helper.start(service, name)
                if helper is not None:
                    _ahead[(service, name)] = helper
    except Exception as error:  # the read in this process remains
        log.debug("no read ahead from the Secret Service (%s)", type(error).__name__)


def read(service: str, name: str) -> str | None:
    """The secret ``name`` of ``service`` when the Secret Service hands it over at once;
    ``None`` in every other case (the caller then asks keyring). Collects the helper's
    answer when the entry was read ahead, else reads in this process. Blocks: call it in a
    worker thread."""
    with _ahead_lock:
        helper = _ahead.pop((service, name), None)
    if not keyring_would_choose_it():
        if helper is not None:
            helper.discard()
        return None
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

    def __init__(self, name: str, pid: int, answers: int) -> None:
        self.name = name
        self._pid = pid
        self._answers = answers  # the read end of the helper's answer pipe
        self._started = time.monotonic()

    @classmethod
    def start(cls, service: str, name: str) -> _Helper | None:
        """The helper started (``posix_spawn``: cheap however large this process is);
        ``None`` when it cannot be."""
        try:
            answers, helper_end = os.pipe()
        except OSError:
            return None
        try:
            command = _helper_command(service, name)
            pid = os.posix_spawn(
                command[0],
                command,
                dict(os.environ),
                file_actions=[
                    (os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
                    (os.POSIX_SPAWN_DUP2, helper_end, ANSWER_FD),
                    (os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0),
                    # Its errors are a traceback at most: they say nothing more than a
                    # missing answer does.
                    (os.POSIX_SPAWN_OPEN, 2, os.devnull, os.O_WRONLY, 0),
                ],
                # Its own process group: Ctrl+C in the terminal stops the program, whose
                # exit stops the helper (_discard_unread).
                setpgroup=0,
            )
        except OSError as error:
            os.close(answers)
            log.debug("no helper process for the Secret Service (%s)", type(error).__name__)
            return None
        finally:
            os.close(helper_end)
        return cls(name, pid, answers)

    def answer(self, timeout: float) -> str | _HelperFailed | None:
        """The secret, ``None`` (not handed over, or no answer within ``timeout`` seconds
        from now), or ``_HELPER_FAILED``. The helper is gone when this returns."""
        try:
            received = self._receive(timeout)
        except Exception as error:
            log.debug("the Secret Service helper's answer was lost (%s)", type(error).__name__)
            return _HELPER_FAILED
        finally:
            self.discard()
        if received is None:
            log.info("the Secret Service did not answer within %.0f s", timeout)
            return None
        if received.startswith(FOUND):
            try:
                secret = received[len(FOUND):].decode("utf-8")
            except UnicodeDecodeError:
                return _HELPER_FAILED
            log.debug("%s read from the Secret Service by a helper process %.0f ms after "
                      "its start", self.name, (time.monotonic() - self._started) * 1000)
            return secret
        if received == NOT_HANDED_OVER:
            return None
        log.debug("the Secret Service helper failed (%d bytes of answer)", len(received))
        return _HELPER_FAILED

    def discard(self) -> None:
        """Close its pipe and stop it (at once: its answer, if any, is in or unwanted)."""
        if self._answers < 0:
            return
        with contextlib.suppress(OSError):
            os.close(self._answers)
        self._answers = -1
        with contextlib.suppress(OSError):  # gone already, or reaped elsewhere
            os.kill(self._pid, signal.SIGKILL)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(self._pid, 0)

    def _receive(self, timeout: float) -> bytes | None:
        """Everything the helper wrote until it closed its end; ``None`` past ``timeout``."""
        deadline = time.monotonic() + timeout
        waiting = select.poll()
        waiting.register(self._answers, select.POLLIN)
        chunks: list[bytes] = []
        while True:
            remaining = deadline - time.monotonic()
            if not waiting.poll(max(remaining, 0) * 1000):
                if remaining <= 0:
                    return None
                continue
            chunk = os.read(self._answers, 4096)
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)


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


atexit.register(_discard_unread)


def helper_worthwhile() -> bool:
    """A helper process helps only beside this one: with a second CPU, and a Python to
    run it (a frozen bundle has none)."""
    if getattr(sys, "frozen", False) or not sys.executable:
        return False
    try:
        return len(os.sched_getaffinity(0)) > 1
    except (AttributeError, OSError):
        return (os.cpu_count() or 1) > 1


#: The helper's program: this module's _main, this program's own copy of it.
_HELPER_SCRIPT: Final = (
    "import sys\n"
    "root = sys.argv.pop(1)\n"
    "if root not in sys.path: sys.path.append(root)\n"
    f"from {__name__} import _main\n"
    "raise SystemExit(_main(sys.argv[1:]))\n"
)


def _helper_command(service: str, name: str) -> list[str]:
    """This Python in isolated mode (``-I``: no PYTHON* variables, no user site, nothing
    from the current folder), this program's package found where it runs from."""
    package_root = str(Path(__file__).resolve().parents[2])
    return [sys.executable, "-I", "-c", _HELPER_SCRIPT, package_root, service, name]


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
    """The helper: reads, answers on ``ANSWER_FD``, and ends at once."""
    import stat

    service, name = argv
    try:
        if not stat.S_ISFIFO(os.fstat(ANSWER_FD).st_mode):
            return 2  # run by hand: no secret onto whatever that descriptor is
        os.set_inheritable(ANSWER_FD, False)
    except OSError:
        return 2
    secret = read_here(service, name)
    answer = NOT_HANDED_OVER if secret is None else FOUND + secret.encode("utf-8")
    while answer:
        answer = answer[os.write(ANSWER_FD, answer):]
    os.close(ANSWER_FD)
    # The answer is in: skip tearing down the interpreter (cryptography, the D-Bus
    # connection), which the program would otherwise wait for.
    os._exit(0)


__all__ = [
    "API_KEY_ENTRY",
    "HELPER_TIMEOUT",
    "helper_worthwhile",
    "keyring_would_choose_it",
    "read",
    "read_ahead",
    "read_here",
]
