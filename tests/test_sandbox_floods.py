"""The sandbox under floods, on loopback: bounded memory, and the API keeps answering.

The sandbox runs in a child process with a desktop's usual limit of 1,024 open files, so
its memory and CPU time are its own and read from ``/proc``. Next to its API server runs a
second, player-only server, the class the LAN sharing uses, here on loopback. The floods are
bounded in count and time and end with the test:

* many requests for unknown, 1-kB paths (a LAN client, or a web page sending no-cors GETs
  to the predictable in-app port): the sandbox's memory must not grow with them;
* many half-open connections (a request begun, never ended), to the player server and to the
  API itself: the loopback API must keep answering, and the accept loop must not spin;
* as many connections as a server keeps, each sending huge unfinished headers: the
  sandbox's memory must not grow with them.

Each test prints its figures (``-s`` shows them): memory growth and API answer times.
"""

from __future__ import annotations

import contextlib
import logging
import os
import secrets
import select
import selectors
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass

import httpx
import pytest

from comprimato_companion.sandbox.faults import MAX_COUNTED_PATHS, FaultPlan
from comprimato_companion.sandbox.http_api import SandboxHttpServer
from comprimato_companion.sandbox.registry import StreamRegistry

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="reads the child's /proc")

_CHILD = r"""
import resource, sys, threading
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (min(int(sys.argv[2]), hard), hard))
from comprimato_companion.sandbox import Sandbox
from comprimato_companion.sandbox.faults import FaultPlan
from comprimato_companion.sandbox.http_api import SandboxHttpServer
sandbox = Sandbox(api_key=sys.argv[1], ingest=False)
sandbox.start()
player = SandboxHttpServer(
    ("127.0.0.1", 0), registry=sandbox.registry, faults=FaultPlan(), api_key=sandbox.api_key,
    on_delete=lambda stream: None, player_only=True,
)
threading.Thread(target=player.serve_forever, daemon=True).start()
print(sandbox.api_address[1], player.port, flush=True)
sys.stdin.read()
"""

#: Enough requests to show growth clearly (about 20 MiB of paths before the fix).
PATH_FLOOD = 20_000
#: More half-open connections than the child's 1,024 files.
HALF_OPEN = 1_500
#: As many connections as a server keeps open at once.
HUGE_HEADER_CONNECTIONS = 128


@dataclass
class Child:
    process: subprocess.Popen[str]
    api_port: int
    player_port: int
    api_key: str

    def rss_mib(self) -> float:
        with open(f"/proc/{self.process.pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
        raise AssertionError("no VmRSS")

    def open_files(self) -> int:
        return len(os.listdir(f"/proc/{self.process.pid}/fd"))

    def settle(self, within: float = 30.0, quiet: float = 2.0) -> None:
        """Wait until the child's open files stop changing (for ``quiet`` s), at most ``within``."""
        deadline = time.monotonic() + within
        last, since = self.open_files(), time.monotonic()
        while time.monotonic() < deadline and time.monotonic() - since < quiet:
            time.sleep(0.05)  # /proc has no event to wait on
            now = self.open_files()
            if now != last:
                last, since = now, time.monotonic()

    def player_answers(self, timeout: float = 3.0) -> bool:
        """Whether the player server answers a request on a new connection."""
        try:
            with socket.create_connection(("127.0.0.1", self.player_port), timeout=timeout) as conn:
                conn.sendall(b"GET /v1/streams HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                return conn.recv(12).startswith(b"HTTP/1.")
        except OSError:
            return False

    def cpu_seconds(self) -> float:
        with open(f"/proc/{self.process.pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def api_answer_seconds(self, timeout: float = 5.0) -> float:
        """One authorised ``GET /v1/streams`` on a new connection: seconds, or ``inf``."""
        started = time.monotonic()
        try:
            with socket.create_connection(("127.0.0.1", self.api_port), timeout=timeout) as conn:
                conn.settimeout(max(0.1, timeout - (time.monotonic() - started)))
                conn.sendall(
                    b"GET /v1/streams HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: "
                    + self.api_key.encode() + b"\r\nConnection: close\r\n\r\n"
                )
                answer = b""
                while chunk := conn.recv(4096):
                    answer += chunk
        except OSError:
            return float("inf")
        assert answer.startswith(b"HTTP/1.1 200"), answer[:80]
        return time.monotonic() - started


@pytest.fixture
def child(request: pytest.FixtureRequest) -> Iterator[Child]:
    """The sandbox in a child process; its file limit ``request.param`` (default 1,024)."""
    api_key = secrets.token_urlsafe(24)
    open_files = getattr(request, "param", 1024)
    process = subprocess.Popen(
        [sys.executable, "-c", _CHILD, api_key, str(open_files)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    try:
        assert process.stdout is not None
        api_port, player_port = map(int, process.stdout.readline().split())
        yield Child(process, api_port, player_port, api_key)
    finally:
        with contextlib.suppress(OSError):
            assert process.stdin is not None
            process.stdin.close()
        process.kill()
        process.wait(timeout=10)
        assert process.stdout is not None
        process.stdout.close()


def _flood_paths(port: int, count: int, connections: int = 4) -> None:
    """``count`` pipelined GETs of unknown 1-kB paths over a few keep-alive connections."""
    padding = "p" * 1000

    def one_connection(first: int, last: int) -> None:
        with socket.create_connection(("127.0.0.1", port), timeout=30) as conn:
            reader = conn.makefile("rb")
            batch = 200
            for start in range(first, last, batch):
                end = min(last, start + batch)
                conn.sendall(b"".join(
                    f"GET /unknown/{n}/{padding} HTTP/1.1\r\nHost: x\r\n\r\n".encode()
                    for n in range(start, end)
                ))
                for _ in range(start, end):  # read each answer: status, headers, body
                    length = 0
                    while (line := reader.readline()) not in (b"\r\n", b""):
                        if line.lower().startswith(b"content-length:"):
                            length = int(line.split(b":")[1])
                    if line == b"":
                        return  # the server closed the connection
                    reader.read(length)

    share = count // connections
    threads = [
        threading.Thread(target=one_connection, args=(i * share, (i + 1) * share))
        for i in range(connections)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)


def _half_open(port: int, count: int, within: float = 5.0) -> list[socket.socket]:
    """``count`` connections that start a request and never end it, all at once.

    Returns once they are connected and have sent their first line, or after ``within``.
    (A connection that sends nothing at all may never leave the kernel's queue.)
    """
    _allow_files(count)
    sockets: list[socket.socket] = []
    with selectors.DefaultSelector() as selector:
        for _ in range(count):
            conn = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            conn.setblocking(False)
            conn.connect_ex(("127.0.0.1", port))
            sockets.append(conn)
            selector.register(conn, selectors.EVENT_WRITE)
        deadline = time.monotonic() + within
        pending = count
        while pending and time.monotonic() < deadline:
            for key, _ in selector.select(timeout=0.2):
                selector.unregister(key.fileobj)
                with contextlib.suppress(OSError):
                    key.fileobj.send(b"GET /v1/streams HTTP/1.1\r\n")  # type: ignore[union-attr]
                pending -= 1
    return sockets


def _half_open_paced(port: int, count: int, within: float = 8.0) -> list[socket.socket]:
    """``count`` half-open connections one after another, each once the last is connected.

    Paced as a patient client would: all at once, a small listen backlog drops most of the
    connections' first packets and the kernel sends them again only after a second or more,
    so the server never holds many (with the standard backlog of 5, about 200 of 1,500);
    paced, every connection reaches it. Stops after ``within`` s, or once the server stops
    taking connections (three in a row not connected within a second).
    """
    _allow_files(count)
    sockets: list[socket.socket] = []
    deadline, refused = time.monotonic() + within, 0
    while len(sockets) < count and refused < 3 and time.monotonic() < deadline:
        time.sleep(0.002)  # lets the server accept the last one before the next arrives
        try:
            conn = socket.create_connection(("127.0.0.1", port), timeout=1.0)
        except OSError:
            refused += 1
            continue
        refused = 0
        sockets.append(conn)
        with contextlib.suppress(OSError):  # a server at its cap may close it at once
            conn.send(b"GET /v1/streams HTTP/1.1\r\n")
    return sockets


def _allow_files(count: int) -> None:
    import resource  # Unix only

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < count + 100:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, count + 200), hard))


def _answer_times(child: Child, tries: int = 3) -> list[float]:
    return [child.api_answer_seconds(timeout=3.0) for _ in range(tries)]


def test_a_flood_of_unknown_paths_leaves_the_memory_bounded(child: Child) -> None:
    assert child.api_answer_seconds() < 5
    before = child.rss_mib()
    started = time.monotonic()
    flood = threading.Thread(target=lambda: (
        _flood_paths(child.api_port, PATH_FLOOD), _flood_paths(child.player_port, PATH_FLOOD // 4)
    ))
    flood.start()
    during: list[float] = []
    while flood.is_alive() and len(during) < 20:
        during.append(child.api_answer_seconds())
        flood.join(timeout=0.1)  # an answer every tenth of a second while the flood runs
    flood.join(timeout=120)
    flood_seconds = time.monotonic() - started
    growth = child.rss_mib() - before
    times = _answer_times(child)
    print(
        f"\npath flood: {PATH_FLOOD + PATH_FLOOD // 4} requests in {flood_seconds:.1f} s; "
        f"RSS {before:.1f} -> {before + growth:.1f} MiB (+{growth:.1f}); API answers during: "
        f"median {sorted(during)[len(during) // 2] * 1000:.1f} ms, "
        f"max {max(during) * 1000:.1f} ms ({len(during)}); after: "
        + ", ".join(f"{t * 1000:.1f} ms" for t in times)
    )
    assert growth < 6, f"the sandbox grew by {growth:.1f} MiB"
    assert max(times) < 2 and max(during) < 2


@pytest.mark.parametrize("target", ["player", "api"])
def test_half_open_connections_leave_the_loopback_api_answering(
    child: Child, target: str
) -> None:
    port = child.player_port if target == "player" else child.api_port
    before = child.rss_mib()
    held = _half_open_paced(port, HALF_OPEN)
    try:
        child.settle()  # the server has taken what it will take
        files = child.open_files()
        cpu_before, wall_before = child.cpu_seconds(), time.monotonic()
        times = _answer_times(child)
        time.sleep(max(0.0, 1.0 - (time.monotonic() - wall_before)))  # a second's CPU time
        wall = time.monotonic() - wall_before
        cpu_share = (child.cpu_seconds() - cpu_before) / wall
        rss = child.rss_mib()
        print(
            f"\n{len(held)} of {HALF_OPEN} half-open connections made to the {target} server: "
            "API answers "
            + ", ".join("none" if t == float("inf") else f"{t * 1000:.1f} ms" for t in times)
            + f"; sandbox CPU {cpu_share:.0%} of a core over {wall:.1f} s; "
            f"RSS {before:.1f} -> {rss:.1f} MiB; {files} files open"
        )
        assert max(times) < 2, "the loopback API stopped answering"
        assert cpu_share < 0.5, "the sandbox spins"
    finally:
        for conn in held:
            conn.close()


def test_connections_sending_huge_headers_leave_the_memory_bounded(child: Child) -> None:
    # The standard parser takes 100 header lines of 64 kB each per request; at the cap on
    # connections that was some 800 MiB at once (128 x 99 such lines: 24 -> 816 MiB in 4.5 s).
    before = child.rss_mib()
    line = b"X-Padding: " + b"a" * 64_000 + b"\r\n"
    peak = before

    def one() -> None:
        with contextlib.suppress(OSError), socket.create_connection(
            ("127.0.0.1", child.player_port), timeout=10
        ) as conn:
            conn.sendall(b"GET / HTTP/1.1\r\n" + line * 25)  # never ended
            time.sleep(2)  # held while the others arrive

    threads = [threading.Thread(target=one) for _ in range(HUGE_HEADER_CONNECTIONS)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    while any(thread.is_alive() for thread in threads) and time.monotonic() - started < 20:
        peak = max(peak, child.rss_mib())
        time.sleep(0.05)  # /proc has no event to wait on
    for thread in threads:
        thread.join(timeout=5)
    print(
        f"\n{HUGE_HEADER_CONNECTIONS} connections sending 25 header lines of 64 kB: "
        f"RSS {before:.1f} -> peak {peak:.1f} MiB in {time.monotonic() - started:.1f} s"
    )
    assert peak - before < 30, f"the sandbox grew by {peak - before:.1f} MiB"
    assert child.api_answer_seconds() < 2


@pytest.mark.parametrize("child", [100], indirect=True)
def test_out_of_files_the_accept_loop_backs_off_and_recovers(child: Child) -> None:
    # 100 files, fewer than the cap on connections: accepting fails with EMFILE.
    held = _half_open(child.player_port, 300)
    try:
        child.settle()
        cpu_before, wall_before = child.cpu_seconds(), time.monotonic()
        time.sleep(1.0)  # a second of the child's CPU time, out of files
        cpu_share = (child.cpu_seconds() - cpu_before) / (time.monotonic() - wall_before)
        print(f"\nout of files: sandbox CPU {cpu_share:.0%} of a core")
        assert cpu_share < 0.3, "the accept loop spins"
    finally:
        for conn in held:
            conn.close()
    child.settle(quiet=0.5)
    assert child.api_answer_seconds() < 3
    # the server that ran out of files still accepts: its loop backed off, it did not end
    assert child.player_answers(), "the player server stopped accepting after running out of files"


@pytest.fixture
def server() -> Iterator[SandboxHttpServer]:
    """A sandbox API server in this process, on loopback."""
    served = SandboxHttpServer(
        ("127.0.0.1", 0), registry=StreamRegistry(), faults=FaultPlan(), api_key="key",
        on_delete=lambda stream: None,
    )
    thread = threading.Thread(target=served.serve_forever, daemon=True)
    thread.start()
    yield served
    served.close_connections()
    served.shutdown()
    served.server_close()
    thread.join(timeout=5)


def test_a_request_trickled_byte_by_byte_is_cut_at_its_deadline(
    server: SandboxHttpServer,
) -> None:
    server.request_deadline = 0.5
    request = b"GET /healthz HTTP/1.1\r\nX-Slow: " + b"a" * 200
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as conn:
        started = time.monotonic()
        for byte in request:  # one byte every 50 ms: each read is quick, the whole is not
            try:
                conn.send(bytes([byte]))
            except OSError:
                break
            ready, _, _ = select.select([conn], [], [], 0.05)
            if ready:
                break
        with contextlib.suppress(OSError):
            while conn.recv(4096):
                pass
        held = time.monotonic() - started
    assert held < 2.5, f"a trickling request held its connection {held:.1f} s"


def test_headers_larger_than_their_cap_are_refused(server: SandboxHttpServer) -> None:
    padding = b"".join(f"X-Padding-{n}: {'a' * 1000}\r\n".encode() for n in range(60))  # 60 kB
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as conn:
        conn.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n" + padding + b"\r\n")
        answer = conn.recv(4096)
    assert answer.startswith(b"HTTP/1.1 431"), answer[:80]
    with httpx.Client(trust_env=False) as client:  # a browser's few kilobytes still pass
        ordinary = client.get(
            f"http://127.0.0.1:{server.port}/healthz", headers={"Cookie": "c" * 8000}, timeout=5
        )
    assert ordinary.status_code == 200


def test_an_idle_connection_makes_room_for_a_new_one_at_the_cap(
    server: SandboxHttpServer,
) -> None:
    server.max_connections = 2
    idle = [socket.create_connection(("127.0.0.1", server.port), timeout=5) for _ in range(2)]
    try:
        with httpx.Client(trust_env=False) as client:
            answer = client.get(f"http://127.0.0.1:{server.port}/healthz", timeout=5)
        assert answer.status_code == 200
        # the oldest idle connection was closed to make room
        assert idle[0].recv(1) == b""
    finally:
        for conn in idle:
            conn.close()


def test_request_lines_are_logged_with_their_control_characters_escaped(
    server: SandboxHttpServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="comprimato_companion.sandbox.http_api")
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as conn:
        conn.sendall(b"GET /\x1b]0;owned\x07\x1b[2J HTTP/1.1\r\nConnection: close\r\n\r\n")
        while conn.recv(4096):
            pass
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "\\x1b]0;owned\\x07" in logged
    assert "\x1b" not in logged and "\x07" not in logged


def test_the_request_counts_stay_bounded_however_many_paths() -> None:
    plan = FaultPlan()
    for n in range(MAX_COUNTED_PATHS + 500):
        plan.record("GET", f"/unknown/{n}/" + "p" * 5000)
    plan.record("GET", "/v1/streams")
    assert plan.request_count("*", "/") == MAX_COUNTED_PATHS + 501
    assert plan.counted_paths() <= MAX_COUNTED_PATHS + 1  # and the one for the others


def test_on_windows_the_servers_bind_exclusively(monkeypatch: pytest.MonkeyPatch) -> None:
    # SO_REUSEADDR on Windows lets another program bind the same port: not used there, and
    # SO_EXCLUSIVEADDRUSE is set wherever the platform has it (a harmless option stands in).
    assert SandboxHttpServer.allow_reuse_address is (sys.platform != "win32")
    monkeypatch.setattr(socket, "SO_EXCLUSIVEADDRUSE", socket.SO_KEEPALIVE, raising=False)
    served = SandboxHttpServer(
        ("127.0.0.1", 0), registry=StreamRegistry(), faults=FaultPlan(), api_key="key",
        on_delete=lambda stream: None,
    )
    try:
        assert served.socket.getsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE) == 1
    finally:
        served.server_close()
