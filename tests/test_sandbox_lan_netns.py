"""LAN mode for real, inside network namespaces this test makes: a "computer" and a "phone".

The two namespaces are joined by a veth pair on a private /24 that exists only inside
them; no traffic leaves them. In the computer's namespace ``comprimato-companion sandbox
--lan`` runs with its SRT ingest, and ffmpeg publishes to it over the namespace's own
loopback. From the phone's namespace: the player page and the HLS play over the LAN
address, the API is unreachable there (it listens on loopback only), and the LAN port
serves nothing but the player. The bound sockets are read with ``ss``.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.real_obs import stop_process_group, wait_until
from tests.support.srt_fixtures import publisher_command

REPO = Path(__file__).resolve().parent.parent
pytestmark = [pytest.mark.srt, pytest.mark.slow]


def _run(*args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(list(args), capture_output=True, text=True, check=check, timeout=30)


@contextlib.contextmanager
def namespaces() -> Iterator[tuple[str, str, str, str]]:
    """(computer ns, phone ns, computer address, phone address); deleted afterwards."""
    tag = secrets.token_hex(3)
    computer, phone = f"cc-pc-{tag}", f"cc-ph-{tag}"
    subnet = f"10.{200 + secrets.randbelow(50)}.{secrets.randbelow(250)}"
    pc_ip, phone_ip = f"{subnet}.1", f"{subnet}.2"
    made: list[str] = []
    try:
        for ns in (computer, phone):
            _run("ip", "netns", "add", ns)
            made.append(ns)
            _run("ip", "-n", ns, "link", "set", "lo", "up")
        # The pair is created inside the computer's namespace, so nothing touches the host's.
        _run("ip", "-n", computer, "link", "add", "lan0", "type", "veth", "peer", "name",
             "wlan0", "netns", phone)  # fmt: skip
        _run("ip", "-n", computer, "addr", "add", f"{pc_ip}/24", "dev", "lan0")
        _run("ip", "-n", phone, "addr", "add", f"{phone_ip}/24", "dev", "wlan0")
        _run("ip", "-n", computer, "link", "set", "lan0", "up")
        _run("ip", "-n", phone, "link", "set", "wlan0", "up")
        # A default route through the "router" (the phone): how the sandbox finds its
        # LAN address. Only the route lookup is used; nothing is sent on it.
        _run("ip", "-n", computer, "route", "add", "default", "via", phone_ip)
        yield computer, phone, pc_ip, phone_ip
    finally:
        for ns in made:
            _run("ip", "netns", "del", ns, check=False)


def can_make_namespaces() -> str | None:
    if shutil.which("ip") is None:
        return "iproute2 is not installed"
    if os.geteuid() != 0:
        return "network namespaces need root"
    probe = f"cc-probe-{secrets.token_hex(3)}"
    made = _run("ip", "netns", "add", probe, check=False)
    if made.returncode != 0:
        return f"network namespaces cannot be made here: {made.stderr.strip()}"
    _run("ip", "netns", "del", probe, check=False)
    return None


def in_ns(ns: str, code: str) -> subprocess.CompletedProcess[str]:
    """Python code run inside a namespace (httpx, with no proxy from the environment)."""
    return subprocess.run(["ip", "netns", "exec", ns, sys.executable, "-c", code],
                          capture_output=True, text=True, timeout=30, cwd=REPO, check=False)


def fetch(ns: str, url: str) -> str:
    """``STATUS`` or ``refused`` for a GET of ``url`` from inside ``ns``."""
    code = (
        "import httpx\n"
        "try:\n"
        f"    r = httpx.get({url!r}, timeout=5, trust_env=False)\n"
        "    print(r.status_code, r.headers.get('content-type', ''))\n"
        "except httpx.ConnectError:\n"
        "    print('refused')\n"
    )
    result = in_ns(ns, code)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


@pytest.fixture
def lan_namespaces() -> Iterator[tuple[str, str, str, str]]:
    problem = can_make_namespaces()
    if problem is not None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI must run the LAN test, but {problem}")
        pytest.skip(problem)
    with namespaces() as made:
        yield made


def test_lan_mode_shares_the_player_only(
    lan_namespaces: tuple[str, str, str, str], tmp_path: Path
) -> None:
    computer, phone, pc_ip, _ = lan_namespaces
    log = (tmp_path / "sandbox.log").open("wb")
    sandbox = subprocess.Popen(
        ["ip", "netns", "exec", computer, sys.executable, "-m", "comprimato_companion",
         "sandbox", "--lan",
         "--json", "--stopped-grace", "0.5"],
        cwd=REPO, stdout=subprocess.PIPE, stderr=log, stdin=subprocess.DEVNULL,
        start_new_session=True,
    )  # fmt: skip
    publisher: subprocess.Popen[bytes] | None = None
    try:
        assert sandbox.stdout is not None
        summary = json.loads(sandbox.stdout.readline())
        assert summary["lan_address"] == pc_ip  # found by itself
        api_url: str = summary["api_url"]
        assert api_url.startswith("http://127.0.0.1:")
        link_template: str = summary["player_url_template"]
        assert link_template.startswith(f"http://{pc_ip}:")

        # Bound sockets: the API on loopback, the player server on the LAN address, nothing
        # on a wildcard address.
        listening = _run("ip", "netns", "exec", computer, "ss", "-ltnH").stdout
        local = sorted(line.split()[3] for line in listening.splitlines())
        api_port = api_url.split(":")[2].split("/")[0]
        lan_port = link_template.split(":")[2].split("/")[0]
        assert local == sorted([f"127.0.0.1:{api_port}", f"{pc_ip}:{lan_port}"])

        created = in_ns(computer, (
            "import httpx, json\n"
            f"r = httpx.post({api_url + '/streams'!r}, json={{}}, trust_env=False,\n"
            f"               headers={{'Authorization': {summary['api_key']!r}}})\n"
            "print(json.dumps(r.json()))\n"
        ))  # fmt: skip
        assert created.returncode == 0, created.stderr
        stream = json.loads(created.stdout)
        link = link_template.format(player_key=stream["player_key"])

        # From the phone: the page, but no API, neither on its port nor on the player's.
        assert fetch(phone, link).startswith("200 text/html")
        assert fetch(phone, f"{link}/live.m3u8").startswith("404")  # nothing plays yet
        assert fetch(phone, f"http://{pc_ip}:{api_port}/v1/streams") == "refused"
        assert fetch(phone, f"http://{pc_ip}:{lan_port}/v1/streams").startswith("404")
        assert fetch(phone, f"http://{pc_ip}:{lan_port}/healthz").startswith("404")

        # A publisher on the computer; the phone plays the HLS over the LAN.
        ingest = f"{summary['ingest_url']}?streamid={stream['streamer_key']}"
        publisher = subprocess.Popen(
            ["ip", "netns", "exec", computer, *publisher_command(ingest)],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        wait_until(lambda: fetch(phone, f"{link}/live.m3u8").startswith(
            "200 application/vnd.apple.mpegurl"), 30, what="the playlist over the LAN")
        playlist = in_ns(phone, (
            "import httpx\n"
            f"print(httpx.get({link + '/live.m3u8'!r}, trust_env=False).text)\n"
        )).stdout  # fmt: skip
        segment = next(line for line in playlist.splitlines() if line.endswith(".ts"))
        assert fetch(phone, f"{link}/{segment}").startswith("200 video/mp2t")
    finally:
        if publisher is not None:
            stop_process_group(publisher)
        stop_process_group(sandbox)
        if sandbox.stdout is not None:
            sandbox.stdout.close()
        log.close()


def test_the_link_shared_on_the_lan_is_the_same_after_a_restart(
    lan_namespaces: tuple[str, str, str, str], tmp_path: Path
) -> None:
    """A QR code a phone scanned yesterday: the same address, port and player key."""
    computer, phone, _, _ = lan_namespaces

    def started() -> tuple[subprocess.Popen[bytes], dict[str, str]]:
        process = subprocess.Popen(
            ["ip", "netns", "exec", computer, sys.executable, "-m", "comprimato_companion",
             "sandbox", "--lan", "--json", "--no-ingest"],
            cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            stdin=subprocess.DEVNULL, start_new_session=True,
        )  # fmt: skip
        assert process.stdout is not None
        return process, json.loads(process.stdout.readline())

    first, summary = started()
    try:
        created = in_ns(computer, (
            "import httpx, json\n"
            f"r = httpx.post({summary['api_url'] + '/streams'!r}, json={{}}, trust_env=False,\n"
            f"               headers={{'Authorization': {summary['api_key']!r}}})\n"
            "print(json.dumps(r.json()))\n"
        ))  # fmt: skip
        assert created.returncode == 0, created.stderr
        link = summary["player_url_template"].format(
            player_key=json.loads(created.stdout)["player_key"])
        assert fetch(phone, link).startswith("200 text/html")
    finally:
        stop_process_group(first)
        assert first.stdout is not None
        first.stdout.close()
    again, restarted = started()
    try:
        assert restarted["player_url_template"] == summary["player_url_template"]
        assert fetch(phone, link).startswith("200 text/html")
    finally:
        stop_process_group(again)
        assert again.stdout is not None
        again.stdout.close()


def test_a_loopback_lan_address_is_refused_with_a_next_step() -> None:
    from comprimato_companion.sandbox import Sandbox, SandboxError

    sandbox = Sandbox(ingest=False, lan="127.0.0.1")
    with pytest.raises(SandboxError) as raised:
        sandbox.start()
    assert "not an address a phone could reach" in raised.value.message
    assert "--lan 192.168.1.20" in raised.value.next_step
    assert not sandbox.running  # the API server it had started is stopped again


def test_lan_mode_is_off_by_default() -> None:
    from comprimato_companion.sandbox import Sandbox

    with Sandbox(ingest=False) as sandbox:
        assert sandbox.lan_address is None and sandbox.lan_server_address is None
        assert sandbox.player_url_template == sandbox.local_player_url_template
        assert sandbox.api_address[0] == "127.0.0.1"


SESSION_SCRIPT = """
import asyncio, json, os, sys, tempfile
from pathlib import Path
from comprimato_companion.golive.session import CompanionSession
from comprimato_companion.golive.view_state import AREA_GENERAL
from comprimato_companion.storage.settings import Settings, SettingsFile
from comprimato_companion.storage.stream_store import StreamStore

async def main():
    folder = Path(tempfile.mkdtemp())
    settings = SettingsFile(folder / "settings.json")
    settings.save(Settings(welcome_done=True, share_player_on_lan=True,
                           send_to_obs_automatically=False))
    session = CompanionSession(sandbox=True, settings_file=settings, sandbox_port=0,
                               store=StreamStore(folder / "streams.json"),
                               env={**os.environ, "OBS_WEBSOCKET_URL": "obsws://127.0.0.1:9"})
    await session.start()
    try:
        on = session.state
        await session.update_settings(Settings(welcome_done=True, share_player_on_lan=False,
                                               send_to_obs_automatically=False))
        off = session.state
        print(json.dumps({
            "on_template": on.player_url_template,
            "on_notice": on.notices[AREA_GENERAL].text if AREA_GENERAL in on.notices else "",
            "on_level": on.notices[AREA_GENERAL].level if AREA_GENERAL in on.notices else "",
            "off_template": off.player_url_template,
            "off_notice": AREA_GENERAL in off.notices,
            "api_url": on.api_url,
        }))
    finally:
        await session.close()

asyncio.run(main())
"""


def test_the_window_session_shares_on_the_lan_and_says_so(
    lan_namespaces: tuple[str, str, str, str], tmp_path: Path
) -> None:
    computer, _, pc_ip, _ = lan_namespaces
    env = {**os.environ, "HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path / "c"),
           "XDG_DATA_HOME": str(tmp_path / "d")}
    ran = subprocess.run(["ip", "netns", "exec", computer, sys.executable, "-c", SESSION_SCRIPT],
                         capture_output=True, text=True, timeout=60, cwd=REPO, env=env,
                         check=False)
    assert ran.returncode == 0, ran.stderr[-2000:]
    seen = json.loads(ran.stdout.strip().splitlines()[-1])
    assert seen["on_template"].startswith(f"http://{pc_ip}:")  # the QR code's address
    assert seen["on_notice"].startswith(f"Shared on your network at http://{pc_ip}:")
    assert "the player pages and their video only, read-only" in seen["on_notice"]
    assert seen["on_level"] == "info"
    assert seen["api_url"].startswith("http://127.0.0.1:")
    # Switched off in Settings: back on loopback, and the notice is gone.
    assert seen["off_template"].startswith("http://127.0.0.1:")
    assert seen["off_notice"] is False


async def test_no_lan_address_is_said_and_the_sandbox_still_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from comprimato_companion.golive.session import CompanionSession
    from comprimato_companion.golive.view_state import AREA_GENERAL
    from comprimato_companion.sandbox import lan
    from comprimato_companion.storage.settings import Settings, SettingsFile
    from comprimato_companion.storage.stream_store import StreamStore

    monkeypatch.setattr(lan, "lan_address", lambda: None)  # a computer on no network
    settings = SettingsFile(tmp_path / "settings.json")
    settings.save(Settings(welcome_done=True, share_player_on_lan=True,
                           send_to_obs_automatically=False))
    session = CompanionSession(sandbox=True, settings_file=settings, sandbox_port=0,
                               store=StreamStore(tmp_path / "streams.json"),
                               env={**os.environ, "OBS_WEBSOCKET_URL": "obsws://127.0.0.1:9"})
    await session.start()
    try:
        notice = session.state.notices[AREA_GENERAL]
        assert notice.message == (
            "This computer has no address on a local network to share the player on.")
        assert notice.level == "error"
        assert session.state.player_url_template.startswith("http://127.0.0.1:")
        await session.create_stream()  # the sandbox works without sharing
        await session.update_settings(Settings(welcome_done=True, send_to_obs_automatically=False))
        assert AREA_GENERAL not in session.state.notices
        # Switched on again from Settings: the failure is said again, and stays.
        await session.update_settings(Settings(welcome_done=True, share_player_on_lan=True,
                                               send_to_obs_automatically=False))
        assert session.state.notices[AREA_GENERAL].message == notice.message
    finally:
        await session.close()


@pytest.mark.parametrize("address", ["8.8.8.8", "2001:4860:4860::8888"])
def test_a_public_lan_address_is_refused_with_a_next_step(address: str) -> None:
    from comprimato_companion.sandbox import Sandbox, SandboxError

    sandbox = Sandbox(ingest=False, lan=address)
    with pytest.raises(SandboxError) as raised:
        sandbox.start()
    assert "public Internet address" in raised.value.message
    assert "--lan 192.168.1.20" in raised.value.next_step
    assert not sandbox.running
