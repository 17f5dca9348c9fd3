"""The command line: the window (``--sandbox``), ``streams``, ``obs``, ``golive``, ``sandbox``.

Start-up matters: only argparse is imported here; each command imports what it needs when
it runs, and the window's Qt modules are imported only when the window is asked for.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from app import APP_NAME, __version__
from app.errors import ExitCode

#: Subcommand modules under ``app.cli``; each has ``add_parser(subparsers)`` and sets
#: ``func`` (``(argparse.Namespace) -> int``) on its parsers.
COMMANDS = ("streams", "obs", "golive", "sandbox")


def build_parser() -> argparse.ArgumentParser:
    import importlib

    parser = argparse.ArgumentParser(
        prog="comprimato-companion",
        description=f"{APP_NAME}: create a Comprimato live stream, send it to OBS, go live.",
        epilog="Without a command, the window opens.",
    )
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    parser.add_argument(
        "--debug", action="store_true", help="show tracebacks and debug logging"
    )
    parser.add_argument(
        "--sandbox",
        action="store_true",
        help="open the window on a local sandbox of Comprimato (no account needed)",
    )
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="check that this installation works (offscreen window, sandbox, QR, storage), "
        "then exit",
    )
    parser.add_argument(
        "--quit-after-startup",
        action="store_true",
        help=argparse.SUPPRESS,  # for the start-up benchmark: quit after the first paint
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        module = importlib.import_module(f"app.cli.{name}")
        module.add_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    args = parser.parse_args(args_list)
    from app.cli.common import configure_logging, run_guarded

    configure_logging(debug=args.debug)
    if args.command is None:
        if args.self_test:
            from app.window.self_test import run_self_test

            return run_guarded(args, lambda: run_self_test(args))
        from app.window import run_window

        return run_guarded(args, lambda: run_window(args))
    func = getattr(args, "func", None)
    if func is None:
        parser.parse_args([*args_list, "--help"])
        return ExitCode.USAGE
    return run_guarded(args, lambda: int(func(args)))
