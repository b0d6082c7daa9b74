"""The `filmstudio` command: render films, list what can be chosen, run the studio.

Every error the engine raises on purpose becomes one sentence and an exit code (2: fix your
input, 1: something failed), never a traceback.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from filmstudio.engine.cache import StageCache
from filmstudio.engine.errors import ChoiceError, FilmError, InputError, ScriptError
from filmstudio.engine.files import write_atomic
from filmstudio.engine.plan import ASPECTS, LANGUAGES, RESOLUTIONS, load_plan
from filmstudio.engine.request import FilmExtras, FilmRequest
from filmstudio.studio.commands import register as register_studio_commands

app = typer.Typer(
    name="filmstudio",
    help="AI Film Studio: turn a short script into a finished film, offline.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
console = Console(stderr=True)

IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp", ".bmp", ".gif", ".tif", ".tiff"}
STAGE_LABELS = {
    "plan": "Planning scenes",
    "voice": "Voicing lines",
    "pictures": "Painting scenes",
    "timing": "Timing the film",
    "music": "Composing music",
    "mix": "Mixing sound",
    "captions": "Writing subtitles",
    "contact": "Painting contact sheets",
    "render": "Rendering video",
    "thumbnail": "Making thumbnails",
}


def _fail(error: FilmError) -> None:
    console.print(f"[bold red]Error:[/] {error.message}", highlight=False, soft_wrap=True)
    raise typer.Exit(error.exit_code)


def _read_script(path: Path) -> str:
    if not path.exists():
        raise InputError(f"The script file {path} does not exist.")
    if not path.is_file():
        raise InputError(f"{path} is not a file: give the path of a script file.")
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ScriptError(f"The script file {path} is not UTF-8 text.") from exc
    except OSError as exc:
        raise InputError(f"The script file {path} cannot be read: {exc.strerror}.") from exc


def _images(folder: Path | None) -> tuple[Path, ...]:
    if folder is None:
        return ()
    if not folder.exists():
        raise InputError(f"The images folder {folder} does not exist.")
    if folder.is_file():
        return (folder,)
    found = tuple(sorted(p for p in folder.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES))
    if not found:
        raise InputError(f"The images folder {folder} holds no images (jpg, png, webp).")
    return found


def _cast(pairs: list[str]) -> dict[str, str]:
    cast: dict[str, str] = {}
    for pair in pairs:
        name, sep, voice = pair.partition("=")
        if not sep or not name.strip() or not voice.strip():
            raise InputError(f"--cast takes NAME=VOICE (for example SARAH=female-2), not {pair!r}.")
        cast[name.strip()] = voice.strip()
    return cast


def _model(folder: Path | None) -> dict[str, Any]:
    """A plug-in's model folder as its options (none: the plug-in reads its environment)."""
    if folder is None:
        return {}
    if not folder.is_dir():
        raise InputError(f"The model folder {folder} does not exist.")
    return {"model": str(folder)}


def _contact_sheets(out: Path, names: list[str] | None) -> None:
    from filmstudio.engine.picture import write_contact_sheets

    def work(report: Callable[[str, float], None]) -> list[Path]:
        return write_contact_sheets(out, sheets=names, progress=lambda f: report("contact", f))

    sheets = _with_progress(work)
    console.print(f"[green]{len(sheets)} contact sheets[/] in {out}", highlight=False)


def _with_progress(work: Callable[[Callable[[str, float], None]], Any]) -> Any:
    columns = (
        TextColumn("[bold]{task.description:<18}"),
        BarColumn(),
        TaskProgressColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console, transient=False) as bar:
        task = bar.add_task("Starting", total=1.0)

        def report(stage: str, fraction: float) -> None:
            bar.update(task, completed=fraction, description=STAGE_LABELS.get(stage, stage))

        result = work(report)
        bar.update(task, completed=1.0, description="Done")
    return result


# Options `render` and `plan` share (one definition each, so the two commands agree).
ScriptArg = Annotated[Path | None, typer.Argument(help="The script file (txt or Fountain).")]
DurationOpt = Annotated[float, typer.Option(help="Film length in seconds, 30–300.")]
LangOpt = Annotated[str | None, typer.Option(help="en, es, fr, hi or sa (default: detect).")]
VoiceOpt = Annotated[str, typer.Option(help="Narrator voice (see `voices`).")]
MusicOpt = Annotated[str, typer.Option(help="Music (see `music`).")]
StyleOpt = Annotated[str, typer.Option(help="Picture style (see `styles`).")]
QualityOpt = Annotated[str, typer.Option(help="360p, 720p, 1080p or 2160p (4K).")]
AspectOpt = Annotated[
    str | None,
    typer.Option(help="16:9 (landscape), 9:16 (vertical) or 1:1 (square); default 16:9."),
]
ImagesOpt = Annotated[Path | None, typer.Option(help="Folder of reference images.")]
TitleOpt = Annotated[str | None, typer.Option(help="Film title (default: from the script).")]
CastOpt = Annotated[list[str] | None, typer.Option(help="NAME=VOICE, repeatable.")]
SeedOpt = Annotated[int, typer.Option(help="Change for a different take.")]
WatermarkOpt = Annotated[bool, typer.Option("--watermark", help="Add the watermark.")]
PlannerOpt = Annotated[str, typer.Option(help="rules (offline) or openai.")]
NoTranslationOpt = Annotated[
    bool, typer.Option("--no-translation", help="A sloka or poem: recite only the original.")
]


def _check_choices(quality: str, aspect: str | None, lang: str | None, duration: float) -> None:
    """The choices `render` and `plan` share, each wrong one as a sentence (exit 2)."""
    if quality not in RESOLUTIONS:
        raise ChoiceError(f"Unknown quality '{quality}'. Choose one of: {', '.join(RESOLUTIONS)}.")
    if aspect is not None and aspect not in ASPECTS:
        raise ChoiceError(f"Unknown aspect '{aspect}'. Choose one of: {', '.join(ASPECTS)}.")
    if lang is not None and lang not in LANGUAGES:
        raise ChoiceError(f"Unsupported language '{lang}'. Choose one of: {', '.join(LANGUAGES)}.")
    if not 30 <= duration <= 300:
        raise InputError(f"The duration must be 30–300 seconds, not {duration:g}.")


def _script_request(script: Path, given: Mapping[str, Any]) -> FilmRequest:
    """The request for a script file from the options `render` and `plan` share, taken from
    the command's arguments by name (one list, so the two commands cannot drift apart)."""
    return FilmRequest.model_validate(
        {
            "script": _read_script(script),
            "title": given["title"],
            "duration": given["duration"],
            "language": given["lang"],
            "narrator_voice": given["voice"],
            "music": given["music"],
            "style": given["style"],
            "quality": given["quality"],
            "aspect": given["aspect"] or "16:9",
            "watermark": given["watermark"],
            "seed": given["seed"],
            "cast": _cast(given["cast"] or []),
            "images": _images(given["images"]),
            "recite_translation": not given["no_translation"],
        }
    )


@app.command()
def render(
    script: ScriptArg = None,
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder for the film.")] = Path("out"),
    duration: DurationOpt = 60.0,
    lang: LangOpt = None,
    voice: VoiceOpt = "narrator-female",
    music: MusicOpt = "auto",
    style: StyleOpt = "cinematic",
    quality: QualityOpt = "720p",
    aspect: AspectOpt = None,
    images: ImagesOpt = None,
    plan: Annotated[Path | None, typer.Option(help="Render an edited plan.json.")] = None,
    title: TitleOpt = None,
    cast: CastOpt = None,
    seed: SeedOpt = 0,
    watermark: WatermarkOpt = False,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Ignore the stage cache.")] = False,
    planner: PlannerOpt = "rules",
    voice_engine: Annotated[str, typer.Option(help="kokoro, espeak or fake.")] = "kokoro",
    subtitles: Annotated[
        str | None, typer.Option(help="Extra subtitle languages, e.g. es,fr (SRT + VTT each).")
    ] = None,
    music_file: Annotated[
        Path | None, typer.Option(help="Your own music (mp3/wav/ogg) instead of the score.")
    ] = None,
    no_translation: NoTranslationOpt = False,
    narration: Annotated[
        Path | None,
        typer.Option(help="Your own recording of the narration instead of a synthesized voice."),
    ] = None,
    stems: Annotated[
        bool, typer.Option("--stems", help="Also write voice/ambience/music WAV stems.")
    ] = False,
    no_talking: Annotated[
        bool, typer.Option("--no-talking", help="No talking close-ups of the characters.")
    ] = False,
    no_ambience: Annotated[
        bool, typer.Option("--no-ambience", help="No rain/waves/city sound beds.")
    ] = False,
    pictures: Annotated[str, typer.Option(help="procedural, diffusion or fake.")] = "procedural",
    picture_model: Annotated[
        Path | None, typer.Option(help="A diffusers pipeline folder for --pictures diffusion.")
    ] = None,
    music_engine: Annotated[str, typer.Option(help="composed, musicgen or fake.")] = "composed",
    music_model: Annotated[
        Path | None, typer.Option(help="A MusicGen model folder for --music-engine musicgen.")
    ] = None,
    lipsync: Annotated[str, typer.Option(help="procedural, torchscript or fake.")] = "procedural",
    lipsync_model: Annotated[
        Path | None, typer.Option(help="A TorchScript lip-sync model folder.")
    ] = None,
    contact_sheet: Annotated[
        bool,
        typer.Option(
            "--contact-sheet",
            help="Instead of a film: sheets of every setting x time x weather and every style.",
        ),
    ] = False,
    sheets: Annotated[
        str | None, typer.Option(help="With --contact-sheet: only these sheets, e.g. styles,beach.")
    ] = None,
    jobs: Annotated[
        int, typer.Option(min=1, max=64, help="Encode the film's segments in N processes.")
    ] = 1,
    burn_subtitles: Annotated[
        bool,
        typer.Option(
            "--burn-subtitles", help="Draw the subtitles into the picture (always soft tracks too)."
        ),
    ] = False,
) -> None:
    """Render a script (or an edited plan) into a film with subtitles and thumbnails."""
    try:
        if contact_sheet:
            _contact_sheets(out, [n.strip() for n in sheets.split(",")] if sheets else None)
            return
        if (script is None) == (plan is None):
            raise InputError("Give either a script file or --plan plan.json (one of the two).")
        _check_choices(quality, aspect, lang, duration)
        source: FilmRequest | Any
        if plan is not None:
            source = load_plan(plan)  # the render covers a version 1 or hand-made plan
            if aspect is not None:
                source = source.model_copy(update={"aspect": aspect})
        else:
            assert script is not None
            source = _script_request(script, locals())
        # The film pipeline (scipy, pedalboard, onnxruntime...) loads only for a render, so
        # `filmstudio --help`, `voices` or `serve` start quickly.
        from filmstudio.engine.film import EngineOptions, make_film
        from filmstudio.engine.translate import parse_languages

        options = EngineOptions(
            planner=planner,
            voice=voice_engine,
            music_provider=music_engine,
            talking=not no_talking,
            lipsync=lipsync,
            pictures=pictures,
            picture_options=_model(picture_model),
            music_options=_model(music_model),
            lipsync_options=_model(lipsync_model),
            ambience=not no_ambience,
            jobs=jobs,
            burn_subtitles=burn_subtitles,
        )
        extras = FilmExtras(
            subtitles=tuple(parse_languages(subtitles)) if subtitles else (),
            music_file=music_file,
            narration_file=narration,
            stems=stems,
        )
        cache = StageCache(enabled=not no_cache)
        result = _with_progress(
            lambda report: make_film(
                source, out, options=options, cache=cache, progress=report, extras=extras
            )
        )
    except FilmError as error:
        _fail(error)
        return
    except KeyboardInterrupt:
        console.print("[yellow]Stopped.[/] Nothing was written.")
        raise typer.Exit(130) from None
    console.print(
        f"[green]Film ready:[/] {result.files['film.mp4']} "
        f"({result.duration:.1f} s, {len(result.plan.scenes)} scenes)",
        highlight=False,
    )


@app.command(name="plan")
def plan_command(
    script: ScriptArg = None,
    out: Annotated[Path, typer.Option("--out", "-o", help="Where to write the plan.")] = Path(
        "plan.json"
    ),
    duration: DurationOpt = 60.0,
    lang: LangOpt = None,
    voice: VoiceOpt = "narrator-female",
    music: MusicOpt = "auto",
    style: StyleOpt = "cinematic",
    quality: QualityOpt = "720p",
    aspect: AspectOpt = None,
    images: ImagesOpt = None,
    title: TitleOpt = None,
    cast: CastOpt = None,
    seed: SeedOpt = 0,
    watermark: WatermarkOpt = False,
    planner: PlannerOpt = "rules",
    no_translation: NoTranslationOpt = False,
) -> None:
    """Plan a script without rendering: edit plan.json, then `render --plan plan.json`."""
    try:
        if script is None:
            raise InputError("Give the script file to plan.")
        if out.is_dir():
            raise InputError(f"{out} is a folder: give the plan file's path, e.g. {out}/plan.json.")
        _check_choices(quality, aspect, lang, duration)
        request = _script_request(script, locals())
        from filmstudio.engine.film import EngineOptions, plan_film

        film_plan = plan_film(request, EngineOptions(planner=planner))
        out.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(out, film_plan.to_json().encode("utf-8"))
    except FilmError as error:
        _fail(error)
        return
    shots = sum(len(scene.shots) for scene in film_plan.scenes)
    console.print(
        f"[green]Plan ready:[/] {out} ({len(film_plan.scenes)} scenes, {shots} shots); "
        f"edit it, then: filmstudio render --plan {out}",
        highlight=False,
    )


def _table(title: str, columns: list[str], rows: list[list[str]]) -> None:
    table = Table(title=title)
    for column in columns:
        table.add_column(column)
    for row in rows:
        table.add_row(*row)
    Console().print(table)


voices_app = typer.Typer(
    help="List the voices; add your own (a Piper or Kokoro folder) or clone one.",
    invoke_without_command=True,
    no_args_is_help=False,
)
app.add_typer(voices_app, name="voices")


@voices_app.callback()
def voices(
    ctx: typer.Context,
    lang: Annotated[str | None, typer.Option(help="Only voices speaking this language.")] = None,
) -> None:
    """List the voices, the engine behind each and its languages."""
    if ctx.invoked_subcommand is not None:
        return
    from filmstudio.engine.voice import list_voices

    _table(
        "Voices",
        ["id", "engine", "gender", "age", "languages", "description"],
        [
            [v.id, v.engine, v.gender, v.age, ", ".join(v.languages), v.description]
            for v in list_voices(lang)
        ],
    )


def _added(info: Any) -> None:
    console.print(
        f"[green]Added voice[/] {info.id} ({info.engine}); use it with --voice {info.id} "
        f"or --cast NAME={info.id}",
        highlight=False,
    )


@voices_app.command("add")
def voices_add(
    path: Annotated[Path, typer.Argument(help="A Piper (.onnx + .onnx.json) or Kokoro folder.")],
    name: Annotated[str | None, typer.Option(help="The voice's id (default: the folder).")] = None,
    gender: Annotated[str, typer.Option(help="female, male or unknown.")] = "unknown",
    age: Annotated[str, typer.Option(help="child, adult or elder.")] = "adult",
    style: Annotated[str | None, typer.Option(help="Kokoro: which style in the pack.")] = None,
) -> None:
    """Add a voice from a folder you downloaded (checked, then listed by `voices`)."""
    from filmstudio.engine.voice.folders import add_voice_folder

    try:
        _added(add_voice_folder(path, name, gender, age, style))
    except FilmError as error:
        _fail(error)


@voices_app.command("clone")
def voices_clone(
    name: Annotated[str, typer.Argument(help="The new voice's id.")],
    recordings: Annotated[list[Path], typer.Argument(help="Recordings of the voice.")],
    gender: Annotated[str, typer.Option(help="female, male or unknown.")] = "unknown",
    age: Annotated[str, typer.Option(help="child, adult or elder.")] = "adult",
) -> None:
    """Clone a voice from recordings with ElevenLabs (needs ELEVENLABS_API_KEY)."""
    from filmstudio.engine.voice.cloud import clone_voice

    try:
        _added(clone_voice(name, recordings, gender, age))
    except FilmError as error:
        _fail(error)


@app.command()
def styles() -> None:
    """List the picture styles."""
    from filmstudio.engine.picture import STYLES

    _table("Styles", ["style", "look"], [[name, text] for name, text in STYLES.items()])


@app.command(name="music")
def music_choices() -> None:
    """List the music choices."""
    from filmstudio.engine.score import MUSIC

    _table("Music", ["music", "sound"], [[name, text] for name, text in MUSIC.items()])


register_studio_commands(app)


def main() -> None:
    """Console entry point."""
    try:
        app()
    except FilmError as error:  # raised outside a command's own handler
        console.print(f"[bold red]Error:[/] {error.message}", highlight=False, soft_wrap=True)
        sys.exit(error.exit_code)


if __name__ == "__main__":
    main()
