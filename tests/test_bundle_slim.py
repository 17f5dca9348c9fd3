"""The bundle keeps only the Qt translations the program speaks, and ships licence texts."""

from __future__ import annotations

import sys
import tarfile
from pathlib import Path

import pytest

from comprimato_companion import DIST_NAME
from comprimato_companion.third_party import (
    NOTICES_NAME,
    other_components,
    python_components,
    render,
)

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "packaging"))
import build  # noqa: E402
import bundle_rules  # noqa: E402

BUNDLE = ROOT / "dist" / DIST_NAME
#: The size promised for the Linux bundle.
MAX_BUNDLE_MIB = 130


@pytest.mark.parametrize(
    ("dest", "kept"),
    [
        ("PySide6/Qt/translations/qtbase_cs.qm", True),  # Qt's own dialog buttons in Czech
        ("PySide6/Qt/translations/qt_cs.qm", True),
        ("PySide6/Qt/translations/qtbase_de.qm", False),
        ("PySide6/Qt/translations/qt_help_cs.qm", False),
        ("PySide6/Qt/translations/qtmultimedia_cs.qm", False),
        ("PySide6\\translations\\qtbase_fr.qm", False),
        ("resources/translations/companion_cs.qm", True),  # the program's own catalog
    ],
)
def test_only_the_czech_qt_translations_stay(dest: str, kept: bool) -> None:
    assert bundle_rules.keep_binary(dest) is kept


def test_the_notices_name_every_component_with_its_licence_text() -> None:
    components = python_components() + other_components(with_libsrt=True)
    names = {component.name.lower().replace("_", "-") for component in components}
    for needed in ("pyside6-essentials", "shiboken6", "qasync", "httpx", "obsws-python",
                   "keyring", "segno", "platformdirs", "qt", "libsrt", "python", "hls.js"):
        assert needed in names
    text = render(components)
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in text  # Qt
    assert "Mozilla Public License Version 2.0" in text  # libsrt, certifi
    missing = [c.name for c in components if not c.texts and not c.name.startswith(
        ("PySide6", "shiboken6"))]  # their licence is Qt's, given in full under Qt
    assert missing == []


def test_the_tarball_carries_the_notices(tmp_path: Path) -> None:
    bundle = tmp_path / "dist" / DIST_NAME
    resources = bundle / "_internal" / "resources"
    resources.mkdir(parents=True)
    (bundle / DIST_NAME).write_text("#!/bin/sh\n", encoding="utf-8")
    (resources / NOTICES_NAME).write_text("notices\n", encoding="utf-8")
    tarball = build.linux_tarball(bundle, tmp_path / "dist", version="1.2.3")
    with tarfile.open(tarball) as archive:
        names = set(archive.getnames())
    top = f"{DIST_NAME}-1.2.3"
    assert f"{top}/{NOTICES_NAME}" in names
    assert f"{top}/{DIST_NAME}/_internal/resources/{NOTICES_NAME}" in names


@pytest.mark.skipif(not BUNDLE.is_dir(), reason="no bundle built here (scripts/build-installer)")
def test_a_built_bundle_is_slim_and_complete() -> None:
    internal = BUNDLE / "_internal"
    size = build.folder_size(BUNDLE)  # what build-installer reports (symlinks not counted)
    assert size <= MAX_BUNDLE_MIB * 1024 * 1024, f"{size / 1024 / 1024:.1f} MiB"
    translations = {path.name for path in internal.rglob("translations/*.qm")}
    assert translations == {"qt_cs.qm", "qtbase_cs.qm", "companion_cs.qm"}
    assert (internal / "resources" / NOTICES_NAME).is_file()
    assert not list(internal.rglob("libQt6Network*"))
    assert not [path for path in BUNDLE.rglob("*") if path.is_symlink() and not path.exists()]


def test_links_to_dropped_libraries_are_dropped_too() -> None:
    kept = [("PySide6/Qt/lib/libQt6Core.so.6", "/src/libQt6Core.so.6", "BINARY")]
    links = [
        ("libQt6Core.so.6", "PySide6/Qt/lib/libQt6Core.so.6", "SYMLINK"),
        ("libQt6Network.so.6", "PySide6/Qt/lib/libQt6Network.so.6", "SYMLINK"),
        ("PySide6/lib/libx.so", "../Qt/lib/libQt6Core.so.6", "SYMLINK"),
    ]
    assert bundle_rules.without_dangling_links(kept + links, kept + links) == [
        kept[0], links[0], links[2]
    ]
