"""The program's own licence and where the source of this exact version is.

One place for the words About, the bundle's ``SOURCE.txt`` and the self-test use.
"""

from __future__ import annotations

from typing import Final

from . import APP_NAME, DIST_NAME, __version__

#: The SPDX expression of the program's licence (pyproject.toml says the same).
LICENCE: Final = "GPL-3.0-or-later"
#: The file with the licence's full text, at the repository's top and in every package.
LICENCE_FILE: Final = "LICENSE"
#: The pointer to the corresponding source that travels with every bundle.
SOURCE_FILE: Final = "SOURCE.txt"
#: The public repository (also the AppStream file's vcs-browser address).
REPOSITORY: Final = "https://github.com/comprimato/comprimato-companion"


def source_archive_name(version: str = __version__) -> str:
    """The source archive the build makes of this version and ships beside the bundle."""
    return f"{DIST_NAME}-{version}-source.tar.gz"


def licence_summary() -> str:
    """The licence and the no-warranty line, as About shows them."""
    return (
        f"{APP_NAME} is free software: you can redistribute it and/or modify it under the "
        "terms of the GNU General Public License as published by the Free Software "
        "Foundation, either version 3 of the License, or (at your option) any later "
        "version. It is distributed in the hope that it will be useful, but WITHOUT ANY "
        "WARRANTY; without even the implied warranty of MERCHANTABILITY or FITNESS FOR A "
        "PARTICULAR PURPOSE. See the GNU General Public License for more details."
    )


def source_pointer(version: str = __version__) -> str:
    """Where the complete corresponding source of ``version`` is."""
    return (
        f"The complete source code of {APP_NAME} {version} is the file "
        f"{source_archive_name(version)}, shipped beside every package of this version "
        f"(inside the Linux tarball), and the tag v{version} of {REPOSITORY}."
    )


def source_text(version: str = __version__) -> str:
    """The bundle's ``SOURCE.txt``: the licence, the pointer, and what the archive holds."""
    return "\n\n".join(
        [
            f"{APP_NAME} {version}",
            licence_summary(),
            f"The full licence text is in {LICENCE_FILE} beside this file.",
            source_pointer(version),
            "The archive holds every file of the repository at this version, the build "
            "scripts and pinned requirements (packaging/) included: packaging/build.py "
            "rebuilds this bundle from it. The third-party components and their licences "
            "are listed in THIRD-PARTY-NOTICES.txt.",
        ]
    ) + "\n"


__all__ = [
    "LICENCE",
    "LICENCE_FILE",
    "REPOSITORY",
    "SOURCE_FILE",
    "licence_summary",
    "source_archive_name",
    "source_pointer",
    "source_text",
]
