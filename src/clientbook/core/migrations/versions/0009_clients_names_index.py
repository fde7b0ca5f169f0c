"""clients: a covering index of the name columns for "incomplete cards"; three indexes a wider one serves dropped

The built-in segment "incomplete cards" (a person or ИП without a last or first name, a company
without its name, or a card without phone and e-mail) read every row of the wide clients table for
four short columns: ~135 ms of page decryption per count at 100,000 clients, the sidebar's most
expensive count. (archived, kind, last_name, first_name, company_name) holds every column it reads
(the id is the rowid), so the count walks this index instead: 230 -> 80 ms.

ix_clients_city, ix_clients_status and ix_clients_temperature are prefixes of the (…, archived)
indexes of 0002: every lookup or order by city, status or temperature is served by those, and each
index less is one b-tree less to update per inserted card (an import of 100,000 rows updated 15).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03 08:00:00
"""

from __future__ import annotations

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

SERVED = {"ix_clients_city": "city", "ix_clients_status": "status", "ix_clients_temperature": "temperature"}


def upgrade() -> None:
    for name in SERVED:
        op.drop_index(name, table_name="clients")
    op.create_index("ix_clients_names", "clients", ["archived", "kind", "last_name", "first_name", "company_name"],
                    unique=False)


def downgrade() -> None:
    op.drop_index("ix_clients_names", table_name="clients")
    for name, column in SERVED.items():
        op.create_index(name, "clients", [column], unique=False)
