"""`comprimato-companion streams ...` run as a real subprocess against the real sandbox."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from comprimato_companion.sandbox import Sandbox
from tests.support.srt_fixtures import SrtPublisher

ROOT = Path(__file__).resolve().parent.parent


def run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    """Run the command line; the sandbox's API key must never be printed by it."""
    done = subprocess.run(
        [sys.executable, "-m", "comprimato_companion", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "Traceback" not in done.stderr, done.stderr
    key = env.get("COMPRIMATO_API_KEY")
    if key:
        assert key not in done.stdout and key not in done.stderr
    return done


def create_json(env: dict[str, str], *extra: str) -> dict[str, str]:
    done = run(env, "streams", "create", "--json", *extra)
    assert done.returncode == 0, done.stderr
    made: dict[str, str] = json.loads(done.stdout)
    return made


def test_create_json_prints_one_stream_with_its_addresses(
    sandbox_env: dict[str, str], api_sandbox: Sandbox
) -> None:
    made = create_json(sandbox_env)
    assert set(made) == {"id", "streamer_key", "player_key", "status", "srt_url", "player_url"}
    assert made["status"] == "Stopped"
    assert made["srt_url"] == f"srt://127.0.0.1:9999?streamid={made['streamer_key']}"
    assert made["player_url"] == api_sandbox.player_url_template.replace(
        "{player_key}", made["player_key"]
    )
    assert [s.id for s in api_sandbox.registry.list()] == [made["id"]]
    assert api_sandbox.request_count("POST", "/v1/streams") == 1


def test_created_streams_are_kept_locally(sandbox_env: dict[str, str], tmp_path: Path) -> None:
    made = create_json(sandbox_env, "--name", "Friday show")
    stores = list(tmp_path.rglob("streams.json"))
    assert len(stores) == 1
    saved = stores[0].read_text()
    assert made["id"] in saved and "Friday show" in saved
    assert stores[0].stat().st_mode & 0o777 == 0o600


def test_create_human_output_shows_player_link_and_srt_address(
    sandbox_env: dict[str, str],
) -> None:
    done = run(sandbox_env, "streams", "create", "--name", "Demo")
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "Created stream “Demo”" in out
    assert "Share this player link:" in out
    assert "/play/" in out
    assert "srt://127.0.0.1:9999?streamid=" in out
    assert out.index("player link") < out.index("srt://")  # the link to share comes first


@pytest.mark.slow
def test_list_show_delete(sandbox_env: dict[str, str], api_sandbox: Sandbox) -> None:
    first = create_json(sandbox_env, "--name", "First")
    second = create_json(sandbox_env)

    listed = run(sandbox_env, "streams", "list", "--json")
    assert listed.returncode == 0
    rows = json.loads(listed.stdout)
    assert {row["id"] for row in rows} == {first["id"], second["id"]}
    assert {row["name"] for row in rows} == {"First", ""}

    table = run(sandbox_env, "streams", "list")
    assert table.stdout.splitlines()[0].split() == ["ID", "STATUS", "NAME", "CREATED", "PLAYER",
                                                    "LINK"]
    assert first["id"] in table.stdout and "First" in table.stdout
    assert first["streamer_key"] not in table.stdout  # a list is often shown to others

    api_sandbox.registry.admit(first["streamer_key"])
    api_sandbox.registry.media(first["streamer_key"], 1316)
    shown = run(sandbox_env, "streams", "show", first["id"], "--json")
    assert json.loads(shown.stdout)["status"] == "Running"
    human = run(sandbox_env, "streams", "show", first["id"])
    assert "Running" in human.stdout and first["player_url"] in human.stdout

    deleted = run(sandbox_env, "streams", "delete", first["id"])
    assert deleted.returncode == 0 and "Deleted" in deleted.stdout
    assert api_sandbox.registry.get(first["id"]) is None

    gone = run(sandbox_env, "streams", "show", first["id"])
    assert gone.returncode == 1  # a wrong id is not a Comprimato or network failure (4)
    assert gone.stderr.startswith("comprimato-companion: Comprimato has no stream")
    assert "streams list" in gone.stderr
    assert len(gone.stderr.strip().splitlines()) == 1


def test_list_falls_back_to_local_streams_when_the_api_cannot_list(
    sandbox_env: dict[str, str], api_sandbox: Sandbox
) -> None:
    made = create_json(sandbox_env)
    api_sandbox.faults.status("GET", "/v1/streams", 404, times=None)
    listed = run(sandbox_env, "streams", "list", "--json")
    assert listed.returncode == 0
    assert [row["id"] for row in json.loads(listed.stdout)] == [made["id"]]
    assert "does not offer listing streams" in listed.stderr
    assert "kept on this computer" in listed.stderr


def test_create_with_lost_answer_refreshes_and_does_not_duplicate(
    sandbox_env: dict[str, str], api_sandbox: Sandbox
) -> None:
    api_sandbox.faults.create_then_drop()
    done = run(sandbox_env, "streams", "create", "--json")
    assert done.returncode == 4
    assert done.stdout == ""
    assert "not repeated" in done.stderr
    assert "Refreshed the stream list" in done.stderr
    assert api_sandbox.request_count("POST", "/v1/streams") == 1
    (made,) = api_sandbox.registry.list()
    assert made.id in done.stderr
    listed = json.loads(run(sandbox_env, "streams", "list", "--json").stdout)
    assert [row["id"] for row in listed] == [made.id]


def test_rejected_key_exits_3(sandbox_env: dict[str, str]) -> None:
    env = {**sandbox_env, "COMPRIMATO_API_KEY": "not-the-sandbox-key-42"}
    done = run(env, "streams", "create", "--json")
    assert done.returncode == 3
    assert "rejected the API key" in done.stderr
    assert done.stdout == ""


def test_unreachable_api_exits_4(sandbox_env: dict[str, str], closed_port: int) -> None:
    env = {**sandbox_env, "COMPRIMATO_API_URL": f"http://127.0.0.1:{closed_port}/v1"}
    done = run(env, "streams", "list")
    assert done.returncode == 4
    assert f"Nothing answers at 127.0.0.1:{closed_port}" in done.stderr


def test_missing_key_is_a_usage_error_saying_how_to_set_it(
    sandbox_env: dict[str, str],
) -> None:
    env = {k: v for k, v in sandbox_env.items() if k != "COMPRIMATO_API_KEY"}
    done = run(env, "streams", "list")
    assert done.returncode == 2
    assert "No Comprimato API key is set" in done.stderr
    assert "export COMPRIMATO_API_KEY=" in done.stderr


def test_api_key_is_not_an_option(sandbox_env: dict[str, str]) -> None:
    done = run(sandbox_env, "streams", "create", "--api-key", "x")
    assert done.returncode == 2
    assert "unrecognized arguments" in done.stderr


@pytest.mark.parametrize(
    ("flag", "value", "says"),
    [("--player-url", "https://example.com/play", "{player_key}"),
     ("--ingest-url", "rtmp://example.com/live", "srt://host:port")],
)
def test_bad_addresses_are_usage_errors(
    sandbox_env: dict[str, str], flag: str, value: str, says: str
) -> None:
    done = run(sandbox_env, "streams", "create", flag, value)
    assert done.returncode == 2
    assert says in done.stderr


def test_flags_override_the_environment(sandbox_env: dict[str, str]) -> None:
    made = create_json(
        sandbox_env,
        "--ingest-url", "srt://live.example:7001",
        "--player-url", "https://watch.example/{player_key}",
    )
    assert made["srt_url"].startswith("srt://live.example:7001?streamid=")
    assert made["player_url"] == f"https://watch.example/{made['player_key']}"


@pytest.mark.srt
@pytest.mark.slow
def test_publishing_to_the_printed_srt_url_turns_show_running_then_stopped(
    sandbox: Sandbox, srt_publisher: Callable[[str], SrtPublisher]
) -> None:
    """The whole promise of the command line: create, publish with ffmpeg, watch it go live."""
    assert sandbox.ingest_url is not None, sandbox.ingest_problem
    env = {
        **os.environ,
        "COMPRIMATO_API_URL": sandbox.api_url,
        "COMPRIMATO_API_KEY": sandbox.api_key,
        "COMPRIMATO_INGEST_URL": sandbox.ingest_url,
        "COMPRIMATO_PLAYER_URL": sandbox.player_url_template,
    }
    made = create_json(env)
    publisher = srt_publisher(made["srt_url"])
    assert sandbox.registry.wait_for_status(made["id"], "Running", timeout=15), publisher.stderr
    shown = run(env, "streams", "show", made["id"], "--json")
    assert json.loads(shown.stdout)["status"] == "Running"
    publisher.terminate()
    publisher.wait(10)
    assert sandbox.registry.wait_for_status(made["id"], "Stopped", timeout=15)
    shown = run(env, "streams", "show", made["id"], "--json")
    assert json.loads(shown.stdout)["status"] == "Stopped"


def test_the_short_id_the_window_shows_is_accepted(
    sandbox_env: dict[str, str], api_sandbox: Sandbox
) -> None:
    made = create_json(sandbox_env)
    short = made["id"][:8]
    shown = run(sandbox_env, "streams", "show", short, "--json")
    assert shown.returncode == 0, shown.stderr
    assert json.loads(shown.stdout)["id"] == made["id"]
    deleted = run(sandbox_env, "streams", "delete", short)
    assert deleted.returncode == 0 and made["id"] in deleted.stdout
    assert api_sandbox.registry.get(made["id"]) is None


def test_an_ambiguous_prefix_is_refused_and_deletes_nothing(
    sandbox_env: dict[str, str], api_sandbox: Sandbox
) -> None:
    from comprimato_companion.comprimato.models import Stream
    from comprimato_companion.storage.stream_store import StreamStore

    store = StreamStore()
    api_url = sandbox_env["COMPRIMATO_API_URL"]
    store.add(Stream(id="abc12345-one", streamer_key="k1", player_key="p1"), api_url)
    store.add(Stream(id="abc12345-two", streamer_key="k2", player_key="p2"), api_url)
    refused = run(sandbox_env, "streams", "delete", "abc1")
    assert refused.returncode == 2
    assert "fits 2 streams: abc12345-one, abc12345-two" in refused.stderr
    assert StreamStore().get("abc12345-one") is not None
    assert api_sandbox.request_count("DELETE", "/v1/streams") == 0


def test_a_saved_plain_http_api_address_elsewhere_sends_nothing(
    sandbox_env: dict[str, str],
) -> None:
    """The saved address is kept (not replaced by the production one) and refused: the
    sentence says why, and no connection is made, not even to a proxy."""
    import socket

    from comprimato_companion.storage.settings import SettingsFile

    path = SettingsFile().path  # as an earlier version saved it
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"version": 1, "api_url": "http://10.1.2.3/v1"}))
    with socket.socket() as proxy:
        proxy.bind(("127.0.0.1", 0))
        proxy.listen()
        proxy.setblocking(False)
        proxy_url = f"http://127.0.0.1:{proxy.getsockname()[1]}"
        env = {k: v for k, v in sandbox_env.items() if k != "COMPRIMATO_API_URL"}
        env.update(HTTP_PROXY=proxy_url, HTTPS_PROXY=proxy_url, ALL_PROXY=proxy_url)
        done = run(env, "streams", "list")
        with pytest.raises(BlockingIOError):
            proxy.accept()
    assert done.returncode == 2, done.stderr
    assert "plain http:// to 10.1.2.3" in done.stderr
    assert "nothing was sent" in done.stderr
