"""Translation through DeepL's official client: the plug-in for pairs apertium lacks (Hindi).

Configured by DEEPL_AUTH_KEY (and FILMSTUDIO_DEEPL_URL to point the client at another server,
which is how the tests reach a local fake).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

from filmstudio.engine.translate.base import TranslationError, language_name

KEY_VARIABLE = "DEEPL_AUTH_KEY"
URL_VARIABLE = "FILMSTUDIO_DEEPL_URL"
#: Our language codes as DeepL names them; DeepL wants a regional English as a target.
_SOURCE = {"en": "EN", "es": "ES", "fr": "FR", "hi": "HI"}
_TARGET = {"en": "EN-US", "es": "ES", "fr": "FR", "hi": "HI"}


class DeepLTranslator:
    """Batches every subtitle of a film into one request."""

    name = "deepl"

    def __init__(self, auth_key: str | None = None, server_url: str | None = None) -> None:
        self.auth_key = auth_key or os.environ.get(KEY_VARIABLE)
        self.server_url = server_url or os.environ.get(URL_VARIABLE)

    @property
    def configured(self) -> bool:
        return bool(self.auth_key)

    def can_translate(self, source: str, target: str) -> bool:
        return self.configured and source in _SOURCE and target in _TARGET

    def translate(self, texts: Sequence[str], source: str, target: str) -> list[str]:
        if source == target or not texts:
            return list(texts)
        if not self.can_translate(source, target):
            raise TranslationError(
                f"DeepL cannot translate {language_name(source)} to {language_name(target)}"
                + ("." if self.configured else f": set {KEY_VARIABLE} to use it.")
            )
        client = self._client()
        import deepl

        try:
            results: Any = client.translate_text(
                list(texts), source_lang=_SOURCE[source], target_lang=_TARGET[target]
            )
        except deepl.DeepLException as error:
            raise TranslationError(f"DeepL could not translate the subtitles: {error}.") from error
        translated = [result.text for result in results]
        if len(translated) != len(texts):
            raise TranslationError("DeepL returned a different number of subtitles than it got.")
        return translated

    def _client(self) -> Any:
        try:
            import deepl
        except ImportError as error:
            raise TranslationError(
                "The DeepL translator needs the deepl package (pip install 'filmstudio[cloud]')."
            ) from error
        return deepl.Translator(
            str(self.auth_key), server_url=self.server_url, send_platform_info=False
        )
