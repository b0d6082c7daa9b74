"""A small key-value cache, in-process or on Redis, with the blueprint's key patterns.

Cached reads (profile, project lists, balance) are invalidated by the writes that change
them, and expire after a short TTL as a backstop (e.g. a worker in another process without
Redis cannot reach the API's in-process cache).
"""

from __future__ import annotations

import asyncio
import threading
import time
import uuid
import weakref
from collections.abc import Callable
from typing import Generic, Protocol, TypeVar

import redis
import redis.asyncio

T = TypeVar("T")


def profile_key(user_id: uuid.UUID) -> str:
    return f"user:{user_id}:profile"


def projects_key(user_id: uuid.UUID) -> str:
    return f"user:{user_id}:projects"


def balance_key(user_id: uuid.UUID) -> str:
    return f"user:{user_id}:balance"


def revoked_token_key(jti: str) -> str:
    return f"token:{jti}:revoked"


class PerLoop(Generic[T]):
    """One async client per event loop: asyncio connections belong to the loop that opened
    them, and a process may run several loops (the server's, one per test client)."""

    def __init__(self, factory: Callable[[], T]) -> None:
        self._factory = factory
        self._made: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, T] = (
            weakref.WeakKeyDictionary()
        )

    def get(self) -> T:
        loop = asyncio.get_running_loop()
        made = self._made.get(loop)
        if made is None:
            made = self._made[loop] = self._factory()
        return made


class Cache(Protocol):
    """What the studio needs from a cache: strings, hashes of strings, delete, ping.

    `in_process` caches never wait on I/O, so async code may call them directly; others
    must be called from a worker thread.
    """

    in_process: bool

    def get(self, key: str) -> str | None: ...

    def get_many(self, *keys: str) -> list[str | None]:
        """Several values in one round trip."""
        ...

    async def aget_many(self, *keys: str) -> list[str | None]:
        """`get_many` for the event loop: awaits the network instead of blocking on it,
        which is cheaper than a thread-pool hop for the hot read path."""
        ...

    def set(self, key: str, value: str, ttl: float) -> None: ...

    def hget(self, key: str, field: str) -> str | None: ...

    async def ahget(self, key: str, field: str) -> str | None:
        """`hget` for the event loop (see `aget_many`)."""
        ...

    def hset(self, key: str, field: str, value: str, ttl: float) -> None: ...

    def delete(self, *keys: str) -> None: ...

    def ping(self) -> bool: ...


class MemoryCache:
    """The embedded twin: a dict with expiry times, safe across threads of one process."""

    in_process = True

    def __init__(self) -> None:
        self._values: dict[str, tuple[float, str | dict[str, str]]] = {}
        self._lock = threading.Lock()

    def _live(self, key: str) -> str | dict[str, str] | None:
        entry = self._values.get(key)
        if entry is None:
            return None
        if entry[0] < time.monotonic():
            self._values.pop(key, None)
            return None
        return entry[1]

    def get(self, key: str) -> str | None:
        with self._lock:
            value = self._live(key)
        return value if isinstance(value, str) else None

    def get_many(self, *keys: str) -> list[str | None]:
        return [self.get(key) for key in keys]

    async def aget_many(self, *keys: str) -> list[str | None]:
        return self.get_many(*keys)

    def set(self, key: str, value: str, ttl: float) -> None:
        with self._lock:
            self._values[key] = (time.monotonic() + ttl, value)

    def hget(self, key: str, field: str) -> str | None:
        with self._lock:
            value = self._live(key)
        return value.get(field) if isinstance(value, dict) else None

    async def ahget(self, key: str, field: str) -> str | None:
        return self.hget(key, field)

    def hset(self, key: str, field: str, value: str, ttl: float) -> None:
        with self._lock:
            current = self._live(key)
            fields = current if isinstance(current, dict) else {}
            fields[field] = value
            expires = self._values[key][0] if key in self._values else time.monotonic() + ttl
            self._values[key] = (expires, fields)

    def delete(self, *keys: str) -> None:
        with self._lock:
            for key in keys:
                self._values.pop(key, None)

    def ping(self) -> bool:
        return True


class RedisCache:
    """The shared cache at scale; every key is prefixed so deployments (and test runs) can
    share one Redis without touching each other's keys."""

    in_process = False

    def __init__(self, url: str, prefix: str) -> None:
        self.client = redis.Redis.from_url(url, decode_responses=True)
        self.aclients: PerLoop[redis.asyncio.Redis] = PerLoop(
            lambda: redis.asyncio.Redis.from_url(url, decode_responses=True)
        )
        self.prefix = prefix

    def get(self, key: str) -> str | None:
        value = self.client.get(self.prefix + key)
        return value if isinstance(value, str) else None

    def get_many(self, *keys: str) -> list[str | None]:
        values = self.client.mget([self.prefix + key for key in keys])
        return [v if isinstance(v, str) else None for v in values]

    async def aget_many(self, *keys: str) -> list[str | None]:
        values = await self.aclients.get().mget([self.prefix + key for key in keys])
        return [v if isinstance(v, str) else None for v in values]

    def set(self, key: str, value: str, ttl: float) -> None:
        self.client.set(self.prefix + key, value, px=max(int(ttl * 1000), 1))

    def hget(self, key: str, field: str) -> str | None:
        value = self.client.hget(self.prefix + key, field)
        return value if isinstance(value, str) else None

    async def ahget(self, key: str, field: str) -> str | None:
        value = await self.aclients.get().hget(self.prefix + key, field)
        return value if isinstance(value, str) else None

    def hset(self, key: str, field: str, value: str, ttl: float) -> None:
        name = self.prefix + key
        with self.client.pipeline() as pipe:
            pipe.hset(name, field, value)
            pipe.pexpire(name, max(int(ttl * 1000), 1), nx=True)
            pipe.execute()

    def delete(self, *keys: str) -> None:
        if keys:
            self.client.delete(*(self.prefix + key for key in keys))

    def ping(self) -> bool:
        try:
            return bool(self.client.ping())
        except redis.RedisError:
            return False


def make_cache(url: str, prefix: str) -> Cache:
    """``memory://`` for one process, ``redis://...`` to share between processes."""
    if url.startswith("memory://"):
        return MemoryCache()
    if url.startswith(("redis://", "rediss://", "unix://")):
        return RedisCache(url, prefix)
    raise ValueError(f"Unknown cache URL {url!r}: use memory:// or redis://host:port/db.")
