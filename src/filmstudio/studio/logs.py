"""Structured JSON logs, each line carrying the request id or job id it belongs to.

The ids live in context variables, so any code (a service, the engine's progress
callback) logs with the right ids without passing them around.
"""

from __future__ import annotations

import json
import logging
import sys
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

request_id_var: ContextVar[str | None] = ContextVar("request_id", default=None)
job_id_var: ContextVar[str | None] = ContextVar("job_id", default=None)
user_id_var: ContextVar[str | None] = ContextVar("user_id", default=None)

_STANDARD = set(logging.LogRecord("", 0, "", 0, "", None, None).__dict__) | {"message"}
_IDS = (("request_id", request_id_var), ("job_id", job_id_var), ("user_id", user_id_var))


def _install_record_factory() -> None:
    """Stamp the current ids on every record when it is made (not when it is formatted,
    which may happen later, elsewhere)."""
    base = logging.getLogRecordFactory()
    if getattr(base, "stamps_ids", False):
        return

    def make(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = base(*args, **kwargs)
        for name, var in _IDS:
            value = var.get()
            if value is not None:
                setattr(record, f"_context_{name}", value)  # `extra` may still set `name`
        return record

    make.stamps_ids = True  # type: ignore[attr-defined]
    logging.setLogRecordFactory(make)


_install_record_factory()


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, ids, and any `extra` fields."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        for name, _ in _IDS:
            value = record.__dict__.get(name) or record.__dict__.get(f"_context_{name}")
            if value is not None:
                entry[name] = value
        for key, value in record.__dict__.items():
            if key not in _STANDARD and not key.startswith("_") and key not in entry:
                entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)


def configure_logging(level: str = "INFO", json_lines: bool = True) -> None:
    """Send the studio's (and uvicorn's, huey's) logs to stderr, as JSON lines by default."""
    handler = logging.StreamHandler(sys.stderr)
    if json_lines:
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access", "huey", "huey.consumer"):
        logger = logging.getLogger(name)
        logger.handlers[:] = []
        logger.propagate = True
    logging.getLogger("uvicorn.access").disabled = True  # the studio writes its own access log
