"""Settings read from the environment (prefix ``IGFAXIS_``); only ``storage`` and ``apps`` read them."""

from __future__ import annotations

from pathlib import Path

from platformdirs import user_data_dir
from pydantic_settings import BaseSettings, SettingsConfigDict


def default_data_dir() -> Path:
    return Path(user_data_dir("igfaxis", appauthor=False))


class Settings(BaseSettings):
    """Process-wide settings. ``IGFAXIS_DATABASE_URL`` selects PostgreSQL; the default is a local SQLite file."""

    model_config = SettingsConfigDict(env_prefix="IGFAXIS_", extra="ignore")

    data_dir: Path = default_data_dir()
    database_url: str | None = None
    host: str = "127.0.0.1"
    port: int = 8765

    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.data_dir / 'igfaxis.sqlite3'}"
