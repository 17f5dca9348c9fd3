"""The machine a benchmark ran on, in words: numbers mean little without it."""

from __future__ import annotations

import os
import platform
import shutil
import subprocess
import sys
from pathlib import Path


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _memory_gib() -> str:
    try:
        for line in Path("/proc/meminfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("MemTotal:"):
                return f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    return "unknown"


def _os_name() -> str:
    try:
        for line in Path("/etc/os-release").read_text(encoding="utf-8").splitlines():
            if line.startswith("PRETTY_NAME="):
                return line.split("=", 1)[1].strip('"')
    except OSError:
        pass
    return platform.platform()


def _obs_version() -> str:
    if shutil.which("obs") is None:
        return "not installed"
    try:
        done = subprocess.run(["obs", "--version"], capture_output=True, text=True, timeout=20,
                              check=False)
    except (OSError, subprocess.TimeoutExpired):
        return "unknown"
    return done.stdout.strip().splitlines()[-1] if done.stdout.strip() else "unknown"


def describe() -> list[tuple[str, str]]:
    """(what, value) pairs: CPU, cores, memory, OS, kernel, Python, Qt, PySide6, OBS."""
    import PySide6
    from PySide6.QtCore import qVersion

    return [
        ("CPU", _cpu_model()),
        ("Cores", str(os.cpu_count())),
        ("Memory", _memory_gib()),
        ("OS", f"{_os_name()} (kernel {platform.release()})"),
        ("Python", sys.version.split()[0]),
        ("Qt", f"{qVersion()} (PySide6 {PySide6.__version__})"),
        ("OBS", _obs_version()),
        ("Qt platform", "offscreen (QT_QPA_PLATFORM=offscreen); OBS itself under Xvfb"),
        ("Load average at start", " ".join(f"{x:.2f}" for x in os.getloadavg())),
    ]
