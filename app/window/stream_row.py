"""How one stream looks in the list: its name, and a muted status/date line.

Loaded with the first list of streams, not before the window first paints: the painting
classes it needs (``QStyle`` above all) take time to set up that the first paint does not
have to wait for.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from .stream_list import DETAIL_ROLE, RUNNING_ROLE
from .theme import colors_for

ModelIndex = QModelIndex | QPersistentModelIndex

_ALIGN_LEFT_MIDDLE = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)


class StreamRowDelegate(QStyledItemDelegate):
    """Two lines per row: the name, and a muted status/date line with a dot when running.

    Every row has the same height: the view is told so and measures one row, not all.
    """

    def sizeHint(self, option: QStyleOptionViewItem, index: ModelIndex) -> QSize:
        return QSize(200, option.fontMetrics.height() * 2 + 18)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: ModelIndex) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        widget = opt.widget
        widget.style().drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        rect: QRect = opt.rect.adjusted(12, 8, -10, -8)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        palette = opt.palette
        text_color = palette.highlightedText().color() if selected else palette.text().color()
        colors = colors_for(widget)
        painter.save()
        bold = QFont(opt.font)
        bold.setWeight(QFont.Weight.DemiBold)
        painter.setFont(bold)
        painter.setPen(text_color)
        half = rect.height() // 2
        name = QFontMetrics(bold).elidedText(
            str(index.data(Qt.ItemDataRole.DisplayRole)), Qt.TextElideMode.ElideRight, rect.width()
        )
        painter.drawText(
            QRect(rect.left(), rect.top(), rect.width(), half),
            _ALIGN_LEFT_MIDDLE,
            name,
        )
        detail_rect = QRect(rect.left(), rect.top() + half, rect.width(), rect.height() - half)
        if index.data(RUNNING_ROLE):
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colors.live)
            dot = 8
            painter.drawEllipse(
                detail_rect.left(), detail_rect.center().y() - dot // 2 + 1, dot, dot
            )
            detail_rect.setLeft(detail_rect.left() + dot + 6)
        painter.setFont(opt.font)
        muted = text_color if selected else colors.muted
        painter.setPen(muted)
        detail = opt.fontMetrics.elidedText(
            str(index.data(DETAIL_ROLE)), Qt.TextElideMode.ElideRight, detail_rect.width()
        )
        painter.drawText(detail_rect, _ALIGN_LEFT_MIDDLE, detail)
        painter.restore()
