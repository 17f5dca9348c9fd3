"""A lock shared between processes: the window and the command line may write at once.

The lock is held on a separate, never-replaced ``<file>.lock`` (the data file itself is
swapped by every atomic write, so a lock on it would not be shared). ``flock`` on POSIX,
``msvcrt.locking`` on Windows; both are released by the OS when a process dies, so a
crashed writer never blocks the next one.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .. import APP_NAME
from ..i18n import translate
from .atomic import StorageError

#: How long to wait for another process to finish its write before giving up.
LOCK_TIMEOUT = 15.0


@contextmanager
def exclusive_lock(lock_path: Path, timeout: float = LOCK_TIMEOUT) -> Iterator[None]:
    """Hold the inter-process lock on ``lock_path`` for the ``with`` block.

    Raises ``StorageError`` when another process holds it for longer than ``timeout``.
    """
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        _acquire(fd, lock_path, timeout)
        try:
            yield
        finally:
            _release(fd)
    finally:
        os.close(fd)


def _busy(lock_path: Path) -> StorageError:
    return StorageError(
        translate("StoredFile", "Another {app} process has kept {path} busy for too long.").format(
            app=APP_NAME, path=lock_path.with_suffix("")
        ),
        translate("StoredFile", "Close other {app} windows or commands and try again.").format(
            app=APP_NAME
        ),
    )


if sys.platform == "win32":
    import msvcrt

    def _acquire(fd: int, lock_path: Path, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        pause = 0.001
        while True:
            os.lseek(fd, 0, os.SEEK_SET)
            try:
                msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
                return
            except OSError:
                if time.monotonic() >= deadline:
                    raise _busy(lock_path) from None
                time.sleep(pause)
                pause = min(pause * 2, 0.05)

    def _release(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _acquire(fd: int, lock_path: Path, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        pause = 0.001
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise _busy(lock_path) from None
                time.sleep(pause)  # flock has no timeout; poll, backing off
                pause = min(pause * 2, 0.05)

    def _release(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)
