"""Which OBS Studio a real-OBS test runs against: the machine's own, or one from a chroot.

The matrix is the three OBS versions Debian's archive carries: 29.0.2 (bookworm), 30.2.3
(trixie) and 32.2.2 (sid). The one the machine has installed runs as it is; the others run
from a cached chroot (``tests/support/obs_chroots.py``). On Debian 12 that is 29 natively
and 30.2, 32.2 from chroots; on Debian 13, 30.2 natively and 29, 32.2 from chroots.

Choose with ``pytest --obs=VERSIONS``: ``native`` (the default: the machine's own only),
``all``, ``others`` (all but the machine's own: what ``.ci/run`` adds after the main
suite), or a comma list of ``29``, ``30.2``, ``32.2`` (``native`` may be among them).
Every test that uses a real OBS (the ``obs_version`` fixture, through ``real_obs`` and
friends) then runs once per chosen version, its id ending in ``obs29``, ``obs30.2``, ...

``COMPANION_OBS_CHROOTED=29`` runs that version from its chroot even where the machine has
it (a rehearsal of a Debian 13 machine, whose own OBS is 30.2.3, on Debian 12).

A chroot that cannot be built here takes that version's tests out of the run (deselected
when collected) and the run says why in one sentence; the
machine's own OBS is never skipped in CI. The run ends with one line per version: how many
of its tests passed, failed and were skipped, or why it was not run.

    python -m tests.support.obs_versions ensure [VERSIONS]   build the chroots VERSIONS need

Fixtures:
    obs_version: the ObsVersion of this test's parameter (session scope).
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import pytest

from tests.support.obs_chroots import Chroot, ChrootUnavailable

#: The matrix: the OBS of each Debian suite, by the name ``--obs`` takes.
MATRIX: dict[str, str] = {"29": "bookworm", "30.2": "trixie", "32.2": "sid"}


@dataclass(frozen=True)
class ObsVersion:
    """One OBS Studio to run, and what differs between versions when starting it.

    Attributes:
        name: the matrix's name (``29``, ``30.2``, ``32.2``).
        version: the full version (``29.0.2``); for a chroot not built yet, ``name``.
        chroot: where it runs from; None for the machine's own OBS.
    """

    name: str
    version: str
    chroot: Chroot | None = None

    @property
    def numbers(self) -> tuple[int, int, int]:
        major, minor, patch = [*(int(p) for p in re.findall(r"\d+", self.version)[:3]), 0, 0, 0][:3]
        return major, minor, patch

    def at_least(self, major: int, minor: int = 0) -> bool:
        return self.numbers[:2] >= (major, minor)

    @property
    def packed(self) -> int:
        """``LastVersion`` as OBS writes it (major<<24 | minor<<16 | patch)."""
        major, minor, patch = self.numbers
        return (major << 24) | (minor << 16) | patch

    @property
    def websocket_in_global_ini(self) -> bool:
        """OBS 28/29 keep the websocket server's settings in global.ini; 30.2+ in config.json."""
        return not self.at_least(30, 2)

    @property
    def user_ini(self) -> bool:
        """OBS 31+ keep user settings (FirstRun, the profile) in user.ini, not global.ini."""
        return self.at_least(31)

    @property
    def flags(self) -> tuple[str, ...]:
        """OBS's flags for a screenless test machine (32 dropped --disable-shutdown-check)."""
        flags = ("--multi", "--minimize-to-tray")
        return flags if self.at_least(32) else (*flags, "--disable-shutdown-check")

    @property
    def native(self) -> bool:
        return self.chroot is None

    def __str__(self) -> str:
        where = "native" if self.chroot is None else f"{self.chroot.suite} chroot"
        return f"OBS {self.version} ({where})"


@functools.cache
def native_version() -> str | None:
    """The machine's own OBS version (``29.0.2``), or None when OBS is not installed."""
    if shutil.which("obs") is None:
        return None
    if shutil.which("dpkg-query"):
        done = subprocess.run(["dpkg-query", "-W", "-f", "${Version}", "obs-studio"],
                              capture_output=True, text=True, check=False)
        if done.returncode == 0 and done.stdout.strip():
            return done.stdout.strip().split("+")[0].split("-")[0].split("~")[0]
    done = subprocess.run(["obs", "--version"], capture_output=True, text=True, check=False,
                          timeout=30)
    found = re.search(r"(\d+\.\d+\.\d+)", done.stdout)
    return found.group(1) if found else None


#: The machine's own ``obs``, found once (a test may put a wrapper called ``obs`` on PATH).
NATIVE_OBS = shutil.which("obs") or "obs"


def _matches(name: str, version: str | None) -> bool:
    return version is not None and (version == name or version.startswith(name + "."))


def runs_natively(name: str) -> bool:
    """Whether that version is the machine's own (and not asked for from its chroot)."""
    chrooted = os.environ.get("COMPANION_OBS_CHROOTED", "").split(",")
    return _matches(name, native_version()) and name not in chrooted


def native_name() -> str:
    """The matrix name of the machine's own OBS (its major.minor when not in the matrix)."""
    version = native_version()
    for name in MATRIX:
        if _matches(name, version):
            return name
    if version is None:
        return "29"  # no OBS here: the tests say so when they need it
    major, minor = version.split(".")[:2]
    return major if major == "29" else f"{major}.{minor}"


def chosen(option: str) -> list[str]:
    """The matrix names an ``--obs`` value picks, the native one first."""
    words = [w.strip() for w in option.split(",") if w.strip()] or ["native"]
    names: list[str] = []
    for word in words:
        if word == "all":
            picked = list(MATRIX)
        elif word == "others":
            picked = [name for name in MATRIX if name != native_name()]
        else:
            picked = [native_name() if word == "native" else word]
        for name in picked:
            if name not in MATRIX and name != native_name():
                raise pytest.UsageError(f"--obs: unknown OBS {name!r}; known: "
                                        f"native, all, others, {', '.join(MATRIX)}")
            if name not in names:
                names.append(name)
    names.sort(key=lambda n: n != native_name())
    return names


def resolve(name: str) -> ObsVersion:
    """The ObsVersion for a matrix name; a chroot's is built on first use.

    Raises ChrootUnavailable when its chroot cannot be built here.
    """
    if runs_natively(name):
        return ObsVersion(name=name, version=native_version() or name)
    chroot = Chroot.for_suite(MATRIX[name])
    chroot.ensure()
    chroot.take_down_leftovers()
    return ObsVersion(name=name, version=chroot.obs_version, chroot=chroot)


def require_native_obs() -> None:
    """Skip where OBS or Xvfb are not installed, except in CI, where that is a failure."""
    missing = [tool for tool in ("obs", "Xvfb") if shutil.which(tool) is None]
    if not missing:
        return
    reason = f"{' and '.join(missing)} not installed (Debian: apt-get install obs-studio xvfb)"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI must run the real-OBS tests, but {reason}")
    pytest.skip(reason)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--obs", default="native", metavar="VERSIONS",
        help="real OBS versions to run the real-OBS tests against: native (default), all, "
             f"others (all but native), or a comma list of {', '.join(MATRIX)}",
    )


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "obs_version" in metafunc.fixturenames:
        names: Sequence[str] = chosen(metafunc.config.getoption("--obs"))
        metafunc.parametrize("obs_version", names, indirect=True, scope="session",
                             ids=[f"obs{n}" for n in names])


_unavailable: dict[str, str] = {}


def version_or_skip(name: str) -> ObsVersion:
    """The ObsVersion for ``name``, or this test skipped with one sentence saying why.

    The machine's own OBS is never skipped in CI (a missing one fails there).
    """
    if name == native_name():
        require_native_obs()
    if name in _unavailable:
        pytest.skip(_unavailable[name])
    try:
        return resolve(name)
    except ChrootUnavailable as problem:
        _unavailable[name] = f"OBS {name} not run: {problem}"
        pytest.skip(_unavailable[name])


@pytest.fixture(scope="session")
def obs_version(request: pytest.FixtureRequest) -> ObsVersion:
    """The OBS this test runs against (``--obs`` chooses; the machine's own by default)."""
    return version_or_skip(getattr(request, "param", None) or native_name())


# -- one line per version at the end of the run ---------------------------------------------

_tally: dict[str, Counter[str]] = {}
_item_version: dict[str, str] = {}


def version_of(item: pytest.Item) -> str | None:
    """The matrix name a collected test runs against, if it runs against a real OBS."""
    params = getattr(getattr(item, "callspec", None), "params", {})
    if "obs_version" in params:
        return str(params["obs_version"])
    server = str(params.get("server", ""))
    return server.removeprefix("real-") if server.startswith("real-") else None


@pytest.hookimpl(trylast=True)  # after -m and -k: only versions a selected test needs
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Record each test's version; a chroot that cannot be built deselects its tests, so
    the run says why in one line (the summary's) instead of one skip per test."""
    for item in items:
        name = version_of(item)
        if name is not None:
            _item_version[item.nodeid] = name
    for name in sorted({_item_version[i.nodeid] for i in items if i.nodeid in _item_version}):
        if runs_natively(name) or name in _unavailable:
            continue
        try:
            resolve(name)
        except ChrootUnavailable as problem:
            _unavailable[name] = f"OBS {name} not run: {problem}"
    dropped = [i for i in items if _item_version.get(i.nodeid) in _unavailable]
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = [i for i in items if i not in dropped]


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    name = _item_version.get(report.nodeid)
    if name is None:
        return
    counts = _tally.setdefault(name, Counter())
    if report.when == "call" or (report.when == "setup" and not report.passed):
        counts[report.outcome] += 1
    elif report.when == "teardown" and report.failed:
        counts["error"] += 1


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not _tally and not _unavailable:
        return
    terminalreporter.section("real OBS versions")
    for name in sorted({*_tally, *_unavailable}, key=lambda n: [int(p) for p in n.split(".")]):
        counts = _tally.get(name, Counter())
        if name in _unavailable and not counts["passed"] + counts["failed"]:
            terminalreporter.write_line(_unavailable[name])
            continue
        label = _label(name)
        parts = [f"{counts[k]} {k}" for k in ("passed", "failed", "error", "skipped")
                 if counts[k]]
        terminalreporter.write_line(f"{label}: {', '.join(parts) or 'nothing ran'}")


def _label(name: str) -> str:
    if runs_natively(name):
        return str(ObsVersion(name=name, version=native_version() or name))
    chroot = Chroot.for_suite(MATRIX[name])
    version = chroot.obs_version if chroot.ready else name
    return str(ObsVersion(name=name, version=version, chroot=chroot))


def main(argv: Sequence[str]) -> int:
    """``ensure [VERSIONS]``: build what those versions need; one line each."""
    if not argv or argv[0] != "ensure":
        print(__doc__, file=sys.stderr)
        return 2
    for name in chosen(",".join(argv[1:]) or "others"):
        if runs_natively(name):
            print(f"{_label(name)}: the machine's own")
            continue
        chroot = Chroot.for_suite(MATRIX[name])
        try:
            seconds = chroot.ensure()
        except ChrootUnavailable as problem:
            print(f"OBS {name} not run: {problem}")
            continue
        how = f"chroot built in {seconds:.0f} s" if seconds else "chroot cached"
        print(f"{_label(name)}: {how}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
