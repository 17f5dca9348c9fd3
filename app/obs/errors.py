"""Every way talking to OBS can fail, each with its own sentence and next step.

The kinds follow what a streamer can do about them: start OBS, turn its server on, fix
the password, reconnect after a kick, update OBS, wait, stop streaming first. Messages are
built from facts (host, port, request name, status code), never from client objects or
settings, so no password or stream key can reach them.
"""

from __future__ import annotations

from ..errors import CompanionError, ExitCode
from ..i18n import QT_TRANSLATE_NOOP, translate, translate_marked
from ..program_command import command_line

#: Where OBS keeps the switch and the password of its server (OBS 28 and newer).
#: OBS's menu path to its WebSocket settings, as OBS shows it in English; shown through
#: ``server_settings_menu()``, in the words OBS uses in the user's language.
SERVER_SETTINGS_MENU = QT_TRANSLATE_NOOP("ObsMenus", "Tools > WebSocket Server Settings")
#: The tick box in that dialog, as ``SERVER_SETTINGS_MENU``.
ENABLE_SERVER_BOX = QT_TRANSLATE_NOOP("ObsMenus", "Enable WebSocket server")


def server_settings_menu() -> str:
    """OBS's menu path to its WebSocket settings, in the user's language."""
    return translate_marked("ObsMenus", SERVER_SETTINGS_MENU)


def enable_server_box() -> str:
    """The tick box that turns OBS's WebSocket server on, in the user's language."""
    return translate_marked("ObsMenus", ENABLE_SERVER_BOX)


class ObsError(CompanionError):
    """Any failure talking to OBS Studio."""

    exit_code = ExitCode.OBS


class ObsNotRunning(ObsError):
    """Nothing answers on the address: OBS is closed, or its server is off."""

    def __init__(self, host: str, port: int, hint: str = "") -> None:
        super().__init__(
            translate(
                "ObsError",
                "OBS is not running, or its WebSocket server is off (nothing answers at "
                "{address}).",
            ).format(address=_address(host, port)),
            hint
            or translate("ObsError", "Start OBS, then check {menu}: '{box}' must be ticked.")
            .format(menu=server_settings_menu(), box=enable_server_box()),
        )
        self.host = host
        self.port = port


class ObsServerDisabled(ObsError):
    """OBS's own config says its WebSocket server is switched off."""

    def __init__(self, where: str = "") -> None:
        if where:
            message = translate(
                "ObsError", "OBS's WebSocket server is turned off (found in {where})."
            ).format(where=where)
        else:
            message = translate("ObsError", "OBS's WebSocket server is turned off.")
        super().__init__(
            message,
            translate("ObsError", "In OBS, open {menu}, tick '{box}' and press OK.").format(
                menu=server_settings_menu(), box=enable_server_box()
            ),
        )


class ObsAuthFailed(ObsError):
    """Close code 4009, or OBS asks for a password and none is known."""

    def __init__(self, *, password_missing: bool = False) -> None:
        if password_missing:
            message = translate(
                "ObsError", "OBS asks for a WebSocket password, and none is set here."
            )
        else:
            message = translate("ObsError", "OBS rejected the WebSocket password.")
        super().__init__(
            message,
            translate(
                "ObsError",
                "Copy the password from OBS ({menu} > Show Connect Info) into Settings, "
                "or set OBS_WEBSOCKET_URL.",
            ).format(menu=server_settings_menu()),
        )
        self.password_missing = password_missing


class ObsKicked(ObsError):
    """Close code 4011: someone disconnected this program in OBS; never reconnect alone."""

    def __init__(self) -> None:
        super().__init__(
            translate(
                "ObsError", "OBS disconnected this program (the session was closed in OBS)."
            ),
            translate("ObsError", "Connect again when you want OBS controlled from here."),
        )


class ObsTooOld(ObsError):
    """Close code 4010, or the server does not speak obs-websocket 5."""

    def __init__(self, detail: str = "") -> None:
        super().__init__(
            detail or translate("ObsError", "This OBS does not speak obs-websocket 5."),
            translate(
                "ObsError",
                "Update OBS Studio to version 28 or newer (it includes obs-websocket 5).",
            ),
        )


class ObsNotReady(ObsError):
    """Status 207: OBS is still starting up and refuses requests for now."""

    def __init__(self) -> None:
        super().__init__(
            translate("ObsError", "OBS is still starting and not ready for requests."),
            translate("ObsError", "Wait until OBS has finished loading, then try again."),
        )


class ObsBusyStreaming(ObsError):
    """OBS is streaming (status 500 OutputRunning): settings cannot change now."""

    def __init__(self, message: str = "", next_step: str = "") -> None:
        super().__init__(
            message
            or translate(
                "ObsError", "OBS is streaming, so its stream settings cannot be changed now."
            ),
            next_step
            or translate(
                "ObsError", "Stop streaming in OBS first (or run '{command}')."
            ).format(command=command_line("obs stop")),
        )


class ObsRequestFailed(ObsError):
    """OBS answered a request with a failure status this program has no special case for."""

    def __init__(self, code: int, request: str, comment: str = "") -> None:
        if comment and len(comment) < 200:
            message = translate(
                "ObsError", "OBS refused {request} (status {code}: {comment})."
            ).format(request=request, code=code, comment=comment.rstrip("."))
        else:
            message = translate("ObsError", "OBS refused {request} (status {code}).").format(
                request=request, code=code
            )
        super().__init__(
            message,
            translate("ObsError", "Check OBS, then try again; if it keeps failing, restart OBS."),
        )
        self.code = code
        self.request = request


class ObsSettingsNotKept(ObsError):
    """OBS accepted the stream settings, but reading them back shows something else."""

    def __init__(self, what: str) -> None:
        super().__init__(
            translate(
                "ObsError", "OBS did not keep the stream settings that were sent ({what} differs)."
            ).format(what=what),
            translate(
                "ObsError", "Open OBS Settings > Stream to check them, then apply the stream again."
            ),
        )


class ObsTimedOut(ObsError):
    """OBS did not answer in time."""

    def __init__(self, what: str = "OBS", seconds: float | None = None) -> None:
        if seconds is not None:
            message = translate("ObsError", "{what} did not answer within {seconds} s.").format(
                what=what, seconds=f"{seconds:g}"
            )
        else:
            message = translate("ObsError", "{what} did not answer in time.").format(what=what)
        super().__init__(
            message,
            translate(
                "ObsError",
                "Check that OBS is responsive (not frozen or busy with a dialog), then try again.",
            ),
        )


class ObsConnectionLost(ObsError):
    """The connection to OBS ended: OBS quit, crashed, or the network dropped."""

    def __init__(self, detail: str = "") -> None:
        super().__init__(
            detail or translate("ObsError", "The connection to OBS was lost."),
            translate(
                "ObsError", "Check that OBS is still running; the connection comes back when it is."
            ),
        )


class ObsStreamFailed(ObsError):
    """OBS tried to stream and failed, or stopped streaming without being asked."""

    def __init__(self, message: str, next_step: str = "") -> None:
        super().__init__(
            message,
            next_step
            or translate(
                "ObsError",
                "Check the SRT ingest address and the stream key, and OBS's log "
                "(Help > Log Files) for the reason.",
            ),
        )


def start_held_back_next_step() -> str:
    """What to do when OBS took a start and did nothing: close the window holding it."""
    return translate(
        "ObsError",
        "A window open in OBS can hold streaming back (the Auto-Configuration Wizard OBS "
        "opens on its first start, or Settings): close it, then try again.",
    )


class ObsStartIgnored(ObsStreamFailed):
    """OBS answered StartStream, then did nothing: no stream-state event, output inactive.

    OBS drops a start without a word, in its log too, while a window that turns its outputs
    off is open: the Auto-Configuration Wizard of a first start, or Settings (seen on OBS
    29.0.2, 30.2.3 and 32.2.2). OBS did not try to connect, so the ingest is not to blame.
    """

    def __init__(self, seconds: float) -> None:
        super().__init__(
            translate(
                "ObsError",
                "OBS did not begin to start streaming: it took the request, then did "
                "nothing for {seconds} s.",
            ).format(seconds=f"{seconds:g}"),
            start_held_back_next_step(),
        )


class KeyCannotTravelInUrl(ObsError):
    """OBS 28 and older need the streamid inside the URL, where some characters break."""

    def __init__(self, obs_version: str, characters: str) -> None:
        super().__init__(
            translate(
                "ObsError",
                "OBS {version} reads the SRT streamid from the URL, and this stream key "
                "contains characters that cannot travel there ({characters}).",
            ).format(version=obs_version, characters=characters),
            translate("ObsError", "Update OBS to version 29 or newer, or create a new stream."),
        )
        self.obs_version = obs_version


class ObsProfileGone(ObsError):
    """The OBS profile a backup came from no longer exists: nothing is written anywhere."""

    def __init__(self, profile: str) -> None:
        super().__init__(
            translate(
                "ObsError",
                "Your earlier OBS stream settings belong to the OBS profile '{profile}', which "
                "no longer exists, so nothing was changed in OBS.",
            ).format(profile=profile),
            translate(
                "ObsError",
                "Create the profile '{profile}' in OBS (Profile > New) and restore again, or set "
                "up your stream in OBS Settings > Stream yourself.",
            ).format(profile=profile),
        )
        self.profile = profile


class ObsProfileSwitched(ObsError):
    """OBS's profile kept being switched while this program changed its stream settings."""

    def __init__(self) -> None:
        super().__init__(
            translate(
                "ObsError",
                "OBS's profile was switched while this program was changing its stream "
                "settings, so nothing more was changed in OBS.",
            ),
            translate(
                "ObsError",
                "Wait until nothing switches OBS's profile (a stream deck, another program), "
                "then try again.",
            ),
        )


class ObsHoldsOtherSettings(ObsError):
    """OBS's stream settings are not the chosen stream's, and this program may not send them."""

    def __init__(self, holds: str, wanted: str, next_step: str = "") -> None:
        super().__init__(
            translate(
                "ObsError",
                "OBS is set to stream to {holds}, not to {wanted}, so streaming was not started.",
            ).format(holds=holds, wanted=wanted),
            next_step
            or translate("ObsError", "Send the stream to OBS first, then start streaming."),
        )


class ObsStartedElsewhere(ObsError):
    """OBS's settings changed between the check and the start: the stream was stopped."""

    def __init__(self, holds: str) -> None:
        super().__init__(
            translate(
                "ObsError",
                "OBS's stream settings changed while streaming was starting (OBS held {holds}), "
                "so the stream was stopped at once.",
            ).format(holds=holds),
            translate("ObsError", "Check OBS Settings > Stream, then go live again."),
        )


def _address(host: str, port: int) -> str:
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
