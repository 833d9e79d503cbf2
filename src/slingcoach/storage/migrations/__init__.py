"""Alembic migrations of the slingcoach schema (run with ``slingcoach db upgrade``)."""
