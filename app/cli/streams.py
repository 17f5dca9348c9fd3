"""`comprimato-companion streams create|list|show ID|delete ID [--json]`.

Every stream created here is kept in the local store at once, so it is never lost even
when the API cannot list streams. ``--json`` prints machine-readable JSON on stdout only;
notes (a local fallback, a refreshed list) go to stderr.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from typing import TYPE_CHECKING, Any

from ..comprimato.models import Stream, player_url, srt_url
from ..errors import CompanionError, ExitCode
from ..program_command import command_line
from .common import (
    ComprimatoConfig,
    add_comprimato_options,
    print_json,
    resolve_comprimato_config,
)

if TYPE_CHECKING:
    from ..comprimato.client import ComprimatoClient
    from ..storage.stream_store import StoredStream, StreamStore


def add_parser(sub: Any) -> None:
    parser: argparse.ArgumentParser = sub.add_parser(
        "streams",
        help="create, list, show and delete Comprimato streams",
        description="Create, list, show and delete Comprimato streams. The API key comes "
        "from COMPRIMATO_API_KEY or the system keyring, never from an option.",
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)

    create = actions.add_parser(
        "create",
        help="create a stream and print its addresses",
        description="Create a stream on Comprimato, keep it on this computer, and print the "
        "player link to share and the SRT address for your encoder. The SRT address contains "
        "the streamer key: whoever has it can broadcast, so keep it private.",
    )
    create.add_argument("--name", default="", help="a name to remember it by (kept locally)")
    add_comprimato_options(create)
    create.set_defaults(func=run_create)

    listing = actions.add_parser(
        "list",
        help="list your streams",
        description="List your streams on Comprimato (or, when the API cannot list them, "
        "the ones kept on this computer). The table leaves the streamer keys out; --json "
        "includes them.",
    )
    add_comprimato_options(listing)
    listing.set_defaults(func=run_list)

    show = actions.add_parser(
        "show",
        help="show one stream with its current status",
        description="Show one stream with its current status (Running while Comprimato "
        "receives its SRT input), its player link and its SRT address.",
    )
    show.add_argument("id", help="the stream's id, as 'streams list' shows it")
    add_comprimato_options(show)
    show.set_defaults(func=run_show)

    delete = actions.add_parser(
        "delete",
        help="delete a stream on Comprimato",
        description="Delete a stream on Comprimato and forget it on this computer. An "
        "encoder still sending to it is disconnected. This cannot be undone.",
    )
    delete.add_argument("id", help="the stream's id, as 'streams list' shows it")
    add_comprimato_options(delete)
    delete.set_defaults(func=run_delete)


# --- commands ---------------------------------------------------------------------------


def run_create(args: argparse.Namespace) -> int:
    config = resolve_comprimato_config(args)
    return asyncio.run(_create(config, args.name, as_json=args.json))


def run_list(args: argparse.Namespace) -> int:
    config = resolve_comprimato_config(args)
    return asyncio.run(_list(config, as_json=args.json))


def run_show(args: argparse.Namespace) -> int:
    from .stream_ids import full_stream_id

    config = resolve_comprimato_config(args)
    return asyncio.run(_show(config, full_stream_id(args.id, _store()), as_json=args.json))


def run_delete(args: argparse.Namespace) -> int:
    from .stream_ids import full_stream_id

    config = resolve_comprimato_config(args)
    return asyncio.run(_delete(config, full_stream_id(args.id, _store()), as_json=args.json))


async def _create(config: ComprimatoConfig, name: str, *, as_json: bool) -> int:
    from ..comprimato.errors import ComprimatoError, CreateOutcomeUnknown

    store = _store()
    async with _client(config) as client:
        try:
            stream = await client.create_stream()
        except CreateOutcomeUnknown as error:
            _note(str(error))
            before = {s.stream.id for s in store.streams(config.api_url)}
            try:
                listed = await client.list_streams()
            except ComprimatoError as refresh_error:
                _note(f"The stream list could not be refreshed either: {refresh_error}")
                return error.exit_code
            store.merge_remote(config.api_url, listed)
            new = [s.id for s in listed if s.id not in before]
            if new:
                _note(
                    f"Refreshed the stream list: {len(new)} stream(s) not known here before, "
                    f"now saved on this computer ({', '.join(new)}). It was most likely made; "
                    f"see `{command_line('streams list')}` before creating another."
                )
            else:
                _note("Refreshed the stream list: no new stream there, so none was made. "
                      "You can create one again.")
            return error.exit_code
    try:
        stored_name = store.add(stream, config.api_url, name).name
    except CompanionError as error:  # made on Comprimato: still print it, so it is not lost
        _note(f"The new stream could not be saved on this computer: {error}")
        stored_name = name
    _notice(store)
    if as_json:
        print_json({
            "id": stream.id,
            "streamer_key": stream.streamer_key,
            "player_key": stream.player_key,
            "status": stream.status,
            "srt_url": srt_url(config.ingest_url, stream.streamer_key),
            "player_url": player_url(config.player_url_template, stream.player_key),
        })
        return ExitCode.OK
    title = f" “{stored_name}”" if stored_name else ""
    print(f"Created stream{title} {stream.id} ({stream.status}).")
    print()
    print("  Share this player link:")
    print(f"    {player_url(config.player_url_template, stream.player_key)}")
    print()
    print("  Send your encoder here (the streamer key is in it: keep it private):")
    print(f"    {srt_url(config.ingest_url, stream.streamer_key)}")
    print(f"    SRT server {config.ingest_url}, stream id = streamer key {stream.streamer_key}")
    print()
    print(f"  Saved on this computer; see `{command_line('streams list')}`.")
    return ExitCode.OK


async def _list(config: ComprimatoConfig, *, as_json: bool) -> int:
    from ..comprimato.errors import FeatureUnavailable

    store = _store()
    async with _client(config) as client:
        try:
            listed = await client.list_streams()
        except FeatureUnavailable as error:
            local = store.streams(config.api_url)
            _note(f"{error.message} Showing the {len(local)} stream(s) kept on this computer.")
            rows = [_row(config, s.stream, s) for s in local]
        else:
            store.merge_remote(config.api_url, listed)
            rows = [_row(config, s, store.get(s.id)) for s in listed]
    _notice(store)
    if as_json:
        print_json(rows)
        return ExitCode.OK
    if not rows:
        print(f"No streams yet. Create one with `{command_line('streams create')}`.")
        return ExitCode.OK
    _print_table(rows)
    return ExitCode.OK


async def _show(config: ComprimatoConfig, stream_id: str, *, as_json: bool) -> int:
    from ..comprimato.errors import FeatureUnavailable

    store = _store()
    async with _client(config) as client:
        try:
            stream = await client.get_stream(stream_id)
        except FeatureUnavailable as error:
            stored = store.get(stream_id)
            if stored is None:
                raise
            _note(f"{error.message} Showing what this computer knows; the status may be old.")
            stream = stored.stream
        else:
            store.update(stream)
            stored = store.get(stream_id)
    _notice(store)
    row = _row(config, stream, stored)
    if as_json:
        print_json(row)
        return ExitCode.OK
    print(f"Stream {stream.id}")
    for label, key in (("Status", "status"), ("Name", "name"), ("Created", "created_at"),
                       ("Player link", "player_url"), ("SRT address", "srt_url")):
        if row[key]:
            value = _short_time(row[key]) if key == "created_at" else row[key]
            print(f"  {label + ':':<13} {value}")
    print("  (the SRT address carries the streamer key: keep it private)")
    return ExitCode.OK


async def _delete(config: ComprimatoConfig, stream_id: str, *, as_json: bool) -> int:
    from ..comprimato.errors import StreamNotFound

    store = _store()
    async with _client(config) as client:
        try:
            await client.delete_stream(stream_id)
        except StreamNotFound:
            if store.get(stream_id) is None:
                raise
            store.remove(stream_id)
            _note(f"Comprimato no longer has stream {stream_id}; removed it from this computer.")
            if as_json:
                print_json({"deleted": stream_id, "already_gone": True})
            return ExitCode.OK
    store.remove(stream_id)
    _notice(store)
    if as_json:
        print_json({"deleted": stream_id, "already_gone": False})
    else:
        print(f"Deleted stream {stream_id}.")
    return ExitCode.OK


# --- helpers ----------------------------------------------------------------------------


def _client(config: ComprimatoConfig) -> ComprimatoClient:
    from ..comprimato.client import ComprimatoClient

    return ComprimatoClient(config.api_url, config.api_key)


def _store() -> StreamStore:
    from ..storage.stream_store import StreamStore

    return StreamStore()


def _row(config: ComprimatoConfig, stream: Stream, stored: StoredStream | None) -> dict[str, Any]:
    """One stream as the commands print it (JSON or a table row)."""
    return {
        "id": stream.id,
        "status": stream.status,
        "name": stored.name if stored else "",
        "created_at": stored.created_at if stored else "",
        "streamer_key": stream.streamer_key,
        "player_key": stream.player_key,
        "srt_url": srt_url(config.ingest_url, stream.streamer_key),
        "player_url": player_url(config.player_url_template, stream.player_key),
    }


def _print_table(rows: list[dict[str, Any]]) -> None:
    """A plain table; streamer keys stay out of it (a list is often shown to others)."""
    columns = (("ID", "id"), ("STATUS", "status"), ("NAME", "name"),
               ("CREATED", "created_at"), ("PLAYER LINK", "player_url"))
    cells = [[_short_time(row[key]) if key == "created_at" else str(row[key])
              for _, key in columns] for row in rows]
    widths = [max(len(title), *(len(line[i]) for line in cells))
              for i, (title, _) in enumerate(columns)]
    print("  ".join(title.ljust(w) for (title, _), w in zip(columns, widths, strict=True)).rstrip())
    for line in cells:
        print("  ".join(cell.ljust(w) for cell, w in zip(line, widths, strict=True)).rstrip())


def _short_time(iso: str) -> str:
    """``2024-05-01T10:00:00+00:00`` -> ``2024-05-01 10:00 UTC`` for the table."""
    if len(iso) >= 16 and iso[10] == "T":
        return f"{iso[:10]} {iso[11:16]} UTC"
    return iso


def _note(sentence: str) -> None:
    print(f"comprimato-companion: {sentence}", file=sys.stderr)


def _notice(store: StreamStore) -> None:
    if store.notice:
        _note(store.notice)
