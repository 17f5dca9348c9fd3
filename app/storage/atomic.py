"""Writing a file so that a crash leaves the old or the new content, never a mix.

The data goes to a temporary file in the same folder, is flushed to disk, and replaces the
target with one ``os.replace`` (atomic on POSIX and on NTFS); the folder is then flushed too
so the rename itself survives a power cut. A file that cannot be used is renamed aside with
:func:`set_aside`, so the user's data is kept for inspection rather than overwritten.
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
import time
from pathlib import Path

from ..errors import CompanionError
from .paths import ensure_private_dir

#: Temporary files are hidden and end with this, so a reader never mistakes one for data.
TEMP_SUFFIX = ".tmp"
#: A temporary file older than this is a killed writer's leftover (a write takes
#: milliseconds), removed by the next write of the same file even without a lock.
LEFTOVER_AGE = 60.0


class StorageError(CompanionError):
    """A settings, secrets or stream file could not be written or read from the disk."""


def write_atomic(path: Path, data: bytes, *, mode: int = 0o600) -> None:
    """Replace ``path`` with ``data`` atomically; the file gets ``mode`` (0600 by default).

    A missing folder is created readable by the user only. Raises ``OSError`` when the disk
    refuses (full, read-only, permissions); the old file is then untouched and no temporary
    file is left behind.
    """
    folder = path.parent
    if not folder.is_dir():
        ensure_private_dir(folder)
    # mkstemp creates the file with 0600 from the start: the data is never world-readable.
    fd, temp_name = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=TEMP_SUFFIX)
    try:
        try:
            if sys.platform != "win32" and mode != 0o600:
                os.fchmod(fd, mode)
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        _replace(temp_name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise
    _fsync_folder(folder)
    remove_leftovers(path, older_than=LEFTOVER_AGE)


def temp_files_of(path: Path) -> list[Path]:
    """Temporary files a killed writer of ``path`` may have left behind."""
    return sorted(path.parent.glob(f".{path.name}.*{TEMP_SUFFIX}"))


def remove_leftovers(path: Path, *, older_than: float = 0.0) -> None:
    """Delete the temporary files of ``path`` older than ``older_than`` seconds.

    They may hold what the file holds (a secret, say). With ``older_than=0`` every one
    goes: only for a caller holding the file's lock, so no writer is active.
    """
    now = time.time()
    for leftover in temp_files_of(path):
        with contextlib.suppress(OSError):  # gone already, or not ours to remove
            if now - leftover.lstat().st_mtime >= older_than:
                leftover.unlink()


def set_aside(path: Path, reason: str) -> Path:
    """Rename ``path`` to ``<name>.<reason>-YYYYmmddTHHMMSS`` next to it and return the new path.

    The timestamp is local time, as the user sees it in a file manager. A name already taken
    gets a counter, so an earlier set-aside file is never replaced.
    """
    stamp = time.strftime("%Y%m%dT%H%M%S")
    base = f"{path.name}.{reason}-{stamp}"
    target = path.with_name(base)
    counter = 1
    while target.exists():
        counter += 1
        target = path.with_name(f"{base}-{counter}")
    os.rename(path, target)
    _fsync_folder(path.parent)
    return target


def _replace(source: str, target: Path) -> None:
    """``os.replace``, retried briefly on Windows where a reader may hold the target open."""
    if sys.platform == "win32":
        for attempt in range(10):
            try:
                os.replace(source, target)
                return
            except PermissionError:
                if attempt == 9:
                    raise
                time.sleep(0.02 * (attempt + 1))
    else:
        os.replace(source, target)


def _fsync_folder(folder: Path) -> None:
    """Flush the folder entry so a rename survives a power cut; Windows cannot, and need not."""
    if sys.platform == "win32":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems refuse fsync on a folder; the rename is still atomic
    finally:
        os.close(fd)
