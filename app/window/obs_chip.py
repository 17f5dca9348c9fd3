"""The header's OBS chip: "● OBS 29.0.2 connected", coloured by the link's state.

It draws its slice of the snapshot (the link's state, OBS's version, its error, where the
address came from, the palette) and skips redrawing when that slice has not changed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel

from ..i18n import translate
from ..obs.link_state import LinkState
from .theme import colors_for

if TYPE_CHECKING:
    from ..golive.view_state import ViewState


class ObsChip(QLabel):
    """The OBS link in one coloured line; its tooltip says why it is down or where it is."""

    def __init__(self) -> None:
        super().__init__(translate("MainWindow", "OBS: looking…"))
        self.setObjectName("chip")
        self.setAccessibleName(translate("MainWindow", "OBS connection"))
        self._drawn: tuple[object, ...] | None = None

    def draw(self, state: ViewState) -> None:
        """Draw the chip's slice of ``state``."""
        obs = state.obs
        colors = colors_for(self)
        drawn = (obs.state, obs.version, obs.error, obs.source, obs.address, colors)
        if drawn == self._drawn:
            return
        self._drawn = drawn
        if obs.connected:
            version = f" {obs.version.obs_version}" if obs.version else ""
            if obs.address:  # which OBS: there may be two on this computer
                text = translate("MainWindow", "● OBS{version} at {address} connected").format(
                    version=version, address=obs.address
                )
            else:
                text = translate("MainWindow", "● OBS{version} connected").format(
                    version=version
                )
            color = colors.ok
        elif obs.state is LinkState.CONNECTING:
            text, color = translate("MainWindow", "● Connecting to OBS…"), colors.warn
        elif obs.error is not None:
            text, color = translate("MainWindow", "● OBS not connected"), colors.error
        else:
            text, color = translate("MainWindow", "● OBS not connected"), colors.muted
        self.setText(text)
        sheet = f"color: {color.name()};"
        if sheet != self.styleSheet():  # re-styling relays out: only on a change
            self.setStyleSheet(sheet)
        tip = obs.error.message if obs.error is not None and not obs.connected else obs.source
        self.setToolTip(tip)


__all__ = ["ObsChip"]
