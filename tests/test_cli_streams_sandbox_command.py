"""`comprimato-companion sandbox` as a real foreground process: prints, serves, stops."""

from __future__ import annotations

import json
import os
import selectors
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from comprimato_companion.comprimato.client import tls_context

ROOT = Path(__file__).resolve().parent.parent


def start(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "comprimato_companion", "sandbox", *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def read_until(proc: subprocess.Popen[str], marker: str, timeout: float = 20) -> str:
    """Stdout up to the first line containing ``marker`` (read raw: no hidden buffering)."""
    assert proc.stdout is not None
    fd = proc.stdout.fileno()
    seen = b""
    deadline = time.monotonic() + timeout
    with selectors.DefaultSelector() as selector:
        selector.register(fd, selectors.EVENT_READ)
        while True:
            text = seen.decode(errors="replace")
            if marker in text and text.endswith("\n"):
                return text
            left = deadline - time.monotonic()
            if left <= 0 or not selector.select(left):
                pytest.fail(f"no {marker!r} in time; got {text!r}")
            chunk = os.read(fd, 65536)
            if not chunk:
                pytest.fail(f"sandbox exited early; got {text!r}")
            seen += chunk


@pytest.fixture
def processes() -> Iterator[list[subprocess.Popen[str]]]:
    started: list[subprocess.Popen[str]] = []
    yield started
    for proc in started:
        if proc.poll() is None:
            proc.kill()
        proc.communicate(timeout=10)


def test_json_summary_then_serves_then_sigterm_exits_0(
    processes: list[subprocess.Popen[str]],
) -> None:
    proc = start("--json", "--no-ingest", "--api-key", "local-test-key")
    processes.append(proc)
    summary = json.loads(read_until(proc, "api_url"))
    assert summary["api_key"] == "local-test-key"
    assert summary["ingest_url"] is None and summary["ingest_problem"]
    assert summary["api_url"].startswith("http://127.0.0.1:")
    with httpx.Client(verify=tls_context(), timeout=5) as client:
        made = client.post(
            summary["api_url"] + "/streams", json={},
            headers={"Authorization": "local-test-key"},
        )
        assert made.status_code == 201
        page = client.get(
            summary["player_url_template"].replace("{player_key}", made.json()["player_key"])
        )
        assert page.status_code == 200
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=15)
    assert proc.returncode == 0, err
    assert "Traceback" not in err


def test_human_summary_has_the_export_line_and_sigint_exits_0(
    processes: list[subprocess.Popen[str]],
) -> None:
    proc = start()
    processes.append(proc)
    text = read_until(proc, "streams create")
    assert "API URL        http://127.0.0.1:" in text
    assert "Player links   http://127.0.0.1:" in text
    assert "API key" in text
    export = next(line for line in text.splitlines() if line.strip().startswith("export "))
    for name in ("COMPRIMATO_API_URL=", "COMPRIMATO_API_KEY=", "COMPRIMATO_PLAYER_URL="):
        assert name in export
    # The ingest is on (libsrt installed) or its absence is explained.
    assert "SRT ingest     srt://127.0.0.1:" in text or "SRT ingest     off:" in text
    if "srt://" in text:
        assert "COMPRIMATO_INGEST_URL=srt://127.0.0.1:" in export
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=15)
    assert proc.returncode == 0, err
    assert "Sandbox stopped." in out
    assert "Traceback" not in err


def test_streams_key_and_address_are_the_same_after_a_restart(
    processes: list[subprocess.Popen[str]],
) -> None:
    """The export line pasted once keeps working, and so do the links shared."""
    first = start("--json")
    processes.append(first)
    summary = json.loads(read_until(first, "api_url"))
    assert summary["streams"] == 0 and summary["kept_in"].endswith("sandbox.json")
    with httpx.Client(verify=tls_context(), timeout=5) as client:
        made = client.post(summary["api_url"] + "/streams", json={},
                           headers={"Authorization": summary["api_key"]}).json()
        first.send_signal(signal.SIGINT)
        first.communicate(timeout=15)
        assert first.returncode == 0

        again = start("--json")
        processes.append(again)
        restarted = json.loads(read_until(again, "api_url"))
        for name in ("api_url", "api_key", "ingest_url", "player_url_template"):
            assert restarted[name] == summary[name], name
        assert restarted["streams"] == 1 and restarted["saved_notice"] is None
        shown = client.get(f"{restarted['api_url']}/streams/{made['id']}",
                           headers={"Authorization": restarted["api_key"]})
        assert shown.status_code == 200
        assert shown.json()["streamer_key"] == made["streamer_key"]
        assert shown.json()["status"] == "Stopped"
        link = restarted["player_url_template"].replace("{player_key}", made["player_key"])
        assert client.get(link).status_code == 200


def test_a_taken_port_is_one_line_and_exit_1(processes: list[subprocess.Popen[str]]) -> None:
    first = start("--json", "--no-ingest")
    processes.append(first)
    port = json.loads(read_until(first, "api_url"))["api_url"].rsplit(":", 1)[1].split("/")[0]
    second = start("--no-ingest", "--port", port)
    processes.append(second)
    _, err = second.communicate(timeout=30)
    assert second.returncode == 1
    assert f"cannot listen on 127.0.0.1 port {port}" in err
    assert len(err.strip().splitlines()) == 1


@pytest.mark.parametrize(
    "args", [["--port", "70000"], ["--port", "http"], ["--api-key", "has space"],
             ["--stopped-grace", "-1"]]
)
def test_bad_options_exit_2(args: list[str]) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "comprimato_companion", "sandbox", "--no-ingest", *args],
        cwd=ROOT, capture_output=True, text=True, timeout=30,
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stderr


def test_other_hosts_get_a_warning(processes: list[subprocess.Popen[str]]) -> None:
    proc = start("--json", "--no-ingest", "--host", "0.0.0.0")
    processes.append(proc)
    summary = json.loads(read_until(proc, "api_url"))
    assert summary["api_url"].startswith("http://127.0.0.1:")  # reachable from here
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=15)
    assert proc.returncode == 0
    assert "other computers can reach it" in err


def _cmdline(proc: subprocess.Popen[str]) -> bytes:
    with open(f"/proc/{proc.pid}/cmdline", "rb") as cmdline:
        return cmdline.read()


@pytest.mark.skipif(sys.platform != "linux", reason="reads /proc/PID/cmdline")
@pytest.mark.parametrize("source", ["environment", "file", "stdin"])
def test_the_sandbox_key_can_stay_out_of_the_command_line(
    processes: list[subprocess.Popen[str]], tmp_path: Path, source: str
) -> None:
    key = "sandbox-key-" + os.urandom(6).hex()
    env = dict(os.environ)
    args = ["--json", "--no-ingest"]
    if source == "environment":
        env["COMPRIMATO_SANDBOX_API_KEY"] = key
    elif source == "file":
        (tmp_path / "key").write_text(key + "\n")
        args += ["--api-key-file", str(tmp_path / "key")]
    else:
        args += ["--api-key-file", "-"]
    proc = subprocess.Popen(
        [sys.executable, "-m", "comprimato_companion", "sandbox", *args],
        cwd=ROOT, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True,
    )
    processes.append(proc)
    if source == "stdin":
        assert proc.stdin is not None
        proc.stdin.write(key + "\n")
        proc.stdin.flush()
    summary = json.loads(read_until(proc, "api_url"))
    assert summary["api_key"] == key
    assert key.encode() not in _cmdline(proc)
    answer = httpx.get(summary["api_url"] + "/streams", headers={"Authorization": key},
                       timeout=10, trust_env=False)
    assert answer.status_code == 200


def test_the_help_says_where_else_the_key_can_come_from() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "comprimato_companion", "sandbox", "--help"],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )
    help_text = " ".join(done.stdout.split())
    assert "--api-key-file" in help_text and "COMPRIMATO_SANDBOX_API_KEY" in help_text
    assert "Other users can read a command line" in help_text
