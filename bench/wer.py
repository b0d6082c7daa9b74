"""Benchmark: how intelligible each voice is, per language (round trip TTS -> Whisper).

Every voice speaks a short story passage; the offline Whisper base model transcribes it; the
word error rate (WER) against the passage is printed per language and voice. Hindi (and
Sanskrit) are scored with the script-independent consonant-outline error (Whisper base writes
Hindi in Urdu script; see filmstudio.engine.transcribe.wer). Targets: en <= 5 %, es <= 8 %,
fr <= 15 %.

    python bench/wer.py [--languages en,es,fr,hi] [--voices narrator-male,...] [--engine kokoro]
"""

from __future__ import annotations

import argparse
import statistics
import time

from filmstudio.engine.plan import Line
from filmstudio.engine.transcribe import WhisperTranscriber
from filmstudio.engine.transcribe.wer import intelligibility_error
from filmstudio.engine.voice import list_voices, speak_line

PASSAGES = {
    "en": (
        "The river ran quietly past the old mill. Every morning, the miller's daughter walked "
        "down to the water and watched the fish. One day she found a small wooden box caught "
        "between the stones."
    ),
    "es": (
        "El río pasaba tranquilo junto al viejo molino. Cada mañana, la hija del molinero "
        "bajaba al agua y miraba los peces. Un día encontró una pequeña caja de madera entre "
        "las piedras."
    ),
    "fr": (
        "La rivière coulait doucement près du vieux moulin. Chaque matin, la fille du meunier "
        "descendait au bord de l'eau pour regarder les poissons. Un jour, elle trouva une "
        "petite boîte en bois entre les pierres."
    ),
    "hi": (
        "नदी पुरानी चक्की के पास से चुपचाप बहती थी। हर सुबह चक्की वाले की बेटी पानी के पास "
        "जाती और मछलियों को देखती थी। एक दिन उसे पत्थरों के बीच लकड़ी का एक छोटा बक्सा मिला।"
    ),
    "sa": "कर्मण्येवाधिकारस्ते मा फलेषु कदाचन। मा कर्मफलहेतुर्भूर्मा ते सङ्गोऽस्त्वकर्मणि॥",
}
TARGETS = {"en": 0.05, "es": 0.08, "fr": 0.15}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--languages", default="en,es,fr,hi")
    parser.add_argument("--voices", default="")
    parser.add_argument("--engine", default="kokoro")
    parser.add_argument("--show", action="store_true", help="print what Whisper heard")
    args = parser.parse_args()
    languages = [code.strip() for code in args.languages.split(",") if code.strip()]
    wanted = [v.strip() for v in args.voices.split(",") if v.strip()]
    whisper = WhisperTranscriber()
    rows: dict[str, dict[str, float]] = {}
    started = time.perf_counter()
    for language in languages:
        voices = wanted or [v.id for v in list_voices(language)]
        for voice in voices:
            line = Line(text=PASSAGES[language], language=language)
            speech = speak_line(line, voice, args.engine)
            heard = whisper.transcribe(speech.samples, speech.sample_rate, language)
            error = intelligibility_error(PASSAGES[language], heard.text, language)
            rows.setdefault(voice, {})[language] = error
            if args.show:
                print(f"{language} {voice}: {error:.3f} | {heard.text}")
    print(f"\nRound-trip intelligibility, engine {args.engine} -> Whisper base (int8)")
    print("WER for en/es/fr; consonant-outline error for hi/sa (script-independent)\n")
    header = f"{'voice':<18}" + "".join(f"{code:>8}" for code in languages)
    print(header)
    print("-" * len(header))
    for voice, errors in rows.items():
        cells = "".join(
            f"{errors[code] * 100:>7.1f}%" if code in errors else f"{'-':>8}" for code in languages
        )
        print(f"{voice:<18}{cells}")
    print("-" * len(header))
    medians = []
    for code in languages:
        values = [errors[code] for errors in rows.values() if code in errors]
        medians.append(f"{statistics.mean(values) * 100:>7.1f}%" if values else f"{'-':>8}")
    print(f"{'mean':<18}" + "".join(medians))
    targets = "".join(
        f"{TARGETS[code] * 100:>7.1f}%" if code in TARGETS else f"{'(report)':>8}"
        for code in languages
    )
    print(f"{'target':<18}{targets}")
    print(f"\n{time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
