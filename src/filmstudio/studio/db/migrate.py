"""Apply and check Alembic migrations from code (``filmstudio db upgrade``), no alembic.ini needed.

The migration scripts ship inside the package, so an installed studio can migrate itself.
"""

from __future__ import annotations

import io
from pathlib import Path

from alembic import command
from alembic.config import Config

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config(url: str, output: io.StringIO | None = None) -> Config:
    """An Alembic configuration for the database at `url`."""
    config = Config(stdout=output) if output is not None else Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(url: str, revision: str = "head") -> None:
    """Bring the database at `url` up to `revision` (the latest by default)."""
    command.upgrade(alembic_config(url), revision)


def downgrade(url: str, revision: str) -> None:
    """Take the database at `url` back to `revision`."""
    command.downgrade(alembic_config(url), revision)


def current(url: str) -> str:
    """The revision the database at `url` is at, as Alembic prints it."""
    output = io.StringIO()
    command.current(alembic_config(url, output))
    return output.getvalue().strip()


def check(url: str) -> None:
    """Raise if the models and the migrated database differ (a migration is missing)."""
    command.check(alembic_config(url))


def is_current(url: str) -> bool:
    """Whether the database at `url` is at the latest revision."""
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    from filmstudio.studio.db.engine import make_engine

    heads = set(ScriptDirectory.from_config(alembic_config(url)).get_heads())
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return set(MigrationContext.configure(connection).get_current_heads()) == heads
    finally:
        engine.dispose()
