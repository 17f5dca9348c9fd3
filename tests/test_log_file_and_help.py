"""The window's log file (scrubbed, private, rotating), crash traces, and the Help menu."""

from __future__ import annotations

import logging
import os
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel

from comprimato_companion import __version__
from comprimato_companion.log_file import (
    CRASH_NAME,
    LOG_DIR_ENV,
    LOG_NAME,
    ScrubbingFormatter,
    add_secrets,
)
from tests.support.window_rig import WindowRig, no_obs

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def log_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    folder = tmp_path / "logs"
    monkeypatch.setenv(LOG_DIR_ENV, str(folder))
    yield folder


def test_the_window_logs_to_a_private_file_without_secrets(
    log_folder: Path, closed_port: int
) -> None:
    password = "obs-pass-7781"
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "OBS_WEBSOCKET_URL": f"obsws://127.0.0.1:{closed_port}/{password}",
    }
    window = subprocess.Popen(
        [sys.executable, "-m", "comprimato_companion",
         "--sandbox"],  # no --debug: the file still gets INFO
        env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    log = log_folder / LOG_NAME
    try:
        deadline = time.monotonic() + 30
        while "Sandbox API at" not in (log.read_text() if log.exists() else ""):
            assert window.poll() is None, "the window ended"
            assert time.monotonic() < deadline, "nothing logged"
            time.sleep(0.1)
    finally:
        window.terminate()
        output, _ = window.communicate(timeout=15)
    text = log.read_text(encoding="utf-8")
    assert f"Comprimato Companion {__version__} started" in text
    assert password not in text and password not in output
    assert "INFO" in text and "Sandbox API at" not in output  # stderr stays at WARNING
    assert stat.S_IMODE(log.stat().st_mode) == 0o600
    assert (log_folder / CRASH_NAME).exists()


def test_log_records_are_scrubbed_of_known_and_shaped_secrets() -> None:
    add_secrets(lambda: ["streamer-key-abcdef"])
    formatter = ScrubbingFormatter("%(message)s")
    record = logging.LogRecord(
        "comprimato_companion", logging.INFO, __file__, 1,
        "sent %s to srt://h:1?streamid=other-key with obsws://h:4455/pw9999", (
            "streamer-key-abcdef",), None,
    )
    line = formatter.format(record)
    assert "streamer-key-abcdef" not in line and "other-key" not in line
    assert "pw9999" not in line and line.count("[redacted]") == 3


def test_a_native_crash_leaves_its_trace_beside_the_log(log_folder: Path) -> None:
    crash = subprocess.run(
        [sys.executable, "-c",
         "from comprimato_companion.log_file import install_log_file; install_log_file(); "
         "import faulthandler; faulthandler._sigsegv()"],
        env={**os.environ}, cwd=ROOT, capture_output=True, text=True, timeout=60, check=False,
    )
    assert crash.returncode != 0
    trace = (log_folder / CRASH_NAME).read_text(encoding="utf-8")
    assert "Segmentation fault" in trace and "<string>" in trace


def test_help_menu_opens_about_with_licence_and_notices(
    rig_factory: type[WindowRig], closed_port: int, log_folder: Path
) -> None:
    rig = rig_factory(env=no_obs(closed_port))

    async def scenario() -> None:
        window = rig.window
        titles = [action.text() for action in window.help_menu.actions()]
        assert "Open &log folder" in titles and "&About Comprimato Companion" in titles
        window.menu_actions.about_action.trigger()
        await rig.wait(lambda: window.about_dialog is not None
                       and window.about_dialog.isVisible(), "the About dialog")
        dialog = window.about_dialog
        from comprimato_companion.window.about_dialog import AboutDialog

        assert isinstance(dialog, AboutDialog)
        notices = dialog.notices.toPlainText()
        for component in ("PySide6_Essentials", "qasync", "obsws-python", "Qt", "Python"):
            assert f"\n  {component} " in notices
        assert "GNU LESSER GENERAL PUBLIC LICENSE" in notices  # Qt's licence in full
        labels = " ".join(label.text() for label in dialog.findChildren(QLabel))
        assert __version__ in labels and "GPL-3.0-or-later" in labels and str(log_folder) in labels
        assert "WITHOUT ANY WARRANTY" in labels and f"v{__version__}" in labels  # the source
        assert "Proprietary" not in labels
        dialog.close()

    rig.play(scenario)
