"""Storage: clients and their history in SQLite (embedded default) or PostgreSQL.

- :mod:`.settings` finds the database URL (``SLINGCOACH_DATABASE_URL``, or a SQLite file in
  the user's data folder);
- :mod:`.database` opens it (:class:`~.database.Database`: WAL, foreign keys, busy timeout on
  SQLite; psycopg 3 on PostgreSQL) with one transaction per unit of work;
- :mod:`.tables` holds the SQLAlchemy 2 tables, :mod:`.migrate` the Alembic schema
  migrations shipped in ``migrations/``, and :mod:`.documents` the upgrades of stored JSON
  documents (intake, assessment, program) from older ``schema_version``s.

Importing this package is light; SQLAlchemy loads with the submodules.
"""
