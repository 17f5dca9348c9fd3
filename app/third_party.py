"""The third-party components this program ships, with their licences and licence texts.

Everything comes from the repository's own files: ``resources/licences/components.json``
lists each component (every Python package of the pinned runtime requirements, PyInstaller's
bootloader, Qt, ICU, OpenSSL, CPython, libsrt, hls.js, the Debian libraries the Linux
bundle carries) with its version, licence and text files, which live beside it (hls.js's
in ``resources/player``). ``scripts/refresh-licences``
writes them from the installed distributions. Nothing is read from the system at build
or run time, so a build on Windows or macOS carries the same texts as one on Linux. The
build renders them into the bundle and the tarball as ``THIRD-PARTY-NOTICES.txt``; a
pip-installed program renders the same text from the files inside its package.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from . import APP_NAME, DIST_NAME

NOTICES_NAME = "THIRD-PARTY-NOTICES.txt"
#: The index of components, relative to the resources folder.
INDEX = Path("licences") / "components.json"


class NoticesMissing(Exception):
    """The index or a licence text it names is missing or unreadable; the message says which."""


@dataclass(frozen=True)
class Component:
    """One bundled component.

    Attributes:
        name, version: as published.
        licence: an SPDX expression or the licence's name.
        texts: ``(file name, text)`` of each licence file.
        note: why it is here or where it is bundled, when that is not obvious.
    """

    name: str
    version: str
    licence: str
    texts: tuple[tuple[str, str], ...] = field(default=(), repr=False)
    note: str = ""


def components(resources: Path) -> list[Component]:
    """Every component of the index under ``resources``, with its texts read.

    Raises:
        NoticesMissing: the index or one of its files cannot be read.
    """
    try:
        entries = json.loads((resources / INDEX).read_text(encoding="utf-8"))["components"]
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise NoticesMissing(f"the licence index {resources / INDEX} is unreadable: {error}") \
            from None
    found = []
    for entry in entries:
        texts = []
        for relative in entry["files"]:
            try:
                text = (resources / relative).read_text(encoding="utf-8", errors="replace")
            except OSError:
                raise NoticesMissing(
                    f"{entry['name']}'s licence text {resources / relative} is missing"
                ) from None
            texts.append((Path(relative).name, text))
        running = _RUNNING_VERSIONS.get(entry["name"])
        version = running() if running is not None else str(entry["version"])
        found.append(Component(entry["name"], version, entry["licence"], tuple(texts),
                               entry.get("note", "")))
    return found


def _python_version() -> str:
    import platform

    return platform.python_version()


def _openssl_version() -> str:
    import ssl

    words = ssl.OPENSSL_VERSION.split()
    return words[1] if len(words) > 1 and words[0] == "OpenSSL" else ssl.OPENSSL_VERSION


#: Components whose version is the one this program runs with (the build's, in a bundle),
#: not the one the texts were refreshed from: their licence does not change with it.
_RUNNING_VERSIONS = {"Python": _python_version, "OpenSSL": _openssl_version}


def render(listed: list[Component]) -> str:
    """The notices file: a summary table, then each component's licence texts in full."""
    lines = [
        f"{APP_NAME} includes the following third-party components.",
        "",
    ]
    width = max((len(c.name) for c in listed), default=10)
    for component in listed:
        lines.append(f"  {component.name:<{width}}  {component.version:<12}  {component.licence}")
    for component in listed:
        lines += ["", "=" * 78, f"{component.name} {component.version}: {component.licence}"]
        if component.note:
            lines.append(f"({component.note})")
        lines.append("=" * 78)
        for name, text in component.texts:
            lines += ["", f"--- {name} ---", text.rstrip()]
    return "\n".join(lines) + "\n"


def notices_text(resources: Path) -> str:
    """The bundled notices file when there is one, else rendered from the licence files."""
    try:
        return (resources / NOTICES_NAME).read_text(encoding="utf-8")
    except OSError:
        pass
    try:
        return render(components(resources))
    except NoticesMissing as error:
        return f"The third-party notices are missing from this installation: {error}.\n"


def problems(resources: Path) -> tuple[int, list[str]]:
    """How many components the index lists, and what is missing of their texts.

    Where the build rendered the notices file (a bundle), each component must have its
    section there; elsewhere (a checkout, a wheel) each text file must be there.
    """
    try:
        entries = json.loads((resources / INDEX).read_text(encoding="utf-8"))["components"]
    except (OSError, ValueError, KeyError, TypeError):
        return 0, [f"the licence index {resources / INDEX} is missing or unreadable"]
    missing: list[str] = []
    try:
        rendered: str | None = (resources / NOTICES_NAME).read_text(encoding="utf-8")
    except OSError:
        rendered = None
    for entry in entries:
        if rendered is not None:
            sections = [f"\n{'=' * 78}\n{entry['name']} ", *(
                f"\n--- {Path(name).name} ---\n" for name in entry["files"])]
            if not all(section in rendered for section in sections):
                missing.append(f"{entry['name']} in {NOTICES_NAME}")
        else:
            missing += [f"{entry['name']}: {relative}" for relative in entry["files"]
                        if not (resources / relative).is_file()]
    return len(entries), missing


def own_licence(resources: Path) -> str | None:
    """The program's own licence text: beside the notices in a bundle, at the top of a
    checkout, in the installed wheel's metadata; ``None`` when none has it."""
    for candidate in (resources / "LICENSE", resources.parent / "LICENSE"):
        try:
            return candidate.read_text(encoding="utf-8")
        except OSError:
            continue
    from importlib import metadata

    try:
        files = metadata.distribution(DIST_NAME).files or []
    except metadata.PackageNotFoundError:
        return None
    for file in files:
        if str(file).replace("\\", "/").endswith(".dist-info/licenses/LICENSE"):
            try:
                return file.read_text(encoding="utf-8")
            except OSError:
                return None
    return None


def write_notices(resources: Path, path: Path) -> Path:
    """Render the notices of ``resources`` into ``path`` for a build; returns ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(components(resources)), encoding="utf-8")
    return path


__all__ = [
    "INDEX",
    "NOTICES_NAME",
    "Component",
    "NoticesMissing",
    "components",
    "notices_text",
    "own_licence",
    "problems",
    "render",
    "write_notices",
]
