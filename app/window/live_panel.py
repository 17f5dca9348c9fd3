"""The live panel under the card: OBS, its output, Comprimato, viewers, figures, graph.

Not a widget of its own: the ``StatusPanel`` sits in the content column's layout, built
the first time a stream is drawn, and shown only while one is selected. It draws its slice
of the snapshot and skips redrawing when that slice has not changed; its notices redraw
only when they change.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QVBoxLayout

from .theme import colors_for

if TYPE_CHECKING:
    from ..golive.view_state import ViewState
    from .status_panel import StatusPanel


class LivePanel(QObject):
    """Holds the ``StatusPanel`` once built.

    Signals (the panel's, relayed): fix_requested(str), switch_requested(str).

    Attributes:
        layout: the slot in the content column.
        panel: the status panel, None until a stream is first drawn.
    """

    fix_requested = Signal(str)
    switch_requested = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.layout = QVBoxLayout()
        self.panel: StatusPanel | None = None
        self._narrow = False
        self._drawn: tuple[object, ...] | None = None

    def draw(self, state: ViewState) -> None:
        """Draw ``state``'s live status (the panel shows only with a selected stream)."""
        from ..golive.view_state import AREA_STREAM

        panel = self.panel
        if panel is None:
            if state.selected is None:
                return
            panel = self._build()
        panel.setVisible(state.selected is not None)
        drawn = (
            state.obs,
            state.selected,
            state.live,
            state.streams,
            state.notices.get(AREA_STREAM),
            colors_for(panel),
        )
        if drawn != self._drawn:
            self._drawn = drawn
            panel.draw_figures(state)
        panel.draw_notices(state)

    def set_narrow(self, narrow: bool) -> None:
        self._narrow = narrow
        if self.panel is not None:
            self.panel.set_narrow(narrow)

    def _build(self) -> StatusPanel:
        from .status_panel import StatusPanel

        panel = StatusPanel()
        panel.setVisible(False)
        self.layout.addWidget(panel)
        panel.set_narrow(self._narrow)
        panel.fix_requested.connect(self.fix_requested)
        panel.switch_requested.connect(self.switch_requested)
        self.panel = panel
        return panel


__all__ = ["LivePanel"]
