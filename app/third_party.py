"""The third-party components this program ships, with their licences and licence texts.

Every Python distribution the program needs (its requirements, followed to the end) is
read from its installed metadata: name, version, licence, and the licence files it
carries. Components that are not Python distributions are listed by hand: the Python
interpreter and Qt (inside PySide6) in every build, libsrt in the Linux bundle. The
build writes the result into the bundle and the tarball (``THIRD-PARTY-NOTICES.txt``);
a pip-installed program makes the same text from its own environment.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from . import APP_NAME, DIST_NAME

NOTICES_NAME = "THIRD-PARTY-NOTICES.txt"
_LICENCE_FILE = re.compile(r"(^|/)(LICEN[CS]E|COPYING|NOTICE|AUTHORS)[^/]*$", re.IGNORECASE)
_REQUIREMENT_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")
#: Where Debian keeps the full text of common licences (used by the Linux build).
COMMON_LICENCES = Path("/usr/share/common-licenses")


@dataclass(frozen=True)
class Component:
    """One bundled component.

    Attributes:
        name, version: as published.
        licence: an SPDX expression or the licence's name.
        texts: ``(file name, text)`` of each licence file.
        note: why it is here, when that is not obvious.
    """

    name: str
    version: str
    licence: str
    texts: tuple[tuple[str, str], ...] = field(default=(), repr=False)
    note: str = ""


def python_components(root: str = DIST_NAME) -> list[Component]:
    """The installed distributions ``root`` needs, itself left out, sorted by name."""
    found: dict[str, metadata.Distribution] = {}
    pending = [root]
    while pending:
        name = pending.pop()
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue  # a requirement for another platform (or an extra): not installed
        key = _key(_header(dist.metadata, "Name"))
        if key in found:
            continue
        found[key] = dist
        for requirement in dist.requires or []:
            if "extra ==" in requirement:
                continue
            match = _REQUIREMENT_NAME.match(requirement)
            if match is not None:
                pending.append(match.group(1))
    found.pop(_key(root), None)
    return sorted((_component(dist) for dist in found.values()), key=lambda c: c.name.lower())


def _key(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _component(dist: metadata.Distribution) -> Component:
    meta = dist.metadata
    licence = _header(meta, "License-Expression")
    if not licence:
        classifiers = [
            c.rsplit("::", 1)[-1].strip()
            for c in meta.get_all("Classifier") or []
            if c.startswith("License ::")
        ]
        short = _header(meta, "License").strip()
        licence = " / ".join(classifiers) or (short if len(short) < 80 else "see the text")
    texts: list[tuple[str, str]] = []
    for file in dist.files or []:
        path = str(file).replace("\\", "/")
        if ".dist-info/" in path and _LICENCE_FILE.search(path):
            try:
                text = file.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                continue
            if text:
                texts.append((file.name, text))
    return Component(_header(meta, "Name"), dist.version, licence or "unknown", tuple(texts))


def _header(meta: metadata.PackageMetadata, name: str) -> str:
    """One metadata header, "" when absent (some metadata readers raise on a missing one)."""
    values = meta.get_all(name)
    return str(values[0]) if values else ""


def other_components(*, with_libsrt: bool) -> list[Component]:
    """The interpreter, Qt, and (in the Linux bundle) libsrt, with their full texts."""
    python_licence = Path(sys.base_prefix) / "lib" / f"python{sys.version_info.major}." \
        f"{sys.version_info.minor}" / "LICENSE.txt"
    listed = [
        Component(
            "Python", sys.version.split()[0], "PSF-2.0",
            _texts(python_licence, Path(sys.base_prefix) / "LICENSE.txt"),
            "the interpreter the program runs on",
        ),
        Component(
            "Qt", _qt_version(), "LGPL-3.0-only",
            _texts(COMMON_LICENCES / "LGPL-3", COMMON_LICENCES / "GPL-3"),
            "inside PySide6; replace the Qt libraries in the bundle's PySide6 folder with "
            "your own build to use a modified Qt",
        ),
    ]
    from .resource_paths import resources_dir

    player = resources_dir() / "player"
    if (player / "hls.light.min.js").is_file():
        listed.append(
            Component(
                "hls.js", _hls_js_version(), "Apache-2.0", _texts(player / "hls.js-LICENSE"),
                "served by the local sandbox to browsers without HLS of their own",
            )
        )
    if with_libsrt:
        listed.append(
            Component(
                "libsrt", "1.5", "MPL-2.0", _texts(COMMON_LICENCES / "MPL-2.0"),
                "the SRT library of the local sandbox (source: https://github.com/Haivision/srt)",
            )
        )
    return listed


def _hls_js_version() -> str:
    from .sandbox.player_assets import HLS_JS_VERSION

    return HLS_JS_VERSION


def _qt_version() -> str:
    try:
        return metadata.version("PySide6-Essentials")
    except metadata.PackageNotFoundError:
        return "6"


def _texts(*paths: Path) -> tuple[tuple[str, str], ...]:
    found: list[tuple[str, str]] = []
    for path in paths:
        try:
            found.append((path.name, path.read_text(encoding="utf-8")))
        except (OSError, UnicodeDecodeError):
            continue
    return tuple(found)


def render(components: list[Component]) -> str:
    """The notices file: a summary table, then each component's licence texts in full."""
    lines = [
        f"{APP_NAME} includes the following third-party components.",
        "",
    ]
    width = max((len(c.name) for c in components), default=10)
    for component in components:
        lines.append(f"  {component.name:<{width}}  {component.version:<12}  {component.licence}")
    for component in components:
        lines += ["", "=" * 78, f"{component.name} {component.version}: {component.licence}"]
        if component.note:
            lines.append(f"({component.note})")
        lines.append("=" * 78)
        if not component.texts:
            lines.append("(no licence text was shipped with this component)")
        for name, text in component.texts:
            lines += ["", f"--- {name} ---", text.rstrip()]
    return "\n".join(lines) + "\n"


def notices_text(resources: Path | None = None) -> str:
    """The bundled notices file when there is one, else made from this environment."""
    if resources is not None:
        try:
            return (resources / NOTICES_NAME).read_text(encoding="utf-8")
        except OSError:
            pass
    return render(python_components() + other_components(with_libsrt=False))


def write_notices(path: Path, *, with_libsrt: bool) -> Path:
    """Write the notices file for a build; returns ``path``."""
    text = render(python_components() + other_components(with_libsrt=with_libsrt))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


__all__ = [
    "NOTICES_NAME",
    "Component",
    "notices_text",
    "other_components",
    "python_components",
    "render",
    "write_notices",
]
