"""Test-wide isolation: every test gets its own config and data folders and no real keyring.

Fixture modules live in ``tests/support``; each area registers its own there.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings

# In CI a slow moment of a shared machine must not fail an example: no deadlines there.
hypothesis_settings.register_profile("ci", deadline=None, print_blob=True)
if os.environ.get("CI", "").lower() == "true":
    hypothesis_settings.load_profile("ci")

pytest_plugins: list[str] = [
    "tests.support.obs_versions",
    "tests.support.real_obs",
    "tests.support.srt_fixtures",
    "tests.support.keyring_fixtures",
    "tests.support.sandbox_fixtures",
    "tests.support.fake_obs",
    "tests.support.qt_fixtures",
    "tests.support.window_rig",
    "tests.support.users_server",
]


@pytest.fixture(autouse=True)
def isolated_user_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Point the product's config and data folders, and HOME, at a temporary folder.

    The keyring defaults to the 'fail' backend (no keyring on this machine); keyring tests
    start a real one themselves.
    """
    home = tmp_path / "home"
    (home / ".config").mkdir(parents=True)
    (home / ".local" / "share").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    for name in (
        "COMPRIMATO_API_URL",
        "COMPRIMATO_API_KEY",
        "COMPRIMATO_INGEST_URL",
        "COMPRIMATO_PLAYER_URL",
        "OBS_WEBSOCKET_URL",
    ):
        monkeypatch.delenv(name, raising=False)
    yield home


@pytest.fixture(autouse=True)
def collect_qt_garbage_on_the_gui_thread() -> Iterator[None]:
    """After a test, collect garbage here, on the thread that owns the QApplication.

    A Qt object whose last reference dies in a collection on a worker thread cannot stop
    its timers, and Qt may later deliver an event to freed memory.
    """
    yield
    if "PySide6.QtCore" in sys.modules:
        gc.collect()
