"""Nothing answers at OBS's address: which of three it is, so the text says what helps.

- OBS is not running on this computer: Start OBS does everything (it turns the server on
  in OBS's files, starts OBS and links), so the text says just that (``ObsClosed``).
- OBS runs here with its WebSocket server off: its files cannot be changed under it, and
  only the user can switch the server on, in OBS (``ObsRunsWithServerOff``).
- OBS is on another computer: nothing here can start it (``ObsElsewhere``).

``obs_runs_here`` reads this user's processes (call it in a worker thread);
``why_no_answer`` turns the link's error into the one that says which.
"""

from __future__ import annotations

from ..i18n import translate
from ..loopback import is_loopback
from .errors import ObsError, ObsNotRunning, ObsServerDisabled, _address


class ObsClosed(ObsNotRunning):
    """OBS is not running on this computer: Start OBS starts it, its server turned on."""

    def __init__(self, host: str = "", port: int = 0) -> None:
        ObsError.__init__(
            self,
            translate("ObsError", "OBS is not running (nothing answers at {address}).").format(
                address=_address(host, port)
            )
            if host
            else translate("ObsError", "OBS is not running."),
            translate(
                "ObsError",
                "Start OBS starts it with its WebSocket server turned on and connects: "
                "there is nothing to set up in OBS.",
            ),
        )
        self.host = host
        self.port = port


def needs_process_check(error: BaseException | None) -> bool:
    """Whether ``error`` is "nothing answers" on this computer, which a look at the
    processes tells apart (OBS closed, or running with its server off)."""
    if isinstance(error, ObsClosed):
        return False
    if isinstance(error, ObsNotRunning):
        return is_loopback(error.host)
    return isinstance(error, ObsServerDisabled)


def obs_runs_here() -> bool | None:
    """Whether the OBS whose settings are in use runs now (None: cannot be told).

    Reads files and processes: call it in a worker thread.
    """
    from .connection import discover_obs
    from .install import find_obs_installs, obs_running
    from .setup import choose_install

    install = choose_install(find_obs_installs(), discover_obs())
    if install is None:
        return False
    return obs_running(install.config_folder)


def why_no_answer(error: ObsError, runs_here: bool | None) -> ObsError:
    """The error that says which "nothing answers" it is; any other error as it is.

    Args:
        error: the link's error.
        runs_here: ``obs_runs_here()``'s answer, None while unknown.
    """
    from .setup import ObsElsewhere, ObsRunsWithServerOff

    if isinstance(error, ObsClosed):
        return error
    if isinstance(error, ObsNotRunning) and not is_loopback(error.host):
        return ObsElsewhere(_address(error.host, error.port))
    if not isinstance(error, ObsNotRunning | ObsServerDisabled) or runs_here is None:
        return error
    if runs_here:
        return ObsRunsWithServerOff()
    if isinstance(error, ObsNotRunning):
        return ObsClosed(error.host, error.port)
    return ObsClosed()  # its files say the server is off; Start OBS turns it on


__all__ = ["ObsClosed", "needs_process_check", "obs_runs_here", "why_no_answer"]
