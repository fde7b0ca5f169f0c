"""users: the people of a vault, who is responsible for a client, who does a task, sealed text

An office shares one base: each user unlocks it with a keyslot of their own (kept beside the file,
clientbook.core.users) and has a role stored here, inside the encrypted file, where nobody can edit
it without the key. A client gets a responsible user, a reminder an assignee (names, as the audit
records actors). A private note keeps its text only sealed with its author's key, and a sensitive
custom field's value only sealed with the key of the users allowed to see it.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03 07:45:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("role", sa.String(length=12), nullable=False),
        sa.Column("permissions", sa.JSON(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("removed_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    with op.batch_alter_table("clients") as batch:
        batch.add_column(sa.Column("responsible", sa.String(length=100), nullable=True))
        batch.create_index("ix_clients_responsible", ["responsible"], unique=False)
    with op.batch_alter_table("reminders") as batch:
        batch.add_column(sa.Column("assignee", sa.String(length=100), nullable=True))
        batch.create_index("ix_reminders_assignee", ["assignee"], unique=False)
    with op.batch_alter_table("interactions") as batch:
        batch.add_column(sa.Column("sealed", sa.LargeBinary(), nullable=True))
    with op.batch_alter_table("custom_values") as batch:
        batch.add_column(sa.Column("sealed", sa.LargeBinary(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("custom_values") as batch:
        batch.drop_column("sealed")
    with op.batch_alter_table("interactions") as batch:
        batch.drop_column("sealed")
    with op.batch_alter_table("reminders") as batch:
        batch.drop_index("ix_reminders_assignee")
        batch.drop_column("assignee")
    with op.batch_alter_table("clients") as batch:
        batch.drop_index("ix_clients_responsible")
        batch.drop_column("responsible")
    op.drop_table("users")
