"""A button that says for a moment what it just did ("Copied ✓", "Opening…").

The word shows on the button the user pressed, where the eye is; the button keeps its
width, so nothing beside it moves, and goes back to its own text by itself.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QAbstractButton

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
    button.setMinimumWidth(max(button.minimumWidth(), before, button.sizeHint().width()))

    def back() -> None:
        if button.property("saidSerial") == serial:
            button.setText(own)
            button.setProperty("ownText", None)

    QTimer.singleShot(ms, button, back)


__all__ = ["SAID_FOR_MS", "say_on_button"]
