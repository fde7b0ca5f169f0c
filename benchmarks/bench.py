"""The performance benchmark of SPEC §15: build a base of N clients, then time what users wait for.

    .venv/bin/python benchmarks/bench.py --clients 100000 [--keep PATH] [--seed 1]
    .venv/bin/python benchmarks/bench.py --reuse PATH [--password TEXT]   # measure a kept base again

The base is built in a child process by the demo generator (bulk insert, SPEC §15 mix: phones,
e-mails, 0.5 contact persons, 5 interactions and 3 purchases per client on average), so the peak
memory printed at the end is what this process needed to unlock, search and edit — not the build.
Prints one line per figure: wall-clock time and, where the machine may be busy with other work,
the CPU time this process spent (`time.process_time`), which is what a user's idle machine would see.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import select, text

from clientbook.core import clients, search
from clientbook.core import models as m
from clientbook.core.demo import DemoMix, fill_vault
from clientbook.core.opening import open_vault
from clientbook.core.vault import Vault

PASSWORD = "bench-пароль"
QUERY_COUNT = 200
CARD_SAMPLES = 100
LIST_PAGE = 100


def line(label: str, value: str) -> None:
    print(f"{label:<48} {value}", flush=True)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def percentiles(samples: list[float], cpu: list[float] | None = None) -> str:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    shown = f"p50 {ms(statistics.median(ordered))}  p95 {ms(p95)}  max {ms(ordered[-1])}  (n={len(ordered)})"
    if cpu:
        cpu_ordered = sorted(cpu)
        cpu_p95 = cpu_ordered[min(len(cpu_ordered) - 1, round(0.95 * (len(cpu_ordered) - 1)))]
        shown += f"; CPU p50 {ms(statistics.median(cpu_ordered))}  p95 {ms(cpu_p95)}"
    return shown


class Clock:
    """Wall and CPU time of one step."""

    def __init__(self) -> None:
        self.wall, self.cpu = time.perf_counter(), time.process_time()

    def stop(self) -> tuple[float, float]:
        return time.perf_counter() - self.wall, time.process_time() - self.cpu


def both(wall: float, cpu: float) -> str:
    return f"{ms(wall)} (CPU {ms(cpu)})"


def _build(path: str, count: int, seed: int) -> None:
    vault = Vault.create(path, PASSWORD)
    try:
        fill_vault(vault, count, seed=seed, mix=DemoMix(contacts=0.5, interactions=5.0, purchases=3.0))
    finally:
        vault.close()


def build(path: Path, count: int, seed: int) -> None:
    started, cpu = time.perf_counter(), resource.getrusage(resource.RUSAGE_CHILDREN)
    child = multiprocessing.get_context("fork" if sys.platform != "win32" else "spawn").Process(
        target=_build, args=(str(path), count, seed))
    child.start()
    child.join()
    if child.exitcode != 0:
        raise SystemExit(f"building the base failed (exit code {child.exitcode})")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    line(f"build {count} clients (bulk insert)", f"{time.perf_counter() - started:.1f} s wall, "
         f"{after.ru_utime + after.ru_stime - cpu.ru_utime - cpu.ru_stime:.1f} s CPU, "
         f"peak RSS {after.ru_maxrss / 1024:.0f} MB")


def timed(fn: Callable[[], object]) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def first_list_page(vault: Vault) -> None:
    """What the main window shows right after unlocking: the total and the first page by name.

    The app's own list model when PySide6 is there (it reads every id in name order, then the rows
    on screen); otherwise the equivalent queries.
    """
    try:
        from PySide6.QtCore import QCoreApplication, Qt
        from PySide6.QtGui import QGuiApplication

        from clientbook.ui.client_list_model import COL_NAME, ClientListModel
    except ImportError:
        with vault.session() as session:
            session.execute(text("SELECT count(*) FROM clients WHERE archived = 0")).scalar()
            session.execute(select(m.Client.id, m.Client.display_name, m.Client.city)
                            .where(m.Client.archived.is_(False)).order_by(m.Client.sort_key).limit(LIST_PAGE)).all()
        return
    if QCoreApplication.instance() is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        _app.append(QGuiApplication([]))
    model = ClientListModel(None)
    model.set_vault(vault)
    for row in range(min(LIST_PAGE // 2, model.rowCount())):  # the rows a window shows
        model.data(model.index(row, COL_NAME), Qt.ItemDataRole.DisplayRole)
    model.clear()


_app: list[object] = []  # the Qt application the list model needs, kept alive


def unlock_figures(path: Path, password: str) -> bytes:
    clock = Clock()
    vault = open_vault(path, password)
    line("unlock by password (KDF, page check if small)", both(*clock.stop()))
    key = vault.raw_key
    first_list_page(vault)  # imports and the Qt application, which the running app has already
    vault.close()
    clock = Clock()
    vault = open_vault(path, raw_key=key)
    opened = clock.stop()
    first_list_page(vault)
    shown = clock.stop()
    line("unlock by remembered key", f"{both(*opened)}  (+ first list page: {both(*shown)})")
    if vault.pages_unverified:
        clock = Clock()
        ok = vault.verify_pages()
        line("  page check after unlock (background in the app)", f"{both(*clock.stop())}, intact: {ok}")
    vault.close()
    return key


def query_mix(vault: Vault, rng: random.Random) -> list[tuple[str, str]]:
    """~200 queries as people type them: name prefixes in any case, phone fragments in several
    written forms, e-mail fragments, company names."""
    with vault.session() as session:
        max_id = int(session.execute(text("SELECT max(id) FROM clients")).scalar() or 0)
        ids = [rng.randint(1, max_id) for _ in range(400)]
        people = session.execute(select(m.Client.last_name, m.Client.first_name)
                                 .where(m.Client.id.in_(ids), m.Client.last_name.is_not(None))).all()
        companies = list(session.scalars(select(m.Client.company_name)
                                         .where(m.Client.id.in_(ids), m.Client.company_name.is_not(None))))
        phones = list(session.scalars(select(m.Phone.e164).where(m.Phone.client_id.in_(ids))))
        emails = list(session.scalars(select(m.Email.address).where(m.Email.client_id.in_(ids))))
    queries: list[tuple[str, str]] = []
    for last, first in people[:70]:
        cut = rng.randint(2, min(6, len(last)))
        form = rng.randrange(4)
        queries.append(("name", [last[:cut].lower(), last[:cut].upper(), last[:cut],
                                 f"{last} {first[:2].lower()}"][form]))
    for e164 in phones[:60]:
        d = e164[2:]  # 10 national digits
        form = rng.randrange(5)
        queries.append(("phone", [f"8 {d[:3]} {d[3:6]}", f"+7{d[:6]}", f"{d[-7:-4]}-{d[-4:-2]}", d[-5:],
                                  f"8 ({d[:3]}) {d[3:6]}-{d[6:8]}"][form]))
    for address in emails[:40]:
        local = address.split("@")[0]
        queries.append(("e-mail", local[: rng.randint(3, max(3, len(local)))]))
    for company in companies[:30]:
        name = company.split("«")[-1].rstrip("»")
        queries.append(("company", name[: rng.randint(3, len(name))].lower()))
    return queries[:QUERY_COUNT]


def search_figures(vault: Vault, queries: list[tuple[str, str]]) -> None:
    ids_only: dict[str, list[tuple[float, float]]] = {}
    with_count: list[tuple[float, float]] = []
    slowest: list[tuple[float, str, int]] = []
    with vault.session() as session:
        search.search_ids(session, "прогрев", limit=LIST_PAGE)  # warm the statement cache
        for category, query in queries:
            clock = Clock()
            search.search_ids(session, query, limit=LIST_PAGE)
            took = clock.stop()
            ids_only.setdefault(category, []).append(took)
            total = search.count(session, query)
            with_count.append(clock.stop())
            slowest.append((took[0], category, total))
    every = [t for ts in ids_only.values() for t in ts]
    line("search: first page of ids", percentiles([w for w, _ in every], [c for _, c in every]))
    for category, samples in ids_only.items():
        line(f"  search, {category} queries", percentiles([w for w, _ in samples], [c for _, c in samples]))
    line("search: first page of ids + total count",
         percentiles([w for w, _ in with_count], [c for _, c in with_count]))
    worst = sorted(slowest, reverse=True)[:5]
    line("  slowest searches (kind, matches)", ", ".join(f"{ms(t)} ({c}, {n})" for t, c, n in worst))


def list_search_figures(vault: Vault, queries: list[tuple[str, str]]) -> None:
    """The same queries typed into the main window's search box: the list model's own work per
    keystroke (match, rank or sort by name, the rows on screen). Skipped without PySide6."""
    try:
        from PySide6.QtCore import Qt

        from clientbook.ui.client_list_model import COL_NAME, ClientListModel
    except ImportError:
        return
    model = ClientListModel(None)
    model.set_vault(vault)
    model.set_search_text("прогрев")
    samples: list[tuple[float, float]] = []
    for _category, query in queries:
        clock = Clock()
        model.set_search_text(query)
        for row in range(min(LIST_PAGE // 2, model.rowCount())):
            model.data(model.index(row, COL_NAME), Qt.ItemDataRole.DisplayRole)
        samples.append(clock.stop())
    model.clear()
    line("search as you type in the list (UI model)", percentiles([w for w, _ in samples], [c for _, c in samples]))


def card_figures(vault: Vault, rng: random.Random) -> None:
    with vault.session() as session:
        max_id = int(session.execute(text("SELECT max(id) FROM clients")).scalar() or 0)
    sample = [rng.randint(1, max_id) for _ in range(CARD_SAMPLES)]
    loads: list[tuple[float, float]] = []
    saves: list[tuple[float, float]] = []
    for client_id in sample:
        clock = Clock()
        with vault.session() as session:
            card = clients.get_client(session, client_id)
            data, version = clients.to_input(card), card.version
        loads.append(clock.stop())
        data.notes = f"{data.notes or ''} правка {rng.randint(1, 999)}".strip()
        clock = Clock()
        with vault.transaction() as session:
            clients.update_client(session, client_id, data, version)
        saves.append(clock.stop())
    line("card load (get_client + to_input)", percentiles([w for w, _ in loads], [c for _, c in loads]))
    line("card save (update_client, audited, reindexed)", percentiles([w for w, _ in saves], [c for _, c in saves]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", help="build the vault here and keep it (password: bench-пароль)")
    parser.add_argument("--reuse", help="measure this existing vault (built earlier with --keep) without building")
    parser.add_argument("--password", default=PASSWORD, help="the password of the --reuse vault")
    args = parser.parse_args(argv)
    workdir = None
    if args.reuse:
        path = Path(args.reuse)
        if not path.exists():
            raise SystemExit(f"{path} does not exist")
    elif args.keep:
        path = Path(args.keep)
        if path.exists():
            raise SystemExit(f"{path} exists; choose another --keep path")
    else:
        workdir = tempfile.TemporaryDirectory(prefix="clientbook-bench-")
        path = Path(workdir.name) / "bench.db"
    try:
        line("machine", f"{os.cpu_count()} CPU, Python {sys.version.split()[0]}, load {os.getloadavg()[0]:.1f}")
        if not args.reuse:
            build(path, args.clients, args.seed)
        unlock_figures(path, args.password)
        rng = random.Random(args.seed)
        vault = open_vault(path, args.password)
        try:
            with vault.session() as session:
                clients_count = int(session.execute(text("SELECT count(*) FROM clients")).scalar() or 0)
            queries = query_mix(vault, rng)
            search_figures(vault, queries)
            list_search_figures(vault, queries)
            card_figures(vault, rng)
        finally:
            vault.close()
        size = path.stat().st_size
        line("file size", f"{size / 1024 / 1024:.1f} MB ({size / max(1, clients_count) / 1024:.2f} KB per client)")
        line("peak RSS of this process (unlock, search, cards)",
             f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    finally:
        if workdir is not None:
            workdir.cleanup()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
