"""Segment count and export timings on a demo vault (SPEC §15): 100,000 clients by default.

    .venv/bin/python benchmarks/bench_segments.py [--clients 100000] [--vault PATH] [--keep]

Targets at 100 k: segment count with three conditions incl. a purchase aggregate ≤ 200 ms;
export to .xlsx ≤ 10 s and to .csv ≤ 2 s. Every figure is wall time with the CPU time beside it (on a
shared machine the wall time mostly shows the load). Also printed: the sidebar, RFM, the Pareto curve
and dashboard figures, and peak memory. The vault is built with clientbook.core.demo (reused when
--vault points at an existing file made by an earlier run with --keep).
"""

from __future__ import annotations

import argparse
import functools
import os
import resource
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from clientbook.core import dashboard, rfm, segments
from clientbook.core.exporting import ExportSpec, export_clients
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


Figure = tuple[float, float]  # (wall, CPU) seconds


def clock(fn: Callable[[], Any]) -> tuple[Figure, Any]:
    """Wall and CPU time of one call: on a loaded machine wall time shows the load, CPU time the work."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = fn()
    return (time.perf_counter() - wall, time.process_time() - cpu), result


def timed(fn: Callable[[], Any], repeat: int = 5) -> tuple[Figure, Figure, Any]:
    """(first run, median of the next runs) as (wall, CPU), and the result."""
    first, result = clock(fn)
    runs = [clock(fn)[0] for _ in range(repeat)]
    median = (statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)) if runs else first
    return first, median, result


def ms(figure: Figure) -> str:
    return f"{figure[0] * 1000:.0f} ms (CPU {figure[1] * 1000:.0f} ms)"


def rss_mb() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


def main() -> None:
    import builtins
    builtins.print = functools.partial(print, flush=True)  # progress shows up in a log file at once
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=100_000)
    parser.add_argument("--vault", type=Path)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="cb-bench-"))
    path = args.vault or work / "bench.db"
    print(f"machine: {os.cpu_count()} CPU, load {os.getloadavg()[0]:.1f}")
    if path.exists():
        vault = Vault.open(path, PASSWORD)
    else:
        from clientbook.core import demo

        vault = Vault.create(path, PASSWORD)
        took, _ = clock(lambda: demo.fill_vault(vault, args.clients))
        print(f"demo vault: {args.clients} clients in {took[0]:.1f} s (CPU {took[1]:.1f} s)")
    try:
        for label, definition in (("3 conditions (city, purchase total, last contact)", THREE_CONDITIONS),
                                  ("3 conditions (tags, purchase count, consent)", WITH_CONSENT)):
            with vault.session() as s:
                first, median, count = timed(functools.partial(segments.count_segment, s, definition))
            print(f"segment count, {label}: {count} clients; first {ms(first)}, median {ms(median)} "
                  f"(target ≤ 200 ms)")
        with vault.session() as s:
            first, median, lines = timed(functools.partial(segments.list_segments_with_counts, s), repeat=1)
            print(f"sidebar: {len(lines)} segments with counts: first {ms(first)}, again {ms(median)}")
            for label, fn in (("RFM class counts", lambda: rfm.rfm_class_counts(s)),
                              ("RFM grid", lambda: rfm.rfm_grid(s)),
                              ("one RFM class (champions) count",
                               lambda: segments.count_segment(s, {"kind": "rfm", "class": "champions"})),
                              ("top 20 % by revenue count",
                               lambda: segments.count_segment(s, {"kind": "top_revenue", "share": 0.2})),
                              ("Pareto curve", lambda: rfm.pareto_curve(s)),
                              ("dashboard by temperature + status",
                               lambda: (dashboard.by_temperature(s), dashboard.by_status(s))),
                              ("dashboard revenue by month", lambda: dashboard.revenue_by_month(s))):
                first, median, _ = timed(fn, repeat=1)
                print(f"{label}: first {ms(first)}, again {ms(median)}")
        cases = [("xlsx", "email", None, 10), ("xlsx", "full", None, 10), ("csv", "email", None, 2),
                 ("csv", "full", None, 2), ("xlsx", "email", "email", 10), ("csv", "email", "email", 2),
                 ("csv", "sms", "sms", 2)]
        for fmt, preset, mailing, target_s in cases:
            out = work / f"export-{preset}-{mailing or 'all'}.{fmt}"
            options = ExportSpec(format=fmt, preset=preset, mailing=mailing)
            took, result = clock(functools.partial(export_clients, vault, out, options))
            print(f"export .{fmt}, preset {preset}{', mailing ' + mailing if mailing else ''}: "
                  f"{result.rows} rows in {took[0]:.2f} s (CPU {took[1]:.2f} s; target ≤ {target_s} s), "
                  f"{out.stat().st_size / 1e6:.1f} MB")
            out.unlink()
        print(f"peak RSS of this process: {rss_mb()} MB")
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
