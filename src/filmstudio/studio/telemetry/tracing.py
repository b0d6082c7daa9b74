"""Distributed tracing with OpenTelemetry: one trace from the HTTP request through the queue to
the worker and each render stage.

Off by default (no exporter, no overhead beyond the no-op API). ``FILMSTUDIO_TRACING_ENABLED=1``
sends spans by OTLP/HTTP to ``FILMSTUDIO_TRACING_OTLP_ENDPOINT``. Instrumented: FastAPI (server
spans), SQLAlchemy (one span per statement), Redis (queue, cache) and httpx (outgoing calls
carry ``traceparent``). The submitting request's context travels in the queue message as a
small carrier dict (:func:`inject`); the consumer makes it current while the message's handler
runs, and the worker's span (:meth:`Tracing.job_span`) and its stage spans
(:meth:`Tracing.stages`) continue the same trace.

Wiring (for ``studio/app.py`` and the worker)::

    tracing = telemetry.tracing.setup(TracingSettings(), app=app, engines=(engine,))
    # at submit:   queue.enqueue(job_id, priority, trace=telemetry.tracing.inject())
    # in worker:   tracing = telemetry.tracing.current()  (what setup last made)
    #              with tracing.job_span(job_id, None) as span, tracing.stages(span) as s:
    #                  s.enter("plan") ...   (from the engine's progress callback)
    # on shutdown: tracing.close()
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI
from opentelemetry import propagate, trace
from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor
from opentelemetry.instrumentation.httpx import HTTPXClientInstrumentor
from opentelemetry.instrumentation.redis import RedisInstrumentor
from opentelemetry.instrumentation.sqlalchemy import SQLAlchemyInstrumentor
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, SimpleSpanProcessor, SpanExporter
from opentelemetry.sdk.trace.sampling import ParentBased, TraceIdRatioBased
from opentelemetry.trace import Span, SpanKind
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy.engine import Engine

#: Requests not worth a span each (probes and scrapes arrive every few seconds).
EXCLUDED_URLS = "/health,/metrics"
TRACER = "filmstudio"


class TracingSettings(BaseSettings):
    """Where spans go. Nothing leaves the process unless tracing is enabled."""

    model_config = SettingsConfigDict(env_prefix="FILMSTUDIO_TRACING_", extra="ignore")

    enabled: bool = False
    otlp_endpoint: str = "http://127.0.0.1:4318/v1/traces"
    otlp_headers: dict[str, str] = {}
    service_name: str = "filmstudio"
    #: Share of new traces kept (a request's children follow their parent's decision).
    sample_ratio: float = 1.0
    otlp_timeout_seconds: float = 10.0


def _otlp_exporter(settings: TracingSettings) -> SpanExporter:
    try:
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
    except ImportError as error:  # an optional dependency: only needed when enabled
        raise RuntimeError(
            "Tracing is enabled but opentelemetry-exporter-otlp-proto-http is not installed; "
            "install it or set FILMSTUDIO_TRACING_ENABLED=0."
        ) from error
    return OTLPSpanExporter(
        endpoint=settings.otlp_endpoint,
        headers=settings.otlp_headers or None,
        timeout=settings.otlp_timeout_seconds,
    )


def make_provider(
    settings: TracingSettings, exporter: SpanExporter | None = None
) -> TracerProvider | None:
    """A tracer provider exporting to `exporter` (tests: in memory, spans kept at once) or to
    OTLP in batches when enabled; None when tracing is off and no exporter is given."""
    if exporter is None and not settings.enabled:
        return None
    if not 0.0 <= settings.sample_ratio <= 1.0:
        raise ValueError(f"sample_ratio must be between 0 and 1, not {settings.sample_ratio}.")
    provider = TracerProvider(
        resource=Resource.create({"service.name": settings.service_name}),
        sampler=ParentBased(TraceIdRatioBased(settings.sample_ratio)),
    )
    if exporter is not None:
        provider.add_span_processor(SimpleSpanProcessor(exporter))
    else:
        provider.add_span_processor(BatchSpanProcessor(_otlp_exporter(settings)))
    return provider


def inject() -> dict[str, str]:
    """The current trace context as a carrier dict (W3C ``traceparent``), to store in a job."""
    carrier: dict[str, str] = {}
    propagate.inject(carrier)
    return carrier


@dataclass
class Tracing:
    """The process's tracing: spans for jobs and stages, and undoing the instrumentation."""

    provider: TracerProvider | None
    app: FastAPI | None = None

    @property
    def tracer(self) -> trace.Tracer:
        if self.provider is None:
            return trace.NoOpTracer()
        return self.provider.get_tracer(TRACER)

    @contextlib.contextmanager
    def job_span(
        self, job_id: object, carrier: Mapping[str, str] | None, name: str = "job.render"
    ) -> Iterator[Span]:
        """A consumer span for one render attempt, child of the request that queued it: the
        `carrier`'s context, or without one the current context (the queue makes a message's
        trace context current while its handler runs)."""
        parent = propagate.extract(dict(carrier)) if carrier else None
        with self.tracer.start_as_current_span(
            name,
            context=parent,
            kind=SpanKind.CONSUMER,
            attributes={"filmstudio.job_id": str(job_id)},
        ) as span:
            yield span

    def stages(self, parent: Span) -> StageSpans:
        """Child spans of `parent` that follow a render's progress reports, one per stage."""
        return StageSpans(self.tracer, parent)

    @contextlib.contextmanager
    def stage(self, name: str, **attributes: Any) -> Iterator[Span]:
        """A span for one render stage (plan, voice, picture, mix...), inside the job's span."""
        with self.tracer.start_as_current_span(f"stage.{name}", attributes=attributes) as span:
            yield span

    def close(self) -> None:
        """Undo the instrumentation and send what is buffered."""
        global _current
        if _current is self:
            _current = _OFF
        if self.app is not None:
            FastAPIInstrumentor.uninstrument_app(self.app)
        if self.provider is None:
            return
        SQLAlchemyInstrumentor().uninstrument()
        HTTPXClientInstrumentor().uninstrument()
        RedisInstrumentor().uninstrument()
        self.provider.shutdown()


class StageSpans:
    """One span per render stage, opened when progress first names a stage and closed when
    the next one starts (the engine reports ``(stage, fraction)``, not stage boundaries)."""

    def __init__(self, tracer: trace.Tracer, parent: Span) -> None:
        self._tracer = tracer
        self._parent = trace.set_span_in_context(parent)
        self._lock = threading.Lock()
        self._name: str | None = None
        self._span: Span | None = None

    def __enter__(self) -> StageSpans:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def enter(self, name: str) -> None:
        """Progress reached stage `name`: end the previous stage's span, start this one's."""
        with self._lock:
            if name == self._name:
                return
            if self._span is not None:
                self._span.end()
            self._name = name
            self._span = self._tracer.start_span(f"stage.{name}", context=self._parent)

    def close(self) -> None:
        with self._lock:
            if self._span is not None:
                self._span.end()
            self._name, self._span = None, None


_OFF = Tracing(None)
#: The process's tracing, as `setup` last made it (the worker's spans go there).
_current = _OFF


def current() -> Tracing:
    """The tracing `setup` last made in this process (a do-nothing one before that)."""
    return _current


def setup(
    settings: TracingSettings,
    *,
    app: FastAPI | None = None,
    engines: tuple[Engine, ...] = (),
    exporter: SpanExporter | None = None,
) -> Tracing:
    """Instrument FastAPI (`app`), SQLAlchemy (`engines`), Redis and httpx; a do-nothing
    :class:`Tracing` when tracing is off."""
    global _current
    provider = make_provider(settings, exporter)
    if provider is None:
        return Tracing(None)
    if app is not None:
        FastAPIInstrumentor.instrument_app(
            app, tracer_provider=provider, excluded_urls=EXCLUDED_URLS
        )
    # skip_dep_check: the instrumentation declares SQLAlchemy < 2.1 but works with 2.1's
    # engine events (tests/deploy/test_tracing.py checks every statement gets its span).
    SQLAlchemyInstrumentor().instrument(
        engines=list(engines), tracer_provider=provider, skip_dep_check=True
    )
    HTTPXClientInstrumentor().instrument(tracer_provider=provider)
    RedisInstrumentor().instrument(tracer_provider=provider)
    _current = Tracing(provider, app)
    return _current
