"""Database plumbing: the declarative base, engines for SQLite and PostgreSQL, migrations."""

from filmstudio.studio.db.base import Base, JSONType, UTCDateTime, new_id, utcnow
from filmstudio.studio.db.engine import Database

__all__ = ["Base", "Database", "JSONType", "UTCDateTime", "new_id", "utcnow"]
