"""The user's streams: the Comprimato API client and the local store, owned together.

``Streams`` is the one owner of both for the window's session. It lists the streams of
the API in use (the store's, plus any the store refused to save yet), creates, renames
and deletes them on Comprimato and here, merges Comprimato's list into the store, and
records a stream's status. The store and the keyring-free parts of the client run in
worker threads; nothing here touches the window.

A stream Comprimato made but the disk refused is never dropped: failing the create would
make the user's retry a duplicate, so it stays listed (``notice`` says so) and is saved
at the next ``load`` the disk allows.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
from typing import TYPE_CHECKING

from ..comprimato.errors import StreamNotFound
from ..errors import CompanionError
from ..i18n import translate
from ..storage.atomic import StorageError
from ..storage.stream_store import StoredStream, StreamStore
from .errors import NoApiKey
from .view_state import Notice

if TYPE_CHECKING:
    from ..comprimato.client import ComprimatoClient
    from ..comprimato.models import Stream

log = logging.getLogger(__name__)


class Streams:
    """The streams of one API address, on Comprimato and on this computer.

    Args:
        store: the local store (default: the user's own).

    Attributes:
        store: the local store.
        api_url: the API address whose streams are listed ("" before ``use``).
        client: the Comprimato client in use; ``None`` without an API key.
        notice: why a created stream is not saved on this computer yet; ``None`` when all are.
    """

    def __init__(self, store: StreamStore | None = None) -> None:
        self.store = store if store is not None else StreamStore()
        self.api_url = ""
        self.client: ComprimatoClient | None = None
        self.notice: Notice | None = None
        #: Streams made on Comprimato that the store could not keep yet (disk full, say).
        self._unsaved: dict[str, StoredStream] = {}
        #: Keys of streams deleted in this run: OBS holding one is not the user's own setup.
        self._deleted_keys: set[str] = set()

    def list_notice(self, other: Notice | CompanionError | None) -> Notice | None:
        """The list's one notice: ``other`` (the API cannot list, say: an error is told as
        information), with the store's "the stream list was set aside" before it, so
        neither hides the other."""
        if isinstance(other, CompanionError):
            other = Notice(other.message, other.next_step, "info")
        aside = self.store.notice
        if not aside or (other is not None and other.message.startswith(aside)):
            return other
        if other is None:
            return Notice(aside, "", "info")
        return Notice(
            f"{aside} {other.message}",
            translate(
                "Session",
                "The streams made before are in the set-aside file only: repair it and "
                "start this program again to see them.",
            ),
            other.level,
            other.fix,
        )

    # --- the client ---------------------------------------------------------------------

    async def use(self, api_url: str, api_key: str | None) -> None:
        """List the streams of ``api_url``; talk to it with ``api_key`` (none: no client).

        Raises:
            ApiKeyUnusable, ApiUrlInvalid: from the client's own checks (then no client).
        """
        await self.close_client()
        self.api_url = api_url
        if api_key:
            self.client = await make_client(api_url, api_key)

    def require_client(self) -> ComprimatoClient:
        if self.client is None:
            raise NoApiKey()
        return self.client

    async def close_client(self) -> None:
        client, self.client = self.client, None
        if client is not None:
            await client.aclose()

    # --- the list -----------------------------------------------------------------------

    async def load(
        self, shown: tuple[StoredStream, ...] = ()
    ) -> tuple[StoredStream, ...]:
        """The streams of the API in use: the unsaved first (saved now if the disk allows),
        then the store's, newest first; ``shown`` itself when it holds the very same
        stream objects in the same order (unchanged: the window keeps its rows as they are).

        The store hands out the same objects while its file is unchanged, so this is a
        cheap test by identity; a list read afresh differs on its first item.
        """
        await self._save_unsaved()
        streams = tuple(await asyncio.to_thread(self.store.streams, self.api_url))
        if self._unsaved:
            stored_ids = {s.stream.id for s in streams}
            extra = tuple(
                s
                for s in self._unsaved.values()
                if s.api_url == self.api_url and s.stream.id not in stored_ids
            )
            streams = extra + streams
        same = len(streams) == len(shown) and all(
            a is b for a, b in zip(streams, shown, strict=True)
        )
        return shown if same else streams

    async def get(self, stream_id: str) -> StoredStream | None:
        return await asyncio.to_thread(self.store.get, stream_id)

    async def merge_remote(self) -> None:
        """Merge the streams Comprimato lists into the store.

        Raises:
            NoApiKey, FeatureUnavailable and the client's other errors.
        """
        remote = await self.require_client().list_streams()
        await asyncio.to_thread(self.store.merge_remote, self.api_url, remote)

    async def create(self) -> StoredStream:
        """A new stream on Comprimato, kept here (or in memory while the disk refuses).

        Raises:
            NoApiKey, CreateOutcomeUnknown and the client's other errors.
        """
        stream = await self.require_client().create_stream()
        return await self._keep_created(stream)

    async def rename(self, stream_id: str, name: str) -> None:
        """Rename a stream on this computer only (the API has no names)."""
        unsaved = self._unsaved.get(stream_id)
        if unsaved is not None:  # saved with its name once the store takes it
            self._unsaved[stream_id] = dataclasses.replace(unsaved, name=name.strip())
        await asyncio.to_thread(self.store.rename, stream_id, name.strip())

    async def delete(self, stream_id: str, streamer_key: str | None) -> None:
        """Delete a stream on Comprimato, then here; ``streamer_key``: its key, if known."""
        client = self.require_client()
        with contextlib.suppress(StreamNotFound):  # already gone there: forget it here
            await client.delete_stream(stream_id)
        self._unsaved.pop(stream_id, None)  # gone there: not to be saved here later
        if streamer_key:
            # OBS may still hold its key: that is no setting of the user's to keep.
            self._deleted_keys.add(streamer_key)
        await asyncio.to_thread(self.store.remove, stream_id)

    async def record_status(self, stream: Stream) -> None:
        """Keep the status Comprimato gave ``stream`` in the store."""
        await asyncio.to_thread(self.store.update, stream)

    def is_unsaved(self, stream_id: str) -> bool:
        return stream_id in self._unsaved

    async def known_keys(self, listed: tuple[StoredStream, ...] = ()) -> list[str]:
        """Every stored stream's key, of any API, and of the streams deleted in this run:
        OBS settings holding one are this program's, not the user's own."""
        stored = await asyncio.to_thread(self.store.streams)
        keys = {s.stream.streamer_key for s in stored} | self._deleted_keys
        keys |= {s.stream.streamer_key for s in listed}
        return sorted(key for key in keys if key)

    # --- the unsaved-stream fallback ----------------------------------------------------

    async def _keep_created(self, stream: Stream) -> StoredStream:
        """Save a stream Comprimato made; when the disk refuses twice, keep it in memory."""
        api_url = self.api_url
        try:
            return await asyncio.to_thread(self.store.add, stream, api_url)
        except StorageError:
            pass
        try:
            return await asyncio.to_thread(self.store.add, stream, api_url)
        except StorageError as error:
            log.warning("a new stream is kept in memory only: the store refused it")
            stored = StoredStream(stream=stream, api_url=api_url)
            self._unsaved[stream.id] = stored
            self.notice = Notice(
                translate(
                    "Session",
                    "The new stream was created on Comprimato but could not be saved on this "
                    "computer: {why}",
                ).format(why=error.message),
                translate(
                    "Session",
                    "It stays in the list and is saved as soon as the disk allows; {step}",
                ).format(step=error.next_step or translate("Session", "free some space.")),
            )
            return stored

    async def _save_unsaved(self) -> None:
        """Try again to save the streams the store refused; the notice ends once all are."""
        for stream_id, stored in list(self._unsaved.items()):
            try:
                await asyncio.to_thread(
                    self.store.add, stored.stream, stored.api_url, stored.name
                )
            except StorageError:
                return
            del self._unsaved[stream_id]
        self.notice = None


async def make_client(api_url: str, api_key: str) -> ComprimatoClient:
    """A Comprimato client, built in a worker thread (loading the TLS certificates takes
    a noticeable moment the first time).

    Raises:
        ApiKeyUnusable, ApiUrlInvalid: from the client's own checks.
    """
    from ..comprimato.client import ComprimatoClient

    return await asyncio.to_thread(ComprimatoClient, api_url, api_key)


__all__ = ["Streams", "make_client"]
