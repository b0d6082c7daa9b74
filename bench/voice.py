"""Benchmark: what the offline Kokoro voice costs per second of speech.

Every line of the bench scripts' plans (a screenplay, prose and verse by default) is spoken the
way a film speaks it (`speak_line`, in the voice the cast gives it, with the Kokoro engine), in
a fresh process. Printed: the audio the model made (seconds, before trimming and resampling:
its cost grows with it), the model's load (CPU seconds), CPU seconds per second of speech over
the lines (all threads, load excluded), the real-time factor (wall / speech), the peak resident
memory, and a digest of every sample and timing (the same digest means byte-identical voices).

`--compare OLD_SRC` runs the same in alternating child processes with `PYTHONPATH=OLD_SRC` (a
`git worktree` of an older commit's `src/`) and with this checkout's `src/`, `--rounds` times,
so old and new are measured back to back under the same load (the machine is shared: read
CPU seconds, not wall time).

    python bench/voice.py [scripts...] [--threads N] [--compare /tmp/old/src --rounds 2]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = (
    ROOT / "bench/scripts/night-ferry.fountain",  # screenplay
    ROOT / "bench/scripts/el-faro.txt",  # prose
    ROOT / "bench/scripts/nadi.txt",  # verse
)


def cpu_seconds() -> float:
    """User + system CPU seconds of this process (every thread) so far."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    return own.ru_utime + own.ru_stime


def measure(scripts: list[Path]) -> dict[str, Any]:
    """Speak every line of every script's plan in this process; the figures as a dict."""
    from filmstudio.engine.film import plan_film
    from filmstudio.engine.request import FilmRequest
    from filmstudio.engine.voice import speak_line
    from filmstudio.engine.voice.kokoro_model import load_model

    lines = []
    for script in scripts:
        request = FilmRequest(script=script.read_text(encoding="utf-8"), duration=60)
        plan = plan_film(request)
        for scene in plan.scenes:
            for line in scene.dialogue:
                character = plan.character(line.speaker)
                voice = character.voice if character and character.voice else plan.narrator_voice
                lines.append((line, voice))
    before = cpu_seconds()
    model = load_model()
    load_cpu = cpu_seconds() - before
    made = [0]  # samples the model made (its cost grows with them), before any trimming
    infer = model.infer

    def counted(*args: Any, **kwargs: Any) -> Any:
        result = infer(*args, **kwargs)
        made[0] += len(result.audio)
        return result

    model.infer = counted  # type: ignore[method-assign]
    digest = hashlib.sha256()
    speech = 0.0
    cpu, wall = cpu_seconds(), time.perf_counter()
    for line, voice in lines:
        spoken = speak_line(line, voice, "kokoro")
        speech += spoken.duration
        digest.update(spoken.samples.tobytes())
        digest.update(repr([(w.text, w.start, w.end) for w in spoken.words]).encode())
        digest.update(repr([(p.phoneme, p.start, p.end) for p in spoken.phonemes]).encode())
    cpu, wall = cpu_seconds() - cpu, time.perf_counter() - wall
    return {
        "lines": len(lines),
        "speech_s": speech,
        "load_cpu_s": load_cpu,
        "cpu_per_speech_s": cpu / speech,
        "model_audio_s": made[0] / 24000,
        "rtf": wall / speech,
        "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "digest": digest.hexdigest()[:16],
        "load": os.getloadavg()[0],
    }


def row(name: str, figures: dict[str, Any]) -> str:
    return (
        f"{name:>4}  {figures['lines']:3d} lines {figures['speech_s']:6.1f} s speech  "
        f"model made {figures.get('model_audio_s', 0.0):6.1f} s  "
        f"load {figures['load_cpu_s']:4.2f} CPU-s  {figures['cpu_per_speech_s']:.3f} CPU-s/s  "
        f"RTF {figures['rtf']:.2f}  peak {figures['peak_rss_mib']:5.0f} MiB  "
        f"audio {figures['digest']}  (machine load {figures['load']:.1f})"
    )


def child(src: Path, scripts: list[Path]) -> dict[str, Any]:
    """Run `measure` in a fresh process that imports filmstudio from `src`."""
    env = dict(os.environ, PYTHONPATH=str(src))
    command = [sys.executable, __file__, "--json", *map(str, scripts)]
    out = subprocess.run(command, env=env, check=True, capture_output=True, text=True).stdout
    figures: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    return figures


def compare(old: Path, scripts: list[Path], rounds: int) -> None:
    new = ROOT / "src"
    runs: dict[str, list[dict[str, Any]]] = {"old": [], "new": []}
    for _ in range(rounds):
        for name, src in (("old", old), ("new", new)):
            figures = child(src, scripts)
            runs[name].append(figures)
            print(row(name, figures), flush=True)
    mean = {
        name: statistics.mean(f["cpu_per_speech_s"] for f in figures)
        for name, figures in runs.items()
    }
    loads = {
        name: statistics.mean(f["load_cpu_s"] for f in figures) for name, figures in runs.items()
    }
    same = {f["digest"] for f in runs["old"]} == {f["digest"] for f in runs["new"]}
    print(
        f"mean CPU-s per speech-s: old {mean['old']:.3f}, new {mean['new']:.3f} "
        f"(new/old {mean['new'] / mean['old']:.2f}); model load CPU-s: old {loads['old']:.2f}, "
        f"new {loads['new']:.2f}; audio byte-identical: {'yes' if same else 'NO'}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("scripts", nargs="*", type=Path, default=list(SCRIPTS))
    parser.add_argument("--compare", type=Path, help="an older checkout's src/ to compare with")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--threads", type=int, help="the model's threads (FILMSTUDIO_THREADS)")
    parser.add_argument("--json", action="store_true", help="print one JSON line (for --compare)")
    args = parser.parse_args()
    if args.threads:
        os.environ["FILMSTUDIO_THREADS"] = str(args.threads)
    if args.compare:
        compare(args.compare, args.scripts, args.rounds)
    elif args.json:
        print(json.dumps(measure(args.scripts)))
    else:
        print(row("this", measure(args.scripts)))


if __name__ == "__main__":
    main()
