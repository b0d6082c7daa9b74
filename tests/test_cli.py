"""The `filmstudio` command as a user meets it: exit codes, one-sentence errors, no litter."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PIL import Image
from typer.testing import CliRunner

from filmstudio.cli import app

runner = CliRunner()
STORY = "The keeper climbed the lighthouse stairs at night. The storm came from the sea."


@pytest.fixture
def script(tmp_path: Path) -> Path:
    path = tmp_path / "story.txt"
    path.write_text(STORY, encoding="utf-8")
    return path


def _render(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["render", *args])
    return result.exit_code, result.output


def _assert_nothing_written(out: Path) -> None:
    assert not out.exists() or not any(out.iterdir())


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--voice", "darth"], "Unknown voice 'darth'"),
        (["--style", "cubist"], "Unknown style 'cubist'"),
        (["--music", "polka"], "Unknown music 'polka'"),
        (["--lang", "de"], "Unsupported language 'de'"),
        (["--quality", "8k"], "Unknown quality '8k'"),
        (["--duration", "10"], "30–300 seconds"),
        (["--cast", "SARAH"], "NAME=VOICE"),
        (["--jobs", "0"], "--jobs"),
    ],
)
def test_bad_choices_exit_2_with_a_sentence(
    script: Path, tmp_path: Path, extra: list[str], message: str
) -> None:
    out = tmp_path / "out"
    code, output = _render(str(script), "--out", str(out), *extra)
    assert code == 2
    assert message in output and "Traceback" not in output
    _assert_nothing_written(out)


def test_missing_script(tmp_path: Path) -> None:
    code, output = _render(str(tmp_path / "nope.txt"), "--out", str(tmp_path / "out"))
    assert code == 2 and "does not exist" in output


def test_script_over_500_words_names_the_count(tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    path.write_text(" ".join(["word"] * 612) + ".", encoding="utf-8")
    out = tmp_path / "out"
    code, output = _render(str(path), "--out", str(out))
    assert code == 2 and "612 words" in output and "500" in output
    _assert_nothing_written(out)


def test_speech_too_long_for_duration_names_shortest(tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    path.write_text(("The sea was loud and the night was long. " * 40).strip(), encoding="utf-8")
    code, output = _render(
        str(path), "--out", str(tmp_path / "out"), "--duration", "30", "--voice-engine", "fake"
    )
    assert code == 2 and "at least" in output and "duration" in output


def test_broken_reference_image(script: Path, tmp_path: Path) -> None:
    images = tmp_path / "refs"
    images.mkdir()
    (images / "sea.png").write_bytes(b"not a png at all")
    out = tmp_path / "out"
    code, output = _render(
        str(script), "--out", str(out), "--images", str(images), "--voice-engine", "fake"
    )
    assert code == 2 and "sea.png" in output
    _assert_nothing_written(out)


def test_invalid_plan_file(tmp_path: Path) -> None:
    plan = tmp_path / "plan.json"
    plan.write_text("{ not json", encoding="utf-8")
    code, output = _render("--plan", str(plan), "--out", str(tmp_path / "out"))
    assert code == 2 and "not valid JSON" in output
    plan.write_text(json.dumps({"scenes": []}), encoding="utf-8")
    code, output = _render("--plan", str(plan), "--out", str(tmp_path / "out"))
    assert code == 2 and "not a valid plan" in output


def test_missing_ffmpeg_is_a_failure_not_bad_input(
    script: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    code, output = _render(str(script), "--out", str(tmp_path / "out"))
    assert code == 1 and "ffmpeg is not installed" in output


def test_listings() -> None:
    voices = runner.invoke(app, ["voices"])
    assert voices.exit_code == 0 and "narrator-female" in voices.output
    styles = runner.invoke(app, ["styles"])
    assert styles.exit_code == 0 and "watercolor" in styles.output
    music = runner.invoke(app, ["music"])
    assert music.exit_code == 0 and "devotional" in music.output


def test_render_then_rerender_edited_plan(script: Path, tmp_path: Path) -> None:
    images = tmp_path / "refs"
    images.mkdir()
    Image.new("RGB", (800, 800), (200, 40, 40)).save(images / "lighthouse.png")
    out = tmp_path / "out"
    code, output = _render(
        str(script),
        "--out",
        str(out),
        "--duration",
        "30",
        "--quality",
        "360p",
        "--voice-engine",
        "fake",
        "--images",
        str(images),
        "--watermark",
    )
    assert code == 0, output
    assert (out / "film.mp4").stat().st_size > 10_000
    plan = json.loads((out / "plan.json").read_text(encoding="utf-8"))
    assert plan["watermark"] is True
    assert any(scene["image"] for scene in plan["scenes"])
    plan["scenes"][0]["mood"] = "tense"
    (tmp_path / "edited.json").write_text(json.dumps(plan), encoding="utf-8")
    code, output = _render(
        "--plan",
        str(tmp_path / "edited.json"),
        "--out",
        str(tmp_path / "v2"),
        "--voice-engine",
        "fake",
    )
    assert code == 0, output
    again = json.loads((tmp_path / "v2" / "plan.json").read_text(encoding="utf-8"))
    assert again["scenes"][0]["mood"] == "tense"


def test_contact_sheets_come_from_the_render_command(tmp_path: Path) -> None:
    args = ["render", "--contact-sheet", "--sheets", "harbour", "--out", str(tmp_path)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert [p.name for p in tmp_path.glob("*.png")] == ["harbour.png"]
    assert Image.open(tmp_path / "harbour.png").width >= 5 * 320  # five times of day across
    bad = runner.invoke(app, [*args[:3], "nowhere", "--out", str(tmp_path / "x")])
    assert bad.exit_code == 2 and "Unknown contact sheet 'nowhere'" in bad.output


def test_extra_subtitle_languages_are_checked_before_rendering(tmp_path: Path) -> None:
    script = tmp_path / "s.txt"
    script.write_text("The sea was calm. A boat came home at dusk.")
    result = runner.invoke(
        app, ["render", str(script), "--subtitles", "es,xx", "--out", str(tmp_path / "o")]
    )
    assert result.exit_code == 2
    assert "Unknown subtitle language xx" in result.output
    assert not (tmp_path / "o").exists()


def test_plan_command_writes_an_editable_plan_that_renders(script: Path, tmp_path: Path) -> None:
    out = tmp_path / "plans" / "plan.json"
    result = runner.invoke(
        app, ["plan", str(script), "--out", str(out), "--aspect", "9:16", "--duration", "30"]
    )
    assert result.exit_code == 0, result.output
    assert "Plan ready" in result.output
    plan = json.loads(out.read_text(encoding="utf-8"))
    assert plan["aspect"] == "9:16" and plan["version"] == 2
    assert plan["target_duration"] == 30
    assert not list(out.parent.glob(".*tmp"))  # written through a temp file, none left
    # the written plan loads like any edited plan
    from filmstudio.engine.plan import load_plan

    assert load_plan(out).scenes


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--aspect", "4:3"], "Unknown aspect '4:3'"),
        (["--quality", "8k"], "Unknown quality '8k'"),
        (["--style", "cubist"], "Unknown style 'cubist'"),
        (["--duration", "10"], "30–300 seconds"),
    ],
)
def test_plan_command_bad_choices_exit_2(
    script: Path, tmp_path: Path, extra: list[str], message: str
) -> None:
    out = tmp_path / "plan.json"
    result = runner.invoke(app, ["plan", str(script), "--out", str(out), *extra])
    assert result.exit_code == 2, result.output
    assert message in result.output and "Traceback" not in result.output
    assert not out.exists()


def test_plan_command_needs_a_script_and_a_file_path(script: Path, tmp_path: Path) -> None:
    missing = runner.invoke(app, ["plan", "--out", str(tmp_path / "p.json")])
    assert missing.exit_code == 2 and "Give the script file" in missing.output
    folder = runner.invoke(app, ["plan", str(script), "--out", str(tmp_path)])
    assert folder.exit_code == 2 and "is a folder" in folder.output


def test_render_rejects_an_unknown_aspect(script: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, output = _render(str(script), "--out", str(out), "--aspect", "21:9")
    assert code == 2 and "Unknown aspect '21:9'" in output and "9:16" in output
    _assert_nothing_written(out)


@pytest.mark.slow
def test_a_version_1_plan_still_renders_and_comes_back_as_version_2(tmp_path: Path) -> None:
    v1 = {
        "version": 1,
        "title": "Old plan",
        "quality": "360p",
        "target_duration": 30,
        "characters": [{"name": "Ana", "gender": "female"}],
        "scenes": [
            {
                "scene_number": 1,
                "setting": {"place": "harbour", "time_of_day": "dusk"},
                "characters": ["Ana"],
                "dialogue": [
                    {"text": "The boats come home as the lamps are lit along the pier."},
                    {"speaker": "Ana", "text": "Come closer.", "emotion": "whisper"},
                ],
            }
        ],
    }
    path = tmp_path / "v1.json"
    path.write_text(json.dumps(v1), encoding="utf-8")
    out = tmp_path / "out"
    args = ["--plan", str(path), "--out", str(out), "--voice-engine", "fake", "--aspect", "9:16"]
    code, output = _render(*args)
    assert code == 0, output
    plan = json.loads((out / "plan.json").read_text(encoding="utf-8"))
    assert plan["version"] == 2 and plan["aspect"] == "9:16"
    scene = plan["scenes"][0]
    assert scene["dialogue"][1]["delivery"] == "whisper"
    assert [i for shot in scene["shots"] for i in shot["lines"]] == [0, 1]
    assert scene["transition"] == "fade"
