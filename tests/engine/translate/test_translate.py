"""Subtitle translation: apertium offline, DeepL's client against a local fake, cue re-timing."""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from typing import Any, ClassVar

import pytest

from filmstudio.engine.captions import MAX_CHARS, MAX_LINES, Cue
from filmstudio.engine.translate import (
    TranslationError,
    choose_translator,
    get_translator,
    parse_languages,
    plan_translators,
    translate_cues,
)
from filmstudio.engine.translate.apertium import ApertiumTranslator, route
from filmstudio.engine.translate.cues import sentences
from filmstudio.engine.translate.deepl_api import DeepLTranslator
from filmstudio.engine.translate.fake import FakeTranslator
from tests.fake_http import FakeHandler, local_server, server_url

needs_apertium = pytest.mark.skipif(
    route("en", "es") is None, reason="apertium with apertium-eng-spa is not installed"
)


@needs_apertium
def test_apertium_translates_english_to_spanish_line_for_line() -> None:
    texts = ["The sea is calm tonight.", "Where is my brother?", "I love the old lighthouse."]
    out = ApertiumTranslator().translate(texts, "en", "es")
    assert len(out) == 3
    assert "mar" in out[0].lower()
    assert "hermano" in out[1].lower()
    assert "faro" in out[2].lower()


@needs_apertium
def test_apertium_goes_from_french_to_english_through_spanish() -> None:
    assert route("fr", "en") == ["fr-es", "spa-eng"]
    (out,) = ApertiumTranslator().translate(["La mer est belle et le ciel est bleu."], "fr", "en")
    assert "sea" in out.lower() and "blue" in out.lower()  # rough: ciel -> heaven


@needs_apertium
def test_texts_with_line_breaks_keep_their_count() -> None:
    out = ApertiumTranslator().translate(["The sea.\nThe sky.", "Good night."], "en", "es")
    assert len(out) == 2 and "\n" not in out[0]


def test_hindi_offline_is_refused_with_a_sentence(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DEEPL_AUTH_KEY", raising=False)
    with pytest.raises(TranslationError, match=r"Hindi.*translation service.*DEEPL_AUTH_KEY"):
        plan_translators("en", ["es", "hi"])


def test_unknown_language_codes_are_named() -> None:
    assert parse_languages("en, ES,fr,en") == ["en", "es", "fr"]
    with pytest.raises(TranslationError, match="xx"):
        parse_languages("en,xx")
    with pytest.raises(TranslationError, match="none given"):
        parse_languages(" , ")
    with pytest.raises(TranslationError, match="no translator called"):
        get_translator("babelfish")


def _cue(start: float, end: float, text: str, speaker: str = "NARRATOR") -> Cue:
    return Cue(start, end, (text,), speaker)


def test_sentences_group_cues_of_one_speaker_up_to_a_full_stop() -> None:
    cues = [
        _cue(0, 2, "The keeper climbed"),
        _cue(2.1, 4, "the stairs at dusk."),
        _cue(4.1, 6, "Who is there?", "ANNA"),
        _cue(6.1, 8, "Only me", "TOM"),
    ]
    groups = sentences(cues)
    assert [len(g) for g in groups] == [2, 1, 1]


def test_translated_cues_keep_the_subtitle_rules_and_the_sentence_time() -> None:
    cues = [_cue(0.0, 2.0, "Short line"), _cue(2.04, 4.0, "ends here."), _cue(5.0, 7.0, "Bye.")]

    class Wordy:
        name = "wordy"

        def can_translate(self, source: str, target: str) -> bool:
            return True

        def translate(self, texts: Any, source: str, target: str) -> list[str]:
            return [" ".join(["palabra"] * 30) if "Short" in t else "Adiós." for t in texts]

    out = translate_cues(cues, "en", "es", Wordy())
    assert len(out) > 3  # 30 long words need more cues than the original two
    for cue in out:
        assert len(cue.lines) <= MAX_LINES
        assert all(len(line) <= MAX_CHARS for line in cue.lines)
        assert cue.end > cue.start
    for before, after in itertools.pairwise(out):
        assert after.start >= before.end  # never two cues at once
    first_sentence = [c for c in out if "palabra" in c.lines[0]]
    assert first_sentence[0].start == 0.0 and first_sentence[-1].end == pytest.approx(4.0)
    assert out[-1] == Cue(5.0, 7.0, ("Adiós.",), "NARRATOR")


def test_same_language_is_returned_untouched() -> None:
    cues = [_cue(0, 1.5, "Hello there.")]
    assert translate_cues(cues, "en", "en", FakeTranslator()) == cues


class _FakeDeepL(FakeHandler):
    """DeepL's /v2/translate as its client calls it; checks the key and the body."""

    seen: ClassVar[list[dict[str, Any]]] = []

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        type(self).seen.append({"path": self.path, "auth": self.headers["Authorization"], **body})
        if self.headers["Authorization"] != "DeepL-Auth-Key test-key":
            self._answer(403, {"message": "Wrong endpoint"})
        elif body.get("target_lang") == "HI" and body["text"][0].startswith("QUOTA"):
            self._answer(456, {"message": "Quota exceeded"})
        else:
            translations = [
                {
                    "detected_source_language": body["source_lang"],
                    "text": f"हिंदी: {t}",
                    "billed_characters": len(t),
                }
                for t in body["text"]
            ]
            self._answer(200, {"translations": translations})

    def _answer(self, status: int, payload: dict[str, Any]) -> None:
        self.send_json(status, payload)


@pytest.fixture()
def deepl_server() -> Iterator[str]:
    _FakeDeepL.seen = []
    with local_server(_FakeDeepL) as server:
        yield server_url(server)


def test_deepl_client_translates_to_hindi_through_the_fake(
    deepl_server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DEEPL_AUTH_KEY", "test-key")
    monkeypatch.setenv("FILMSTUDIO_DEEPL_URL", deepl_server)
    translator = choose_translator("en", "hi")
    assert translator.name == "deepl"
    cues = [_cue(0, 2, "The sea is calm."), _cue(2.5, 4, "Good night.")]
    out = translate_cues(cues, "en", "hi", translator)
    assert [c.lines[0] for c in out] == ["हिंदी: The sea is calm.", "हिंदी: Good night."]
    (request,) = _FakeDeepL.seen
    assert request["path"] == "/v2/translate"
    assert request["source_lang"] == "EN" and request["target_lang"] == "HI"
    assert request["text"] == ["The sea is calm.", "Good night."]


def test_deepl_errors_become_sentences(deepl_server: str) -> None:
    with pytest.raises(TranslationError, match="could not translate"):
        DeepLTranslator("test-key", deepl_server).translate(["QUOTA please"], "en", "hi")
    with pytest.raises(TranslationError, match="could not translate"):
        DeepLTranslator("wrong-key", deepl_server).translate(["Hello"], "en", "hi")
    with pytest.raises(TranslationError, match="set DEEPL_AUTH_KEY"):
        DeepLTranslator(None, deepl_server).translate(["Hello"], "en", "hi")
