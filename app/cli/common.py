"""What every command shares: configuration from flags and environment, error printing."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Callable

from app import defaults
from app.errors import CompanionError, ExitCode, UsageError

log = logging.getLogger(__name__)


def configure_logging(*, debug: bool) -> None:
    """Warnings by default, everything with ``--debug``; obsws-python is always quiet.

    obsws-python logs the OBS password at INFO level, so its logger stays at WARNING even
    with ``--debug``.
    """
    logging.basicConfig(
        level=logging.DEBUG if debug else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    for noisy in ("obsws_python", "websocket"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    # httpx logs request URLs at INFO; they hold no secrets, but keep them out of the way.
    logging.getLogger("httpx").setLevel(logging.DEBUG if debug else logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.INFO if debug else logging.WARNING)


def run_guarded(args: argparse.Namespace, body: Callable[[], int]) -> int:
    """Run a command: a known failure is one line on stderr and its exit code.

    Anything unexpected is one line too (with a traceback only under ``--debug``).
    """
    try:
        return body()
    except CompanionError as error:
        if getattr(args, "debug", False):
            log.debug("failure", exc_info=True)
        print(f"comprimato-companion: {error}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        print("comprimato-companion: interrupted.", file=sys.stderr)
        return 130
    except Exception as error:
        if getattr(args, "debug", False):
            raise
        print(
            f"comprimato-companion: unexpected error ({type(error).__name__}). "
            "Run again with --debug for details, and report it.",
            file=sys.stderr,
        )
        return ExitCode.OTHER


def add_comprimato_options(parser: argparse.ArgumentParser) -> None:
    """The Comprimato connection options every API command takes.

    The API key is never an option (it would show in the process list and shell
    history): it comes from ``COMPRIMATO_API_KEY`` or the keyring.
    """
    parser.add_argument(
        "--api-url", help=f"Comprimato API URL (env COMPRIMATO_API_URL; default {defaults.API_URL})"
    )
    parser.add_argument(
        "--ingest-url",
        help="SRT ingest address, srt://host:port (env COMPRIMATO_INGEST_URL)",
    )
    parser.add_argument(
        "--player-url",
        help="player URL template containing {player_key} (env COMPRIMATO_PLAYER_URL)",
    )
    parser.add_argument("--json", action="store_true", help="print machine-readable JSON")


def pick(flag: str | None, env_name: str, saved: str | None, default: str) -> str:
    """A setting from, in order: the flag, the environment, the saved settings, the default."""
    for value in (flag, os.environ.get(env_name), saved):
        if value:
            return value
    return default


def require_template(template: str) -> str:
    if "{player_key}" not in template:
        raise UsageError(
            "The player URL template has no {player_key} placeholder.",
            "Use a template such as https://example.com/play/{player_key}.",
        )
    return template
