"""The packaging files: valid for their validators, and all telling the same version and id.

The bundle itself is built and self-tested by ``.ci/run`` (it takes a minute); these tests
cover what can go wrong quietly: a validator rejecting the desktop entry or the AppStream
data, a version or identifier that differs between packages, a Qt plugin the bundle must
keep being dropped, and the Linux tarball's ``install.sh``.
"""

from __future__ import annotations

import ast
import os
import plistlib
import re
import shutil
import stat
import struct
import subprocess
import sys
import tarfile
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from comprimato_companion import APP_ID, APP_NAME, DIST_NAME, __version__

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"
DESKTOP = PACKAGING / "linux" / f"{APP_ID}.desktop"
METAINFO = PACKAGING / "linux" / f"{APP_ID}.metainfo.xml"
ISS = PACKAGING / "windows" / f"{DIST_NAME}.iss"
SPEC = PACKAGING / f"{DIST_NAME}.spec"
FLATPAK = PACKAGING / "flatpak" / f"{APP_ID}.yml"
PLIST = PACKAGING / "macos" / "Info.plist"

sys.path.insert(0, str(PACKAGING))
import build  # noqa: E402
import bundle_rules  # noqa: E402
import icons  # noqa: E402


def desktop_entry(path: Path) -> dict[str, str]:
    """The ``[Desktop Entry]`` group of a .desktop file."""
    entries: dict[str, str] = {}
    group = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("["):
            group = line.strip("[]")
        elif "=" in line and group == "Desktop Entry":
            key, value = line.split("=", 1)
            entries[key] = value
    return entries


# --- validators --------------------------------------------------------------------------


def test_desktop_entry_passes_desktop_file_validate() -> None:
    result = subprocess.run(
        ["desktop-file-validate", str(DESKTOP)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "error" not in result.stdout.lower()


def test_metainfo_passes_appstreamcli_validate() -> None:
    result = subprocess.run(
        ["appstreamcli", "validate", "--no-net", str(METAINFO)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


# --- one version, one identifier ---------------------------------------------------------


def test_metainfo_names_the_app_its_launcher_and_the_current_version() -> None:
    component = ET.parse(METAINFO).getroot()  # noqa: S314 (the repository's own file)
    assert component.findtext("id") == APP_ID
    assert component.findtext("name") == APP_NAME
    assert component.findtext("launchable") == DESKTOP.name
    assert component.findtext("provides/binary") == DIST_NAME
    newest = component.find("releases/release")
    assert newest is not None
    assert newest.get("version") == __version__, "add a <release> for the new version"
    screenshot = component.findtext("screenshots/screenshot/image") or ""
    assert screenshot.startswith("https://")
    assert screenshot.endswith("docs/screenshot-live.png")


def test_every_package_says_gpl_3_or_later_and_nothing_says_proprietary() -> None:
    import tomllib

    from comprimato_companion.licence import LICENCE, REPOSITORY

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["license"] == LICENCE == "GPL-3.0-or-later"
    assert project["license-files"] == ["LICENSE"]
    component = ET.parse(METAINFO).getroot()  # noqa: S314 (the repository's own file)
    assert component.findtext("project_license") == LICENCE
    assert component.findtext("url[@type='vcs-browser']") == REPOSITORY
    licence = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert licence.startswith(" " * 20 + "GNU GENERAL PUBLIC LICENSE\n")
    assert "END OF TERMS AND CONDITIONS" in licence and len(licence) > 30000  # the full text
    assert "## Licence" in (ROOT / "README.md").read_text(encoding="utf-8")
    said = re.compile(r"proprietary|all rights reserved", re.IGNORECASE)
    offenders = [
        str(path.relative_to(ROOT))
        for folder in ("app", "packaging", "resources", "docs")
        for path in (ROOT / folder).rglob("*")
        if path.is_file() and "licences" not in path.parts  # third parties' own texts
        and path.suffix in {".py", ".md", ".xml", ".yml", ".ts", ".txt",
                                              ".desktop", ".iss", ".plist", ".spec", ".sh"}
        and said.search(path.read_text(encoding="utf-8", errors="replace"))
    ] + (["README.md"] if said.search((ROOT / "README.md").read_text(encoding="utf-8")) else [])
    assert offenders == []


def test_desktop_entry_starts_the_program_with_the_app_icon() -> None:
    entry = desktop_entry(DESKTOP)
    assert entry["Name"] == APP_NAME
    assert entry["Icon"] == APP_ID
    assert entry["Exec"] == DIST_NAME
    assert entry["TryExec"] == DIST_NAME
    assert entry["Terminal"] == "false"


def test_macos_info_plist_has_the_identifier_and_takes_the_version_from_the_app() -> None:
    with PLIST.open("rb") as handle:
        committed = plistlib.load(handle)
    assert committed["CFBundleIdentifier"] == APP_ID
    assert committed["CFBundleExecutable"] == DIST_NAME
    # The version is not written in the file, so it cannot disagree with app/__init__.py.
    assert "CFBundleShortVersionString" not in committed
    assert "CFBundleVersion" not in committed

    merged = bundle_rules.macos_info_plist(__version__)
    assert merged["CFBundleShortVersionString"] == __version__
    assert merged["CFBundleVersion"] == __version__
    assert merged["NSHighResolutionCapable"] is True
    assert "OBS" in merged["NSLocalNetworkUsageDescription"]
    assert re.fullmatch(r"\d+\.\d+", merged["LSMinimumSystemVersion"])
    assert merged["CFBundleIconFile"] == f"{APP_ID}.icns"


def test_spec_builds_the_macos_bundle_from_the_same_identifier_and_version() -> None:
    spec = SPEC.read_text(encoding="utf-8")
    assert "from comprimato_companion import APP_ID, APP_NAME, DIST_NAME, __version__" in spec
    assert "bundle_identifier=APP_ID" in spec
    assert "version=__version__" in spec
    assert "info_plist=bundle_rules.macos_info_plist(__version__)" in spec


def iss_setup_entries() -> dict[str, str]:
    entries: dict[str, str] = {}
    section = None
    for line in ISS.read_text(encoding="utf-8").splitlines():
        if line.startswith("["):
            section = line.strip("[]")
        elif section == "Setup" and "=" in line and not line.startswith(";"):
            key, value = line.split("=", 1)
            entries[key.strip()] = value.strip()
    return entries


def test_inno_setup_script_uses_the_identifier_and_the_version_it_is_given() -> None:
    text = ISS.read_text(encoding="utf-8")
    assert f'#define AppId "{APP_ID}"' in text
    assert f'#define AppName "{APP_NAME}"' in text
    assert f'#define AppExe "{DIST_NAME}.exe"' in text
    assert "#ifndef AppVersion\n  #error" in text, "the script must refuse to build unversioned"
    setup = iss_setup_entries()
    assert setup["AppId"] == "{#AppId}"
    assert setup["AppVersion"] == "{#AppVersion}"
    assert "{#AppVersion}" in setup["OutputBaseFilename"]
    assert '{autoprograms}\\{#AppName}"' in text, "a Start menu entry"
    assert "Uninstallable=no" not in text


def test_inno_setup_is_called_with_the_version_from_the_app(tmp_path: Path) -> None:
    command = build.inno_setup_command("iscc", tmp_path / "bundle", tmp_path, tmp_path / "x.ico")
    assert f"/DAppVersion={__version__}" in command
    numeric = ".".join(str(n) for n in bundle_rules.numeric_version(__version__))
    assert f"/DAppNumericVersion={numeric}" in command
    assert command[-1] == str(ISS)


def test_flatpak_manifest_runs_the_program_and_installs_files_that_exist() -> None:
    text = FLATPAK.read_text(encoding="utf-8")
    assert re.search(rf"^app-id: {re.escape(APP_ID)}$", text, re.MULTILINE)
    assert re.search(rf"^command: {DIST_NAME}$", text, re.MULTILINE)
    installed = [p for p in re.findall(r"install -Dm644 (\S+)", text) if "$" not in p]
    assert installed
    for path in installed:
        assert (ROOT / path).is_file(), path


def test_flatpak_manifest_parses_and_pins_everything_it_fetches() -> None:
    """Buildable in principle (flatpak-builder is not run here): runtime 25.08, libsrt by
    commit, the Python modules only from the hashed pins, no second top-level name."""
    import yaml

    manifest = yaml.safe_load(FLATPAK.read_text(encoding="utf-8"))
    assert manifest["app-id"] == APP_ID
    assert manifest["runtime"] == "org.freedesktop.Platform"
    assert manifest["runtime-version"] == manifest.get("sdk-version", "25.08") == "25.08"
    modules = {module["name"]: module for module in manifest["modules"]}
    for module in modules.values():
        for source in module.get("sources", []):
            if source["type"] == "git":
                assert re.fullmatch(r"[0-9a-f]{40}", source.get("commit", "")), module["name"]
            elif source["type"] in ("file", "archive"):
                assert "sha256" in source or (FLATPAK.parent / source["path"]).is_file()
    (srt,) = modules["srt"]["sources"]
    assert srt["commit"] == "b6b4ae990daa8193625a4ddeaeaed03023b23125" and srt["tag"] == "v1.5.5"
    commands = [c for m in modules.values() for c in m.get("build-commands", [])]
    pip = [c for c in commands if "pip3 install" in c]
    assert len(pip) == 2
    (deps,) = [c for c in pip if "-r " in c]
    assert "--require-hashes" in deps and "--no-deps" in deps and "-r runtime.txt" in deps
    sources = modules["python3-dependencies"]["sources"]
    assert {"type": "file", "path": "../requirements/runtime.txt"} in sources
    assert not [c for c in commands if "==" in c]  # no pin outside the hashed file
    assert not [c for c in commands if "cp -r resources" in c or "site-packages" in c]
    assert not re.search(r"pypi|pythonhosted|npmjs|debian\.org", FLATPAK.read_text())


@pytest.mark.parametrize(
    ("version", "numbers"),
    [
        ("0.1.0", (0, 1, 0, 0)),
        ("1.2.3.4", (1, 2, 3, 4)),
        ("2.0rc1", (2, 0, 0, 0)),
        ("3", (3, 0, 0, 0)),
    ],
)
def test_numeric_version_gives_windows_four_numbers(
    version: str, numbers: tuple[int, int, int, int]
) -> None:
    assert bundle_rules.numeric_version(version) == numbers


def test_windows_version_resource_carries_the_version() -> None:
    text = bundle_rules.windows_version_info("1.2.3", app_name=APP_NAME, dist_name=DIST_NAME)
    ast.parse(text)  # PyInstaller evaluates it as a Python expression
    assert "filevers=(1, 2, 3, 0)" in text
    assert "StringStruct('ProductVersion', '1.2.3')" in text
    assert f"StringStruct('OriginalFilename', '{DIST_NAME}.exe')" in text


# --- what the bundle keeps ---------------------------------------------------------------


def test_the_spec_ships_the_player_script_with_its_licence() -> None:
    spec = (ROOT / "packaging" / "comprimato-companion.spec").read_text()
    assert 'datas=[(str(ROOT / "resources"), "resources"), ' in spec
    for name in ("hls.light.min.js", "hls.js-LICENSE"):
        assert (ROOT / "resources" / "player" / name).is_file()


@pytest.mark.parametrize(
    "dest",
    [
        "PySide6/Qt/plugins/platforms/libqxcb.so",
        "PySide6/Qt/plugins/platforms/libqoffscreen.so",
        "PySide6/Qt/plugins/platforms/libqwayland.so",
        "PySide6/Qt/plugins/wayland-shell-integration/libxdg-shell.so",
        "PySide6/Qt/plugins/imageformats/libqsvg.so",
        "PySide6/Qt/plugins/iconengines/libqsvgicon.so",
        "PySide6/Qt/plugins/platformthemes/libqxdgdesktopportal.so",
        "PySide6/Qt/plugins/platforminputcontexts/libcomposeplatforminputcontextplugin.so",
        "PySide6/Qt/lib/libQt6Widgets.so.6",
        "PySide6/Qt/lib/libQt6Svg.so.6",
        "PySide6/Qt/lib/libQt6DBus.so.6",
        "PySide6\\plugins\\platforms\\qwindows.dll",
        "PySide6\\Qt6Widgets.dll",
        "PySide6/Qt/plugins/platforms/libqcocoa.dylib",
        "PySide6/Qt/plugins/styles/libqmacstyle.dylib",
        "PySide6/Qt/lib/QtWidgets.framework/Versions/A/QtWidgets",
        "libsrt.so.1.5",
        "resources/player/hls.light.min.js",
        "resources/player/hls.js-LICENSE",
    ],
)
def test_bundle_keeps_what_the_window_needs(dest: str) -> None:
    assert bundle_rules.keep_binary(dest)


@pytest.mark.parametrize(
    "dest",
    [
        "PySide6/Qt/plugins/tls/libqopensslbackend.so",
        "PySide6/Qt/plugins/networkinformation/libqglib.so",
        "PySide6/Qt/plugins/imageformats/libqpdf.so",
        "PySide6/Qt/plugins/imageformats/libqjpeg.so",
        "PySide6/Qt/plugins/platforms/libqeglfs.so",
        "PySide6/Qt/plugins/platforms/libqvnc.so",
        "PySide6/Qt/plugins/platformthemes/libqgtk3.so",
        "PySide6/Qt/plugins/generic/libqevdevmouseplugin.so",
        "PySide6/Qt/plugins/platforminputcontexts/libqtvirtualkeyboardplugin.so",
        "PySide6/Qt/lib/libQt6Pdf.so.6",
        "PySide6/Qt/lib/libQt6Quick.so.6",
        "PySide6/Qt/lib/libQt6QmlModels.so.6",
        "PySide6/Qt/lib/libQt6VirtualKeyboard.so.6",
        "PySide6/Qt/lib/QtQuick.framework/Versions/A/QtQuick",
        "PySide6\\Qt6Pdf.dll",
    ],
)
def test_bundle_drops_what_nothing_uses(dest: str) -> None:
    assert not bundle_rules.keep_binary(dest)


# --- icons -------------------------------------------------------------------------------


def test_committed_icon_sizes_exist_at_their_size() -> None:
    for size in icons.SIZES:
        data = icons.png_path(size).read_bytes()
        assert icons.png_size(data) == (size, size)
    assert icons.SVG.is_file()


def test_windows_icon_holds_every_size_as_png(tmp_path: Path) -> None:
    ico, icns = icons.write_containers(tmp_path)
    data = ico.read_bytes()
    reserved, kind, count = struct.unpack("<HHH", data[:6])
    assert (reserved, kind, count) == (0, 1, len(icons.ICO_SIZES))
    sizes = []
    for index in range(count):
        width, _, _, _, _, _, length, offset = struct.unpack(
            "<BBBBHHII", data[6 + 16 * index : 22 + 16 * index]
        )
        image = data[offset : offset + length]
        assert icons.png_size(image)[0] == (width or 256)
        sizes.append(width or 256)
    assert sizes == sorted(icons.ICO_SIZES)

    packed = icns.read_bytes()
    assert packed[:4] == b"icns"
    assert struct.unpack(">I", packed[4:8])[0] == len(packed)
    kinds = []
    at = 8
    while at < len(packed):
        kinds.append(packed[at : at + 4])
        at += struct.unpack(">I", packed[at + 4 : at + 8])[0]
    assert at == len(packed)
    assert b"ic09" in kinds and b"ic07" in kinds


# --- the Linux tarball and install.sh ----------------------------------------------------


@pytest.fixture
def tarball(tmp_path: Path) -> Path:
    """A tarball built by the real recipe around a stand-in bundle (a shell script)."""
    bundle = tmp_path / "dist" / DIST_NAME
    (bundle / "_internal").mkdir(parents=True)
    program = bundle / DIST_NAME
    program.write_text("#!/bin/sh\necho stand-in \"$@\"\n", encoding="utf-8")
    program.chmod(program.stat().st_mode | stat.S_IXUSR)
    (bundle / "_internal" / "library.so").write_bytes(b"\0")
    return build.linux_tarball(bundle, tmp_path / "dist", version="9.8.7")


def test_tarball_holds_the_bundle_and_the_desktop_integration(tarball: Path) -> None:
    assert tarball.name.startswith(f"{DIST_NAME}-9.8.7-linux-")
    with tarfile.open(tarball) as archive:
        names = set(archive.getnames())
        mode = archive.getmember(f"{DIST_NAME}-9.8.7/{DIST_NAME}/{DIST_NAME}").mode
    top = f"{DIST_NAME}-9.8.7"
    assert f"{top}/install.sh" in names
    assert f"{top}/share/applications/{APP_ID}.desktop" in names
    assert f"{top}/share/metainfo/{APP_ID}.metainfo.xml" in names
    assert f"{top}/share/icons/hicolor/scalable/apps/{APP_ID}.svg" in names
    assert f"{top}/share/icons/hicolor/256x256/apps/{APP_ID}.png" in names
    assert f"{top}/{DIST_NAME}/_internal/library.so" in names
    assert mode & stat.S_IXUSR


def test_install_sh_installs_into_the_home_and_uninstalls(tarball: Path, tmp_path: Path) -> None:
    unpacked = tmp_path / "unpacked"
    with tarfile.open(tarball) as archive:
        archive.extractall(unpacked, filter="tar")
    installer = unpacked / f"{DIST_NAME}-9.8.7" / "install.sh"
    home = tmp_path / "user"
    home.mkdir()
    env = {"HOME": str(home), "PATH": os.environ["PATH"]}

    subprocess.run([str(installer)], env=env, check=True, capture_output=True)
    local = home / ".local"
    program = local / "bin" / DIST_NAME
    ran = subprocess.run([str(program), "--x"], capture_output=True, text=True, check=True)
    assert ran.stdout == "stand-in --x\n"
    desktop = local / "share" / "applications" / f"{APP_ID}.desktop"
    entry = desktop_entry(desktop)
    assert entry["Exec"] == f"{local}/lib/{DIST_NAME}/{DIST_NAME}"
    assert subprocess.run(["desktop-file-validate", str(desktop)], check=False).returncode == 0
    assert (local / "share" / "metainfo" / f"{APP_ID}.metainfo.xml").is_file()
    assert (local / "share" / "icons" / "hicolor" / "48x48" / "apps" / f"{APP_ID}.png").is_file()

    # An update replaces the program as a whole.
    subprocess.run([str(installer)], env=env, check=True, capture_output=True)
    assert program.resolve().is_file()

    done = subprocess.run(
        [str(installer), "--uninstall"], env=env, check=True, capture_output=True, text=True
    )
    assert "removed" in done.stdout
    assert not program.exists() and not program.is_symlink()
    assert not desktop.exists()
    assert not (local / "lib" / DIST_NAME).exists()
    assert not list((local / "share" / "icons").rglob("*.png"))


def test_install_sh_refuses_an_incomplete_unpack(tarball: Path, tmp_path: Path) -> None:
    unpacked = tmp_path / "unpacked"
    with tarfile.open(tarball) as archive:
        archive.extractall(unpacked, filter="tar")
    top = unpacked / f"{DIST_NAME}-9.8.7"
    shutil.rmtree(top / DIST_NAME)
    result = subprocess.run(
        [str(top / "install.sh")],
        env={"HOME": str(tmp_path), "PATH": os.environ["PATH"]},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "unpack the whole tarball" in result.stderr
