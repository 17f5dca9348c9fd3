"""The rules of the account: which Comprimato the session talks to (the in-app sandbox, or
the real API with the user's key), the secrets, and the settings, with what restarts when
they change.

``CompanionSession`` (``app/golive/session.py``) holds one ``AccountRules`` and calls it; it
passes in the owners these rules use (the preferences, the streams owner, the in-app
sandbox, the OBS owner and the OBS rules), the session's snapshot publisher, and the
session's own steps they start (reload the list, stop the watch, refresh the list quietly).
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from ..errors import CompanionError
from ..i18n import translate
from .errors import NoIngest
from .notice_texts import kept_until_quit
from .streams import make_client
from .view_state import (
    AREA_CREATE,
    AREA_GENERAL,
    AREA_LIST,
    FIX_KEEP_SECRETS,
    FIX_KEYRING_RETRY,
    FIX_SETTINGS,
    ApiKeyStatus,
    Mode,
    Notice,
    ViewState,
)

if TYPE_CHECKING:
    from ..storage.preferences import Preferences
    from ..storage.secrets import SecretLocation
    from ..storage.settings import Settings
    from .obs_studio import ObsStudio
    from .sandbox_mode import InAppSandbox
    from .session_obs import ObsRules
    from .snapshots import SnapshotPublisher
    from .streams import Streams

Step = Callable[[], Awaitable[None]]


class AccountRules:
    """The account part of the session (see the module's docstring).

    Args:
        lan: share the sandbox's player on the LAN even if Settings does not say so.
        reload_streams, stop_watch, refresh_quietly: the session's own steps.
    """

    def __init__(
        self,
        snapshot: SnapshotPublisher,
        *,
        preferences: Preferences,
        streams: Streams,
        in_app_sandbox: InAppSandbox,
        obs: ObsStudio,
        obs_rules: ObsRules,
        lan: bool,
        reload_streams: Step,
        stop_watch: Step,
        refresh_quietly: Step,
    ) -> None:
        self.snapshot = snapshot
        self.preferences = preferences
        self.streams = streams
        self.in_app_sandbox = in_app_sandbox
        self.obs = obs
        self.obs_rules = obs_rules
        self._lan = lan
        self._reload_streams = reload_streams
        self._stop_watch = stop_watch
        self._refresh_quietly = refresh_quietly

    @property
    def _state(self) -> ViewState:
        return self.snapshot.state

    # --- modes --------------------------------------------------------------------------

    async def enter_sandbox(self) -> None:
        """Use the in-app sandbox (started when needed) and its streams."""
        was = self.in_app_sandbox.lan_notice
        sandbox = await self.in_app_sandbox.start(
            lan=self._lan or self.preferences.settings.share_player_on_lan
        )
        await self.streams.use(sandbox.api_url, sandbox.api_key)
        if sandbox.ingest_url is None:
            self.snapshot.set_notice(AREA_GENERAL, Notice.of(NoIngest(sandbox.ingest_problem)))
        else:
            self.snapshot.replace_notice(AREA_GENERAL, was, self.in_app_sandbox.lan_notice)
        self.snapshot.publish(
            mode=Mode.SANDBOX,
            api_url=sandbox.api_url,
            ingest_url=sandbox.ingest_url or "",
            player_url_template=sandbox.player_url_template,
            api_key_status=ApiKeyStatus.NOT_NEEDED,
        )
        await self._reload_streams()

    async def enter_real(self, key_read: asyncio.Future[str | None] | None = None) -> None:
        """Use the real API; ``key_read``: the keyring's API key, already being read."""
        from ..storage.secrets import SecretsLocked

        await self.streams.close_client()
        endpoints = self.preferences.endpoints()
        api_url = endpoints.api_url
        status = ApiKeyStatus.MISSING
        try:
            key = await self.preferences.read_api_key(key_read)
        except SecretsLocked as error:
            # Saved but unreadable: asking for a key again would be the wrong next step.
            key = None
            status = ApiKeyStatus.LOCKED
            self.snapshot.set_notice(
                AREA_CREATE, Notice(error.message, error.next_step, "error", FIX_KEYRING_RETRY)
            )
        try:
            # Without a key too: the list is this address's streams, as the header says.
            await self.streams.use(api_url, key or None)
            if key:
                status = ApiKeyStatus.PRESENT
        except CompanionError as error:
            self.snapshot.set_notice(AREA_CREATE, Notice.of(error))
        self.snapshot.publish(
            mode=Mode.REAL,
            api_url=api_url,
            ingest_url=endpoints.ingest_url,
            player_url_template=endpoints.player_url_template,
            api_key_status=status,
        )
        await self._reload_streams()
        # The sandbox's streams end here.
        self.snapshot.spawn(self.obs_rules.give_back_after_sandbox())

    async def use_sandbox(self) -> None:
        """Switch to the local Comprimato (the welcome's "Try it with the sandbox")."""
        async with self.snapshot.action(AREA_GENERAL):
            await self._stop_watch()
            await self.enter_sandbox()
            self.snapshot.publish(selected=None, live=None, welcome_needed=False)

    async def set_api_key(self, api_key: str) -> None:
        """Keep the user's key in the keyring and switch to the real API with it."""
        async with self.snapshot.action(AREA_CREATE):
            api_url = self.preferences.endpoints().api_url
            # Refuse a key that cannot travel in a header before keeping it; no request.
            await (await make_client(api_url, api_key)).aclose()
            location = await self.preferences.keep_api_key(api_key)
            self._say_where_kept(location, translate("Session", "API key"))
            await self._stop_watch()
            self.snapshot.publish(selected=None, live=None, welcome_needed=False)
            await self.enter_real()
        if self.streams.client is not None:
            self.snapshot.spawn(self._refresh_quietly())

    async def finish_welcome(self, *, use_sandbox: bool, api_key: str | None) -> None:
        """Apply the welcome's choice and remember that the welcome was done."""
        await self.preferences.save(
            dataclasses.replace(self.preferences.settings, welcome_done=True)
        )
        self.snapshot.publish(
            welcome_needed=False, settings=dataclasses.replace(self.preferences.settings)
        )
        if use_sandbox:
            await self.use_sandbox()
        elif api_key:
            await self.set_api_key(api_key)

    # --- secrets ------------------------------------------------------------------------

    def _say_where_kept(self, location: SecretLocation, label: str) -> None:
        """Tell the user when a secret they typed is kept only until they quit, and why."""
        from ..storage.secrets import SecretLocation

        if location is SecretLocation.MEMORY:
            locked = self.preferences.keyring_locked
            self.snapshot.set_notice(AREA_GENERAL, kept_until_quit(label, keyring_locked=locked))

    async def keep_secrets_again(self) -> None:
        """Save the secrets held in memory where they belong (after the keyring was unlocked)."""
        async with self.snapshot.action(AREA_GENERAL):
            await self.preferences.keep_secrets_again()
            self.snapshot.set_notice(
                AREA_GENERAL, Notice(translate("Session", "Your secrets are saved."), "", "info")
            )

    async def retry_keyring(self) -> None:
        """Read the keyring again (after the user unlocked it): the API key, and the OBS
        password when the link to OBS is down."""
        self.snapshot.set_notice(AREA_CREATE, None)
        if self._state.mode is Mode.REAL:
            await self.enter_real()
        if self.streams.client is not None:
            self.snapshot.spawn(self._refresh_quietly(), AREA_LIST)
        if self.obs.running and not self._state.obs.connected:
            await self.obs_rules.reconnect_obs()

    async def read_obs_password_saved(self) -> bool:
        """Whether an OBS password is saved, read from the keyring now (for Settings)."""
        saved = await self.preferences.obs_password_saved(unknown=self._state.has_obs_password)
        self.snapshot.publish(has_obs_password=saved)
        return saved

    def known_secrets(self) -> list[str]:
        """Every secret value an error report must not show: the API key, the OBS password
        and the streamer keys in view."""
        shown = [*self._state.streams[:200], *filter(None, [self._state.selected])]
        return [*self.preferences.seen_secrets, *(s.stream.streamer_key for s in shown)]

    # --- settings -----------------------------------------------------------------------

    async def update_settings(
        self,
        settings: Settings,
        *,
        api_key: str | None = None,
        obs_password: str | None = None,
    ) -> None:
        """Save new settings (and secrets when given); restart what they affect.

        Once the file is saved the new settings are in effect, even when a secrets step
        after the save fails (``Preferences.update``): the snapshot shows them and the
        owners they affect restart; the failure is then told in the general area.
        """
        from ..storage.secrets import SecretLocation

        async with self.snapshot.action(AREA_GENERAL):
            done = await self.preferences.update(settings, obs_password=obs_password)
            old, failure = done.old, done.failure
            notice = self._state.notices.get(AREA_GENERAL)
            if (
                done.moved_into_file not in (None, SecretLocation.MEMORY)
                and notice is not None
                and notice.fix in (FIX_SETTINGS, FIX_KEEP_SECRETS)
            ):
                self.snapshot.set_notice(AREA_GENERAL, None)  # "kept only until you quit" ends
            if done.obs_password_kept is not None:
                self._say_where_kept(done.obs_password_kept, translate("Session", "OBS password"))
            if obs_password is not None and failure is None:
                self.snapshot.publish(has_obs_password=bool(obs_password))
            await self._settings_saved(
                old, settings, api_key=api_key if failure is None else None,
                obs_password_changed=obs_password is not None,
            )
            if failure is not None:
                raise failure
        # After the action: its success would clear a sharing failure's notice.
        sandbox = self.in_app_sandbox.sandbox
        if sandbox is not None and old.share_player_on_lan != settings.share_player_on_lan:
            await self._share_on_lan(settings.share_player_on_lan or self._lan)

    async def _settings_saved(
        self, old: Settings, new: Settings, *, api_key: str | None, obs_password_changed: bool
    ) -> None:
        """New settings are saved: the snapshot shows them, and the owners they affect
        restart (the API client for new addresses or a new key, the OBS link for a new
        address or password)."""
        self.snapshot.publish(settings=dataclasses.replace(self.preferences.settings))
        if api_key:
            await self.set_api_key(api_key)
        elif self._state.mode is Mode.REAL and (
            old.api_url,
            old.ingest_url,
            old.player_url_template,
        ) != (new.api_url, new.ingest_url, new.player_url_template):
            await self._stop_watch()
            self.snapshot.publish(selected=None, live=None)
            await self.enter_real()
        if obs_password_changed or (old.obs_host, old.obs_port) != (new.obs_host, new.obs_port):
            await self.obs_rules.reconnect_obs()

    async def _share_on_lan(self, on: bool) -> None:
        """Turn the sandbox's LAN player server on or off; links and QR codes follow."""
        sandbox = self.in_app_sandbox.sandbox
        if sandbox is None:
            return
        self.snapshot.replace_notice(AREA_GENERAL, *await self.in_app_sandbox.share(on))
        if self._state.mode is Mode.SANDBOX:
            self.snapshot.publish(player_url_template=sandbox.player_url_template)

    async def save_window_geometry(self, geometry: str) -> None:
        """Remember the window's size and place (opaque text from the window)."""
        await self.preferences.save_geometry(geometry)


__all__ = ["AccountRules"]
