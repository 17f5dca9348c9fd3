"""StreamStore across real processes: SIGKILL in the middle of writes, concurrent writers."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from comprimato_companion.storage.atomic import temp_files_of
from comprimato_companion.storage.stream_store import StreamStore

REPO = Path(__file__).resolve().parents[1]

#: A writer: adds streams in a loop (after "go" on stdin) and prints each id once add()
#: has returned. The padding makes each write large enough to be killed in the middle.
WRITER = """
import sys
from pathlib import Path
from comprimato_companion.comprimato.models import Stream
from comprimato_companion.storage.stream_store import StreamStore

path, prefix, count = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
store = StreamStore(path)
print("ready", flush=True)
sys.stdin.readline()
index = 0
while count < 0 or index < count:
    sid = f"{prefix}-{index}"
    stream = Stream(id=sid, streamer_key="sk-" + sid, player_key="pk-" + sid,
                    status="Stopped", extra={"padding": "x" * 4000})
    store.add(stream, "http://127.0.0.1:1/v1")
    print(sid, flush=True)
    index += 1
print("done", flush=True)
"""


def start_writer(path: Path, prefix: str, count: int) -> subprocess.Popen[str]:
    env = dict(os.environ, PYTHONPATH=str(REPO))
    process = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path), prefix, str(count)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=REPO,
        env=env,
    )
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "ready"
    return process


def go(process: subprocess.Popen[str]) -> None:
    assert process.stdin is not None
    process.stdin.write("go\n")
    process.stdin.flush()


#: Kills that must be seen landing inside a write (its temporary file made, not yet renamed).
MID_WRITE_KILLS = 5
MAX_ROUNDS = 150


@pytest.mark.slow
def test_sigkill_mid_write_leaves_old_or_new_file_with_every_confirmed_stream(
    tmp_path: Path,
) -> None:
    path = tmp_path / "data" / "streams.json"
    rng = random.Random(20240501)
    confirmed: set[str] = set()
    started = time.monotonic()
    mid_write = 0
    rounds = 0
    while mid_write < MID_WRITE_KILLS:
        assert rounds < MAX_ROUNDS, (
            f"only {mid_write} of {rounds} kills landed inside a write: the test did not "
            "test what it is about"
        )
        round_number, rounds = rounds, rounds + 1
        writer = start_writer(path, f"r{round_number}", -1)
        assert writer.stdout is not None and writer.stdin is not None
        go(writer)
        for _ in range(rng.randint(1, 4)):
            confirmed.add(writer.stdout.readline().strip())
        leftovers_before = set(temp_files_of(path))
        # A random moment inside the next add(), which takes some 20 ms here: about a
        # third of the kills land between creating the temporary file and the rename.
        time.sleep(rng.uniform(0, 0.025))
        writer.send_signal(signal.SIGKILL)
        assert writer.wait(10) == -signal.SIGKILL, "the writer ended before the kill"
        confirmed.update(line.strip() for line in writer.stdout if line.strip())
        writer.stdout.close()
        writer.stdin.close()
        # A temporary file the killed writer left behind: the kill landed mid-write.
        if set(temp_files_of(path)) - leftovers_before:
            mid_write += 1

        json.loads(path.read_bytes())  # the old or the new file, never a broken one
        store = StreamStore(path)
        stored = {s.stream.id for s in store.load()}
        assert store.notice is None
        missing = confirmed - stored
        assert not missing, f"round {round_number}: lost {sorted(missing)}"
    assert time.monotonic() - started < 120
    assert not list(path.parent.glob("streams.json.corrupt-*"))
    # The next change clears what killed writers left behind.
    StreamStore(path).rename("r0-0", "first")
    assert temp_files_of(path) == []


def test_two_processes_adding_at_once_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "streams.json"
    count = 40
    writers = [start_writer(path, prefix, count) for prefix in ("window", "cli")]
    for writer in writers:  # both are ready before either starts: they do overlap
        go(writer)
    printed: set[str] = set()
    for writer in writers:
        out, _ = writer.communicate(timeout=60)
        assert writer.returncode == 0
        lines = out.split()
        assert lines[-1] == "done"
        printed.update(lines[:-1])
    assert len(printed) == 2 * count
    stored = {s.stream.id for s in StreamStore(path).load()}
    assert stored == printed
