"""What the window shows, as immutable data: ``ViewState`` and its parts. No Qt.

``CompanionSession`` publishes one ``ViewState`` after every change; the window only draws
it. A ``Notice`` carries, besides its two sentences, the one action that fixes it (enter a
new API key, try OBS again, open the OBS settings), so every error state offers its next
step as a button and not only as words.
"""

from __future__ import annotations

import enum
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Final

from .. import defaults
from ..comprimato.models import player_url, srt_url
from ..errors import CompanionError
from ..i18n import translate
from ..obs.link_state import LinkState
from ..storage.settings import Settings

if TYPE_CHECKING:
    from ..obs.link import ObsVersion
    from ..obs.observer import ObsPicture
    from ..storage.stream_store import StoredStream
    from .live_status import LiveStatus

#: Where a notice is shown: next to the create button, the stream's actions, the list,
#: or at the top of the window (start-up, storage, keyring).
AREA_CREATE: Final = "create"
AREA_STREAM: Final = "stream"
AREA_LIST: Final = "list"
AREA_OBS: Final = "obs"
AREA_GENERAL: Final = "general"
AREA_OUTPUT: Final = "output"  # OBS's output settings, judged for viewers (keyframes)

#: Busy flags, one per action that can take a while.
BUSY_STARTING: Final = "starting"
BUSY_CREATE: Final = "create"
BUSY_SEND: Final = "send"
BUSY_GO_LIVE: Final = "go-live"
BUSY_STOP: Final = "stop"
BUSY_RESTORE: Final = "restore"
BUSY_REFRESH: Final = "refresh"
BUSY_DELETE: Final = "delete"

#: The action that fixes a notice; the window turns each into a button.
FIX_NONE: Final = ""
FIX_API_KEY: Final = "api-key"  # enter a (new) API key
FIX_OBS_RETRY: Final = "obs-retry"  # OBS was started or its server switched on: try now
FIX_OBS_SETTINGS: Final = "obs-settings"  # the OBS address or password is wrong
FIX_SETTINGS: Final = "settings"  # an address in Settings is wrong
FIX_RETRY_START: Final = "retry-start"  # start-up failed: try it again
FIX_KEYRING_RETRY: Final = "keyring-retry"  # the keyring was locked: read it again
FIX_KEEP_SECRETS: Final = "keep-secrets"  # a secret is in memory only: save it again
FIX_KEYFRAMES: Final = "keyframes"  # OBS's keyframe interval is too long for players
FIX_OBS_SETUP: Final = "obs-setup"  # OBS closed or its server off: turn it on, start OBS


class Mode(enum.Enum):
    """Which Comprimato the session talks to."""

    SANDBOX = "sandbox"  # the local Comprimato in this process: no account needed
    REAL = "real"  # the Comprimato API with the user's key


class ApiKeyStatus(enum.Enum):
    """What the session knows about the API key (never the key itself)."""

    NOT_NEEDED = "not-needed"  # sandbox mode
    MISSING = "missing"
    PRESENT = "present"
    REJECTED = "rejected"
    LOCKED = "locked"  # saved in a keyring that is locked: not missing, not readable now


#: Certificate problems this computer's clock or the server's owner must fix, not Settings.
CLOCK_PROBLEMS: Final = frozenset({"expired", "not-yet-valid"})


def fix_for(error: CompanionError) -> str:
    """The action that fixes ``error`` (one of the ``FIX_*`` names), if there is one."""
    from ..comprimato.errors import (
        ApiKeyRejected,
        ApiKeyUnusable,
        ApiUrlInvalid,
        CertificateProblem,
    )
    from ..obs.errors import (
        ObsAuthFailed,
        ObsConnectionLost,
        ObsKicked,
        ObsNotReady,
        ObsNotRunning,
        ObsServerDisabled,
        ObsTimedOut,
    )
    from .errors import NoApiKey, StartFailed

    if isinstance(error, StartFailed):
        return FIX_RETRY_START
    # Only once loaded: importing the keyring here would slow the window's first notice.
    secrets = sys.modules.get(f"{__name__.partition('.')[0]}.storage.secrets")
    if secrets is not None and isinstance(error, secrets.SecretsLocked):
        return FIX_KEYRING_RETRY
    if isinstance(error, ApiKeyRejected | ApiKeyUnusable | NoApiKey):
        return FIX_API_KEY
    if isinstance(error, ApiUrlInvalid):
        return FIX_SETTINGS
    if isinstance(error, CertificateProblem) and error.kind not in CLOCK_PROBLEMS:
        return FIX_SETTINGS  # its next step names the API address in Settings
    from ..obs.setup import ObsElsewhere, ObsRunsWithServerOff

    if isinstance(error, ObsAuthFailed):
        return FIX_OBS_SETTINGS
    if isinstance(error, ObsNotRunning | ObsServerDisabled):
        return FIX_OBS_SETUP
    if isinstance(
        error,
        ObsKicked
        | ObsNotReady
        | ObsTimedOut
        | ObsConnectionLost
        | ObsRunsWithServerOff
        | ObsElsewhere,
    ):
        return FIX_OBS_RETRY
    return FIX_NONE


@dataclass(frozen=True)
class Notice:
    """A sentence for the user and the next step, shown in one area of the window.

    Attributes:
        message: what happened.
        next_step: what to do about it.
        level: ``"error"`` or ``"info"``.
        fix: the action that fixes it (``FIX_*``), offered as a button; "" for none.
    """

    message: str
    next_step: str = ""
    level: str = "error"  # "error" | "info"
    fix: str = FIX_NONE

    @classmethod
    def of(cls, error: CompanionError) -> Notice:
        return cls(error.message, error.next_step, "error", fix_for(error))

    @property
    def text(self) -> str:
        """Both sentences, as shown."""
        return f"{self.message} {self.next_step}".strip()


@dataclass(frozen=True)
class ObsView:
    """OBS as the window shows it: the link, and what OBS holds now.

    Everything about OBS's settings and output comes from ``picture``, read from OBS
    (never from what this program once sent): streamers change OBS behind its back.

    Attributes:
        state: the link's state (a ``LinkState``; its values are the lower-case names
            ``disconnected``, ``connecting``, ``connected``, ``retrying``, ``failed``).
        version: OBS and obs-websocket versions once connected.
        error: why the link is down, when it is.
        source: where the address came from (environment, settings, OBS's config files).
        address: which OBS: the address (host:port) the link uses.
        picture: OBS as last read (None before the first read and when not linked).
        held_stream_id: the listed stream whose SRT address and key OBS holds now.
        held_label: what OBS holds, for sentences ("stream 'Talk' (ID)", "the server
            rtmp://…"); "" when unknown. Never a secret. While OBS's output runs, both are
            where it sends: the settings it started with, whatever the profile now holds.
        sending_profile: the profile OBS's running output started in, when OBS was
            switched to another profile since ("" otherwise).
        current_label: what that other, current profile holds (for the sentence).
        holds_ours: where OBS sends is a stream of this program (listed or not: made by
            the command line, deleted, a sandbox's), by the record of our streams.
        sending_unknown: the profile was switched after OBS's output started and before
            this program read where it sends: unknown until it stops.
    """

    state: LinkState = LinkState.DISCONNECTED
    version: ObsVersion | None = None
    error: Notice | None = None
    source: str = ""
    address: str = ""
    picture: ObsPicture | None = None
    held_stream_id: str | None = None
    held_label: str = ""
    sending_profile: str = ""
    current_label: str = ""
    holds_ours: bool = False
    sending_unknown: bool = False

    @property
    def profile_switched(self) -> Notice | None:
        """What to say of a profile switched while OBS streams (None when it was not): OBS
        keeps sending where it started, the current profile holds something else."""
        if not self.sending or self.picture is None:
            return None
        if self.sending_unknown:
            return Notice(
                translate(
                    "ViewState",
                    "OBS was switched to profile '{profile}' while streaming, before this "
                    "program could read where it sends.",
                ).format(profile=self.picture.profile),
                translate(
                    "ViewState", "Stop streaming first: what OBS sends is unknown until then."
                ),
                "error",
            )
        if not self.sending_profile:
            return None
        other = translate("ViewState", "other settings")
        return Notice(
            translate(
                "ViewState",
                "OBS was switched to profile '{profile}' while streaming: it still sends "
                "{what} (profile '{started}'), while '{profile}' holds {other}.",
            ).format(
                profile=self.picture.profile,
                what=self.held_label or other,
                started=self.sending_profile,
                other=self.current_label or other,
            ),
            translate(
                "ViewState",
                "Stop streaming first, or switch OBS back to profile '{started}'.",
            ).format(started=self.sending_profile),
            "error",
        )

    @property
    def sending(self) -> bool:
        """OBS's stream output runs (starting, live, reconnecting, stopping), whatever it holds."""
        return self.connected and self.picture is not None and self.picture.active

    @property
    def connected(self) -> bool:
        return self.state is LinkState.CONNECTED

    @property
    def fix(self) -> str:
        """What OBS's button offers while the link is down (``FIX_NONE``: nothing); the
        Stream menu's Start OBS follows it too."""
        return self.error.fix if self.error is not None and not self.connected else FIX_NONE

    def holds(self, stream_id: str) -> bool:
        """OBS holds exactly this stream's SRT address and key, as last read."""
        return self.connected and self.held_stream_id == stream_id

    @property
    def srt_reconnect_hint(self) -> str | None:
        """Said for an OBS older than every version seen reconnecting SRT by itself.

        Measured with every UDP packet to the ingest dropped for 15 s and for 60 s: OBS
        29.0.2, 30.2.3 and 32.2.2 kept the output active and reported reconnecting (retrying
        with a growing delay), and the ingest received them again 0.8 s after a 15 s drop
        on all three, and 3.8 s (29), 0.8 s (30.2) and 9.6 s (32.2) after a 60 s one.
        Nothing is said for those; older OBS was not measured.
        """
        if self.version is None or self.version.at_least(29):
            return None
        return translate(
            "ViewState",
            "OBS {version} was not seen reconnecting an SRT stream after a network drop "
            "(OBS 29 and newer do so by themselves); update OBS if your connection is unsteady.",
        ).format(version=self.version.obs_version)


@dataclass(frozen=True)
class ViewState:
    """One immutable snapshot of everything the window shows.

    ``streams`` is the same tuple object until the list changes, so a view can skip
    rebuilding 10,000 rows when only the live figures moved.
    """

    ready: bool = False
    mode: Mode = Mode.REAL
    api_url: str = defaults.API_URL
    ingest_url: str = defaults.INGEST_URL
    player_url_template: str = defaults.PLAYER_URL_TEMPLATE
    api_key_status: ApiKeyStatus = ApiKeyStatus.MISSING
    settings: Settings = field(default_factory=Settings)
    has_obs_password: bool = False
    obs: ObsView = field(default_factory=ObsView)
    obs_summary: str = ""
    streams: tuple[StoredStream, ...] = ()
    selected: StoredStream | None = None
    live: LiveStatus | None = None
    busy: frozenset[str] = frozenset()
    notices: Mapping[str, Notice] = field(default_factory=lambda: MappingProxyType({}))
    welcome_needed: bool = False

    def player_link(self, stored: StoredStream | None = None) -> str | None:
        target = stored or self.selected
        return player_url(self.player_url_template, target.stream.player_key) if target else None

    def srt_address(self, stored: StoredStream | None = None) -> str | None:
        target = stored or self.selected
        return srt_url(self.ingest_url, target.stream.streamer_key) if target else None

    @property
    def is_live(self) -> bool:
        """OBS is sending AND Comprimato reports the stream running."""
        return bool(self.live is not None and self.live.is_live)

    @property
    def on_air(self) -> bool:
        """OBS's output for the selected stream runs (starting, live or reconnecting): what
        Stop ends and what closing the window asks about, before Comprimato confirms it."""
        if self.live is None:
            return False
        from ..obs.output_state import OutputState  # loaded already: a live status exists

        return self.live.obs_output in (
            OutputState.STARTING,
            OutputState.LIVE,
            OutputState.RECONNECTING,
        )

    @property
    def live_elsewhere(self) -> str | None:
        """What OBS streams when it is not the selected stream ("stream 'Talk' (ID)", "the
        server rtmp://…"), for "OBS is live with …"; None when OBS is idle or streams it."""
        obs = self.obs
        if not obs.sending or self.selected is None or obs.holds(self.selected.stream.id):
            return None
        return obs.held_label or translate("ViewState", "other settings")

    @property
    def can_create(self) -> bool:
        """Whether "Create stream" can work now: the sandbox, or a key not yet rejected."""
        return self.mode is Mode.SANDBOX or self.api_key_status is ApiKeyStatus.PRESENT


Observer = Callable[[ViewState], None]

__all__ = [
    "AREA_CREATE",
    "AREA_GENERAL",
    "AREA_LIST",
    "AREA_OBS",
    "AREA_STREAM",
    "BUSY_CREATE",
    "BUSY_DELETE",
    "BUSY_GO_LIVE",
    "BUSY_REFRESH",
    "BUSY_RESTORE",
    "BUSY_SEND",
    "BUSY_STARTING",
    "BUSY_STOP",
    "FIX_API_KEY",
    "FIX_NONE",
    "FIX_OBS_RETRY",
    "FIX_OBS_SETTINGS",
    "FIX_OBS_SETUP",
    "FIX_SETTINGS",
    "ApiKeyStatus",
    "Mode",
    "Notice",
    "ObsView",
    "Observer",
    "ViewState",
    "fix_for",
]
