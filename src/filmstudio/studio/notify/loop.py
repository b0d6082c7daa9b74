"""The background sender: one thread that drains the e-mail and CRM outboxes.

It runs inside the API process (embedded) and in ``filmstudio worker``; any number of these
may run against one database, because rows are claimed with a conditional UPDATE (and
``SKIP LOCKED`` on PostgreSQL). Stopping finishes the message in hand and hands the rest of
its batch back untouched.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Protocol

log = logging.getLogger("filmstudio.outbox")


PRUNE_EVERY_SECONDS = 3600.0


class Delivery(Protocol):
    name: str

    def deliver_once(self, stop: threading.Event | None = None) -> int: ...

    def prune(self) -> int: ...


class OutboxLoop:
    """Calls each delivery until its outbox has nothing due, then sleeps `poll_seconds` (or
    until `wake` is set, e.g. by a request that just queued a message)."""

    def __init__(
        self,
        deliveries: list[Delivery],
        poll_seconds: float,
        wake: threading.Event | None = None,
    ) -> None:
        self.deliveries = deliveries
        self.poll_seconds = poll_seconds
        self.wake = wake or threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def run_once(self) -> dict[str, int]:
        """Drain every outbox once (what the thread does each round); returns rows sent."""
        sent: dict[str, int] = {}
        for delivery in self.deliveries:
            total = 0
            while not self._stop.is_set():
                try:
                    count = delivery.deliver_once(self._stop)
                except Exception:  # a database blip: log it, try again next round
                    log.exception("outbox delivery failed", extra={"outbox": delivery.name})
                    break
                total += count
                if count == 0:
                    break
            sent[delivery.name] = total
        return sent

    def prune(self) -> None:
        """Delete rows sent long ago (each outbox keeps its recent history)."""
        for delivery in self.deliveries:
            try:
                delivery.prune()
            except Exception:
                log.exception("outbox pruning failed", extra={"outbox": delivery.name})

    def _run(self) -> None:
        next_prune = time.monotonic()
        while not self._stop.is_set():
            self.wake.clear()
            self.run_once()
            if time.monotonic() >= next_prune:
                self.prune()
                next_prune = time.monotonic() + PRUNE_EVERY_SECONDS
            self.wake.wait(self.poll_seconds)

    def start(self) -> None:
        if self.running or not self.deliveries:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="outbox-sender", daemon=True)
        self._thread.start()
        log.info("outbox sender started", extra={"outboxes": [d.name for d in self.deliveries]})

    def stop(self, timeout: float = 30.0) -> None:
        self._stop.set()
        self.wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None
        log.info("outbox sender stopped")
