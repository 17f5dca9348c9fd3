"""Where the program's resource files (icons, notices, desktop files) are.

Three layouts: a PyInstaller bundle (``sys._MEIPASS/resources``), an installed wheel
(the files travel inside the package as ``app/resources``), and a source checkout or an
editable install (``resources/`` beside ``app/``).
"""

from __future__ import annotations

import sys
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def resources_dir() -> Path:
    """The folder holding ``icons/`` (and, in a build, the third-party notices)."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle is not None:
        return Path(bundle) / "resources"
    installed = _PACKAGE / "resources"
    if (installed / "icons").is_dir():
        return installed
    return _PACKAGE.parent / "resources"


def desktop_files_dir() -> Path:
    """The folder holding the .desktop file and the AppStream metadata."""
    installed = resources_dir() / "linux"
    if installed.is_dir():
        return installed
    return _PACKAGE.parent / "packaging" / "linux"


__all__ = ["desktop_files_dir", "resources_dir"]
