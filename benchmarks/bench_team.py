"""Tasks for employees at 100,000 clients (#15.6): Today per user, "My clients", "Responsible is …".

    .venv/bin/python benchmarks/bench_team.py --vault COPY.db --password-file FILE

The vault is CHANGED (three users, a responsible user for most clients, an assignee for most
reminders): point it at a copy. Figures are wall time with CPU time beside it (first run, then the
median of five): Today is read on a worker and should stay near the single-user figure; the list's
"My clients" and the segment count should stay within the list's and segments' own targets.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import select, update

from clientbook.core import listing, segments, today
from clientbook.core import models as m
from clientbook.core.opening import open_vault

USERS = ("Анна", "Иван", "Пётр")
Figure = tuple[float, float]


def clock(fn: Callable[[], Any]) -> tuple[Figure, Any]:
    wall, cpu = time.perf_counter(), time.process_time()
    result = fn()
    return (time.perf_counter() - wall, time.process_time() - cpu), result


def timed(fn: Callable[[], Any], repeat: int = 5) -> tuple[Figure, Figure, Any]:
    first, result = clock(fn)
    runs = [clock(fn)[0] for _ in range(repeat)]
    return first, (statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)), result


def show(label: str, first: Figure, median: Figure, note: str = "") -> None:
    print(f"{label:<34} first {first[0] * 1000:7.1f} ms wall / {first[1] * 1000:7.1f} ms CPU   "
          f"median {median[0] * 1000:7.1f} ms wall / {median[1] * 1000:7.1f} ms CPU  {note}")


def assign(vault: Any) -> None:
    """Most clients and reminders get one of USERS (a tenth stay nobody's), in one transaction."""
    rng = random.Random(15)
    with vault.transaction() as s:
        if not s.scalars(select(m.User.name)).first():
            s.add_all([m.User(name=name, role="owner" if i == 0 else "manager") for i, name in enumerate(USERS)])
        conn = s.connection()
        client_ids = list(s.scalars(select(m.Client.id)))
        reminder_ids = list(s.scalars(select(m.Reminder.id)))
        for table, ids, column in ((m.Client, client_ids, "responsible"), (m.Reminder, reminder_ids, "assignee")):
            by_user: dict[str | None, list[int]] = {}
            for row_id in ids:
                by_user.setdefault(rng.choice([*USERS, *USERS, *USERS, None]), []).append(row_id)
            for name, chosen in by_user.items():
                for start in range(0, len(chosen), 900):  # bulk SQL: a benchmark's set-up is not audited
                    conn.execute(update(table).where(table.id.in_(chosen[start:start + 900]))
                                 .values({column: name}).execution_options(synchronize_session=False))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--vault", required=True, type=Path)
    parser.add_argument("--password-file", required=True, type=Path)
    args = parser.parse_args()
    password = args.password_file.read_text(encoding="utf-8").splitlines()[0]
    with open_vault(args.vault, password) as vault:
        figure, _ = clock(lambda: assign(vault))
        print(f"set-up (users, responsible, assignees): {figure[0]:.1f} s wall / {figure[1]:.1f} s CPU")
        with vault.session(actor="Иван") as s:
            for label, everyone in (("Today, Иван's tasks", False), ("Today, everybody's", True)):
                first, median, view = timed(lambda e=everyone: today.today_view(s, limit=today.DEFAULT_LIMIT,
                                                                                 everyone=e))
                counts = ", ".join(f"{g.key} {g.count}" for g in view.groups)
                show(label, first, median, counts)
            flt = listing.Filter(responsible="Иван")
            first, median, found = timed(lambda: listing.list_ids(s, flt))
            show("list: My clients (Иван)", first, median, f"{len(found.ids)} clients")
            searched = listing.Filter(responsible="Иван", text="моск")
            first, median, found = timed(lambda: listing.list_ids(s, searched))
            show("list: My clients + search «моск»", first, median, f"{len(found.ids)} clients")
            first, median, found = timed(lambda: listing.list_ids(s, listing.Filter()))
            show("list: All clients (for comparison)", first, median, f"{len(found.ids)} clients")
            segment = {"group": "and", "items": [
                {"kind": "field", "field": "responsible", "op": "equals", "value": "Иван"},
                {"kind": "field", "field": "city", "op": "contains", "value": "моск"}]}
            first, median, count = timed(lambda: segments.count_segment(s, segment))
            show("segment: responsible = Иван, city", first, median, f"{count} clients")


if __name__ == "__main__":
    main()
