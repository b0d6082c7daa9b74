"""Engines and sessions for SQLite (embedded) and PostgreSQL (at scale).

SQLite needs care to be safe under concurrent writers: WAL (readers never block the
writer), a busy timeout (writers wait instead of failing) and ``BEGIN IMMEDIATE`` for
transactions that write, so that two read-then-write transactions cannot both read a
balance and both spend it. Read-only sessions use a deferred BEGIN so that reads stay
concurrent.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.orm import Session, sessionmaker

SQLITE_BUSY_SECONDS = 30
#: A pooled PostgreSQL connection that sat unused this long is pinged before it is handed out.
PING_IDLE_SECONDS = 10.0
#: ... and one this old is replaced (a server or proxy may drop long-lived connections).
RECYCLE_SECONDS = 1800
_CHECKED_IN = "filmstudio_checked_in"


def listen_on_sessions(hooks: Iterable[tuple[str, Callable[..., Any]]]) -> None:
    """Listen on every Session with each (event name, function), once however often this
    runs: the modules that capture changes (notifications, CRM) install their hooks on
    import, and installing them again must not double every effect."""
    for name, fn in hooks:
        if not event.contains(Session, name, fn):
            event.listen(Session, name, fn)


def _sqlite_engine(url: str, echo: bool) -> Engine:
    parsed = make_url(url)
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(
        url,
        echo=echo,
        connect_args={"timeout": SQLITE_BUSY_SECONDS, "check_same_thread": False},
        pool_size=20,
        max_overflow=20,
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the driver, decide when a transaction begins.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_SECONDS * 1000}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        mode = connection.get_execution_options().get("sqlite_begin", "IMMEDIATE")
        connection.exec_driver_sql(f"BEGIN {mode}")

    return engine


def _ping_when_idle(engine: Engine, idle_seconds: float) -> None:
    """Disconnect handling that costs a busy server nothing.

    ``pool_pre_ping`` sends ``SELECT 1`` at every checkout: one round trip more for each
    request. Here only a connection that sat in the pool longer than `idle_seconds` is
    pinged (the case pre-ping exists for: the database restarted, or a proxy dropped the
    connection, while the process was quiet); a dead one is replaced before anyone uses it.
    A connection that dies while the process is busy is handled optimistically, as
    SQLAlchemy does by default: the statement fails once, the pool invalidates every
    connection made before that moment, and the next checkout opens a fresh one.
    """

    @event.listens_for(engine, "checkin")
    def _on_checkin(_dbapi_connection: Any, record: Any) -> None:
        if record is not None:
            record.info[_CHECKED_IN] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _on_checkout(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        checked_in = record.info.get(_CHECKED_IN)
        if checked_in is None or time.monotonic() - checked_in < idle_seconds:
            return  # new, or in steady use
        record.info.pop(_CHECKED_IN, None)
        try:
            cursor = dbapi_connection.cursor()
            try:
                cursor.execute("SELECT 1")
            finally:
                cursor.close()
            dbapi_connection.rollback()  # leave no transaction open behind the ping
        except Exception as exc:
            # the pool discards this connection and checks out another (three tries)
            raise DisconnectionError("an idle pooled connection was closed") from exc


def make_engine(
    url: str, *, echo: bool = False, ping_idle_seconds: float = PING_IDLE_SECONDS
) -> Engine:
    """An engine for `url` with the settings each database needs to be safe."""
    if url.startswith("sqlite"):
        return _sqlite_engine(url, echo)
    engine = create_engine(
        url, echo=echo, pool_size=10, max_overflow=20, pool_recycle=RECYCLE_SECONDS
    )
    _ping_when_idle(engine, ping_idle_seconds)
    return engine


class Database:
    """One database: a writer session factory and a reader one.

    ``session()`` is for anything that may write (BEGIN IMMEDIATE on SQLite);
    ``read_session()`` is for pure reads, which then run beside a writer.
    """

    def __init__(self, url: str, *, echo: bool = False) -> None:
        self.url = url
        self.engine = make_engine(url, echo=echo)
        self.is_sqlite = self.engine.dialect.name == "sqlite"
        self.session = sessionmaker(self.engine, expire_on_commit=False)
        reader = self.engine.execution_options(sqlite_begin="DEFERRED")
        self.read_session = sessionmaker(reader, expire_on_commit=False)
        self._writer: AbstractContextManager[Any] = (
            threading.RLock() if self.is_sqlite else nullcontext()
        )

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session whose work commits on success and rolls back on any error.

        On SQLite, writers of this process also queue on a lock: SQLite's own busy handler
        sleeps in growing steps while it waits, which turned a burst of concurrent writes
        into second-long tails; a waiter on the lock starts the moment the writer ends.
        """
        with self._writer, self.session() as session, session.begin():
            yield session

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()
