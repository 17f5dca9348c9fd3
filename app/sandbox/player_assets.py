"""The player page's one script file, hls.js, shipped in ``resources/player`` with its licence.

Read from disk on the first request for it (never at start-up) and kept, since a phone
and a desktop browser may both ask. The page loads it only where the browser has no HLS
of its own.
"""

from __future__ import annotations

import threading
from functools import cache
from pathlib import Path
from typing import Final

HLS_JS_VERSION: Final = "1.7.4"
HLS_JS_FILE: Final = "hls.light.min.js"
#: The file as packed on the npm registry (checked by the tests, so an edit shows).
HLS_JS_SHA256: Final = "482cccb3a224554f64d8c2cf0d335dba4a3819bdb726afbfddfe15de4c277d82"
LICENSE_FILE: Final = "hls.js-LICENSE"

_lock = threading.Lock()


def player_resources_dir() -> Path:
    """``resources/player`` in a checkout, an installed wheel or a PyInstaller bundle."""
    from ..resource_paths import resources_dir

    return resources_dir() / "player"


@cache
def _read(name: str) -> bytes | None:
    try:
        return (player_resources_dir() / name).read_bytes()
    except OSError:
        return None


def hls_js() -> bytes | None:
    """hls.js, or ``None`` when the install lacks it (the page then relies on native HLS)."""
    with _lock:
        return _read(HLS_JS_FILE)
