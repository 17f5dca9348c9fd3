"""Live status at a glance: OBS link, OBS output, Comprimato, and the live figures.

The red LIVE badge means one thing only: OBS is sending AND Comprimato reports the
stream running. OBS alone sending shows as "OBS live" in amber until Comprimato
confirms, so a wrong key or a blocked port never looks like success.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QCoreApplication, QEvent, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..golive.view_state import AREA_OUTPUT, AREA_STREAM, Notice, ViewState
from ..golive.viewer_check import ViewerCheck
from .bitrate_graph import BitrateGraph, format_bitrate
from .error_dialog import InlineMessage
from .notices import show_notice
from .stream_list import display_name, status_label
from .theme import StatusColors, colors_for


#: How each OBS output state reads, and its tone.
def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Marks ``text`` for the translation catalog (lupdate knows the name); returns it."""
    return text


OUTPUT_TEXT: dict[str, tuple[str, str]] = {
    "STOPPED": (QT_TRANSLATE_NOOP("StatusPanel", "Stopped"), "muted"),
    "STARTING": (QT_TRANSLATE_NOOP("StatusPanel", "Starting…"), "warn"),
    "LIVE": (QT_TRANSLATE_NOOP("StatusPanel", "Sending"), "ok"),
    "RECONNECTING": (QT_TRANSLATE_NOOP("StatusPanel", "Reconnecting…"), "warn"),
    "STOPPING": (QT_TRANSLATE_NOOP("StatusPanel", "Stopping…"), "warn"),
    "FAILED": (QT_TRANSLATE_NOOP("StatusPanel", "Failed to start"), "error"),
}

LINK_TEXT: dict[str, tuple[str, str]] = {
    "connected": (QT_TRANSLATE_NOOP("StatusPanel", "Connected"), "ok"),
    "connecting": (QT_TRANSLATE_NOOP("StatusPanel", "Connecting…"), "warn"),
    "retrying": (QT_TRANSLATE_NOOP("StatusPanel", "Waiting for OBS…"), "warn"),
    "failed": (QT_TRANSLATE_NOOP("StatusPanel", "Not connected"), "error"),
    "disconnected": (QT_TRANSLATE_NOOP("StatusPanel", "Not connected"), "muted"),
}


def format_uptime(seconds: float) -> str:
    total = max(0, int(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


class _Metric(QWidget):
    """A small caption over a value, the value coloured by its tone.

    Setting what is already shown does nothing: the panel is updated every second while
    live and most metrics do not change. A figure (``template`` given) keeps one size, wide
    enough for ``template`` in its font: a new figure then repaints its own few pixels
    and never makes the window lay itself out again.
    """

    def __init__(
        self, caption: str, parent: QWidget | None = None, *, template: str | None = None
    ) -> None:
        super().__init__(parent)
        self.caption = QLabel(caption.upper())
        self.caption.setObjectName("metricCaption")
        self.value = QLabel("—")
        self.value.setObjectName("metricValue")
        self.value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # "Not connected, retrying" wraps in a narrow column; figures are short.
        self.value.setWordWrap(template is None)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.caption)
        layout.addWidget(self.value)
        self._caption_text = caption
        self._template = template
        self._text = "—"
        self._sheet = ""
        self.tone = "muted"

    def set(self, text: str, tone: str, colors: StatusColors) -> None:
        self.tone = tone
        if text != self._text:
            self._text = text
            self.value.setText(text)
            self.setAccessibleName(f"{self._caption_text}: {text}")
            if self._template is not None and self._too_narrow_for(text):
                self._fit_figure()  # 100 hours live, say: grow once
        color = {
            "ok": colors.ok,
            "warn": colors.warn,
            "error": colors.error,
            "live": colors.live,
            "muted": colors.muted,
        }.get(tone)
        sheet = f"color: {color.name()};" if color is not None else ""
        if sheet != self._sheet:
            self._sheet = sheet  # a new style sheet re-styles and re-lays out the label
            self.value.setStyleSheet(sheet)
            self._fit_figure()

    def _too_narrow_for(self, text: str) -> bool:
        return self.value.fontMetrics().horizontalAdvance(text) > self.value.contentsRect().width()

    def _fit_figure(self) -> None:
        if self._template is None:
            return
        self.value.ensurePolished()  # its font comes from the window's style sheet
        metrics = self.value.fontMetrics()
        margin = 2 * self.value.margin() + 2
        self.value.setFixedSize(
            max(metrics.horizontalAdvance(self._template), metrics.horizontalAdvance(self._text))
            + margin,
            metrics.height(),
        )

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.StyleChange, QEvent.Type.FontChange):
            self._fit_figure()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._fit_figure()


def _live_notice(state: ViewState) -> Notice | None:
    """The profile switched while OBS streams, else the live status's problem while OBS is
    linked and read (the link's own problem is the OBS notice's, a failed start's the
    stream's notice's)."""
    switched = state.obs.profile_switched
    if switched is not None:
        return switched
    live = state.live
    # Only once OBS's side is read: before, the OBS notice and the chip say what is going on.
    if live is None or live.problem is None or not state.obs.connected or not live.obs_connected:
        return None
    stream_notice = state.notices.get(AREA_STREAM)
    if stream_notice is not None and stream_notice.message == live.problem:
        return None  # already said, with its next step, next to the button that failed
    return Notice(live.problem, "", "error")


class StatusPanel(QFrame):
    """OBS, Comprimato and the live figures of the selected stream, with a bitrate graph.

    Attributes:
        live_badge: the red LIVE label; visible only when OBS sends and Comprimato runs.
        obs_problem: why OBS is not connected, with the button that fixes it.

        elsewhere: "OBS is live with stream A", shown while OBS streams another stream
            than the selected one; ``switch_button`` selects that stream.

    Signals:
        fix_requested(str): the button of the OBS problem was pressed (a ``FIX_*`` name).
        switch_requested(str): show the stream OBS is live with (its id).
    """

    fix_requested = Signal(str)
    switch_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        title = QLabel(self.tr("Live status"))
        title.setObjectName("sectionTitle")
        self.live_badge = QLabel(self.tr("LIVE"))
        self.live_badge.setObjectName("liveBadge")
        self.live_badge.setAccessibleName(
            self.tr("Live: OBS is sending and Comprimato is receiving")
        )
        self.live_badge.setVisible(False)
        self.summary = QLabel("")
        self.summary.setObjectName("muted")
        header = QHBoxLayout()
        header.addWidget(title)
        header.addWidget(self.live_badge)
        header.addStretch(1)
        header.addWidget(self.summary)

        self.obs = _Metric("OBS")
        self.output = _Metric(self.tr("OBS output"))
        self.comprimato = _Metric(self.tr("Comprimato"))
        self.uptime = _Metric(self.tr("Uptime"), template="00:00:00")
        self.bitrate = _Metric(self.tr("Bitrate"), template="000.0 Mbps")
        self.dropped = _Metric(self.tr("Dropped frames"), template="100.0 %")
        self.congestion = _Metric(self.tr("Congestion"), template="100 %")
        self.viewers = _Metric(self.tr("Viewers"))
        self.grid = grid = QGridLayout()
        grid.setHorizontalSpacing(20)
        grid.setVerticalSpacing(12)
        self._columns = 0
        self.set_narrow(False)

        self.graph = BitrateGraph()
        self.graph.setMinimumHeight(64)
        self.graph.setAccessibleName(self.tr("Bitrate over the last minutes"))
        self.hint = QLabel("")
        self.hint.setObjectName("hint")
        self.hint.setWordWrap(True)
        self.hint.setVisible(False)
        self.obs_problem = InlineMessage()
        self.output_advice = InlineMessage()  # OBS's keyframes, with the one-click fix
        # What is wrong with the live stream now (live_problem), or a profile switched
        # while OBS streams.
        self.live_problem = InlineMessage()
        # OBS streams another stream than this one: say which, and offer to show it.
        self.elsewhere = QLabel("")
        self.elsewhere.setObjectName("hint")
        self.elsewhere.setWordWrap(True)
        self.switch_button = QPushButton("")
        self.switch_button.clicked.connect(self._switch_clicked)
        self.elsewhere_row = QWidget()
        elsewhere_layout = QHBoxLayout(self.elsewhere_row)
        elsewhere_layout.setContentsMargins(0, 0, 0, 0)
        elsewhere_layout.addWidget(self.elsewhere, 1)
        elsewhere_layout.addWidget(self.switch_button, 0)
        self.elsewhere_row.setVisible(False)
        self._switch_to: str | None = None

        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 12, 18, 12)
        layout.setSpacing(10)
        layout.addLayout(header)
        layout.addWidget(self.elsewhere_row)
        layout.addWidget(self.live_problem)
        layout.addLayout(grid)
        layout.addWidget(self.graph)  # the live status and its graph first, advice after
        layout.addWidget(self.output_advice)
        layout.addWidget(self.obs_problem)
        layout.addWidget(self.hint)
        self._last_sample_key: tuple[str, float] | None = None
        self._watched_id: str | None = None

    def set_narrow(self, narrow: bool) -> None:
        """Three metrics a row in a narrow window, four otherwise."""
        columns = 3 if narrow else 4
        if columns == self._columns:
            return
        self._columns = columns
        metrics = (
            self.obs,
            self.output,
            self.comprimato,
            self.viewers,
            self.uptime,
            self.bitrate,
            self.dropped,
            self.congestion,
        )
        for metric in metrics:
            self.grid.removeWidget(metric)
        for index, metric in enumerate(metrics):
            self.grid.addWidget(
                metric, index // columns, index % columns, Qt.AlignmentFlag.AlignTop
            )
        for column in range(4):
            self.grid.setColumnStretch(column, 1 if column < columns else 0)

    def draw_notices(self, state: ViewState) -> None:
        """OBS's problem and the output advice (each redraws only when it changes)."""
        obs = state.obs
        problem = obs.error if obs.error is not None and not obs.connected else None
        stream_notice = state.notices.get(AREA_STREAM)
        if problem is not None and stream_notice is not None and stream_notice.text == problem.text:
            problem = None  # already said next to the button that failed
        show_notice(self.obs_problem, problem, self.fix_requested.emit)
        show_notice(self.output_advice, state.notices.get(AREA_OUTPUT), self.fix_requested.emit)
        show_notice(self.live_problem, _live_notice(state))

    def update_state(self, state: ViewState) -> None:
        """Draw all of ``state``: the figures (``draw_figures``) and the notices."""
        self.draw_figures(state)
        self.draw_notices(state)

    def draw_figures(self, state: ViewState) -> None:
        """Everything but the notices (``draw_notices``)."""
        colors = colors_for(self)
        obs = state.obs
        link_text, link_tone = LINK_TEXT.get(obs.state, (obs.state, "muted"))
        link_text = QCoreApplication.translate("StatusPanel", link_text)
        if obs.connected and obs.version is not None:
            link_text = f"{link_text} · {obs.version.obs_version}"
        self.obs.set(link_text, link_tone, colors)
        hint = obs.srt_reconnect_hint if obs.connected else None
        self.hint.setText(hint or "")
        self.hint.setVisible(hint is not None)

        selected = state.selected
        selected_id = selected.stream.id if selected is not None else None
        if selected_id != self._watched_id:
            self._watched_id = selected_id
            self.graph.show_stream(selected_id)  # each stream keeps its own history
        live = state.live
        output_name = live.obs_output.name if live is not None else "STOPPED"
        text, tone = OUTPUT_TEXT.get(output_name, (output_name.title(), "muted"))
        text = QCoreApplication.translate("StatusPanel", text)
        elsewhere = state.live_elsewhere
        if not obs.connected:
            text, tone = "—", "muted"  # nothing is known of an OBS that is not linked
        elif elsewhere is not None:
            text, tone = self.tr("Busy with another stream"), "warn"
        self.output.set(text, tone, colors)
        self._show_elsewhere(elsewhere, state)

        status = (
            live.comprimato_status if live is not None and live.comprimato_status else None
        ) or (selected.stream.status if selected is not None else None)
        if status is None:
            self.comprimato.set("—", "muted", colors)
        elif live is not None and live.comprimato_stale:
            # Its last answer is too old to be news: never a green "Running" then.
            self.comprimato.set(self.tr("No answer"), "warn", colors)
        elif live is not None and live.comprimato_stopping:
            self.comprimato.set(self.tr("Stopping…"), "warn", colors)
        else:
            running = status.strip().lower() == "running"
            label = status_label(status.capitalize())
            self.comprimato.set(label, "ok" if running else "muted", colors)

        self._show_viewers(live.viewers if live is not None else None, output_name, colors)

        figures = live.figures if live is not None else None
        if figures is not None and output_name in ("LIVE", "RECONNECTING", "STOPPING"):
            self.uptime.set(format_uptime(figures.uptime_s), "ok", colors)
            kbps = figures.bitrate_kbps
            self.bitrate.set(format_bitrate(kbps) if kbps is not None else "—", "ok", colors)
            dropped_tone = (
                "error"
                if figures.dropped_percent >= 5
                else ("warn" if figures.dropped_percent >= 1 else "ok")
            )
            whole, tenths = f"{figures.dropped_percent:.1f}".split(".")
            # The decimal mark is the translator's, as in the bitrate: "0.4 %", "0,4 %".
            dropped = self.tr("{whole}.{tenths} %").format(whole=whole, tenths=tenths)
            self.dropped.set(dropped, dropped_tone, colors)
            congestion_tone = (
                "error"
                if figures.congestion >= 0.5
                else ("warn" if figures.congestion >= 0.15 else "ok")
            )
            self.congestion.set(f"{figures.congestion * 100:.0f} %", congestion_tone, colors)
            sample_key = (str(selected_id), figures.uptime_s)
            if sample_key != self._last_sample_key:
                self._last_sample_key = sample_key
                self.graph.add_sample(time.monotonic(), kbps)
        else:
            for metric in (self.uptime, self.bitrate, self.dropped, self.congestion):
                metric.set("—", "muted", colors)

        is_live = state.is_live
        self.live_badge.setVisible(is_live)
        if is_live:
            self.summary.setText(self.tr("OBS is sending and Comprimato is receiving"))
        elif elsewhere is not None:
            self.summary.setText(self.tr("OBS is live with another stream"))
        elif output_name == "LIVE" and live is not None and live.comprimato_stale:
            self.summary.setText(self.tr("OBS is sending; Comprimato's status cannot be read"))
        elif output_name == "LIVE":
            self.summary.setText(
                self.tr("OBS is sending; waiting for Comprimato to see the stream")
            )
        elif selected is None:
            self.summary.setText("")
        else:
            self.summary.setText(self.tr("Not live"))

    def _show_viewers(
        self, viewers: ViewerCheck | None, output_name: str, colors: StatusColors
    ) -> None:
        """The fourth check: can a viewer watch, and how old is the live edge."""
        if viewers is None:
            self.viewers.set("—", "muted", colors)
            self.viewers.setToolTip("")
        elif viewers.watchable:
            if viewers.delay_s is not None:
                watch = self.tr("Can watch · {seconds} s behind").format(
                    seconds=f"{viewers.delay_s:.0f}"
                )
            else:
                watch = self.tr("Can watch")
            self.viewers.set(watch, "ok", colors)
            self.viewers.setToolTip(
                self.tr("Fresh video at the live edge; the delay is how old it is.")
            )
        else:
            sending = output_name in ("LIVE", "RECONNECTING")
            self.viewers.set(
                self.tr("Cannot watch yet") if sending else self.tr("Offline"),
                "warn" if sending else "muted",
                colors,
            )
            self.viewers.setToolTip(viewers.detail)

    def _show_elsewhere(self, elsewhere: str | None, state: ViewState) -> None:
        self.elsewhere_row.setVisible(elsewhere is not None)
        if elsewhere is None:
            self._switch_to = None
            return
        held_id = state.obs.held_stream_id
        held = next((s for s in state.streams if s.stream.id == held_id), None)
        if held is not None or state.obs.holds_ours:
            # As the list names it; one it does not list (made on the command line, or
            # deleted) is still a stream of this program.
            name = display_name(held) if held is not None else elsewhere
            self.elsewhere.setText(
                self.tr("OBS is live with {name}, not with this stream.").format(name=name)
            )
        else:
            name = elsewhere
            self.elsewhere.setText(
                self.tr("OBS is live with {what}, not with a stream of this program.").format(
                    what=elsewhere
                )
            )
        self._switch_to = held_id if held is not None else None
        self.switch_button.setVisible(held is not None)
        label = self.tr("Switch to {name}").format(name=name)
        if self.switch_button.text() != label:
            self.switch_button.setText(label)
            self.switch_button.setAccessibleName(label)

    def _switch_clicked(self) -> None:
        if self._switch_to is not None:
            self.switch_requested.emit(self._switch_to)
