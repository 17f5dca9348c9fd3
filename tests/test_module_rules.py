"""The package's own rules for its modules: small files, one door to obsws-python, and
one reader of OBS's stream status besides the link."""

from __future__ import annotations

import ast
from pathlib import Path

APP = Path(__file__).resolve().parent.parent / "app"
MAX_LINES = 800
#: The coordinator and the window's frame stay small (issue 18 asks for 550 each): the
#: session's rules that involve OBS and those of the account (mode, secrets, settings) are
#: parts it holds (``session_obs.py``, ``session_account.py``); what is left is its own
#: (start and close, the list, create, the watch, and the delegates of the parts' actions).
SMALLER = {"golive/session.py": 550, "window/main_window.py": 550}


def test_no_module_is_over_the_line_limit() -> None:
    too_long = {
        str(path.relative_to(APP)): lines
        for path in APP.rglob("*.py")
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert too_long == {}


def test_the_coordinator_and_the_window_frame_stay_small() -> None:
    sizes = {
        module: len((APP / module).read_text(encoding="utf-8").splitlines()) for module in SMALLER
    }
    assert {m: n for m, n in sizes.items() if n > SMALLER[m]} == {}


def test_only_the_link_imports_obsws_python() -> None:
    importers = set()
    for path in APP.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            if any(name.split(".")[0] == "obsws_python" for name in names):
                importers.add(str(path.relative_to(APP)))
    assert importers == {"obs/link.py"}


def test_only_the_link_and_the_observer_read_obss_stream_status() -> None:
    """The observer owns OBS's output state (``ObsPicture`` decides whether OBS sends);
    every other check reads it through ``ObsObserver.read_output``."""
    readers = set()
    for path in APP.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "get_stream_status"
            ):
                readers.add(str(path.relative_to(APP)))
    assert readers == {"obs/link.py", "obs/observer.py"}
