"""The job queue: Huey on SQLite (embedded) or on Redis with priorities (at scale).

The queue carries nothing but job ids (and the sender's trace context); the database row is
the truth about a job, so a lost or duplicated message can never lose or double a render (the
worker's claim is a conditional UPDATE). Priorities are Huey's (a higher number runs first).

A message may carry a W3C trace context (``traceparent``): the consumer makes it the current
OpenTelemetry context while the handler runs, so the worker's spans continue the trace of the
request that sent it.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import uuid
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from huey import MemoryHuey, PriorityRedisHuey, SqliteHuey
from huey.api import Huey
from huey.consumer import Consumer
from opentelemetry import context as otel_context
from opentelemetry import propagate

log = logging.getLogger("filmstudio.queue")

PRIORITIES = {"high": 10, "normal": 5, "low": 0}
TASK_NAME = "render_job"
UPLOAD_TASK = "youtube_upload"
#: A call for help with a job's picture segments (any worker may encode any of them).
SEGMENT_TASK = "render_segments"
#: Every kind of message; each carries one row id and a worker sets a handler per kind.
TASKS = (TASK_NAME, UPLOAD_TASK, SEGMENT_TASK)


def make_huey(url: str, prefix: str, poll_seconds: float = 1.0) -> Huey:
    """A Huey for ``sqlite:///path``, ``redis://host:port/db`` or ``memory://``."""
    parsed = urlparse(url)
    if parsed.scheme == "sqlite":
        path = Path(url.removeprefix("sqlite:///"))
        path.parent.mkdir(parents=True, exist_ok=True)
        return SqliteHuey("filmstudio", filename=str(path), results=False, timeout=30)
    if parsed.scheme in ("redis", "rediss", "unix"):
        return PriorityRedisHuey(
            f"{prefix}jobs", url=url, results=False, read_timeout=max(poll_seconds, 0.01)
        )
    if parsed.scheme == "memory":
        return MemoryHuey("filmstudio", results=False)
    raise ValueError(f"Unknown queue URL {url!r}: use sqlite:///path, redis://host:port/db.")


@contextlib.contextmanager
def continued(trace: Mapping[str, str] | None) -> Iterator[None]:
    """Make the message's trace context the current one while its handler runs (a message
    without one, or with a malformed one, runs in a fresh context)."""
    if not trace:
        yield
        return
    token = otel_context.attach(propagate.extract(dict(trace)))
    try:
        yield
    finally:
        otel_context.detach(token)


class _InProcessConsumer(Consumer):  # type: ignore[misc]
    """A consumer that leaves signal handling to its host (uvicorn, or our worker command)."""

    def _set_signal_handlers(self) -> None:
        return None


class JobQueue:
    """Enqueue job ids, and run a consumer that hands each id to the job handler."""

    def __init__(self, url: str, prefix: str = "filmstudio:", poll_seconds: float = 1.0) -> None:
        self.url = url
        self.huey = make_huey(url, prefix, poll_seconds)
        self._handlers: dict[str, Callable[[str], None]] = {}
        self._consumer: Consumer | None = None
        self._lock = threading.Lock()
        self._tasks: dict[str, Any] = {name: self._make_task(name) for name in TASKS}

    def _make_task(self, name: str) -> Any:
        def run(row_id: str, trace: dict[str, str] | None = None) -> None:
            handler = self._handlers.get(name)
            if handler is None:
                raise RuntimeError(f"This process runs no {name} handler; start a worker.")
            with continued(trace):
                handler(row_id)

        return self.huey.task(name=name)(run)

    def set_handler(self, handler: Callable[[str], None], task: str = TASK_NAME) -> None:
        """What runs a message of kind `task` (a render by default); only workers set one."""
        if task not in self._tasks:
            raise ValueError(f"Unknown task {task!r}: use one of {', '.join(TASKS)}.")
        self._handlers[task] = handler

    def send(
        self,
        task: str,
        row_id: uuid.UUID,
        priority: str,
        delay: float = 0.0,
        *,
        trace: Mapping[str, str] | None = None,
    ) -> None:
        """Put a message of kind `task` on the queue, to run now or after `delay` seconds;
        `trace` is the sender's trace context (``telemetry.tracing.inject()``)."""
        wrapper = self._tasks[task]
        weight = PRIORITIES[priority]
        args: tuple[Any, ...] = (str(row_id), dict(trace)) if trace else (str(row_id),)
        if delay > 0:
            wrapper.schedule(args=args, delay=delay, priority=weight)
        else:
            self.huey.enqueue(wrapper.s(*args, priority=weight))

    def enqueue(
        self,
        job_id: uuid.UUID,
        priority: str,
        delay: float = 0.0,
        *,
        trace: Mapping[str, str] | None = None,
    ) -> None:
        """Put a job on the queue, to run now or after `delay` seconds (a retry's backoff)."""
        self.send(TASK_NAME, job_id, priority, delay, trace=trace)

    def depth(self) -> int:
        """Messages waiting (ready now or scheduled for later)."""
        return int(self.huey.pending_count()) + int(self.huey.scheduled_count())

    def ping(self) -> bool:
        try:
            self.huey.pending_count()
        except Exception:
            return False
        return True

    def start_consumer(self, workers: int, poll_seconds: float) -> None:
        """Run `workers` worker threads in this process (``serve``, ``worker``)."""
        with self._lock:
            if self._consumer is not None:
                return
            consumer = _InProcessConsumer(
                self.huey,
                workers=workers,
                worker_type="thread",
                periodic=False,
                initial_delay=min(poll_seconds, 0.1),
                backoff=1.5,
                max_delay=poll_seconds,
                check_worker_health=False,
            )
            consumer.start()
            self._consumer = consumer
        log.info("queue consumer started", extra={"workers": workers, "queue": self.url})

    def stop_consumer(self) -> None:
        """Stop taking jobs and wait for the worker threads to finish their current job (the
        job runner makes a running render stop and requeue itself). The scheduler thread is
        not waited for: it holds no work and exits at its next tick."""
        with self._lock:
            consumer, self._consumer = self._consumer, None
        if consumer is not None:
            consumer.stop_flag.set()
            for _, thread in consumer.worker_threads:
                thread.join()
            log.info("queue consumer stopped")

    def flush(self) -> None:
        """Drop every message of this queue (tests, and only this queue's keys)."""
        self.huey.flush()

    def close(self) -> None:
        self.stop_consumer()
        storage = self.huey.storage
        if hasattr(storage, "close"):
            storage.close()
