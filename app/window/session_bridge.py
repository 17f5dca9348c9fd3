"""The Qt face of the Qt-free session: its snapshots as a signal.

``CompanionSession`` calls plain observers on the asyncio loop, which under qasync is the
GUI thread; this adapter turns each snapshot into ``state_changed`` so widgets connect the
Qt way and disconnect automatically when they are destroyed.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from ..golive.session import CompanionSession
from ..golive.view_state import ViewState


class SessionBridge(QObject):
    """Relays a session's snapshots.

    Signals:
        state_changed(ViewState): every new snapshot, in order.

    Attributes:
        session: the session being relayed.
    """

    state_changed = Signal(object)

    def __init__(self, session: CompanionSession, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._unsubscribe: Callable[[], None] | None = session.add_observer(self._relay)

    @property
    def state(self) -> ViewState:
        return self.session.state

    def detach(self) -> None:
        """Stop relaying (the window is going away)."""
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None

    def _relay(self, state: ViewState) -> None:
        self.state_changed.emit(state)
