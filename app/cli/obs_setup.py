"""`comprimato-companion obs setup [--timeout SECONDS] [--json]`: link to OBS, asking nothing.

Turns OBS's WebSocket server on in OBS's own config when OBS is closed (backing the file
up first), starts OBS, and exits 0 once OBS answers. A running OBS with its server off
cannot be changed from outside: the command then names the menu path and exits 5.
"""

from __future__ import annotations

import argparse
import asyncio
from typing import Any

from .common import load_saved_settings, positive_timeout, print_json, saved_obs_password

SETUP_TIMEOUT = 90.0


def add_setup_parser(actions: Any) -> None:
    """The ``setup`` action under ``obs``."""
    setup: argparse.ArgumentParser = actions.add_parser(
        "setup",
        help="turn on OBS's WebSocket server and start OBS, until this program is linked",
        description="Link this program to OBS without questions: when OBS is closed, turn "
        "its WebSocket server on in OBS's own settings (a copy of the file is kept; the "
        "password is kept or a strong one made), start OBS, and wait until it answers. "
        "When OBS runs with its server off, say where to switch it on.",
    )
    setup.add_argument(
        "--timeout",
        type=float,
        default=SETUP_TIMEOUT,
        metavar="SECONDS",
        help=f"how long to wait for OBS to answer (default {SETUP_TIMEOUT:g})",
    )
    setup.add_argument("--json", action="store_true", help="print machine-readable JSON")
    setup.set_defaults(func=run_setup)


def run_setup(args: argparse.Namespace) -> int:
    from ..obs.setup import set_up_obs

    timeout = positive_timeout(args.timeout, SETUP_TIMEOUT)
    settings = load_saved_settings()
    password = saved_obs_password(settings)
    say = (lambda sentence: None) if args.json else print
    result = asyncio.run(set_up_obs(settings, password, progress=say, timeout=timeout))
    if args.json:
        print_json(
            {
                "linked": True,
                "address": result.info.address,
                "obs_version": result.version.obs_version,
                "server_turned_on": [str(path) for path in result.server_turned_on],
                "backups": [str(path) for path in result.backups],
                "started": result.started or None,
                "seconds": round(result.seconds, 2),
            }
        )
        return 0
    print(
        f"Linked to OBS {result.version.obs_version} at {result.info.address} "
        f"(after {result.seconds:.1f} s)."
    )
    return 0
