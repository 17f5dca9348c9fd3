"""Faults the sandbox can inject, so tests meet the failures a real network produces.

A :class:`FaultPlan` holds faults matched by HTTP method and path prefix, each for a
number of requests (or forever). The HTTP server asks the plan for every request and
acts the fault out on the real socket: a slow answer, an error status, a 429 with
``Retry-After``, a body that is not JSON, an HTML error page, a body cut short, a
connection closed without an answer, or a create that happens and then loses its answer.
The plan also counts requests, so a test can prove a create was never sent twice.
"""

from __future__ import annotations

import enum
import threading
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Final

#: Distinct (method, path) pairs counted one by one; later new ones are counted together,
#: so requests for endless made-up paths cannot grow the sandbox's memory.
MAX_COUNTED_PATHS: Final = 1024
#: The part of a path kept for counting.
COUNTED_PATH_LENGTH: Final = 256
#: Where the requests beyond :data:`MAX_COUNTED_PATHS` are counted.
OTHER_PATHS: Final = "/(other paths)"


class FaultKind(enum.Enum):
    """What the server does instead of (or before) its normal answer."""

    LATENCY = "latency"  # wait, then answer normally
    STATUS = "status"  # answer this status with a JSON (or given) body
    RATE_LIMIT = "rate_limit"  # 429 with Retry-After
    MALFORMED_JSON = "malformed_json"  # 200, Content-Type JSON, body not JSON
    HTML_ERROR = "html_error"  # an error status with an HTML page, as proxies send
    TRUNCATED = "truncated"  # Content-Length larger than what is sent, then close
    RESET = "reset"  # close the connection without answering
    CREATE_THEN_DROP = "create_then_drop"  # do the create, then close without answering
    CREATE_THEN_GARBAGE = "create_then_garbage"  # do the create, then answer 201 non-JSON
    WRAP_LIST = "wrap_list"  # answer the list as {"<wrapper>": [...]}


@dataclass
class Fault:
    """One fault: which requests it hits, how many times, and what it does.

    Attributes:
        kind: what happens.
        method: HTTP method it matches, or ``"*"`` for any.
        path_prefix: the request path (without query) must start with this.
        times: how many matching requests it hits; ``None`` for every one.
        seconds: the delay of a ``LATENCY`` fault.
        status: the status of ``STATUS``, ``HTML_ERROR`` and ``RATE_LIMIT`` faults.
        body: the body of a ``STATUS`` fault: a JSON-able value (sent as JSON), ``str``
            (sent as text, HTML when it starts with ``<``), or raw ``bytes`` (labelled JSON).
        retry_after: the ``Retry-After`` header of a ``RATE_LIMIT`` fault (may be absent).
        wrapper: the key of a ``WRAP_LIST`` fault.
        exact_path: match the path itself only, not what lies under it.
        hits: how many requests it has hit so far.
    """

    kind: FaultKind
    method: str = "*"
    path_prefix: str = "/"
    times: int | None = 1
    seconds: float = 0.0
    status: int = 503
    body: Any = None
    retry_after: str | None = None
    wrapper: str = "streams"
    exact_path: bool = False
    hits: int = field(default=0, compare=False)

    def matches(self, method: str, path: str) -> bool:
        if self.method != "*" and self.method.upper() != method.upper():
            return False
        if self.exact_path:
            return path.rstrip("/") == self.path_prefix.rstrip("/")
        return path.startswith(self.path_prefix)

    @property
    def used_up(self) -> bool:
        return self.times is not None and self.hits >= self.times


class FaultPlan:
    """Thread-safe list of faults and request counts, shared with the HTTP handler threads.

    The convenience methods return the :class:`Fault` they add, so a test can check
    ``fault.hits``. Faults are tried in the order they were added; a used-up one is
    dropped.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._faults: list[Fault] = []
        self._requests: Counter[tuple[str, str]] = Counter()

    # --- requests -----------------------------------------------------------------------

    def record(self, method: str, path: str) -> None:
        """Count one request (the handler calls this before anything else).

        Memory stays bounded: a path is counted by its first :data:`COUNTED_PATH_LENGTH`
        characters, and once :data:`MAX_COUNTED_PATHS` are counted, a new one counts under
        :data:`OTHER_PATHS` with the method ``"*"``.
        """
        key = (method.upper()[:16], path[:COUNTED_PATH_LENGTH])
        with self._lock:
            if key not in self._requests and len(self._requests) >= MAX_COUNTED_PATHS:
                key = ("*", OTHER_PATHS)
            self._requests[key] += 1

    def request_count(self, method: str = "*", path_prefix: str = "/") -> int:
        """How many requests matched ``method`` (or ``"*"``) and the path prefix so far."""
        with self._lock:
            return sum(
                count
                for (m, path), count in self._requests.items()
                if (method == "*" or m == method.upper()) and path.startswith(path_prefix)
            )

    def counted_paths(self) -> int:
        """How many (method, path) pairs are counted apart."""
        with self._lock:
            return len(self._requests)

    # --- faults -------------------------------------------------------------------------

    def add(self, fault: Fault) -> Fault:
        with self._lock:
            self._faults.append(fault)
        return fault

    def clear(self) -> None:
        """Drop every fault (request counts stay)."""
        with self._lock:
            self._faults.clear()

    def take(self, method: str, path: str, *, skip_latency: bool = False) -> Fault | None:
        """The first fault for this request, counted as one hit; ``None`` when none."""
        with self._lock:
            for fault in self._faults:
                if skip_latency and fault.kind is FaultKind.LATENCY:
                    continue
                if fault.matches(method, path) and not fault.used_up:
                    fault.hits += 1
                    if fault.times is not None and fault.hits >= fault.times:
                        self._faults.remove(fault)
                    return fault
            return None

    def latency(
        self, method: str, path_prefix: str, seconds: float, times: int | None = 1
    ) -> Fault:
        return self.add(Fault(FaultKind.LATENCY, method, path_prefix, times, seconds=seconds))

    def status(
        self,
        method: str,
        path_prefix: str,
        status: int,
        body: Any = None,
        times: int | None = 1,
    ) -> Fault:
        """Answer ``status``; ``body`` ``None`` means ``{"message": "Injected fault ..."}``."""
        return self.add(
            Fault(FaultKind.STATUS, method, path_prefix, times, status=status, body=body)
        )

    def rate_limit(
        self,
        method: str,
        path_prefix: str,
        retry_after: str | None = "1",
        times: int | None = 1,
    ) -> Fault:
        return self.add(
            Fault(FaultKind.RATE_LIMIT, method, path_prefix, times, status=429,
                  retry_after=retry_after)
        )

    def malformed_json(self, method: str, path_prefix: str, times: int | None = 1) -> Fault:
        return self.add(Fault(FaultKind.MALFORMED_JSON, method, path_prefix, times))

    def html_error(
        self, method: str, path_prefix: str, status: int = 502, times: int | None = 1
    ) -> Fault:
        return self.add(Fault(FaultKind.HTML_ERROR, method, path_prefix, times, status=status))

    def truncated(self, method: str, path_prefix: str, times: int | None = 1) -> Fault:
        return self.add(Fault(FaultKind.TRUNCATED, method, path_prefix, times))

    def reset(self, method: str, path_prefix: str, times: int | None = 1) -> Fault:
        return self.add(Fault(FaultKind.RESET, method, path_prefix, times))

    def create_then_drop(self, times: int | None = 1) -> Fault:
        """The next ``POST /v1/streams`` makes the stream, then closes without answering."""
        return self.add(
            Fault(FaultKind.CREATE_THEN_DROP, "POST", "/v1/streams", times, exact_path=True)
        )

    def create_then_garbage(self, times: int | None = 1) -> Fault:
        """The next ``POST /v1/streams`` makes the stream, then answers 201 with a body
        that is not JSON (a proxy that mangles the answer)."""
        return self.add(
            Fault(FaultKind.CREATE_THEN_GARBAGE, "POST", "/v1/streams", times, exact_path=True)
        )

    def wrap_list(self, wrapper: str = "streams", times: int | None = 1) -> Fault:
        """The next ``GET /v1/streams`` answers ``{wrapper: [...]}`` instead of an array."""
        return self.add(
            Fault(FaultKind.WRAP_LIST, "GET", "/v1/streams", times, wrapper=wrapper,
                  exact_path=True)
        )
