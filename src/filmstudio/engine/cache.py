"""A content-addressed cache: each stage result is stored under the hash of its inputs.

Why: editing one line of a script should re-voice only that line. A stage asks the cache
with a key made of everything its result depends on; identical inputs give identical keys on
any machine, so a second render of the same script reuses every asset. Files are written to a
temporary name and renamed into place, so a crash never leaves a half-written entry.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray
from platformdirs import user_cache_dir

from filmstudio import __version__

#: Bump when a stage's output changes for the same inputs, so old entries are not reused
#: (the package version is part of every key too).
CACHE_FORMAT = 1


def default_cache_dir() -> Path:
    """``$FILMSTUDIO_CACHE_DIR`` or the user's cache folder."""
    override = os.environ.get("FILMSTUDIO_CACHE_DIR")
    return Path(override) if override else Path(user_cache_dir("filmstudio")) / "stages"


def cache_key(stage: str, inputs: Any) -> str:
    """A stable hash of a stage name and JSON-able inputs."""
    blob = json.dumps(
        {"stage": stage, "format": CACHE_FORMAT, "engine": __version__, "inputs": inputs},
        sort_keys=True,
        ensure_ascii=False,
        default=str,
    )
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


class StageCache:
    """Arrays and JSON metadata keyed by stage inputs; `enabled=False` never reads or writes."""

    def __init__(self, root: Path | None = None, *, enabled: bool = True) -> None:
        self.root = root if root is not None else default_cache_dir()
        self.enabled = enabled
        self.hits = 0
        self.misses = 0
        self.misses_by_stage: Counter[str] = Counter()

    def _path(self, stage: str, key: str, suffix: str) -> Path:
        return self.root / stage / key[:2] / f"{key}{suffix}"

    def arrays(
        self,
        stage: str,
        inputs: Any,
        compute: Callable[[], tuple[dict[str, NDArray[Any]], dict[str, Any]]],
    ) -> tuple[dict[str, NDArray[Any]], dict[str, Any]]:
        """Named arrays plus JSON metadata for `inputs`, computed once and then reused."""
        if not self.enabled:
            return compute()
        path = self._path(stage, cache_key(stage, inputs), ".npz")
        if path.exists():
            try:
                with np.load(path, allow_pickle=False) as data:
                    arrays = {name: data[name] for name in data.files if name != "__meta__"}
                    meta = json.loads(bytes(data["__meta__"]).decode("utf-8"))
                self.hits += 1
                return arrays, meta
            except (OSError, ValueError, KeyError, json.JSONDecodeError):
                path.unlink(missing_ok=True)
        self.misses += 1
        self.misses_by_stage[stage] += 1
        arrays, meta = compute()
        meta_bytes = np.frombuffer(json.dumps(meta).encode("utf-8"), dtype=np.uint8)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                savez: Any = np.savez
                savez(handle, __meta__=meta_bytes, **arrays)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return arrays, meta

    def file(self, stage: str, inputs: Any, suffix: str, make: Callable[[Path], None]) -> Path:
        """The path of a file for `inputs` (an encoded segment), made once by `make(tmp)`.

        `make` writes a temporary path that is renamed into place only once it is whole, so a
        crash or a killed worker never leaves a half-written entry another render could pick up.
        """
        path = self._path(stage, cache_key(stage, inputs), suffix)
        if path.exists():
            self.hits += 1
            return path
        self.misses += 1
        self.misses_by_stage[stage] += 1
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=f".tmp{suffix}")
        os.close(fd)
        try:
            make(Path(tmp))
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return path
