"""A small live graph of the outgoing bitrate over the last five minutes.

The graph owns no timer: whoever measures the bitrate calls ``add_sample`` (about once a
second) and the graph repaints. The right edge is the newest sample. A ``None`` sample
(no figure: not live, OBS away) or a long silence breaks the line instead of drawing a
made-up slope. The vertical scale follows the peak of the visible window, rounded up to
a readable step. Painting reuses the pens, fonts and labels prepared when the data or
the palette change; only the path is built per frame.
"""

from __future__ import annotations

import math
from collections import deque

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from ..i18n import translate
from .theme import colors_for

#: How much history the graph shows, seconds.
WINDOW_S = 300.0
#: A silence longer than this between two samples breaks the line.
GAP_S = 10.0
#: How many streams' histories are kept while another one is shown.
KEPT_HISTORIES = 20


def format_bitrate(kbps: float) -> str:
    """``850 kbps``, ``4.2 Mbps``, ``12 Mbps``: the unit streamers read in OBS."""
    if kbps < 1000:
        return translate("BitrateGraph", "{value} kbps").format(value=f"{kbps:.0f}")
    mbps = kbps / 1000
    if mbps >= 10 or mbps.is_integer():
        return translate("BitrateGraph", "{value} Mbps").format(value=f"{mbps:.0f}")
    whole, tenths = f"{mbps:.1f}".split(".")
    # The decimal mark is the translator's: "4.2 Mbps", "4,2 Mb/s".
    return translate("BitrateGraph", "{whole}.{tenths} Mbps").format(whole=whole, tenths=tenths)


def nice_ceiling(kbps: float) -> float:
    """The next readable step (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8 x 10^n) at or above ``kbps``.

    At least 500 kbps, so an idle or tiny stream does not fill the graph with noise.
    """
    value = max(kbps, 500.0)
    exponent = math.floor(math.log10(value))
    base = 10.0**exponent
    for step in (1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0):
        if value <= step * base * 1.0000001:
            return step * base
    return 10.0 * base


class BitrateGraph(QWidget):
    """Bitrate over the last five minutes: a smooth line over a light fill.

    Attributes:
        samples: ``(t, kbps)`` pairs, oldest first, ``kbps`` ``None`` for "no figure".
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.samples: deque[tuple[float, float | None]] = deque()
        self._histories: dict[str | None, deque[tuple[float, float | None]]] = {None: self.samples}
        self._stream_id: str | None = None
        self._skip_next = False
        self._scale_kbps = nice_ceiling(0)
        self._scale_label = format_bitrate(self._scale_kbps)
        self._latest_label = ""
        self._label_font = QFont()
        self._line_pen = QPen()
        self._grid_pen = QPen()
        self._fill = QColor()
        self._text_color = QColor()
        self._refresh_style()
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName(self.tr("Bitrate over the last five minutes"))
        self.setAccessibleDescription(self.tr("No bitrate yet."))

    # -- data ---------------------------------------------------------------------------

    def show_stream(self, stream_id: str | None) -> None:
        """Show ``stream_id``'s history, keeping the one shown so far for a switch back.

        The first sample after a switch is dropped: its bitrate spans the switch and
        would draw a spike that rescales the axis.
        """
        if stream_id == self._stream_id:
            return
        self._stream_id = stream_id
        history = self._histories.pop(stream_id, None)
        self.samples = history if history is not None else deque()
        self._histories[stream_id] = self.samples  # the most recently shown goes last
        while len(self._histories) > KEPT_HISTORIES:
            del self._histories[next(iter(self._histories))]
        self._skip_next = True
        self._rescale()
        self.update()

    def add_sample(self, t: float, kbps: float | None) -> None:
        """Add a measurement taken at ``t`` (monotonic seconds); ``None`` is a gap.

        A time earlier than the newest sample means a new clock: the graph starts over.
        """
        if self._skip_next:
            self._skip_next = False
            return
        if self.samples and t < self.samples[-1][0]:
            self.samples.clear()
        if kbps is not None and (math.isnan(kbps) or kbps < 0):
            kbps = None
        self.samples.append((t, kbps))
        horizon = t - WINDOW_S
        while len(self.samples) > 1 and self.samples[1][0] <= horizon:
            self.samples.popleft()
        self._rescale()
        self.update()

    def clear(self) -> None:
        """Forget every sample."""
        self.samples.clear()
        self._rescale()
        self.update()

    def _rescale(self) -> None:
        peak = max((kbps for _, kbps in self.samples if kbps is not None), default=0.0)
        self._scale_kbps = nice_ceiling(peak)
        self._scale_label = format_bitrate(self._scale_kbps)
        latest = self.samples[-1][1] if self.samples else None
        if latest is None:
            self._latest_label = ""
            description = (
                self.tr("No bitrate right now.") if self.samples else self.tr("No bitrate yet.")
            )
        else:
            self._latest_label = format_bitrate(latest)
            description = self.tr("Now {now}, peak {peak}.").format(
                now=self._latest_label, peak=format_bitrate(peak)
            )
        if description != self.accessibleDescription():
            self.setAccessibleDescription(description)

    # -- look ---------------------------------------------------------------------------

    def _refresh_style(self) -> None:
        palette = self.palette()
        accent = colors_for(self).ok
        self._line_pen = QPen(accent, 1.75)
        self._line_pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        self._line_pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        self._fill = QColor(accent)
        self._fill.setAlphaF(0.16)
        grid = QColor(palette.color(palette.ColorRole.WindowText))
        grid.setAlphaF(0.12)
        self._grid_pen = QPen(grid, 1)
        self._text_color = colors_for(self).muted
        font = QFont(self.font())
        if font.pointSizeF() > 0:
            font.setPointSizeF(font.pointSizeF() * 0.85)
        self._label_font = font

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (
            QEvent.Type.PaletteChange,
            QEvent.Type.FontChange,
            QEvent.Type.StyleChange,
        ):
            self._refresh_style()
            self.update()
        super().changeEvent(event)

    def sizeHint(self) -> QSize:
        return QSize(320, 84)

    def minimumSizeHint(self) -> QSize:
        return QSize(120, 48)

    # -- painting -----------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = QFontMetricsF(self._label_font)
        painter.setFont(self._label_font)
        label_h = metrics.height()
        # The scale label sits above the top grid line, the time labels under the baseline.
        plot = QRectF(self.rect()).adjusted(1, label_h + 1, -1, -label_h - 2)
        if plot.height() < 8:
            plot = QRectF(self.rect()).adjusted(1, 1, -1, -1)

        # Grid: top (the scale), middle, baseline.
        painter.setPen(self._grid_pen)
        for fraction in (0.0, 0.5, 1.0) if self.samples else (0.0, 1.0):
            y = round(plot.top() + plot.height() * fraction) + 0.5
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))

        self._paint_series(painter, plot)

        painter.setPen(self._text_color)
        text_flags = int(Qt.AlignmentFlag.AlignLeft) | int(Qt.AlignmentFlag.AlignTop)
        scale_box = QRectF(plot.left(), plot.top() - label_h - 1, plot.width() / 2, label_h)
        painter.drawText(scale_box, text_flags, self._scale_label)
        bottom = QRectF(plot.left(), plot.bottom() + 2, plot.width(), label_h)
        painter.drawText(bottom, text_flags, self.tr("5 min ago"))
        if not self.samples:
            painter.drawText(plot, int(Qt.AlignmentFlag.AlignCenter), self.tr("No bitrate yet"))
        elif self._latest_label:
            right = int(Qt.AlignmentFlag.AlignRight) | int(Qt.AlignmentFlag.AlignTop)
            painter.drawText(bottom, right, self.tr("now {rate}").format(rate=self._latest_label))
        painter.end()

    def _paint_series(self, painter: QPainter, plot: QRectF) -> None:
        if not self.samples:
            return
        newest = self.samples[-1][0]
        x_per_s = plot.width() / WINDOW_S
        y_per_kbps = plot.height() / self._scale_kbps
        base_y = plot.bottom()

        line = QPainterPath()
        area = QPainterPath()
        previous: QPointF | None = None
        previous_t = 0.0
        segment_start_x = 0.0
        for t, kbps in self.samples:
            if kbps is None or (previous is not None and t - previous_t > GAP_S):
                if previous is not None:
                    area.lineTo(previous.x(), base_y)
                    area.lineTo(segment_start_x, base_y)
                    area.closeSubpath()
                previous = None
                if kbps is None:
                    continue
            x = plot.right() - (newest - t) * x_per_s
            y = base_y - min(kbps, self._scale_kbps) * y_per_kbps
            point = QPointF(x, y)
            if previous is None:
                line.moveTo(point)
                area.moveTo(point)
                segment_start_x = point.x()
            else:
                # Horizontal tangents at each sample: smooth, and never overshoots to < 0.
                mid_x = (previous.x() + point.x()) / 2
                line.cubicTo(mid_x, previous.y(), mid_x, point.y(), point.x(), point.y())
                area.cubicTo(mid_x, previous.y(), mid_x, point.y(), point.x(), point.y())
            previous = point
            previous_t = t
        if previous is not None:
            if previous.x() == segment_start_x:
                # A lone sample: a dot rather than nothing.
                line.addEllipse(previous, 1.5, 1.5)
            area.lineTo(previous.x(), base_y)
            area.lineTo(segment_start_x, base_y)
            area.closeSubpath()

        painter.save()
        painter.setClipRect(plot.adjusted(-1, -2, 1, 1))
        painter.fillPath(area, self._fill)
        painter.setPen(self._line_pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(line)
        painter.restore()
