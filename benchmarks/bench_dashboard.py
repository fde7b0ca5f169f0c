"""Opening the dashboard window on a demo vault, offscreen: how soon it shows, how soon every chart is
drawn, and the GUI thread's longest stall meanwhile (a 5 ms event-loop heartbeat).

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_dashboard.py --vault PATH --password PW
    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_dashboard.py --clients 20000

Targets at 100 k clients: every chart drawn ≤ 1 s, no GUI-thread stall over 100 ms. Wall time with the
process CPU time beside it (the workers' CPU is included; on a shared machine wall mostly shows load).
Each period is timed too, as the period selector re-reads them.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QElapsedTimer, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from clientbook.core import dashboard, demo  # noqa: E402
from clientbook.core.opening import open_vault  # noqa: E402
from clientbook.core.vault import Vault  # noqa: E402
from clientbook.ui.dashboard import Dashboard  # noqa: E402


class Heartbeat:
    """The longest gap between 5 ms timer ticks: how long the GUI thread was kept from its events."""

    def __init__(self) -> None:
        self.clock = QElapsedTimer()
        self.timer = QTimer()
        self.timer.setInterval(5)
        self.timer.timeout.connect(self.tick)
        self.longest = 0

    def start(self) -> None:
        self.longest = 0
        self.clock.start()
        self.timer.start()

    def tick(self) -> None:
        self.longest = max(self.longest, self.clock.restart())


def wait_loaded(app: QApplication, board: Dashboard) -> None:
    while board.is_loading():
        app.processEvents()
        time.sleep(0.001)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--vault", type=Path, help="an existing vault (copy it first: opening may migrate it)")
    parser.add_argument("--password", default="bench-password")
    parser.add_argument("--clients", type=int, default=20000, help="demo size when no --vault is given")
    args = parser.parse_args()
    app = QApplication([])
    if args.vault:
        vault = open_vault(args.vault, args.password)
    else:
        folder = Path(tempfile.mkdtemp())
        vault = Vault.create(folder / "bench.db", args.password)
        demo.fill_vault(vault, args.clients)
    with vault.session() as session:
        t0, c0 = time.perf_counter(), time.process_time()
        dashboard.counts(session)
        dashboard.period_bars(session)
        print(f"figures read in one thread (anchor): {time.perf_counter() - t0:.3f} s wall, "
              f"{time.process_time() - c0:.3f} s CPU")
    beat = Heartbeat()
    beat.start()
    until = time.perf_counter() + 2
    while time.perf_counter() < until:
        app.processEvents()
        time.sleep(0.001)
    print(f"anchor: longest GUI stall with nothing to do, over 2 s: {beat.longest} ms (the machine's own noise)")
    beat.start()
    t0, c0 = time.perf_counter(), time.process_time()
    board = Dashboard(vault)
    board.show()
    app.processEvents()
    shown = time.perf_counter() - t0
    wait_loaded(app, board)
    print(f"dashboard: window shown {shown:.3f} s, every chart drawn {time.perf_counter() - t0:.3f} s wall, "
          f"{time.process_time() - c0:.3f} s CPU; longest GUI stall {beat.longest} ms")
    for index, period in enumerate(dashboard.PERIODS):
        beat.start()
        t0, c0 = time.perf_counter(), time.process_time()
        board.period.setCurrentIndex(index)
        if not board.is_loading():
            board.refresh()
        wait_loaded(app, board)
        print(f"  period {period:>4}: {time.perf_counter() - t0:.3f} s wall, {time.process_time() - c0:.3f} s CPU; "
              f"longest GUI stall {beat.longest} ms")
    board.close()
    vault.close()


if __name__ == "__main__":
    main()
