"""End-to-end renders: fast ones with fake voice and music, and one per language for real."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from filmstudio.engine.cache import StageCache
from filmstudio.engine.errors import RenderError
from filmstudio.engine.film import OUTPUT_NAMES, EngineOptions, make_film, plan_film
from filmstudio.engine.plan import FilmPlan, Shot, load_plan
from filmstudio.engine.request import FilmRequest
from filmstudio.engine.timing import FPS
from tests.media import ebur128, probe

FAST = EngineOptions(voice="fake", music_provider="fake")
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
STORY = (
    "Every night the keeper climbed the lighthouse stairs. The storm came in from the sea, "
    'black and loud. "We hold the light," said Maria. The ships saw it and turned home.'
)


def _request(**fields: object) -> FilmRequest:
    values: dict[str, object] = {"script": STORY, "duration": 30.0, "quality": "360p"}
    values.update(fields)
    return FilmRequest.model_validate(values)


def _strong_changes(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Pixels two frames differ at by more than an encoder's rounding (burned-in text)."""
    return np.abs(a.astype(np.int16) - b.astype(np.int16)).max(axis=2) > 48


def test_fast_render_makes_every_file(tmp_path: Path) -> None:
    cache = StageCache(tmp_path / "cache")
    result = make_film(_request(), tmp_path / "out", options=FAST, cache=cache)
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(OUTPUT_NAMES)
    info = probe(result.files["film.mp4"])
    video = next(s for s in info["streams"] if s["codec_type"] == "video")
    audio = next(s for s in info["streams"] if s["codec_type"] == "audio")
    assert (video["codec_name"], video["width"], video["height"]) == ("h264", 640, 360)
    assert video["r_frame_rate"] == f"{FPS}/1" and audio["codec_name"] == "aac"
    assert float(info["format"]["duration"]) == pytest.approx(30.0, rel=0.03)
    head = result.files["film.mp4"].read_bytes()[:200_000]
    assert 0 <= head.find(b"moov") < head.find(b"mdat")  # +faststart
    integrated, peak = ebur128(result.files["film.mp4"])
    assert integrated == pytest.approx(-14.0, abs=1.0)
    assert peak <= -1.0
    for name in ("thumbnail.jpg", "thumbnail-2.jpg", "thumbnail-3.jpg"):
        with Image.open(result.files[name]) as image:
            assert image.size == (1280, 720)
        assert result.files[name].stat().st_size < 2 * 1024 * 1024
    plan = load_plan(result.files["plan.json"])
    assert sum(s.duration for s in plan.scenes) == pytest.approx(30.0, abs=0.1)
    assert "-->" in result.files["film.srt"].read_text()


def test_second_render_reuses_everything_and_an_edit_redoes_one_voice(tmp_path: Path) -> None:
    cache = StageCache(tmp_path / "cache")
    first = make_film(_request(), tmp_path / "a", options=FAST, cache=cache)
    again = StageCache(tmp_path / "cache")
    second = make_film(_request(), tmp_path / "b", options=FAST, cache=again)
    assert again.misses == 0 and again.hits > 0
    assert second.segments_encoded == 0 and second.segments_reused == first.segments_encoded
    plan = first.plan
    scene = plan.scenes[0]
    edited_line = scene.dialogue[0].model_copy(update={"text": "A brand new first line."})
    edited = plan.model_copy(
        update={
            "scenes": [
                scene.model_copy(update={"dialogue": [edited_line, *scene.dialogue[1:]]}),
                *plan.scenes[1:],
            ]
        }
    )
    third = StageCache(tmp_path / "cache")
    make_film(edited, tmp_path / "c", options=FAST, cache=third)
    assert third.misses_by_stage["voice"] == 1
    assert third.misses_by_stage["picture"] == 0


def test_same_inputs_give_the_same_film(tmp_path: Path) -> None:
    a = make_film(_request(), tmp_path / "a", options=FAST, cache=StageCache(enabled=False))
    b = make_film(_request(), tmp_path / "b", options=FAST, cache=StageCache(enabled=False))
    assert a.files["film.mp4"].read_bytes() == b.files["film.mp4"].read_bytes()
    assert a.files["film.srt"].read_text() == b.files["film.srt"].read_text()


def test_failed_render_leaves_nothing_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import filmstudio.engine.render.segments as segments

    def broken(*args: object, **kwargs: object) -> None:
        raise RenderError("ffmpeg could not encode the film: disk full")

    monkeypatch.setattr(segments, "encode", broken)
    out = tmp_path / "out"
    with pytest.raises(RenderError):
        make_film(_request(), out, options=FAST, cache=StageCache(tmp_path / "cache"))
    assert list(out.iterdir()) == []


def test_watermark_is_burned_in(tmp_path: Path) -> None:
    cache = StageCache(tmp_path / "cache")
    plain = make_film(_request(), tmp_path / "a", options=FAST, cache=cache)
    marked = make_film(_request(watermark=True), tmp_path / "b", options=FAST, cache=cache)
    from tests.media import frame_at

    a = np.asarray(Image.open(frame_at(plain.files["film.mp4"], 1.0, tmp_path / "a.png")), np.int16)
    b = np.asarray(
        Image.open(frame_at(marked.files["film.mp4"], 1.0, tmp_path / "b.png")), np.int16
    )
    # Strong changes (text edges), not the encoder's small differences in a re-encoded segment
    strong = _strong_changes(a, b)
    corner = int(strong[300:350, 400:630].sum())
    assert corner > 100 and corner > 20 * (int(strong.sum()) - corner)


LANGUAGE_EXAMPLES = [
    ("beach-reunion.fountain", "en", 45),
    ("mercado.txt", "es", 45),
    ("cafe-de-nuit.txt", "fr", 45),
    ("gita-2-47.txt", "sa", 60),
]


@pytest.mark.slow
@pytest.mark.parametrize(("name", "language", "duration"), LANGUAGE_EXAMPLES)
def test_real_render_per_language(
    tmp_path: Path, name: str, language: str, duration: float
) -> None:
    request = FilmRequest(
        script=(EXAMPLES / name).read_text(encoding="utf-8"), duration=duration, quality="360p"
    )
    result = make_film(request, tmp_path / "out", cache=StageCache(tmp_path / "cache"))
    assert result.plan.language == language
    info = probe(result.files["film.mp4"])
    assert float(info["format"]["duration"]) == pytest.approx(duration, rel=0.03)
    integrated, peak = ebur128(result.files["film.mp4"])
    assert integrated == pytest.approx(-14.0, abs=1.0) and peak <= -1.0
    srt = result.files["film.srt"].read_text(encoding="utf-8")
    assert srt.count("-->") >= 3


def _cue_middle(srt: str, words: str) -> float:
    """The middle of the subtitle cue that contains `words`, in seconds."""

    def seconds(stamp: str) -> float:
        h, m, rest = stamp.split(":")
        return int(h) * 3600 + int(m) * 60 + float(rest.replace(",", "."))

    for block in srt.strip().split("\n\n"):
        lines = block.splitlines()
        if words in " ".join(lines[2:]):
            start, end = lines[1].split(" --> ")
            return (seconds(start) + seconds(end)) / 2
    raise AssertionError(f"no cue says {words!r}")


def _with_close_up(plan: FilmPlan, words: str) -> FilmPlan:
    """The plan with the line saying `words` covered by a close-up of its speaker, the scene's
    other lines by wide shots (a storyboard edit)."""
    for index, scene in enumerate(plan.scenes):
        found = [k for k, line in enumerate(scene.dialogue) if words in line.text]
        if not found:
            continue
        k = found[0]
        spans = [list(range(k)), [k], list(range(k + 1, len(scene.dialogue)))]
        shots = [
            Shot(kind="close-up", subject=scene.dialogue[k].speaker, lines=lines, move="static")
            if lines == [k]
            else Shot(kind="wide", lines=lines)
            for lines in spans
            if lines
        ]
        scenes = list(plan.scenes)
        scenes[index] = scene.model_copy(update={"shots": shots})
        return plan.model_copy(update={"scenes": scenes})
    raise AssertionError(f"no line says {words!r}")


def test_film_cuts_to_a_talking_close_up_while_a_character_speaks(tmp_path: Path) -> None:
    from tests.media import frame_at

    cache = StageCache(tmp_path / "cache")
    plan = _with_close_up(plan_film(_request(), FAST), "We hold the light")
    talking = make_film(plan, tmp_path / "a", options=FAST, cache=cache)
    still = EngineOptions(voice="fake", music_provider="fake", talking=False)
    plain = make_film(plan, tmp_path / "b", options=still, cache=cache)
    assert float(probe(talking.files["film.mp4"])["format"]["duration"]) == pytest.approx(
        float(probe(plain.files["film.mp4"])["format"]["duration"]), abs=0.05
    )
    srt = talking.files["film.srt"].read_text()
    speaking = _cue_middle(srt, "We hold the light")
    narrated = _cue_middle(srt, "Every night the keeper")

    def frames(at: float) -> tuple[np.ndarray, np.ndarray]:
        a = frame_at(talking.files["film.mp4"], at, tmp_path / f"a{at}.png")
        b = frame_at(plain.files["film.mp4"], at, tmp_path / f"b{at}.png")
        return np.asarray(Image.open(a), np.int16), np.asarray(Image.open(b), np.int16)

    close_up, wide = frames(speaking)
    assert np.abs(close_up - wide).mean() > 6  # a different shot
    same_a, same_b = frames(narrated)
    assert np.abs(same_a - same_b).mean() < 2  # narration stays on the scene
    # The close-up moves (mouth, blinks, head): frames a fraction of a second apart differ.
    moments = [speaking + d for d in (-0.3, -0.1, 0.1, 0.3)]
    shots = [
        np.asarray(Image.open(frame_at(talking.files["film.mp4"], t, tmp_path / f"m{t}.png")))
        for t in moments
    ]
    changes = [
        int((np.abs(a.astype(np.int16) - b).max(axis=2) > 20).sum())
        for a, b in itertools.pairwise(shots)
    ]
    assert max(changes) > 40  # pixels that changed a lot (a mouth opening, an eyelid)


def test_unknown_lipsync_engine_is_a_clear_error(tmp_path: Path) -> None:
    from filmstudio.engine.errors import ChoiceError

    options = EngineOptions(voice="fake", music_provider="fake", lipsync="nope")
    with pytest.raises(ChoiceError, match="lip-sync engine 'nope'"):
        make_film(_request(), tmp_path / "out", options=options, cache=StageCache(enabled=False))


def test_extras_subtitles_stems_and_the_users_music(tmp_path: Path) -> None:
    """Translated subtitles beside the film's own, stems that add up to the master, and a
    user's music file fitted to the film instead of the score."""
    import soundfile

    from filmstudio.engine.request import FilmExtras

    rate = 44_100
    t = np.arange(rate * 7) / rate
    tune = (0.2 * np.sin(2 * np.pi * 330 * t)).astype(np.float32)
    music = tmp_path / "tune.wav"
    soundfile.write(music, tune, rate)
    options = EngineOptions(voice="fake", music_provider="fake", translators=("fake",))
    extras = FilmExtras(subtitles=("es", "fr"), music_file=music, stems=True)
    result = make_film(
        _request(),
        tmp_path / "out",
        options=options,
        cache=StageCache(enabled=False),
        extras=extras,
    )
    own = result.files["film.srt"].read_text()
    spanish = result.files["film.es.srt"].read_text()
    assert "[es] " in spanish and "[es] " not in own
    assert own.count("-->") <= spanish.count("-->")
    assert result.files["film.fr.vtt"].read_text().startswith("WEBVTT")
    tracks = [
        s for s in probe(result.files["film.mp4"])["streams"] if s["codec_type"] == "subtitle"
    ]
    assert [(s["codec_name"], s["tags"]["language"]) for s in tracks] == [
        ("mov_text", "eng"),
        ("mov_text", "spa"),
        ("mov_text", "fra"),
    ]
    stems = {
        name: soundfile.read(result.files[f"stems/{name}.wav"])[0]
        for name in ("voice", "ambience", "music")
    }
    assert all(len(s) == len(stems["voice"]) for s in stems.values())
    assert len(stems["voice"]) / 48_000 == pytest.approx(30.0, abs=0.05)
    # the 330 Hz tune is the music stem: its strongest frequency
    mono = stems["music"].mean(axis=1) if stems["music"].ndim == 2 else stems["music"]
    spectrum = np.abs(np.fft.rfft(mono[: 48_000 * 10]))
    assert np.argmax(spectrum) / 10 == pytest.approx(330, abs=2)


def test_a_subtitle_language_no_translator_can_do_fails_before_rendering(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from filmstudio.engine.request import FilmExtras
    from filmstudio.engine.translate import TranslationError

    monkeypatch.delenv("DEEPL_AUTH_KEY", raising=False)
    with pytest.raises(TranslationError, match="Hindi"):
        make_film(_request(), tmp_path / "out", options=FAST, extras=FilmExtras(subtitles=("hi",)))
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_the_users_narration_recording_replaces_the_narrator_voice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import soundfile

    import filmstudio.engine.film as film
    from filmstudio.engine.film import plan_film
    from filmstudio.engine.plan import NARRATOR
    from filmstudio.engine.request import FilmExtras
    from filmstudio.engine.transcribe import FakeTranscriber
    from filmstudio.engine.voice import speak_line

    plan = plan_film(_request(), FAST)
    narrated = [line for s in plan.scenes for line in s.dialogue if line.speaker == NARRATOR]
    assert narrated
    takes, rate = [], 24_000
    for line in narrated:  # the "user" reads every narration line, with pauses between
        speech = speak_line(line, plan.narrator_voice, "fake")
        takes += [mix_to(speech.samples, speech.sample_rate, rate), np.zeros(rate // 2)]
    recording = tmp_path / "me.wav"
    soundfile.write(recording, np.concatenate(takes).astype(np.float32), rate)
    text = " ".join(line.text for line in narrated)
    monkeypatch.setattr(film, "get_transcriber", lambda name: FakeTranscriber(text))
    real_speak = film.speak_line

    def speak_characters_only(line: object, voice: str, provider: str) -> object:
        assert getattr(line, "speaker", None) != NARRATOR, "the narrator was synthesized"
        return real_speak(line, voice, provider)  # type: ignore[arg-type]

    monkeypatch.setattr(film, "speak_line", speak_characters_only)
    result = make_film(
        _request(),
        tmp_path / "out",
        options=FAST,
        cache=StageCache(enabled=False),
        extras=FilmExtras(narration_file=recording),
    )
    subtitles = result.files["film.srt"].read_text()
    assert narrated[0].text.split()[0] in subtitles


def mix_to(samples: np.ndarray, rate: int, target: int) -> np.ndarray:
    """Resample with numpy (enough for a test recording)."""
    if rate == target:
        return samples
    positions = np.arange(round(len(samples) * target / rate)) * rate / target
    return np.interp(positions, np.arange(len(samples)), samples)


def test_an_encoder_overshoot_turns_the_master_down(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """AAC can overshoot the limiter's true peak: the sound is then re-encoded quieter."""
    import filmstudio.engine.film as film
    from filmstudio.engine.render.ffmpeg import encoded_true_peak

    measured: list[float] = []

    def overshooting(path: Path) -> float:
        measured.append(encoded_true_peak(path))
        return 1.0  # as if the encoder had gone 2 dB over the -1 dBTP limit

    monkeypatch.setattr(film, "encoded_true_peak", overshooting)
    result = make_film(_request(), tmp_path / "out", options=FAST, cache=StageCache(enabled=False))
    assert measured and measured[0] <= -1.0  # the real encode was within the limit
    integrated, peak = ebur128(result.files["film.mp4"])
    assert integrated == pytest.approx(-16.2, abs=0.6)  # 2.2 dB quieter than -14
    assert peak <= -3.0


def test_the_encoded_true_peak_is_read_from_the_file(tmp_path: Path) -> None:
    import soundfile

    from filmstudio.engine.render.ffmpeg import encode_audio, encoded_true_peak

    t = np.arange(48_000) / 48_000
    for amplitude, expected in ((0.5, -6.0), (0.125, -18.1)):
        wav, m4a = tmp_path / f"{amplitude}.wav", tmp_path / f"{amplitude}.m4a"
        soundfile.write(wav, (amplitude * np.sin(2 * np.pi * 440 * t)).astype(np.float32), 48_000)
        encode_audio(wav, m4a)
        assert encoded_true_peak(m4a) == pytest.approx(expected, abs=0.5)


def _with_line(plan: FilmPlan, speaker: str, text: str) -> FilmPlan:
    """The plan with the first line `speaker` says changed to `text`."""
    for i, scene in enumerate(plan.scenes):
        for j, line in enumerate(scene.dialogue):
            if line.speaker == speaker:
                lines = list(scene.dialogue)
                lines[j] = line.model_copy(update={"text": text})
                scenes = list(plan.scenes)
                scenes[i] = scene.model_copy(update={"dialogue": lines})
                return plan.model_copy(update={"scenes": scenes})
    raise AssertionError(f"{speaker} says nothing")


def test_a_one_line_edit_re_encodes_only_the_segments_it_touches(tmp_path: Path) -> None:
    first = make_film(_request(), tmp_path / "a", options=FAST, cache=StageCache(tmp_path / "c"))
    edited = _with_line(first.plan, "Maria", "We keep the lamp.")  # as long: nothing moves
    cache = StageCache(tmp_path / "c")
    second = make_film(edited, tmp_path / "b", options=FAST, cache=cache)
    assert second.segments_encoded == 1  # Maria's close-up, speaking the new line
    assert second.segments_reused == first.segments_encoded - 1
    assert cache.misses_by_stage["segment"] == 1
    info = probe(second.files["film.mp4"])
    assert float(info["format"]["duration"]) == pytest.approx(30.0, abs=1e-3)


def test_subtitles_are_burned_in_only_when_asked(tmp_path: Path) -> None:
    from tests.media import frame_at

    cache = StageCache(tmp_path / "cache")
    soft = make_film(_request(), tmp_path / "a", options=FAST, cache=cache)
    burning = EngineOptions(voice="fake", music_provider="fake", burn_subtitles=True)
    burned = make_film(_request(), tmp_path / "b", options=burning, cache=cache)
    at = _cue_middle(soft.files["film.srt"].read_text(), "Every night the keeper")
    a, b = (
        np.asarray(Image.open(frame_at(r.files["film.mp4"], at, tmp_path / f"{k}.png")), np.int16)
        for k, r in enumerate((soft, burned))
    )
    strong = _strong_changes(a, b)
    bottom = int(strong[280:350].sum())
    assert bottom > 100 and bottom > 20 * (int(strong.sum()) - bottom)


@pytest.mark.slow
def test_vertical_and_square_films_have_their_frame_size(tmp_path: Path) -> None:
    still = EngineOptions(voice="fake", music_provider="fake", talking=False)
    cache = StageCache(tmp_path / "cache")
    for aspect, size in (("9:16", (720, 1280)), ("1:1", (720, 720))):
        request = _request(quality="720p", aspect=aspect)
        result = make_film(request, tmp_path / aspect.replace(":", "x"), options=still, cache=cache)
        video = next(
            s for s in probe(result.files["film.mp4"])["streams"] if s["codec_type"] == "video"
        )
        assert (video["width"], video["height"]) == size
        assert float(video["duration"]) == pytest.approx(30.0, abs=1e-3)


def test_a_long_films_sound_is_mixed_after_its_picture(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """So the mix's and the picture track's memory peaks never add up."""
    import filmstudio.engine.film as film

    monkeypatch.setattr(film, "MIX_BESIDE_SECONDS", 10.0)  # this 30 s film counts as long
    stages: list[str] = []
    result = make_film(
        _request(),
        tmp_path / "out",
        options=FAST,
        cache=StageCache(enabled=False),
        progress=lambda stage, fraction: stages.append(stage),
    )
    last_render = max(k for k, stage in enumerate(stages) if stage == "render")
    assert stages.index("music") > last_render and stages.index("mix") > last_render
    assert float(probe(result.files["film.mp4"])["format"]["duration"]) == pytest.approx(30.0)
