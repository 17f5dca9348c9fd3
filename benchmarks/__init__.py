"""Benchmarks: what a streamer feels, each measured next to a baseline in the same run.

Run ``benchmarks/run`` (or ``python -m benchmarks``); ``--quick`` for a shorter pass. The
table is printed and written to ``docs/benchmarks.md`` with the machine described.
"""
