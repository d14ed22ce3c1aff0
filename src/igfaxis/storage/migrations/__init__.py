"""Alembic migrations of the igfaxis schema (run by ``igfaxis db upgrade``)."""
