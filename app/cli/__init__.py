"""The command line: the window (``--sandbox``), ``streams``, ``obs``, ``golive``, ``sandbox``.

Start-up matters: only argparse is imported here; each command imports what it needs when
it runs, and the window's Qt modules are imported only when the window is asked for. When
the arguments are only the window's own flags, the commands' modules (which import asyncio)
are not even loaded to build the parser.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from .. import APP_NAME, __version__
from ..errors import ExitCode

#: Subcommand modules under ``app.cli``; each has ``add_parser(subparsers)`` and sets
#: ``func`` (``(argparse.Namespace) -> int``) on its parsers.
COMMANDS = ("streams", "obs", "golive", "sandbox")


#: Flags that open the window (or run the self-test) and take no value.
WINDOW_FLAGS = frozenset(
    {
        "--debug",
        "--sandbox",
        "--lan",
        "--self-test",
        "--quit-after-startup",
        "--quit-when-ready",
    }
)


def build_parser(*, commands: bool = True) -> argparse.ArgumentParser:
    """The command line's parser; ``commands=False`` leaves the subcommands out.

    Without subcommands the parser reads the window's flags exactly as the full one does
    (``command`` is None), for ``main``'s fast path.
    """
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
        "--lan",
        action="store_true",
        help="with --sandbox: also share the player pages and video (read-only) with phones "
        "on the same network; the API stays on this computer (Settings has the same switch)",
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
    parser.add_argument(
        "--quit-when-ready",
        action="store_true",
        help="open the window and exit (status 0) once it is usable: the session started, "
        "the stream list shown, Create enabled and, when OBS runs, linked to it",
    )
    if not commands:
        parser.set_defaults(command=None)
        return parser
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        module = importlib.import_module(f".{name}", __name__)
        module.add_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; a closed standard output ends it quietly (141)."""
    try:
        try:
            return _main(argv)
        finally:
            sys.stdout.flush()  # what a closed pipe refuses shows here, not at exit
    except BrokenPipeError:  # the last flush
        from .common import end_on_closed_stdout

        return end_on_closed_stdout()
    except SystemExit as leaving:  # argparse's --help and --version swallow the failed write
        from .common import end_on_closed_stdout, stdout_is_closed

        if leaving.code in (0, None) and stdout_is_closed():
            return end_on_closed_stdout()
        raise


def _main(argv: Sequence[str] | None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(commands=not set(args_list) <= WINDOW_FLAGS)
    args = parser.parse_args(args_list)
    if args.command is None and not args.self_test:
        return _open_window(args)
    from .common import configure_logging, run_guarded

    configure_logging(debug=args.debug)
    if args.command is None:
        from ..window.self_test import run_self_test

        return run_guarded(args, lambda: run_self_test(args))
    func = getattr(args, "func", None)
    if func is None:
        parser.parse_args([*args_list, "--help"])
        return ExitCode.USAGE
    return run_guarded(args, lambda: int(func(args)))


def _open_window(args: argparse.Namespace) -> int:
    """The window: painted first; logging and the error guard are loaded after that.

    Nothing logs before the first paint, and a failure there is rare enough that its
    guard (``run_guarded``) can be imported when it happens.
    """
    from ..window import run_window

    def after_first_paint() -> None:
        import logging
        import platform

        from ..log_file import install_log_file
        from .common import configure_logging

        configure_logging(debug=args.debug)
        # A window started from a menu has no terminal: its log goes to a file too.
        install_log_file(level=logging.DEBUG if args.debug else logging.INFO)
        # uname, not platform.platform(): that one reads the Python binary (some 8 ms).
        logging.getLogger(__name__.partition(".")[0]).info(
            "%s %s started (Python %s, %s %s %s)", APP_NAME, __version__,
            platform.python_version(), platform.system(), platform.release(), platform.machine(),
        )

    try:
        return run_window(args, after_first_paint=after_first_paint)
    except (Exception, KeyboardInterrupt) as error:  # one line, as every command says it
        from .common import run_guarded

        failure = error

        def fail() -> int:
            raise failure

        return run_guarded(args, fail)
