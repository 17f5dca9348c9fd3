"""The window's log file, and where a native crash leaves its trace.

A program started from a menu has no terminal: its stderr is lost. The window therefore
also logs to a rotating file in the platform's log folder (platformdirs'
``user_log_dir``), scrubbed of secrets like every other output, and ``faulthandler``
writes the Python stack of a native crash (a segfault in Qt, say) into ``crash.log``
beside it. Help > Open log folder shows both.
"""

from __future__ import annotations

import faulthandler
import io
import logging
import logging.handlers
import os
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import IO

from . import DIST_NAME
from .redaction import scrub

#: Moves the log folder (portable installs, tests).
LOG_DIR_ENV = "COMPRIMATO_COMPANION_LOG_DIR"
LOG_NAME = f"{DIST_NAME}.log"
CRASH_NAME = "crash.log"
#: One file of 1 MiB and three older ones: weeks of normal use, never much disk.
MAX_BYTES = 1 << 20
BACKUPS = 3
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"

SecretsGetter = Callable[[], Iterable[str | None]]

_secrets: list[SecretsGetter] = []
_crash_file: IO[str] | None = None


def log_dir() -> Path:
    """The folder for the log files; not created here."""
    override = os.environ.get(LOG_DIR_ENV, "").strip()
    if override:
        return Path(override).expanduser()
    import platformdirs

    return Path(platformdirs.user_log_dir(DIST_NAME, appauthor=False))


def add_secrets(getter: SecretsGetter) -> None:
    """Also scrub the values ``getter`` returns (read at every record: keys change)."""
    _secrets.append(getter)


def _known_secrets() -> list[str | None]:
    values: list[str | None] = []
    for getter in list(_secrets):
        try:
            values.extend(getter())
        except Exception:  # noqa: S112 - logging here would recurse; scrub by shape alone
            continue
    return values


def scrub_known(text: str) -> str:
    """``text`` without any secret ``add_secrets`` knows of, or shaped like one."""
    return scrub(text, _known_secrets())


class ScrubbingFormatter(logging.Formatter):
    """Formats as usual (traceback included), then takes every secret out."""

    def format(self, record: logging.LogRecord) -> str:
        return scrub(super().format(record), _known_secrets())


class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """A rotating log whose files only their owner can read."""

    def _open(self) -> io.TextIOWrapper:  # type: ignore[type-arg,unused-ignore]
        stream = super()._open()
        if sys.platform != "win32":
            os.chmod(self.baseFilename, 0o600)
        return stream


def install_log_file(*, level: int = logging.INFO) -> Path | None:
    """Log to the rotating file from now on, and arm ``faulthandler``; returns the file.

    Never raises: a folder that cannot be written leaves the program logging to stderr
    only (the failure is logged there).
    """
    global _crash_file
    from .storage.paths import ensure_private_dir

    folder = log_dir()
    try:
        ensure_private_dir(folder)
        handler = PrivateRotatingFileHandler(
            folder / LOG_NAME, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8"
        )
    except OSError as error:
        logging.getLogger(__name__).warning("no log file in %s: %s", folder, error)
        return None
    handler.setLevel(level)
    handler.setFormatter(ScrubbingFormatter(FORMAT))
    root = logging.getLogger()
    root.addHandler(handler)
    if root.level > level or root.level == logging.NOTSET:
        # The root level gates every handler: let INFO through, stderr keeps its own level.
        for existing in root.handlers:
            if existing is not handler and existing.level == logging.NOTSET:
                existing.setLevel(root.level or logging.WARNING)
        root.setLevel(level)
    try:
        if _crash_file is None:
            crash_path = folder / CRASH_NAME
            # Kept open for the program's life: faulthandler writes with no Python left.
            _crash_file = crash_path.open("a", encoding="utf-8")
            if sys.platform != "win32":
                os.chmod(crash_path, 0o600)
        faulthandler.enable(_crash_file, all_threads=True)
    except OSError as error:
        logging.getLogger(__name__).warning("no crash log in %s: %s", folder, error)
    return folder / LOG_NAME


__all__ = [
    "CRASH_NAME",
    "LOG_DIR_ENV",
    "LOG_NAME",
    "ScrubbingFormatter",
    "add_secrets",
    "install_log_file",
    "log_dir",
    "scrub_known",
]
