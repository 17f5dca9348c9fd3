"""The wheel carries the resources (icons, desktop files), and an installed one finds them."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

from app import APP_ID

pytestmark = [pytest.mark.slow]

ROOT = Path(__file__).resolve().parent.parent


def test_every_package_under_app_is_in_the_wheel_list() -> None:
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
                 ["packages"])
    found = {
        ".".join(path.parent.relative_to(ROOT).parts)
        for path in (ROOT / "app").rglob("__init__.py")
    }
    assert found <= listed, f"add to pyproject.toml's packages: {sorted(found - listed)}"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(ROOT)],
        capture_output=True, text=True, timeout=300, check=False,
    )
    assert built.returncode == 0, built.stderr[-3000:]
    (path,) = out.glob("*.whl")
    return path


def test_the_wheel_holds_icons_and_desktop_files(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    icons = ROOT / "resources" / "icons"
    for svg in icons.glob("*.svg"):
        assert f"app/resources/icons/{svg.name}" in names
    assert f"app/resources/icons/hicolor/256x256/apps/{APP_ID}.png" in names
    assert f"app/resources/linux/{APP_ID}.desktop" in names
    assert f"app/resources/linux/{APP_ID}.metainfo.xml" in names
    assert "app/resources/player/hls.light.min.js" in names  # the sandbox's player script
    assert "app/resources/player/hls.js-LICENSE" in names
    assert "app/resources/translations/companion_cs.qm" in names


def test_an_installed_wheel_finds_its_icons(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    installed = subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(site),
         str(wheel)],
        capture_output=True, text=True, timeout=300, check=False,
    )
    assert installed.returncode == 0, installed.stderr[-3000:]
    # Run from elsewhere, with the installed copy first: no checkout's resources/ in reach.
    env = {**os.environ, "PYTHONPATH": str(site), "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-m", "app", "--self-test"],
        capture_output=True, text=True, timeout=120, cwd=tmp_path, env=env, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"app icon from {site / 'app' / 'resources' / 'icons'}" in result.stdout
    from app.resource_paths import desktop_files_dir

    assert (desktop_files_dir() / f"{APP_ID}.desktop").is_file()
