"""Voices from model folders a user provides: Piper (.onnx + .onnx.json) or Kokoro (model +
voices .npz/.bin). ``add_voice_folder`` checks a folder and registers it; the two providers
below speak the registered voices.

Why check before copying: a wrong file should fail now, with a sentence naming the file and
what is missing, not in the middle of a render. The check loads the graph and looks for the
inputs each engine feeds (Piper: input, input_lengths, scales; Kokoro: tokens, style, speed).
"""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any

import numpy as np

from filmstudio.engine.plan import LANGUAGES
from filmstudio.engine.voice import audio, libespeak
from filmstudio.engine.voice.base import PhonemeTiming, Speech, VoiceInfo, WordTiming
from filmstudio.engine.voice.catalog import KokoroSetting, kokoro_setting
from filmstudio.engine.voice.emotion import delivery
from filmstudio.engine.voice.kokoro import KokoroProvider
from filmstudio.engine.voice.kokoro_model import KokoroModel, load_styles, timed_session
from filmstudio.engine.voice.timing import clean_phoneme, joined_speech, pause
from filmstudio.engine.voice.user_voices import (
    UserVoice,
    VoiceFolderError,
    find_user_voice,
    register,
    slug,
)
from filmstudio.engine.voice.words import Break, split_words

PIPER_INPUTS = frozenset({"input", "input_lengths", "scales"})
KOKORO_INPUTS = frozenset({"tokens", "style", "speed"})
_GENDERS = ("male", "female", "unknown", "any")
_MODIFIERS = frozenset("ːˑʰʲ\u0303")
_AGES = ("child", "adult", "elder")


def _graph_inputs(path: Path) -> set[str]:
    import onnx

    try:
        model = onnx.load(str(path), load_external_data=False)
    except Exception as exc:
        raise VoiceFolderError(f"{path.name} is not a readable ONNX model ({exc}).") from exc
    return {value.name for value in model.graph.input}


def _piper_language(config: dict[str, Any]) -> tuple[str, ...]:
    code = str(config.get("language", {}).get("code", "")) or str(
        config.get("espeak", {}).get("voice", "")
    )
    base = code.replace("_", "-").split("-")[0].lower()
    return (base,) if base in LANGUAGES else ()


def _check_piper(
    folder: Path, model: Path
) -> tuple[dict[str, Path], dict[str, Any], tuple[str, ...]]:
    config_path = model.with_name(model.name + ".json")
    if not config_path.is_file():
        raise VoiceFolderError(
            f"The Piper voice {model.name} needs its config {config_path.name} beside it."
        )
    try:
        config = json.loads(config_path.read_text("utf-8"))
        rate = int(config["audio"]["sample_rate"])
        id_map = config["phoneme_id_map"]
        espeak_voice = str(config["espeak"]["voice"])
    except (ValueError, KeyError, TypeError) as exc:
        raise VoiceFolderError(
            f"{config_path.name} is not a Piper voice config: it needs audio.sample_rate, "
            f"espeak.voice and phoneme_id_map ({exc!r} is missing or wrong)."
        ) from exc
    if not isinstance(id_map, dict) or not {"^", "$", "_"} <= set(id_map):
        raise VoiceFolderError(
            f"{config_path.name}: phoneme_id_map must map the pad '_', start '^' and end '$'."
        )
    missing = PIPER_INPUTS - _graph_inputs(model)
    if missing:
        raise VoiceFolderError(
            f"{model.name} is not a Piper model: its graph lacks the inputs "
            f"{', '.join(sorted(missing))}."
        )
    languages = _piper_language(config)
    if not languages:
        raise VoiceFolderError(
            f"The Piper voice {model.name} speaks '{espeak_voice}', which is not a film "
            f"language ({', '.join(LANGUAGES)})."
        )
    files = {"model.onnx": model, "model.onnx.json": config_path}
    settings = {"sample_rate": rate, "espeak_voice": espeak_voice}
    return files, settings, languages


def _check_kokoro(
    folder: Path, model: Path, style: str | None
) -> tuple[dict[str, Path], dict[str, Any], tuple[str, ...]]:
    tables = sorted([*folder.glob("*.npz"), *folder.glob("*.bin")])
    if not tables:
        raise VoiceFolderError(
            f"The Kokoro model {model.name} needs a voices file (.npz or .bin) in {folder}."
        )
    missing = KOKORO_INPUTS - _graph_inputs(model)
    if missing:
        raise VoiceFolderError(
            f"{model.name} is not a Kokoro model: its graph lacks the inputs "
            f"{', '.join(sorted(missing))}."
        )
    try:
        styles = load_styles(tables[0])
    except (OSError, ValueError) as exc:
        raise VoiceFolderError(
            f"{tables[0].name} is not a Kokoro voices file: it must be an npz of style "
            f"tables 256 wide ({exc})."
        ) from exc
    if not styles:
        raise VoiceFolderError(f"{tables[0].name} holds no voice styles.")
    chosen = style or next(iter(styles))
    if chosen not in styles:
        raise VoiceFolderError(
            f"{tables[0].name} has no style '{chosen}'; it has: {', '.join(styles)}."
        )
    files = {"model.onnx": model, "voices.npz": tables[0]}
    return files, {"style": chosen}, LANGUAGES


def add_voice_folder(
    path: Path,
    name: str | None = None,
    gender: str = "unknown",
    age: str = "adult",
    style: str | None = None,
) -> VoiceInfo:
    """Check a Piper or Kokoro voice folder and register it as a voice (VoiceFolderError)."""
    folder = Path(path)
    if not folder.is_dir():
        raise VoiceFolderError(f"{folder} is not a folder; give the folder holding the voice.")
    if gender not in _GENDERS or age not in _AGES:
        raise VoiceFolderError(
            f"Gender must be one of {', '.join(_GENDERS)} and age one of {', '.join(_AGES)}."
        )
    models = sorted(folder.glob("*.onnx"))
    if len(models) != 1:
        found = "no .onnx model" if not models else f"{len(models)} .onnx models"
        raise VoiceFolderError(
            f"{folder} holds {found}; a voice folder holds exactly one (Piper: voice.onnx "
            "with voice.onnx.json; Kokoro: model.onnx with a voices .npz/.bin)."
        )
    model = models[0]
    if model.with_name(model.name + ".json").exists():
        engine, description = "piper", f"Piper voice from {folder.name}."
        files, settings, languages = _check_piper(folder, model)
    else:
        engine, description = "kokoro-folder", f"Kokoro voice from {folder.name}."
        files, settings, languages = _check_kokoro(folder, model, style)
    voice_id = slug(name or model.stem)
    info = VoiceInfo(voice_id, engine, gender, age, languages, description)
    return register(info, files, settings).info


def _registered(voice: VoiceInfo, engine: str) -> UserVoice:
    found = find_user_voice(voice.id)
    if found is None or found.info.engine != engine:
        raise VoiceFolderError(f"The voice '{voice.id}' is not an added {engine} voice.")
    return found


class KokoroFolderProvider:
    """Speaks added Kokoro folders with the same timing logic as the built-in Kokoro."""

    name = "kokoro-folder"

    def __init__(self) -> None:
        self._providers: dict[Path, _FolderKokoro] = {}
        self._lock = threading.Lock()

    def speak(self, text: str, voice: VoiceInfo, language: str, emotion: str) -> Speech:
        added = _registered(voice, self.name)
        with self._lock:
            if added.folder not in self._providers:
                session = timed_session(added.folder / "model.onnx")
                styles = load_styles(added.folder / "voices.npz")
                model = KokoroModel(session, styles)
                self._providers[added.folder] = _FolderKokoro(model, str(added.settings["style"]))
            provider = self._providers[added.folder]
        return provider.speak(text, voice, language, emotion)

    def release(self) -> None:
        """Let every loaded folder model go (they load again when next spoken)."""
        with self._lock:
            self._providers.clear()


class _FolderKokoro(KokoroProvider):
    def __init__(self, model: KokoroModel, style: str) -> None:
        super().__init__(model=model)
        self._style = style

    def setting(self, voice: VoiceInfo, language: str) -> KokoroSetting:
        base = kokoro_setting(voice.id, language)
        return KokoroSetting(((self._style, 1.0),), tempo=base.tempo / base.pitch, pitch=1.0)


class PiperProvider:
    """Speaks added Piper voices: espeak-ng IPA → phoneme ids → the voice's ONNX graph.

    Piper graphs report no durations, so word (and phoneme) times are spread over each
    line's sound by phoneme count: good enough for subtitles, not for lip-sync precision.
    """

    name = "piper"

    def __init__(self) -> None:
        self._sessions: dict[Path, tuple[Any, dict[str, Any]]] = {}
        self._lock = threading.Lock()

    def _load(self, folder: Path) -> tuple[Any, dict[str, Any]]:
        with self._lock:
            if folder not in self._sessions:
                import onnxruntime as ort

                session = ort.InferenceSession(
                    str(folder / "model.onnx"), providers=["CPUExecutionProvider"]
                )
                config = json.loads((folder / "model.onnx.json").read_text("utf-8"))
                self._sessions[folder] = (session, config)
            return self._sessions[folder]

    def release(self) -> None:
        """Let every loaded voice model go (they load again when next spoken)."""
        with self._lock:
            self._sessions.clear()

    def speak(self, text: str, voice: VoiceInfo, language: str, emotion: str) -> Speech:
        added = _registered(voice, self.name)
        session, config = self._load(added.folder)
        style = delivery(emotion)
        id_map: dict[str, list[int]] = config["phoneme_id_map"]
        inference = config.get("inference", {})
        scales = np.array(
            [
                float(inference.get("noise_scale", 0.667)),
                float(inference.get("length_scale", 1.0)) / style.tempo,
                float(inference.get("noise_w", 0.8)),
            ],
            np.float32,
        )
        rate = int(config["audio"]["sample_rate"])
        espeak_voice = str(config["espeak"]["voice"])
        words = split_words(text)
        if not words:
            return Speech(audio.silence(0.2), audio.SAMPLE_RATE, ())
        pieces: list[audio.Samples] = []
        timings: list[WordTiming] = []
        phonemes: list[PhonemeTiming] = []
        cursor = 0.0
        groups: list[list[int]] = [[]]
        for index, word in enumerate(words):
            groups[-1].append(index)
            if word.brk >= Break.SENTENCE and index < len(words) - 1:
                groups.append([])
        for number, group in enumerate(groups):
            sounds = [self._sounds(words[i].core, espeak_voice) for i in group]
            ids = [*id_map["^"], *id_map["_"]]
            for word_sounds in sounds:
                for sound in word_sounds:
                    for char in sound:
                        ids.extend([*id_map.get(char, []), *id_map["_"]])
                ids.extend([*id_map.get(" ", []), *id_map["_"]])
            ids.extend(id_map["$"])
            feeds: dict[str, Any] = {
                "input": np.array([ids], np.int64),
                "input_lengths": np.array([len(ids)], np.int64),
                "scales": scales,
            }
            if "sid" in {i.name for i in session.get_inputs()}:
                feeds["sid"] = np.array([0], np.int64)
            raw = np.asarray(session.run(None, feeds)[0], np.float32).ravel()
            samples = audio.resample(raw, rate, audio.SAMPLE_RATE)
            start, end = audio.voiced_bounds(samples, margin_s=0.02)
            samples = samples[start:end]
            duration = len(samples) / audio.SAMPLE_RATE
            total = sum(max(1, len(s)) for s in sounds)
            at = cursor
            for i, word_sounds in zip(group, sounds, strict=True):
                share = duration * max(1, len(word_sounds)) / total
                timings.append(WordTiming(words[i].text, at, at + share))
                audible = [c for c in word_sounds if clean_phoneme(c) and c not in _MODIFIERS]
                step = share / max(1, len(audible))
                phonemes.extend(
                    PhonemeTiming(s, at + k * step, at + (k + 1) * step)
                    for k, s in enumerate(audible)
                )
                at += share
            pieces.append(samples)
            cursor += duration
            if number < len(groups) - 1:
                gap = audio.silence(pause(words[group[-1]].brk, style))
                pieces.append(gap)
                cursor += len(gap) / audio.SAMPLE_RATE
        return joined_speech(pieces, timings, phonemes, style)

    @staticmethod
    def _sounds(word: str, espeak_voice: str) -> str:
        """The word's IPA as Piper reads it: one symbol per codepoint, stress marks kept."""
        if not word:
            return ""
        return libespeak.to_ipa(word, espeak_voice).replace("^", "").replace(" ", "")
