"""clients: (responsible, archived) instead of (responsible), for "responsible is …" counts

A segment "responsible is Иван" (and the sidebar's "My clients" count) leaves archived cards out;
with the one-column index SQLite found the user's 30,000 clients in it and then read each row from
the wide clients table for `archived`: 161 ms of CPU per count at 100,000 clients. With `archived`
in the index the count is one walk of it. The index still serves `responsible = ?` alone (a prefix).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03 07:50:00
"""

from __future__ import annotations

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_clients_responsible", table_name="clients")
    op.create_index("ix_clients_responsible_archived", "clients", ["responsible", "archived"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_clients_responsible_archived", table_name="clients")
    op.create_index("ix_clients_responsible", "clients", ["responsible"], unique=False)
