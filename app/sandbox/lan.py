"""The address other devices on the same network (a phone on the Wi-Fi) reach this computer by.

Found without sending anything: a UDP socket "connected" to a documentation address only
asks the kernel which source address its route would use. Where there is no route, the
host name's addresses are tried. Loopback and link-local addresses do not count.
"""

from __future__ import annotations

import contextlib
import ipaddress
import socket
from typing import Final

#: TEST-NET-1 (RFC 5737): never routed on the Internet; only the route lookup matters.
_PROBE_ADDRESS: Final = "192.0.2.1"


def usable_lan_address(address: str) -> bool:
    """An IPv4 or IPv6 address another device could reach (not loopback or link-local)."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return not (ip.is_loopback or ip.is_link_local or ip.is_unspecified or ip.is_multicast)


def is_public(address: str) -> bool:
    """Whether ``address`` is reachable from the whole Internet (not a private network's)."""
    try:
        return ipaddress.ip_address(address).is_global
    except ValueError:
        return False


def lan_address() -> str | None:
    """This computer's address on its local network, or ``None`` when it has none."""
    with contextlib.suppress(OSError), socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.connect((_PROBE_ADDRESS, 9))  # UDP connect sends no packet
        address = str(probe.getsockname()[0])
        if usable_lan_address(address):
            return address
    with contextlib.suppress(OSError):
        for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET):
            address = str(info[4][0])
            if usable_lan_address(address):
                return address
    return None
