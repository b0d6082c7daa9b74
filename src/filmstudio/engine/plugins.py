"""What the engine's plug-ins share (picture providers, lip-syncers, music providers).

Why one place: a plug-in chosen by name must fail with the same clear sentence when it is
given options it does not take, and a plug-in with an optional local model (diffusion
pictures, lip-sync, MusicGen) must load it lazily (torch is heavy and may be missing), try
only once, remember why it could not load and log that once, then let the film render with
its offline fallback. Copies of that drift apart; here it is written once.
"""

from __future__ import annotations

import inspect
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, Generic, TypeVar

from filmstudio.engine.errors import ChoiceError

T = TypeVar("T")


def build(cls: Callable[..., T], options: dict[str, Any], engine: str) -> T:
    """`cls(**options)`, or ChoiceError naming the `engine` when it does not take them."""
    try:
        inspect.signature(cls).bind(**options)
    except TypeError:
        raise ChoiceError(
            f"The {engine} does not take the options {', '.join(sorted(options))}."
        ) from None
    return cls(**options)


class ModelUnavailable(Exception):
    """Why an optional model cannot be used here (logged, then the fallback is used)."""


def model_folder(model: str | Path | None, env: str) -> Path | None:
    """The model folder: `model` when given, else the folder named by the variable `env`."""
    folder = model if model is not None else os.environ.get(env) or None
    return Path(folder).expanduser() if folder else None


def require_folder(folder: Path | None, env: str) -> Path:
    """`folder`, or ModelUnavailable saying that none is configured (`env` names the
    variable to set) or that it does not exist."""
    if folder is None:
        raise ModelUnavailable(f"no model folder is configured; set {env}")
    if not folder.is_dir():
        raise ModelUnavailable(f"the model folder {folder} does not exist")
    return folder


class OptionalModel(Generic[T]):
    """A plug-in whose model (`T`) is loaded by `_load` on first use, at most once."""

    def __init__(self) -> None:
        #: Why the model is not used (None while it is, or before its first use).
        self.unavailable: str | None = None
        self._model: T | None = None
        self._tried = False
        self._lock = threading.Lock()

    def _load(self) -> T:
        """Load the model, or raise ModelUnavailable saying why it cannot be used."""
        raise NotImplementedError

    def _warn_unavailable(self, reason: str) -> None:
        """Log, in the plug-in's own words, that it falls back and why."""
        raise NotImplementedError

    def _load_once(self) -> T | None:
        """The model, or None (with `unavailable` saying why, logged once)."""
        with self._lock:
            if not self._tried:
                self._tried = True
                try:
                    self._model = self._load()
                except ModelUnavailable as exc:
                    self.unavailable = str(exc)
                    self._warn_unavailable(self.unavailable)
            return self._model
