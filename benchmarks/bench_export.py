"""Export speed at the query limit (#14 goal 2) and the export preview's hold on the GIL (#13 item 5).

    .venv/bin/python benchmarks/bench_export.py --vault /tmp/copy-of-demo100k.db [--password-env NAME]

Prints wall time, CPU time, the anchor and the ratio for a full .csv, a full .xlsx and an e-mail
mailing .csv, against the anchor measured in the same run: a plain SELECT of the clients + their
phones and e-mails → csv.writer (what any export must at least do). Goals at 100 k: full .csv ≤ 1.5×
the anchor and ≤ 2 s, .xlsx ≤ 6 s, mailing .csv ≤ 2 s (CPU time, i.e. a quiet machine's wall time).

Also printed: the mailing preview's time and the longest gap a heartbeat thread saw while a worker
thread read it (what the dialog's GUI thread would wait for the GIL; goal ≤ 100 ms).

benchmarks/report.py takes its export rows from `export_figures` here. The vault is only read; pass
a copy of the demo base (opening migrates it).
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import functools
import gc
import os
import resource
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))

from clientbook.core.exporting import ExportSpec, export_clients, preview  # noqa: E402
from clientbook.core.opening import open_vault  # noqa: E402
from clientbook.core.vault import Vault  # noqa: E402


@dataclass
class Figure:
    measure: str
    target: float | None  # seconds; None: none at this size
    wall: float
    cpu: float
    anchor: str = ""
    anchor_cpu: float | None = None
    goal_ratio: float | None = None

    @property
    def ratio(self) -> float | None:
        return self.cpu / self.anchor_cpu if self.anchor_cpu else None


def cpu_now() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + usage.ru_utime + usage.ru_stime


def clock(fn: Callable[[], Any]) -> tuple[float, float, Any]:
    wall, cpu = time.perf_counter(), cpu_now()
    result = fn()
    return time.perf_counter() - wall, cpu_now() - cpu, result


def plain_query_csv(vault: Vault, target: Path) -> tuple[float, float]:
    """Anchor: every non-archived client's columns + phones + e-mails in plain SELECTs → csv.writer."""
    wall, cpu = time.perf_counter(), cpu_now()
    conn = vault.raw_connection()
    try:
        phones: dict[int, list[str]] = {}
        for client_id, e164 in conn.execute("SELECT client_id, coalesce(e164, raw) FROM phones "
                                            "ORDER BY client_id, position"):
            phones.setdefault(client_id, []).append(e164)
        emails: dict[int, list[str]] = {}
        for client_id, address in conn.execute("SELECT client_id, address FROM emails ORDER BY client_id, position"):
            emails.setdefault(client_id, []).append(address)
        cursor = conn.execute("SELECT * FROM clients WHERE archived = 0 ORDER BY sort_key")
        with open(target, "w", encoding="utf-8", newline="") as fh:
            fh.write("\ufeff")  # the BOM the export writes, through the C encoder
            writer = csv.writer(fh, delimiter=";")
            writer.writerow([d[0] for d in cursor.description] + ["phones", "emails"])
            while chunk := cursor.fetchmany(2000):
                writer.writerows([*row, ", ".join(phones.get(row[0], ())), ", ".join(emails.get(row[0], ()))]
                                 for row in chunk)
    finally:
        conn.close()
    return time.perf_counter() - wall, cpu_now() - cpu


@contextlib.contextmanager
def desktop_collector() -> Iterator[None]:
    """The garbage collector as the desktop app sets it (clientbook.ui.gc_pauses), which is what the
    GUI thread lives with; CPython's defaults (this script's) made full collections of the preview's
    objects of up to 0.3 s at 1 M clients, which the app never sees. Restored afterwards."""
    from clientbook.ui import gc_pauses

    before = gc.get_threshold()
    gc.set_threshold(*gc_pauses.THRESHOLDS)
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
        gc.set_threshold(*before)


def longest_gap_while(fn: Callable[[], Any], beat: float = 0.005) -> tuple[float, Any]:
    """Run `fn` on a worker thread; the longest time a heartbeat thread waited between its beats."""
    outcome: dict[str, Any] = {}
    worker = threading.Thread(target=lambda: outcome.setdefault("value", fn()))
    longest = 0.0
    worker.start()
    last = time.perf_counter()
    while worker.is_alive():
        time.sleep(beat)
        now = time.perf_counter()
        longest = max(longest, now - last - beat)
        last = now
    worker.join()
    return longest, outcome.get("value")


def export_figures(vault: Vault, work: Path, *, big: bool = False) -> list[Figure]:
    """The export rows of the §15 table: the anchor, full .csv, e-mail mailing .csv, full .xlsx, and the
    mailing preview with the longest heartbeat gap. `big` (≥ 500 k clients): no targets."""
    anchor_wall, anchor_cpu = plain_query_csv(vault, work / "anchor.csv")
    (work / "anchor.csv").unlink()
    figures = [Figure("anchor: plain SELECT + phones + e-mails → csv.writer", None, anchor_wall, anchor_cpu)]
    cases: list[tuple[str, ExportSpec, float, float | None]] = [
        ("export full .csv", ExportSpec(format="csv"), 2.0, 1.5),
        ("export e-mail mailing .csv", ExportSpec(format="csv", preset="email", mailing="email"), 2.0, None),
        ("export full .xlsx", ExportSpec(format="xlsx"), 6.0, None),
    ]
    for label, spec, target, goal in cases:
        out = work / f"export.{spec.format}"
        wall, cpu, result = clock(functools.partial(export_clients, vault, out, spec))
        out.unlink()
        figures.append(Figure(f"{label}, {result.rows} rows", None if big else target, wall, cpu,
                              "plain query → csv" if goal else "", anchor_cpu if goal else None, goal))
    mailing = ExportSpec(format="csv", preset="email", mailing="email")

    def read_preview() -> Any:
        with vault.session() as session:
            return preview(session, mailing)

    wall, cpu, plan = clock(read_preview)
    figures.append(Figure(f"mailing preview (counts + {len(plan.excluded)} excluded)", None, wall, cpu))
    with desktop_collector():
        gap, _plan = longest_gap_while(read_preview)
    figures.append(Figure("  longest heartbeat gap while a worker reads it (goal ≤ 0.1 s)", 0.1, gap, gap))
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--vault", type=Path, required=True, help="a copy of a demo base (read only)")
    parser.add_argument("--password-env", help="variable holding the password (default: the demo's)")
    args = parser.parse_args()
    password = os.environ.get(args.password_env, "") if args.password_env else "demo-password-123"
    with tempfile.TemporaryDirectory(prefix="clientbook-export-", dir=os.environ.get("BENCH_TMP")) as tmp, \
            contextlib.closing(open_vault(args.vault, password)) as vault:
        figures = export_figures(vault, Path(tmp))
    print("| measure | target | wall | CPU | anchor | ratio (goal) |")
    print("|---|---|---|---|---|---|")
    for f in figures:
        ratio = f"{f.ratio:.2f}× (≤ {f.goal_ratio}×)" if f.ratio is not None else "—"
        target = f"≤ {f.target:.1f} s" if f.target is not None else "—"
        print(f"| {f.measure} | {target} | {f.wall:.2f} s | {f.cpu:.2f} s | {f.anchor} | {ratio} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
