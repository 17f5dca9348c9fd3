"""``comprimato-companion --self-test``: proof that this installation works, in seconds.

Run from a source checkout or inside an installed bundle, it exercises the parts a bundle
can lose (a Qt plugin, a resource file, a library loaded by name): it opens the main window
offscreen on the in-process sandbox, creates a stream through the API the way the
"Create stream" button does, renders the stream's QR code, and checks that settings, the
stream list and the keyring are usable. Each check prints one line with its time; the exit
status is 0 when all passed, 1 otherwise, with one line per failure at the end.

It never touches the user's own things: settings and the stream list live in a temporary
folder for the run, OBS is not contacted, and the keyring is only asked whether it works.
A missing keyring is a warning, not a failure: the product then keeps secrets in memory.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import socket
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from .. import APP_NAME, __version__
from ..errors import CompanionError, ExitCode

if TYPE_CHECKING:
    from PySide6.QtGui import QImage
    from PySide6.QtWidgets import QApplication

    from ..comprimato.models import Stream
    from ..golive.session import CompanionSession
    from .main_window import MainWindow

#: Longest wait for the window to be painted and for the session to become ready.
WINDOW_TIMEOUT = 20.0
#: Longest wait for the stream to be created through the sandbox's API.
CREATE_TIMEOUT = 15.0
#: The QR image the check renders, pixels a side.
QR_SIZE = 512


class CheckWarning(Exception):
    """A check that passed with a caveat the user should know (no keyring, no libsrt)."""


class CheckFailed(Exception):
    """A check found the installation broken; the message says what is missing."""


@dataclass(frozen=True)
class CheckOutcome:
    """One check's result.

    Attributes:
        name: what was checked, as printed.
        status: "ok", "warning" or "failed".
        detail: what was found (a version, a backend) or why it failed; one line.
        seconds: how long the check took.
    """

    name: str
    status: str
    detail: str
    seconds: float


def _marks(stream: TextIO) -> dict[str, str]:
    """✓/⚠/✗ where the terminal can print them, plain words where it cannot (cp1252)."""
    encoding = getattr(stream, "encoding", None) or "ascii"
    try:
        "✓⚠✗".encode(encoding)
    except (LookupError, UnicodeEncodeError):
        return {"ok": "[ok]", "warning": "[warn]", "failed": "[FAIL]"}
    return {"ok": "✓", "warning": "⚠", "failed": "✗"}


def _one_line(error: BaseException) -> str:
    """An exception as one line without a traceback; CompanionErrors carry their own words."""
    if isinstance(error, CompanionError | CheckFailed | CheckWarning):
        text = str(error)
    else:
        text = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
    return " ".join(text.split())


class SelfTestRun:
    """Runs checks one by one, timing each and printing its line as soon as it ends.

    Attributes:
        outcomes: every check's outcome so far, in order.
    """

    def __init__(self, out: TextIO) -> None:
        self._out = out
        self._marks = _marks(out)
        self.outcomes: list[CheckOutcome] = []

    def _record(self, name: str, status: str, detail: str, started: float) -> CheckOutcome:
        outcome = CheckOutcome(name, status, detail, time.perf_counter() - started)
        self.outcomes.append(outcome)
        suffix = f": {detail}" if detail else ""
        print(
            f"{self._marks[status]} {name}{suffix} ({outcome.seconds:.2f} s)",
            file=self._out,
            flush=True,
        )
        return outcome

    async def check(self, name: str, body: Callable[[], Awaitable[str]]) -> CheckOutcome:
        """Run ``body``; its return value is the detail printed after the check's name."""
        started = time.perf_counter()
        try:
            detail = await body()
        except CheckWarning as warning:
            return self._record(name, "warning", _one_line(warning), started)
        except Exception as error:
            return self._record(name, "failed", _one_line(error), started)
        return self._record(name, "ok", detail, started)

    def skip(self, name: str, reason: str) -> CheckOutcome:
        """A check that could not run because an earlier one failed (counts as failed)."""
        return self._record(name, "failed", f"not run: {reason}", time.perf_counter())

    @property
    def failures(self) -> list[CheckOutcome]:
        return [outcome for outcome in self.outcomes if outcome.status == "failed"]


# --- the checks ------------------------------------------------------------------------


def _closed_port() -> int:
    """A local TCP port nothing listens on (bound, then released), to keep OBS out."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


async def _until(condition: Callable[[], bool], limit: float, what: str) -> None:
    """Wait on the event loop until ``condition`` holds, or fail saying ``what`` stalled."""
    deadline = time.monotonic() + limit
    while not condition():
        if time.monotonic() > deadline:
            raise CheckFailed(f"{what} did not happen within {limit:.0f} s")
        await asyncio.sleep(0.02)


def image_is_qr_like(image: QImage) -> str | None:
    """Why ``image`` cannot be a QR code, or ``None`` when it plausibly is one.

    No decoder ships in the bundle; instead the image must be square, black on white, with
    a white quiet zone around a symbol whose dark share and row transitions look like a QR
    code's (finder patterns alone give many transitions in the top rows).
    """
    if image.isNull():
        return "the image is empty"
    width, height = image.width(), image.height()
    if width != height or width < 64:
        return f"the image is {width}x{height}, not a square of at least 64 px"
    step = max(1, width // 128)
    dark = total = 0
    for y in range(0, height, step):
        for x in range(0, width, step):
            total += 1
            if image.pixelColor(x, y).lightness() < 128:
                dark += 1
    share = dark / total
    if not 0.15 <= share <= 0.6:
        return f"{share:.0%} of the image is dark; a QR code is about a third to a half"
    border = width // 50
    for x, y in ((border, border), (width - 1 - border, height - 1 - border)):
        if image.pixelColor(x, y).lightness() < 128:
            return "the quiet zone around the code is not white"
    row = height // 4  # crosses the two upper finder patterns
    colors = [image.pixelColor(x, row).lightness() < 128 for x in range(width)]
    transitions = sum(1 for a, b in itertools.pairwise(colors) if a != b)
    if transitions < 10:
        return f"a row of the code changes colour only {transitions} times"
    return None


def desktop_platforms() -> list[str]:
    """The on-screen platform plugins this Qt can load: the window needs one of them.

    The self-test itself runs offscreen, so a bundle that lost them would pass otherwise.
    """
    from PySide6.QtCore import QLibraryInfo

    folder = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath)) / "platforms"
    stems = {p.name.split(".")[0].removeprefix("lib") for p in folder.glob("*")}
    wanted = {"qxcb": "xcb", "qwayland": "wayland", "qwindows": "windows", "qcocoa": "cocoa"}
    return [name for stem, name in wanted.items() if stem in stems]


class _Checks:
    """The self-test's checks, sharing the app, the window's session and the new stream."""

    def __init__(self, app: QApplication, folder: Path, run: SelfTestRun) -> None:
        self.app = app
        self.folder = folder
        self.run = run
        self.session: CompanionSession | None = None
        self.stream: Stream | None = None
        self.player_link: str | None = None
        self.window_shown: MainWindow | None = None

    async def qt(self) -> str:
        from PySide6.QtCore import qVersion
        from PySide6.QtGui import QImageReader

        formats = {bytes(f.data()).decode() for f in QImageReader.supportedImageFormats()}
        if "svg" not in formats:
            raise CheckFailed("Qt's SVG image format plugin is missing")
        desktops = desktop_platforms()
        if not desktops:
            raise CheckFailed("no desktop platform plugin (xcb, wayland, windows, cocoa) found")
        return (
            f"Qt {qVersion()} on the {self.app.platformName()} platform; "
            f"desktop platforms: {', '.join(desktops)}"
        )

    async def resources(self) -> str:
        from PySide6.QtCore import QSize

        from .icons import app_icon, icons_dir

        icon = app_icon()
        image = icon.pixmap(QSize(64, 64)).toImage()
        if icon.isNull() or image.isNull():
            raise CheckFailed(f"the app icon is missing from {icons_dir()}")
        if image.pixelColor(32, 32).alpha() == 0:
            raise CheckFailed("the app icon renders empty")
        player = await asyncio.to_thread(_player_script_problem)
        if player is not None:
            raise CheckFailed(player)
        return f"app icon from {icons_dir()}; the sandbox player's hls.js and its licence"

    async def licences(self) -> str:
        """The program's GPL text and every third-party component's licence text."""
        return await asyncio.to_thread(_licence_problem_or_summary)

    async def window(self) -> str:
        """The main window on the sandbox, painted, its session started."""
        from ..golive.session import CompanionSession
        from ..storage.settings import Settings, SettingsFile
        from ..storage.stream_store import StreamStore
        from .main_window import MainWindow

        settings_file = SettingsFile(self.folder / "window" / "settings.json")
        # OBS stays out of the test: no automatic sending, and an address nothing serves.
        settings_file.save(Settings(send_to_obs_automatically=False, welcome_done=True))
        env = {**os.environ, "OBS_WEBSOCKET_URL": f"obsws://127.0.0.1:{_closed_port()}"}
        session = CompanionSession(
            sandbox=True,
            settings_file=settings_file,
            store=StreamStore(self.folder / "window" / "streams.json"),
            env=env,
        )
        self.session = session
        window = MainWindow(session)
        self.window_shown = window
        window.show()
        await _until(lambda: window.has_painted, WINDOW_TIMEOUT, "the window's first paint")
        await _until(lambda: session.state.ready, WINDOW_TIMEOUT, "the session's start")
        sandbox = session.sandbox
        if sandbox is None:
            raise CheckFailed("the window did not start the sandbox")
        ingest = sandbox.ingest_url or f"SRT ingest off: {sandbox.ingest_problem}"
        detail = f"{window.width()}x{window.height()}, sandbox API {sandbox.api_url}, {ingest}"
        if sandbox.ingest_url is None:
            raise CheckWarning(detail)
        return detail

    async def create_stream(self) -> str:
        """The window's "Create stream" action, as Ctrl+N triggers it."""
        from ..golive.view_state import AREA_CREATE

        window, session = self.window_shown, self.session
        actions = window.menu_actions if window is not None else None
        if window is None or session is None or actions is None:
            raise CheckFailed("no window to create the stream from")
        await _until(actions.create_action.isEnabled, WINDOW_TIMEOUT, "Create stream enabled")
        actions.create_action.trigger()

        def created_or_failed() -> bool:
            return session.state.selected is not None or AREA_CREATE in session.state.notices

        await _until(created_or_failed, CREATE_TIMEOUT, "creating the stream")
        selected = session.state.selected
        if selected is None:
            notice = session.state.notices[AREA_CREATE]
            raise CheckFailed(f"{notice.message} {notice.next_step}".strip())
        self.stream = selected.stream
        self.player_link = session.state.player_link(selected)
        if not self.player_link:
            raise CheckFailed("the new stream has no player link")
        return f"stream {selected.stream.id}, status {selected.stream.status}"

    async def qr_code(self) -> str:
        """The window's own QR code shows the player link and renders as a QR code."""
        window, link = self.window_shown, self.player_link
        if window is None or window.stream_view is None or link is None:
            raise CheckFailed("no stream view with a player link")
        qr = window.stream_view.qr
        await _until(lambda: qr.text() == link, WINDOW_TIMEOUT, "the QR code showing the link")
        image = qr.to_image(QR_SIZE)
        problem = image_is_qr_like(image)
        if problem is not None:
            raise CheckFailed(problem)
        return f"{image.width()} px image of {link}"

    async def settings(self) -> str:
        from ..storage.settings import Settings, SettingsFile

        path = self.folder / "settings" / "settings.json"
        wanted = Settings(
            player_url_template="https://example.com/self-test/{player_key}",
            obs_port=4460,
            start_streaming_on_send=True,
        )
        await asyncio.to_thread(SettingsFile(path).save, wanted)
        reread = SettingsFile(path)
        got = await asyncio.to_thread(reread.load)
        if got != wanted or reread.notice:
            raise CheckFailed(f"settings written to {path} read back differently")
        return f"written and read back in {path.parent}"

    async def store(self) -> str:
        from ..comprimato.models import parse_stream
        from ..storage.stream_store import StreamStore

        path = self.folder / "store" / "streams.json"
        stream = self.stream or parse_stream(
            {"id": "self-test", "streamer_key": "sk", "player_key": "pk", "status": "Stopped"}
        )
        await asyncio.to_thread(StreamStore(path).add, stream, "http://127.0.0.1/v1", "self-test")
        loaded = await asyncio.to_thread(StreamStore(path).load)
        if [entry.stream.id for entry in loaded] != [stream.id]:
            raise CheckFailed(f"the stream added to {path} did not load back")
        return f"stream added and loaded back in {path.parent}"

    async def keyring(self) -> str:
        from ..storage.secrets import SecretStore

        status = await SecretStore().astatus()
        if not status.available:
            raise CheckWarning(
                f"{status.backend or 'no backend'}: {status.problem or 'not available'}"
            )
        return status.backend

    async def close(self) -> None:
        """Close the window and its session (which stops the sandbox)."""
        window = self.window_shown
        if window is not None:
            window.hide()
            if window.tray is not None:
                window.tray.hide()
        if self.session is not None:
            await self.session.close()
        if window is not None:
            window.deleteLater()


async def _run_checks(app: QApplication, folder: Path, run: SelfTestRun) -> None:
    checks = _Checks(app, folder, run)
    try:
        await run.check("Qt starts", checks.qt)
        await run.check("Bundled icons", checks.resources)
        await run.check("Licence texts", checks.licences)
        window = await run.check("Main window opens on the sandbox", checks.window)
        if window.status == "failed":
            run.skip("Stream created through the API", "the window did not open")
            run.skip("QR code of the player link", "there is no stream")
        else:
            created = await run.check("Stream created through the API", checks.create_stream)
            if created.status == "failed":
                run.skip("QR code of the player link", "there is no stream")
            else:
                await run.check("QR code of the player link", checks.qr_code)
        await run.check("Settings saved and read back", checks.settings)
        await run.check("Stream list saved and read back", checks.store)
        await run.check("Keyring", checks.keyring)
    finally:
        await checks.close()


@contextmanager
def _private_folders() -> Iterator[Path]:
    """A temporary home for the run's settings and streams; the user's stay untouched."""
    from ..storage.paths import CONFIG_DIR_ENV, DATA_DIR_ENV

    saved = {name: os.environ.get(name) for name in (CONFIG_DIR_ENV, DATA_DIR_ENV)}
    with tempfile.TemporaryDirectory(prefix="comprimato-self-test-") as folder:
        os.environ[CONFIG_DIR_ENV] = str(Path(folder) / "config")
        os.environ[DATA_DIR_ENV] = str(Path(folder) / "data")
        try:
            yield Path(folder)
        finally:
            for name, value in saved.items():
                if value is None:
                    os.environ.pop(name, None)
                else:
                    os.environ[name] = value


def _platform_forced(argv: list[str]) -> bool:
    return bool(os.environ.get("QT_QPA_PLATFORM")) or "-platform" in argv


def run_self_test(args: argparse.Namespace, out: TextIO | None = None) -> int:
    """Run every check and return the exit status (0 all passed, 1 something failed).

    The window opens offscreen unless a platform is forced (``QT_QPA_PLATFORM`` or
    ``-platform``), so the test runs on machines without a screen and never flashes a
    window on one that has it.
    """
    out = out or sys.stdout
    if not _platform_forced(sys.argv):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    # The offscreen platform reports missing font and window-manager features: not faults.
    os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.*=false")
    print(f"{APP_NAME} {__version__} self-test ({_where_from()})", file=out, flush=True)
    started = time.perf_counter()
    run = SelfTestRun(out)

    from . import make_application
    from .event_loop import close_event_loop, new_event_loop

    app = make_application()
    loop = new_event_loop(app)
    try:
        with _private_folders() as folder:
            loop.run_until_complete(_run_checks(app, folder, run))
    finally:
        close_event_loop(loop)

    failures = run.failures
    total = time.perf_counter() - started
    if not failures:
        warned = sum(1 for outcome in run.outcomes if outcome.status == "warning")
        note = f", {warned} with a warning" if warned else ""
        print(f"All {len(run.outcomes)} checks passed{note} in {total:.1f} s.", file=out)
        return ExitCode.OK
    print(f"{len(failures)} of {len(run.outcomes)} checks failed in {total:.1f} s:", file=out)
    for outcome in failures:
        print(f"self-test failed: {outcome.name}: {outcome.detail}", file=sys.stderr)
    return ExitCode.OTHER


def _where_from() -> str:
    bundle = getattr(sys, "_MEIPASS", None)
    return f"bundle in {bundle}" if bundle else f"source in {Path(__file__).parents[2]}"


def _licence_problem_or_summary() -> str:
    """What the licence check prints; raises CheckFailed naming what is missing."""
    from ..licence import LICENCE
    from ..resource_paths import resources_dir
    from ..third_party import own_licence, problems

    resources = resources_dir()
    own = own_licence(resources)
    if own is None or "GNU GENERAL PUBLIC LICENSE" not in own:
        raise CheckFailed(f"the program's own licence text ({LICENCE}) is missing")
    count, missing = problems(resources)
    if missing:
        shown = ", ".join(missing[:5]) + (f" and {len(missing) - 5} more" if len(missing) > 5
                                          else "")
        raise CheckFailed(f"licence texts missing: {shown}")
    return f"{LICENCE} and the texts of {count} third-party components"


def _player_script_problem() -> str | None:
    """Why the sandbox player's hls.js (or its licence) is not shipped intact, if it is not."""
    import hashlib

    from ..sandbox.player_assets import (
        HLS_JS_SHA256,
        LICENSE_FILE,
        hls_js,
        player_resources_dir,
    )

    script = hls_js()
    if script is None:
        return f"hls.js is missing from {player_resources_dir()}"
    if hashlib.sha256(script).hexdigest() != HLS_JS_SHA256:
        return "hls.js differs from the version packed from the npm registry"
    if not (player_resources_dir() / LICENSE_FILE).is_file():
        return f"hls.js's licence is missing from {player_resources_dir()}"
    return None
