"""Sensitive fields at 100 k (#15.4): what sealing costs where the owner meets it.

    .venv/bin/python benchmarks/bench_sensitive.py --vault /tmp/copy-of-demo100k.db [--password-env NAME]

On a COPY of the demo base (it writes): a text custom field gets a value on every card, then
  - marking it sensitive (every value sealed: AES-GCM, one transaction; Settings runs it on a worker),
  - a segment count "field contains …" on the sealed field (every value opened in memory, then the
    same SQL as for a plain field) against the same count before it was sealed,
  - a full .csv export with the sensitive column opened, against the same export without it,
  - opening one card (get_client + to_input), sealed value included.
Prints wall and CPU time of each.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))

from sqlalchemy import text  # noqa: E402

from clientbook.core import clients, customfields, segments  # noqa: E402
from clientbook.core.exporting import ExportSpec, export_clients  # noqa: E402
from clientbook.core.opening import open_vault  # noqa: E402
from clientbook.core.vault import Vault  # noqa: E402


def cpu_now() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + usage.ru_utime + usage.ru_stime


def timed(fn: Callable[[], Any]) -> tuple[Any, float, float]:
    wall, cpu = time.perf_counter(), cpu_now()
    result = fn()
    return result, time.perf_counter() - wall, cpu_now() - cpu


def figures(vault: Vault, tmp: Path) -> list[tuple[str, float, float, str]]:
    out: list[tuple[str, float, float, str]] = []
    with vault.transaction() as s:
        field = customfields.define_field(s, "Паспорт (бенчмарк)")
        field_id = field.id
        s.execute(text("INSERT INTO custom_values (field_id, client_id, contact_id, value_text) "
                       "SELECT :f, id, NULL, printf('%04d %06d', id % 10000, id * 7 % 1000000) FROM clients"),
                  {"f": field_id})
    key = field.key
    condition = {"group": "and", "items": [{"kind": "custom", "field": key, "op": "contains", "value": "45"}]}
    with vault.session() as s:
        plain_count, wall, cpu = timed(lambda: segments.count_segment(s, condition))
    out.append(("segment count, plain field", wall, cpu, f"{plain_count} clients"))
    _r, wall, cpu = timed(lambda: export_clients(vault, tmp / "plain.csv", ExportSpec(format="csv", preset="full")))
    out.append(("full .csv, plain field", wall, cpu, ""))

    def mark() -> int:
        with vault.transaction() as s:
            customfields.update_field(s, field_id, sensitive=True)
            return int(s.scalar(text("SELECT count(*) FROM custom_values WHERE field_id = :f AND sealed IS NOT NULL"),
                                {"f": field_id}) or 0)
    sealed, wall, cpu = timed(mark)
    out.append(("mark sensitive (seal every value)", wall, cpu, f"{sealed} values sealed"))
    with vault.session() as s:
        count, wall, cpu = timed(lambda: segments.count_segment(s, condition))
    out.append(("segment count, sealed field (owner)", wall, cpu, f"{count} clients (same: {count == plain_count})"))
    _r, wall, cpu = timed(lambda: export_clients(vault, tmp / "sealed.csv",
                                                 ExportSpec(format="csv", preset="full", include_sensitive=True)))
    out.append(("full .csv, sealed field opened", wall, cpu, ""))
    _r, wall, cpu = timed(lambda: export_clients(vault, tmp / "without.csv", ExportSpec(format="csv", preset="full")))
    out.append(("full .csv, sealed field left out", wall, cpu, ""))
    with vault.session() as s:
        client_id = int(s.scalar(text("SELECT max(id) FROM clients")) or 0)
        card, wall, cpu = timed(lambda: clients.to_input(clients.get_client(s, client_id)))
    out.append(("open one card (sealed value opened)", wall, cpu, f"value read: {key in card.custom}"))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--vault", type=Path, required=True, help="a COPY of a demo base (it is written)")
    parser.add_argument("--password-env", help="variable holding the password (default: the demo's)")
    args = parser.parse_args()
    password = os.environ.get(args.password_env, "") if args.password_env else "demo-password-123"
    with tempfile.TemporaryDirectory(prefix="clientbook-sensitive-", dir=os.environ.get("BENCH_TMP")) as tmp, \
            contextlib.closing(open_vault(args.vault, password)) as vault:
        rows = figures(vault, Path(tmp))
    print("| measure | wall | CPU | note |")
    print("|---|---|---|---|")
    for measure, wall, cpu, note in rows:
        print(f"| {measure} | {wall:.3f} s | {cpu:.3f} s | {note} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
