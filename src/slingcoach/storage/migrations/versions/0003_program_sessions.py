"""Programs keep their planned sessions (date and item keys) in a column of their own, so the
coach's flag list reads them without parsing every program document.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-05
"""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def planned_sessions(document: dict[str, Any]) -> list[dict[str, Any]]:
    """[{date, keys}] of a program document, in date order; keys as Item.key (built from
    week, session and position for documents from before item keys)."""
    out = []
    for week in document["weeks"]:
        for session in week["sessions"]:
            keys = [
                item.get("key")
                or f"w{week['number']:02d}-s{session['number']}-i{item['order']:02d}"
                for item in session["items"]
            ]
            out.append({"date": session["date"], "keys": keys})
    return sorted(out, key=lambda s: s["date"])


def upgrade() -> None:
    with op.batch_alter_table("programs") as batch:
        batch.add_column(sa.Column("sessions", sa.JSON(), nullable=True))
    programs = sa.table(
        "programs",
        sa.column("id", sa.Integer()),
        sa.column("document", sa.JSON()),
        sa.column("sessions", sa.JSON()),
    )
    connection = op.get_bind()
    for row_id, document in connection.execute(sa.select(programs.c.id, programs.c.document)):
        data = json.loads(document) if isinstance(document, str) else document
        connection.execute(
            programs.update().where(programs.c.id == row_id).values(sessions=planned_sessions(data))
        )
    with op.batch_alter_table("programs") as batch:
        batch.alter_column("sessions", existing_type=sa.JSON(), nullable=False)


def downgrade() -> None:
    with op.batch_alter_table("programs") as batch:
        batch.drop_column("sessions")
