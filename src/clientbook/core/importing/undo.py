"""Undo this import: delete what the batch created, put back what it changed, audited, after a
restore point. The previous values of updated cards were kept in `Batch.undo_data` by the commit."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import bindparam, text

from clientbook.core import audit, search
from clientbook.core import models as m
from clientbook.core.errors import KnownError
from clientbook.core.rights import require

if TYPE_CHECKING:
    from clientbook.core.vault import Vault

RESTORABLE = ("last_name", "first_name", "middle_name", "company_name", "inn", "position", "address", "city",
              "region", "country", "birth_day", "birth_month", "birth_year", "gender", "source", "notes",
              "display_name", "sort_key")


def _delete_ids(conn: Any, table: str, ids: list[int]) -> None:
    for start in range(0, len(ids), 500):
        conn.execute(text(f"DELETE FROM {table} WHERE id IN :ids").bindparams(bindparam("ids", expanding=True)),
                     {"ids": ids[start:start + 500]})


def undo_import(vault: Vault, batch_id: int) -> dict[str, int]:
    """Revert an import batch; returns how many cards were deleted and restored."""
    require(vault, "import")
    from clientbook.core.restore_points import restore_point_before

    with vault.session() as session:
        batch = session.get(m.Batch, batch_id)
        if batch is None or batch.kind != "import":
            raise KnownError("import_batch_unknown", batch=batch_id)
        if batch.status == "undone":
            raise KnownError("import_already_undone", batch=batch_id)
    restore_point_before(vault, "import")
    with vault.transaction() as session:
        batch = session.get(m.Batch, batch_id)
        assert batch is not None
        conn = session.connection()
        data: dict[str, Any] = batch.undo_data or {}
        actor = session.info.get("actor")
        entries: list[dict[str, Any]] = []
        created = [r[0] for r in conn.execute(text("SELECT id FROM clients WHERE import_batch_id = :b"),
                                              {"b": batch_id})]
        for table, entity in (("purchases", "purchase"), ("consents", "consent"), ("interactions", "interaction")):
            rows = conn.execute(text(f"SELECT id, client_id FROM {table} WHERE import_batch_id = :b"),
                                {"b": batch_id}).all()
            entries += [{"action": "delete", "entity": entity, "entity_id": r[0], "client_id": r[1]} for r in rows]
            conn.execute(text(f"DELETE FROM {table} WHERE import_batch_id = :b"), {"b": batch_id})
        _delete_ids(conn, "phones", list(data.get("phones", [])))
        _delete_ids(conn, "emails", list(data.get("emails", [])))
        _delete_ids(conn, "custom_values", list(data.get("custom_values", [])))
        for value_id, old in (data.get("custom_old") or {}).items():
            conn.execute(text("UPDATE custom_values SET value_text = :v WHERE id = :id"), {"v": old, "id": int(value_id)})
        for client_id, tag_id in data.get("tag_links", []):
            conn.execute(text("DELETE FROM client_tags WHERE client_id = :c AND tag_id = :t"),
                         {"c": client_id, "t": tag_id})
        restored: list[int] = []
        for client_id_text, old_values in (data.get("clients") or {}).items():
            client_id = int(client_id_text)
            current = conn.execute(text("SELECT * FROM clients WHERE id = :id"), {"id": client_id}).mappings().first()
            if current is None:
                continue
            values = {k: v for k, v in old_values.items() if k in RESTORABLE}
            if not values:
                continue
            assignments = ", ".join(f"{k} = :{k}" for k in values)
            conn.execute(text(f"UPDATE clients SET {assignments}, version = version + 1, updated_at = :now, "
                              f"updated_by = :actor WHERE id = :id"),
                         {**values, "id": client_id, "now": m.utcnow(), "actor": actor})
            entries += [{"action": "revert", "entity": "client", "entity_id": client_id, "client_id": client_id,
                         "field": k, "old": current[k], "new": v} for k, v in values.items()
                        if k not in ("display_name", "sort_key")]
            restored.append(client_id)
        names: dict[int, str] = dict(conn.execute(text("SELECT id, display_name FROM clients WHERE import_batch_id = :b"),
                                  {"b": batch_id}).all())
        entries += [{"action": "delete", "entity": "client", "entity_id": cid, "client_id": cid,
                     "old": {"display_name": names.get(cid)}} for cid in created]
        conn.execute(text("DELETE FROM clients WHERE import_batch_id = :b"), {"b": batch_id})
        for tag_id in data.get("tags", []):
            conn.execute(text("DELETE FROM tags WHERE id = :t AND NOT EXISTS "
                              "(SELECT 1 FROM client_tags WHERE tag_id = :t)"), {"t": tag_id})
        for field_id in data.get("custom_fields", []):
            conn.execute(text("DELETE FROM custom_fields WHERE id = :f AND NOT EXISTS "
                              "(SELECT 1 FROM custom_values WHERE field_id = :f)"), {"f": field_id})
        touched = set(created) | set(restored) | {int(c) for c, _ in data.get("tag_links", [])}
        audit.record(conn, entries, actor=actor, batch_id=batch_id)
        search.reindex(conn, touched)
        batch.status = "undone"
        batch.undone_at = m.utcnow()
        session.flush()
        return {"deleted": len(created), "restored": len(restored)}
