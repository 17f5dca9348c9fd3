"""The local Comprimato: its REST API, SRT ingest and player page, in background threads.

Anyone can try the whole flow without an account, and the tests talk to a real server
over real sockets. Threads only, no asyncio: the same sandbox runs in the foreground of
``comprimato-companion sandbox`` and inside the window's process next to Qt.

Usage::

    with Sandbox() as sandbox:
        print(sandbox.api_url, sandbox.api_key, sandbox.ingest_url)
"""

from __future__ import annotations

import logging
import secrets
import threading
from types import TracebackType
from typing import TYPE_CHECKING

from ..comprimato.models import Stream
from ..errors import CompanionError
from ..i18n import translate
from ..loopback import is_loopback
from .faults import FaultPlan
from .http_api import SandboxHttpServer
from .registry import StreamRegistry

if TYPE_CHECKING:
    from .hls_live import HlsLive
    from .saved_state import SandboxStateFile
    from .srt_ingest import SrtIngest

__all__ = ["Sandbox", "SandboxError", "is_loopback"]

log = logging.getLogger(__name__)


class SandboxError(CompanionError):
    """The sandbox cannot start (its address is taken or cannot be used)."""

    def __init__(self, message: str, next_step: str = "") -> None:
        super().__init__(message, next_step)


def _url_host(host: str) -> str:
    """The host as it goes in a URL: a wildcard becomes loopback, IPv6 gets brackets."""
    if host in ("", "0.0.0.0"):  # noqa: S104 - mapping the wildcard, not binding to it
        return "127.0.0.1"
    if host == "::":
        return "[::1]"
    return f"[{host}]" if ":" in host else host


class Sandbox:
    """The local Comprimato; ``start`` serves in background threads, ``stop`` ends them.

    Args:
        host: the address both servers listen on; loopback by default. Another address
            exposes the sandbox (and its API key is weak protection): a warning is logged.
        port: the HTTP port; 0 picks a free one.
        srt_port: the SRT ingest's UDP port; 0 picks a free one.
        api_key: the key clients must send; a random one when not given.
        stopped_grace: seconds between a publisher leaving and ``Stopped``.
        ingest: ``False`` serves the API only (no SRT ingest, nothing to play).
        lan: also serve the player page and HLS (nothing else, read-only) to the local
            network: ``"auto"`` finds this computer's LAN address, or give the address.
            ``None`` (the default) keeps everything on ``host``.
        lan_port: the LAN server's TCP port; 0 picks a free one.
        state_file: where the sandbox keeps its streams, API key and ports across restarts
            (``app.sandbox.saved_state``); ``None`` (the default) keeps them in memory. With
            one, ``port``/``srt_port`` 0 try the saved ports first, and a missing
            ``api_key`` is the saved one.
        saved_port_first: with a ``state_file``, try the saved HTTP port before ``port``
            too (the window's sandbox: its links carry the port they were made on).

    Attributes (valid after ``start``):
        api_url: ``http://HOST:PORT/v1``.
        ingest_url: ``srt://HOST:PORT``, ``None`` when the ingest is off.
        ingest_problem: why the ingest is off, one sentence; ``None`` when it runs.
        player_url_template: the link to share, ``http://HOST:PORT/play/{player_key}``;
            on the LAN address when ``lan`` is on.
        local_player_url_template: the same page on ``host`` (this computer).
        lan_address: the LAN server's address, ``None`` when LAN mode is off.
        registry: the streams. faults: fault injection and request counts.
        hls: the HLS made from the ingest (``None`` while the ingest is off).
        saved_notice: why the streams are not kept across restarts, or what of the saved
            file was set aside; ``None`` when all is well (always without a ``state_file``).
    """

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        srt_port: int = 0,
        api_key: str | None = None,
        stopped_grace: float = 3.0,
        ingest: bool = True,
        lan: str | None = None,
        lan_port: int = 0,
        state_file: SandboxStateFile | None = None,
        saved_port_first: bool = False,
    ) -> None:
        self.host = host
        self._saved_port_first = saved_port_first
        self.lan = lan
        self.lan_port = lan_port
        self.lan_address: str | None = None
        self.lan_problem: CompanionError | None = None  # set by the window's sandbox mode
        self.hls: HlsLive | None = None
        self._lan_http: SandboxHttpServer | None = None
        self._lan_thread: threading.Thread | None = None
        self.port = port
        self.srt_port = srt_port
        self.api_key = api_key or secrets.token_urlsafe(24)
        self._api_key_given = bool(api_key)
        self.state_file = state_file
        self._save_lock = threading.Lock()
        self._saved_srt_port = self._saved_lan_port = 0
        self.registry = StreamRegistry(stopped_grace=stopped_grace)
        self.faults = FaultPlan()
        self.ingest_url: str | None = None
        self.ingest_problem: str | None = None if ingest else "the SRT ingest was turned off"
        self._want_ingest = ingest
        self._http: SandboxHttpServer | None = None
        self._http_thread: threading.Thread | None = None
        self._ingest: SrtIngest | None = None
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        state = self.api_url if self._http else "not started"
        return f"Sandbox({state})"

    @property
    def running(self) -> bool:
        return self._http is not None

    @property
    def api_url(self) -> str:
        return f"{self._base_url()}/v1"

    @property
    def player_url_template(self) -> str:
        if self._lan_http is not None and self.lan_address is not None:
            return f"http://{_url_host(self.lan_address)}:{self._lan_http.port}/play/{{player_key}}"
        return self.local_player_url_template

    @property
    def local_player_url_template(self) -> str:
        return f"{self._base_url()}/play/{{player_key}}"

    @property
    def api_address(self) -> tuple[str, int]:
        """Where the API server is bound (host, port), as the socket reports it."""
        if self._http is None:
            raise RuntimeError("the sandbox is not started")
        return str(self._http.server_address[0]), self._http.port

    @property
    def lan_server_address(self) -> tuple[str, int] | None:
        """Where the LAN player server is bound, ``None`` when LAN mode is off."""
        if self._lan_http is None:
            return None
        return str(self._lan_http.server_address[0]), self._lan_http.port

    def _base_url(self) -> str:
        if self._http is None:
            raise RuntimeError("the sandbox is not started")
        return f"http://{_url_host(self.host)}:{self._http.port}"

    def request_count(self, method: str = "*", path_prefix: str = "/") -> int:
        """Requests served so far matching the method (or ``"*"``) and path prefix."""
        return self.faults.request_count(method, path_prefix)

    # --- lifecycle ----------------------------------------------------------------------

    def start(self) -> None:
        """Bind both servers and serve in daemon threads; returns at once.

        Raises:
            SandboxError: the HTTP address cannot be bound. An ingest that cannot start
                does not stop the API: ``ingest_problem`` says why.
        """
        with self._lock:
            if self._http is not None:
                return
            if not is_loopback(self.host):
                log.warning(
                    "The sandbox listens on %s: other computers can reach it. Use it on a "
                    "network you trust.", self.host
                )
            saved_port = self._take_saved_state()
            if self._want_ingest:
                from .hls_live import HlsLive

                self.hls = HlsLive(self.registry)
            try:
                try:
                    server = self._http_server(saved_port or self.port)
                except OSError:
                    if not saved_port:
                        raise
                    server = self._http_server(self.port)  # taken now: the port asked for
            except OSError as error:
                if self.state_file is not None:
                    self.state_file.release()
                raise SandboxError(
                    translate(
                        "Sandbox", "The sandbox cannot listen on {host} port {port} ({reason})."
                    ).format(host=self.host, port=self.port, reason=error.strerror or error),
                    translate(
                        "Sandbox",
                        "Choose another port (0 picks a free one), or stop what is using it.",
                    ),
                ) from error
            self._http = server
            self._http_thread = threading.Thread(
                target=server.serve_forever,
                name="sandbox-http",
                daemon=True,
            )
            self._http_thread.start()
            if self.lan is not None:
                try:
                    self._start_lan(self.lan)
                except SandboxError:
                    self._stop_servers(server, self._http_thread)
                    self._http = self._http_thread = None
                    if self.state_file is not None:
                        self.state_file.release()
                    raise
            if self._want_ingest:
                self._start_ingest()
            if self.state_file is not None:
                self.registry.on_change = self._save
                self._save()  # the key and ports of this run, for the next one
            log.info("Sandbox API at %s; SRT ingest %s", self.api_url,
                     self.ingest_url or f"off ({self.ingest_problem})")
            if self.lan_address is not None:
                log.warning(
                    "The sandbox's player pages and video are open to the local network at "
                    "%s (read-only; the API stays on %s).",
                    self.player_url_template.replace("{player_key}", "…"), self.host,
                )

    def _http_server(self, port: int) -> SandboxHttpServer:
        return SandboxHttpServer(
            (self.host, port),
            registry=self.registry,
            faults=self.faults,
            api_key=self.api_key,
            on_delete=self._disconnect_publisher,
            hls=self.hls,
        )

    def _take_saved_state(self) -> int:
        """Claim the state file: its streams and key come back; returns the saved HTTP port
        to try first (0: none, or a port was asked for)."""
        self._saved_srt_port = self._saved_lan_port = 0
        if self.state_file is None:
            return 0
        state = self.state_file.claim()
        self.registry.restore(state.streams)
        if state.api_key and not self._api_key_given:
            self.api_key = state.api_key
        self._saved_srt_port = state.srt_port if self.srt_port == 0 else 0
        self._saved_lan_port = state.lan_port if self.lan_port == 0 else 0
        return state.port if self.port == 0 or self._saved_port_first else 0

    def _save(self) -> None:
        """Write the streams, key and ports (under a lock: the newest state is the last)."""
        state_file = self.state_file
        http, ingest, lan = self._http, self._ingest, self._lan_http
        if state_file is None or http is None:
            return
        from .saved_state import SandboxState

        with self._save_lock:
            state_file.save(SandboxState(
                api_key=self.api_key,
                port=http.port,
                srt_port=ingest.port if ingest is not None else self._saved_srt_port,
                lan_port=lan.port if lan is not None else self._saved_lan_port,
                streams=tuple(self.registry.saved()),
            ))

    @property
    def saved_notice(self) -> str | None:
        return self.state_file.notice if self.state_file is not None else None

    def share_on_lan(self, lan: str | None) -> None:
        """Start, move or stop the LAN player server while the sandbox runs.

        ``lan`` as in the constructor (``"auto"``, an address, or ``None`` to stop sharing).

        Raises:
            SandboxError: no usable LAN address, or it cannot be bound; sharing is then off.
        """
        with self._lock:
            server, thread = self._lan_http, self._lan_thread
            self._lan_http = self._lan_thread = None
            self.lan_address = None
            self.lan = lan
            self._stop_servers(server, thread)
            if lan is not None and self._http is not None:
                self._start_lan(lan)
                self._save()

    def _start_lan(self, lan: str) -> None:
        """The read-only player server on the LAN address."""
        from .lan import is_public, lan_address, usable_lan_address

        address = lan_address() if lan == "auto" else lan
        if address is None:
            raise SandboxError(
                translate(
                    "Sandbox",
                    "This computer has no address on a local network to share the player on.",
                ),
                translate(
                    "Sandbox",
                    "Connect to the network (Wi-Fi or cable) and try again, or give the address "
                    "to use, such as {example}.",
                ).format(example="--lan 192.168.1.20"),
            )
        if not usable_lan_address(address):
            raise SandboxError(
                translate("Sandbox", "{address} is not an address a phone could reach.").format(
                    address=address
                ),
                translate(
                    "Sandbox",
                    "Give this computer's address on your Wi-Fi or wired network, such as "
                    "{example}, or {option} alone to find it.",
                ).format(example="--lan 192.168.1.20", option="--lan"),
            )
        if is_public(address):
            raise SandboxError(
                translate(
                    "Sandbox",
                    "{address} is a public Internet address: anyone online could watch your "
                    "streams there, so the player is not shared on it.",
                ).format(address=address),
                translate(
                    "Sandbox",
                    "Share on this computer's address in your home or office network, such as "
                    "{example}.",
                ).format(example="--lan 192.168.1.20"),
            )
        def player_server(port: int) -> SandboxHttpServer:
            return SandboxHttpServer(
                (address, port),
                registry=self.registry,
                faults=FaultPlan(),
                api_key=self.api_key,
                on_delete=self._disconnect_publisher,
                hls=self.hls,
                player_only=True,
            )

        try:
            try:  # the port of the last run first: the QR codes on phones carry it
                server = player_server(self._saved_lan_port or self.lan_port)
            except OSError:
                if not self._saved_lan_port:
                    raise
                server = player_server(self.lan_port)
        except OSError as error:
            raise SandboxError(
                translate(
                    "Sandbox", "The player cannot be shared on {address} port {port} ({reason})."
                ).format(address=address, port=self.lan_port, reason=error.strerror or error),
                translate(
                    "Sandbox",
                    "Check that this address belongs to this computer, or choose another port.",
                ),
            ) from error
        self._lan_http = server
        self.lan_address = address
        if self.state_file is not None:
            self._saved_lan_port = server.port  # kept for the next share and the next start
        self._lan_thread = threading.Thread(
            target=server.serve_forever, name="sandbox-lan-http", daemon=True
        )
        self._lan_thread.start()

    def _start_ingest(self) -> None:
        """Start the SRT ingest, or record why it cannot run (the API keeps serving)."""
        try:
            from .srt_ingest import SrtIngest, libsrt_problem
        except ImportError as error:  # a broken install: serve the API anyway
            self.ingest_problem = translate(
                "Sandbox", "the SRT ingest module cannot be loaded ({reason})"
            ).format(reason=error)
            return
        problem = libsrt_problem()
        if problem is not None:
            self.ingest_problem = problem
            return
        gate = self.hls if self.hls is not None else self.registry
        sink = self.hls.data if self.hls is not None else None
        ingest = SrtIngest(self.host, self._saved_srt_port or self.srt_port, gate, data_sink=sink)
        try:
            try:
                ingest.start()
            except (CompanionError, OSError):
                if not self._saved_srt_port:
                    raise
                ingest = SrtIngest(self.host, self.srt_port, gate, data_sink=sink)
                ingest.start()  # the saved port is taken now: the one asked for
        except (CompanionError, OSError) as error:
            self.ingest_problem = translate(
                "Sandbox", "the SRT ingest could not start: {reason}"
            ).format(reason=error)
            log.warning("Sandbox SRT ingest is off: %s", self.ingest_problem)
            return
        self._ingest = ingest
        self.ingest_url = f"srt://{_url_host(self.host)}:{ingest.port}"
        self.ingest_problem = None

    def stop(self) -> None:
        """Stop serving: disconnect publishers, close connections, join threads (idempotent)."""
        with self._lock:
            server, thread, ingest = self._http, self._http_thread, self._ingest
            lan_server, lan_thread = self._lan_http, self._lan_thread
            self._http = self._http_thread = self._ingest = None
            self._lan_http = self._lan_thread = None
            self.lan_address = None
        self.registry.close()
        if ingest is not None:
            ingest.stop()
        self._stop_servers(lan_server, lan_thread)
        self._stop_servers(server, thread)
        if self.state_file is not None:
            self.registry.on_change = None
            self.state_file.release()

    @staticmethod
    def _stop_servers(server: SandboxHttpServer | None, thread: threading.Thread | None) -> None:
        if server is not None:
            server.close_connections()
            server.shutdown()
            server.server_close()
        if thread is not None:
            thread.join(timeout=5)

    def __enter__(self) -> Sandbox:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def _disconnect_publisher(self, stream: Stream) -> None:
        """A deleted stream's publisher is cut off, as Comprimato does."""
        ingest = self._ingest
        if ingest is not None:
            ingest.disconnect(stream.streamer_key)
        if self.hls is not None:
            self.hls.forget(stream.player_key)
