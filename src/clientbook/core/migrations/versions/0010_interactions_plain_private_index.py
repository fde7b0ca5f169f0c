"""interactions: a partial index of private notes still in plain text, so unlocking need not scan them all

Every unlock of a single-user vault looks for notes an older version kept private in plain text
(users._seal_legacy_private_notes). Without an index that read every one of the interactions: 0.57 s
of the 0.93 s from Enter to an open vault at 100,000 clients (500,000 interactions). The index holds
only the rows that query wants, normally none, so it costs nothing to keep and the look is instant.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03 19:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_interactions_private_plain", "interactions", ["id"], unique=False,
                    sqlite_where=sa.text("private = 1 AND sealed IS NULL"))


def downgrade() -> None:
    op.drop_index("ix_interactions_private_plain", table_name="interactions")
