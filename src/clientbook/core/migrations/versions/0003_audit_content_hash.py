"""audit: salted content hash in the chain, redaction mark; anonymous purchases (erasure, SPEC §13)

Erasing a person must take their data out of the audit while the chain still verifies. From this
revision the chain covers `content_hash` = sha256(random per-entry salt, old, new) instead of old/new
themselves (length-prefixed text), so an erasure can blank old, new and the salt (`redacted_at` set) and keep the hash.

Existing chains are converted: each entry gets a salt and content hash and the chain is recomputed.
The old chain is checked on the way; where it was already broken, the converted chain stays broken
at the same entry (its old `prev_hash` is kept), so a conversion never launders a tampered log.

`anonymous_purchases` keeps the date and amount of an erased person's purchases, without the person.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02 15:00:00
"""

from __future__ import annotations

import hashlib
import json
import os
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_CHAIN_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
GENESIS = "0" * 64


def _sha(parts: list[Any]) -> str:
    return hashlib.sha256(_CHAIN_JSON.encode(parts).encode("utf-8")).hexdigest()


def _content_hash(salt: str, old: str | None, new: str | None) -> str:
    """As `clientbook.core.audit.content_hash` (copied: a migration must not change with the app)."""
    text = (f'{salt}|{"-" if old is None else f"{len(old)}:{old}"}'
            f'|{"-" if new is None else f"{len(new)}:{new}"}')
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _convert_chain(conn: sa.Connection) -> None:
    """Recompute every entry's hash in the new form (the texts hashed are those of revision 0002's
    `audit.entry_hash`, read back from the stored columns as SQLite returns them)."""
    rows = conn.exec_driver_sql(
        "SELECT id, at, actor, action, entity, entity_id, client_id, field, old, new, batch_id, prev_hash, hash "
        "FROM audit ORDER BY id").fetchall()
    at_type = sa.DateTime()
    parse_at = at_type.dialect_impl(conn.dialect).result_processor(conn.dialect, None)
    old_prev = new_prev = GENESIS
    broken = marked = False
    updates = []
    for (entry_id, at, actor, action, entity, entity_id, client_id, field, old, new, batch_id,
         stored_prev, stored_hash) in rows:
        parsed = parse_at(at) if parse_at else None
        at_text = parsed.isoformat() if parsed is not None else at
        if not broken:
            expected = _sha([old_prev, at_text, actor, action, entity, entity_id, client_id, field, old, new,
                             batch_id])
            broken = stored_prev != old_prev or expected != stored_hash
        prev = new_prev
        if broken and not marked:  # the first entry that did not fit: it must not fit afterwards either
            prev = stored_prev if stored_prev != new_prev else "broken-before-0003"
            marked = True
        salt = os.urandom(16).hex()
        content = _content_hash(salt, old, new)
        digest = _sha([prev, at_text, actor, action, entity, entity_id, client_id, field, content, batch_id])
        updates.append({"i": entry_id, "s": salt, "c": content, "p": prev, "h": digest})
        old_prev, new_prev = stored_hash, digest
    if updates:
        conn.execute(sa.text("UPDATE audit SET salt = :s, content_hash = :c, prev_hash = :p, hash = :h "
                             "WHERE id = :i"), updates)


def upgrade() -> None:
    with op.batch_alter_table("audit", schema=None) as batch_op:
        batch_op.add_column(sa.Column("salt", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("content_hash", sa.String(length=64), server_default="", nullable=False))
        batch_op.add_column(sa.Column("redacted_at", sa.DateTime(), nullable=True))
    _convert_chain(op.get_bind())
    op.create_table(
        "anonymous_purchases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("quantity", sa.String(length=20), nullable=True),
        sa.Column("paid", sa.Boolean(), nullable=False),
        sa.Column("erased_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("anonymous_purchases", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_anonymous_purchases_date"), ["date"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("anonymous_purchases", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_anonymous_purchases_date"))
    op.drop_table("anonymous_purchases")
    with op.batch_alter_table("audit", schema=None) as batch_op:
        batch_op.drop_column("redacted_at")
        batch_op.drop_column("content_hash")
        batch_op.drop_column("salt")
