"""What every command shares: configuration from flags and environment, error printing."""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import os
import select
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .. import defaults
from ..errors import CompanionError, ExitCode, UsageError

if TYPE_CHECKING:
    from ..obs.connection import ObsConnectionInfo
    from ..storage.settings import Settings

log = logging.getLogger(__name__)

#: Secrets this command has resolved (the API key, the OBS password): scrubbed from its
#: log lines and from a --debug traceback, wherever they came from.
_resolved_secrets: list[str] = []


def remember_secret(value: str | None) -> str | None:
    """Scrub ``value`` from everything this command logs or prints on failure; returns it."""
    if value:
        _resolved_secrets.append(value)
    return value


def known_secrets() -> list[str | None]:
    """The resolved secrets, and those in the environment (the key, OBS's address)."""
    from ..obs.connection import URL_ENV, parse_obsws_url

    values: list[str | None] = [*_resolved_secrets, os.environ.get(API_KEY_ENV)]
    obs_url = os.environ.get(URL_ENV, "").strip()
    if obs_url:
        with contextlib.suppress(UsageError):
            values.append(parse_obsws_url(obs_url).password)
    return values


def configure_logging(*, debug: bool) -> None:
    """Warnings by default, everything with ``--debug``; some libraries are always quiet.

    obsws-python logs the OBS password at INFO level, and qasync logs every worker call's
    arguments and result at DEBUG (the API key just read from the keyring, the
    environment): their loggers stay at WARNING even with ``--debug``. What reaches stderr
    is scrubbed of secrets as the log file is (``app.log_file.ScrubbingFormatter``).
    """
    from ..log_file import FORMAT, ScrubbingFormatter, add_secrets

    add_secrets(known_secrets)
    root = logging.getLogger()
    before = set(root.handlers)
    logging.basicConfig(level=logging.DEBUG if debug else logging.WARNING, format=FORMAT)
    for handler in set(root.handlers) - before:  # the stderr handler basicConfig made
        handler.setFormatter(ScrubbingFormatter(FORMAT))
    for noisy in ("obsws_python", "websocket", "qasync"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    # httpx logs request URLs at INFO; they hold no secrets, but keep them out of the way.
    logging.getLogger("httpx").setLevel(logging.DEBUG if debug else logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.INFO if debug else logging.WARNING)


def run_guarded(args: argparse.Namespace, body: Callable[[], int]) -> int:
    """Run a command: a known failure is one line on stderr and its exit code.

    Anything unexpected is one line too (with a traceback only under ``--debug``).
    """
    try:
        code = body()
        sys.stdout.flush()  # inside the guard: a closed pipe is told apart below
        return code
    except CompanionError as error:
        if getattr(args, "debug", False):
            log.debug("failure", exc_info=True)
        print(f"comprimato-companion: {error}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        print("comprimato-companion: interrupted.", file=sys.stderr)
        return 130
    except Exception as error:
        if isinstance(error, BrokenPipeError) and stdout_is_closed():
            return end_on_closed_stdout()  # `… | head -1`: the reader has what it wanted
        if getattr(args, "debug", False):
            # The traceback Python would print, but scrubbed: it may quote a secret.
            import traceback

            from ..log_file import scrub_known

            print(scrub_known(traceback.format_exc()), end="", file=sys.stderr)
            return ExitCode.OTHER
        print(
            f"comprimato-companion: unexpected error ({type(error).__name__}). "
            "Run again with --debug for details, and report it.",
            file=sys.stderr,
        )
        return ExitCode.OTHER


def stdout_is_closed() -> bool:
    """Whether standard output is a pipe nobody reads any more (not another broken pipe)."""
    try:
        sys.stdout.flush()  # what the failed write left in the buffer fails again
    except BrokenPipeError:
        return True
    except (OSError, ValueError):
        return False
    poll = getattr(select, "poll", None)
    if poll is None:
        return False
    try:
        poller = poll()
        poller.register(sys.stdout.fileno(), select.POLLOUT)
        return any(events & select.POLLERR for _, events in poller.poll(0))
    except (OSError, ValueError):
        return False


def end_on_closed_stdout() -> int:
    """End quietly: stdout goes to the null device, so the last flush at exit cannot fail."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    return ExitCode.STDOUT_CLOSED


def add_comprimato_options(parser: argparse.ArgumentParser) -> None:
    """The Comprimato connection options every API command takes.

    The API key is never an option (it would show in the process list and shell
    history): it comes from ``COMPRIMATO_API_KEY`` or the keyring.
    """
    parser.add_argument(
        "--api-url",
        metavar="URL",
        help=f"the Comprimato API address (or env COMPRIMATO_API_URL; default {defaults.API_URL})",
    )
    parser.add_argument(
        "--ingest-url",
        metavar="URL",
        help="where encoders send the stream, srt://host:port (or env COMPRIMATO_INGEST_URL)",
    )
    parser.add_argument(
        "--player-url",
        metavar="TEMPLATE",
        help="the viewers' link, with {player_key} where the player key goes "
        "(or env COMPRIMATO_PLAYER_URL)",
    )
    parser.add_argument("--json", action="store_true", help="print machine-readable JSON")


def print_json(value: object) -> None:
    """The command's answer as one indented JSON document on stdout, for scripts."""
    print(json.dumps(value, indent=2, ensure_ascii=False))


def positive_timeout(seconds: float, suggestion: float) -> float:
    """``--timeout`` checked: NaN, zero and negative waits are usage errors."""
    if not seconds > 0:
        raise UsageError(
            "The timeout must be a positive number of seconds.",
            f"Use for example --timeout {suggestion:g}.",
        )
    return seconds


def saved_obs_password(settings: Settings) -> str | None:
    """The OBS password from the keyring (or the file the user chose).

    ``None`` without looking when ``OBS_WEBSOCKET_URL`` is set: that address carries its own.
    """
    from ..obs.connection import URL_ENV

    if os.environ.get(URL_ENV, "").strip():
        return None
    from ..storage.secrets import SecretStore

    store = SecretStore(use_file=settings.secrets_in_file)
    return remember_secret(store.get(SecretStore.OBS_PASSWORD))


def resolve_obs_for_cli(settings: Settings) -> tuple[ObsConnectionInfo, str]:
    """Which OBS a command drives, and where that came from.

    As the window finds it (``resolve_obs_connection``), except that the OBS the running
    window is linked to comes before OBS's config files (``app.obs.window_obs``): with two
    OBS on the computer, the window and the command line drive the same one. When it is
    used, a line on stderr says so.
    """
    from ..obs.connection import URL_ENV, resolve_obs_connection
    from ..obs.window_obs import window_obs
    from ..storage.paths import data_dir

    if not os.environ.get(URL_ENV, "").strip() and not (settings.obs_host or "").strip():
        linked = window_obs(data_dir())
        if linked is not None:
            print(f"comprimato-companion: {linked.said}.", file=sys.stderr)
            if linked.info.password:
                remember_secret(linked.info.password)
            return linked.info, linked.said
    return resolve_obs_connection(settings, saved_obs_password(settings))


def require_template(template: str) -> str:
    if "{player_key}" not in template:
        raise UsageError(
            "The player URL template has no {player_key} placeholder.",
            "Use a template such as https://example.com/play/{player_key}.",
        )
    return template


#: Where the API key comes from, so a missing key can be explained.
API_KEY_ENV = defaults.API_KEY_ENV


@dataclass(frozen=True)
class ComprimatoConfig:
    """How the commands reach Comprimato, resolved from flags, environment and settings.

    Attributes:
        api_url: the API base URL, without a trailing slash.
        api_key: the key; never in ``repr()``.
        ingest_url: the SRT ingest address, ``srt://host:port``.
        player_url_template: the player link template with ``{player_key}``.
    """

    api_url: str
    api_key: str = field(repr=False)
    ingest_url: str = defaults.INGEST_URL
    player_url_template: str = defaults.PLAYER_URL_TEMPLATE


def load_saved_settings() -> Settings:
    """The user's saved settings (defaults when none); a set-aside file is mentioned once."""
    from ..storage.settings import SettingsFile

    settings_file = SettingsFile()
    settings = settings_file.load()
    if settings_file.notice:
        print(f"comprimato-companion: {settings_file.notice}", file=sys.stderr)
    return settings


def require_api_key(*, use_file: bool = False) -> str:
    """``COMPRIMATO_API_KEY``, else the keyring (or the file the user chose).

    A missing key is a usage problem (exit 2): nothing was sent, so nothing was rejected.
    The sentence says how to provide one, and why the keyring gave nothing if it failed.
    """
    from_env = os.environ.get(API_KEY_ENV, "").strip()
    if from_env:
        remember_secret(from_env)
        return from_env
    from ..storage.secrets import LOCKED, SecretStore

    store = SecretStore(use_file=use_file)
    stored = (store.get(SecretStore.API_KEY) or "").strip()
    if stored:
        remember_secret(stored)
        return stored
    step = f"Run `export {API_KEY_ENV}=<your key>`"
    if use_file:
        where, keep = "your secrets file holds none", "save it once in the window's Settings"
    else:
        status = store.status()
        if status.available:
            where = "the system keyring holds none"
            keep = "save it once in the window's Settings, which keeps it in the system keyring"
        elif status.problem == LOCKED:
            where = "the system keyring is locked"
            keep = "unlock the keyring and try again"
        else:
            where = "this computer has no system keyring"
            keep = ("to keep it, turn on 'Keep secrets in a file when no keyring works' in the "
                    "window's Settings and save it there")
    raise UsageError(
        f"No Comprimato API key is set: {API_KEY_ENV} is empty and {where}.",
        f"{step}, or {keep}. It is never a command-line option.",
    )


def resolve_comprimato_config(args: argparse.Namespace) -> ComprimatoConfig:
    """Flags, then environment, then saved settings, then defaults; the key never a flag."""
    from ..storage.preferences import resolve_endpoints
    from ..storage.settings import check_ingest_url

    saved = load_saved_settings()
    endpoints = resolve_endpoints(
        saved,
        api_url=getattr(args, "api_url", None),
        ingest_url=getattr(args, "ingest_url", None),
        player_url=getattr(args, "player_url", None),
    )
    api_url = endpoints.api_url.strip().rstrip("/")
    ingest_url = endpoints.ingest_url.strip()
    template = require_template(endpoints.player_url_template.strip())
    problem = check_ingest_url(ingest_url)
    if problem:
        raise UsageError(problem, "Use --ingest-url srt://host:port or COMPRIMATO_INGEST_URL.")
    api_key = require_api_key(use_file=saved.secrets_in_file)
    return ComprimatoConfig(api_url, api_key, ingest_url, template)
