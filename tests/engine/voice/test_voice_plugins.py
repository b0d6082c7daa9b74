"""Voice plug-ins: user voice folders (tiny Piper and Kokoro graphs built here) and cloud
voices through the official openai / elevenlabs clients against local fake servers."""

from __future__ import annotations

import base64
import json
import shutil
from pathlib import Path

import numpy as np
import pytest
from tests.engine.voice.fake_servers import Reply, Request, fake_server
from tests.engine.voice.speech_checks import assert_phonemes_follow_words
from tests.engine.voice.tiny_models import kokoro_folder, piper_folder

from filmstudio.engine.errors import ChoiceError, InputError
from filmstudio.engine.plan import Line
from filmstudio.engine.transcribe import FakeTranscriber
from filmstudio.engine.voice import (
    ElevenLabsVoiceProvider,
    OpenAIVoiceProvider,
    VoiceFolderError,
    add_voice_folder,
    clone_voice,
    engine_for,
    get_voice,
    list_voices,
    speak_line,
)
from filmstudio.engine.voice.audio import speech_level_db
from filmstudio.engine.voice.cloud import CloudVoiceError
from filmstudio.engine.voice.words import split_words


@pytest.fixture(autouse=True)
def voices_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "user-voices"
    monkeypatch.setenv("FILMSTUDIO_VOICES_DIR", str(folder))
    return folder


def _assert_timed(speech_words: tuple[object, ...], text: str, duration: float) -> None:
    words = list(speech_words)
    assert [w.text for w in words] == [w.text for w in split_words(text)]  # type: ignore[attr-defined]
    previous = 0.0
    for word in words:
        assert previous <= word.start <= word.end <= duration + 1e-6  # type: ignore[attr-defined]
        previous = word.end  # type: ignore[attr-defined]


# --- Piper and Kokoro folders ----------------------------------------------------------------


def test_a_piper_folder_is_checked_registered_listed_and_spoken(
    tmp_path: Path, voices_dir: Path
) -> None:
    source = piper_folder(tmp_path / "joe")
    info = add_voice_folder(source, name="Joe Piper", gender="male")
    assert (info.id, info.engine, info.gender, info.languages) == (
        "joe-piper",
        "piper",
        "male",
        ("en",),
    )
    assert (voices_dir / "joe-piper" / "model.onnx").is_file()
    shutil.rmtree(source)  # the registered copy is what speaks
    assert "joe-piper" in [v.id for v in list_voices("en")]
    assert "joe-piper" not in [v.id for v in list_voices("fr")]
    assert get_voice("Joe-Piper") == info
    text = "Hello there, my old friend. Come in."
    speech = speak_line(Line(text=text), "joe-piper")
    _assert_timed(speech.words, text, speech.duration)
    assert_phonemes_follow_words(speech, slack=0.0)
    # One id per phoneme symbol, 256 samples each at 22.05 kHz: "friend" is longer than "my".
    lengths = {w.text: w.end - w.start for w in speech.words}
    assert lengths["friend."] > lengths["my"] * 1.5
    assert speech.duration > 1.0 and speech_level_db(speech.samples) == pytest.approx(-20, abs=1)
    # The fast and test engines speak it in the stand-in of its gender and age.
    assert engine_for(info, "espeak") == "espeak" and engine_for(info) == "piper"
    assert speak_line(Line(text="Hi"), "joe-piper", "fake").words[0].text == "Hi"


def test_a_kokoro_folder_speaks_with_its_own_style_and_durations(tmp_path: Path) -> None:
    info = add_voice_folder(kokoro_folder(tmp_path / "kk"), name="tiny-kokoro", gender="female")
    assert info.engine == "kokoro-folder" and "hi" in info.languages
    text = "I walked along the extraordinary river."
    speech = speak_line(Line(text=text), "tiny-kokoro")
    _assert_timed(speech.words, text, speech.duration)
    assert_phonemes_follow_words(speech, slack=0.0)
    words = {w.text: w.end - w.start for w in speech.words}
    # Every token is one 25 ms frame in the tiny graph: word length follows phoneme count.
    assert words["extraordinary"] > 3 * words["I"]
    assert speech.phonemes[0].end - speech.phonemes[0].start == pytest.approx(0.025, abs=0.003)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda d: d, "holds no .onnx model"),
        (lambda d: (piper_folder(d), (d / "tiny.onnx.json").unlink())[0], "voices file"),
        (lambda d: piper_folder(d, inputs=False), "lacks the inputs input_lengths, scales"),
        (lambda d: piper_folder(d, language="de_DE"), "'de-de', which is not a film language"),
        (
            lambda d: (kokoro_folder(d), (d / "voices.npz").write_bytes(b"junk"))[0],
            "is not a Kokoro voices file",
        ),
        (
            lambda d: (piper_folder(d), shutil.copy(d / "tiny.onnx", d / "second.onnx"))[0],
            "holds 2 .onnx models",
        ),
        (
            lambda d: (
                piper_folder(d),
                (d / "tiny.onnx.json").write_text(json.dumps({"audio": {}})),
            )[0],
            "is not a Piper voice config",
        ),
    ],
)
def test_bad_voice_folders_are_refused_with_a_sentence(
    tmp_path: Path, voices_dir: Path, make: object, message: str
) -> None:
    folder = tmp_path / "bad"
    folder.mkdir()
    make(folder)  # type: ignore[operator]
    with pytest.raises(VoiceFolderError, match=message) as caught:
        add_voice_folder(folder, name="bad")
    assert isinstance(caught.value, InputError)
    assert not (voices_dir / "bad").exists()


def test_folder_voices_cannot_be_added_twice_or_named_badly(tmp_path: Path) -> None:
    add_voice_folder(piper_folder(tmp_path / "a"), name="twin")
    with pytest.raises(VoiceFolderError, match="already added"):
        add_voice_folder(piper_folder(tmp_path / "b"), name="twin")
    with pytest.raises(VoiceFolderError, match="is not a folder"):
        add_voice_folder(tmp_path / "missing")
    with pytest.raises(VoiceFolderError, match="Gender must be one of"):
        add_voice_folder(piper_folder(tmp_path / "c"), gender="robotic")
    with pytest.raises(ChoiceError, match="Unknown voice 'nobody'"):
        get_voice("nobody")


# --- OpenAI -----------------------------------------------------------------------------------

TEXT = "The storm is coming tonight"


def _tone_pcm(text: str) -> bytes:
    """What the fake services return: the fake voice's tone bursts as 24 kHz int16 PCM."""
    speech = speak_line(Line(text=text), "male-1", "fake")
    return (np.clip(speech.samples, -1, 1) * 32767).astype("<i2").tobytes()


def test_openai_voices_go_through_the_official_client_and_are_timed_by_transcript(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def handle(request: Request) -> Reply:
        if request.path != "/v1/audio/speech":
            return Reply(404, b'{"error": {"message": "no route"}}')
        if request.headers.get("authorization") != "Bearer sk-test":
            return Reply(401, b'{"error": {"message": "bad key"}}')
        return Reply(200, _tone_pcm(json.loads(request.body)["input"]), "audio/pcm")

    with fake_server(handle) as server:
        monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
        monkeypatch.setenv("OPENAI_BASE_URL", f"{server.url}/v1")
        transcriber = FakeTranscriber(TEXT.lower())
        provider = OpenAIVoiceProvider(transcriber=transcriber)
        speech = provider.speak(TEXT, get_voice("openai:nova"), "en", "whisper")
        body = json.loads(server.requests[0].body)
        assert body["voice"] == "nova" and body["input"] == TEXT
        assert body["response_format"] == "pcm" and body["model"] == "gpt-4o-mini-tts"
        assert body["speed"] == pytest.approx(0.9) and "Whisper" in body["instructions"]
        assert [w.text for w in speech.words] == TEXT.split()  # the script's words
        assert speech.words[1].start == pytest.approx(0.38, abs=0.04)  # the second burst
        assert speech_level_db(speech.samples) == pytest.approx(-32, abs=1)  # whisper level
        monkeypatch.setenv("OPENAI_API_KEY", "sk-wrong")
        with pytest.raises(CloudVoiceError, match=r"OpenAI refused to speak the line \(401\)"):
            OpenAIVoiceProvider(transcriber=transcriber).speak(
                TEXT, get_voice("openai:nova"), "en", "neutral"
            )


def test_a_cloud_voice_without_a_key_says_which_variable_to_set(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.delenv("ELEVENLABS_API_KEY", raising=False)
    with pytest.raises(CloudVoiceError, match="set OPENAI_API_KEY"):
        speak_line(Line(text="Hi"), "openai:alloy")
    with pytest.raises(CloudVoiceError, match="set ELEVENLABS_API_KEY"):
        speak_line(Line(text="Hi"), "elevenlabs:abc123")


# --- ElevenLabs -------------------------------------------------------------------------------


def _elevenlabs(request: Request) -> Reply:
    if request.headers.get("xi-api-key") != "el-test":
        return Reply(401, b'{"detail": "invalid key"}')
    if request.path == "/v1/voices/add":
        assert b'name="name"' in request.body and b"RIFF" in request.body
        return Reply(
            200, json.dumps({"voice_id": "cl0n3d", "requires_verification": False}).encode()
        )
    if request.path.startswith("/v1/text-to-speech/") and "/with-timestamps" in request.path:
        assert "output_format=pcm_24000" in request.path
        text = json.loads(request.body)["text"]
        pcm = _tone_pcm(text)
        speech = speak_line(Line(text=text), "male-1", "fake")
        starts = [0.0] * len(text)
        ends = [0.0] * len(text)
        for word, timing in zip(split_words(text), speech.words, strict=True):
            for index in range(word.start, word.end):
                starts[index], ends[index] = timing.start, timing.end
        payload = {
            "audio_base64": base64.b64encode(pcm).decode(),
            "alignment": {
                "characters": list(text),
                "character_start_times_seconds": starts,
                "character_end_times_seconds": ends,
            },
        }
        return Reply(200, json.dumps(payload).encode())
    return Reply(404, b'{"detail": "no route"}')


def test_elevenlabs_timestamps_time_the_words_and_clones_become_voices(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with fake_server(_elevenlabs) as server:
        monkeypatch.setenv("ELEVENLABS_API_KEY", "el-test")
        monkeypatch.setenv("FILMSTUDIO_ELEVENLABS_BASE_URL", server.url)
        provider = ElevenLabsVoiceProvider(transcriber=FakeTranscriber("unused"))
        speech = provider.speak(TEXT, get_voice("elevenlabs:v0ice"), "en", "neutral")
        first = server.requests[0]
        assert first.path.startswith("/v1/text-to-speech/v0ice/with-timestamps")
        assert json.loads(first.body)["model_id"] == "eleven_multilingual_v2"
        assert [w.text for w in speech.words] == TEXT.split()
        assert speech.words[2].start == pytest.approx(2 * 0.38, abs=0.001)
        assert speech.words[2].end == pytest.approx(2 * 0.38 + 0.3, abs=0.001)

        sample = tmp_path / "me.wav"
        import soundfile

        soundfile.write(sample, np.zeros(2400, np.float32), 24000)
        info = clone_voice("My Voice", [sample], gender="female")
        assert (info.id, info.engine, info.gender) == ("my-voice", "elevenlabs", "female")
        assert "my-voice" in [v.id for v in list_voices()]
        spoken = speak_line(Line(text="Hello again"), "my-voice")
        assert server.requests[-1].path.startswith("/v1/text-to-speech/cl0n3d/")
        assert [w.text for w in spoken.words] == ["Hello", "again"]
        with pytest.raises(VoiceFolderError, match="already added"):
            clone_voice("my voice", [sample])
        with pytest.raises(VoiceFolderError, match="not found"):
            clone_voice("other", [tmp_path / "none.wav"])
        monkeypatch.setenv("ELEVENLABS_API_KEY", "wrong")
        with pytest.raises(CloudVoiceError, match=r"could not clone the voice \(401\)"):
            clone_voice("third", [sample])
