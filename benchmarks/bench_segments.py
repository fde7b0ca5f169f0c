"""Segment count and export timings on a demo vault (SPEC §15): 100,000 clients by default.

    .venv/bin/python benchmarks/bench_segments.py [--clients 100000] [--vault PATH] [--keep]

Targets at 100 k: segment count with three conditions incl. a purchase aggregate ≤ 100 ms (#14 goal 4),
the sidebar's segment counts together ≤ 300 ms (`segment_figures`, also called by report.py);
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
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from clientbook.core import dashboard, rfm, segments
from clientbook.core.exporting import ExportSpec, export_clients
from clientbook.core.opening import open_vault
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


@dataclass(frozen=True)
class SegmentFigure:
    """One measured line: what, (wall, CPU) seconds as the median of `runs`, the target in seconds."""

    label: str
    wall: float
    cpu: float
    target: float | None
    runs: int


def segment_figures(vault: Vault, repeat: int = 5) -> list[SegmentFigure]:
    """The #14 goal-4 figures, for this script and benchmarks/report.py: the §15 three-condition count
    (≤ 100 ms), the sidebar's segment counts all at once as at unlock (≤ 300 ms together), and the
    sidebar's recount after a change that moves only some of them (a card's city edited)."""
    figures: list[SegmentFigure] = []
    with vault.session() as s:
        for label, definition in (("segment count, 3 conditions (city, purchase total, last contact)",
                                   THREE_CONDITIONS),
                                  ("segment count, 3 conditions (tags, purchase count, consent)", WITH_CONSENT)):
            _first, (wall, cpu), _ = timed(functools.partial(segments.count_segment, s, definition), repeat)
            figures.append(SegmentFigure(label, wall, cpu, 0.1, repeat))
        _first, (wall, cpu), (lines, _cache) = timed(lambda: segments.refresh_counts(s, None), repeat)
        figures.append(SegmentFigure(f"sidebar: {len(lines)} segment counts together (unlock)", wall, cpu, 0.3,
                                     repeat))
        # what a card edit makes the sidebar recount: only the segments reading the changed field
        touched = {"client:city"}
        moved = [line for line in lines if segments.segment_reads(line.definition) & touched
                 or segments.ANY in segments.segment_reads(line.definition)]
        _first, (wall, cpu), _ = timed(lambda: [segments.count_segment(s, line.definition) for line in moved], repeat)
        figures.append(SegmentFigure(f"sidebar after a city edit: {len(moved)} of {len(lines)} recounted",
                                     wall, cpu, None, repeat))
    return figures


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
        vault = open_vault(path, PASSWORD)
    else:
        from clientbook.core import demo

        vault = Vault.create(path, PASSWORD)
        took, _ = clock(lambda: demo.fill_vault(vault, args.clients))
        print(f"demo vault: {args.clients} clients in {took[0]:.1f} s (CPU {took[1]:.1f} s)")
    try:
        for figure in segment_figures(vault):
            target = f" (target ≤ {figure.target * 1000:.0f} ms)" if figure.target else ""
            print(f"{figure.label}: median of {figure.runs} {ms((figure.wall, figure.cpu))}{target}")
        with vault.session() as s:
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
