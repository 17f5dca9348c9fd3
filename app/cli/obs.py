"""`comprimato-companion obs`: placeholder until its issue lands."""

from __future__ import annotations

import argparse
from typing import Any


def add_parser(sub: Any) -> None:
    parser: argparse.ArgumentParser = sub.add_parser("obs", help="(not built yet)")
    parser.set_defaults(func=lambda args: 1)
