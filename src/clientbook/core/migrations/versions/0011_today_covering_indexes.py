"""Today's counts from covering indexes: next contacts with the archived flag, open reminders by date

Today counts every overdue next contact and open reminder (core/today.py). The plain indexes on
clients.next_contact_date and reminders.done_at found the lines, but each one then cost a look-up
of its row (the archived flag and the responsible user; the due date and the assignee): 120,000
overdue cards at 1,000,000 clients meant as many random reads of the wide clients table, a page
decrypted for each (~3.5 s cold). The wider indexes hold those columns, so a count reads the index
alone, and open reminders come in due-date order without a sort. Each replaces the narrower one
(every query that used it uses its first column).

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-04 03:00:00
"""

from __future__ import annotations

from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_clients_next_contact_archived", "clients", ["next_contact_date", "archived", "responsible"],
                    unique=False)
    op.drop_index("ix_clients_next_contact_date", table_name="clients")
    op.create_index("ix_reminders_open_due", "reminders", ["done_at", "due_date", "assignee"], unique=False)
    op.drop_index("ix_reminders_done_at", table_name="reminders")


def downgrade() -> None:
    op.create_index("ix_reminders_done_at", "reminders", ["done_at"], unique=False)
    op.drop_index("ix_reminders_open_due", table_name="reminders")
    op.create_index("ix_clients_next_contact_date", "clients", ["next_contact_date"], unique=False)
    op.drop_index("ix_clients_next_contact_archived", table_name="clients")
