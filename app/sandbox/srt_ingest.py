"""The sandbox's SRT ingest: a real libsrt listener that admits publishers by streamid.

An encoder (OBS, ffmpeg) connects as an SRT caller and sends its streamer key as the SRT
``streamid``. The listener asks the :class:`IngestGate` during the handshake, so a wrong
key (1401) or a key already publishing (1409) is refused before any media flows, exactly
like a real ingest. Admitted publishers are read until the connection breaks; the gate
hears about the bytes (``media``) and, exactly once, about the end (``ended``).

Design: one daemon thread owns every socket through one ``srt_epoll`` set with a short
wait, so ``stop`` only has to set an event (blocking ``srt_accept``/``srt_recvmsg`` calls
would need the socket closed under them). The handshake callback runs on libsrt's own
thread and never lets an exception escape into C. While nobody publishes or is being
admitted, the thread sleeps on an event instead (libsrt's wait polls every few ms inside,
which costs CPU all day in an idle sandbox): an admitted handshake, a disconnect request
or ``stop`` wakes it, and an admitted caller is always accepted through the event set.

The streamid is the streamer's secret: logs show :func:`key_hint` only.
"""

from __future__ import annotations

import atexit
import ctypes
import itertools
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Final, Protocol

from . import libsrt
from .libsrt import SrtError, libsrt_problem

__all__ = ["IngestGate", "SrtError", "SrtIngest", "key_hint", "libsrt_problem"]

log = logging.getLogger(__name__)

#: How long one epoll wait may block: the upper bound on how late stop() is noticed.
_WAIT_MS: Final = 100
#: Reject reason while the ingest is shutting down (SRT_REJX_DOWN, access_control.h).
_REJECT_SHUTTING_DOWN: Final = 1503
#: A handshake admitted but never accepted for this long is checked for a dead socket.
_STALE_ADMISSION_S: Final = 5.0
_MAX_EVENTS: Final = 64


class IngestGate(Protocol):
    """Who decides which publishers may stream, and hears what they do (the registry)."""

    def admit(self, streamid: str) -> int | None:
        """None to accept (the key is then reserved); otherwise an SRT reject reason.

        1401 (SRT_REJX_UNAUTHORIZED) for an unknown key, 1409 (SRT_REJX_CONFLICT) for a key
        already publishing. Called on libsrt's thread during the handshake.
        """

    def media(self, streamid: str, nbytes: int) -> None:
        """``nbytes`` of media arrived for an admitted publisher (aggregated, ~0.2 s)."""

    def ended(self, streamid: str) -> None:
        """The admitted publisher's connection is gone; called exactly once per admit."""


#: Receives each publisher's media bytes, one call per drained socket (the HLS segmenter).
DataSink = Callable[[str, bytes], None]


def key_hint(streamid: str) -> str:
    """A log-safe hint of a streamer key: its first 4 characters at most, never the whole."""
    if len(streamid) < 12:
        return "…"
    return streamid[:4] + "…"


@dataclass
class _Publisher:
    """One accepted SRT connection and its not-yet-reported media bytes."""

    sock: int
    streamid: str = field(repr=False)  # the streamer key: a secret
    unreported: int = 0
    reported_once: bool = False
    last_report: float = 0.0


@dataclass
class _Admission:
    """A handshake the gate admitted whose socket srt_accept has not handed over yet."""

    streamid: str = field(repr=False)  # the streamer key: a secret
    since: float = field(default_factory=time.monotonic)
    disconnect_requested: bool = False


# libsrt calls one C function pointer for every listener; the opaque pointer carries a
# token that finds the SrtIngest. A module-level callback outlives every listener, so libsrt
# can never call into a freed ctypes thunk, even during a handshake racing with stop().
_listeners: dict[int, SrtIngest] = {}
_listeners_lock = threading.Lock()
_tokens = itertools.count(1)


def _on_handshake(
    opaque: int | None, ns: int, hsversion: int, peer: int | None, streamid: bytes | None
) -> int:
    """srt_listen_callback: ask the gate; 0 accepts, -1 rejects with a reason set on ``ns``."""
    try:
        with _listeners_lock:
            ingest = _listeners.get(opaque or 0)
        if ingest is None:
            return _reject(ns, _REJECT_SHUTTING_DOWN)
        return ingest._admit(ns, libsrt.decode_streamid(streamid))
    except BaseException:  # nothing may unwind into libsrt's thread
        log.exception("SRT handshake check failed; refusing the caller")
        return _reject(ns, libsrt.SRT_REJX_ISE)


def _reject(ns: int, reason: int) -> int:
    try:
        libsrt.lib().srt_setrejectreason(ns, reason)
    except BaseException:
        log.exception("Could not set the SRT reject reason")
    return -1


_HANDSHAKE_CALLBACK: Final = libsrt.LISTEN_CALLBACK(_on_handshake)


@atexit.register
def _stop_all_listeners() -> None:
    """Stop listeners left running at exit, before libsrt's threads outlive the interpreter."""
    with _listeners_lock:
        running = list(_listeners.values())
    for ingest in running:
        ingest.stop()


class SrtIngest:
    """An SRT listener whose publishers are admitted and accounted by an :class:`IngestGate`.

    Attributes:
        host: the address to listen on ("127.0.0.1", "::1", "0.0.0.0").
        port: the UDP port; after start() the bound one (port 0 picks a free port).
        peer_idle_timeout_ms: how long a silent publisher (killed, unplugged) stays
            connected before its connection is declared broken. libsrt also waits for 16
            unanswered keep-alive periods, so in practice it is never less than ~5 s.
        media_report_interval: at most one ``gate.media`` call per publisher per interval,
            seconds; the first bytes are reported at once.
        data_sink: given the media bytes themselves (``None``: they are only counted).
    """

    def __init__(
        self,
        host: str,
        port: int,
        gate: IngestGate,
        *,
        peer_idle_timeout_ms: int = 5000,
        media_report_interval: float = 0.2,
        data_sink: DataSink | None = None,
    ) -> None:
        self.host = host
        self._data_sink = data_sink
        self.port = port
        self.peer_idle_timeout_ms = peer_idle_timeout_ms
        self.media_report_interval = media_report_interval
        self._requested_port = port
        self._gate = gate
        self._lock = threading.Lock()
        self._publishers: dict[int, _Publisher] = {}
        self._admissions: dict[int, _Admission] = {}
        self._disconnected: list[str] = []  # closed by disconnect(): ended() still due
        self._closing = threading.Event()  # set under the lock by stop()
        self._running = False
        self._listener = libsrt.SRT_INVALID_SOCK
        self._epoll = -1
        self._token = 0
        self._stop_event = threading.Event()
        self._wake = threading.Event()  # set when the serving thread has work or must stop
        self._thread: threading.Thread | None = None
        self._next_sweep = 0.0

    def is_running(self) -> bool:
        """Whether the listener is up (between start() and stop())."""
        return self._running

    def __repr__(self) -> str:
        return f"SrtIngest(host={self.host!r}, port={self.port}, running={self._running})"

    # --- lifecycle -------------------------------------------------------------------------

    def start(self) -> None:
        """Bind, listen and serve in a daemon thread; returns once the port is bound.

        Raises:
            SrtError: libsrt is missing, or the address cannot be bound.
        """
        if self._running:
            return
        handle = libsrt.acquire()
        try:
            self._open_listener(handle)
        except BaseException:
            self._close_listener(handle)
            libsrt.release()
            raise
        self._closing.clear()
        self._running = True
        self._stop_event = threading.Event()
        self._wake = threading.Event()
        self._thread = threading.Thread(target=self._serve, name="srt-ingest", daemon=True)
        self._thread.start()
        log.info(
            "SRT ingest listening on %s:%d (libsrt %s)", self.host, self.port, libsrt.version()
        )

    def _open_listener(self, handle: ctypes.CDLL) -> None:
        sock = int(handle.srt_create_socket())
        if sock == libsrt.SRT_INVALID_SOCK:
            libsrt.check(libsrt.SRT_ERROR, "create a socket")
        self._listener = sock
        # Non-blocking: the serving thread waits in srt_epoll_uwait, never in a call that
        # only closing the socket would interrupt. Accepted sockets inherit these options.
        libsrt.set_int_flag(sock, libsrt.SRTO_RCVSYN, 0)
        libsrt.set_int_flag(sock, libsrt.SRTO_TRANSTYPE, libsrt.SRTT_LIVE)
        libsrt.set_int_flag(sock, libsrt.SRTO_PEERIDLETIMEO, self.peer_idle_timeout_ms)
        libsrt.bind(sock, self.host, self._requested_port)
        self.port = libsrt.bound_port(sock)
        with _listeners_lock:
            self._token = next(_tokens)
            _listeners[self._token] = self
        libsrt.check(
            handle.srt_listen_callback(sock, _HANDSHAKE_CALLBACK, self._token),
            "install the handshake check",
        )
        libsrt.check(handle.srt_listen(sock, 16), f"listen on UDP port {self.port}")
        self._epoll = libsrt.check(handle.srt_epoll_create(), "create an event set")
        events = ctypes.c_int(libsrt.SRT_EPOLL_IN | libsrt.SRT_EPOLL_ERR)
        libsrt.check(
            handle.srt_epoll_add_usock(self._epoll, sock, ctypes.byref(events)),
            "watch the listener",
        )

    def _close_listener(self, handle: ctypes.CDLL) -> None:
        with _listeners_lock:
            _listeners.pop(self._token, None)
        if self._listener != libsrt.SRT_INVALID_SOCK:
            handle.srt_close(self._listener)
            self._listener = libsrt.SRT_INVALID_SOCK
        if self._epoll >= 0:
            handle.srt_epoll_release(self._epoll)
            self._epoll = -1

    def stop(self) -> None:
        """Close every connection and the listener, join the thread; idempotent.

        ``gate.ended`` is called (on this thread) for every publisher still connected.
        """
        with self._lock:
            if not self._running:
                return
            self._closing.set()
        self._stop_event.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        handle = libsrt.lib()
        self._close_listener(handle)
        with self._lock:
            publishers = list(self._publishers.values())
            admissions = list(self._admissions.values())
            self._publishers.clear()
            self._admissions.clear()
            due = [*self._disconnected]
            self._disconnected.clear()
            self._running = False
        for publisher in publishers:
            handle.srt_close(publisher.sock)
        due += [p.streamid for p in publishers] + [a.streamid for a in admissions]
        for streamid in due:
            self._tell_ended(streamid)
        libsrt.release()
        log.info("SRT ingest on port %d stopped", self.port)

    def __enter__(self) -> SrtIngest:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def disconnect(self, streamid: str) -> None:
        """Close the publisher of ``streamid`` now (its stream was deleted); no-op if none.

        ``gate.ended`` follows on the serving thread, so a gate may call this while holding
        its own lock.
        """
        with self._lock:
            if not self._running:
                return
            for admission in self._admissions.values():
                if admission.streamid == streamid:
                    admission.disconnect_requested = True
            doomed = [p for p in self._publishers.values() if p.streamid == streamid]
            for publisher in doomed:
                del self._publishers[publisher.sock]
        for publisher in doomed:
            self._close_socket(publisher.sock)
            log.info("SRT publisher %s disconnected on request", key_hint(streamid))
        with self._lock:
            if self.is_running():  # a method call: stop() may have run since the check above
                self._disconnected.extend(p.streamid for p in doomed)
                self._wake.set()
                return
        for publisher in doomed:  # stop() ran meanwhile and no longer knew them
            self._tell_ended(publisher.streamid)

    # --- handshake (libsrt's thread) -------------------------------------------------------

    def _admit(self, ns: int, streamid: str) -> int:
        """Ask the gate about a caller; record an admitted key until srt_accept hands it over.

        libsrt may hold its own locks around this callback, so no thread ever makes a
        libsrt call while holding ``_lock`` (that could deadlock with this one).
        """
        if self._closing.is_set():
            return _reject(ns, _REJECT_SHUTTING_DOWN)
        try:
            reason = self._gate.admit(streamid)
        except Exception:
            log.exception("The ingest gate failed on a handshake; refusing the caller")
            return _reject(ns, libsrt.SRT_REJX_ISE)
        if reason is not None:
            log.info("SRT caller %s refused (%d)", key_hint(streamid), reason)
            return _reject(ns, reason)
        with self._lock:
            if not self._closing.is_set():
                self._admissions[ns] = _Admission(streamid)
                self._wake.set()  # the caller is accepted through the event set
                return 0
        self._tell_ended(streamid)  # admitted while stopping: give the reservation back
        return _reject(ns, _REJECT_SHUTTING_DOWN)

    # --- serving thread --------------------------------------------------------------------

    def _serve(self) -> None:
        handle = libsrt.lib()
        ready = (libsrt.EpollEvent * _MAX_EVENTS)()
        buffer = ctypes.create_string_buffer(libsrt.LIVE_MAX_PAYLOAD + 44)
        while not self._stop_event.is_set():
            self._wake.clear()
            # stop() sets the stop event before the wake-up: checked after the clear, a stop
            # is either seen here or wakes the wait.
            if self._idle() and not self._stop_event.is_set():
                self._wake.wait()
                continue
            try:
                count = int(handle.srt_epoll_uwait(self._epoll, ready, _MAX_EVENTS, _WAIT_MS))
                if count < 0:
                    error = libsrt.last_error()
                    if error.code != libsrt.SRT_ETIMEOUT:
                        log.warning("SRT event wait failed: %s", error.text)
                        self._stop_event.wait(_WAIT_MS / 1000)
                for event in ready[: max(0, min(count, _MAX_EVENTS))]:
                    if event.fd == self._listener:
                        self._accept_waiting(handle)
                    else:
                        self._read(handle, event.fd, buffer)
                self._housekeeping(handle)
            except Exception:  # keep serving the other publishers
                log.exception("SRT ingest loop error")
                self._stop_event.wait(_WAIT_MS / 1000)

    def _idle(self) -> bool:
        """Nothing to serve: no publisher, no admitted caller, no end still to report."""
        with self._lock:
            return not (self._publishers or self._admissions or self._disconnected)

    def _accept_waiting(self, handle: ctypes.CDLL) -> None:
        while True:
            sock = int(handle.srt_accept(self._listener, None, None))
            if sock == libsrt.SRT_INVALID_SOCK:
                return  # SRT_EASYNCRCV: none left (or the listener is closing)
            publisher: _Publisher | None = None
            with self._lock:  # one step, so disconnect() finds it as one or the other
                admission = self._admissions.pop(sock, None)
                if admission is not None and not admission.disconnect_requested:
                    publisher = self._publishers[sock] = _Publisher(sock, admission.streamid)
            if publisher is None:
                handle.srt_close(sock)  # not admitted by us (cannot happen), or deleted
                if admission is not None:
                    self._tell_ended(admission.streamid)
                continue
            events = ctypes.c_int(libsrt.SRT_EPOLL_IN | libsrt.SRT_EPOLL_ERR)
            if handle.srt_epoll_add_usock(self._epoll, sock, ctypes.byref(events)) < 0:
                self._end(publisher, "could not be watched")
                continue
            log.info("SRT publisher %s connected", key_hint(publisher.streamid))

    def _read(self, handle: ctypes.CDLL, sock: int, buffer: ctypes.Array[ctypes.c_char]) -> None:
        """Drain one ready socket; a read error other than 'nothing left' ends the publisher."""
        with self._lock:
            publisher = self._publishers.get(sock)
        if publisher is None:
            return  # closed by disconnect() meanwhile
        received = 0
        broken = False
        sink = self._data_sink
        chunks: list[bytes] = []
        while True:
            size = int(handle.srt_recvmsg(sock, buffer, len(buffer)))
            if size > 0:
                received += size
                if sink is not None:
                    chunks.append(ctypes.string_at(buffer, size))
                continue
            if size < 0:
                broken = libsrt.last_error().code != libsrt.SRT_EASYNCRCV
            else:  # 0 bytes: only a socket that is no longer connected does that
                broken = handle.srt_getsockstate(sock) != libsrt.SRTS_CONNECTED
            break
        if chunks and sink is not None:
            try:
                sink(publisher.streamid, b"".join(chunks))
            except Exception:
                log.exception("The media sink failed; the stream is still counted")
        if received:
            publisher.unreported += received
            if not publisher.reported_once:
                self._report_media(publisher, time.monotonic())
        if broken:
            self._end(publisher, "connection closed")

    def _housekeeping(self, handle: ctypes.CDLL) -> None:
        now = time.monotonic()
        with self._lock:
            due = [*self._disconnected]
            self._disconnected.clear()
            publishers = list(self._publishers.values())
        for streamid in due:
            self._tell_ended(streamid)
        for publisher in publishers:
            if publisher.unreported and now - publisher.last_report >= self.media_report_interval:
                self._report_media(publisher, now)
        if now >= self._next_sweep:
            self._next_sweep = now + 1.0
            self._sweep_admissions(handle, now)

    def _sweep_admissions(self, handle: ctypes.CDLL, now: float) -> None:
        """Give back keys whose handshake was admitted but whose socket died before accept."""
        with self._lock:
            old = [
                (sock, admission)
                for sock, admission in self._admissions.items()
                if now - admission.since > _STALE_ADMISSION_S
            ]
        dead = [(s, a) for s, a in old if handle.srt_getsockstate(s) >= libsrt.SRTS_BROKEN]
        with self._lock:
            dead = [(s, a) for s, a in dead if self._admissions.get(s) is a]
            for sock, _ in dead:
                del self._admissions[sock]
        for _, admission in dead:
            self._tell_ended(admission.streamid)

    def _report_media(self, publisher: _Publisher, now: float) -> None:
        nbytes, publisher.unreported = publisher.unreported, 0
        publisher.reported_once = True
        publisher.last_report = now
        try:
            self._gate.media(publisher.streamid, nbytes)
        except Exception:
            log.exception("The ingest gate failed on media")

    def _end(self, publisher: _Publisher, why: str) -> None:
        """Close a publisher found broken on the serving thread; ended() exactly once."""
        with self._lock:
            if self._publishers.get(publisher.sock) is not publisher:
                return  # disconnect() or stop() took it
            del self._publishers[publisher.sock]
        self._close_socket(publisher.sock)
        if publisher.unreported:
            self._report_media(publisher, time.monotonic())
        log.info("SRT publisher %s %s", key_hint(publisher.streamid), why)
        self._tell_ended(publisher.streamid)

    def _close_socket(self, sock: int) -> None:
        """Stop watching and close one connection (never under ``_lock``)."""
        handle = libsrt.lib()
        if self._epoll >= 0:
            handle.srt_epoll_remove_usock(self._epoll, sock)
        handle.srt_close(sock)

    def _tell_ended(self, streamid: str) -> None:
        try:
            self._gate.ended(streamid)
        except Exception:
            log.exception("The ingest gate failed on a publisher's end")
