"""Benchmark: how intelligible each voice is, per language (round trip TTS -> Whisper).

Every voice speaks several passages of different kinds (dialogue, narration with numbers and
names, verse, plain story) through ``speak_line`` (so the speech normaliser is in the loop);
the offline Whisper base model transcribes each with the measuring settings from RESEARCH.md
(``temperature=0.0, condition_on_previous_text=False, vad_filter=True``), and the word error
rate (WER) is printed per passage, per language and voice, with the worst passage. Reference
and transcript are both put through the speech normaliser before scoring, so "40" heard for
"forty" is not an error. Hindi (and Sanskrit) are scored with the script-independent
consonant-outline error (Whisper base writes Hindi in Urdu script; see
filmstudio.engine.transcribe.wer). Targets: en <= 5 %, es <= 8 %, fr <= 15 %.

The passages were written for this bench and never used to tune the voices (the single story
passage each language had before is kept as the "story" kind).

    nice python bench/wer.py [--languages en,es,fr,hi] [--voices narrator-female,...]
                             [--engine kokoro] [--show] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path
from typing import Any

import numpy as np

from filmstudio.engine.plan import Line
from filmstudio.engine.transcribe.model import whisper_base_dir
from filmstudio.engine.transcribe.wer import intelligibility_error
from filmstudio.engine.voice import speak_line
from filmstudio.engine.voice.audio import resample
from filmstudio.engine.voice.normalise import normalise

PASSAGES: dict[str, dict[str, str]] = {
    "en": {
        "story": (
            "The river ran quietly past the old mill. Every morning, the miller's daughter "
            "walked down to the water and watched the fish. One day she found a small wooden "
            "box caught between the stones."
        ),
        "dialogue": (
            "“Are you coming to the harbour tonight?” asked Tom. “Only if the rain "
            "stops,” said Maria. “Then bring your coat, because it never stops here.”"
        ),
        "numbers": (
            "In 1987, Elena Moreau opened a bakery at 42 Station Road. By her 3rd year she sold "
            "112 loaves a day, and Dr. Patel bought two of them every Sunday at 7:30."
        ),
        "verse": (
            "The moon climbs slowly over the hill,\nthe fields lie silver, the wind is still.\n"
            "A lantern burns beside the door,\nand waits for a boat that comes no more."
        ),
    },
    "es": {
        "story": (
            "El río pasaba tranquilo junto al viejo molino. Cada mañana, la hija del molinero "
            "bajaba al agua y miraba los peces. Un día encontró una pequeña caja de madera entre "
            "las piedras."
        ),
        "dialogue": (
            "—¿Vienes al mercado mañana? —preguntó Lucía. —Sí, pero antes tengo que terminar el "
            "trabajo —respondió su hermano—. Guárdame un poco de pan."
        ),
        "numbers": (
            "En 1975, Ramón Aguilar compró 35 cabras y una casa de piedra cerca de Toledo. "
            "Veinte años después tenía 240 animales, 3 nietos y un perro llamado Canela."
        ),
        "verse": (
            "Cae la tarde sobre el río,\nla barca duerme en la arena,\ny el viento canta "
            "bajito\nuna canción de luna llena."
        ),
    },
    "fr": {
        "story": (
            "La rivière coulait doucement près du vieux moulin. Chaque matin, la fille du "
            "meunier descendait au bord de l'eau pour regarder les poissons. Un jour, elle "
            "trouva une petite boîte en bois entre les pierres."
        ),
        "dialogue": (
            "« Tu as vu le facteur ce matin ? » demanda Pierre. « Non, mais il a laissé une "
            "lettre pour toi sous la porte », répondit sa sœur."
        ),
        "numbers": (
            "En 1962, Marguerite Dubois ouvrit une librairie près de la gare de Lyon. Elle "
            "vendait 300 livres par mois, et le 1er mai, elle offrait des fleurs à ses clients."
        ),
        "verse": (
            "Sous le vieux pont coule la Seine,\nle ciel est gris, la nuit est pleine.\nJe "
            "pense à toi, mon cœur s'endort,\net la lune veille sur le port."
        ),
    },
    "hi": {
        "story": (
            "नदी पुरानी चक्की के पास से चुपचाप बहती थी। हर सुबह चक्की वाले की बेटी पानी के "
            "पास जाती और मछलियों को देखती थी। एक दिन उसे पत्थरों के बीच लकड़ी का एक छोटा "
            "बक्सा मिला।"
        ),
        "dialogue": (
            "“क्या तुम कल बाज़ार चलोगी?” सीता ने पूछा। “हाँ, लेकिन पहले मुझे माँ की मदद करनी है,” गीता ने कहा।"
        ),
        "numbers": (
            "रामलाल शर्मा ने दिल्ली में एक छोटी दुकान खोली। बीस साल बाद उनके पास बारह "
            "दुकानें और डेढ़ सौ कर्मचारी थे।"
        ),
        "verse": (
            "नदी किनारे चाँद खड़ा है,\nपेड़ों पर सपना पड़ा है,\nहवा सुनाती मीठी बातें,\nलंबी हैं जाड़े की रातें।"
        ),
    },
    "sa": {"verse": "कर्मण्येवाधिकारस्ते मा फलेषु कदाचन। मा कर्मफलहेतुर्भूर्मा ते सङ्गोऽस्त्वकर्मणि॥"},
}
TARGETS = {"en": 0.05, "es": 0.08, "fr": 0.15}
#: Whisper as a measuring tool (RESEARCH.md): no temperature fallback, no drift, no silences.
WHISPER_SETTINGS: dict[str, Any] = {
    "beam_size": 5,
    "temperature": 0.0,
    "condition_on_previous_text": False,
    "vad_filter": True,
}


class Listener:
    """Whisper base, loaded once, transcribing with the measuring settings."""

    def __init__(self) -> None:
        from faster_whisper import WhisperModel  # type: ignore[import-untyped,unused-ignore]

        folder = str(whisper_base_dir())
        self._model = WhisperModel(folder, device="cpu", compute_type="int8", cpu_threads=2)

    def hear(self, samples: np.ndarray[Any, Any], rate: int, language: str) -> str:
        audio = resample(np.asarray(samples, dtype=np.float32), rate, 16000)
        segments, _ = self._model.transcribe(
            audio, language="hi" if language == "sa" else language, **WHISPER_SETTINGS
        )
        return " ".join(s.text.strip() for s in segments).strip()


def score(reference: str, heard: str, language: str) -> float:
    """The error of `heard` against `reference`, both as the normaliser would speak them."""
    if language in ("hi", "sa"):
        return intelligibility_error(reference, heard, language)
    return intelligibility_error(
        normalise(reference, language).text, normalise(heard, language).text, language
    )


def _table(rows: dict[str, dict[str, list[float]]], languages: list[str], title: str) -> None:
    print(f"\n{title}")
    header = f"{'voice':<18}" + "".join(f"{code:>8}" for code in languages)
    print(header)
    print("-" * len(header))
    for voice, errors in rows.items():
        cells = "".join(
            f"{statistics.mean(errors[c]) * 100:>7.1f}%" if c in errors else f"{'-':>8}"
            for c in languages
        )
        print(f"{voice:<18}{cells}")
    print("-" * len(header))
    means = []
    for code in languages:
        values = [e for errors in rows.values() for e in errors.get(code, [])]
        means.append(f"{statistics.mean(values) * 100:>7.1f}%" if values else f"{'-':>8}")
    print(f"{'mean':<18}" + "".join(means))
    targets = "".join(
        f"{TARGETS[c] * 100:>7.1f}%" if c in TARGETS else f"{'(report)':>8}" for c in languages
    )
    print(f"{'target':<18}{targets}")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--languages", default="en,es,fr,hi")
    parser.add_argument("--voices", default="narrator-female,narrator-male")
    parser.add_argument("--engine", default="kokoro")
    parser.add_argument("--kinds", default="", help="passage kinds (default: all)")
    parser.add_argument("--show", action="store_true", help="print what Whisper heard")
    parser.add_argument("--json", type=Path, help="write every transcript here")
    args = parser.parse_args()
    languages = [code.strip() for code in args.languages.split(",") if code.strip()]
    voices = [v.strip() for v in args.voices.split(",") if v.strip()]
    kinds = {k.strip() for k in args.kinds.split(",") if k.strip()}
    listener = Listener()
    rows: dict[str, dict[str, list[float]]] = {}
    per_kind: dict[tuple[str, str], list[float]] = {}
    records = []
    started = time.perf_counter()
    for language in languages:
        for kind, passage in PASSAGES[language].items():
            if kinds and kind not in kinds:
                continue
            for voice in voices:
                speech = speak_line(Line(text=passage, language=language), voice, args.engine)
                heard = listener.hear(speech.samples, speech.sample_rate, language)
                error = score(passage, heard, language)
                rows.setdefault(voice, {}).setdefault(language, []).append(error)
                per_kind.setdefault((language, kind), []).append(error)
                records.append(
                    {
                        "language": language,
                        "kind": kind,
                        "voice": voice,
                        "error": error,
                        "heard": heard,
                    }
                )
                if args.show:
                    print(f"{language} {kind:<8} {voice}: {error:.3f} | {heard}", flush=True)
    print(f"\nRound-trip intelligibility, engine {args.engine} -> Whisper base (int8)")
    print("WER for en/es/fr; consonant-outline error for hi/sa (script-independent)")
    _table(rows, languages, "Mean over passages, per voice")
    print("\nPer passage kind (mean over voices)")
    for (language, kind), errors in per_kind.items():
        print(f"  {language} {kind:<9} {statistics.mean(errors) * 100:6.1f}%")
    for language in languages:
        kinds_of = {k: statistics.mean(e) for (lang, k), e in per_kind.items() if lang == language}
        if kinds_of:
            worst = max(kinds_of, key=lambda k: kinds_of[k])
            print(f"  worst {language}: {worst} {kinds_of[worst] * 100:.1f}%")
    if args.json:
        args.json.write_text(json.dumps(records, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"\n{time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
