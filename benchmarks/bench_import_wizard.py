"""The import wizard as a person uses it, on a big file: every wait from the click to what they see.

    .venv/bin/python benchmarks/bench_import_wizard.py --rows 100000 [--reuse FILE.xlsx] [--base COPY.db]

The real ImportWizard, offscreen, on a fresh vault (or on a copy of a base, `--base`, password
bench-password): file chosen → preview shown (reading and guessing the columns), Next on the
preview (the whole file checked for duplicates), Next on the duplicates page with "fill" kept (the
totals), Import → report shown. Each step: wall time, the process's CPU time (all threads), and the
GUI thread's longest stall (bench_window's 5 ms heartbeat). The file is bench_import's 15 columns;
the anchor, a bare python-calamine read of it, is measured in the same run.
"""

from __future__ import annotations

import argparse
import collections
import gc
import json
import os
import shutil
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from bench_import import generate  # noqa: E402
from bench_window import Heartbeat, wait_until  # noqa: E402

PASSWORD = "bench-password"
STALL_SAMPLE_AFTER = 0.04


class Stalls:
    """`--stacks`: while the GUI thread has not ticked for STALL_SAMPLE_AFTER s, every thread's
    innermost frames are sampled (the GUI thread may wait for the GIL another thread holds)."""

    def __init__(self, heart: Heartbeat) -> None:
        self.heart = heart
        self.main = threading.main_thread().ident
        self.samples: collections.Counter[str] = collections.Counter()
        self.collections: list[tuple[float, int, str]] = []  # (seconds, generation, thread)
        self._started = 0.0
        gc.callbacks.append(self._collected)
        threading.Thread(target=self._watch, daemon=True).start()

    def _collected(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._started = time.perf_counter()
        else:
            self.collections.append((time.perf_counter() - self._started, info["generation"],
                                     threading.current_thread().name))

    def _watch(self) -> None:
        me = threading.get_ident()
        while True:
            time.sleep(0.01)
            if time.perf_counter() - self.heart.last < STALL_SAMPLE_AFTER:
                continue
            parts = []
            for ident, frame in sys._current_frames().items():  # noqa: SLF001 - a profiler's way in
                if ident == me:
                    continue
                stack = traceback.extract_stack(frame)[-4:]
                if stack and stack[-1].name in ("wait", "_wait_for_tstate_lock", "sleep", "get", "_watch"):
                    continue
                who = "GUI" if ident == self.main else "worker"
                parts.append(who + ": " + " < ".join(f"{Path(f.filename).name}:{f.lineno} {f.name}"
                                                     for f in reversed(stack)))
            self.samples[" | ".join(sorted(parts))] += 1

    def report(self) -> None:
        for stack, count in self.samples.most_common(5):
            print(f"    {count * 10:>5} ms  {stack}")
        self.samples.clear()
        longest = sorted(self.collections, reverse=True)[:3]
        print("    garbage collections: " + (", ".join(f"{s * 1000:.0f} ms (gen {g}, {t})" for s, g, t in longest)
                                            or "none") + f" of {len(self.collections)}")
        self.collections.clear()


def _anchor(path: Path) -> tuple[float, float]:
    import python_calamine

    wall, cpu = time.perf_counter(), time.process_time()
    sheet = python_calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0)
    sum(1 for _ in sheet.iter_rows())
    return time.perf_counter() - wall, time.process_time() - cpu


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--reuse", help="this .xlsx instead of a generated one")
    parser.add_argument("--base", help="import into a copy of this vault (password bench-password)")
    parser.add_argument("--json", action="store_true", help="also print the steps as one JSON line")
    parser.add_argument("--stacks", action="store_true", help="name the code behind each step's stalls")
    parser.add_argument("--until", type=int, default=4, help="stop after this many steps")
    args = parser.parse_args()
    from PySide6.QtWidgets import QApplication

    from clientbook.core.vault import Vault
    from clientbook.ui.import_steps import PAGE_DUPLICATES, PAGE_PREVIEW, PAGE_REPORT, PAGE_SUMMARY
    from clientbook.ui.import_wizard import ImportWizard

    app = QApplication.instance() or QApplication(sys.argv[:1])
    from clientbook.ui.gc_pauses import tune_for_the_desktop

    tune_for_the_desktop()  # the collector and GIL settings the desktop app runs with
    with tempfile.TemporaryDirectory(dir=os.environ.get("BENCH_TMP")) as tmp:
        source = Path(args.reuse) if args.reuse else Path(tmp) / "bench.xlsx"
        if not args.reuse:
            generate(source, args.rows)
        vault_path = Path(tmp) / "vault" / "bench.db"
        if args.base:
            vault_path.parent.mkdir()
            shutil.copyfile(args.base, vault_path)
            vault = Vault.open(vault_path, PASSWORD)
        else:
            vault = Vault.create(vault_path, PASSWORD)
        anchor = _anchor(source)
        heart = Heartbeat()
        stalls = Stalls(heart) if args.stacks else None
        print(f"{'step':<52} {'wall':>8} {'CPU':>8} {'stall':>8}")
        print(f"{'anchor: python-calamine read of the file':<52} {anchor[0]:>7.2f}s {anchor[1]:>7.2f}s")
        try:
            wizard = ImportWizard(vault, None)
            wizard.resize(1100, 760)
            wizard.show()
            app.processEvents()
            steps: list[tuple[str, Callable[[], None]]] = [
                ("file chosen → preview shown", lambda: _file(wizard, source, PAGE_PREVIEW)),
                ("Next on the preview → duplicates page", lambda: _next(wizard, PAGE_DUPLICATES)),
                ("Next with \"fill\" kept → totals page", lambda: _next(wizard, PAGE_SUMMARY)),
                ("Import → report shown", lambda: _import(wizard, heart, PAGE_REPORT)),
            ]
            total_wall = total_cpu = 0.0
            figures = []
            for name, step in steps[:args.until]:
                heart.reset()
                wall, cpu = time.perf_counter(), time.process_time()
                step()
                wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
                total_wall, total_cpu = total_wall + wall, total_cpu + cpu
                figures.append({"step": name, "wall_s": wall, "cpu_s": cpu, "stall_ms": heart.longest * 1000})
                print(f"{name:<52} {wall:>7.2f}s {cpu:>7.2f}s {heart.longest * 1000:>6.0f}ms", flush=True)
                if stalls is not None:
                    stalls.report()
            print(f"{'file chosen → import done (the user waits)':<52} {total_wall:>7.2f}s {total_cpu:>7.2f}s"
                  f"   = {total_wall / anchor[0]:.1f}× the anchor's wall")
            result = wizard.import_result
            print(f"created {result.created if result else None}")
            if args.json:
                print(json.dumps({"anchor": {"wall_s": anchor[0], "cpu_s": anchor[1]}, "steps": figures,
                                  "created": result.created if result else None}, ensure_ascii=False))
            wizard.close()
        finally:
            vault.close()
    return 0


def _file(wizard: Any, source: Path, page: int) -> None:
    """What the file page's Browse… does once a file is picked, then Next through sheet/header/mapping."""
    from clientbook.ui.import_steps import PAGE_FILE

    assert wizard.currentId() == PAGE_FILE
    wizard.file_page.path_edit.setText(str(source))
    while wizard.currentId() != page:
        before = wizard.currentId()
        wizard.next()
        if wizard.currentId() == before:
            raise SystemExit(f"stuck on page {before}")


def _next(wizard: Any, page: int) -> None:
    wizard.next()
    if wizard.currentId() != page:
        raise SystemExit(f"expected page {page}, on {wizard.currentId()}")


def _import(wizard: Any, heart: Heartbeat, page: int) -> None:
    wizard.next()
    wait_until(heart, lambda: wizard.currentId() == page, "the report")


if __name__ == "__main__":
    raise SystemExit(main())
