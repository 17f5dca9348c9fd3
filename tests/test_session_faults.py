"""The session when its own parts fail: the store, the settings file, the API's answer.

Each failure must end in a notice with the next step, never in a window stuck at
"Starting…", a lost stream, a duplicate on the user's retry or the "fault in the program"
dialog. Real sandbox and fake OBS; where a disk fault cannot be made real for a root test
process (permissions do not stop root), a store subclass raises exactly what the real
store raises on a full disk.
"""

from __future__ import annotations

import asyncio
import os
from pathlib import Path
from typing import Any

import pytest

from comprimato_companion.comprimato.errors import CreateOutcomeUnknown
from comprimato_companion.comprimato.models import Stream
from comprimato_companion.golive.errors import StartFailed
from comprimato_companion.golive.session import CompanionSession
from comprimato_companion.golive.view_state import (
    AREA_CREATE,
    AREA_GENERAL,
    AREA_LIST,
    BUSY_STARTING,
    FIX_RETRY_START,
    fix_for,
)
from comprimato_companion.storage.atomic import StorageError
from comprimato_companion.storage.settings import Settings, SettingsFile
from comprimato_companion.storage.stream_store import StoredStream, StreamStore
from tests.support.fake_obs import FakeObs
from tests.support.session_rigs import make_session
from tests.support.waits import until


class FailingStore(StreamStore):
    """A stream store whose disk refuses chosen writes, as a full disk does.

    Attributes:
        failing: the names of the methods that fail (``add``, ``update``).
        attempts: how many times each was called.
    """

    def __init__(self, path: Path, failing: set[str]) -> None:
        super().__init__(path)
        self.failing = failing
        self.attempts: dict[str, int] = {}

    def _fail(self, name: str) -> None:
        self.attempts[name] = self.attempts.get(name, 0) + 1
        if name in self.failing:
            raise StorageError(
                f"The stream list could not be saved to {self.path} (No space left on device).",
                "Check that the disk is not full and that you can write to the folder.",
            )

    def add(self, stream: Stream, api_url: str, name: str = "") -> StoredStream:
        self._fail("add")
        return super().add(stream, api_url, name)

    def update(self, stream: Stream) -> None:
        self._fail("update")
        super().update(stream)


def session_with_store(
    tmp_path: Path, store: StreamStore, env: dict[str, str]
) -> CompanionSession:
    settings_file = SettingsFile(tmp_path / "config" / "settings.json")
    settings_file.save(Settings(welcome_done=True))
    return CompanionSession(
        sandbox=True, settings_file=settings_file, store=store, env={**os.environ, **env}
    )


async def test_start_failure_is_a_notice_with_a_retry_that_works(
    tmp_path: Path, closed_port: int
) -> None:
    # The data folder's place is taken by a file: the stream list cannot be opened.
    blocker = tmp_path / "data"
    blocker.write_text("not a folder")
    session = make_session(tmp_path, env={"OBS_WEBSOCKET_URL": f"obsws://127.0.0.1:{closed_port}"})
    try:
        with pytest.raises(StartFailed) as caught:
            await session.start()
        state = session.state
        assert BUSY_STARTING not in state.busy, "the window would say Starting… for good"
        notice = state.notices[AREA_GENERAL]
        assert "could not start" in notice.message.lower()
        assert str(blocker / "streams.json") in notice.message
        assert notice.next_step and notice.fix == FIX_RETRY_START
        assert fix_for(caught.value) == FIX_RETRY_START

        blocker.unlink()  # the user moved the file away
        await session.retry_start()
        assert session.state.ready and BUSY_STARTING not in session.state.busy
        assert AREA_GENERAL not in session.state.notices
        stored = await session.create_stream()
        assert [s.stream.id for s in session.state.streams] == [stored.stream.id]
    finally:
        await session.close()


async def test_create_answer_not_readable_is_outcome_unknown_and_the_stream_shows(
    tmp_path: Path, closed_port: int
) -> None:
    session = make_session(tmp_path, env={"OBS_WEBSOCKET_URL": f"obsws://127.0.0.1:{closed_port}"})
    await session.start()
    try:
        sandbox = session.sandbox
        assert sandbox is not None
        sandbox.faults.create_then_garbage()
        with pytest.raises(CreateOutcomeUnknown):
            await session.create_stream()
        assert "no duplicate" in session.state.notices[AREA_CREATE].next_step.lower() or (
            "not repeated" in session.state.notices[AREA_CREATE].next_step
        )
        # The stream was made: the refresh after the unknown outcome brings it into the list.
        await until(lambda: len(session.state.streams) == 1, what="the refreshed list")
        assert sandbox.request_count("POST", "/v1/streams") == 1
        assert [s.id for s in sandbox.registry.list()] == [
            s.stream.id for s in session.state.streams
        ]
    finally:
        await session.close()


async def test_store_failure_after_create_keeps_the_stream_and_saves_it_later(
    tmp_path: Path, closed_port: int
) -> None:
    store = FailingStore(tmp_path / "data" / "streams.json", {"add"})
    session = session_with_store(
        tmp_path, store, {"OBS_WEBSOCKET_URL": f"obsws://127.0.0.1:{closed_port}"}
    )
    await session.start()
    try:
        sandbox = session.sandbox
        assert sandbox is not None
        stored = await session.create_stream()  # made on Comprimato: not a failed create
        state = session.state
        assert state.selected is not None and state.selected.stream.id == stored.stream.id
        assert [s.stream.id for s in state.streams] == [stored.stream.id]
        notice = state.notices[AREA_CREATE]
        assert "could not be saved" in notice.message and "No space left" in notice.message
        assert notice.next_step
        assert store.attempts["add"] >= 2, "the write is tried again before giving up"
        assert sandbox.request_count("POST", "/v1/streams") == 1

        # A refresh while the disk is still full does not lose it; a name given meanwhile
        # is kept with it.
        await session.refresh()
        assert stored.stream.id in {s.stream.id for s in session.state.streams}
        await session.rename(stored.stream.id, "Saturday match")

        store.failing.clear()  # space again
        await session.refresh()
        saved = {s.stream.id: s.name for s in StreamStore(store.path).load()}
        assert saved == {stored.stream.id: "Saturday match"}
        assert AREA_CREATE not in session.state.notices
        assert sandbox.request_count("POST", "/v1/streams") == 1
    finally:
        await session.close()


async def test_a_deleted_unsaved_stream_does_not_come_back(
    tmp_path: Path, closed_port: int
) -> None:
    store = FailingStore(tmp_path / "data" / "streams.json", {"add"})
    session = session_with_store(
        tmp_path, store, {"OBS_WEBSOCKET_URL": f"obsws://127.0.0.1:{closed_port}"}
    )
    await session.start()
    try:
        stored = await session.create_stream()
        await session.delete(stored.stream.id)
        store.failing.clear()
        await session.refresh()
        assert session.state.streams == ()
        assert StreamStore(store.path).load() == []
    finally:
        await session.close()


async def test_store_failure_in_background_is_a_notice_not_a_fault_dialog(
    tmp_path: Path, fake_obs: FakeObs
) -> None:
    loop = asyncio.get_running_loop()
    unhandled: list[dict[str, Any]] = []
    previous_handler = loop.get_exception_handler()
    loop.set_exception_handler(lambda _loop, context: unhandled.append(context))
    store = FailingStore(tmp_path / "data" / "streams.json", {"update"})
    session = session_with_store(tmp_path, store, {"OBS_WEBSOCKET_URL": fake_obs.url})
    await session.start()
    try:
        sandbox = session.sandbox
        assert sandbox is not None
        stored = await session.create_stream()
        # A publisher arrives and sends media: Comprimato reports the stream Running, and
        # the live watch writes that status to the store in the background.
        key = stored.stream.streamer_key
        assert sandbox.registry.admit(key) is None
        sandbox.registry.media(key, 1316)
        await until(lambda: "update" in store.attempts, what="the background status write")
        await until(lambda: AREA_LIST in session.state.notices, what="the notice")
        assert "could not be saved" in session.state.notices[AREA_LIST].message
        await asyncio.sleep(0)  # let a never-retrieved task exception reach the handler
        import gc

        gc.collect()
        assert unhandled == [], "a failure of background work reached the fault dialog"
    finally:
        await session.close()
        loop.set_exception_handler(previous_handler)


async def test_update_settings_changes_nothing_until_saved(
    tmp_path: Path, fake_obs: FakeObs
) -> None:
    session = make_session(tmp_path, env={"OBS_WEBSOCKET_URL": fake_obs.url})
    await session.start()
    try:
        await until(lambda: session.state.obs.connected, what="the fake OBS link")
        before = session.state.settings
        config = tmp_path / "config"
        (config / "settings.json").unlink()
        config.rmdir()
        config.write_text("not a folder")  # the settings cannot be saved
        with pytest.raises(StorageError):
            await session.update_settings(
                Settings(welcome_done=True, send_to_obs_automatically=False)
            )
        assert session.state.settings == before
        # The unsaved choice is not in effect: a new stream still goes to OBS at once.
        stored = await session.create_stream()
        assert fake_obs.service().service_settings.get("key") == stored.stream.streamer_key
    finally:
        await session.close()
