"""Client summaries: one small row per client with what the coach's dashboard needs (its
flags' inputs, the latest findings, adherence), kept up to date by every write.

The rows are made by the application (``slingcoach.storage.summaries``), not here: a
database upgraded without them is summed up on the fly until each client's next change,
and ``slingcoach db upgrade`` fills in the missing ones.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "client_summaries",
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("activity", sa.JSON(), nullable=False),
        sa.Column("assessment", sa.JSON(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["clients.id"],
            name=op.f("fk_client_summaries_client_id_clients"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("client_id", name=op.f("pk_client_summaries")),
    )


def downgrade() -> None:
    op.drop_table("client_summaries")
