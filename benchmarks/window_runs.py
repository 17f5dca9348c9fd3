"""2, 4 and 5: the window in a child process, OBS faked in this one (its CPU is not counted).

The fake obs-websocket 5 server of the test suite plays OBS: a real websocket with the real
handshake, streaming with a byte counter that grows, so the app's live figures update.
"""

from __future__ import annotations

import json
import time
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any

from benchmarks.common import Row, closed_port, isolated_env, median, run_child, temp_home

if TYPE_CHECKING:
    from benchmarks.peers import Keyring

RSS_TARGET_MIB = 90.0
#: Seconds the app runs idle before its memory is read from outside.
OUTSIDE_SETTLE_S = 6.0
CPU_TARGET_PERCENT = 1.0
STALL_P99_MS = 16.0
STALL_MAX_MS = 50.0
LIST_LOAD_MS = 200.0
FILTER_MS = 16.0
#: Streams given a name in the big store (each rename rewrites the whole file).
NAMED = 5


def _child(mode: str, env: dict[str, str], *options: str, timeout: float) -> dict[str, Any]:
    out = run_child(["-m", "benchmarks.window_child", mode, *options], env, timeout)
    result: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    return result


def footprint(cpu_seconds: float, runs: int) -> list[Row]:
    from tests.support.fake_obs import FakeObs

    rss: list[float] = []
    cpu: list[float] = []
    srt: list[float] = []
    notes: list[str] = []
    for _ in range(runs):
        fake = FakeObs(password="bench-obs-password").start()
        try:
            env = isolated_env(temp_home("footprint"))
            result = _child("footprint", env, "--obs-url", fake.url,
                            "--cpu-seconds", str(cpu_seconds), timeout=cpu_seconds + 150)
        finally:
            fake.stop()
        rss.append(result["rss_idle_mib"])
        cpu.append(result["cpu_live_percent"])
        if "cpu_live_srt_percent" in result:
            srt.append(result["cpu_live_srt_percent"])
        notes.append(f"{result['state_updates']} updates")
    idle = median(rss)
    busy = median(cpu)
    rows = [
        Row("Memory (RSS), idle, one stream shown", idle, None, "MiB",
            f"<= {RSS_TARGET_MIB:.0f} MiB", idle <= RSS_TARGET_MIB,
            f"median of {runs}; in-process sandbox included"),
        Row(f"CPU while live, figures updating ({cpu_seconds:.0f} s)", busy, None, "%",
            f"<= {CPU_TARGET_PERCENT:.0f} % of one core", busy <= CPU_TARGET_PERCENT,
            f"median of {runs}; all threads of the app process (window, sandbox, OBS link); "
            f"fake OBS streaming; {', '.join(notes)}"),
    ]
    if srt:
        own = busy - median(srt)
        rows.append(
            Row(f"CPU while live, without the sandbox's SRT receiver ({cpu_seconds:.0f} s)", own,
                None, "%", f"<= {CPU_TARGET_PERCENT:.0f} % of one core",
                own <= CPU_TARGET_PERCENT,
                f"as above, less libsrt's own threads (SRT:RcvQ, SRT:SndQ, SRT:GC, read from "
                f"/proc): {median(srt):.2f} % for a listener with nobody sending; a user of a "
                "real Comprimato runs no sandbox")
        )
    return rows


def _rss_from_outside(pid: int) -> tuple[float, float, float]:
    """A process's resident memory (VmRSS) as ``ps`` sees it, and its two parts: private
    (RssAnon, the program's own) and file pages (RssFile, mostly the Qt libraries), MiB."""
    found: dict[str, float] = {}
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        for line in status:
            name, _, rest = line.partition(":")
            if name in ("VmRSS", "RssAnon", "RssFile"):
                found[name] = int(rest.split()[0]) / 1024
    if "VmRSS" not in found:
        raise RuntimeError(f"no VmRSS for process {pid}")
    return found["VmRSS"], found.get("RssAnon", 0.0), found.get("RssFile", 0.0)


def memory_from_outside(runs: int, keyring: Keyring | None = None) -> list[Row]:
    """The real program (``python -m comprimato_companion --sandbox``), OBS linked, idle: RSS read
    from
    /proc by this process, as a user's task manager reads it. With ``keyring``, the app
    uses it as the system's keyring (its modules and D-Bus session count)."""
    import subprocess

    from benchmarks.common import PYTHON, REPO
    from benchmarks.startup import with_keyring
    from tests.support.fake_obs import FakeObs

    values: list[float] = []
    private: list[float] = []
    files: list[float] = []
    for _ in range(runs):
        fake = FakeObs(password="bench-obs-password").start()
        env = with_keyring(isolated_env(temp_home("outside"), OBS_WEBSOCKET_URL=fake.url),
                           keyring)
        child = subprocess.Popen([PYTHON, "-m", "comprimato_companion",
                                  "--sandbox"], env=env, cwd=REPO,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            deadline = time.monotonic() + 60
            while fake.identified_sessions < 2:  # the request and the event connections
                if time.monotonic() > deadline or child.poll() is not None:
                    raise RuntimeError("the app did not link to OBS")
                time.sleep(0.1)
            time.sleep(OUTSIDE_SETTLE_S)  # idle is what is measured: let start-up settle
            rss, anon, file_pages = _rss_from_outside(child.pid)
            values.append(rss)
            private.append(anon)
            files.append(file_pages)
        finally:
            child.terminate()
            child.wait(30)
            fake.stop()
    value = median(values)
    return [Row("Memory (RSS) from outside, sandbox mode, OBS linked, idle", value, None, "MiB",
                f"<= {RSS_TARGET_MIB:.0f} MiB", value <= RSS_TARGET_MIB,
                f"median of {runs}; `python -m comprimato_companion --sandbox` read from "
                f"/proc/PID/status "
                f"{OUTSIDE_SETTLE_S:.0f} s after linking to OBS (fake obs-websocket server); "
                + (f"keyring: {keyring.what}" if keyring is not None
                   else "keyring backend: none")
                + f"; of it {median(private):.1f} MiB private (RssAnon) and "
                f"{median(files):.1f} MiB file pages (RssFile: the Qt libraries' pages this "
                "process maps; more of them in a freshly installed venv, whose files the "
                "page cache still holds whole, than in a long-used one)"),
            Row("Memory private (RssAnon) from outside, same moment", median(private), None,
                "MiB", "-", None, "informational: the program's own memory, which does not "
                "depend on the page cache")]


def responsiveness(phase_seconds: float, runs: int) -> list[Row]:
    from tests.support.fake_obs import FakeObs

    phases: dict[str, list[dict[str, float]]] = {"baseline": [], "slow_api": [],
                                                  "obs_unreachable": []}
    for _ in range(runs):
        fake = FakeObs(password=None).start()
        try:
            env = isolated_env(temp_home("lag"))
            result = _child("responsiveness", env, "--obs-port", str(fake.port),
                            "--closed-port", str(closed_port()),
                            "--phase-seconds", str(phase_seconds),
                            timeout=4 * phase_seconds + 150)
        finally:
            fake.stop()
        for name in phases:
            phases[name].append(result[name])
    base = phases["baseline"]
    base_p99 = median([r["p99_ms"] for r in base])
    base_max = max(r["max_ms"] for r in base)
    rows: list[Row] = []
    for name, title in (("slow_api", "API answering in 2 s"),
                        ("obs_unreachable", "OBS unreachable")):
        p99 = median([r["p99_ms"] for r in phases[name]])
        worst = max(r["max_ms"] for r in phases[name])
        rows.append(Row(f"Event-loop stall p99, {title}", p99, base_p99, "ms",
                        f"<= {STALL_P99_MS:.0f} ms", p99 <= STALL_P99_MS,
                        f"1 ms Qt timer lateness; median of {runs} runs of {phase_seconds:.0f} s;"
                        " baseline: bare label, same loop"))
        rows.append(Row(f"Event-loop stall max, {title}", worst, base_max, "ms",
                        f"<= {STALL_MAX_MS:.0f} ms", worst <= STALL_MAX_MS,
                        f"the longest stall of all {runs} runs (worst run, not a median); "
                        "baseline: the bare label's longest"))
    return rows


def make_big_store(home: Path, api_url: str, count: int = 10_000, renames: int = NAMED
                   ) -> float:
    """A store of ``count`` streams for ``api_url`` in ``home``'s data folder, and settings.

    Returns the median seconds one change (a rename) took on the full store (0 without
    ``renames``).
    """
    from comprimato_companion.comprimato.models import Stream
    from comprimato_companion.storage.settings import Settings, SettingsFile
    from comprimato_companion.storage.stream_store import StreamStore

    data = home / ".local" / "share" / "comprimato-companion"
    config = home / ".config" / "comprimato-companion"
    streams = [
        Stream(id=str(uuid.uuid4()), streamer_key=str(uuid.uuid4()),
               player_key=uuid.uuid4().hex[:12], status="Stopped")
        for _ in range(count)
    ]
    StreamStore(data / "streams.json").merge_remote(api_url, streams)
    SettingsFile(config / "settings.json").save(Settings(api_url=api_url, welcome_done=True))
    store = StreamStore(data / "streams.json")
    took: list[float] = []
    for index, stored in enumerate(store.streams()[:renames]):
        started = time.perf_counter()
        store.rename(stored.stream.id, f"Stream {index + 420}")
        took.append(time.perf_counter() - started)
    return median(took) if took else 0.0


def scale(home: Path, api_url: str, runs: int) -> list[Row]:
    first: list[float] = []
    loads: list[float] = []
    filter_median: list[float] = []
    filter_max: list[float] = []
    for _ in range(runs):
        env = isolated_env(home, COMPRIMATO_API_URL=api_url, COMPRIMATO_API_KEY="bench-api-key")
        result = _child("scale", env, "--spawned", repr(time.time()), timeout=180)
        if result["rows"] < 10_000:
            raise RuntimeError(f"the list shows {result['rows']} rows, not 10,000")
        first.append(result["first_paint_s"])
        loads.append(result["list_load_ms"])
        filter_median.append(result["filter_median_ms"])
        filter_max.append(result["filter_max_ms"])
    load = median(loads)
    typed = median(filter_median)
    worst = median(filter_max)
    return [
        Row("10,000 streams: list loaded after first paint", load, None, "ms",
            f"<= {LIST_LOAD_MS:.0f} ms", load <= LIST_LOAD_MS,
            f"median of {runs}; store read off the GUI thread, model filled"),
        Row("10,000 streams: filter, per keystroke (median)", typed, None, "ms",
            f"<= {FILTER_MS:.0f} ms", typed <= FILTER_MS,
            "setText + layout + repaint, 11 keystrokes x 3 rounds per run"),
        Row("10,000 streams: filter, slowest keystroke", worst, None, "ms",
            f"<= {FILTER_MS:.0f} ms", worst <= FILTER_MS, f"median of {runs} runs' maxima"),
    ]
