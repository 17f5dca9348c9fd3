"""Debian's Chromium, headless, driven over the DevTools protocol (a few lines over websockets).

Started with the flags a closed network needs (no background connections, no sync, no
component updates, no QUIC) and a new empty profile, so the only traffic it makes is the
page the test opens. ``Chromium.evaluate`` runs JavaScript in the page and returns its
value; ``Chromium.screenshot`` saves a PNG of the viewport.

Fixture:
    chromium: a started browser for one test, stopped afterwards.
"""

from __future__ import annotations

import base64
import contextlib
import itertools
import json
import os
import shutil
import subprocess
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from websockets.sync.client import ClientConnection
from websockets.sync.client import connect as ws_connect

from tests.support.real_obs import stop_process_group, wait_until

#: Flags for a machine whose network refuses everything but the pages under test.
QUIET_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-features=Translate,MediaRouter,OptimizationHints",
    "--autoplay-policy=no-user-gesture-required",
    "--mute-audio",
)


def chromium_binary() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


def require_chromium() -> str:
    """Skip where Chromium is not installed, except in CI, where that is a failure."""
    path = chromium_binary()
    if path is not None:
        return path
    reason = "Chromium is not installed (Debian: apt-get install chromium)"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI must run the browser tests, but {reason}")
    pytest.skip(reason)


class PageScriptError(RuntimeError):
    """A script evaluated in the page threw."""


class Chromium:
    """One headless Chromium with one page, and a DevTools connection to that page.

    Args:
        binary: the browser executable.
        width, height: the window (and so the viewport) size in CSS pixels.
        scale: device pixels per CSS pixel (a phone's screen is 3).
    """

    def __init__(self, binary: str, *, width: int = 390, height: int = 844,
                 scale: float = 1.0) -> None:
        self.profile = Path(tempfile.mkdtemp(prefix="chromium-profile-"))
        self.width, self.height, self.scale = width, height, scale
        self._ids = itertools.count(1)
        self._process = subprocess.Popen(
            [binary, *QUIET_FLAGS, f"--user-data-dir={self.profile}",
             "--remote-debugging-port=0", "--remote-debugging-address=127.0.0.1",
             f"--window-size={width},{height}", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        self._stack = contextlib.ExitStack()
        try:
            self._attach()
        except BaseException:
            self.close()
            raise

    def _attach(self) -> None:
        port_file = self.profile / "DevToolsActivePort"
        wait_until(lambda: port_file.exists() and port_file.read_text().count("\n") >= 1,
                   30, what="Chromium's DevTools port")
        port = int(port_file.read_text().splitlines()[0])
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=5) as r:
            pages = [t for t in json.load(r) if t.get("type") == "page"]
        self._ws: ClientConnection = self._stack.enter_context(ws_connect(
            pages[0]["webSocketDebuggerUrl"], max_size=64 * 1024 * 1024, proxy=None,
            open_timeout=10,
        ))
        self.send("Page.enable")
        self.send("Emulation.setDeviceMetricsOverride", width=self.width, height=self.height,
                  deviceScaleFactor=self.scale, mobile=self.scale > 1)

    def send(self, method: str, timeout: float = 15.0, **params: Any) -> dict[str, Any]:
        """One DevTools command; returns its result (events in between are dropped)."""
        command_id = next(self._ids)
        self._ws.send(json.dumps({"id": command_id, "method": method, "params": params}))
        deadline = time.monotonic() + timeout
        while True:
            message = json.loads(self._ws.recv(timeout=max(0.1, deadline - time.monotonic())))
            if message.get("id") == command_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                result: dict[str, Any] = message.get("result", {})
                return result

    def open(self, url: str) -> None:
        self.send("Page.navigate", url=url)

    def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression in the page (promises are awaited)."""
        result = self.send("Runtime.evaluate", expression=expression, returnByValue=True,
                           awaitPromise=True)
        if "exceptionDetails" in result:
            raise PageScriptError(f"page script failed: {result['exceptionDetails']}")
        return result["result"].get("value")

    def wait_for(self, expression: str, timeout: float, what: str) -> Any:
        """Evaluate until the expression is truthy (a throw counts as not yet); its value."""
        found: list[Any] = []

        def holds() -> bool:
            try:
                value = self.evaluate(expression)
            except PageScriptError:  # the page is still loading (no body yet)
                return False
            if value:
                found.append(value)
            return bool(value)

        wait_until(holds, timeout, interval=0.25, what=what)
        return found[0]

    def screenshot(self, path: Path) -> None:
        data = self.send("Page.captureScreenshot", format="png")["data"]
        path.write_bytes(base64.b64decode(data))

    def close(self) -> None:
        try:
            self._stack.close()
        finally:
            stop_process_group(self._process, grace=5.0)
            shutil.rmtree(self.profile, ignore_errors=True)


@pytest.fixture
def chromium() -> Iterator[Chromium]:
    browser = Chromium(require_chromium())
    try:
        yield browser
    finally:
        browser.close()
