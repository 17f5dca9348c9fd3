"""Why a session action cannot go ahead: each with the sentence and next step to show."""

from __future__ import annotations

from ..errors import CompanionError
from ..i18n import translate


class NoApiKey(CompanionError):
    """Real mode without an API key: nothing can be created yet."""

    def __init__(self) -> None:
        super().__init__(
            translate("SessionError", "No Comprimato API key is set."),
            translate(
                "SessionError", "Enter your API key, or try everything first with the sandbox."
            ),
        )


class NoStreamSelected(CompanionError):
    """An action about "this stream" with none shown."""

    def __init__(self) -> None:
        super().__init__(
            translate("SessionError", "No stream is selected."),
            translate("SessionError", "Create a stream or pick one from the list."),
        )


class NoIngest(CompanionError):
    """The sandbox runs without SRT ingest (libsrt missing): OBS would have nowhere to send."""

    def __init__(self, why: str | None) -> None:
        super().__init__(
            translate("SessionError", "The local sandbox cannot receive SRT ({why}).").format(
                why=why
            )
            if why
            else translate("SessionError", "The local sandbox cannot receive SRT."),
            translate(
                "SessionError",
                "Install libsrt (Debian: libsrt1.5-openssl) and start the program again.",
            ),
        )


class NoObsBackup(CompanionError):
    """Restore asked for, but this program never changed OBS's stream settings."""

    def __init__(self) -> None:
        super().__init__(
            translate("SessionError", "There is no saved copy of your earlier OBS settings."),
            translate(
                "SessionError",
                "Nothing was changed in OBS by this program yet, so nothing needs restoring.",
            ),
        )


class StartFailed(CompanionError):
    """Start-up could not finish (the stream list, the settings or the sandbox failed).

    Carries the cause's own two sentences; the window offers Retry next to them.
    """

    def __init__(self, cause: str, next_step: str) -> None:
        super().__init__(
            translate("SessionError", "The program could not start: {cause}").format(
                cause=f"{cause[:1].lower()}{cause[1:]}"
            ),
            next_step,
        )

    @classmethod
    def of(cls, error: Exception) -> StartFailed:
        """The start-up failure to show for ``error``: its own sentences, or a plain one."""
        if isinstance(error, StartFailed):
            return error
        if isinstance(error, CompanionError):
            return cls(error.message, error.next_step or translate("Session", "Choose Retry."))
        if isinstance(error, OSError):
            return cls(
                f"{error.strerror or type(error).__name__}.",
                translate("Session", "Check the disk and the network, then choose Retry."),
            )
        return cls(
            translate("Session", "a fault in the program stopped it."),
            translate("Session", "Choose Retry; if it fails again, report it."),
        )


__all__ = ["NoApiKey", "NoIngest", "NoObsBackup", "NoStreamSelected", "StartFailed"]
