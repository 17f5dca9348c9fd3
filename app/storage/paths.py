"""Where the product keeps its files: the platform's per-user config and data folders.

Both can be moved with an environment variable, for portable installs and for tests.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

from .. import DIST_NAME

CONFIG_DIR_ENV = "COMPRIMATO_COMPANION_CONFIG_DIR"
DATA_DIR_ENV = "COMPRIMATO_COMPANION_DATA_DIR"

#: Folders the product creates hold keys and settings: the user's only.
PRIVATE_DIR_MODE = 0o700


def config_dir() -> Path:
    """The folder for settings (and the opt-in secrets file); not created here."""
    override = os.environ.get(CONFIG_DIR_ENV, "").strip()
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_config_dir(DIST_NAME, appauthor=False))


def data_dir() -> Path:
    """The folder for the stream list; not created here."""
    override = os.environ.get(DATA_DIR_ENV, "").strip()
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_data_dir(DIST_NAME, appauthor=False))


def ensure_private_dir(folder: Path) -> None:
    """Create ``folder`` (and missing parents) and make it readable by the user only.

    The mode is set explicitly because ``mkdir`` applies the umask. On Windows the mode
    bits mean little; the folder sits in the user's own profile there.
    """
    folder.mkdir(parents=True, exist_ok=True)
    if sys.platform != "win32" and (folder.stat().st_mode & 0o777) != PRIVATE_DIR_MODE:
        folder.chmod(PRIVATE_DIR_MODE)
