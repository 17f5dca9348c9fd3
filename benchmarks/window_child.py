"""The app's window, in this process, driven through the session API for measurements.

Run by the benchmark parent as ``python -m benchmarks.window_child MODE [options]``; it
prints one JSON object on its last stdout line. The window is the real one
(``make_application`` + ``MainWindow`` + ``CompanionSession`` on a qasync loop, offscreen),
so what is measured is what a user runs; nothing in the app is changed for it.

Modes:
    footprint: sandbox mode, OBS at ``--obs-url``; one stream created and shown, idle RSS;
        then live (OBS streaming, figures updating) and the process's CPU over
        ``--cpu-seconds``.
    responsiveness: the lateness of a 1 ms Qt timer, first on a bare window (baseline),
        then in the app while the API answers in 2 s, and while OBS is unreachable.
    scale: real mode with the store prepared by the parent: first paint, list loaded,
        filter times.
    click: real mode (the parent's environment names the HTTPS stand-in, its CA and OBS);
        once the window is usable, ``--runs`` + 1 real clicks on Create stream, each
        delivered by the qasync loop, timed until OBS holds the new stream's key.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import gc
import json
import os
import socket
import sys
import time
from collections.abc import Callable
from typing import Any


def srt_thread_ticks() -> int | None:
    """CPU clock ticks used so far by libsrt's own threads (named ``SRT:...`` by libsrt:
    its receive and send queues and garbage collector) in this process; None off Linux."""
    try:
        tasks = os.listdir("/proc/self/task")
    except OSError:
        return None
    total = 0
    for task in tasks:
        try:
            with open(f"/proc/self/task/{task}/comm", encoding="utf-8") as comm:
                if not comm.read().startswith("SRT:"):
                    continue
            with open(f"/proc/self/task/{task}/stat", encoding="ascii") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue  # the thread ended meanwhile
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total


def rss_mib() -> float:
    """This process's resident memory (VmRSS), MiB."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


async def until(condition: Callable[[], bool], within: float, what: str) -> None:
    deadline = time.monotonic() + within
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out waiting for {what}")
        await asyncio.sleep(0.01)


class LagProbe:
    """A 1 ms precise Qt timer; each gap between ticks beyond 1 ms is how late the loop was.

    Attributes:
        gaps: lateness of each tick in ms while recording.
    """

    def __init__(self) -> None:
        from PySide6.QtCore import Qt, QTimer

        self.gaps: list[float] = []
        self._recording = False
        self._last = 0.0
        self._timer = QTimer()
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(1)
        self._timer.timeout.connect(self._tick)
        self._timer.start()

    def _tick(self) -> None:
        now = time.perf_counter()
        if self._recording:
            self.gaps.append(max(0.0, (now - self._last) * 1000 - 1.0))
        self._last = now

    def record(self) -> None:
        self.gaps = []
        self._last = time.perf_counter()
        self._recording = True

    def pause(self) -> list[float]:
        self._recording = False
        return self.gaps

    def stop(self) -> None:
        self._timer.stop()


def summary(gaps: list[float]) -> dict[str, float]:
    ordered = sorted(gaps) or [0.0]
    p99 = ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))]
    return {"p99_ms": p99, "max_ms": ordered[-1], "ticks": float(len(gaps))}


def build(sandbox: bool, env: dict[str, str] | None = None) -> tuple[Any, Any, Any, Any]:
    """QApplication, qasync loop, session and window, wired as ``run_window`` wires them."""
    from comprimato_companion.window import make_application

    app = make_application()  # first, as the app does: it drops PySide's import hook
    import qasync

    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    from comprimato_companion.golive.session import CompanionSession
    from comprimato_companion.window.main_window import MainWindow

    session = CompanionSession(sandbox=sandbox, env=env)
    window = MainWindow(session)
    return app, loop, session, window


def run_then_close(loop: Any, session: Any, scenario: Any, timeout: float) -> None:
    """Run the scenario, then close the session, in ONE run of the loop (as the app does:
    qasync steps leftover tasks outside a running loop between two runs)."""

    async def both() -> None:
        try:
            await asyncio.wait_for(scenario, timeout)
        finally:
            await asyncio.wait_for(session.close(), 15)

    loop.run_until_complete(both())


# --- footprint ----------------------------------------------------------------------------


def footprint(args: argparse.Namespace) -> dict[str, Any]:
    env = {**os.environ, "OBS_WEBSOCKET_URL": args.obs_url}
    _app, loop, session, window = build(sandbox=True, env=env)
    window.show()
    result: dict[str, Any] = {}

    async def scenario() -> None:
        await until(lambda: session.state.ready and session.state.obs.connected, 30,
                    "the session and OBS")
        await session.create_stream()
        await until(lambda: session.state.live is not None, 10, "the stream's status")
        await asyncio.sleep(args.settle)
        gc.collect()
        await asyncio.sleep(0.5)
        result["rss_idle_mib"] = rss_mib()
        await session.go_live()
        await until(lambda: session.state.live is not None
                    and session.state.live.figures is not None, 15, "live figures")
        await asyncio.sleep(2.0)  # warm-up: graph filled, timers running
        cpu0, wall0, srt0 = time.process_time(), time.perf_counter(), srt_thread_ticks()
        updates = 0

        def count(_state: Any) -> None:
            nonlocal updates
            updates += 1

        unsubscribe = session.add_observer(count)
        await asyncio.sleep(args.cpu_seconds)
        unsubscribe()
        cpu1, wall1, srt1 = time.process_time(), time.perf_counter(), srt_thread_ticks()
        result["cpu_live_percent"] = (cpu1 - cpu0) / (wall1 - wall0) * 100
        if srt0 is not None and srt1 is not None:
            srt_seconds = (srt1 - srt0) / os.sysconf("SC_CLK_TCK")
            result["cpu_live_srt_percent"] = srt_seconds / (wall1 - wall0) * 100
        result["live_seconds"] = wall1 - wall0
        result["state_updates"] = updates
        result["rss_live_mib"] = rss_mib()
        await session.stop()

    run_then_close(loop, session, scenario(), args.cpu_seconds + 90)
    return result


# --- responsiveness -----------------------------------------------------------------------


def responsiveness(args: argparse.Namespace) -> dict[str, Any]:
    import qasync
    from PySide6.QtWidgets import QApplication, QLabel

    app = QApplication(sys.argv[:1])
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    result: dict[str, Any] = {}
    probe = LagProbe()

    # Baseline: the same loop and probe with one bare label and nothing else going on.
    label = QLabel("baseline")
    label.show()

    async def baseline() -> None:
        await asyncio.sleep(0.5)
        probe.record()
        await asyncio.sleep(args.phase_seconds)
        result["baseline"] = summary(probe.pause())

    loop.run_until_complete(baseline())
    label.hide()

    from comprimato_companion.golive.session import CompanionSession
    from comprimato_companion.storage.settings import Settings
    from comprimato_companion.window import make_application
    from comprimato_companion.window.main_window import MainWindow

    make_application()  # names, icon, theme on the same QApplication
    session = CompanionSession(sandbox=True, env={
        k: v for k, v in os.environ.items() if k != "OBS_WEBSOCKET_URL"})
    window = MainWindow(session)
    window.show()
    silent = socket.socket()  # accepts TCP connections (backlog) but never speaks
    silent.bind(("127.0.0.1", 0))
    silent.listen(16)

    async def obs_at(port: int) -> None:
        settings: Settings = session.state.settings
        await session.update_settings(
            dataclasses.replace(settings, obs_host="127.0.0.1", obs_port=port)
        )

    async def scenario() -> None:
        await until(lambda: session.state.ready, 30, "the session")
        await obs_at(args.obs_port)
        await until(lambda: session.state.obs.connected, 15, "the fake OBS")
        await session.create_stream()
        sandbox = session.sandbox
        assert sandbox is not None

        # The API answers every request in 2 s: create (twice), status polling, refresh.
        sandbox.faults.latency("*", "/v1/", 2.0, times=None)
        probe.record()
        started = time.perf_counter()
        await session.create_stream()
        await session.create_stream()
        with_refresh = asyncio.ensure_future(session.refresh())
        await session.send_to_obs()
        await with_refresh
        await asyncio.sleep(max(0.0, args.phase_seconds - (time.perf_counter() - started)))
        result["slow_api"] = summary(probe.pause())
        result["slow_api"]["seconds"] = time.perf_counter() - started
        sandbox.faults.clear()

        # OBS unreachable: refused, then a port that accepts but never answers (the
        # websocket handshake waits for its timeout); actions that need OBS are tried.
        probe.record()
        started = time.perf_counter()
        await obs_at(args.closed_port)
        failures = 0
        for _ in range(2):
            try:
                await session.send_to_obs()
            except Exception:
                failures += 1
        await obs_at(silent.getsockname()[1])
        try:
            await session.go_live()
        except Exception:
            failures += 1
        await asyncio.sleep(max(0.0, args.phase_seconds - (time.perf_counter() - started)))
        result["obs_unreachable"] = summary(probe.pause())
        result["obs_unreachable"]["seconds"] = time.perf_counter() - started
        result["obs_unreachable"]["failed_actions"] = failures

    try:
        run_then_close(loop, session, scenario(), 4 * args.phase_seconds + 90)
    finally:
        probe.stop()
        silent.close()
    return result


# --- scale --------------------------------------------------------------------------------


def scale(args: argparse.Namespace) -> dict[str, Any]:
    spawned = args.spawned
    _app, loop, session, window = build(sandbox=False)
    marks: dict[str, float] = {}
    expected = args.streams

    def painted() -> None:
        marks.setdefault("first_paint", time.time())

    def rows_changed() -> None:
        if window.stream_list.model.rowCount() >= expected:
            marks.setdefault("list_loaded", time.time())

    window.first_painted.connect(painted)
    window.stream_list.model.modelReset.connect(rows_changed)
    window.show()
    result: dict[str, Any] = {}

    async def scenario() -> None:
        await until(lambda: "list_loaded" in marks, 60, "10,000 rows in the list")
        await until(lambda: session.state.ready, 30, "the session")
        result["first_paint_s"] = marks["first_paint"] - spawned
        result["list_load_ms"] = (marks["list_loaded"] - marks["first_paint"]) * 1000
        await asyncio.sleep(0.3)
        edit = window.stream_list.filter_edit
        view = window.stream_list.view
        timings: list[float] = []
        filter_only: list[float] = []
        shown: list[int] = []
        for _round in range(args.filter_rounds):
            # Typing a name letter by letter, then clearing it: one re-filter per keystroke.
            for text in ("s", "st", "str", "stre", "strea", "stream 4", "stream 42",
                         "stream 421", "", "9f", ""):
                # The keystroke re-filters the proxy synchronously; the list is then laid
                # out and painted synchronously too (a nested processEvents would re-enter
                # qasync's loop).
                started = time.perf_counter()
                edit.setText(text)
                filtered = time.perf_counter()
                view.doItemsLayout()
                view.viewport().repaint()
                timings.append((time.perf_counter() - started) * 1000)
                filter_only.append((filtered - started) * 1000)
                await asyncio.sleep(0.02)
                shown.append(window.stream_list.proxy.rowCount())
        ordered = sorted(timings)
        result["filter_median_ms"] = ordered[len(ordered) // 2]
        result["filter_max_ms"] = ordered[-1]
        result["filter_runs"] = len(timings)
        result["filter_only_median_ms"] = sorted(filter_only)[len(filter_only) // 2]
        result["rows"] = window.stream_list.model.rowCount()
        result["rows_matching_stream_42"] = min(shown)

    run_then_close(loop, session, scenario(), 120)
    return result


# --- click to OBS ---------------------------------------------------------------------------


def click(args: argparse.Namespace) -> dict[str, Any]:
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtTest import QTest

    _app, loop, session, window = build(sandbox=False, env=dict(os.environ))
    usable: list[bool] = []
    window.usable.connect(lambda: usable.append(True))
    window.show()
    result: dict[str, Any] = {}

    async def scenario() -> None:
        await until(lambda: bool(usable), 60, "a usable window")
        if not session.state.obs.connected:
            raise RuntimeError("the window is usable but not linked to OBS")
        times: list[float] = []
        for index in range(args.runs + 1):  # the first backs up the user's OBS settings
            before = session.state.obs.held_stream_id
            held: asyncio.Future[float] = loop.create_future()

            def check(state: Any, before: Any = before, held: Any = held) -> None:
                holds = state.obs.held_stream_id
                if holds is not None and holds != before and not held.done():
                    held.set_result(time.perf_counter())

            unsubscribe = session.add_observer(check)
            clicked_at: list[float] = []

            def press(button: Any = window.create_button, clicked_at: Any = clicked_at) -> None:
                clicked_at.append(time.perf_counter())
                QTest.mouseClick(button, Qt.MouseButton.LeftButton)

            QTimer.singleShot(0, press)  # the click arrives through the running loop
            try:
                done_at = await asyncio.wait_for(held, 30)
            finally:
                unsubscribe()
            if index:
                times.append((done_at - clicked_at[0]) * 1000)
            await asyncio.sleep(0.3)  # the new stream's first status reads settle
        result["click_ms"] = times
        result["stream_id"] = session.state.obs.held_stream_id
        result["selected_id"] = (session.state.selected.stream.id
                                 if session.state.selected is not None else None)

    run_then_close(loop, session, scenario(), 120 + 5 * args.runs)
    return result


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=("footprint", "responsiveness", "scale", "click"))
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--obs-url", default="")
    parser.add_argument("--obs-port", type=int, default=0)
    parser.add_argument("--closed-port", type=int, default=0)
    parser.add_argument("--cpu-seconds", type=float, default=60.0)
    parser.add_argument("--settle", type=float, default=3.0)
    parser.add_argument("--phase-seconds", type=float, default=6.0)
    parser.add_argument("--spawned", type=float, default=0.0)
    parser.add_argument("--streams", type=int, default=10_000)
    parser.add_argument("--filter-rounds", type=int, default=3)
    args = parser.parse_args()
    measure = {"footprint": footprint, "responsiveness": responsiveness, "scale": scale,
               "click": click}
    result = measure[args.mode](args)
    print(json.dumps(result), flush=True)
    sys.stdout.flush()
    os._exit(0)  # skip interpreter teardown: Qt objects of the window are not the point


if __name__ == "__main__":
    raise SystemExit(main())
