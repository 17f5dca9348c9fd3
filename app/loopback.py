"""Whether a host name or address stays on this computer (loopback)."""

from __future__ import annotations

import ipaddress


def is_loopback(host: str) -> bool:
    """Whether ``host`` is reachable from this computer only (``localhost``, 127/8, ``::1``).

    IPv6 brackets are allowed; no name is looked up, so nothing is sent.
    """
    name = host.strip().strip("[]").rstrip(".").lower()
    if name == "localhost" or name.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False
