"""The user's preferences: the settings file and the secrets, owned together.

``Preferences`` is the one owner of both for the window's session: it loads the settings
file, builds the secret store the settings ask for (keyring, or the opt-in file), saves,
reads and writes secrets, and remembers every secret value it has seen so error reports
can leave them out. ``update`` saves new settings with the secrets steps they bring (the
secrets moved out of or into the file, a new OBS password) and says what it did, so the
session can tell the user and restart what the change affects. Everything that touches a
disk or the keyring runs in a worker thread.

``resolve_endpoints`` is the one place that says where each Comprimato address comes
from: the command line's flag, then the environment, then the saved settings, then the
product's default. ``starting_language`` is the language the window starts in, read
before the first paint: this module imports nothing heavy (asyncio only where it is used).
"""

from __future__ import annotations

import dataclasses
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from .. import defaults
from ..errors import CompanionError, UsageError
from ..i18n import translate, translate_marked
from .atomic import StorageError
from .settings import LANGUAGES, SETTINGS_FILE_NAME, Settings, SettingsFile, check_api_url

if TYPE_CHECKING:
    import asyncio

    from .secrets import SecretLocation, SecretStore

ENV_API_URL: Final = "COMPRIMATO_API_URL"
ENV_API_KEY: Final = defaults.API_KEY_ENV
ENV_INGEST_URL: Final = "COMPRIMATO_INGEST_URL"
ENV_PLAYER_URL: Final = "COMPRIMATO_PLAYER_URL"


@dataclass(frozen=True)
class Endpoints:
    """Where the program talks to Comprimato, and the link it shares.

    Attributes:
        api_url: the REST API's base URL.
        ingest_url: where OBS sends SRT, ``srt://host:port``.
        player_url_template: the player link, ``{player_key}`` replaced.
    """

    api_url: str
    ingest_url: str
    player_url_template: str


@dataclass(frozen=True)
class SettingsUpdate:
    """What ``Preferences.update`` did once the new settings were saved.

    Attributes:
        old: the settings in effect before.
        moved_into_file: where the secrets are now when the file option was turned on
            (``SecretLocation.MEMORY`` when they could not go there); ``None`` otherwise.
        obs_password_kept: where a new OBS password is kept; ``None`` when none was kept.
        failure: a secrets step that failed after the save (the settings are in effect).
    """

    old: Settings
    moved_into_file: SecretLocation | None = None
    obs_password_kept: SecretLocation | None = None
    failure: CompanionError | None = None


def resolve_endpoints(
    settings: Settings,
    env: Mapping[str, str] | None = None,
    *,
    api_url: str | None = None,
    ingest_url: str | None = None,
    player_url: str | None = None,
) -> Endpoints:
    """Each endpoint from the first that gives one: the flag (``api_url`` and the others,
    the command line's), the environment, the saved ``settings``, the default."""
    environ = os.environ if env is None else env

    def pick(flag: str | None, env_name: str, saved: str, default: str) -> str:
        return flag or environ.get(env_name) or saved or default

    return Endpoints(
        api_url=pick(api_url, ENV_API_URL, settings.api_url, defaults.API_URL),
        ingest_url=pick(ingest_url, ENV_INGEST_URL, settings.ingest_url, defaults.INGEST_URL),
        player_url_template=pick(
            player_url, ENV_PLAYER_URL, settings.player_url_template, defaults.PLAYER_URL_TEMPLATE
        ),
    )


def starting_language() -> str:
    """The language chosen in Settings ("system" when none or unreadable).

    Read before the window's first widget exists, so synchronously: only this one key of
    the settings file, without its checks (``Preferences.load`` reads and reports the file).
    """
    from .paths import config_dir

    try:
        data = json.loads((config_dir() / SETTINGS_FILE_NAME).read_bytes()[:65536])
        value = data.get("language") if isinstance(data, dict) else None
    except (OSError, ValueError):
        return "system"
    return value if isinstance(value, str) and value in LANGUAGES else "system"


class Preferences:
    """The settings file and the secrets of one session.

    Args:
        settings_file: the settings file (default: the user's own).
        secrets: the secret store (default: the user's, as the loaded settings say).
        env: the environment the endpoints and the API key may come from.

    Attributes:
        settings: the settings in effect: the last ones loaded or saved.
        secrets: the secret store (built by ``load`` unless given).
        env: the environment.
    """

    def __init__(
        self,
        settings_file: SettingsFile | None = None,
        secrets: SecretStore | None = None,
        env: Mapping[str, str] | None = None,
    ) -> None:
        self._file = settings_file
        self._secrets = secrets
        self.env: Mapping[str, str] = os.environ if env is None else env
        self.settings = Settings()
        #: Secret values seen in this run, for scrubbing error reports.
        self._seen: set[str] = set()

    async def load(self) -> Settings:
        """Read the settings file (off the loop thread) and make them the ones in effect."""
        import asyncio

        if self._file is None:
            self._file = SettingsFile()
        self.settings = await asyncio.to_thread(self._file.load)
        return self.settings

    @property
    def notice(self) -> str | None:
        """A sentence about the settings file (set aside as unusable, say), if any."""
        return self._file.notice if self._file is not None else None

    @property
    def settings_file(self) -> SettingsFile | None:
        """The settings file in use (``None`` before ``load``, unless one was given)."""
        return self._file

    @property
    def loaded(self) -> bool:
        """Whether a settings file is in use (loaded, or given)."""
        return self._file is not None

    @property
    def secrets(self) -> SecretStore:
        if self._secrets is None:
            from .secrets import SecretStore

            self._secrets = SecretStore(use_file=self.settings.secrets_in_file)
        return self._secrets

    def endpoints(self) -> Endpoints:
        """The environment's endpoints, else the settings', else the defaults."""
        return resolve_endpoints(self.settings, self.env)

    def api_key_from_env(self) -> str | None:
        """The API key given for this run in the environment, if any."""
        key = self.env.get(ENV_API_KEY) or None
        if key:
            self._seen.add(key)
        return key

    async def save(self, settings: Settings) -> None:
        """Save ``settings``; they replace the ones in effect only when the save worked."""
        import asyncio

        if self._file is None:
            self._file = SettingsFile()
        await asyncio.to_thread(self._file.save, dataclasses.replace(settings))
        self.settings = settings

    async def update(self, settings: Settings, *, obs_password: str | None) -> SettingsUpdate:
        """Save the settings the user chose, with their secrets steps: the secrets out of
        the file before the save (refused, nothing changed, when no keyring takes them),
        into it after; then the OBS password (``""``: forget it; ``None``: unchanged).

        Once the file is saved the new settings are in effect, even when a secrets step
        after it fails: the failure is returned, not raised.

        Raises:
            UsageError: an API address that may not be used (plain http:// to another
                computer); nothing is saved.
            StorageError: the save, or moving the secrets out of the file, failed.
        """
        from .secrets import SecretStore

        # Refused here, where the user types it; a file that already holds one keeps it
        # (the client refuses to send there).
        problem = check_api_url(settings.api_url)
        if problem is not None:
            raise UsageError(problem, translate("Settings", "Correct it and save again."))
        old = self.settings
        if not settings.secrets_in_file and old.secrets_in_file:
            await self.secrets.aset_use_file(False)
        await self.save(dataclasses.replace(settings))
        moved: SecretLocation | None = None
        kept: SecretLocation | None = None
        try:
            if settings.secrets_in_file and not old.secrets_in_file:
                moved = await self.secrets.aset_use_file(True)
            if obs_password:
                kept = await self.keep_secret(SecretStore.OBS_PASSWORD, obs_password)
            elif obs_password is not None:
                await self.forget_secret(SecretStore.OBS_PASSWORD)
        except CompanionError as error:
            return SettingsUpdate(old, moved, kept, error)
        return SettingsUpdate(old, moved, kept)

    async def save_geometry(self, geometry: str) -> None:
        """Remember the window's size and place; nothing when no settings file is in use,
        and a failure is not the user's concern (the next save tries again)."""
        import contextlib

        if self._file is None:
            return
        with contextlib.suppress(CompanionError, OSError):
            await self.save(dataclasses.replace(self.settings, window_geometry=geometry))

    # --- secrets ------------------------------------------------------------------------

    def read_secret(self, name: str) -> str | None:
        """The secret ``name`` (blocks: a worker thread's call), noted for scrubbing."""
        value = self.secrets.get(name)
        if value:
            self._seen.add(value)
        return value

    async def aread_secret(self, name: str) -> str | None:
        """:meth:`read_secret` in a worker thread."""
        import asyncio

        return await asyncio.to_thread(self.read_secret, name)

    async def read_api_key(self, ahead: asyncio.Future[str | None] | None = None) -> str | None:
        """The API key: the environment's, else the keyring's (``ahead``: its read already
        under way, from ``read_api_key_ahead``).

        Raises:
            SecretsLocked: it is saved, but the keyring is locked.
        """
        from .secrets import SecretStore

        return self.api_key_from_env() or await (
            ahead if ahead is not None else self.aread_secret(SecretStore.API_KEY)
        )

    async def keep_api_key(self, value: str) -> SecretLocation:
        """Keep the API key the user typed (see ``keep_secret``)."""
        from .secrets import SecretStore

        return await self.keep_secret(SecretStore.API_KEY, value)

    def read_api_key_ahead(self) -> asyncio.Future[str | None]:
        """The keyring's API key, read in a worker thread from now on (its failure is the
        awaiter's; one never awaited is not reported as unretrieved)."""
        import asyncio

        from .secrets import SecretStore

        read = asyncio.ensure_future(self.aread_secret(SecretStore.API_KEY))
        read.add_done_callback(lambda done: done.cancelled() or done.exception())
        return read

    def note_secret(self, value: str) -> None:
        """Scrub ``value`` from error reports too (a secret from elsewhere, OBS's files say)."""
        if value:
            self._seen.add(value)

    async def keep_secret(self, name: str, value: str) -> SecretLocation:
        """Keep ``value`` as ``name`` (keyring, else the file if chosen, else memory)."""
        self._seen.add(value)
        return await self.secrets.aset(name, value)

    async def forget_secret(self, name: str) -> None:
        await self.secrets.adelete(name)

    async def keep_secrets_again(self) -> None:
        """Save the secrets held in memory where they belong (the keyring was unlocked).

        Raises:
            StorageError: they are still kept only until the user quits, and why.
        """
        from .secrets import NO_KEYRING, SecretLocation

        if await self.secrets.akeep_again() is SecretLocation.MEMORY:
            raise StorageError(
                translate("Session", "Your secrets are still kept only until you quit."),
                translate_marked("Secrets", self.secrets.problem or NO_KEYRING),
            )

    async def obs_password_saved(self, *, unknown: bool) -> bool:
        """Whether an OBS password is saved, read from the keyring now; ``unknown``: the
        answer when the store cannot say (a locked keyring counts as saved)."""
        from .secrets import SecretsLocked, SecretStore

        try:
            return bool(await self.aread_secret(SecretStore.OBS_PASSWORD))
        except SecretsLocked:
            return True  # saved, only unreadable now: the OBS link says so
        except StorageError:
            return unknown

    @property
    def keyring_locked(self) -> bool:
        """Whether the secrets last failed because the keyring is locked."""
        from .secrets import LOCKED

        return self.secrets.problem == LOCKED

    @property
    def seen_secrets(self) -> frozenset[str]:
        """Every secret value seen in this run."""
        return frozenset(self._seen)


__all__ = [
    "ENV_API_KEY",
    "ENV_API_URL",
    "ENV_INGEST_URL",
    "ENV_PLAYER_URL",
    "Endpoints",
    "Preferences",
    "SettingsUpdate",
    "resolve_endpoints",
    "starting_language",
]
