"""A translator twin for tests: deterministic, instant, and visibly 'translated'."""

from __future__ import annotations

from collections.abc import Sequence


class FakeTranslator:
    """Marks every text with its target language; knows every pair."""

    name = "fake"

    def can_translate(self, source: str, target: str) -> bool:
        return True

    def translate(self, texts: Sequence[str], source: str, target: str) -> list[str]:
        if source == target:
            return list(texts)
        return [f"[{target}] {text}" for text in texts]
