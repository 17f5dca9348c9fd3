"""Newer OBS Studio from Debian's own archive, each in a debootstrap chroot the tests cache.

Debian 12 carries OBS 29.0.2; trixie carries 30.2.3 and sid 32.2.2. A chroot holds one
suite's ``obs-studio`` (plus ``libgl1``, which sid's package forgets, and the Qt SVG plugin)
and runs on the host's kernel, network and Xvfb.

Cache: ``/var/cache/comprimato-companion-tests/obs/<suite>/`` (``COMPANION_OBS_CACHE``
moves it), outside the repository so a fresh clone reuses it. A chroot is built in a
temporary folder beside it and renamed only once ``.ready`` (the OBS version, one line) is
written into it, so a build that was killed never looks ready; a lock file lets two test
runs wait for one build instead of making two.

Mounts: OBS runs in a mount namespace of its own (``unshare --mount``) with ``/proc /sys
/dev /dev/pts /dev/shm`` and ``/tmp/.X11-unix`` bound into the chroot. Those mounts exist
only while that namespace's one process (OBS itself) lives: however the test run ends, a
SIGKILL included, nothing stays mounted. Builds run the same way. A mount below the cache
left by anything else (an older harness, a chroot entered by hand) is taken down before
the next build or run uses the cache.

    python -m tests.support.obs_chroots ensure [SUITE ...]   build what is missing
    python -m tests.support.obs_chroots status               what is cached
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shlex
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

DEFAULT_CACHE = Path("/var/cache/comprimato-companion-tests/obs")
READY = ".ready"
PACKAGES = ("obs-studio", "libgl1", "qt6-svg-plugins")
#: Suites without one of those: bookworm keeps Qt's SVG plugin in libqt6svg6, which its
#: obs-studio already depends on.
WITHOUT: dict[str, tuple[str, ...]] = {"bookworm": ("qt6-svg-plugins",)}
#: What is bound into a chroot, in this order (``/dev`` before what lives below it).
BINDS = ("proc", "sys", "dev", "dev/pts", "dev/shm")
BUILD_TIMEOUT = 1800.0


class ChrootUnavailable(RuntimeError):
    """A suite's chroot cannot be built or used here; the message is one sentence."""


def cache_root() -> Path:
    return Path(os.environ.get("COMPANION_OBS_CACHE") or DEFAULT_CACHE)


@dataclass(frozen=True)
class Chroot:
    """One suite's cached chroot.

    Attributes:
        suite: Debian's name for it (``trixie``, ``sid``, ``bookworm``).
        path: where it lives once built.
    """

    suite: str
    path: Path

    @classmethod
    def for_suite(cls, suite: str) -> Chroot:
        return cls(suite=suite, path=cache_root() / suite)

    @property
    def ready(self) -> bool:
        return (self.path / READY).is_file()

    @property
    def obs_version(self) -> str:
        """The OBS version the finished build holds (Debian's version without its suffix)."""
        return (self.path / READY).read_text(encoding="utf-8").strip()

    def ensure(self, *, log: bool = True) -> float:
        """Build the chroot unless it is ready; returns the seconds spent building (0 if cached).

        Raises ChrootUnavailable (one sentence) when it cannot be built here.
        """
        if self.ready:
            return 0.0
        _require_root_tools()
        root = cache_root()
        root.mkdir(parents=True, exist_ok=True)
        with _locked(root / f".{self.suite}.lock"):
            if (self.path / READY).is_file():  # another run built it while this one waited
                return 0.0
            unmount_leftovers(root)
            for stale in root.glob(f".{self.suite}.building.*"):
                _remove_tree(stale)
            if self.path.exists():  # not ready: a build of another kind that stopped
                _remove_tree(self.path)
            began = time.monotonic()
            building = root / f".{self.suite}.building.{os.getpid()}"
            try:
                version = _build(self.suite, building, log=log)
                (building / READY).write_text(version + "\n", encoding="utf-8")
                building.rename(self.path)
            finally:
                if building.exists():
                    _remove_tree(building)
            return time.monotonic() - began

    def take_down_leftovers(self) -> list[Path]:
        """Unmount what is mounted below this chroot in this namespace while no process
        runs inside it: what a killed run of the by-hand recipe (mounts in the host's
        namespace) left. Returns what was taken down."""
        if not self.path.exists() or _in_use(self.path):
            return []
        return unmount_leftovers(self.path)

    def command(self, home: Path, env: dict[str, str], argv: Sequence[str]) -> list[str]:
        """The command that runs ``argv`` inside the chroot with exactly ``env``.

        ``home`` (the HOME OBS gets) must be below ``/tmp``: it is bound into the chroot at
        the same path, so OBS's files are where the host's tests and product look for them.
        """
        if not self.ready:
            raise ChrootUnavailable(f"the {self.suite} chroot is not built")
        tmp = Path("/tmp")
        if tmp not in home.resolve().parents:
            raise ChrootUnavailable(f"OBS's HOME must be below /tmp, not {home}")
        setup = _mount_script(self.path, extra_binds=("tmp/.X11-unix", str(home.resolve())[1:]))
        return [
            "unshare", "--mount", "--propagation", "private", "--",
            "/bin/sh", "-c", setup + ' exec chroot "$0" "$@"', str(self.path),
            "/usr/bin/env", "-i", *(f"{k}={v}" for k, v in env.items()), *argv,
        ]


def _mount_script(root: Path, *, extra_binds: Sequence[str] = ()) -> str:
    """Shell lines binding the host's folders into ``root`` (run inside a new namespace).

    ``/tmp`` in the chroot becomes a private tmpfs first, so the folders bound below it
    need no folder of the cache's own.
    """
    quoted = shlex.quote(str(root))
    lines = ["set -e;"]
    lines += [f"mount --bind /{d} {quoted}/{d};" for d in BINDS]
    if extra_binds:
        lines.append(f"mount -t tmpfs -o mode=1777 companion-tmp {quoted}/tmp;")
        for d in extra_binds:
            target = f"{quoted}/{shlex.quote(d)}"
            lines.append(f"mkdir -p {target}; mount --bind /{shlex.quote(d)} {target};")
    return " ".join(lines)


def _build(suite: str, target: Path, *, log: bool) -> str:
    """debootstrap ``suite`` into ``target`` and install OBS there; returns OBS's version."""
    def say(text: str) -> None:
        if log:
            print(f"obs-chroot {suite}: {text}", file=sys.stderr, flush=True)

    say(f"debootstrap --variant=minbase into {target}")
    # In a namespace of its own: whatever debootstrap mounts goes when it ends.
    _run(["unshare", "--mount", "--propagation", "private", "--",
          "debootstrap", "--variant=minbase", suite, str(target)],
         what=f"debootstrap could not fetch Debian's {suite}")
    apt_conf = target / "etc" / "apt" / "apt.conf.d" / "99companion-tests"
    # sid's Release file can be past its Valid-Until on a test machine's clock.
    apt_conf.write_text('Acquire::Check-Valid-Until "false";\n'
                        'APT::Install-Recommends "false";\n', encoding="utf-8")
    policy = target / "usr" / "sbin" / "policy-rc.d"
    policy.write_text("#!/bin/sh\nexit 101\n", encoding="utf-8")  # no daemon starts inside
    policy.chmod(0o755)
    packages = " ".join(p for p in PACKAGES if p not in WITHOUT.get(suite, ()))
    say(f"apt-get install {packages}")
    inside = (
        "export DEBIAN_FRONTEND=noninteractive; apt-get update -qq && "
        f"apt-get install -y -qq {packages} >/dev/null && apt-get clean && "
        "rm -rf /var/lib/apt/lists/* && dpkg-query -W -f '${Version}' obs-studio"
    )
    script = _mount_script(target) + ' exec chroot "$0" /bin/sh -c "$1"'
    version = _run(
        ["unshare", "--mount", "--propagation", "private", "--",
         "/bin/sh", "-c", script, str(target), inside],
        what=f"Debian's {suite} could not deliver {packages}",
    )
    upstream = version.strip().split("+")[0].split("-")[0].split("~")[0]
    say(f"OBS {upstream} ({version.strip()}) ready")
    return upstream


def _run(argv: list[str], *, what: str) -> str:
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=BUILD_TIMEOUT,
                              stdin=subprocess.DEVNULL, check=False)
    except subprocess.TimeoutExpired as expired:
        raise ChrootUnavailable(f"{what} within {BUILD_TIMEOUT:.0f} s") from expired
    if done.returncode != 0:
        tail = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no output"]
        raise ChrootUnavailable(f"{what} ({tail[0]})")
    return done.stdout


def _require_root_tools() -> None:
    if os.geteuid() != 0:
        raise ChrootUnavailable("building and entering an OBS chroot needs root")
    for tool in ("debootstrap", "unshare", "chroot"):
        if shutil.which(tool) is None:
            raise ChrootUnavailable(f"{tool} is not installed (scripts/setup-env --test adds it)")


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def mounts_below(folder: Path) -> list[Path]:
    """Mount points at or below ``folder`` in this namespace, deepest first."""
    prefix = str(folder.resolve())
    found: list[Path] = []
    with open("/proc/self/mountinfo", encoding="utf-8") as mountinfo:
        for line in mountinfo:
            point = line.split()[4].encode().decode("unicode_escape")
            if point == prefix or point.startswith(prefix + "/"):
                found.append(Path(point))
    return sorted(found, key=lambda p: len(p.parts), reverse=True)


def unmount_leftovers(folder: Path | None = None) -> list[Path]:
    """Take down every mount below the cache (a run killed before namespaces, say)."""
    folder = folder or cache_root()
    if not folder.exists():
        return []
    left = mounts_below(folder)
    for point in left:
        subprocess.run(["umount", "--lazy", str(point)], capture_output=True, check=False)
    return left


def _in_use(folder: Path) -> bool:
    """Whether any process has its root at or below ``folder`` (runs inside that chroot)."""
    prefix = str(folder.resolve())
    for process in Path("/proc").iterdir():
        if not process.name.isdigit():
            continue
        try:
            root = os.readlink(process / "root")
        except OSError:
            continue
        if root == prefix or root.startswith(prefix + "/"):
            return True
    return False


def _remove_tree(path: Path) -> None:
    """Delete a chroot folder; never across a mount (a bound /dev or /tmp stays untouched)."""
    unmount_leftovers(path)
    if mounts_below(path):
        raise ChrootUnavailable(f"{path} still has mounts below it; not deleting it")
    subprocess.run(["rm", "-rf", "--one-file-system", str(path)], check=True)


def main(argv: Sequence[str]) -> int:
    if not argv or argv[0] not in ("ensure", "status"):
        print(__doc__, file=sys.stderr)
        return 2
    suites = list(argv[1:]) or ["trixie", "sid"]
    failed = 0
    for suite in suites:
        chroot = Chroot.for_suite(suite)
        if argv[0] == "status":
            state = f"OBS {chroot.obs_version}" if chroot.ready else "not built"
            print(f"{suite}: {state} ({chroot.path})")
            continue
        try:
            seconds = chroot.ensure()
        except ChrootUnavailable as problem:
            print(f"obs-chroot {suite}: not available: {problem}")
            failed += 1
            continue
        how = f"built in {seconds:.0f} s" if seconds else "cached"
        print(f"obs-chroot {suite}: OBS {chroot.obs_version} ready ({how}, {chroot.path})")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
