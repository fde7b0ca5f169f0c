"""The fast benchmark base builder makes the same vault `clientbook demo` makes (benchmarks/build_base.py).

Same seed and day: every table holds the same rows, the search index finds the same clients, the
audit chain verifies, and the file passes the full check — so a 1 M figure measured on it is a
figure of a real base.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from sqlalchemy import text

from clientbook.core import audit, demo, search
from clientbook.core.vault import Vault

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
import build_base  # noqa: E402

TODAY = dt.date(2026, 5, 4)
PASSWORD = "Пароль-базы 1"
# Columns filled with the moment of writing or a random salt, not by the generator.
MOMENT_COLUMNS = {"audit": {"at", "prev_hash", "hash", "salt", "content_hash"}, "batches": {"started_at", "finished_at"}}
TABLES = ("clients", "contact_persons", "phones", "emails", "interactions", "purchases", "reminders", "consents",
          "client_tags", "tags", "client_stats", "client_fts", "audit", "batches")


def contents(path: Path) -> dict[str, list[tuple[object, ...]]]:
    with Vault.open(path, PASSWORD) as vault:
        conn = vault.raw_connection()
        try:
            out = {}
            for table in TABLES:
                columns = [r[1] for r in conn.execute(f"PRAGMA table_info({table})")
                           if r[1] not in MOMENT_COLUMNS.get(table, set())]
                key = "rowid" if table == "client_fts" else "1"
                out[table] = conn.execute(f"SELECT {', '.join(columns)} FROM {table} ORDER BY {key}, "
                                          f"{', '.join(columns)}").fetchall()
            return out
        finally:
            conn.close()


def test_builder_makes_the_demo_vault(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(build_base, "CHUNK", 70)  # several chunks through the pipe
    monkeypatch.setattr(demo, "CHUNK", 70)  # the demo's duplicates are planted within a chunk
    built = tmp_path / "built.db"
    build_base.build(built, 300, PASSWORD, seed=4, today=TODAY)
    reference = tmp_path / "demo.db"
    with Vault.create(reference, PASSWORD) as vault:
        demo.fill_vault(vault, 300, seed=4, today=TODAY)

    ours, theirs = contents(built), contents(reference)
    assert len(ours["clients"]) == 300 and len(ours["interactions"]) > 900 and len(ours["client_fts"]) == 300
    for table in TABLES:
        assert ours[table] == theirs[table], table
    assert not list(tmp_path.glob("*.partial*"))
    with Vault.open(built, PASSWORD) as vault:
        result = vault.check_file()
        assert result.ok, result.problems
        with vault.session() as session:
            assert audit.verify_audit_chain(session).ok
            name = session.execute(text("SELECT last_name FROM clients WHERE last_name IS NOT NULL")).scalar()
            assert name and search.count(session, name[:4]) >= 1
            mode = session.execute(text("PRAGMA journal_mode")).scalar()
    assert mode == "wal"


def test_an_existing_base_is_reused(tmp_path: Path) -> None:
    path = tmp_path / "kept.db"
    assert build_base.ensure_base(path, 20, PASSWORD) is not None
    before = path.stat().st_mtime_ns
    assert build_base.ensure_base(path, 20, PASSWORD) is None
    assert path.stat().st_mtime_ns == before
