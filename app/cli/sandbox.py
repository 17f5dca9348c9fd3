"""`comprimato-companion sandbox`: a local Comprimato in the foreground until Ctrl+C.

Prints what a client needs (API URL and key, SRT ingest, player links) and a line to
paste into another terminal. SIGINT and SIGTERM stop it cleanly, with exit code 0. Its
streams, key and ports are kept for the next start in the data folder's ``sandbox.json``
(the window's sandbox keeps its own there too; one running sandbox holds the file).
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import signal
import sys
import threading
from types import FrameType
from typing import TYPE_CHECKING, Any

from ..errors import ExitCode, UsageError
from ..program_command import command_line

#: Where the sandbox's own key may come from instead of the command line (never the real
#: key's COMPRIMATO_API_KEY: the sandbox prints its key).
SANDBOX_KEY_ENV = "COMPRIMATO_SANDBOX_API_KEY"

if TYPE_CHECKING:
    from ..sandbox import Sandbox


def add_parser(sub: Any) -> None:
    parser: argparse.ArgumentParser = sub.add_parser(
        "sandbox",
        help="run a local Comprimato (API, SRT ingest, player page) until Ctrl+C",
        description="Run a local sandbox of the Comprimato API with a real SRT ingest, "
        "so you can try everything without an account. It listens on this computer only "
        "unless --host says otherwise.",
    )
    parser.add_argument("--host", default="127.0.0.1",
                        help="address to listen on (default 127.0.0.1: this computer only; "
                        "another address lets other computers reach it)")
    parser.add_argument("--port", type=_port, default=0,
                        help="HTTP port of the API and player pages (default 0: the one of "
                        "the last start, so shared links keep working, else a free port)")
    parser.add_argument("--srt-port", type=_port, default=0,
                        help="UDP port of the SRT ingest (default 0: the one of the last "
                        "start, else a free port)")
    key = parser.add_mutually_exclusive_group()
    key.add_argument("--api-key",
                     help="the API key clients must send (default: the environment's "
                     f"{SANDBOX_KEY_ENV}, else the one of the last start, else a random "
                     "one, printed). Other users can read a command line: prefer "
                     "--api-key-file or the environment")
    key.add_argument("--api-key-file", metavar="FILE",
                     help="read the API key from the first line of FILE ('-': standard input)")
    parser.add_argument("--stopped-grace", type=float, default=3.0, metavar="SECONDS",
                        help="seconds between the encoder leaving and the stream turning "
                        "Stopped (default 3)")
    parser.add_argument("--no-ingest", action="store_true",
                        help="serve the API and player pages only, without the SRT ingest")
    parser.add_argument("--lan", nargs="?", const="auto", metavar="ADDRESS",
                        help="also share the player pages and video, read-only, with phones "
                        "on the same network: on this computer's LAN address, or ADDRESS. "
                        "The API stays on --host. Off by default")
    parser.add_argument("--lan-port", type=_port, default=0,
                        help="TCP port of the shared player pages (default 0: a free port)")
    parser.add_argument("--json", action="store_true",
                        help="print the addresses as one JSON line (for scripts)")
    parser.set_defaults(func=run_sandbox)


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number") from None
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"{value} is not between 0 and 65535")
    return value


def _sandbox_key(args: argparse.Namespace) -> str | None:
    """The key from --api-key, --api-key-file or the environment; ``None``: a random one."""
    if args.api_key_file is not None:
        try:
            if args.api_key_file == "-":
                text = sys.stdin.readline()
            else:
                with open(args.api_key_file, encoding="utf-8") as file:
                    text = file.readline()
        except (OSError, UnicodeDecodeError) as error:
            raise UsageError(
                f"The API key file {args.api_key_file} cannot be read "
                f"({getattr(error, 'strerror', None) or type(error).__name__}).",
                "Check the path, or leave --api-key-file out for a random key.",
            ) from None
        return text.strip()
    if args.api_key is not None:
        return str(args.api_key)
    return os.environ.get(SANDBOX_KEY_ENV) or None


def run_sandbox(args: argparse.Namespace) -> int:
    from ..sandbox import Sandbox
    from ..sandbox.saved_state import SandboxStateFile

    api_key = _sandbox_key(args)
    if api_key is not None and not _usable_key(api_key):
        raise UsageError(
            "The sandbox API key must be visible ASCII characters, without spaces.",
            f"Choose another key (--api-key-file or {SANDBOX_KEY_ENV}), or leave it out for "
            "a random one.",
        )
    if args.stopped_grace < 0:
        raise UsageError("--stopped-grace cannot be negative.", "Use 0 or more seconds.")
    stop = threading.Event()

    def request_stop(signum: int, frame: FrameType | None) -> None:
        stop.set()

    previous = {sig: signal.signal(sig, request_stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    sandbox = Sandbox(
        host=args.host,
        port=args.port,
        srt_port=args.srt_port,
        api_key=api_key,
        stopped_grace=args.stopped_grace,
        ingest=not args.no_ingest,
        lan=args.lan,
        lan_port=args.lan_port,
        state_file=SandboxStateFile(),
    )
    try:
        sandbox.start()  # logs a warning when the host is not loopback
        if args.json:
            _print_json_summary(sandbox)
        else:
            _print_summary(sandbox)
        sys.stdout.flush()
        stop.wait()
    finally:
        sandbox.stop()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    if not args.json:
        print("Sandbox stopped.", flush=True)
    return ExitCode.OK


def _usable_key(key: str) -> bool:
    return bool(key) and all("!" <= ch <= "~" for ch in key)


def _print_json_summary(sandbox: Sandbox) -> None:
    print(json.dumps({
        "api_url": sandbox.api_url,
        "api_key": sandbox.api_key,
        "ingest_url": sandbox.ingest_url,
        "ingest_problem": sandbox.ingest_problem,
        "player_url_template": sandbox.player_url_template,
        "local_player_url_template": sandbox.local_player_url_template,
        "lan_address": sandbox.lan_address,
        "kept_in": _kept_in(sandbox),
        "streams": len(sandbox.registry.list()),
        "saved_notice": sandbox.saved_notice,
    }), flush=True)


def _kept_in(sandbox: Sandbox) -> str | None:
    """The file its streams are kept in for the next start; ``None`` when not kept."""
    state = sandbox.state_file
    return str(state.path) if state is not None and state.owned else None


def _print_summary(sandbox: Sandbox) -> None:
    ingest = sandbox.ingest_url or f"off: {sandbox.ingest_problem}"
    print("Comprimato sandbox is running. Press Ctrl+C to stop it.")
    print()
    print(f"  API URL        {sandbox.api_url}")
    print(f"  API key        {sandbox.api_key}")
    print(f"  SRT ingest     {ingest}")
    print(f"  Player links   {sandbox.player_url_template}")
    kept_in, count = _kept_in(sandbox), len(sandbox.registry.list())
    if kept_in is not None:
        print(f"  Streams        {count} from the last start; kept in {kept_in} for the next")
    if sandbox.saved_notice:
        print(f"  Note           {sandbox.saved_notice}")
    if sandbox.lan_address is not None:
        print()
        print(f"  Shared on the local network ({sandbox.lan_address}), read-only: the player "
              "pages and their video.")
        print(f"  The API and the SRT ingest stay on {sandbox.host}. On this computer: "
              f"{sandbox.local_player_url_template}")
    print()
    exports = {
        "COMPRIMATO_API_URL": sandbox.api_url,
        "COMPRIMATO_API_KEY": sandbox.api_key,
    }
    if sandbox.ingest_url:
        exports["COMPRIMATO_INGEST_URL"] = sandbox.ingest_url
    exports["COMPRIMATO_PLAYER_URL"] = sandbox.player_url_template
    line = " ".join(f"{name}={shlex.quote(value)}" for name, value in exports.items())
    print("In another terminal, paste:")
    print(f"  export {line}")
    print(f"  {command_line('streams create')}")
    if not sandbox.ingest_url:
        print()
        print("The SRT ingest is off, so streams stay Stopped; the API and player pages work.")
    print(flush=True)
