"""ctypes bindings of the few libsrt calls the sandbox's SRT ingest needs.

Why ctypes: libsrt ships as a plain shared library on every platform (Debian's
``libsrt1.5-openssl``, Homebrew's ``srt``), so the sandbox needs no compiled extension and
no header package; the product simply reports the ingest as unavailable when the library is
missing. Constants below are taken from libsrt 1.5's ``srt.h`` and ``access_control.h``.

The library is started with ``srt_startup`` on first use and cleaned up with ``srt_cleanup``
when the last user releases it (:func:`acquire`, :func:`release`).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import socket
import sys
import threading
from dataclasses import dataclass
from typing import Any, Final

from ..errors import CompanionError

# --- constants (srt.h, access_control.h; libsrt 1.5) ------------------------------------

SRT_INVALID_SOCK: Final = -1
SRT_ERROR: Final = -1

# SRT_SOCKOPT
SRTO_RCVSYN: Final = 2
SRTO_STREAMID: Final = 46
SRTO_TRANSTYPE: Final = 50
SRTO_PEERIDLETIMEO: Final = 55

# SRT_TRANSTYPE
SRTT_LIVE: Final = 0

# SRT_SOCKSTATUS
SRTS_CONNECTED: Final = 5
SRTS_BROKEN: Final = 6

# SRT_EPOLL_OPT
SRT_EPOLL_IN: Final = 0x1
SRT_EPOLL_ERR: Final = 0x8

# SRT_ERRNO
SRT_EASYNCRCV: Final = 6002  # MJ_AGAIN, MN_RDAVAIL: nothing to read on a non-blocking socket
SRT_ETIMEOUT: Final = 6003  # MJ_AGAIN, MN_XMTIMEOUT: an epoll wait timed out

# Reject reasons a listener may set (access_control.h: SRT_REJX_*)
SRT_REJX_UNAUTHORIZED: Final = 1401
SRT_REJX_CONFLICT: Final = 1409
SRT_REJX_ISE: Final = 1500

#: Largest payload of one live-mode message (SRT_LIVE_MAX_PLSIZE); a receive buffer this
#: big always holds a whole message.
LIVE_MAX_PAYLOAD: Final = 1456

#: srt_setloglevel: only critical messages (syslog's LOG_CRIT) reach stderr.
LOG_CRIT: Final = 2

_CANDIDATE_NAMES: Final = (
    "libsrt.so.1.5",
    "libsrt-openssl.so.1.5",
    "libsrt-gnutls.so.1.5",
    "libsrt.so.1",
    "libsrt.so",
    "libsrt.1.5.dylib",
    "libsrt.dylib",
    "srt.dll",
    "libsrt.dll",
)

#: What to install, said once for every place that reports the library missing.
INSTALL_HINT: Final = (
    "install the libsrt1.5-openssl package (Debian, Ubuntu) or srt (Homebrew), "
    "then restart the sandbox"
)

SRTSOCKET = ctypes.c_int32

#: int (*)(void* opaque, SRTSOCKET ns, int hsversion, const struct sockaddr*, const char*)
LISTEN_CALLBACK = ctypes.CFUNCTYPE(
    ctypes.c_int,
    ctypes.c_void_p,
    SRTSOCKET,
    ctypes.c_int,
    ctypes.c_void_p,
    ctypes.c_char_p,
)


class SrtError(CompanionError):
    """libsrt is missing, or one of its calls failed (bind, listen, ...).

    Messages name the call and libsrt's own text, never a stream key.
    """


class EpollEvent(ctypes.Structure):
    """SRT_EPOLL_EVENT: one ready socket reported by ``srt_epoll_uwait``."""

    _fields_ = (("fd", SRTSOCKET), ("events", ctypes.c_int))


class _InAddr6(ctypes.Structure):
    _fields_ = (("bytes", ctypes.c_uint8 * 16),)


if sys.platform == "darwin" or sys.platform.startswith(("freebsd", "openbsd", "netbsd")):
    # BSD socket addresses start with a length byte and a one-byte family.
    class _SockaddrIn(ctypes.Structure):
        _fields_ = (
            ("sin_len", ctypes.c_uint8),
            ("sin_family", ctypes.c_uint8),
            ("sin_port", ctypes.c_uint16),
            ("sin_addr", ctypes.c_uint8 * 4),
            ("sin_zero", ctypes.c_uint8 * 8),
        )

    class _SockaddrIn6(ctypes.Structure):
        _fields_ = (
            ("sin6_len", ctypes.c_uint8),
            ("sin6_family", ctypes.c_uint8),
            ("sin6_port", ctypes.c_uint16),
            ("sin6_flowinfo", ctypes.c_uint32),
            ("sin6_addr", _InAddr6),
            ("sin6_scope_id", ctypes.c_uint32),
        )

    _HAS_SIN_LEN = True
else:

    class _SockaddrIn(ctypes.Structure):  # type: ignore[no-redef]
        _fields_ = (
            ("sin_family", ctypes.c_uint16),
            ("sin_port", ctypes.c_uint16),
            ("sin_addr", ctypes.c_uint8 * 4),
            ("sin_zero", ctypes.c_uint8 * 8),
        )

    class _SockaddrIn6(ctypes.Structure):  # type: ignore[no-redef]
        _fields_ = (
            ("sin6_family", ctypes.c_uint16),
            ("sin6_port", ctypes.c_uint16),
            ("sin6_flowinfo", ctypes.c_uint32),
            ("sin6_addr", _InAddr6),
            ("sin6_scope_id", ctypes.c_uint32),
        )

    _HAS_SIN_LEN = False


class _SockaddrStorage(ctypes.Structure):
    _fields_ = (("data", ctypes.c_uint8 * 128),)


@dataclass(frozen=True)
class SrtLastError:
    """libsrt's last error on the calling thread: its code and its own sentence."""

    code: int
    text: str


# --- loading -------------------------------------------------------------------------------

_load_lock = threading.Lock()
_lib: ctypes.CDLL | None = None
_load_problem: str | None = None
_users = 0


def _declare(lib: ctypes.CDLL) -> None:
    """Give every function we call its C prototype, so ctypes converts arguments correctly."""
    c_int, c_char_p, c_void_p = ctypes.c_int, ctypes.c_char_p, ctypes.c_void_p
    int_p = ctypes.POINTER(ctypes.c_int)
    protos: dict[str, tuple[Any, list[Any]]] = {
        "srt_startup": (c_int, []),
        "srt_cleanup": (c_int, []),
        "srt_getversion": (ctypes.c_uint32, []),
        "srt_setloglevel": (None, [c_int]),
        "srt_create_socket": (SRTSOCKET, []),
        "srt_bind": (c_int, [SRTSOCKET, c_void_p, c_int]),
        "srt_listen": (c_int, [SRTSOCKET, c_int]),
        "srt_listen_callback": (c_int, [SRTSOCKET, LISTEN_CALLBACK, c_void_p]),
        "srt_accept": (SRTSOCKET, [SRTSOCKET, c_void_p, int_p]),
        "srt_close": (c_int, [SRTSOCKET]),
        "srt_getsockname": (c_int, [SRTSOCKET, c_void_p, int_p]),
        "srt_getsockstate": (c_int, [SRTSOCKET]),
        "srt_setsockflag": (c_int, [SRTSOCKET, c_int, c_void_p, c_int]),
        "srt_getsockflag": (c_int, [SRTSOCKET, c_int, c_void_p, int_p]),
        "srt_recvmsg": (c_int, [SRTSOCKET, c_char_p, c_int]),
        "srt_setrejectreason": (c_int, [SRTSOCKET, c_int]),
        "srt_getlasterror": (c_int, [int_p]),
        "srt_getlasterror_str": (c_char_p, []),
        "srt_epoll_create": (c_int, []),
        "srt_epoll_add_usock": (c_int, [c_int, SRTSOCKET, int_p]),
        "srt_epoll_remove_usock": (c_int, [c_int, SRTSOCKET]),
        "srt_epoll_uwait": (c_int, [c_int, ctypes.POINTER(EpollEvent), c_int, ctypes.c_int64]),
        "srt_epoll_release": (c_int, [c_int]),
    }
    for name, (restype, argtypes) in protos.items():
        func = getattr(lib, name)  # AttributeError: an incompatible library, handled by caller
        func.restype = restype
        func.argtypes = argtypes


def _find_library() -> ctypes.CDLL:
    """Open the first libsrt that loads; raise OSError when none does."""
    names: list[str] = []
    found = ctypes.util.find_library("srt")
    if found:
        names.append(found)
    names.extend(name for name in _CANDIDATE_NAMES if name not in names)
    last: OSError | None = None
    for name in names:
        try:
            return ctypes.CDLL(name)
        except OSError as exc:
            last = exc
    raise last or OSError("libsrt not found")


def _loaded() -> ctypes.CDLL:
    """The loaded library (loaded once per process); SrtError when it is not usable."""
    global _lib, _load_problem
    with _load_lock:
        if _lib is not None:
            return _lib
        if _load_problem is None:
            try:
                lib = _find_library()
            except OSError:
                _load_problem = f"libsrt is not installed: {INSTALL_HINT}."
            else:
                try:
                    _declare(lib)
                except AttributeError:
                    _load_problem = (
                        "The libsrt found on this computer is too old (1.5 or newer is needed): "
                        f"{INSTALL_HINT}."
                    )
                else:
                    _lib = lib
                    return lib
        raise SrtError(_load_problem, "The sandbox runs without SRT ingest until then.")


def lib() -> ctypes.CDLL:
    """The libsrt handle for direct calls; :func:`acquire` must have been called first."""
    return _loaded()


def acquire() -> ctypes.CDLL:
    """Load libsrt and start it (``srt_startup``) for one more user; pair with :func:`release`."""
    global _users
    handle = _loaded()
    with _load_lock:
        if _users == 0:
            if handle.srt_startup() < 0:
                raise SrtError(
                    f"libsrt could not start: {last_error().text}.",
                    "Restart the sandbox; reinstall libsrt if it keeps failing.",
                )
            handle.srt_setloglevel(LOG_CRIT)
        _users += 1
    return handle


def release() -> None:
    """Drop one user; the last one cleans libsrt up (``srt_cleanup``) and its threads end."""
    global _users
    with _load_lock:
        if _users == 0 or _lib is None:
            return
        _users -= 1
        if _users == 0:
            _lib.srt_cleanup()


def libsrt_problem() -> str | None:
    """None when libsrt loads and starts; otherwise a plain sentence saying what to install."""
    try:
        acquire()
    except SrtError as exc:
        return exc.message
    release()
    return None


def version() -> str:
    """libsrt's version as ``major.minor.patch`` (for logs and the sandbox's status)."""
    number = int(_loaded().srt_getversion())
    return f"{number >> 16}.{(number >> 8) & 0xFF}.{number & 0xFF}"


# --- small typed helpers -------------------------------------------------------------------


def last_error() -> SrtLastError:
    """libsrt's last error on this thread (libsrt keeps it per thread)."""
    handle = _loaded()
    code = int(handle.srt_getlasterror(None))
    raw = handle.srt_getlasterror_str()
    text = raw.decode("utf-8", "replace") if raw else "unknown error"
    return SrtLastError(code, text.rstrip(". "))


def check(result: int, what: str) -> int:
    """Raise SrtError naming ``what`` when a libsrt call returned SRT_ERROR."""
    if result == SRT_ERROR:
        raise SrtError(
            f"libsrt could not {what}: {last_error().text}.",
            "Check the SRT ingest address and port, then start the sandbox again.",
        )
    return result


def set_int_flag(sock: int, option: int, value: int) -> None:
    """srt_setsockflag for an int (or bool) option."""
    holder = ctypes.c_int(value)
    check(
        _loaded().srt_setsockflag(sock, option, ctypes.byref(holder), ctypes.sizeof(holder)),
        f"set socket option {option}",
    )


def get_int_flag(sock: int, option: int) -> int:
    """srt_getsockflag for an int (or bool) option."""
    holder = ctypes.c_int(0)
    size = ctypes.c_int(ctypes.sizeof(holder))
    check(
        _loaded().srt_getsockflag(sock, option, ctypes.byref(holder), ctypes.byref(size)),
        f"read socket option {option}",
    )
    return holder.value


def get_streamid(sock: int) -> str | None:
    """The streamid the caller sent (SRTO_STREAMID on an accepted socket); None on error."""
    buffer = ctypes.create_string_buffer(513)  # the option holds at most 512 bytes
    size = ctypes.c_int(len(buffer))
    if _loaded().srt_getsockflag(sock, SRTO_STREAMID, buffer, ctypes.byref(size)) == SRT_ERROR:
        return None
    return decode_streamid(buffer.raw[: max(0, min(size.value, 512))])


def decode_streamid(raw: bytes | None) -> str:
    """The streamid as text: libsrt gives bytes; invalid UTF-8 never matches a key anyway."""
    if not raw:
        return ""
    return raw.split(b"\0", 1)[0].decode("utf-8", "replace")


def resolve(host: str, port: int) -> tuple[int, str]:
    """The address family and numeric address of ``host`` for a UDP bind."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_DGRAM, flags=socket.AI_PASSIVE)
    except (socket.gaierror, UnicodeError) as exc:
        raise SrtError(
            f"The SRT ingest host {host!r} cannot be resolved.",
            "Use an IP address such as 127.0.0.1.",
        ) from exc
    for family, _type, _proto, _name, sockaddr in infos:
        if family in (socket.AF_INET, socket.AF_INET6):
            return int(family), str(sockaddr[0])
    raise SrtError(
        f"The SRT ingest host {host!r} has no IPv4 or IPv6 address.",
        "Use an IP address such as 127.0.0.1.",
    )


def sockaddr_for(host: str, port: int) -> ctypes.Structure:
    """A C ``sockaddr_in`` or ``sockaddr_in6`` for ``host``:``port``."""
    family, address = resolve(host, port)
    packed = socket.inet_pton(family, address)
    net_port = socket.htons(port)
    result: ctypes.Structure
    if family == socket.AF_INET:
        addr4 = _SockaddrIn()
        addr4.sin_family = family
        addr4.sin_port = net_port
        addr4.sin_addr[:] = list(packed)
        if _HAS_SIN_LEN:
            addr4.sin_len = ctypes.sizeof(addr4)
        result = addr4
    else:
        addr6 = _SockaddrIn6()
        addr6.sin6_family = family
        addr6.sin6_port = net_port
        addr6.sin6_addr.bytes[:] = list(packed)
        if _HAS_SIN_LEN:
            addr6.sin6_len = ctypes.sizeof(addr6)
        result = addr6
    return result


def bind(sock: int, host: str, port: int) -> None:
    """srt_bind to ``host``:``port`` (IPv4 or IPv6)."""
    address = sockaddr_for(host, port)
    if _loaded().srt_bind(sock, ctypes.byref(address), ctypes.sizeof(address)) == SRT_ERROR:
        error = last_error()
        raise SrtError(
            f"The SRT ingest cannot use UDP port {port} on {host}: {error.text}.",
            "Choose another port, or 0 to let the system pick a free one.",
        )


def bound_port(sock: int) -> int:
    """The local UDP port of a bound socket (what port 0 turned into)."""
    storage = _SockaddrStorage()
    size = ctypes.c_int(ctypes.sizeof(storage))
    check(
        _loaded().srt_getsockname(sock, ctypes.byref(storage), ctypes.byref(size)),
        "read the bound address",
    )
    # sin_port and sin6_port both sit at offset 2, in network byte order.
    return int.from_bytes(bytes(storage.data[2:4]), "big")
