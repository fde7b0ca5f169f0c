"""Which rows belong to one person: their card and the cards merged into it before.

Both questions are answered from the audit's "merge" entries (one per merged-away card: entity_id
the removed card, client_id the survivor, batch_id the merge), read through the client_id index, so
a report at 100,000 clients does not scan the log or parse every merge's undo snapshot.
"""

from __future__ import annotations

from sqlalchemy import Connection, text

from clientbook.core.errors import NotFound

_MERGED_INTO = text("SELECT entity_id, batch_id FROM audit WHERE client_id = :id AND action = 'merge' "
                    "AND entity = 'client'")


def _merged_into(conn: Connection, client_id: int) -> list[tuple[int, int | None]]:
    return [(int(r[0]), r[1]) for r in conn.execute(_MERGED_INTO, {"id": client_id}) if isinstance(r[0], int)]


def person_ids(conn: Connection, client_id: int) -> list[int]:
    """The client's id first, then the ids of cards merged into it (and into those): the audit and
    batches of those cards are the same person's past."""
    if conn.execute(text("SELECT 1 FROM clients WHERE id = :id"), {"id": client_id}).first() is None:
        raise NotFound()
    ids = [client_id]
    queue = [client_id]
    while queue:
        for removed, _batch in _merged_into(conn, queue.pop()):
            if removed not in ids:
                ids.append(removed)
                queue.append(removed)
    return ids


def merge_batches(conn: Connection, ids: list[int]) -> list[int]:
    """Merge batches in which this person's cards were merged (as survivor or as merged-away card)."""
    found: list[int] = []
    for person in ids:
        for _removed, batch_id in _merged_into(conn, person):
            if batch_id is not None and batch_id not in found:
                found.append(int(batch_id))
    return sorted(found)
