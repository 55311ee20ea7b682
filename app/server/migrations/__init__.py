"""Alembic migrations of the server schema (run programmatically on start, see core.db.Database.migrate)."""
