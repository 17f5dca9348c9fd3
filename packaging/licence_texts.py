"""Refresh the licence texts of every bundled component in ``resources/licences/``.

    .venv/bin/python packaging/licence_texts.py      (scripts/refresh-licences runs this)

Run it after ``scripts/lock-requirements`` changed a pin, or after the bundle took in a new
component. It writes ``resources/licences/components.json`` (name, version, licence, the
text files) and the texts themselves, named COMPONENT.FILE, from:

- every Python package in ``packaging/requirements/runtime.txt`` (and PyInstaller, whose
  bootloader starts the bundle): the licence files in its installed ``.dist-info``; a
  package this system does not install (Windows or macOS only) is downloaded with pip,
  checked against the pinned hash, and read from its wheel;
- Qt, ICU, OpenSSL, CPython and libsrt, which are no Python packages: the texts their
  installed distributions carry on this Debian system (``/usr/share/doc/*/copyright``, the
  full licences in ``/usr/share/common-licenses``, ICU's own ``LICENSE`` from libicu-dev)
  and the interpreter's own ``LICENSE.txt``;
- hls.js: its licence as packed from the npm registry, already in ``resources/player``.

The program and every build read only these committed files (``app/third_party.py``), so a
build on Windows or macOS carries the same texts. The tests check that every pin is listed
with its version, so a pin changed without a refresh fails them.
"""

from __future__ import annotations

import glob
import json
import re
import shutil
import ssl
import subprocess
import sys
import tempfile
import zipfile
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESOURCES = ROOT / "resources"
LICENCES = RESOURCES / "licences"
REQUIREMENTS = ROOT / "packaging" / "requirements"
COMMON = Path("/usr/share/common-licenses")
DOC = Path("/usr/share/doc")
_LICENCE_FILE = re.compile(r"(^|/)(LICEN[CS]E|COPYING|NOTICE|AUTHORS)[^/]*$", re.IGNORECASE)
_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)\s*(?:;\s*([^\\]+?))?\s*\\?$")

#: Where a platform-only package is bundled, from its pin's marker.
_PLATFORMS = {"win32": "Windows", "darwin": "macOS", "linux": "Linux"}


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def read_pins(path: Path) -> list[tuple[str, str, str, list[str]]]:
    """``(name, version, marker, hashes)`` of each pin in a requirements file."""
    pins: list[tuple[str, str, str, list[str]]] = []
    for block in re.split(r"\n(?=\S)", path.read_text(encoding="utf-8")):
        first, *rest = block.splitlines()
        match = _PIN.match(first)
        if match:
            hashes = [line.strip().removesuffix("\\").strip() for line in rest
                      if line.strip().startswith("--hash=")]
            pins.append((match.group(1), match.group(2), match.group(3) or "", hashes))
    return pins


def where(marker: str) -> str:
    """"Windows only" and the like, from a pin's marker; "" where it is bundled everywhere."""
    systems = [label for key, label in _PLATFORMS.items() if f"sys_platform == '{key}'" in marker]
    return f"{' and '.join(systems)} only" if systems else ""


def licence_of(meta: metadata.PackageMetadata) -> str:
    expression = meta.get("License-Expression")
    if expression:
        return str(expression)
    classifiers = [c.rsplit("::", 1)[-1].strip() for c in meta.get_all("Classifier") or []
                   if c.startswith("License ::")]
    short = str(meta.get("License") or "").strip()
    return " / ".join(classifiers) or (short if short and len(short) < 80 else "see the text")


def text_name(path_in_dist_info: str) -> str:
    """``licenses/LICENSE.txt`` -> ``LICENSE.txt``; deeper folders joined with dashes."""
    return path_in_dist_info.removeprefix("licenses/").replace("/", "-")


def installed_texts(name: str, version: str) -> tuple[str, str, dict[str, bytes]] | None:
    try:
        dist = metadata.distribution(name)
    except metadata.PackageNotFoundError:
        return None
    if dist.version != version:
        sys.exit(f"licence_texts: {name} {dist.version} is installed, the pin says {version}: "
                 "run scripts/setup-env --build first")
    texts = {}
    for file in dist.files or []:
        path = str(file).replace("\\", "/")
        if ".dist-info/" in path and _LICENCE_FILE.search(path):
            texts[text_name(path.split(".dist-info/", 1)[1])] = file.locate().read_bytes()
    return str(dist.metadata["Name"]), licence_of(dist.metadata), texts


def downloaded_texts(
    name: str, version: str, hashes: list[str]
) -> tuple[str, str, dict[str, bytes]]:
    """A package this system does not install: its pinned wheel, hash-checked, read."""
    with tempfile.TemporaryDirectory() as folder:
        pinned = Path(folder) / "pin.txt"
        pinned.write_text(f"{name}=={version} " + " ".join(hashes) + "\n", encoding="utf-8")
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "-q", "--no-deps", "--only-binary=:all:",
             "--require-hashes", "-r", str(pinned), "-d", folder],
            check=True,
        )
        (wheel,) = Path(folder).glob("*.whl")
        with zipfile.ZipFile(wheel) as archive:
            (meta_name,) = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA")]
            from email.parser import BytesParser

            meta = BytesParser().parsebytes(archive.read(meta_name))
            texts = {
                text_name(n.split(".dist-info/", 1)[1]): archive.read(n)
                for n in archive.namelist()
                if ".dist-info/" in n and _LICENCE_FILE.search(n)
            }
    return str(meta["Name"]), licence_of(meta), texts  # type: ignore[arg-type]


def system_file(*patterns: str) -> Path:
    for pattern in patterns:
        found = sorted(glob.glob(pattern))
        if found:
            return Path(found[-1])
    sys.exit(f"licence_texts: none of {patterns} is on this system (Debian's packages have them)")


def icu_version() -> str:
    import PySide6

    libs = Path(PySide6.__file__).parent / "Qt" / "lib"
    found = sorted(libs.glob("libicuuc.so.*"))
    return found[0].name.rsplit(".so.", 1)[1] if found else "unknown"


def other_components(pyside: str) -> list[dict[str, object]]:
    """Components that are no Python package: (name, version, licence, note, source files)."""
    series = f"{sys.version_info.major}.{sys.version_info.minor}"
    openssl = ssl.OPENSSL_VERSION.split()[1] if ssl.OPENSSL_VERSION.startswith("OpenSSL") else ""
    return [
        {"name": "Python", "version": series, "licence": "PSF-2.0",
         "note": "the interpreter the program runs on (CPython)",
         "files": [system_file(f"{sys.base_prefix}/lib/python{series}/LICENSE.txt",
                               f"/usr/lib/python{series}/LICENSE.txt",
                               f"{DOC}/python{series}/copyright")]},
        {"name": "Qt", "version": pyside, "licence": "LGPL-3.0-only",
         "note": "inside PySide6 and shiboken6, which are under the same licence; replace the "
                 "Qt libraries in the bundle's PySide6 folder with your own build to use a "
                 "modified Qt. The LGPL is a set of additional permissions on the GPL, so "
                 "both texts follow",
         "files": [COMMON / "LGPL-3", COMMON / "GPL-3"]},
        # ICU's own LICENSE (Debian's libicu-dev has it): the Unicode licence in its words and
        # the notices of the dictionaries and data in libicudata, which the copyright file
        # of Debian's libicu leaves out. It is the system's ICU version's file (72 on Debian
        # 12); PySide6's ICU (73) was released under the same licence.
        {"name": "ICU", "version": icu_version(), "licence": "Unicode-DFS-2016 (ICU licence)",
         "note": "Unicode support inside PySide6's Qt (Linux); the text is ICU's own LICENSE "
                 "as the system's ICU (libicu-dev) carries it",
         "files": [system_file("/usr/share/icu/*/LICENSE")]},
        {"name": "OpenSSL", "version": openssl or "3", "licence": "Apache-2.0",
         "note": "TLS for HTTPS through Python's ssl module: the Linux bundle carries libssl "
                 "and libcrypto; Python for Windows and macOS brings its own copy",
         "files": [system_file(f"{DOC}/libssl3*/copyright", f"{DOC}/libssl*/copyright"),
                   COMMON / "Apache-2.0"]},
        {"name": "libsrt", "version": "1.5", "licence": "MPL-2.0",
         "note": "the SRT library of the local sandbox (Linux bundle and Flatpak); source: "
                 "https://github.com/Haivision/srt",
         "files": [system_file(f"{DOC}/libsrt1.5-openssl/copyright", f"{DOC}/libsrt*/copyright"),
                   COMMON / "MPL-2.0"]},
    ]


#: Bundled libraries whose component is listed on its own (or is the program's Python).
_COVERED = re.compile(
    r"^(libpython|libssl|libcrypto|libsrt|libQt6|libicu|libpyside6|libshiboken6|_)")
BUNDLE = ROOT / "dist" / "comprimato-companion" / "_internal"


def system_libraries() -> dict[str, object] | None:
    """The Linux bundle's libraries PyInstaller took from this system (libX11, glib, ...),
    read from a built bundle, each with its Debian package's copyright file and the common
    licences those files refer to; ``None`` when no bundle was built here."""
    if not BUNDLE.is_dir():
        return None
    libraries = sorted(p.name for p in BUNDLE.glob("*.so*") if not _COVERED.match(p.name))
    packages: dict[str, list[str]] = {}
    for library in libraries:
        owner = subprocess.run(["dpkg", "-S", f"*/{library}"], capture_output=True, text=True,
                               check=False)
        lines = [line for line in owner.stdout.splitlines() if "-dbg" not in line]
        if not lines:
            sys.exit(f"licence_texts: no Debian package owns {library}; add its licence by hand")
        package = lines[0].split(":", 1)[0]
        packages.setdefault(package, []).append(library)
    files: list[Path] = []
    common: set[str] = set()
    for package in sorted(packages):
        copyright_file = DOC / package / "copyright"
        if not copyright_file.is_file():
            sys.exit(f"licence_texts: {copyright_file} is missing")
        files.append(copyright_file)
        text = copyright_file.read_text(encoding="utf-8", errors="replace")
        common.update(re.findall(r"/usr/share/common-licenses/([A-Za-z0-9.+-]+[A-Za-z0-9+])",
                                 text))
    # GPL and LGPL are links to the current versions: each text once, under its own name.
    files += sorted({(COMMON / name).resolve() for name in common if (COMMON / name).is_file()})
    listing = ", ".join(f"{package} ({' '.join(libs)})" for package, libs in sorted(
        packages.items()))
    return {"name": "Linux system libraries", "version": "Debian 12",
            "licence": "each package's own (see its copyright file)",
            "note": "the Linux bundle carries these libraries of the system it was built on: "
                    + listing,
            "files": files}


def main() -> int:
    from comprimato_companion.sandbox.player_assets import HLS_JS_VERSION, LICENSE_FILE

    pins = read_pins(REQUIREMENTS / "runtime.txt")
    pins += [pin for pin in read_pins(REQUIREMENTS / "build.txt") if canonical(pin[0]) ==
             "pyinstaller"]
    kept = None
    if not BUNDLE.is_dir() and (LICENCES / "components.json").is_file():
        old = json.loads((LICENCES / "components.json").read_text(encoding="utf-8"))
        kept = next((c for c in old["components"] if c["name"] == "Linux system libraries"),
                    None)
    # One flat folder, each text named COMPONENT.FILE: setuptools takes a sub-folder of
    # package data for a package it should warn about, once per folder.
    for child in LICENCES.glob("*"):
        if child.name != "components.json" and not (
                kept and child.name.startswith("linux-system-libraries.")):
            shutil.rmtree(child) if child.is_dir() else child.unlink()
    LICENCES.mkdir(parents=True, exist_ok=True)
    index: list[dict[str, object]] = []
    pyside = ""
    for name, version, marker, hashes in pins:
        found = installed_texts(name, version) or downloaded_texts(name, version, hashes)
        shown, licence, texts = found
        key = canonical(name)
        if key == "pyside6-essentials":
            pyside = version
        notes = [where(marker)]
        if key == "pyinstaller":
            # Its classifier says GPLv2; COPYING.txt says "or later" with the exception.
            licence = "GPL-2.0-or-later WITH Bootloader-exception"
            notes.append("its bootloader starts the bundle; the exception lets it start "
                         "programs under any licence")
        if not texts and key in {"pyside6-essentials", "shiboken6"}:
            notes.append("its wheel carries no licence file: its licence is Qt's, given in "
                         "full under Qt")
        elif not texts:
            sys.exit(f"licence_texts: {name} {version} ships no licence file; add its text")
        files = []
        for file_name, data in sorted(texts.items()):
            (LICENCES / f"{key}.{file_name}").write_bytes(data)
            files.append(f"licences/{key}.{file_name}")
        index.append({"name": shown, "version": version, "licence": licence,
                      "note": "; ".join(n for n in notes if n), "files": files})
    system = system_libraries()
    if system is None:
        print("licence_texts: no bundle in dist/, so the Linux system libraries' texts are "
              "kept as they were (scripts/build-installer, then run this again)")
    for component in other_components(pyside) + ([system] if system else []):
        key = re.sub(r"[^a-z0-9]+", "-", str(component["name"]).lower())
        files = []
        for source in component.pop("files"):  # type: ignore[attr-defined]
            target = LICENCES / (f"{key}.{source.name}" if source.name != "copyright"
                                 else f"{key}.{source.parent.name}.copyright")
            shutil.copyfile(source, target)
            files.append(f"licences/{target.name}")
        index.append({**component, "files": files})
    if kept:
        index.append(kept)
    index.append({"name": "hls.js", "version": HLS_JS_VERSION, "licence": "Apache-2.0",
                  "note": "served by the local sandbox to browsers without HLS of their own",
                  "files": [f"player/{LICENSE_FILE}"]})
    index.sort(key=lambda c: str(c["name"]).lower())
    (LICENCES / "components.json").write_text(
        json.dumps({"written_by": "scripts/refresh-licences", "components": index}, indent=1,
                   ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    print(f"licence_texts: {len(index)} components in {LICENCES.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    raise SystemExit(main())
