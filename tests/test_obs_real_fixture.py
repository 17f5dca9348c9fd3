"""The real-OBS fixture itself: OBS starts headless, answers, restarts, dies on SIGKILL, and
dies with the test run that started it, its chroot's mounts with it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.obs_chroots import Chroot, mounts_below, unmount_leftovers
from tests.support.obs_versions import MATRIX, ObsVersion, chosen, native_name
from tests.support.real_obs import RealObs, wait_until

REPO = Path(__file__).resolve().parent.parent

pytestmark = [pytest.mark.real_obs, pytest.mark.slow]


def test_real_obs_answers_with_our_profile_and_restarts(real_obs: RealObs) -> None:
    version = real_obs.call("GetVersion")
    assert version["obsVersion"].startswith(("29.", "3"))
    assert real_obs.call("GetProfileList")["currentProfileName"] == "CompanionTest"
    video = real_obs.call("GetVideoSettings")
    assert (video["baseWidth"], video["baseHeight"], video["fpsNumerator"]) == (320, 180, 15)
    print(f"\nOBS started in {real_obs.startup_seconds:.2f} s")

    real_obs.kill()
    assert not real_obs.running
    seconds = real_obs.restart()
    print(f"OBS restarted in {seconds:.2f} s")
    assert real_obs.call("GetVersion")["obsVersion"] == version["obsVersion"]


def test_obs_of_a_killed_test_run_dies_and_its_mounts_with_it(
    obs_version: ObsVersion, xvfb_display: str, tmp_path: Path
) -> None:
    """SIGKILL the run that started OBS: OBS goes, and so does the chroot's mount namespace."""
    child = subprocess.Popen(
        [sys.executable, "-c", KILLED_RUN, obs_version.name, xvfb_display, str(tmp_path)],
        cwd=REPO, stdout=subprocess.PIPE, text=True, start_new_session=True,
    )
    try:
        assert child.stdout is not None
        line = child.stdout.readline()
        assert line.strip().isdigit(), f"the child run did not start OBS: {line!r}"
        pid = int(line)
        namespace = os.readlink(f"/proc/{pid}/ns/mnt")
        if obs_version.chroot is not None:
            assert os.readlink(f"/proc/{pid}/root") == str(obs_version.chroot.path)
            assert namespace != os.readlink("/proc/self/ns/mnt")  # its mounts are its own
            assert "/proc rw" in Path(f"/proc/{pid}/mountinfo").read_text(encoding="utf-8")
    finally:
        child.kill()
        child.wait(timeout=10)
        if child.stdout is not None:
            child.stdout.close()
    wait_until(lambda: not _alive(pid), 20, what="OBS gone with the run that started it")
    if obs_version.chroot is not None:  # nothing lives on in its mount namespace
        wait_until(lambda: not [p for p in Path("/proc").iterdir()
                                if p.name.isdigit() and _in(p, namespace)],
                   20, what="OBS's helpers gone with it, and so its mount namespace")


def test_a_mount_left_below_the_cache_is_taken_down(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if os.geteuid() != 0:
        pytest.skip("mounting needs root (the chroots need it too)")
    monkeypatch.setenv("COMPANION_OBS_CACHE", str(tmp_path / "cache"))
    leftover = tmp_path / "cache" / "sid" / "proc"
    leftover.mkdir(parents=True)
    subprocess.run(["mount", "--bind", "/proc", str(leftover)], check=True)
    try:
        assert mounts_below(tmp_path / "cache") == [leftover]
        assert Chroot.for_suite("sid").take_down_leftovers() == [leftover]
        assert mounts_below(tmp_path / "cache") == []
        subprocess.run(["mount", "--bind", "/proc", str(leftover)], check=True)
        assert unmount_leftovers(tmp_path / "cache") == [leftover]  # what a build does first
        assert mounts_below(tmp_path / "cache") == []
    finally:
        subprocess.run(["umount", "--lazy", str(leftover)], capture_output=True, check=False)


def test_versions_pack_and_flag_as_obs_does() -> None:
    assert ObsVersion("29", "29.0.2").packed == (29 << 24) | 2
    assert ObsVersion("32.2", "32.2.2").packed == (32 << 24) | (2 << 16) | 2
    assert "--disable-shutdown-check" in ObsVersion("30.2", "30.2.3").flags
    assert "--disable-shutdown-check" not in ObsVersion("32.2", "32.2.2").flags
    assert ObsVersion("29", "29.0.2").websocket_in_global_ini
    assert not ObsVersion("30.2", "30.2.3").websocket_in_global_ini
    assert ObsVersion("32.2", "32.2.2").user_ini and not ObsVersion("30.2", "30.2.3").user_ini
    assert chosen("others") == [n for n in MATRIX if n != native_name()]
    assert chosen("all")[0] == native_name() and sorted(chosen("all")) == sorted(MATRIX)


KILLED_RUN = """
import sys, time
from pathlib import Path
from tests.support.obs_versions import resolve
from tests.support.real_obs import RealObs
name, display, folder = sys.argv[1:]
obs = RealObs(home=Path(folder) / "home", display=display, version=resolve(name))
obs.write_config()
obs.start()
assert obs.process is not None
print(obs.process.pid, flush=True)
time.sleep(600)
"""


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _in(process: Path, namespace: str) -> bool:
    try:
        return os.readlink(process / "ns" / "mnt") == namespace and _alive(int(process.name))
    except OSError:
        return False


def test_the_xvfb_and_the_packet_drop_of_a_killed_test_run_go_with_it() -> None:
    """SIGKILL (or SIGTERM, whose handler ends the run without unwinding) the run that
    started Xvfb and dropped UDP packets with nftables: neither outlives it."""
    from tests.test_obs_reconnect_real_obs import require_nftables

    require_nftables()
    child = subprocess.Popen([sys.executable, "-c", DROPPING_RUN], cwd=REPO,
                             stdout=subprocess.PIPE, text=True, start_new_session=True)
    try:
        assert child.stdout is not None
        pid, table = child.stdout.readline().split()
        assert _alive(int(pid)) and table in _nft_tables()
    finally:
        child.kill()
        child.wait(timeout=10)
        if child.stdout is not None:
            child.stdout.close()
    try:
        wait_until(lambda: not _alive(int(pid)), 10, what="Xvfb gone with the run")
        wait_until(lambda: table not in _nft_tables(), 10, what="the packet drop removed")
    finally:
        subprocess.run(["nft", "delete", "table", "inet", table], capture_output=True,
                       check=False)


DROPPING_RUN = """
import os, subprocess, time
from tests.support.real_obs import Xvfb
from tests.test_obs_reconnect_real_obs import udp_dropped_to
xvfb = Xvfb.start()
with udp_dropped_to(9):
    table = f"companion_test_drop_{os.getpid()}_9"
    print(xvfb.process.pid, table, flush=True)
    time.sleep(600)
"""


def _nft_tables() -> str:
    return subprocess.run(["nft", "list", "tables"], capture_output=True, text=True,
                          check=False).stdout


def test_a_version_debian_cannot_deliver_is_said_in_one_line_and_not_run(tmp_path: Path) -> None:
    """Its tests are not run and not listed one by one: one line says why; the machine's
    own OBS still runs."""
    fake_bin = tmp_path / "bin"
    fake_bin.mkdir()
    debootstrap = fake_bin / "debootstrap"
    debootstrap.write_text("#!/bin/sh\necho 'E: Failed getting release file' >&2\nexit 1\n",
                           encoding="utf-8")
    debootstrap.chmod(0o755)
    env = dict(os.environ, PATH=f"{fake_bin}{os.pathsep}{os.environ['PATH']}",
               COMPANION_OBS_CACHE=str(tmp_path / "cache"))
    env.pop("COMPANION_OBS_CHROOTED", None)
    missing = next(name for name in MATRIX if name != native_name())
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-m", "real_obs",
         f"--obs=native,{missing}", "tests/test_obs_real_fixture.py", "-k", "answers"],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=120, check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    said = [line for line in done.stdout.splitlines() if f"OBS {missing} not run" in line]
    assert len(said) == 1, done.stdout
    assert "could not" in said[0] or "needs root" in said[0]
    assert "(native): 1 passed" in done.stdout
