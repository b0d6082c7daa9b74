"""The procedural talker: a portrait in the film's look whose mouth follows the speech."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from filmstudio.engine.animate.lipsync import get_lipsyncer
from filmstudio.engine.animate.measure import (
    OPEN_FRACTION,
    lip_sync_agreement,
    lip_sync_score,
    mouth_openings,
)
from filmstudio.engine.animate.portrait import PortraitImage, character_look
from filmstudio.engine.animate.talker import ProceduralTalker
from filmstudio.engine.errors import RenderError
from filmstudio.engine.plan import FilmPlan
from filmstudio.engine.voice import get_provider, get_voice
from filmstudio.engine.voice.base import Speech

from .conftest import LINE, SIZE

FPS = 30


def _frames(portrait: PortraitImage, speech: Speech, timed: bool = True) -> list[np.ndarray]:
    phonemes = speech.phonemes if timed else ()
    words = speech.words if timed else ()
    return list(
        ProceduralTalker().animate(
            portrait, speech.samples, speech.sample_rate, FPS, phonemes, words
        )
    )


def test_is_the_procedural_lip_syncer_of_the_registry() -> None:
    syncer = get_lipsyncer("procedural")
    assert isinstance(syncer, ProceduralTalker) and syncer.name == "procedural"


def test_one_frame_per_video_frame_at_the_portrait_size(
    maria: PortraitImage, spoken: Speech
) -> None:
    frames = _frames(maria, spoken)
    assert len(frames) == round(spoken.duration * FPS)
    assert all(f.shape == (SIZE[1], SIZE[0], 3) and f.dtype == np.uint8 for f in frames)


@pytest.mark.parametrize("who", ["maria", "daniel_indoors"])
def test_mouth_agrees_with_speech_energy(
    who: str, request: pytest.FixtureRequest, spoken: Speech
) -> None:
    portrait: PortraitImage = request.getfixturevalue(who)
    assert portrait.rig is not None
    frames = _frames(portrait, spoken)
    score = lip_sync_score(frames, portrait.rig, spoken.samples, spoken.sample_rate, FPS)
    assert score.agreement >= 0.85
    assert score.open_when_heard >= 0.8 and score.shut_in_silence >= 0.8
    agreement = score.agreement
    # The same mouths against the speech played 0.4 s late do not agree: the test can fail.
    late = np.concatenate([np.zeros(round(0.4 * spoken.sample_rate), np.float32), spoken.samples])
    shifted = lip_sync_agreement(
        frames, portrait.rig, late[: len(spoken.samples)], spoken.sample_rate, FPS
    )
    assert shifted < agreement - 0.1


def test_audio_only_lip_sync_still_agrees(maria: PortraitImage) -> None:
    """As a plug-in gets it: no timings, just the samples (the fake voice's tone bursts)."""
    speech = get_provider("fake").speak(LINE, get_voice("female-1"), "en", "neutral")
    frames = _frames(maria, speech, timed=False)
    assert maria.rig is not None
    agreement = lip_sync_agreement(frames, maria.rig, speech.samples, speech.sample_rate, FPS)
    assert agreement >= 0.85


def test_silence_keeps_the_mouth_shut_but_the_eyes_blink_and_head_moves(
    maria: PortraitImage,
) -> None:
    silence = np.zeros(24_000 * 8, np.float32)
    frames = _frames(maria, Speech(silence, 24_000))
    assert maria.rig is not None
    assert (mouth_openings(frames, maria.rig) <= OPEN_FRACTION).all()
    box = maria.rig.eye_box
    eyes = np.array([f[box.y0 : box.y1, box.x0 : box.x1] @ [0.299, 0.587, 0.114] for f in frames])
    whites = (eyes > np.percentile(eyes[0], 99) - 15).sum(axis=(1, 2))  # the eyes' whites
    assert np.median(whites) > 10
    shut = whites < 0.8 * np.median(whites)
    assert 2 <= shut.sum() <= 0.1 * len(frames)  # a blink or two in 8 s, and short ones
    top = [f[: SIZE[1] // 2].astype(np.int16) for f in (frames[0], frames[60], frames[120])]
    assert np.abs(top[0] - top[1]).mean() > 0.05 or np.abs(top[0] - top[2]).mean() > 0.05


def test_only_its_own_portraits(spoken: Speech) -> None:
    plain = np.zeros((SIZE[1], SIZE[0], 3), np.uint8)
    with pytest.raises(RenderError, match="portraits painted by the film engine"):
        next(ProceduralTalker().animate(plain, spoken.samples, spoken.sample_rate, FPS))


def _clothes(portrait: PortraitImage) -> np.ndarray:
    """Chromaticities of the bust below the neck (clothes: top, sleeves, maybe a scarf)."""
    assert portrait.rig is not None
    rig = portrait.rig
    cx, cy, r = round(rig.head[0]), round(rig.head[1]), rig.head_r
    region = np.asarray(portrait)[
        round(cy + r * 2.6) :, max(0, round(cx - r * 1.6)) : round(cx + r * 1.6)
    ]
    pixels = region.reshape(-1, 3).astype(np.float64) + 1.0
    return pixels / pixels.sum(axis=1, keepdims=True)


def test_portrait_wears_the_characters_clothes(
    beach_plan: FilmPlan, maria: PortraitImage, daniel_indoors: PortraitImage
) -> None:
    """The bust is the scene painter's figure: most of it shows the character's own top."""
    for portrait, name, other in ((maria, "Maria", "Daniel"), (daniel_indoors, "Daniel", "Maria")):
        seen = _clothes(portrait)
        own = np.array(character_look(beach_plan, name).top) + 1 / 255
        theirs = np.array(character_look(beach_plan, other).top) + 1 / 255
        near_own = np.abs(seen - own / own.sum()).sum(axis=1)
        near_theirs = np.abs(seen - theirs / theirs.sum()).sum(axis=1)
        assert (near_own < near_theirs).mean() > 0.6


def test_a_cached_rig_animates_like_the_painted_one(maria: PortraitImage, spoken: Speech) -> None:
    from filmstudio.engine.animate.portrait import rig_from_arrays, rig_to_arrays, still

    assert maria.rig is not None
    arrays, meta = rig_to_arrays(maria.rig)
    json.dumps(meta)  # what the stage cache stores must be JSON
    again = still(rig_from_arrays({k: v.copy() for k, v in arrays.items()}, meta))
    assert np.array_equal(np.asarray(again), np.asarray(maria))
    a, b = _frames(maria, spoken)[::20], _frames(again, spoken)[::20]
    assert all(np.array_equal(x, y) for x, y in zip(a, b, strict=True))


def test_a_scene_with_the_users_picture_keeps_it_behind_the_speaker(
    beach_plan: FilmPlan, tmp_path: Path
) -> None:
    from PIL import Image

    from filmstudio.engine.animate.portrait import paint_portrait

    green = np.zeros((360, 640, 3), np.uint8)
    green[..., 1] = 200
    Image.fromarray(green).save(tmp_path / "meadow.png")
    scene = beach_plan.scenes[0].model_copy(update={"image": str(tmp_path / "meadow.png")})
    portrait = paint_portrait(beach_plan, scene, "Maria", SIZE)
    corner = np.asarray(portrait)[:40, -80:].reshape(-1, 3).mean(axis=0)
    assert corner[1] > 120 and corner[1] > 2 * max(corner[0], corner[2])


def test_the_head_moves_on_its_neck_while_the_shoulders_stay(maria: PortraitImage) -> None:
    from filmstudio.engine.animate.talker import compose
    from filmstudio.engine.animate.visemes import REST, HeadPose

    assert maria.rig is not None
    rig = maria.rig
    cx, cy, r = round(rig.head[0]), round(rig.head[1]), rig.head_r
    rest = compose(rig, REST, 0.0, HeadPose()).astype(np.int16)
    nodded = compose(rig, REST, 0.0, HeadPose(tilt=2.5, nod=0.05, lean=0.04)).astype(np.int16)
    head = np.s_[round(cy - r) : round(cy + r), round(cx - r) : round(cx + r)]
    shoulders = np.s_[round(cy + r * 2.2) :, :]
    assert np.abs(nodded[head] - rest[head]).mean() > 3.0
    assert np.array_equal(nodded[shoulders], rest[shoulders])
    # the neck bends: no backdrop shows through between the head and the body
    neck = np.s_[
        round(cy + r * 1.1) : round(cy + r * 1.5), round(cx - r * 0.15) : round(cx + r * 0.15)
    ]
    assert np.abs(nodded[neck] - rest[neck]).max(axis=2).mean() < 40


def test_a_close_up_moves_as_the_motion_bench_sees_it(maria: PortraitImage, spoken: Speech) -> None:
    """Sampled as bench/motion.py samples a film (frames 3 apart, every half second, at 320 px,
    the camera's move taken out), a talking close-up with its pauses and a listener's close-up
    both show something moving in most moments; before, only the small mouth moved."""
    import cv2
    from bench.motion import alive

    from filmstudio.engine.voice.base import PhonemeTiming, WordTiming

    rate, pad, fps = spoken.sample_rate, 0.8, 24
    silence = np.zeros(round(pad * rate), np.float32)
    samples = np.concatenate([silence, spoken.samples, silence])
    words = [WordTiming(w.text, w.start + pad, w.end + pad) for w in spoken.words]
    sounds = [PhonemeTiming(p.phoneme, p.start + pad, p.end + pad) for p in spoken.phonemes]
    talker = ProceduralTalker()

    def share(frames: list[np.ndarray]) -> float:
        small = [cv2.resize(f, (320, 180), interpolation=cv2.INTER_AREA) for f in frames]
        grey = [np.asarray(cv2.cvtColor(f, cv2.COLOR_RGB2GRAY), np.uint8) for f in small]
        moments = range(2, len(grey) - 3, fps // 2)
        return float(np.mean([alive(grey[i], grey[i + 3]) for i in moments]))

    talking = list(talker.animate(maria, samples, rate, fps, sounds, words))
    listening = list(talker.animate(maria, np.zeros(rate * 8, np.float32), rate, fps))
    assert share(talking) >= 0.4
    assert share(listening) >= 0.2
