"""A button that says for a moment what it just did ("Copied ✓", "Opening…").

The word shows on the button the user pressed, where the eye is; a text button keeps its
width, so nothing beside it moves (an icon's button shows the word beside the icon for the
moment), and it goes back to its own text by itself.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QAbstractButton, QToolButton

#: How long the button says what it did (milliseconds).
SAID_FOR_MS = 2500


def say_on_button(button: QAbstractButton, text: str, ms: int = SAID_FOR_MS) -> None:
    """Show ``text`` on ``button`` for ``ms``, then its own text again.

    Pressed again meanwhile, the moment starts over; its own text is never lost.
    """
    own = button.property("ownText") or button.text()
    button.setProperty("ownText", own)
    serial = int(button.property("saidSerial") or 0) + 1
    button.setProperty("saidSerial", serial)
    before = button.sizeHint().width()
    button.setText(text)
    if (
        isinstance(button, QToolButton)
        and button.toolButtonStyle() is Qt.ToolButtonStyle.ToolButtonIconOnly
    ):  # an icon's button says it beside the icon, for the moment only
        button.setProperty("iconOnly", True)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    elif not button.property("iconOnly"):
        button.setMinimumWidth(max(button.minimumWidth(), before, button.sizeHint().width()))

    def back() -> None:
        if button.property("saidSerial") == serial:
            button.setText(own)
            button.setProperty("ownText", None)
            if button.property("iconOnly") and isinstance(button, QToolButton):
                button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
                button.setProperty("iconOnly", None)

    QTimer.singleShot(ms, button, back)


__all__ = ["SAID_FOR_MS", "say_on_button"]
