"""`comprimato-companion obs detect|status|apply ID|restore|start|stop|setup [--json]`.

Which OBS: ``OBS_WEBSOCKET_URL`` (``obsws://host:port/password``), else the saved settings
(password from the keyring), else OBS's own config files on this computer. The password
is never an option: it would show in the process list. Nothing printed here contains the
OBS password or a stream key (an OBS 28 server address has its streamid hidden).
"""

from __future__ import annotations

import argparse
import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, TypeVar

from ..errors import CompanionError, UsageError
from ..program_command import command_line
from .common import (
    load_saved_settings,
    positive_timeout,
    print_json,
    resolve_obs_for_cli,
)

if TYPE_CHECKING:
    from ..obs.connection import ObsConnectionInfo
    from ..obs.link import ObsLink, ServiceSettings
    from ..obs.observer import ObsObserver
    from ..obs.output_state import OutputState, OutputTracker
    from ..storage.obs_backups import ObsBackup
    from ..storage.stream_store import StoredStream, StreamStore

_T = TypeVar("_T")

CONNECT_TIMEOUT = 5.0
START_TIMEOUT = 30.0
STOP_TIMEOUT = 15.0
DEDICATED_PROFILE_HELP = (
    "use a separate OBS profile named 'Comprimato', leaving yours untouched; a new profile "
    "starts with OBS's default encoder settings (default: the saved setting)"
)


def add_parser(sub: Any) -> None:
    parser: argparse.ArgumentParser = sub.add_parser(
        "obs",
        help="find OBS, send a stream to it, start and stop streaming",
        description="Talk to OBS Studio through its WebSocket server (OBS 28 or newer). "
        "OBS is found through OBS_WEBSOCKET_URL (obsws://host:port/password), the saved "
        "settings, or OBS's own config files on this computer.",
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)

    detect = actions.add_parser(
        "detect",
        help="say which OBS will be used and where its settings were found",
        description="Say which OBS address will be used and where it comes from, and which of "
        "OBS's own config files were looked at. Does not connect; never shows the password.",
    )
    _add_json(detect)
    detect.set_defaults(func=run_detect)

    status = actions.add_parser(
        "status",
        help="connect and show OBS, its stream and figures",
        description="Connect to OBS and show its version, profile, stream server and whether "
        "it is streaming (with uptime, bitrate, dropped frames and congestion when it is).",
    )
    _add_json(status)
    status.set_defaults(func=run_status)

    apply = actions.add_parser(
        "apply",
        help="put a stored stream's SRT address and key into OBS",
        description="Set OBS's stream service to a stream kept on this computer: Custom, "
        "server = the SRT ingest address, stream key = the streamer key. OBS's current "
        "settings are read first and, unless they are one of your Comprimato streams, saved "
        "(per OBS profile, the last 10), so 'obs restore' can put them back. Refused while "
        "OBS streams.",
    )
    apply.add_argument("id", help="the stream's id, as 'streams list' shows it")
    apply.add_argument(
        "--ingest-url",
        metavar="URL",
        help="where OBS sends the stream, srt://host:port (or env COMPRIMATO_INGEST_URL)",
    )
    apply.add_argument(
        "--dedicated-profile",
        action="store_true",
        default=None,
        help=DEDICATED_PROFILE_HELP,
    )
    _add_json(apply)
    apply.set_defaults(func=run_apply)

    restore = actions.add_parser(
        "restore",
        help="give OBS back your own stream settings, saved before they were replaced",
        description="Give OBS back the newest of your own stream service settings that this "
        "program saved before replacing them: those of OBS's current profile, else the "
        "newest of all, into the profile they came from (OBS is switched there when it is "
        "not streaming or recording; a profile that no longer exists is named and nothing "
        "is changed). Your own output settings that 'obs output --fix' or 'golive' saved for "
        "the current profile come back too, as the window's Restore does. Refused while OBS "
        "streams. --list shows every saved setting (newest first, numbered, no secrets); "
        "--pick N gives OBS back number N of that list, in the profile it came from.",
    )
    choice = restore.add_mutually_exclusive_group()
    choice.add_argument(
        "--list", action="store_true", help="list every saved setting of yours, newest first"
    )
    choice.add_argument(
        "--pick", type=int, metavar="N", help="give OBS back number N of '--list'"
    )
    _add_json(restore)
    restore.set_defaults(func=run_restore)

    output = actions.add_parser(
        "output",
        help="check OBS's output settings for viewers (keyframes, codec); --fix fixes them",
        description="Read OBS's output settings and say whether players can use what it "
        "sends: H.264 with a keyframe every 2 s or less (OBS's default for a custom server is "
        "about 8 s, so viewers wait that long to join). --fix sets the keyframe interval in "
        "Simple output mode, after saving your own values for this OBS profile; --restore "
        "puts them back. Advanced output mode cannot be changed from here: the check says "
        "where the setting is.",
    )
    output_action = output.add_mutually_exclusive_group()
    output_action.add_argument("--fix", action="store_true",
                               help="set a 2 s keyframe interval (used from the next stream)")
    output_action.add_argument("--restore", action="store_true",
                               help="put this profile's own values back")
    _add_json(output)
    output.set_defaults(func=run_output)

    start = actions.add_parser(
        "start",
        help="start streaming a stored stream and wait until OBS is live",
        description="Read what OBS holds now and start streaming only when it is exactly "
        "a stream of this computer: with ID, that stream (sent to OBS first when OBS holds "
        "anything else, your own settings saved); without ID, whichever stored stream OBS "
        "holds, else nothing is started.",
    )
    start.add_argument(
        "id", nargs="?", help="the stream to stream (default: the stored stream OBS holds)"
    )
    start.add_argument(
        "--ingest-url",
        metavar="URL",
        help="the SRT ingest address, srt://host:port (or env COMPRIMATO_INGEST_URL)",
    )
    start.add_argument(
        "--timeout",
        type=float,
        default=START_TIMEOUT,
        metavar="SECONDS",
        help=f"how long to wait until OBS is live (default {START_TIMEOUT:g})",
    )
    _add_json(start)
    start.set_defaults(func=run_start)

    stop = actions.add_parser(
        "stop",
        help="stop streaming and wait until OBS has stopped",
        description="Stop whatever OBS is streaming, wait until it has stopped, and say "
        "what it was (a stream of this computer, or the server OBS was set to).",
    )
    stop.add_argument(
        "--ingest-url",
        metavar="URL",
        help="the SRT ingest address, to name the stream (or env COMPRIMATO_INGEST_URL)",
    )
    stop.add_argument(
        "--timeout",
        type=float,
        default=STOP_TIMEOUT,
        metavar="SECONDS",
        help=f"how long to wait until OBS has stopped (default {STOP_TIMEOUT:g})",
    )
    _add_json(stop)
    stop.set_defaults(func=run_stop)

    from .obs_setup import add_setup_parser

    add_setup_parser(actions)


def _add_json(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print machine-readable JSON")


# --- detect -------------------------------------------------------------------------------


def run_detect(args: argparse.Namespace) -> int:
    from ..obs.connection import URL_ENV, discover_obs

    settings = load_saved_settings()
    discovery = discover_obs()
    info, source = resolve_obs_for_cli(settings)
    if args.json:
        print_json(
            {
                "address": info.address,
                "password_set": info.password is not None,
                "source": source,
                "found_in": str(discovery.config_path) if discovery.config_path else None,
                "server_enabled": discovery.server_enabled,
                "looked_at": list(discovery.looked_at),
                "summary": discovery.summary,
            }
        )
        return 0
    password = "with a password" if info.password else "without a password"
    print(f"OBS address: {info.address}, {password}.")
    if info.source in (URL_ENV, "saved settings"):
        print(f"It comes from {info.source}; OBS's own files are not used for it.")
    print(discovery.summary)
    print("Looked at:")
    for path in discovery.looked_at:
        print(f"  {path}")
    return 0


# --- status -------------------------------------------------------------------------------


def run_status(args: argparse.Namespace) -> int:
    from ..storage.preferences import resolve_endpoints
    from ..storage.stream_store import StreamStore

    settings = load_saved_settings()
    ingest_url = resolve_endpoints(settings).ingest_url
    streams = StreamStore().streams()
    return _with_link(
        lambda link, info, source: _status(
            link, info, source, args.json, streams=streams, ingest_url=ingest_url.strip()
        )
    )


async def _status(
    link: ObsLink,
    info: ObsConnectionInfo,
    source: str,
    as_json: bool,
    *,
    streams: list[StoredStream],
    ingest_url: str,
) -> int:
    from ..golive.flow import stream_label
    from ..obs.errors import ObsConnectionLost
    from ..obs.observer import ObsObserver
    from ..storage.own_streams import OwnStreams

    assert link.version is not None
    # OBS is read through the window's own observer: the same picture, the same rules.
    observer = ObsObserver(link)
    try:
        await observer.start()
        picture = observer.picture
        if picture.active:
            await asyncio.sleep(1.0)  # a second sample a second later gives the bitrate
            picture = await observer.refresh()
    finally:
        await observer.close()
    if not picture.connected or picture.service is None:
        raise picture.error or ObsConnectionLost()
    profile, figures = picture.profile, picture.figures
    # While the output runs, where it sends (what it started with), not the profile's now.
    service = picture.destination or picture.service
    held = picture.held_stream(streams, ingest_url)
    ours = held is not None or OwnStreams().holds(service.type, service.settings)
    output = picture.output.value
    if as_json:
        print_json(
            {
                "connected": True,
                "address": info.address,
                "source": source,
                "obs_version": link.version.obs_version,
                "websocket_version": link.version.websocket_version,
                "profile": profile,
                "service": _public_service(service),
                "stream_id": held.stream.id if held is not None else None,
                "ours": ours,
                "profile_switched": picture.profile_switched,
                "sending_profile": picture.sending_profile or None,
                "output": output,
                "figures": {
                    "uptime_s": figures.uptime_s,
                    "bitrate_kbps": figures.bitrate_kbps,
                    "dropped_percent": figures.dropped_percent,
                    "congestion": figures.congestion,
                    "reconnecting": figures.reconnecting,
                }
                if figures is not None
                else None,
            }
        )
        return 0
    print(
        f"Connected to OBS {link.version.obs_version} (obs-websocket "
        f"{link.version.websocket_version}) at {info.address}."
    )
    print(f"Profile: {profile}")
    if picture.profile_switched:
        started_in = picture.sending_profile or "another profile"
        print(
            f"The profile was switched while OBS streams: OBS still sends what it started "
            f"with in {started_in}; this profile's settings apply from its next start."
        )
    public = _public_service(service)
    print(f"Stream service: {public['type']}, server {public['server'] or '(none)'}")
    if held is not None:
        print(f"OBS holds {stream_label(held)} of this computer.")
    elif ours:
        print(
            "OBS holds a stream of this program that this computer's list does not have "
            "(deleted, or made with another API address or key)."
        )
    else:
        print("OBS holds none of the streams of this computer.")
    if figures is not None:
        bitrate = f"{figures.bitrate_kbps:.0f} kbit/s" if figures.bitrate_kbps is not None else "?"
        print(
            f"Output: {output}, up {_duration(figures.uptime_s)}, {bitrate}, "
            f"{figures.dropped_percent:.1f} % dropped, congestion {figures.congestion:.2f}"
        )
    else:
        print(f"Output: {output}")
    return 0


# --- apply and restore --------------------------------------------------------------------


def run_apply(args: argparse.Namespace) -> int:
    from ..storage.obs_backups import ObsBackups
    from ..storage.stream_store import StreamStore

    settings = load_saved_settings()
    ingest_url = _ingest_url(args, settings)
    store = StreamStore()
    stored = _stored_stream(store, args.id)
    dedicated = (
        settings.use_dedicated_obs_profile if args.dedicated_profile is None else True
    )
    known_keys = [s.stream.streamer_key for s in store.streams()]

    async def apply(link: ObsLink, info: ObsConnectionInfo, source: str) -> int:
        from ..obs.srt_settings import DEDICATED_PROFILE_NOTE, apply_srt_settings

        held = await apply_srt_settings(
            link, ObsBackups(), ingest_url, stored.stream.streamer_key,
            observer=_observer(link), known_keys=known_keys, dedicated_profile=dedicated,
        )
        profile, _ = await link.get_profiles()
        public = _public_service(held)
        if args.json:
            print_json({"stream_id": stored.stream.id, "profile": profile, "service": public})
            return 0
        print(f"OBS now streams stream {stored.stream.id} to {public['server']}.")
        print(f"Profile: {profile}")
        if dedicated:
            print(DEDICATED_PROFILE_NOTE)
        return 0

    return _with_link(apply)


def run_restore(args: argparse.Namespace) -> int:
    from ..obs.srt_settings import restorable
    from ..storage.obs_backups import ObsBackups
    from ..storage.obs_output_backups import ObsOutputBackups
    from ..storage.stream_store import StreamStore

    known_keys = [s.stream.streamer_key for s in StreamStore().streams()]
    choices = restorable(ObsBackups(), known_keys)
    if args.list:
        return _print_restore_choices(choices, as_json=args.json)
    chosen = None
    if args.pick is not None:
        if not 1 <= args.pick <= len(choices):
            raise UsageError(
                f"There is no saved setting number {args.pick}: "
                + (f"there are {len(choices)}." if choices else "none is saved."),
                "Run 'comprimato-companion obs restore --list' to see them.",
            )
        chosen = choices[args.pick - 1]

    async def restore(link: ObsLink, info: ObsConnectionInfo, source: str) -> int:
        from ..obs.output_settings import restore_output_settings
        from ..obs.srt_settings import refuse_while_streaming, restore_previous_settings

        observer = _observer(link)
        # Refused before anything changes: the stream settings' restore refuses too.
        await refuse_while_streaming(observer)
        # The output settings first, as the window's Restore: they belong to the profile
        # OBS is on now, which restoring the stream settings may switch away from.
        output_profile = await restore_output_settings(link, ObsOutputBackups())
        restored = await restore_previous_settings(
            link, ObsBackups(), observer=observer, known_keys=known_keys, chosen=chosen
        )
        if args.json:
            print_json(
                {
                    "restored": restored is not None,
                    "profile": restored.profile if restored else None,
                    "changed": restored.changed if restored else False,
                    "service": _public_service(restored.service) if restored else None,
                    "output_restored": output_profile is not None,
                }
            )
            return 0
        if output_profile is not None:
            print(f"OBS profile '{output_profile}' has your own output settings back.")
        if restored is None and output_profile is None:
            print("There is nothing to restore: OBS's own settings were never changed here.")
        elif restored is None:
            print("No stream settings of yours were saved here: OBS's stream settings are "
                  "unchanged.")
        elif not restored.changed:
            print(
                f"OBS profile '{restored.profile}' already has your own stream settings; "
                "nothing was changed."
            )
        else:
            switched = " (OBS was switched to that profile)" if restored.switched_profile else ""
            print(
                f"OBS profile '{restored.profile}' has your own stream settings back "
                f"({restored.service.type}){switched}."
            )
        return 0

    return _with_link(restore)


def _print_restore_choices(choices: list[ObsBackup], *, as_json: bool) -> int:
    """``obs restore --list``: every saved setting of the user's, numbered, no secrets."""
    from ..obs.link import ServiceSettings
    from ..obs.srt_settings import describe_backup

    if as_json:
        print_json(
            [
                {
                    "number": number,
                    "profile": backup.profile,
                    "saved_at": backup.saved_at or None,
                    "what": describe_backup(backup),
                    **_public_service(ServiceSettings(backup.type, backup.settings)),
                }
                for number, backup in enumerate(choices, start=1)
            ]
        )
        return 0
    if not choices:
        print("No stream settings of yours are saved here: OBS's own were never replaced.")
        return 0
    for number, backup in enumerate(choices, start=1):
        when = backup.saved_at[:19].replace("T", " ") + " UTC" if backup.saved_at else "earlier"
        print(f"{number}. {describe_backup(backup)}, profile '{backup.profile}', saved {when}")
    print("Give one back with 'comprimato-companion obs restore --pick N'.")
    return 0


def run_output(args: argparse.Namespace) -> int:
    from ..storage.obs_output_backups import ObsOutputBackups

    backups = ObsOutputBackups()

    async def output(link: ObsLink, info: ObsConnectionInfo, source: str) -> int:
        from ..obs.output_settings import (
            check_output_settings,
            fix_keyframes,
            restore_output_settings,
        )

        if args.restore:
            profile = await restore_output_settings(link, backups)
            if args.json:
                print_json({"restored": profile is not None, "profile": profile})
            elif profile is None:
                print("There is nothing to restore for this OBS profile.")
            else:
                print(f"OBS profile '{profile}' has its own output settings back.")
            return 0
        check = await (fix_keyframes if args.fix else check_output_settings)(link, backups)
        # A check that found a problem worked: 0, with the advice (a fix that cannot be
        # made raises KeyframesNotFixable: 1).
        if args.json:
            print_json(check.to_json())
            return 0
        seconds = check.keyframe_seconds
        interval = f"a keyframe every {seconds:.1f} s" if seconds is not None else "unknown"
        print(f"OBS profile '{check.profile}', {check.mode} output mode"
              f"{', ' + check.encoder if check.encoder else ''}, {check.fps:g} fps: {interval}.")
        if check.ok:
            print("Players can use what OBS sends." + (
                " The keyframe interval applies from the next time OBS starts streaming."
                if args.fix else ""))
            return 0
        for problem in check.problems:
            print(f"- {problem}")
        print(f"Fix it with '{command_line('obs output --fix')}'." if check.fixable
              else check.where)
        return 0

    return _with_link(output)


def _ingest_url(args: argparse.Namespace, settings: Any) -> str:
    from ..storage.preferences import resolve_endpoints
    from ..storage.settings import check_ingest_url

    ingest_url = resolve_endpoints(settings, ingest_url=args.ingest_url).ingest_url.strip()
    problem = check_ingest_url(ingest_url)
    if problem:
        raise UsageError(problem, "Use --ingest-url srt://host:port or COMPRIMATO_INGEST_URL.")
    return ingest_url


def _stored_stream(store: StreamStore, stream_id: str) -> StoredStream:
    """The stored stream with this id, or a unique prefix of one (the window's short id)."""
    from .stream_ids import full_stream_id

    stored = store.get(full_stream_id(stream_id, store))
    if stored is None:  # 1, as everywhere: the command was right, the stream is not here
        raise CompanionError(
            f"No stream {stream_id} is kept on this computer.",
            f"Run '{command_line('streams list')}' to see the streams, or create one.",
        )
    return stored


# --- start and stop -----------------------------------------------------------------------


def run_start(args: argparse.Namespace) -> int:
    from ..storage.obs_backups import ObsBackups
    from ..storage.stream_store import StreamStore

    timeout = positive_timeout(args.timeout, START_TIMEOUT)
    settings = load_saved_settings()
    ingest_url = _ingest_url(args, settings)
    store = StreamStore()
    streams = store.streams()
    chosen = _stored_stream(store, args.id) if args.id else None

    async def start(link: ObsLink, info: ObsConnectionInfo, source: str) -> int:
        from ..golive.flow import labels_of, start_checked, stream_label
        from ..obs.errors import ObsBusyStreaming, ObsHoldsOtherSettings
        from ..obs.output_state import OutputState
        from ..obs.srt_settings import describe_service, holds_stream

        # OBS's output through the window's own observer and its tracker (events and reads).
        observer = _observer(link, start_timeout=timeout)
        target = chosen
        if target is None:
            # No stream named: only a stored stream OBS already holds may start.
            service = await link.get_stream_service_settings()
            target = next(
                (s for s in streams
                 if holds_stream(service, ingest_url, s.stream.streamer_key, link.version)),
                None,
            )
            if target is None:
                status = await observer.read_output()
                if status.active or status.reconnecting:
                    raise ObsBusyStreaming(
                        f"OBS is already streaming to {describe_service(service)}, which is "
                        "not a Comprimato stream of this computer.",
                        f"Stop that stream in OBS (or run '{command_line('obs stop')}') "
                        "first if you want to stream a Comprimato stream.",
                    )
                raise ObsHoldsOtherSettings(
                    describe_service(service), "a Comprimato stream of this computer",
                    f"Run '{command_line('obs start ID')}' to send a stream to OBS and "
                    "start it, or start streaming in OBS yourself.",
                )
        try:
            await observer.start()  # subscribed before StartStream: no event is missed
            began = time.monotonic()

            async def before_start() -> None:
                observer.expect_start()

            # An output already running is read by start_checked, and its tracker takes it.
            outcome = await start_checked(
                link, ObsBackups(),
                observer=observer,
                ingest_url=ingest_url,
                streamer_key=target.stream.streamer_key,
                stream_label=stream_label(target),
                known_keys=[s.stream.streamer_key for s in streams],
                stream_labels=labels_of(streams),
                dedicated_profile=settings.use_dedicated_obs_profile,
                before_start=before_start,
            )
            state = await _wait_output(link, observer.tracker, OutputState.LIVE, timeout)
            seconds = time.monotonic() - began
        finally:
            await observer.close()
        if args.json:
            print_json(
                {
                    "output": state.value,
                    "stream_id": target.stream.id,
                    "sent": outcome.sent,
                    "seconds": round(seconds, 2),
                }
            )
        else:
            sent = "; its settings were sent to OBS first" if outcome.sent else ""
            print(f"OBS is live with {stream_label(target)} after {seconds:.1f} s{sent}.")
        return 0

    return _with_link(start)


def run_stop(args: argparse.Namespace) -> int:
    from ..storage.preferences import resolve_endpoints
    from ..storage.stream_store import StreamStore

    timeout = positive_timeout(args.timeout, STOP_TIMEOUT)
    settings = load_saved_settings()
    ingest_url = resolve_endpoints(settings, ingest_url=args.ingest_url).ingest_url.strip()
    streams = StreamStore().streams()

    async def stop(link: ObsLink, info: ObsConnectionInfo, source: str) -> int:
        from ..errors import WaitTimedOut
        from ..golive.flow import stop_checked
        from ..obs.errors import ObsTimedOut
        from ..obs.output_state import OutputState

        # OBS's output through the window's own observer and its tracker (its first read
        # takes the output as it is, events and reads follow it).
        observer = _observer(link)
        try:
            await observer.start()
            try:
                outcome = await stop_checked(
                    link, observer=observer, streams=streams, ingest_url=ingest_url
                )
            except ObsTimedOut:
                # The link waits --timeout for OBS to stop: still streaming is a timeout.
                if not link.connected or not (await observer.read_output()).active:
                    raise
                raise WaitTimedOut(
                    f"OBS still streams {timeout:g} s after it was asked to stop.",
                    "Check OBS, then try again with a longer --timeout.",
                ) from None
            if outcome.was_streaming:
                # The link saw the output inactive; its STOPPED event can come much later
                # (OBS 29 under load: over 15 s), so the status read counts as well.
                await observer.read_output()
                await _wait_output(
                    link, observer.tracker, (OutputState.STOPPED, OutputState.FAILED), timeout
                )
        finally:
            await observer.close()
        if args.json:
            print_json(
                {
                    "output": OutputState.STOPPED.value,
                    "was_streaming": outcome.was_streaming,
                    "stopped": outcome.label if outcome.was_streaming else None,
                }
            )
        elif outcome.was_streaming:
            print(f"OBS has stopped streaming {outcome.label}.")
        else:
            print("OBS is not streaming.")
        return 0

    return _with_link(stop, stop_timeout=timeout)


def _observer(link: ObsLink, *, start_timeout: float = START_TIMEOUT) -> ObsObserver:
    """The window's own observer on a command's link: what reads OBS's output. Unstarted,
    each check is one read through the link; started, its tracker follows OBS's events."""
    from ..obs.observer import ObsObserver

    return ObsObserver(link, start_timeout=start_timeout)


async def _wait_output(
    link: ObsLink,
    tracker: OutputTracker,
    states: OutputState | tuple[OutputState, ...],
    timeout: float,  # noqa: ASYNC109 - handed to the tracker
) -> OutputState:
    """The tracker's wait, cut short when the link to OBS dies meanwhile."""
    from ..obs.link import ConnectionLost

    loop = asyncio.get_running_loop()
    lost: asyncio.Future[None] = loop.create_future()

    def on_event(event: object) -> None:
        if isinstance(event, ConnectionLost) and not lost.done():
            lost.set_exception(event.error)

    unsubscribe = link.add_listener(on_event)
    waiting = asyncio.ensure_future(tracker.wait_for(states, timeout))
    pending: set[asyncio.Future[Any]] = {waiting, lost}
    try:
        await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
        if lost.done():
            lost.result()  # raises the link's error
        return await waiting
    finally:
        unsubscribe()
        waiting.cancel()
        if not lost.done():
            lost.cancel()


# --- shared -------------------------------------------------------------------------------


def _with_link(
    body: Callable[[ObsLink, ObsConnectionInfo, str], Awaitable[_T]],
    *,
    stop_timeout: float | None = None,
) -> _T:
    """Connect to OBS, run ``body``, always disconnect; ``stop_timeout``: how long the
    link waits for OBS to stop streaming (the link's default when ``None``)."""
    settings = load_saved_settings()
    info, source = resolve_obs_for_cli(settings)

    async def run() -> _T:
        from ..obs.link import ObsLink

        link = ObsLink() if stop_timeout is None else ObsLink(stop_timeout=stop_timeout)
        await link.connect(info, timeout=CONNECT_TIMEOUT)
        try:
            return await body(link, info, source)
        finally:
            await link.close()

    return asyncio.run(run())


def _public_service(service: ServiceSettings) -> dict[str, Any]:
    """The service without secrets: its type and server (a streamid in the URL hidden)."""
    from ..obs.srt_settings import public_server

    return {"type": service.type, "server": public_server(service) or None}


def _duration(seconds: float) -> str:
    whole = int(seconds)
    return f"{whole // 3600}:{whole // 60 % 60:02}:{whole % 60:02}"
