"""`comprimato-companion golive [--stream ID] [--timeout SECONDS] [--json]`.

One command from nothing to live: connect to OBS first (so no stream is created for an OBS
that is not there), create a stream (or reuse ``--stream``), put it into OBS, start
streaming, and wait until OBS sends and Comprimato reports the stream running. Progress
goes to stderr; stdout gets only the answer: the player link, or with ``--json`` one object
with the stream, its addresses, the live figures and the seconds it took.

OBS's output is made fit for viewers as the window's "Fix in OBS" does: before the start,
the keyframe interval is set to 2 s (the user's own values backed up per profile, for
``obs output --restore``), unless ``--keep-output-settings``. Against the local sandbox,
golive then waits (within ``--timeout``) until a viewer can watch, and says so.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import sys
import time
from typing import TYPE_CHECKING, Any

from ..errors import ExitCode
from .common import (
    ComprimatoConfig,
    add_comprimato_options,
    load_saved_settings,
    positive_timeout,
    print_json,
    resolve_comprimato_config,
    resolve_obs_for_cli,
)
from .obs import DEDICATED_PROFILE_HELP

if TYPE_CHECKING:
    from ..golive.flow import GoLiveResult
    from ..obs.connection import ObsConnectionInfo

DEFAULT_TIMEOUT = 60.0
OBS_CONNECT_TIMEOUT = 5.0


def add_parser(sub: Any) -> None:
    parser: argparse.ArgumentParser = sub.add_parser(
        "golive",
        help="create a stream, send it to OBS, start streaming and wait until live",
        description="Create a Comprimato stream (or reuse one with --stream), put its SRT "
        "address and key into OBS, start streaming and wait until OBS is sending and "
        "Comprimato reports the stream running; then print the player link. OBS is found "
        "through OBS_WEBSOCKET_URL, the saved settings, or OBS's own config files.",
    )
    parser.add_argument(
        "--stream", metavar="ID", help="go live with this stream instead of a new one"
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_TIMEOUT,
        metavar="SECONDS",
        help=f"how long to wait until live (default {DEFAULT_TIMEOUT:g})",
    )
    parser.add_argument(
        "--keep-output-settings",
        action="store_true",
        help="leave OBS's keyframe interval as it is (by default it is set to 2 s, your own "
        "values kept for 'obs output --restore', so viewers join within seconds)",
    )
    parser.add_argument(
        "--dedicated-profile",
        action="store_true",
        default=None,
        help=DEDICATED_PROFILE_HELP,
    )
    add_comprimato_options(parser)
    parser.set_defaults(func=run_golive)


def run_golive(args: argparse.Namespace) -> int:
    timeout = positive_timeout(args.timeout, DEFAULT_TIMEOUT)
    config = resolve_comprimato_config(args)
    settings = load_saved_settings()
    info, source = resolve_obs_for_cli(settings)
    dedicated = (
        settings.use_dedicated_obs_profile
        if args.dedicated_profile is None
        else args.dedicated_profile
    )
    stream_id = args.stream
    if stream_id:
        from ..storage.stream_store import StreamStore
        from .stream_ids import full_stream_id

        stream_id = full_stream_id(stream_id, StreamStore())
    result = asyncio.run(
        _golive(config, info, source, stream_id=stream_id, timeout=timeout,
                dedicated_profile=dedicated, fix_output=not args.keep_output_settings)
    )
    if args.json:
        print_json(_as_json(result))
    else:
        _progress(_summary(result))
        print(result.player_url)
    return ExitCode.OK


async def _golive(
    config: ComprimatoConfig,
    info: ObsConnectionInfo,
    source: str,
    *,
    stream_id: str | None,
    timeout: float,  # noqa: ASYNC109 - the flow's budget
    dedicated_profile: bool,
    fix_output: bool = True,
) -> GoLiveResult:
    from ..comprimato.client import ComprimatoClient
    from ..golive.flow import go_live
    from ..golive.viewer_check import freshness_url, wait_until_watchable
    from ..obs.link import ObsLink
    from ..obs.observer import ObsObserver
    from ..storage.stream_store import StreamStore

    _progress(f"Connecting to OBS at {info.address} ({_where(info)}).")
    started = time.monotonic()
    link = ObsLink()
    await link.connect(info, timeout=OBS_CONNECT_TIMEOUT)
    observer = ObsObserver(link)  # OBS's output, read as the window reads it
    try:
        async with ComprimatoClient(config.api_url, config.api_key) as client:
            result = await go_live(
                client,
                link,
                StreamStore(),
                observer=observer,
                api_url=config.api_url,
                ingest_url=config.ingest_url,
                player_url_template=config.player_url_template,
                stream_id=stream_id,
                timeout=timeout,
                dedicated_profile=dedicated_profile,
                on_progress=_progress,
                output_settings="fix" if fix_output else "check",
            )
    finally:
        await observer.close()
        await link.close()
    url = freshness_url(result.player_url)
    if url is None:
        return result  # the real player does not say: the check stays unknown
    status = result.status
    if status.comprimato_polled and status.is_live:  # video reaches the ingest: wait for it
        _progress("Waiting until a viewer can watch.")
        wait = max(timeout - (time.monotonic() - started), 1.0)
    else:
        wait = 0.0  # nothing says video arrives: read the check once
    viewers = await wait_until_watchable(url, wait)
    return dataclasses.replace(
        result, status=dataclasses.replace(result.status, viewers=viewers)
    )


def _summary(result: GoLiveResult) -> str:
    status = result.status
    how = "OBS was already streaming this stream" if result.was_streaming else "OBS is streaming"
    if status.comprimato_polled:
        comprimato = f"Comprimato reports {status.comprimato_status or 'unknown'}"
    else:
        comprimato = "Comprimato's status cannot be read here"
    note = f" {status.problem}" if status.problem else ""
    viewers = status.viewers
    if viewers is not None and viewers.watchable:
        delay = f", {viewers.delay_s:.0f} s behind" if viewers.delay_s is not None else ""
        note += f" Viewers can watch{delay}."
    elif viewers is not None:
        note += f" Viewers cannot watch yet: {viewers.detail}"
    return f"Live after {result.seconds:.1f} s: {how}, {comprimato}.{note} Player link:"


def _as_json(result: GoLiveResult) -> dict[str, Any]:
    return {
        **result.stream.to_json(),
        "srt_url": result.srt_url,
        "player_url": result.player_url,
        "live": result.status.to_json(),
        "seconds": round(result.seconds, 3),
        "was_streaming": result.was_streaming,
        "output": (
            {**result.output.to_json(), "changed": result.output_changed}
            if result.output is not None
            else None
        ),
    }


def _where(info: ObsConnectionInfo) -> str:
    """Where the OBS address came from, as the end of a sentence."""
    from ..obs.connection import URL_ENV

    if info.source == URL_ENV:
        return f"from {URL_ENV}"
    if info.source in ("saved settings", "default address"):
        return f"the {info.source}"
    return f"found in {info.source}"


def _progress(text: str) -> None:
    print(text, file=sys.stderr, flush=True)
