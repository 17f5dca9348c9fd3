"""Every fix a notice can offer: its button's text, and what the button does.

A ``Notice`` names its fix (``FIX_*`` in ``view_state``); this table is the one place that
turns the name into a button (``notices.fix_label``) and into an action (``MainWindow.run_fix``).
A failure of the action itself is shown in the area the table names.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from ..golive.view_state import (
    AREA_CREATE,
    AREA_GENERAL,
    AREA_STREAM,
    FIX_API_KEY,
    FIX_KEEP_SECRETS,
    FIX_KEYFRAMES,
    FIX_KEYRING_RETRY,
    FIX_OBS_RETRY,
    FIX_OBS_SETTINGS,
    FIX_OBS_SETUP,
    FIX_RETRY_START,
    FIX_SETTINGS,
)
from ..i18n import QT_TRANSLATE_NOOP

if TYPE_CHECKING:
    from ..golive.session import CompanionSession
    from .main_window import MainWindow

#: The tabs of the settings dialog, for opening it where a problem is fixed.
SETTINGS_TAB_COMPRIMATO: Final = 0
SETTINGS_TAB_OBS: Final = 1


@dataclass(frozen=True)
class Fix:
    """One fix: ``label`` (English, marked for the "Notices" catalogue), the ``area`` its
    own failure is shown in, and ``run``, which starts it for a window with a session."""

    label: str
    area: str
    run: Callable[[MainWindow], Awaitable[object]]


def _session(window: MainWindow) -> CompanionSession:
    assert window.session is not None  # run_fix runs a fix only with a session
    return window.session


FIXES: Final[dict[str, Fix]] = {
    FIX_API_KEY: Fix(
        QT_TRANSLATE_NOOP("Notices", "Enter API key…"), AREA_CREATE, lambda w: w.ask_api_key()
    ),
    FIX_OBS_RETRY: Fix(
        QT_TRANSLATE_NOOP("Notices", "Try again"),
        AREA_STREAM,
        lambda w: _session(w).reconnect_obs(),
    ),
    FIX_OBS_SETTINGS: Fix(
        QT_TRANSLATE_NOOP("Notices", "OBS settings…"),
        AREA_GENERAL,
        lambda w: w.edit_settings(tab=SETTINGS_TAB_OBS),
    ),
    FIX_OBS_SETUP: Fix(
        QT_TRANSLATE_NOOP("Notices", "Start OBS"), AREA_GENERAL, lambda w: _session(w).set_up_obs()
    ),
    FIX_SETTINGS: Fix(
        QT_TRANSLATE_NOOP("Notices", "Settings…"), AREA_GENERAL, lambda w: w.edit_settings()
    ),
    FIX_RETRY_START: Fix(
        QT_TRANSLATE_NOOP("Notices", "Retry"), AREA_GENERAL, lambda w: w.retry_start()
    ),
    FIX_KEYRING_RETRY: Fix(
        QT_TRANSLATE_NOOP("Notices", "Try again"),
        AREA_CREATE,
        lambda w: _session(w).retry_keyring(),
    ),
    FIX_KEEP_SECRETS: Fix(
        QT_TRANSLATE_NOOP("Notices", "Save to keyring"),
        AREA_GENERAL,
        lambda w: _session(w).keep_secrets_again(),
    ),
    FIX_KEYFRAMES: Fix(
        QT_TRANSLATE_NOOP("Notices", "Fix in OBS"),
        AREA_STREAM,
        lambda w: _session(w).fix_obs_keyframes(),
    ),
}

__all__ = ["FIXES", "SETTINGS_TAB_COMPRIMATO", "SETTINGS_TAB_OBS", "Fix"]
