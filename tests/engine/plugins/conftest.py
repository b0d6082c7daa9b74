"""Tiny model folders, built once per test session (each takes about a second)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.engine.plugins.tiny import tiny_musicgen, tiny_stable_diffusion


@pytest.fixture(scope="session")
def diffusion_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tiny_stable_diffusion(tmp_path_factory.mktemp("diffusion"))


@pytest.fixture(scope="session")
def musicgen_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tiny_musicgen(tmp_path_factory.mktemp("musicgen"))


@pytest.fixture(autouse=True)
def _one_torch_thread() -> Iterator[None]:
    """Tiny models run on one thread: on a shared 2-core machine a second one is 10x slower."""
    try:
        import torch
    except ImportError:
        yield
        return
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)
