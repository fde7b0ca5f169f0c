"""Build a benchmark base of N clients with the SPEC §15 mix, fast enough for 1,000,000 (≤ 10 min).

    .venv/bin/python benchmarks/build_base.py --clients 1000000 --vault /tmp/bench1m.db
    (password: bench-password, or --password-env NAME)

The vault is the one `clientbook demo` makes — the same generator (core/demo.py: phones, e-mails,
0.5 contact persons, 5 interactions and 3 purchases per client on average, consents, tags,
reminders), the same rows inserted into the real schema through the vault's own connection, one
audited 'create' entry per client in a Batch(kind='demo') chained by `audit.record`, and the search
index filled by `search.reindex`; the per-client summary is kept by the schema's triggers. What
differs is only how the work is scheduled:

* rows are generated in a forked child process while this one writes the previous chunk (two
  cores instead of one; the generator is ~45 % of the CPU time), and the child also makes their
  search index rows from the rows it holds (`search.reindex` read every chunk back: 37 % of the writer);
* the load runs in one transaction with the journal off and `synchronous = OFF`: the file is new and
  removed if the build fails, so there is nothing to roll back to, and a 6 GB write-ahead log would
  only be copied into the file a second time;
* every secondary index (clients' too) is dropped for the load and re-created from its own stored
  SQL once, as `fill_vault` does for the child tables;
* the per-client summary (`client_stats`) is filled once at the end by the schema's own backfill
  (migration 0002) instead of by its insert triggers, one upsert per purchase and per interaction
  (8 million at 1 M clients); the triggers are dropped for the load and re-created from their stored SQL.

A finished vault is kept at --vault and reused by the next run (it is written under a temporary
name and renamed only when complete). Prints wall and CPU time (this process + the generator).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import importlib
import multiprocessing
import os
import re
import resource
import sys
import time
from collections import defaultdict
from multiprocessing.connection import Connection as Pipe
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from sqlalchemy import Engine  # noqa: E402

from clientbook.core import audit, bulk_cache, demo, search  # noqa: E402
from clientbook.core.clients import finish_batch, start_batch  # noqa: E402
from clientbook.core.importing.index_rows import FTS_INSERT  # noqa: E402
from clientbook.core.vault import Vault  # noqa: E402

PASSWORD = "bench-password"
# The demo plants its duplicates among the people of one chunk, so the same base needs the same chunk size.
CHUNK = demo.CHUNK
QUEUE_CHUNKS = 4  # chunks made ahead of the writer: bounds memory (~40 MB per chunk of 5,000)
INDEXED_TABLES = (*demo.DEFERRED_INDEX_TABLES, "clients", "client_stats")
# The summary's insert triggers; the load fills the summary once with the migration's backfill instead.
SUMMARY_TRIGGERS = ("trg_client_stats_purchase_insert", "trg_client_stats_interaction_insert")
SUMMARY_BACKFILL: tuple[str, ...] = importlib.import_module(
    "clientbook.core.migrations.versions.0002_client_stats").BACKFILL


_INSERT_SHAPE = re.compile(r"INSERT INTO (\w+) \(([^)]*)\)")


def index_rows(chunk: demo.Chunk, tag_names: dict[int, str]) -> list[tuple[Any, ...]]:
    """The chunk's `client_fts` rows (rowid first), made by `search.document` from the rows it inserts."""
    rows: dict[str, list[dict[str, Any]]] = {}
    for sql, data in chunk.inserts:
        shape = _INSERT_SHAPE.match(sql)
        assert shape is not None, sql
        table, columns = shape[1], [c.strip() for c in shape[2].split(",")]
        if table in ("clients", "contact_persons", "phones", "emails", "client_tags"):
            rows.setdefault(table, []).extend(dict(zip(columns, values, strict=True)) for values in data)
    by_client: dict[str, defaultdict[int, list[Any]]] = {t: defaultdict(list) for t in rows}
    for table, values in rows.items():
        for row in values:
            by_client[table][row.get("client_id", row.get("id"))].append(row)
    empty: defaultdict[int, list[Any]] = defaultdict(list)

    def linked(table: str, cid: int) -> list[dict[str, Any]]:
        return by_client.get(table, empty).get(cid, [])

    return [(c["id"], *search.document(
        c, linked("contact_persons", c["id"]), [e["address"] for e in linked("emails", c["id"])],
        [(p["e164"], p["raw"]) for p in linked("phones", c["id"])],
        [tag_names[t] for t in sorted(t["tag_id"] for t in linked("client_tags", c["id"]))]).values())
        for c in rows["clients"]]  # tags in id order, as reindex reads them through client_tags' key


def _produce(gen: demo._Generator, clients: int, tag_names: dict[int, str], pipe: Pipe) -> None:
    """Child process: make every chunk in order and send it with its index rows (a `None` ends the stream)."""
    done = 0
    while done < clients:
        size = min(CHUNK, clients - done)
        chunk = gen.make_chunk(size)
        pipe.send((chunk, index_rows(chunk, tag_names)))
        done += size
    pipe.send(None)
    pipe.send(gen.totals())  # the row counts and the demo's own duplicate pairs, as fill_vault keeps them
    pipe.close()


def cpu_seconds() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def build(path: Path, clients: int, password: str, seed: int, today: dt.date | None = None) -> dict[str, float]:
    """Make the vault at `path` (must not exist); returns wall and CPU seconds."""
    partial = path.with_name(path.name + ".partial")
    for leftover in (partial, partial.with_name(partial.name + "-wal"), partial.with_name(partial.name + "-shm")):
        leftover.unlink(missing_ok=True)
    wall, cpu = time.perf_counter(), cpu_seconds()
    vault = Vault.create(partial, password)
    try:
        with vault.transaction() as session:  # the batch the entries belong to, as fill_vault opens it
            batch = start_batch(session, "demo", f"demo seed={seed}")
            batch_id = batch.id
        counts = _load(vault, clients, seed, batch_id, today or dt.date.today())
        with vault.transaction() as session:
            batch = session.get(type(batch), batch_id)
            assert batch is not None
            finish_batch(session, batch, counts)
    except BaseException:
        vault.close()
        for leftover in (partial, partial.with_name(partial.name + "-wal"), partial.with_name(partial.name + "-shm")):
            with contextlib.suppress(OSError):
                leftover.unlink()
        raise
    vault.close()
    partial.rename(path)
    for suffix in ("-wal", "-shm"):
        with contextlib.suppress(OSError):
            partial.with_name(partial.name + suffix).unlink()
    with contextlib.suppress(OSError):
        partial.with_name(partial.name + ".lock").unlink()
    return {"wall_s": time.perf_counter() - wall, "cpu_s": cpu_seconds() - cpu}


def _load(vault: Vault, clients: int, seed: int, batch_id: int, today: dt.date) -> dict[str, Any]:
    """Generate and write every client in one transaction; the row counts by table."""
    engine = vault.session().get_bind()
    assert isinstance(engine, Engine)
    engine.dispose()  # leaving the write-ahead log needs the only open connection
    with engine.connect() as conn:
        dbapi = conn.connection.dbapi_connection
        assert dbapi is not None
        # before the transaction begins: the journal mode cannot change inside one
        mode = dbapi.execute("PRAGMA journal_mode = OFF").fetchone()
        if not mode or mode[0] != "off":
            raise SystemExit(f"could not turn the journal off for the load (mode {mode})")
        dbapi.execute("PRAGMA synchronous = OFF")
        dbapi.execute(f"PRAGMA cache_size = -{bulk_cache.for_load(clients)}")
        with conn.begin():
            gen = demo._Generator(conn, seed, demo.DemoMix(), today, vault.actor, batch_id)
            marks = ", ".join("?" * len(INDEXED_TABLES))
            saved = conn.exec_driver_sql(
                f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
                f"AND tbl_name IN ({marks})", INDEXED_TABLES).all()
            for name, _sql in saved:
                conn.exec_driver_sql(f'DROP INDEX "{name}"')
            triggers = conn.exec_driver_sql(
                f"SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
                f"AND name IN ({', '.join('?' * len(SUMMARY_TRIGGERS))})", SUMMARY_TRIGGERS).all()
            if len(triggers) != len(SUMMARY_TRIGGERS):
                raise SystemExit("the client_stats triggers are not the ones this builder knows")
            for name, _sql in triggers:
                conn.exec_driver_sql(f'DROP TRIGGER "{name}"')
            tag_names = dict(conn.exec_driver_sql("SELECT id, name FROM tags").all())
            receive, send = multiprocessing.get_context("fork").Pipe(duplex=False)
            child = multiprocessing.get_context("fork").Process(target=_produce,
                                                                args=(gen, clients, tag_names, send))
            child.start()
            send.close()
            done = 0
            started = time.perf_counter()
            try:
                while (made := receive.recv()) is not None:
                    chunk, fts_rows = made
                    for sql, data in chunk.inserts:  # demo.write_chunk, with the index rows made in the child
                        conn.exec_driver_sql(sql, data)
                    audit.record(conn, chunk.audit_entries, actor=vault.actor, batch_id=batch_id)
                    conn.exec_driver_sql(FTS_INSERT, fts_rows)
                    done += len(chunk.client_ids)
                    if done % 100_000 == 0 or done == clients:
                        print(f"  {done} clients written, {time.perf_counter() - started:.0f} s", file=sys.stderr,
                              flush=True)
                counts: dict[str, Any] = receive.recv()
            finally:
                child.join()
            if child.exitcode != 0:
                raise SystemExit(f"the generator failed (exit code {child.exitcode})")
            index_started = time.perf_counter()
            for sql in SUMMARY_BACKFILL:
                conn.exec_driver_sql(sql)
            for _name, sql in triggers:
                conn.exec_driver_sql(sql)
            print(f"  client summary filled in {time.perf_counter() - index_started:.0f} s", file=sys.stderr)
            index_started = time.perf_counter()
            for _name, sql in saved:
                conn.exec_driver_sql(sql)
            print(f"  {len(saved)} indexes built in {time.perf_counter() - index_started:.0f} s", file=sys.stderr)
        dbapi.execute("PRAGMA journal_mode = WAL")
    return counts


def ensure_base(path: Path, clients: int, password: str = PASSWORD, seed: int = 1) -> dict[str, float] | None:
    """The cached base at `path`, built first when missing; the build's figures when it was built now."""
    if path.exists():
        return None
    path.parent.mkdir(parents=True, exist_ok=True)
    return build(path, clients, password, seed)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=1_000_000)
    parser.add_argument("--vault", type=Path, required=True, help="where the base is kept (reused when it exists)")
    parser.add_argument("--password-env", help=f"environment variable holding the password (default {PASSWORD})")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    password = os.environ.get(args.password_env, "") if args.password_env else PASSWORD
    figures = ensure_base(args.vault, args.clients, password, args.seed)
    if figures is None:
        print(f"{args.vault} exists: reused (delete it to build again)")
        return 0
    size = args.vault.stat().st_size
    print(f"built {args.clients} clients in {figures['wall_s']:.0f} s wall, {figures['cpu_s']:.0f} s CPU "
          f"(both processes), {size / 1e9:.2f} GB, peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
