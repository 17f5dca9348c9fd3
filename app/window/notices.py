"""Showing a session ``Notice`` in an ``InlineMessage``, with the button that fixes it.

Every error state must show its next step; where the next step is something this program
can do (ask for a new API key, try OBS again, open the OBS settings), the message carries
it as a button, so the user does not have to find it in a menu. The buttons' texts and
actions are in one table, ``fixes.FIXES``.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication

from ..golive.view_state import Notice
from .error_dialog import InlineMessage
from .fixes import FIXES


def fix_label(fix: str) -> str:
    """The translated button text of ``fix`` ("" for none)."""
    entry = FIXES.get(fix)
    label = entry.label if entry is not None else ""
    return QCoreApplication.translate("Notices", label) if label else ""


def show_notice(
    widget: InlineMessage | None,
    notice: Notice | None,
    on_fix: Callable[[str], None] | None = None,
) -> None:
    """Show ``notice`` in ``widget`` (or clear it), with its fix button when it has one.

    Redrawing the same notice does nothing, so a message the user is reading (or has
    selected text in) does not flicker with every live-status update.
    """
    if widget is None:
        return
    if notice is None:
        if widget.kind:
            widget.clear()
        return
    label = (fix_label(notice.fix) or None) if on_fix is not None else None
    shown_label = None if widget.action_button.isHidden() else widget.action_button.text()
    if (
        widget.kind == notice.level
        and widget.text() == notice.text
        and (shown_label or None) == label
    ):
        return
    action: tuple[str, Callable[[], None]] | None = None
    if label is not None and on_fix is not None:
        fix = notice.fix
        action = (label, lambda: on_fix(fix))
    if notice.level == "info":
        widget.show_info(notice.message, notice.next_step, action)
    else:
        widget.show_error(notice.message, notice.next_step, action)


__all__ = ["fix_label", "show_notice"]
