"""Which rows belong to one person: their card and the cards merged into it before."""

from __future__ import annotations

import json

from sqlalchemy import Connection, text

from clientbook.core.errors import NotFound


def person_ids(conn: Connection, client_id: int) -> list[int]:
    """The client's id first, then the ids of cards merged into it (and into those), oldest merges
    included: the audit and batches of those cards are the same person's past."""
    if conn.execute(text("SELECT 1 FROM clients WHERE id = :id"), {"id": client_id}).first() is None:
        raise NotFound()
    ids = [client_id]
    merges = conn.execute(text(
        "SELECT id, undo_data FROM batches WHERE kind = 'merge' AND undo_data IS NOT NULL")).all()
    survivors: dict[int, list[int]] = {}
    for _batch_id, raw in merges:
        data = json.loads(raw) if isinstance(raw, str) else raw
        if isinstance(data, dict) and isinstance(data.get("survivor"), int):
            survivors.setdefault(data["survivor"], []).extend(int(i) for i in data.get("removed", []))
    # audit "merge" entries also name merged cards (the undo data may be gone after an undo window)
    for removed, survivor in conn.execute(text(
            "SELECT entity_id, client_id FROM audit WHERE action = 'merge' AND entity = 'client'")):
        if isinstance(removed, int) and isinstance(survivor, int):
            survivors.setdefault(survivor, []).append(removed)
    queue = [client_id]
    while queue:
        for removed in survivors.get(queue.pop(), []):
            if removed not in ids:
                ids.append(removed)
                queue.append(removed)
    return ids


def merge_batches(conn: Connection, ids: list[int]) -> list[int]:
    """Merge batches whose survivor or removed cards are this person."""
    found = []
    wanted = set(ids)
    for batch_id, raw in conn.execute(text("SELECT id, undo_data FROM batches WHERE kind = 'merge'")):
        data = json.loads(raw) if isinstance(raw, str) else (raw or {})
        if isinstance(data, dict) and ({data.get("survivor")} | set(data.get("removed", []))) & wanted:
            found.append(batch_id)
    for (batch_id,) in conn.execute(text(
            "SELECT DISTINCT batch_id FROM audit WHERE action = 'merge' AND batch_id IS NOT NULL AND "
            f"(client_id IN ({','.join(str(int(i)) for i in ids)}) OR entity_id IN "
            f"({','.join(str(int(i)) for i in ids)}))")):
        if batch_id not in found:
            found.append(batch_id)
    return found
