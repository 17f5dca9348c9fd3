"""Build the installable package for the system this runs on.

    python packaging/build.py             PyInstaller bundle, then the system's package
    python packaging/build.py --bundle-only

Linux: ``dist/comprimato-companion/`` and ``dist/comprimato-companion-VERSION-linux-ARCH.tar.gz``
(the bundle, the desktop entry, AppStream metadata, icons, ``install.sh``, the licence, the
notices and the source archive).
Every system: ``dist/comprimato-companion-VERSION-source.tar.gz``, the complete source of the
build (every file of the repository, build scripts and pins included), which the GPL asks to
travel with the program; the bundle's ``LICENSE`` and ``SOURCE.txt`` point at it.
Windows: the bundle, then ``dist/comprimato-companion-VERSION-windows-x64-setup.exe`` with
Inno Setup 6 (``iscc`` on PATH or in its default folder).
macOS: ``dist/Comprimato Companion.app``, then a ``.dmg`` with ``hdiutil``.

The version is read from ``app/__init__.py`` and handed to every package from here.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tarfile
import time
from pathlib import Path

PACKAGING = Path(__file__).resolve().parent
ROOT = PACKAGING.parent
sys.path[:0] = [str(ROOT), str(PACKAGING)]

from comprimato_companion import APP_ID, APP_NAME, DIST_NAME, __version__  # noqa: E402
from comprimato_companion.licence import (  # noqa: E402
    LICENCE_FILE,
    SOURCE_FILE,
    source_archive_name,
    source_text,
)
from comprimato_companion.third_party import NOTICES_NAME  # noqa: E402

import bundle_rules  # noqa: E402
import icons  # noqa: E402

SPEC = PACKAGING / f"{DIST_NAME}.spec"
ICONS = ROOT / "resources" / "icons"


def folder_size(path: Path) -> int:
    """Bytes in the files under ``path`` (symlinks not followed), like ``du -sb``."""
    if path.is_file():
        return path.stat().st_size
    return sum(p.lstat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def human_size(size: int) -> str:
    value = float(size)
    for unit in ("B", "KiB", "MiB", "GiB"):
        if value < 1024 or unit == "GiB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    raise AssertionError("unreachable")


def run_pyinstaller(dist: Path, work: Path) -> Path:
    """Build the one-folder bundle; returns the folder (or the ``.app`` on macOS)."""
    subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--clean",
            "--log-level",
            "WARN",
            "--distpath",
            str(dist),
            "--workpath",
            str(work),
            str(SPEC),
        ],
        check=True,
        cwd=ROOT,
    )
    if sys.platform == "darwin":
        return dist / f"{APP_NAME}.app"
    return dist / DIST_NAME


#: Never part of the source archive: what a build or a test run leaves in the work tree.
_NOT_SOURCE = {".git", ".venv", "build", "dist", "__pycache__", ".mypy_cache", ".ruff_cache",
               ".pytest_cache", ".hypothesis"}


def source_files(root: Path = ROOT) -> list[str]:
    """The repository's files, relative: git's list (tracked and new, not ignored) in a
    clone, else every file outside build output and caches (an unpacked source archive)."""
    listed = subprocess.run(
        ["git", "-C", str(root), "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        capture_output=True, check=False,
    )
    if listed.returncode == 0 and listed.stdout:
        names = sorted({n for n in listed.stdout.decode().split("\0") if n})
        return [n for n in names if (root / n).is_file()]
    return sorted(
        str(p.relative_to(root)) for p in root.rglob("*")
        if p.is_file() and not _NOT_SOURCE.intersection(p.relative_to(root).parts)
        and not p.name.endswith(".egg-info") and ".egg-info" not in str(p)
    )


def source_archive(out_dir: Path, version: str = __version__, root: Path = ROOT) -> Path:
    """``NAME-VERSION-source.tar.gz``: the complete corresponding source of this build."""
    archive_path = out_dir / source_archive_name(version)
    top = f"{DIST_NAME}-{version}-source"
    out_dir.mkdir(parents=True, exist_ok=True)
    with tarfile.open(archive_path, "w:gz", compresslevel=9) as archive:
        for name in source_files(root):
            archive.add(root / name, arcname=f"{top}/{name}", recursive=False)
    return archive_path


def add_licence_files(folder: Path, version: str = __version__) -> None:
    """The program's GPL text and SOURCE.txt at the top of ``folder`` (a bundle, a tarball)."""
    shutil.copy2(ROOT / LICENCE_FILE, folder / LICENCE_FILE)
    (folder / SOURCE_FILE).write_text(source_text(version), encoding="utf-8")


def linux_arch() -> str:
    machine = platform.machine().lower()
    return {"amd64": "x86_64", "arm64": "aarch64"}.get(machine, machine)


def linux_tarball(
    bundle: Path, out_dir: Path, version: str = __version__, source: Path | None = None
) -> Path:
    """Pack ``bundle`` with its desktop integration and ``install.sh`` into a tarball.

    Layout (top folder ``comprimato-companion-VERSION``): ``comprimato-companion/`` (the
    bundle), ``install.sh``, ``share/applications``, ``share/metainfo`` and
    ``share/icons/hicolor/{NxN,scalable}/apps``, i.e. what ``install.sh`` copies to ~/.local;
    ``LICENSE``, ``SOURCE.txt``, the notices and ``source`` (the source archive) beside them.
    """
    top = f"{DIST_NAME}-{version}"
    staging = out_dir / f".{top}-staging"
    shutil.rmtree(staging, ignore_errors=True)
    root = staging / top
    shutil.copytree(bundle, root / DIST_NAME, symlinks=True)
    shutil.copy2(PACKAGING / "linux" / "install.sh", root / "install.sh")
    add_licence_files(root, version)
    if source is not None:
        shutil.copy2(source, root / source.name)
    # The licence texts of every bundled component, at the top where people look.
    notices = root / DIST_NAME / "_internal" / "resources" / NOTICES_NAME
    for candidate in (notices, root / DIST_NAME / "resources" / NOTICES_NAME):
        if candidate.is_file():
            shutil.copy2(candidate, root / NOTICES_NAME)
            break
    share = root / "share"
    (share / "applications").mkdir(parents=True)
    shutil.copy2(PACKAGING / "linux" / f"{APP_ID}.desktop", share / "applications")
    (share / "metainfo").mkdir()
    shutil.copy2(PACKAGING / "linux" / f"{APP_ID}.metainfo.xml", share / "metainfo")
    hicolor = share / "icons" / "hicolor"
    for png in sorted((ICONS / "hicolor").glob(f"*/apps/{APP_ID}.png")):
        target = hicolor / png.relative_to(ICONS / "hicolor")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(png, target)
    (hicolor / "scalable" / "apps").mkdir(parents=True)
    shutil.copy2(ICONS / f"{APP_ID}.svg", hicolor / "scalable" / "apps")

    tarball = out_dir / f"{top}-linux-{linux_arch()}.tar.gz"
    with tarfile.open(tarball, "w:gz", compresslevel=6) as archive:
        archive.add(root, arcname=top)
    shutil.rmtree(staging)
    return tarball


def inno_setup_compiler() -> str | None:
    found = shutil.which("iscc") or shutil.which("ISCC")
    if found:
        return found
    for base in (os.environ.get("PROGRAMFILES(X86)"), os.environ.get("PROGRAMFILES")):
        if base and (Path(base) / "Inno Setup 6" / "ISCC.exe").is_file():
            return str(Path(base) / "Inno Setup 6" / "ISCC.exe")
    return None


def inno_setup_command(iscc: str, bundle: Path, out_dir: Path, icon: Path) -> list[str]:
    """The ``iscc`` call: the version and paths go in as preprocessor definitions."""
    numeric = ".".join(str(n) for n in bundle_rules.numeric_version(__version__))
    return [
        iscc,
        f"/DAppVersion={__version__}",
        f"/DAppNumericVersion={numeric}",
        f"/DBundleDir={bundle}",
        f"/DOutputDir={out_dir}",
        f"/DSetupIcon={icon}",
        str(PACKAGING / "windows" / f"{DIST_NAME}.iss"),
    ]


def windows_installer(bundle: Path, out_dir: Path, work: Path) -> Path | None:
    iscc = inno_setup_compiler()
    if iscc is None:
        print("build: Inno Setup 6 was not found (install it, or put iscc on PATH); "
              "the bundle is built, the installer is not.", file=sys.stderr)
        return None
    ico, _ = icons.write_containers(work / "generated")
    subprocess.run(inno_setup_command(iscc, bundle, out_dir, ico), check=True)
    return out_dir / f"{DIST_NAME}-{__version__}-windows-x64-setup.exe"


def macos_disk_image(app_bundle: Path, out_dir: Path) -> Path | None:
    if shutil.which("hdiutil") is None:
        return None
    image = out_dir / f"{DIST_NAME}-{__version__}-macos.dmg"
    image.unlink(missing_ok=True)
    subprocess.run(
        ["hdiutil", "create", "-volname", APP_NAME, "-srcfolder", str(app_bundle),
         "-ov", "-format", "UDZO", str(image)],
        check=True,
    )
    return image


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--bundle-only", action="store_true", help="skip the system's package")
    parser.add_argument("--dist", type=Path, default=ROOT / "dist")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "pyinstaller")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    bundle = run_pyinstaller(args.dist, args.work)
    if bundle.suffix != ".app":  # the .app keeps them in Contents/Resources/resources
        add_licence_files(bundle)
    bundle_seconds = time.perf_counter() - started
    source = source_archive(args.dist)
    package: Path | None = None
    if not args.bundle_only:
        if sys.platform.startswith("linux"):
            package = linux_tarball(bundle, args.dist, source=source)
        elif sys.platform == "win32":
            package = windows_installer(bundle, args.dist, args.work)
        elif sys.platform == "darwin":
            package = macos_disk_image(bundle, args.dist)
    total = time.perf_counter() - started

    print(f"bundle:  {bundle.relative_to(ROOT) if bundle.is_relative_to(ROOT) else bundle}"
          f"  {human_size(folder_size(bundle))}  (built in {bundle_seconds:.0f} s)")
    if package is not None:
        print(f"package: {package.relative_to(ROOT) if package.is_relative_to(ROOT) else package}"
              f"  {human_size(folder_size(package))}")
    print(f"source:  {source.relative_to(ROOT) if source.is_relative_to(ROOT) else source}"
          f"  {human_size(folder_size(source))}")
    print(f"{APP_NAME} {__version__} built in {total:.0f} s.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
