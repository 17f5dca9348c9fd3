"""The user's own OBS output settings, kept per profile before the keyframe fix changes them.

Same rules as the stream settings' backup: written atomically with mode 0600 under a file
lock, read again before every write. A value is taken the first time the fix is about to
overwrite it and kept until a restore puts it back: later, OBS may hold the fix's own value
(the keyframes fixed before, when a later fix turns Multitrack Video off). Each backup
remembers its profile, so a restore only ever writes it back into the profile it came from.

File: ``obs-output-backups.json`` in the data folder, ``{"format": 1, "profiles":
{name: {"Category/Name": value or null}}, "fixed": {name: {...}}}`` (``null``: the
parameter was not set; ``fixed``: the values the fix wrote, so a restore can tell a value
the user set after the fix, which is newer than the backup and stays; ``sandbox``: the
profiles whose backup a fix made during a sandbox session, which the sandbox's end gives
back).
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
        #: The values the fix wrote, per profile, as last read (``_read``).
        self._fixed: dict[str, Parameters] = {}
        # The profiles whose backup a sandbox session's fix made, as last read.
        self._sandbox: set[str] = set()

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

    def note_fixed(self, profile: str, written: Parameters) -> None:
        """Remember the values the fix wrote into ``profile``: one OBS holds later with
        another value is the user's own, newer than the backup (Restore leaves it)."""
        with self._locked():
            profiles = self._read()
            fixed = self._fixed
            fixed[profile] = {**fixed.get(profile, {}), **written}
            self._write(profiles, fixed)

    def fixed(self, profile: str) -> Parameters:
        """The values the fix wrote into ``profile`` since its last restore (``{}``: none
        known, as with a backup of an earlier version)."""
        with self._locked():
            self._read()
            return dict(self._fixed.get(profile, {}))

    def note_sandbox(self, profile: str) -> None:
        """``profile``'s backup was made by a fix during a sandbox session: the sandbox's
        end gives it back (``from_sandbox``)."""
        with self._locked():
            profiles = self._read()
            self._sandbox.add(profile)
            self._write(profiles)

    def from_sandbox(self, profile: str) -> bool:
        """Whether ``profile``'s backup was made during a sandbox session."""
        with self._locked():
            profiles = self._read()
            return profile in profiles and profile in self._sandbox

    def clear(self, profile: str) -> None:
        """Forget ``profile``'s backup once it is restored."""
        with self._locked():
            profiles = self._read()
            fixed = self._fixed
            had_fixed = fixed.pop(profile, None) is not None
            had_sandbox = profile in self._sandbox
            self._sandbox.discard(profile)
            if profiles.pop(profile, None) is not None or had_fixed or had_sandbox:
                self._write(profiles, fixed)

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        ensure_private_dir(self.path.parent)
        with exclusive_lock(self.path.with_name(self.path.name + ".lock")):
            yield

    def _read(self) -> dict[str, Parameters]:
        self._fixed = {}
        self._sandbox = set()
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
            fixed = document.get("fixed")
            sandbox = document.get("sandbox")
            self._sandbox = {
                str(name) for name in (sandbox if isinstance(sandbox, list) else ())
            }
            self._fixed = {
                str(name): {str(k): None if v is None else str(v) for k, v in values.items()}
                for name, values in (fixed.items() if isinstance(fixed, dict) else ())
                if isinstance(values, dict)
            }
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

    def _write(
        self, profiles: dict[str, Parameters], fixed: dict[str, Parameters] | None = None
    ) -> None:
        """Write (under the lock, after ``_read``); ``fixed`` defaults to what was read."""
        kept = self._fixed if fixed is None else fixed
        document: dict[str, object] = {"format": FORMAT, "profiles": profiles}
        if kept:
            document["fixed"] = kept
        if self._sandbox:
            document["sandbox"] = sorted(self._sandbox)
        data = json.dumps(document, indent=2).encode()
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
