"""The selected stream's card: its name, links, keys, QR code and buttons (``StreamView``).

The view inside is built the first time a stream is drawn (not at start-up: with no stream
there is no card, and it costs 3-4 MiB and 30-40 ms). The card draws its slice of the
snapshot and skips redrawing when that slice has not changed; its notice redraws only
when it changes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QVBoxLayout

if TYPE_CHECKING:
    from ..golive.view_state import ViewState
    from .stream_view import StreamView


class StreamCard(QFrame):
    """The card around the ``StreamView``.

    Signals (the view's, relayed): send_requested(), live_button_clicked(),
        restore_requested(), restore_choose_requested(), copied(str), fix_requested(str).

    Attributes:
        view: the stream view, None until a stream is first drawn.
    """

    send_requested = Signal()
    live_button_clicked = Signal()
    restore_requested = Signal()
    restore_choose_requested = Signal()
    copied = Signal(str)
    fix_requested = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("card")
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(16, 14, 16, 14)
        self.view: StreamView | None = None
        self._narrow = False
        self._drawn: tuple[object, ...] | None = None

    def draw(self, state: ViewState) -> None:
        """Draw the selected stream of ``state`` (nothing without one)."""
        from ..golive.view_state import AREA_STREAM

        if state.selected is None:
            return
        view = self._view()
        drawn = (
            state.selected,
            state.player_url_template,
            state.ingest_url,
            state.obs.state,
            state.obs.held_stream_id,
            state.live_elsewhere,
            state.on_air,
            state.live.obs_output if state.live is not None else None,
            state.busy,
        )
        if drawn != self._drawn:
            self._drawn = drawn
            view.draw_stream(state)
        view.draw_notice(state.notices.get(AREA_STREAM))

    def set_narrow(self, narrow: bool) -> None:
        """Narrow windows show the QR code under the stream's fields."""
        self._narrow = narrow
        if self.view is not None:
            self.view.set_narrow(narrow)

    def _view(self) -> StreamView:
        if self.view is None:
            from .stream_view import StreamView

            view = StreamView()
            self._layout.addWidget(view)
            view.set_narrow(self._narrow)
            view.send_requested.connect(self.send_requested)
            view.live_button_clicked.connect(self.live_button_clicked)
            view.restore_requested.connect(self.restore_requested)
            view.restore_choose_requested.connect(self.restore_choose_requested)
            view.copied.connect(self.copied)
            view.fix_requested.connect(self.fix_requested)
            self.view = view
        return self.view


__all__ = ["StreamCard"]
