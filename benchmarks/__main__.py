"""``python -m benchmarks [--quick] [--only NAME ...]``: run, print the table, write the doc.

Each figure is the median of several runs and sits next to a baseline measured in the same
run. Default: about five minutes; ``--quick``: about one.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime
import os
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path

from benchmarks.common import REPO, Row, closed_port, fmt, temp_home
from benchmarks.machine import describe

DOC = REPO / "docs" / "benchmarks.md"
PARTS = ("startup", "footprint", "click", "responsiveness", "scale", "playback")


def _table(rows: list[Row]) -> list[str]:
    lines = ["| Measure | App | Baseline | Ratio | Target | Result |",
             "| --- | --- | --- | --- | --- | --- |"]
    for row in rows:
        ratio = f"{row.ratio:.2f}x" if row.ratio is not None else "-"
        lines.append(f"| {row.name} | {fmt(row.value, row.unit)} | {fmt(row.baseline, row.unit)}"
                     f" | {ratio} | {row.target} | {row.verdict} |")
    return lines


def _failed(name: str, error: BaseException) -> Row:
    return Row(name, None, None, "", "-", None, f"could not run: {error}".splitlines()[0])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="benchmarks", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer runs, 10 s of CPU sampling")
    parser.add_argument("--only", nargs="*", choices=PARTS, help="run only these parts")
    parser.add_argument("--output", type=Path, default=DOC, help="where to write the table")
    parser.add_argument("--note", default="", help="a sentence about this run (the machine's load)")
    parser.add_argument("--no-verdicts", action="store_true",
                        help="CI: no PASS/GAP, so noise cannot fail; exit 1 only when a "
                        "benchmark could not run")
    args = parser.parse_args(argv)
    quick = args.quick
    wanted = set(args.only or PARTS)
    machine = describe()
    started = time.monotonic()
    rows: list[Row] = []
    big_home: Path | None = None
    big_api = ""
    rename_s: float | None = None

    broken: list[str] = []

    def part(name: str, run: Callable[[], list[Row]]) -> None:
        if name not in wanted:
            return
        began = time.monotonic()
        print(f"== {name}", file=sys.stderr, flush=True)
        try:
            got = run()
        except Exception as error:
            traceback.print_exc()
            broken.append(name)
            got = [_failed(name, error)]
        rows.extend(got)
        for row in got:
            verdict = "" if args.no_verdicts else f" ({row.verdict})"
            print(f"   {row.name}: {fmt(row.value, row.unit)}{verdict}", file=sys.stderr)
        print(f"   {time.monotonic() - began:.0f} s", file=sys.stderr, flush=True)

    from benchmarks import click_to_obs, peers, startup, window_runs

    obs: peers.Obs | None = None
    standin = None
    big_usable_home: Path | None = None
    keyring: peers.Keyring | None = None
    if wanted & {"startup", "click"}:
        print("== starting OBS and the HTTPS stand-in", file=sys.stderr, flush=True)
        obs = peers.start_obs()
        standin = peers.start_standin()
    if wanted & {"startup", "footprint"}:
        # The secrets where a returning user's are: in the system keyring.
        try:
            keyring = peers.start_keyring()
            if keyring is not None and standin is not None:
                keyring.keep("api-key", standin.api_key)
        except (OSError, RuntimeError) as error:
            if keyring is not None:
                keyring.stop()
                keyring = None
            print(f"== no system keyring for the app ({error}); measured without one",
                  file=sys.stderr, flush=True)
    if wanted & {"startup", "scale"}:
        from benchmarks.window_runs import make_big_store

        big_home = temp_home("big")
        big_api = f"http://127.0.0.1:{closed_port()}/v1"
        rename_s = make_big_store(big_home, big_api)
        if standin is not None and "startup" in wanted:
            big_usable_home = temp_home("big-https")
            make_big_store(big_usable_home, standin.api_url, renames=0)

    try:
        if obs is not None and standin is not None:
            linked, running = obs, standin
            part("startup", lambda: startup.measure(3 if quick else 11, linked.url, linked.what,
                                                    running, big_usable_home, keyring))
        part("footprint", lambda: window_runs.memory_from_outside(1 if quick else 3, keyring)
             + window_runs.footprint(10.0 if quick else 60.0, 1))
        if obs is not None and standin is not None:
            linked, running = obs, standin
            part("click", lambda: click_to_obs.measure(5 if quick else 15, linked, running))
    finally:
        if obs is not None:
            obs.stop()
        if standin is not None:
            standin.stop()
        if keyring is not None:
            keyring.stop()
    part("responsiveness",
         lambda: window_runs.responsiveness(4.0 if quick else 8.0, 1 if quick else 3))
    if big_home is not None:
        home = big_home
        part("scale", lambda: window_runs.scale(home, big_api, 1 if quick else 3))
    from benchmarks import playback

    part("playback", lambda: playback.measure(quick))
    if rename_s is not None and "scale" in wanted:
        rows.append(Row("10,000 streams: one change saved to the store", rename_s * 1000, None,
                        "ms", "-", None, "informational: each change re-reads and rewrites "
                        "the whole file (about 3 MB), in a worker thread"))

    elapsed = time.monotonic() - started
    if args.no_verdicts:
        rows = [dataclasses.replace(row, passed=None, target=f"({row.target})")
                if row.passed is not None else row for row in rows]
    table = _table(rows)
    print("\n".join(table))
    notes = [f"- **{row.name}**: {row.note}" for row in rows if row.note]
    gaps = [row for row in rows if row.passed is False]
    today = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    doc = [
        "# Benchmarks",
        "",
        "What a streamer feels, each figure next to a baseline measured in the same run "
        "(median of several runs). Produced by `benchmarks/run`"
        f"{' --quick' if quick else ''}; regenerate it after changes that touch start-up, "
        "the window, the session or the OBS link.",
        "",
        f"Run on {today}, {elapsed:.0f} s"
        f"{' (quick mode: fewer runs, 10 s of CPU sampling)' if quick else ''}.",
        *(["", args.note] if args.note else []),
        "",
        "## Machine",
        "",
        *[f"- {what}: {value}" for what, value in machine],
        f"- Load average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}",
        "",
        "## Results",
        "",
        *table,
        "",
        "## How each figure was measured",
        "",
        *notes,
        "",
        "## Gaps",
        "",
        *([f"- {row.name}: {fmt(row.value, row.unit)} against {row.target}." for row in gaps]
          or (["- Not judged: run with --no-verdicts."] if args.no_verdicts
              else ["- None: every target is met."])),
        "",
    ]
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text("\n".join(doc), encoding="utf-8")
    print(f"\n{len(gaps)} gap(s); written to {args.output} in {elapsed:.0f} s", file=sys.stderr)
    if broken:
        print(f"could not run: {', '.join(broken)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
