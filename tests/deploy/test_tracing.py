"""Tracing: one trace from a request through the queue carrier to the worker's stages, with
SQL, Redis and outgoing HTTP spans; off by default; OTLP export to a local fake collector."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

import httpx
import pytest
import redis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from opentelemetry.sdk.trace import ReadableSpan
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from sqlalchemy import create_engine, text

from filmstudio.studio.telemetry import tracing as t


class _Recorder(http.server.BaseHTTPRequestHandler):
    """A local HTTP server that keeps the headers and bodies it receives."""

    seen: ClassVar[list[tuple[str, dict[str, str], bytes]]] = []

    def _answer(self) -> None:
        length = int(self.headers.get("content-length") or 0)
        headers = {name.lower(): value for name, value in self.headers.items()}
        self.seen.append((self.path, headers, self.rfile.read(length)))
        self.send_response(200)
        self.send_header("content-length", "0")
        self.end_headers()

    do_GET = do_POST = _answer

    def log_message(self, *_: Any) -> None:
        return None


@pytest.fixture
def server() -> Iterator[tuple[str, list[tuple[str, dict[str, str], bytes]]]]:
    seen: list[tuple[str, dict[str, str], bytes]] = []
    handler = type("Handler", (_Recorder,), {"seen": seen})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", seen
    httpd.shutdown()


def _app(engine: Any, remote: str) -> FastAPI:
    app = FastAPI()

    @app.post("/submit")
    def submit() -> dict[str, str]:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        httpx.get(f"{remote}/notify")
        return t.inject()

    @app.get("/health")
    def health() -> dict[str, str]:
        return {"status": "ok"}

    return app


def _by_name(spans: tuple[ReadableSpan, ...], prefix: str) -> list[ReadableSpan]:
    return [span for span in spans if span.name.startswith(prefix)]


def test_one_trace_from_request_to_each_render_stage(
    tmp_path: Path, server: tuple[str, list[tuple[str, dict[str, str], bytes]]]
) -> None:
    remote, seen = server
    engine = create_engine(f"sqlite:///{tmp_path / 'x.db'}")
    exporter = InMemorySpanExporter()
    app = _app(engine, remote)
    tracing = t.setup(t.TracingSettings(), app=app, engines=(engine,), exporter=exporter)
    try:
        with TestClient(app) as client:
            assert client.get("/health").status_code == 200
            carrier = client.post("/submit").json()
        with tracing.job_span("job-1", carrier) as job:
            for stage in ("plan", "picture"):
                with tracing.stage(stage, shots=3), engine.connect() as connection:
                    connection.execute(text("SELECT 2"))
    finally:
        tracing.close()
    spans = exporter.get_finished_spans()
    assert {span.context.trace_id for span in spans} == {job.get_span_context().trace_id}
    (server_span,) = [s for s in spans if s.name == "POST /submit"]
    assert not _by_name(spans, "GET /health")
    (job_span,) = _by_name(spans, "job.render")
    assert job_span.parent is not None and job_span.parent.span_id == server_span.context.span_id
    assert job_span.attributes == {"filmstudio.job_id": "job-1"}
    stages = _by_name(spans, "stage.")
    assert [s.name for s in stages] == ["stage.plan", "stage.picture"]
    assert all(s.parent and s.parent.span_id == job_span.context.span_id for s in stages)
    sql = [s for s in spans if s.name.startswith("SELECT")]
    assert len(sql) == 3  # one in the request, one per stage
    (client_span,) = [s for s in spans if s.name == "GET"]
    ((path, headers, _),) = seen
    trace_hex = f"{job.get_span_context().trace_id:032x}"
    assert path == "/notify" and trace_hex in headers["traceparent"]
    assert f"{client_span.context.span_id:016x}" in headers["traceparent"]
    assert carrier["traceparent"].split("-")[1] == trace_hex


def test_tracing_is_off_by_default(tmp_path: Path) -> None:
    settings = t.TracingSettings()
    assert settings.enabled is False
    app = FastAPI()
    tracing = t.setup(settings, app=app)
    assert tracing.provider is None
    assert not getattr(app, "_is_instrumented_by_opentelemetry", False)
    with tracing.job_span("job-1", {}) as span, tracing.stage("plan"):
        assert not span.get_span_context().is_valid
    tracing.close()


def test_enabled_tracing_exports_by_otlp_to_the_configured_collector(
    server: tuple[str, list[tuple[str, dict[str, str], bytes]]],
) -> None:
    pytest.importorskip(
        "opentelemetry.exporter.otlp.proto.http",
        reason="opentelemetry-exporter-otlp-proto-http is not installed (not yet in pyproject)",
    )
    remote, seen = server
    settings = t.TracingSettings(
        enabled=True, otlp_endpoint=f"{remote}/v1/traces", service_name="filmstudio-test"
    )
    tracing = t.setup(settings)
    try:
        with tracing.job_span("job-9", None), tracing.stage("mix"):
            pass
        assert tracing.provider is not None and tracing.provider.force_flush()
    finally:
        tracing.close()
    from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import (
        ExportTraceServiceRequest,
    )

    posts = [(headers, body) for path, headers, body in seen if path == "/v1/traces"]
    assert posts and posts[0][0]["content-type"] == "application/x-protobuf"
    request = ExportTraceServiceRequest()
    request.ParseFromString(posts[0][1])
    (resource,) = request.resource_spans
    service = {a.key: a.value.string_value for a in resource.resource.attributes}["service.name"]
    names = {span.name for scope in resource.scope_spans for span in scope.spans}
    assert service == "filmstudio-test" and names == {"job.render", "stage.mix"}


def test_a_sample_ratio_outside_zero_to_one_is_refused() -> None:
    with pytest.raises(ValueError, match="between 0 and 1"):
        t.make_provider(t.TracingSettings(enabled=True, sample_ratio=1.5))


@pytest.mark.redis
def test_redis_commands_are_spans_of_the_job() -> None:
    exporter = InMemorySpanExporter()
    tracing = t.setup(t.TracingSettings(), exporter=exporter)
    try:
        client = redis.Redis.from_url("redis://127.0.0.1:6379/0")
        with tracing.job_span("job-2", None) as job:
            client.ping()
    finally:
        tracing.close()
    (ping,) = [s for s in exporter.get_finished_spans() if s.name == "PING"]
    assert ping.parent is not None and ping.parent.span_id == job.get_span_context().span_id
