"""The notices at the top of the window: start-up, storage and keyring ("general"), and
OBS's problem while a stream is shown (the empty page says it already otherwise).

Not a widget of its own: its two messages sit in the content column's layout, as before.
Each redraws only when its notice changes (``show_notice``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QVBoxLayout

if TYPE_CHECKING:
    from ..golive.view_state import ViewState
    from .error_dialog import InlineMessage


class TopNotices:
    """Attributes: layout (the slot in the content column); general_message, obs_message
    (after ``add_notices``)."""

    def __init__(self) -> None:
        self.layout = QVBoxLayout()
        self.general_message: InlineMessage | None = None
        self.obs_message: InlineMessage | None = None

    def add_notices(self) -> None:
        """The two messages (after the first paint: they load the dialogs)."""
        from .error_dialog import InlineMessage

        self.general_message = InlineMessage()
        self.layout.addWidget(self.general_message)
        # OBS's problems need the user (a password, OBS closed): at the top, not below the fold.
        self.obs_message = InlineMessage()
        self.layout.addWidget(self.obs_message)

    def draw(self, state: ViewState, on_fix: Callable[[str], None]) -> None:
        """Draw both notices of ``state``."""
        from ..golive.view_state import AREA_GENERAL, AREA_OBS
        from .notices import show_notice

        general = state.notices.get(AREA_GENERAL)
        show_notice(self.general_message, general, on_fix)
        obs = state.obs
        problem = obs.error if state.selected is not None and not obs.connected else None
        if problem is not None and general is not None and general.text == problem.text:
            problem = None  # said once, in the banner above
        # Else what the session says of OBS (another OBS linked than before, say).
        show_notice(self.obs_message, problem or state.notices.get(AREA_OBS), on_fix)


__all__ = ["TopNotices"]
