"""Rate limits: 100 requests a minute per user (per address when anonymous), and login
attempt limiting per e-mail address.

Counting uses the `limits` library (the engine behind slowapi) with the sliding-window
counter strategy: two counters per key, so the check is cheap and an attacker cannot burst
at a window boundary. With Redis the counts are shared by every API process.
"""

from __future__ import annotations

import json
import time
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from typing import Any

from limits import RateLimitItem, parse
from limits.aio.storage import RedisStorage as AsyncRedisStorage
from limits.aio.strategies import SlidingWindowCounterRateLimiter as AsyncSlidingWindowCounter
from limits.storage import MemoryStorage, RedisStorage, Storage
from limits.strategies import SlidingWindowCounterRateLimiter

from filmstudio.studio import problems
from filmstudio.studio.accounts.security import Tokens
from filmstudio.studio.cache import PerLoop
from filmstudio.studio.errors import Unauthorized

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    retry_after: int


def _async_uri(url: str) -> str:
    """The `limits` asyncio storage URI for a redis-py URL (``unix://`` has its own name)."""
    if url.startswith("unix://"):
        return "async+redis+unix://" + url.removeprefix("unix://")
    return f"async+{url}"


class RateLimiter:
    """Per-user request limits and per-address login-attempt limits."""

    def __init__(self, url: str, prefix: str, request_limit: str, login_limit: str) -> None:
        storage: Storage
        self.in_process = url.startswith("memory://")
        if self.in_process:
            storage = MemoryStorage()
        else:
            storage = RedisStorage(url, key_prefix=f"{prefix}limits")
        self.storage = storage
        self.strategy = SlidingWindowCounterRateLimiter(storage)
        # The same counters (same Lua scripts and keys) through an asyncio client, so the
        # per-request check awaits Redis on the event loop instead of taking a thread hop.
        self.async_strategies: PerLoop[AsyncSlidingWindowCounter] = PerLoop(
            lambda: AsyncSlidingWindowCounter(
                AsyncRedisStorage(
                    _async_uri(url), key_prefix=f"{prefix}limits", implementation="redispy"
                )
            )
        )
        self.request_limit: RateLimitItem = parse(request_limit)
        self.login_limit: RateLimitItem = parse(login_limit)

    def _retry_after(self, item: RateLimitItem, key: str) -> int:
        stats = self.strategy.get_window_stats(item, key)
        return max(1, int(stats.reset_time - time.time()) + 1)

    def hit_request(self, key: str) -> Verdict:
        """Count one request for `key`; refused once the limit is reached."""
        if self.strategy.hit(self.request_limit, key):
            return Verdict(True, 0)
        return Verdict(False, self._retry_after(self.request_limit, key))

    async def ahit_request(self, key: str) -> Verdict:
        """`hit_request` for the event loop: in-process counting needs no I/O, Redis is
        awaited (a thread-pool hop per request costs more than the round trip)."""
        if self.in_process:
            return self.hit_request(key)
        strategy = self.async_strategies.get()
        if await strategy.hit(self.request_limit, key):
            return Verdict(True, 0)
        stats = await strategy.get_window_stats(self.request_limit, key)
        return Verdict(False, max(1, int(stats.reset_time - time.time()) + 1))

    def login_attempt(self, email: str) -> Verdict:
        """Count one login attempt for `email` before the password is checked; refused once
        the limit is reached. Counting first (one atomic hit) means parallel guesses cannot
        all slip through between a check and a later count; a successful login clears it."""
        key = f"login:{email.lower()}"
        if self.strategy.hit(self.login_limit, key):
            return Verdict(True, 0)
        return Verdict(False, self._retry_after(self.login_limit, key))

    def login_succeeded(self, email: str) -> None:
        self.strategy.clear(self.login_limit, f"login:{email.lower()}")

    def describe(self) -> str:
        item = self.request_limit
        unit = item.GRANULARITY.name
        per = f"{item.multiples} {unit}s" if item.multiples != 1 else unit
        return f"{item.amount} requests per {per}"


class RateLimitMiddleware:
    """Pure ASGI middleware (cheaper than BaseHTTPMiddleware) that limits ``/api/`` calls
    (or those under any of the `prefix` paths given).

    The key is the user id from a valid access token, else the client address: a user is
    limited wherever they connect from, and anonymous callers per address. The token is read
    by `tokens` (`Tokens.read`), which remembers a verified token, so the route's own check of
    the same token does not verify its signature a second time. Each prefix counts
    in a bucket of its own (REST and ``/graphql``): a web UI busy on one never starves the
    other, and one heavy GraphQL client cannot lock its user out of REST. `exempt` paths are
    signed, expiring file links: a video player seeking makes many range requests for one film.
    """

    def __init__(
        self,
        app: ASGIApp,
        limiter: RateLimiter,
        tokens: Tokens,
        prefix: str | tuple[str, ...] = "/api/",
        exempt: tuple[str, ...] = (),
    ) -> None:
        self.app = app
        self.limiter = limiter
        self.tokens = tokens
        self.prefixes = (prefix,) if isinstance(prefix, str) else prefix
        self.exempt = exempt

    def _key(self, scope: Scope) -> str:
        for name, value in scope.get("headers", ()):
            if name == b"authorization":
                scheme, _, token = value.decode("latin-1").partition(" ")
                if scheme.lower() == "bearer" and token:
                    try:
                        return f"user:{self.tokens.read(token, 'access')['sub']}"
                    except Unauthorized:
                        break
                break
        client = scope.get("client")
        return f"ip:{client[0] if client else 'unknown'}"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        bucket = next((p for p in self.prefixes if path.startswith(p)), None)
        if scope["type"] != "http" or bucket is None or path.startswith(self.exempt):
            await self.app(scope, receive, send)
            return
        verdict = await self.limiter.ahit_request(f"{bucket}|{self._key(scope)}")
        if verdict.allowed:
            await self.app(scope, receive, send)
            return
        detail = (
            f"Too many requests: the limit is {self.limiter.describe()}. "
            f"Try again in {verdict.retry_after} seconds."
        )
        body = json.dumps(problems.body(429, detail)).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 429,
                "headers": [
                    (b"content-type", problems.MEDIA_TYPE.encode()),
                    (b"content-length", str(len(body)).encode()),
                    (b"retry-after", str(verdict.retry_after).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})
