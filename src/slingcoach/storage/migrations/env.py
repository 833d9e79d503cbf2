"""Alembic environment: runs on the connection :mod:`slingcoach.storage.migrate` passes in."""

from __future__ import annotations

from alembic import context

from slingcoach.storage.tables import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - slingcoach always passes a connection
    raise RuntimeError("run migrations with `slingcoach db upgrade`, not the alembic command")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    # SQLite cannot ALTER most things: rebuild tables in batch mode instead.
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
