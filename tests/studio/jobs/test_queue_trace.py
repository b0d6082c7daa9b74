"""A queue message carries its sender's trace context; the consumer makes it current while
the handler runs (and a message without one runs in a fresh context)."""

from __future__ import annotations

import threading
import uuid

from opentelemetry import trace
from opentelemetry.sdk.trace import TracerProvider

from filmstudio.studio.queue import TASK_NAME, JobQueue
from filmstudio.studio.telemetry import tracing


def _run(queue: JobQueue, count: int) -> list[trace.SpanContext]:
    seen: list[trace.SpanContext] = []
    done = threading.Event()

    def handler(_row_id: str) -> None:
        seen.append(trace.get_current_span().get_span_context())
        if len(seen) == count:
            done.set()

    queue.set_handler(handler, TASK_NAME)
    queue.start_consumer(workers=1, poll_seconds=0.05)
    try:
        assert done.wait(10), "the consumer did not run every message"
    finally:
        queue.close()
    return seen


def test_the_handler_runs_in_the_senders_trace() -> None:
    queue = JobQueue("memory://")
    tracer = TracerProvider().get_tracer("test")
    with tracer.start_as_current_span("request") as request:
        carrier = tracing.inject()
        queue.enqueue(uuid.uuid4(), "normal", trace=carrier)
    queue.enqueue(uuid.uuid4(), "normal")
    with_trace, without = sorted(_run(queue, 2), key=lambda c: not c.is_valid)
    assert with_trace.trace_id == request.get_span_context().trace_id
    assert with_trace.span_id == request.get_span_context().span_id
    assert with_trace.is_remote  # continued from the message, not the sender's own span
    assert not without.is_valid


def test_a_delayed_message_keeps_its_trace() -> None:
    queue = JobQueue("memory://")
    tracer = TracerProvider().get_tracer("test")
    with tracer.start_as_current_span("retry") as sender:
        queue.enqueue(uuid.uuid4(), "low", delay=0.2, trace=tracing.inject())
    (seen,) = _run(queue, 1)
    assert seen.trace_id == sender.get_span_context().trace_id
