"""``comprimato-companion --self-test``: passes on a working installation, and says why not.

The full self-test runs in a subprocess the way a user (or ``.ci/run``, inside the bundle)
runs it: offscreen window, in-process sandbox, real keyring where one is started.
"""

from __future__ import annotations

import argparse
import io
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from comprimato_companion.window import self_test
from comprimato_companion.window.self_test import (
    CheckFailed,
    CheckWarning,
    SelfTestRun,
    image_is_qr_like,
)

ROOT = Path(__file__).resolve().parent.parent


def run_self_test_process(**extra_env: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", **extra_env}
    return subprocess.run(
        [sys.executable, "-m", "comprimato_companion", "--self-test"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.slow
@pytest.mark.gui
def test_self_test_passes_and_times_every_check(isolated_user_dirs: Path) -> None:
    result = run_self_test_process(PYTHONIOENCODING="utf-8")
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Comprimato Companion ")
    for name in (
        "Qt starts",
        "Bundled icons",
        "Licence texts",
        "Main window opens on the sandbox",
        "Stream created through the API",
        "QR code of the player link",
        "Settings saved and read back",
        "Stream list saved and read back",
    ):
        line = next((line for line in lines if name in line), "")
        assert line.startswith("✓"), f"{name}: {line!r}\n{result.stdout}"
        assert line.endswith(" s)")
    # No keyring in the test environment: a warning, not a failure.
    keyring_line = next(line for line in lines if "Keyring" in line)
    assert keyring_line.startswith("⚠")
    assert "passed" in lines[-1]
    # The user's own folders are left alone: the run used a temporary folder.
    assert not any((isolated_user_dirs / ".config").iterdir())
    assert not any((isolated_user_dirs / ".local" / "share").iterdir())


@pytest.mark.slow
@pytest.mark.gui
def test_self_test_reports_a_working_keyring(secret_service: Any) -> None:
    result = run_self_test_process(PYTHONIOENCODING="utf-8")
    assert result.returncode == 0, result.stdout + result.stderr
    keyring_line = next(line for line in result.stdout.splitlines() if "Keyring" in line)
    assert keyring_line.startswith("✓ Keyring: SecretService"), keyring_line


@pytest.mark.slow
@pytest.mark.gui
def test_a_failed_check_fails_the_self_test_with_one_line_each(
    qapp: Any, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    async def broken_store(checks: Any) -> str:
        raise CheckFailed("the stream list folder is read-only")

    monkeypatch.setattr(self_test._Checks, "store", broken_store)
    out = _Utf8Buffer()
    status = self_test.run_self_test(argparse.Namespace(), out=out)
    assert status == 1
    printed = out.getvalue()
    assert "✗ Stream list saved and read back: the stream list folder is read-only" in printed
    assert "1 of 9 checks failed" in printed
    errors = capsys.readouterr().err.splitlines()
    assert errors == [
        "self-test failed: Stream list saved and read back: the stream list folder is read-only"
    ]


def test_the_licence_check_names_a_missing_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A build that lost one component's licence text fails the self-test, saying which."""
    import shutil

    from comprimato_companion import resource_paths

    resources = tmp_path / "resources"
    shutil.copytree(ROOT / "resources" / "licences", resources / "licences")
    shutil.copytree(ROOT / "resources" / "player", resources / "player")
    shutil.copyfile(ROOT / "LICENSE", tmp_path / "LICENSE")  # a checkout's layout
    monkeypatch.setattr(resource_paths, "resources_dir", lambda: resources)
    summary = self_test._licence_problem_or_summary()
    assert summary.startswith("GPL-3.0-or-later and the texts of ")
    (resources / "licences" / "obsws-python.LICENSE").unlink()
    with pytest.raises(CheckFailed, match=r"obsws-python: licences/obsws-python\.LICENSE"):
        self_test._licence_problem_or_summary()
    # A bundle: the rendered notices stand for the texts; one without a section fails.
    (resources / "THIRD-PARTY-NOTICES.txt").write_text("Qt 6: LGPL\n", encoding="utf-8")
    with pytest.raises(CheckFailed, match=r"licence texts missing: .* in THIRD-PARTY-NOTICES"):
        self_test._licence_problem_or_summary()


# --- the pieces ----------------------------------------------------------------------------


async def _ok() -> str:
    return "fine"


async def _warns() -> str:
    raise CheckWarning("no keyring here")


async def _breaks() -> str:
    raise ValueError("bad\nthing")


class _Utf8Buffer(io.StringIO):
    encoding = "utf-8"


class _AsciiBuffer(io.StringIO):
    encoding = "cp1252"


async def test_each_check_prints_one_line_with_its_mark_and_time() -> None:
    out = _Utf8Buffer()
    run = SelfTestRun(out)
    await run.check("first", _ok)
    await run.check("second", _warns)
    await run.check("third", _breaks)
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("✓ first: fine (")
    assert lines[1].startswith("⚠ second: no keyring here (")
    assert lines[2].startswith("✗ third: ValueError: bad thing (")
    assert [o.status for o in run.outcomes] == ["ok", "warning", "failed"]
    assert [o.name for o in run.failures] == ["third"]


async def test_marks_fall_back_to_words_where_the_console_cannot_print_them() -> None:
    out = _AsciiBuffer()
    run = SelfTestRun(out)
    await run.check("first", _ok)
    await run.check("third", _breaks)
    assert out.getvalue().splitlines()[0].startswith("[ok] first")
    assert out.getvalue().splitlines()[1].startswith("[FAIL] third")


@pytest.mark.gui
def test_the_qr_code_image_is_recognised_and_blank_ones_are_not(qapp: Any) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage

    from comprimato_companion.window.qr_view import QrCodeView

    view = QrCodeView()
    view.set_text("http://127.0.0.1:8080/play/AbCdEf123456")
    assert image_is_qr_like(view.to_image(512)) is None

    white = QImage(512, 512, QImage.Format.Format_RGB32)
    white.fill(Qt.GlobalColor.white)
    assert "dark" in (image_is_qr_like(white) or "")
    black = QImage(512, 512, QImage.Format.Format_RGB32)
    black.fill(Qt.GlobalColor.black)
    assert image_is_qr_like(black) is not None
    assert "square" in (image_is_qr_like(QImage(300, 200, QImage.Format.Format_RGB32)) or "")
    assert image_is_qr_like(QImage()) == "the image is empty"
