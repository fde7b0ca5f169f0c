"""Alembic environment: always run on a connection handed over by `clientbook.core.migrate`."""

from __future__ import annotations

from alembic import context

from clientbook.core.models import Base

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only for `alembic revision --autogenerate` by developers
    raise SystemExit("run migrations through clientbook.core.migrate")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite cannot ALTER most things; batch mode copies the table
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
