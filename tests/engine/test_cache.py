from __future__ import annotations

from pathlib import Path

import numpy as np

from filmstudio.engine.cache import StageCache, cache_key


def _compute(calls: list[int], value: int):  # type: ignore[no-untyped-def]
    def compute():  # type: ignore[no-untyped-def]
        calls.append(value)
        return {"a": np.full(3, value, dtype=np.float32)}, {"value": value}

    return compute


def test_same_inputs_computed_once(tmp_path: Path) -> None:
    cache = StageCache(tmp_path)
    calls: list[int] = []
    first = cache.arrays("voice", {"text": "hi"}, _compute(calls, 1))
    second = cache.arrays("voice", {"text": "hi"}, _compute(calls, 2))
    assert calls == [1]
    assert second[1] == {"value": 1} and np.array_equal(first[0]["a"], second[0]["a"])
    assert (cache.hits, cache.misses) == (1, 1)


def test_other_inputs_recompute(tmp_path: Path) -> None:
    cache = StageCache(tmp_path)
    calls: list[int] = []
    cache.arrays("voice", {"text": "hi"}, _compute(calls, 1))
    cache.arrays("voice", {"text": "ho"}, _compute(calls, 2))
    assert calls == [1, 2]


def test_disabled_cache_neither_reads_nor_writes(tmp_path: Path) -> None:
    cache = StageCache(tmp_path, enabled=False)
    calls: list[int] = []
    cache.arrays("voice", {"text": "hi"}, _compute(calls, 1))
    cache.arrays("voice", {"text": "hi"}, _compute(calls, 1))
    assert calls == [1, 1]
    assert not any(tmp_path.rglob("*"))


def test_corrupt_entry_is_recomputed(tmp_path: Path) -> None:
    cache = StageCache(tmp_path)
    calls: list[int] = []
    cache.arrays("voice", {"text": "hi"}, _compute(calls, 1))
    for entry in tmp_path.rglob("*.npz"):
        entry.write_bytes(b"garbage")
    cache.arrays("voice", {"text": "hi"}, _compute(calls, 2))
    assert calls == [1, 2]


def test_key_is_stable_and_order_free() -> None:
    assert cache_key("s", {"a": 1, "b": 2}) == cache_key("s", {"b": 2, "a": 1})
    assert cache_key("s", {"a": 1}) != cache_key("t", {"a": 1})
