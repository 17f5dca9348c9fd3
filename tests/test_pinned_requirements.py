"""The pinned requirements (packaging/requirements/*.txt, from scripts/lock-requirements):
every pin hashed, runtime apart from test and build tools, the same runtime pins in each
file, and every third-party module the program imports declared in pyproject.toml."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
from packaging.utils import canonicalize_name

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parent.parent
REQUIREMENTS = ROOT / "packaging" / "requirements"
FILES = ("runtime.txt", "build.txt", "test.txt")
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def pins(name: str) -> dict[str, tuple[str, str, frozenset[str]]]:
    """``{name: (version, marker, hashes)}`` of one requirements file; fails on a loose line."""
    text = (REQUIREMENTS / name).read_text(encoding="utf-8")
    found: dict[str, tuple[str, str, frozenset[str]]] = {}
    for entry in re.sub(r"\\\n", " ", text).splitlines():
        entry = entry.split("#", 1)[0].strip()
        if not entry:
            continue
        assert not entry.startswith("-"), f"{name}: an option line: {entry}"
        spec, *options = entry.split(" --hash=")
        requirement = Requirement(spec)
        (specifier,) = requirement.specifier
        assert specifier.operator == "==", f"{name}: {spec} is not pinned"
        hashes = frozenset(option.strip() for option in options)
        assert hashes and all(h.startswith("sha256:") and len(h) == 71 for h in hashes), spec
        found[canonicalize_name(requirement.name)] = (
            specifier.version, str(requirement.marker or ""), hashes)
    return found


@pytest.mark.parametrize("name", FILES)
def test_every_pin_is_exact_and_hashed_and_names_no_index(name: str) -> None:
    assert pins(name)
    text = (REQUIREMENTS / name).read_text(encoding="utf-8")
    assert "scripts/lock-requirements" in text.splitlines()[1]
    assert "://" not in text  # no index address: pip's and uv's own defaults apply


def test_runtime_pins_hold_no_test_or_build_tool_and_are_the_same_everywhere() -> None:
    runtime = pins("runtime.txt")
    for tool in ("pytest", "pyinstaller", "mypy", "ruff", "hypothesis", "setuptools", "uv"):
        assert tool not in runtime
    same = {name: (version, hashes) for name, (version, _, hashes) in runtime.items()}
    for other in ("build.txt", "test.txt"):  # markers may be wider: a tool needs it elsewhere
        theirs = {name: (version, hashes) for name, (version, _, hashes) in pins(other).items()}
        assert {name: theirs.get(name) for name in runtime} == same, other
    assert "pyinstaller" in pins("build.txt") and "pytest" in pins("test.txt")


def test_every_declared_dependency_is_pinned_within_its_range() -> None:
    runtime = pins("runtime.txt")
    for line in PROJECT["dependencies"]:
        requirement = Requirement(line)
        version = runtime[canonicalize_name(requirement.name)][0]
        assert requirement.specifier.contains(version, prereleases=True), (line, version)


@pytest.mark.parametrize(
    ("name", "below"),
    [("websocket-client", "1.10"), ("qasync", "0.29"), ("obsws-python", "1.9"), ("httpx", "1")],
)
def test_internals_the_code_reads_and_announced_breaks_are_bounded(name: str, below: str) -> None:
    """link.py wraps websocket-client's recv_data_frame and subclasses obsws-python; the
    event loop stops qasync's timers; httpx 1.0 breaks its API."""
    (line,) = (d for d in PROJECT["dependencies"] if canonicalize_name(Requirement(d).name)
               == name)
    assert f"<{below}" in str(Requirement(line).specifier)


def _imported_top_names() -> dict[str, set[str]]:
    """Each absolute top-level module app/ imports -> the files that import it."""
    found: dict[str, set[str]] = {}
    for path in (ROOT / "app").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            for name in names:
                found.setdefault(name.split(".")[0], set()).add(str(path.relative_to(ROOT)))
    return found


def test_every_third_party_module_the_program_imports_is_declared() -> None:
    declared = {canonicalize_name(Requirement(d).name): Requirement(d)
                for d in PROJECT["dependencies"]}
    owners = metadata.packages_distributions()
    windows_or_mac_only = {"truststore"}  # not installed on this Linux machine
    undeclared = []
    for module, files in sorted(_imported_top_names().items()):
        if module in sys.stdlib_module_names or module == "__future__":
            continue
        dists = [canonicalize_name(d) for d in owners.get(module, [])]
        if not dists and module in windows_or_mac_only:
            dists = [module]
        ours = [declared[d] for d in dists if d in declared]
        if not ours:
            undeclared.append(f"{module} ({', '.join(sorted(files))})")
            continue
        # Imported on this platform: the declaration must apply here too.
        if module not in windows_or_mac_only:
            assert all(r.marker is None or r.marker.evaluate() for r in ours), module
    assert undeclared == []
