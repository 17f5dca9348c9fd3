"""The bundle keeps only the Qt translations the program speaks, and ships licence texts."""

from __future__ import annotations

import re
import sys
import tarfile
from pathlib import Path

import pytest

from comprimato_companion import DIST_NAME
from comprimato_companion.third_party import NOTICES_NAME, components, render

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "packaging"))
import build  # noqa: E402
import bundle_rules  # noqa: E402

BUNDLE = ROOT / "dist" / DIST_NAME
#: The size promised for the Linux bundle: 128.5 MiB when it was set, 131.3 MiB by the time
#: the licence texts came (cryptography's 12 MiB arrive with SecretStorage), 131.8 with
#: them (the rendered notices, the program's LICENSE and SOURCE.txt).
MAX_BUNDLE_MIB = 133


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


def _pins(name: str) -> dict[str, str]:
    text = (ROOT / "packaging" / "requirements" / name).read_text(encoding="utf-8")
    return {_key(m[0]): m[1] for m in re.findall(r"^([A-Za-z0-9._-]+)==(\S+)", text, re.M)}


def _key(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def test_the_notices_name_every_component_with_its_licence_text() -> None:
    listed = components(ROOT / "resources")
    versions = {_key(c.name): c.version for c in listed}
    # Every pinned runtime package, at its pinned version, and PyInstaller's bootloader:
    # a pin changed without scripts/refresh-licences fails here.
    wanted = {**_pins("runtime.txt"), "pyinstaller": _pins("build.txt")["pyinstaller"]}
    assert {name: versions.get(name) for name in wanted} == wanted
    for other in ("qt", "icu", "openssl", "python", "libsrt", "hls-js",
                  "linux system libraries"):
        assert other in versions
    text = render(listed)
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in text  # Qt
    assert "Mozilla Public License Version 2.0" in text  # libsrt, certifi
    assert "Apache License" in text and "Version 2.0, January 2004" in text  # OpenSSL
    assert "PYTHON SOFTWARE FOUNDATION LICENSE VERSION 2" in text
    assert "Unicode" in next(c for c in listed if c.name == "ICU").texts[0][1]
    missing = [c.name for c in listed if not c.texts and not c.name.startswith(
        ("PySide6", "shiboken6"))]  # their licence is Qt's, given in full under Qt
    assert missing == []


def test_icu_ships_its_own_licence_with_the_notices_of_its_data() -> None:
    """ICU's LICENSE, not a distribution's summary of it: the Unicode licence in its own
    words and the notices of the dictionaries and data inside libicudata, which ICU's
    licence asks to travel with every copy."""
    (icu,) = [c for c in components(ROOT / "resources") if c.name == "ICU"]
    text = "\n".join(body for _, body in icu.texts)
    assert "UNICODE, INC. LICENSE AGREEMENT - DATA FILES AND SOFTWARE" in text
    for section in ("ICU License - ICU 1.8.1 to ICU 57.1",
                    "Chinese/Japanese Word Break Dictionary Data (cjdict.txt)",
                    "Lao Word Break Dictionary Data (laodict.txt)",
                    "Burmese Word Break Dictionary Data (burmesedict.txt)",
                    "Time Zone Database"):
        assert section in text, section


def test_the_notices_read_nothing_from_the_system() -> None:
    """Windows and macOS builds have no /usr/share: only the repository's files count."""
    source = (ROOT / "app" / "third_party.py").read_text(encoding="utf-8")
    assert "/usr/share" not in source and "metadata.distributions" not in source


def test_the_bundle_ships_the_rendered_notices_not_the_texts_twice() -> None:
    assert bundle_rules.keep_binary("resources/licences/components.json")
    assert not bundle_rules.keep_binary("resources/licences/qt.LGPL-3")
    assert bundle_rules.keep_binary("resources/player/hls.js-LICENSE")


def test_the_tarball_carries_the_notices(tmp_path: Path) -> None:
    bundle = tmp_path / "dist" / DIST_NAME
    resources = bundle / "_internal" / "resources"
    resources.mkdir(parents=True)
    (bundle / DIST_NAME).write_text("#!/bin/sh\n", encoding="utf-8")
    (resources / NOTICES_NAME).write_text("notices\n", encoding="utf-8")
    source = build.source_archive(tmp_path / "dist", version="1.2.3")
    tarball = build.linux_tarball(bundle, tmp_path / "dist", version="1.2.3", source=source)
    with tarfile.open(tarball) as archive:
        names = set(archive.getnames())
        top = f"{DIST_NAME}-1.2.3"
        pointer = archive.extractfile(f"{top}/SOURCE.txt").read().decode()  # type: ignore[union-attr]
        licence = archive.extractfile(f"{top}/LICENSE").read()  # type: ignore[union-attr]
    assert f"{top}/{NOTICES_NAME}" in names
    assert f"{top}/{DIST_NAME}/_internal/resources/{NOTICES_NAME}" in names
    assert licence == (ROOT / "LICENSE").read_bytes()
    assert f"{DIST_NAME}-1.2.3-source.tar.gz" in pointer and "v1.2.3" in pointer
    assert "GNU General Public License" in pointer and "WITHOUT ANY WARRANTY" in pointer
    assert f"{top}/{DIST_NAME}-1.2.3-source.tar.gz" in names


def test_the_source_archive_holds_the_whole_repository(tmp_path: Path) -> None:
    """The corresponding source: the program, its build scripts and pins, its licence texts;
    no build output, no virtual environment."""
    source = build.source_archive(tmp_path, version="1.2.3")
    with tarfile.open(source) as archive:
        names = {name.split("/", 1)[1] for name in archive.getnames()}
    for needed in ("LICENSE", "pyproject.toml", "app/__init__.py", "app/licence.py",
                   "packaging/build.py", "packaging/comprimato-companion.spec",
                   "packaging/requirements/runtime.txt", "resources/licences/components.json",
                   "resources/player/hls.light.min.js", "scripts/setup-env"):
        assert needed in names
    assert not [n for n in names if n.startswith((".venv/", "build/", "dist/", ".git/"))]


@pytest.mark.skipif(not BUNDLE.is_dir(), reason="no bundle built here (scripts/build-installer)")
def test_a_built_bundle_is_slim_and_complete() -> None:
    internal = BUNDLE / "_internal"
    size = build.folder_size(BUNDLE)  # what build-installer reports (symlinks not counted)
    assert size <= MAX_BUNDLE_MIB * 1024 * 1024, f"{size / 1024 / 1024:.1f} MiB"
    translations = {path.name for path in internal.rglob("translations/*.qm")}
    assert translations == {"qt_cs.qm", "qtbase_cs.qm", "companion_cs.qm"}
    assert (internal / "resources" / NOTICES_NAME).is_file()
    assert (BUNDLE / "LICENSE").read_bytes() == (ROOT / "LICENSE").read_bytes()
    assert (internal / "resources" / "LICENSE").is_file()
    assert "-source.tar.gz" in (BUNDLE / "SOURCE.txt").read_text(encoding="utf-8")
    assert not (internal / "resources" / "licences" / "qt.LGPL-3").exists()  # in the notices once
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
