"""One trace from the HTTP request that submits a job, through the queue message, to the
worker's attempt and each render stage (OpenTelemetry's in-memory exporter)."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from opentelemetry.sdk.trace import ReadableSpan
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from filmstudio.studio.app import create_app
from filmstudio.studio.context import Studio
from filmstudio.studio.jobs.renderer import FAKE_STAGES, Renderer
from filmstudio.studio.telemetry import tracing as t
from tests.studio.helpers import create_project, register, submit, wait_for

SUBMIT = "POST /api/v1/jobs/submit"


@pytest.fixture
def traced(studio: Studio, renderer: Renderer) -> Iterator[tuple[TestClient, InMemorySpanExporter]]:
    """The API with its in-process worker, tracing into memory."""
    exporter = InMemorySpanExporter()
    app = create_app(studio=studio, renderer=renderer, run_worker=True)
    app.state.tracing = t.setup(
        t.TracingSettings(), app=app, engines=(studio.db.engine,), exporter=exporter
    )
    try:
        with TestClient(app) as client:
            yield client, exporter
    finally:
        app.state.tracing.close()


def _one(spans: list[ReadableSpan], name: str) -> ReadableSpan:
    found = [span for span in spans if span.name == name]
    assert len(found) == 1, [span.name for span in spans]
    return found[0]


def _spans_of_job(exporter: InMemorySpanExporter, attempts: int = 1) -> list[ReadableSpan]:
    """The finished spans of the trace the (one) submit request started, once its `attempts`
    job spans have ended (a job reads finished just before its worker's span ends)."""
    deadline = time.monotonic() + 10
    while True:
        spans = list(exporter.get_finished_spans())
        request = _one(spans, SUBMIT)
        mine = [s for s in spans if s.context.trace_id == request.context.trace_id]
        ended = sum(1 for s in mine if s.name == "job.render")
        if ended >= attempts or time.monotonic() > deadline:
            return mine
        time.sleep(0.05)


def test_one_trace_from_the_submit_request_to_each_render_stage(
    traced: tuple[TestClient, InMemorySpanExporter],
) -> None:
    client, exporter = traced
    user = register(client)
    job_id = submit(client, user, create_project(client, user)["id"])["id"]
    assert wait_for(client, user, job_id)["status"] == "completed"
    spans = _spans_of_job(exporter)
    request = _one(spans, SUBMIT)
    job = _one(spans, "job.render")
    assert job.parent is not None and job.parent.span_id == request.context.span_id
    assert job.attributes is not None and job.attributes["filmstudio.job_id"] == job_id
    assert job.attributes["filmstudio.outcome"] == "completed"
    stages = sorted((s for s in spans if s.name.startswith("stage.")), key=lambda s: s.start_time)
    expected = [f"stage.{name}" for name, _ in FAKE_STAGES] + ["stage.store"]
    assert [s.name for s in stages] == expected
    assert all(s.parent is not None and s.parent.span_id == job.context.span_id for s in stages)
    assert job.start_time is not None and job.end_time is not None
    assert all(job.start_time <= (s.start_time or 0) for s in stages)
    assert all((s.end_time or 0) <= job.end_time for s in stages)
    # the worker's SQL (claim, heartbeats, settle) is in the same trace, under the job's span
    worker_sql = [s for s in spans if s.parent and s.parent.span_id == job.context.span_id]
    assert any(s.name.startswith(("UPDATE", "SELECT")) for s in worker_sql)


@pytest.mark.parametrize("renderer", [{"fail_times": 1, "seconds": 0.05}], indirect=True)
def test_a_retry_continues_the_jobs_trace(
    traced: tuple[TestClient, InMemorySpanExporter],
) -> None:
    client, exporter = traced
    user = register(client)
    job_id = submit(client, user, create_project(client, user)["id"])["id"]
    assert wait_for(client, user, job_id, timeout=30)["attempts"] == 2
    spans = _spans_of_job(exporter, attempts=2)
    first, second = sorted(
        (s for s in spans if s.name == "job.render"), key=lambda s: s.start_time or 0
    )
    assert first.attributes is not None and first.attributes["filmstudio.outcome"] == "retry"
    assert second.parent is not None and second.parent.span_id == first.context.span_id
