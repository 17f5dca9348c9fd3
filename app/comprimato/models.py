"""The stream resource as the API returns it, and the addresses made from it.

Parsing is tolerant by design (see the API notes): extra fields are kept, the status is
compared case-insensitively and an unknown status is kept as-is.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urlsplit

from ..i18n import translate
from .errors import ResponseNotUnderstood

KNOWN_FIELDS = ("id", "streamer_key", "player_key", "status")
LIST_WRAPPERS = ("streams", "data", "items")


class StreamState(enum.Enum):
    """The two documented states, plus whatever else the API may say."""

    STOPPED = "stopped"
    RUNNING = "running"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Stream:
    """One Comprimato stream resource.

    Attributes:
        id: the resource id used in every other API call.
        streamer_key: authenticates SRT input; a secret, never in ``repr()``.
        player_key: shareable; whoever has it can watch.
        status: the status exactly as the API wrote it (``Stopped``, ``Running``, ...).
        extra: fields the API sent that this version does not know; kept, never dropped.
    """

    id: str
    streamer_key: str = field(repr=False)
    player_key: str
    status: str = "Stopped"
    extra: Mapping[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def state(self) -> StreamState:
        """The status as a known state; anything else is ``UNKNOWN`` (shown as-is)."""
        try:
            return StreamState(self.status.strip().lower())
        except ValueError:
            return StreamState.UNKNOWN

    @property
    def is_running(self) -> bool:
        return self.state is StreamState.RUNNING

    def to_json(self) -> dict[str, Any]:
        """The API's own shape, unknown fields included."""
        return {
            **dict(self.extra),
            "id": self.id,
            "streamer_key": self.streamer_key,
            "player_key": self.player_key,
            "status": self.status,
        }


def parse_stream(body: object) -> Stream:
    """One stream from a decoded JSON body; raises ``ResponseNotUnderstood`` otherwise.

    Also reads every entry of the local store (thousands at start-up), hence the direct
    path for the common body of exactly the four known fields.
    """
    if not isinstance(body, Mapping):
        raise ResponseNotUnderstood(
            translate("ComprimatoClient", "expected a JSON object for a stream")
        )
    stream_id = body.get("id")
    streamer_key = body.get("streamer_key")
    player_key = body.get("player_key")
    if not (
        isinstance(stream_id, str) and stream_id.strip()
        and isinstance(streamer_key, str) and streamer_key.strip()
        and isinstance(player_key, str) and player_key.strip()
    ):
        unusable = next(
            name
            for name, value in (
                ("id", stream_id), ("streamer_key", streamer_key), ("player_key", player_key)
            )
            if not isinstance(value, str) or not value.strip()
        )
        raise ResponseNotUnderstood(
            translate("ComprimatoClient", "the stream has no usable {field}").format(
                field=repr(unusable)
            )
        )
    status = body.get("status", "Stopped")
    if status is None:
        status = "Stopped"
    elif not isinstance(status, str):
        status = str(status)
    if len(body) == len(KNOWN_FIELDS) and "status" in body:
        extra: dict[str, Any] = {}
    else:
        extra = {k: v for k, v in body.items() if k not in KNOWN_FIELDS and isinstance(k, str)}
    return _new_stream(stream_id, streamer_key, player_key, status, extra)


def _new_stream(
    stream_id: str, streamer_key: str, player_key: str, status: str, extra: dict[str, Any]
) -> Stream:
    """``Stream(...)`` for values already checked, at a third of the cost.

    A frozen dataclass sets each field through ``object.__setattr__``; filling the instance
    dictionary at once gives the same object (equality, hash, repr, immutability).
    """
    stream = object.__new__(Stream)
    stream.__dict__.update(
        id=stream_id, streamer_key=streamer_key, player_key=player_key, status=status,
        extra=extra,
    )
    return stream


def parse_stream_list(body: object) -> list[Stream]:
    """A list of streams: a JSON array, or an object wrapping one (streams/data/items)."""
    items: object = body
    if isinstance(body, Mapping):
        for wrapper in LIST_WRAPPERS:
            if isinstance(body.get(wrapper), list):
                items = body[wrapper]
                break
        else:
            raise ResponseNotUnderstood(
                translate("ComprimatoClient", "expected a JSON array of streams")
            )
    if not isinstance(items, list):
        raise ResponseNotUnderstood(
            translate("ComprimatoClient", "expected a JSON array of streams")
        )
    return [parse_stream(item) for item in items]


#: Characters a query value may hold as they are (RFC 3986), except ``&`` and ``+``.
_RAW_IN_STREAMID = "!$'()*,/:;=?@"


def srt_url(ingest_url: str, streamer_key: str) -> str:
    """The full SRT address an encoder needs (ffmpeg, vMix, hardware): key as ``streamid``.

    ``ingest_url`` is ``srt://host:port``; an existing query is kept. FFmpeg and OBS do not
    percent-decode the streamid, so every character that can travel raw does; only those
    that cannot (``&``, ``+``, ``%``, ``#``, spaces, non-ASCII) are percent-encoded.
    """
    base = ingest_url.rstrip("/")
    return f"{base}{query_separator(base)}streamid={quote(streamer_key, safe=_RAW_IN_STREAMID)}"


def query_separator(url: str) -> str:
    """``&`` when ``url`` already has a query, else ``?``: what comes before one more field."""
    try:
        has_query = bool(urlsplit(url).query)
    except ValueError:  # not a URL urlsplit accepts (an unclosed IPv6 bracket)
        has_query = "?" in url
    return "&" if has_query else "?"


def player_url(template: str, player_key: str) -> str:
    """The shareable player link made from the user's template."""
    return template.replace("{player_key}", quote(player_key, safe=""))
