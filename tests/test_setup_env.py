"""`scripts/setup-env` (behind `scripts/start-sandbox`) does nothing when nothing changed."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STAMP = ROOT / ".venv" / ".setup-env-stamp"


def _setup(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(ROOT / "scripts" / "setup-env"), *args],
        capture_output=True, text=True, timeout=600, cwd=ROOT, check=False,
    )


def test_a_second_setup_installs_nothing_and_prints_nothing() -> None:
    first = _setup("--test")  # installs only if this checkout never was
    assert first.returncode == 0, first.stderr
    assert STAMP.is_file()
    editable = sorted((ROOT / ".venv").glob("lib/python*/site-packages/__editable__*"))
    before = [STAMP.stat().st_mtime_ns, *(path.stat().st_mtime_ns for path in editable)]

    began = time.monotonic()
    again = _setup()  # what start-sandbox runs: the product alone, covered by --test
    seconds = time.monotonic() - began

    assert again.returncode == 0
    assert again.stdout == "" and again.stderr == ""  # no setuptools warning block
    after = [STAMP.stat().st_mtime_ns, *(path.stat().st_mtime_ns for path in editable)]
    assert after == before
    assert seconds < 10, f"took {seconds:.1f} s"


def test_a_first_setup_says_what_it_does_as_it_goes(tmp_path: Path) -> None:
    """The Quick start's first command on a fresh checkout: each slow step is announced
    before it runs (the package install is held until its line has been read), then how
    long it all took. Python and pip are stand-ins here; the real install is the test above.
    """
    checkout = tmp_path / "checkout"
    (checkout / "scripts").mkdir(parents=True)
    shutil.copy2(ROOT / "scripts" / "setup-env", checkout / "scripts" / "setup-env")
    shutil.copy2(ROOT / "pyproject.toml", checkout / "pyproject.toml")
    shutil.copytree(ROOT / "packaging" / "requirements", checkout / "packaging" / "requirements")
    release = tmp_path / "release-pip"
    pip_log = tmp_path / "pip.log"
    venv_python = (
        "#!/bin/sh\n"
        f"echo \"$*\" >> '{pip_log}'\n"
        'case "$*" in *--require-hashes*)\n'
        f"  i=0; while [ ! -e '{release}' ] && [ $i -lt 600 ]; do sleep 0.05; i=$((i+1)); done;;\n"
        "esac\n"
    )
    stand_in = tmp_path / "python3"
    stand_in.write_text(
        "#!/bin/sh\n"
        '[ "$1" = -m ] && [ "$2" = venv ] || exit 9\n'
        'mkdir -p "$3/bin"\n'
        f"cat > \"$3/bin/python\" <<'EOS'\n{venv_python}EOS\n"
        'chmod +x "$3/bin/python"\n'
        'printf "#!/bin/sh\\n" > "$3/bin/comprimato-companion"\n'
        'chmod +x "$3/bin/comprimato-companion"\n',
        encoding="utf-8",
    )
    stand_in.chmod(0o755)
    process = subprocess.Popen(
        [str(checkout / "scripts" / "setup-env")], cwd=checkout, text=True,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        env={**os.environ, "PYTHON": str(stand_in)},
    )
    assert process.stdout is not None
    lines: list[str] = []
    try:
        for line in process.stdout:
            lines.append(line)
            if "installing the Python packages" in line:
                break
        said = "".join(lines)
        assert "making a virtual environment in .venv" in said, said
        assert "installing the Python packages" in said, said
        # Said before the install: it runs (held) after the line was read.
        deadline = time.monotonic() + 30
        while not (pip_log.exists() and "--require-hashes" in pip_log.read_text()):
            assert time.monotonic() < deadline, "the package install never started"
            time.sleep(0.05)  # a stand-in's log file: no signal to wait on
        assert process.poll() is None
    finally:
        release.touch()
        rest, errors = process.communicate(timeout=60)
    assert process.returncode == 0, errors
    assert re.search(r"setup-env: ready in \d+ s\.", rest), rest
