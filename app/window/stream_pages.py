"""The middle of the window: the selected stream's card, or the empty page without one.

Each page draws its own slice of the snapshot; the stack shows the one that fits, sized by
that page alone (not by the tallest one).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QSizePolicy, QStackedWidget, QWidget

from .empty_page import EmptyPage
from .stream_card import StreamCard

if TYPE_CHECKING:
    from ..golive.view_state import ViewState


class StreamPages(QStackedWidget):
    """Attributes: empty_page, stream_card (the two pages)."""

    def __init__(self) -> None:
        super().__init__()
        self.empty_page = EmptyPage()
        self.stream_card = StreamCard()
        self.addWidget(self.empty_page)
        self.addWidget(self.stream_card)
        self._sized_page: QWidget | None = None
        self._show_page(self.empty_page)

    def draw(self, state: ViewState) -> None:
        """Both pages draw their slices; the card shows while a stream is selected."""
        self.empty_page.draw(state)
        self.stream_card.draw(state)
        self._show_page(self.stream_card if state.selected is not None else self.empty_page)

    def _show_page(self, page: QWidget) -> None:
        if self._sized_page is page:
            return
        self._sized_page = page
        for index in range(self.count()):
            other = self.widget(index)
            if other is None:
                continue
            policy = QSizePolicy.Policy.Preferred if other is page else QSizePolicy.Policy.Ignored
            other.setSizePolicy(policy, policy)
        self.setCurrentWidget(page)
        self.updateGeometry()


__all__ = ["StreamPages"]
