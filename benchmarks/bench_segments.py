"""Segment count and export timings on a demo vault (SPEC §15): 100,000 clients by default.

    .venv/bin/python benchmarks/bench_segments.py [--clients 100000] [--vault PATH] [--keep]

Targets at 100 k: segment count with three conditions incl. a purchase aggregate ≤ 200 ms;
export to .xlsx ≤ 10 s and to .csv ≤ 2 s. The vault is built with clientbook.core.demo (reused when
--vault points at an existing file made by an earlier run with --keep).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from clientbook.core import segments
from clientbook.core.exporting import ExportOptions, export_clients
from clientbook.core.vault import Vault

PASSWORD = "bench-password"
THREE_CONDITIONS = {"group": "and", "items": [
    {"kind": "field", "field": "city", "op": "contains", "value": "моск"},
    {"kind": "purchases", "measure": "total", "op": "gte", "value": 5000},
    {"kind": "interactions", "measure": "last_date", "op": "within_last_days", "value": 365},
]}
WITH_CONSENT = {"group": "and", "items": [
    {"kind": "tags", "op": "none", "value": ["нет такой метки"]},
    {"kind": "purchases", "measure": "count", "op": "gte", "value": 2},
    {"kind": "consent", "channel": "email", "state": "granted"},
]}


def timed(fn, repeat: int = 5) -> tuple[float, float, object]:  # type: ignore[no-untyped-def]
    """(first run, median of the next runs) in seconds, and the result."""
    start = time.perf_counter()
    result = fn()
    first = time.perf_counter() - start
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return first, statistics.median(runs), result


def main() -> None:
    import builtins
    import functools
    builtins.print = functools.partial(print, flush=True)  # progress shows up in a log file at once
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=100_000)
    parser.add_argument("--vault", type=Path)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="cb-bench-"))
    path = args.vault or work / "bench.db"
    if path.exists():
        vault = Vault.open(path, PASSWORD)
    else:
        from clientbook.core import demo

        vault = Vault.create(path, PASSWORD)
        start = time.perf_counter()
        demo.fill_vault(vault, args.clients)
        print(f"demo vault: {args.clients} clients in {time.perf_counter() - start:.1f} s")
    try:
        for label, definition in (("3 conditions (city, purchase total, last contact)", THREE_CONDITIONS),
                                  ("3 conditions (tags, purchase count, consent)", WITH_CONSENT)):
            with vault.session() as s:
                first, median, count = timed(lambda d=definition, s=s: segments.count_segment(s, d))
            print(f"segment count, {label}: {count} clients; first {first * 1000:.0f} ms, "
                  f"median {median * 1000:.0f} ms (target ≤ 200 ms)")
        with vault.session() as s:
            first, median, lines = timed(lambda s=s: segments.list_segments_with_counts(s), repeat=1)
        print(f"sidebar: {len(lines)} segments with counts in {median * 1000:.0f} ms")
        cases = [("xlsx", "email", None, 10), ("xlsx", "full", None, 10), ("csv", "email", None, 2),
                 ("csv", "full", None, 2), ("csv", "email", "email", 2)]
        for fmt, preset, mailing, target_s in cases:
            out = work / f"export-{preset}-{mailing or 'all'}.{fmt}"
            start = time.perf_counter()
            result = export_clients(vault, out, ExportOptions(format=fmt, preset=preset, mailing=mailing))
            took = time.perf_counter() - start
            print(f"export .{fmt}, preset {preset}{', mailing ' + mailing if mailing else ''}: {result.rows} rows "
                  f"in {took:.2f} s (target ≤ {target_s} s), {out.stat().st_size / 1e6:.1f} MB")
            out.unlink()
    finally:
        vault.close()
        if not args.keep and args.vault is None:
            for item in sorted(work.iterdir(), reverse=True):
                if item.is_file():
                    item.unlink()
        elif not args.vault:
            print(f"vault kept at {path}")


if __name__ == "__main__":
    main()
