"""What every plug-in's fall-back test checks about the warning it logs."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from filmstudio.engine.plugins import OptionalModel


def warned_once(
    caplog: pytest.LogCaptureFixture, plugin: OptionalModel[Any], says: str = ""
) -> str:
    """Why `plugin` fell back, after checking its module logged that once (not once per use),
    naming the reason and saying `says`."""
    logger = type(plugin).__module__
    warnings = [
        r.getMessage() for r in caplog.records if r.levelno == logging.WARNING and r.name == logger
    ]
    assert len(warnings) == 1, warnings
    assert plugin.unavailable is not None and plugin.unavailable in warnings[0]
    assert says in warnings[0]
    return plugin.unavailable
