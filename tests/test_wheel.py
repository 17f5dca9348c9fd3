"""The wheel carries the resources (icons, desktop files), and an installed one finds them."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

from comprimato_companion import APP_ID

pytestmark = [pytest.mark.slow]

ROOT = Path(__file__).resolve().parent.parent


def test_every_package_under_app_is_in_the_wheel_list() -> None:
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
                 ["packages"])
    found = {
        ".".join(("comprimato_companion", *path.parent.relative_to(ROOT / "app").parts))
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
        assert f"comprimato_companion/resources/icons/{svg.name}" in names
    assert f"comprimato_companion/resources/icons/hicolor/256x256/apps/{APP_ID}.png" in names
    assert f"comprimato_companion/resources/linux/{APP_ID}.desktop" in names
    assert f"comprimato_companion/resources/linux/{APP_ID}.metainfo.xml" in names
    # the sandbox's player script
    assert "comprimato_companion/resources/player/hls.light.min.js" in names
    assert "comprimato_companion/resources/player/hls.js-LICENSE" in names
    assert "comprimato_companion/resources/translations/companion_cs.qm" in names
    # every component's licence text, from the repository's files
    licences = ROOT / "resources" / "licences"
    for text in licences.rglob("*"):
        if text.is_file():
            assert f"comprimato_companion/resources/{text.relative_to(ROOT / 'resources')}" \
                in names


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
        [sys.executable, "-m", "comprimato_companion", "--self-test"],
        capture_output=True, text=True, timeout=120, cwd=tmp_path, env=env, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"app icon from {site / 'comprimato_companion' / 'resources' / 'icons'}" in result.stdout
    assert "✓ Licence texts: GPL-3.0-or-later and the texts of " in result.stdout
    from comprimato_companion.resource_paths import desktop_files_dir

    assert (desktop_files_dir() / f"{APP_ID}.desktop").is_file()


def test_the_wheel_installs_only_the_products_own_package(wheel: Path) -> None:
    """No generic top-level name (such as ``app``) lands in site-packages."""
    tops = {name.split("/", 1)[0] for name in zipfile.ZipFile(wheel).namelist()}
    (dist_info,) = (top for top in tops if top.endswith(".dist-info"))
    assert dist_info.startswith("comprimato_companion-")
    assert tops == {"comprimato_companion", dist_info}


def test_the_wheel_says_gpl_and_carries_its_text(wheel: Path) -> None:
    archive = zipfile.ZipFile(wheel)
    names = archive.namelist()
    (metadata,) = (name for name in names if name.endswith(".dist-info/METADATA"))
    headers = archive.read(metadata).decode()
    assert "\nLicense-Expression: GPL-3.0-or-later\n" in headers
    assert "\nLicense-File: LICENSE\n" in headers
    (text,) = (name for name in names if name.endswith(".dist-info/licenses/LICENSE"))
    assert archive.read(text) == (ROOT / "LICENSE").read_bytes()
    assert b"GNU GENERAL PUBLIC LICENSE\n                       Version 3" in archive.read(text)


def test_nothing_imports_the_source_folder_by_its_own_name() -> None:
    """Code outside app/ imports comprimato_companion: an ``import app`` would load a second
    copy of every module (its classes unequal to the installed ones)."""
    bare = re.compile(r"^\s*(from|import) app\b", re.MULTILINE)
    offenders = [
        str(path.relative_to(ROOT))
        for folder in ("tests", "benchmarks", "packaging")
        for path in (ROOT / folder).rglob("*.py")
        if bare.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
