"""Storage: the only package that imports SQLAlchemy; Alembic owns the schema."""
