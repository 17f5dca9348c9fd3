"""The user's own OBS output settings, kept per profile before the keyframe fix changes them.

Same rules as the stream settings' backup: written atomically with mode 0600 under a file
lock, read again before every write. A value is taken the first time the fix is about to
overwrite it and kept until a restore puts it back: later, OBS may hold the fix's own value
(the keyframes fixed before, when a later fix turns Multitrack Video off). Each backup
remembers its profile, so a restore only ever writes it back into the profile it came from.

File: ``obs-output-backups.json`` in the data folder, ``{"format": 1, "profiles":
{name: {"Category/Name": value or null}}}`` (``null``: the parameter was not set).
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Final

from ..i18n import translate
from .atomic import StorageError, set_aside, write_atomic
from .file_lock import exclusive_lock
from .paths import data_dir, ensure_private_dir

FILE_NAME: Final = "obs-output-backups.json"
FORMAT: Final = 1

#: One profile's saved parameters: ``"Category/Name"`` -> value, ``None`` when unset.
Parameters = dict[str, str | None]


class ObsOutputBackups:
    """Per-profile backups of OBS profile parameters.

    Args:
        path: the file; the data folder's ``obs-output-backups.json`` by default.
    """

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or data_dir() / FILE_NAME

    def get(self, profile: str) -> Parameters | None:
        """The saved parameters of ``profile``, or ``None`` when it has no backup."""
        with self._locked():
            return self._read().get(profile)

    def save(self, profile: str, parameters: Parameters) -> None:
        """Keep ``parameters`` as ``profile``'s backup (the user's newest values)."""
        with self._locked():
            profiles = self._read()
            profiles[profile] = dict(parameters)
            self._write(profiles)

    def save_first(self, profile: str, parameters: Parameters) -> bool:
        """Keep ``parameters`` for ``profile`` unless it has a backup; ``True`` if written."""
        with self._locked():
            profiles = self._read()
            if profile in profiles:
                return False
            profiles[profile] = dict(parameters)
            self._write(profiles)
            return True

    def merge(self, profile: str, newest: Parameters, if_absent: Parameters) -> None:
        """Into ``profile``'s backup: ``newest`` replacing what it holds, ``if_absent`` only
        where it holds nothing yet."""
        with self._locked():
            profiles = self._read()
            profiles[profile] = {**if_absent, **profiles.get(profile, {}), **newest}
            self._write(profiles)

    def clear(self, profile: str) -> None:
        """Forget ``profile``'s backup once it is restored."""
        with self._locked():
            profiles = self._read()
            if profiles.pop(profile, None) is not None:
                self._write(profiles)

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        ensure_private_dir(self.path.parent)
        with exclusive_lock(self.path.with_name(self.path.name + ".lock")):
            yield

    def _read(self) -> dict[str, Parameters]:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return {}
        except OSError as error:
            raise StorageError(
                translate("ObsBackup", "The OBS settings backup cannot be read ({reason}).").format(
                    reason=error.strerror or error
                ),
                translate("ObsBackup", "Check the permissions of {path}.").format(path=self.path),
            ) from error
        try:
            document = json.loads(raw)
            profiles = document["profiles"]
            if document.get("format") != FORMAT or not isinstance(profiles, dict):
                raise ValueError("unknown format")
            return {
                str(name): {str(k): None if v is None else str(v) for k, v in values.items()}
                for name, values in profiles.items()
                if isinstance(values, dict)
            }
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            kept = set_aside(self.path, "unreadable")
            raise StorageError(
                translate(
                    "ObsBackup",
                    "The OBS output settings backup was damaged; it was kept aside as {name}.",
                ).format(name=kept.name),
                translate(
                    "ObsBackup",
                    "Check OBS Settings > Output by hand; the backup file holds the old values.",
                ),
            ) from error

    def _write(self, profiles: dict[str, Parameters]) -> None:
        data = json.dumps({"format": FORMAT, "profiles": profiles}, indent=2).encode()
        try:
            write_atomic(self.path, data)
        except OSError as error:
            raise StorageError(
                translate(
                    "ObsBackup", "The OBS settings backup cannot be saved ({reason})."
                ).format(reason=error.strerror or error),
                translate(
                    "ObsBackup",
                    "Free some disk space or check the folder's permissions, then try again.",
                ),
            ) from error
