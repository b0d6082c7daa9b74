from __future__ import annotations

import logging
import sys
from pathlib import Path

import numpy as np
import pytest

from filmstudio.engine.errors import ChoiceError
from filmstudio.engine.picture.diffusion import (
    MODEL_ENV,
    DiffusionPictureProvider,
    build_prompt,
    character_seed,
    cover,
)
from filmstudio.engine.picture.providers import (
    PICTURE_PROVIDERS,
    FakePictures,
    PictureProvider,
    ProceduralPictures,
    get_picture_provider,
)
from filmstudio.engine.picture.scene import paint_scene
from filmstudio.engine.plan import Character, FilmPlan, Scene, Setting
from tests.engine.plugins.fallback import warned_once

CAST = [
    Character(name="SARAH", gender="female", description="She wears a red coat."),
    Character(name="TOM", gender="male", age="elder"),
]


def plan(seed: int = 0, style: str = "cinematic") -> FilmPlan:
    return FilmPlan(
        style=style,
        seed=seed,
        characters=CAST,
        scenes=[
            Scene(
                scene_number=1,
                description="Sarah walks along the shore at sunset.",
                setting=Setting(place="beach", time_of_day="golden_hour", weather="clear"),
                characters=["SARAH"],
                shot_type="wide",
                mood="romantic",
            ),
            Scene(
                scene_number=2,
                description="Sarah and Tom talk over coffee while rain runs down the glass.",
                setting=Setting(place="cafe", interior=True, time_of_day="night", weather="rain"),
                characters=["SARAH", "TOM"],
                shot_type="medium",
                mood="tense",
            ),
            Scene(scene_number=3, description="An empty pier at dawn.", shot_type="establishing"),
        ],
    )


def test_prompts_come_from_the_plan() -> None:
    film = plan()
    beach, cafe, pier = (build_prompt(s, film) for s in film.scenes)
    assert beach.positive.startswith("cinematic film still")
    for words in ("wide shot", "walks along the shore", "beach", "golden hour", "romantic"):
        assert words in beach.positive
    for words in ("medium shot", "inside a cafe", "at night", "in the rain", "tense"):
        assert words in cafe.positive
    assert "establishing shot" in pier.positive and "dawn" in pier.positive
    # the same character is described with the same words in every scene it is in
    sarah = "a woman with"
    assert sarah in beach.positive and "red" in beach.positive.split(sarah)[1]
    assert (
        beach.positive.split(sarah)[1].split(";")[0].split(",")[0:2]
        == (cafe.positive.split(sarah)[1].split(";")[0].split(",")[0:2])
    )
    assert "elderly man" in cafe.positive and "elderly man" not in beach.positive
    # negatives: the basics, the style's opposite, and no people in an empty scene
    assert "watermark" in beach.negative and "cartoon" in beach.negative
    assert "people" in pier.negative and "people" not in beach.negative
    noir = build_prompt(film.scenes[0], plan(style="noir"))
    assert "black and white" in noir.positive and "colour" in noir.negative


def test_character_seeds_are_stable_and_distinct() -> None:
    assert character_seed("Sarah", 0) == character_seed(" SARAH ", 0)
    assert character_seed("SARAH", 0) != character_seed("TOM", 0)
    assert character_seed("SARAH", 0) != character_seed("SARAH", 1)


def test_cover_fills_the_frame_without_stretching() -> None:
    image = np.zeros((40, 40, 3), np.uint8)
    image[:, :20] = 255  # left half white
    out = cover(image, 64, 36)
    assert out.shape == (36, 64, 3)
    assert out[:, :30].min() == 255 and out[:, 34:].max() == 0  # halves kept, square cropped


def test_tiny_pipeline_paints_the_film_size(diffusion_folder: Path) -> None:
    film = plan()
    provider = DiffusionPictureProvider(model=diffusion_folder, steps=2)
    first = provider.paint(film.scenes[0], film, 96, 54)
    assert provider.unavailable is None
    assert first.shape == (54, 96, 3) and first.dtype == np.uint8
    assert first.std() > 1  # a picture, not a flat fill
    assert np.array_equal(first, provider.paint(film.scenes[0], film, 96, 54))
    assert not np.array_equal(first, provider.paint(film.scenes[0], plan(seed=7), 96, 54))
    assert not np.array_equal(first, provider.paint(film.scenes[1], film, 96, 54))
    odd = provider.paint(film.scenes[2], film, 33, 70)
    assert odd.shape == (70, 33, 3)


def test_generation_size_keeps_the_film_shape(diffusion_folder: Path) -> None:
    provider = DiffusionPictureProvider(model=diffusion_folder)
    pipe = provider.pipeline()
    # the tiny UNet paints 32 × 32 natively (16 latents × 2); sides divisible by 8
    assert provider.generation_size(pipe, 1920, 1080) == (40, 24)
    assert provider.generation_size(pipe, 1080, 1920) == (24, 40)
    assert provider.generation_size(pipe, 1000, 1000) == (32, 32)
    sized = DiffusionPictureProvider(model=diffusion_folder, generate_size=(50, 30))
    assert sized.generation_size(pipe, 1920, 1080) == (48, 32)


def test_each_character_starts_from_the_same_noise(diffusion_folder: Path) -> None:
    film = plan()
    provider = DiffusionPictureProvider(model=diffusion_folder)
    pipe = provider.pipeline()
    alone = provider.initial_latents(pipe, film.scenes[0], film, 40, 40)
    pair = provider.initial_latents(pipe, film.scenes[1], film, 40, 40)
    empty = provider.initial_latents(pipe, film.scenes[2], film, 40, 40)
    assert alone.shape == (1, 4, 20, 20)
    # SARAH's noise block starts at the top-left of her place in both scenes
    assert np.array_equal(alone[:, :, 4:8, 4:8].numpy(), pair[:, :, 4:8, 2:6].numpy())
    assert not np.array_equal(pair[:, :, 4:8, 2:6].numpy(), pair[:, :, 4:8, 12:16].numpy())
    # outside the characters the noise is the scene's own
    assert not np.array_equal(alone[:, :, :4].numpy(), empty[:, :, :4].numpy())


def test_model_folder_from_the_environment(
    diffusion_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(MODEL_ENV, str(diffusion_folder))
    provider = DiffusionPictureProvider(steps=1)
    assert provider.model == diffusion_folder
    key = provider.cache_key()
    assert key["model"] == str(diffusion_folder) and key["model_time"] is not None
    assert key != DiffusionPictureProvider(steps=2).cache_key()
    assert provider.pipeline() is not None


def _falls_back(provider: DiffusionPictureProvider, caplog: pytest.LogCaptureFixture) -> str:
    film = plan()
    with caplog.at_level(logging.WARNING, logger="filmstudio.engine.picture.diffusion"):
        picture = provider.paint(film.scenes[0], film, 64, 36)
        provider.paint(film.scenes[1], film, 64, 36)
    assert np.array_equal(picture, paint_scene(film.scenes[0], film, 64, 36))
    return warned_once(caplog, provider)  # said once, not once per scene


def test_falls_back_without_a_model_folder(
    caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv(MODEL_ENV, raising=False)
    assert MODEL_ENV in _falls_back(DiffusionPictureProvider(), caplog)
    caplog.clear()
    missing = tmp_path / "nowhere"
    assert "does not exist" in _falls_back(DiffusionPictureProvider(model=missing), caplog)


def test_falls_back_on_a_broken_folder(caplog: pytest.LogCaptureFixture, tmp_path: Path) -> None:
    (tmp_path / "model_index.json").write_text("{not json")
    assert "cannot be loaded" in _falls_back(DiffusionPictureProvider(model=tmp_path), caplog)


def test_falls_back_without_diffusers(
    diffusion_folder: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "diffusers", None)  # what an install without it looks like
    reason = _falls_back(DiffusionPictureProvider(model=diffusion_folder), caplog)
    assert "diffusers is not installed" in reason


def test_registry_and_fake_twin(diffusion_folder: Path) -> None:
    assert set(PICTURE_PROVIDERS) == {"procedural", "fake", "diffusion"}
    film = plan()
    providers: list[PictureProvider] = [ProceduralPictures(), FakePictures()]
    procedural, fake = providers
    assert np.array_equal(
        procedural.paint(film.scenes[0], film, 48, 27), paint_scene(film.scenes[0], film, 48, 27)
    )
    one, two = (fake.paint(s, film, 32, 18) for s in film.scenes[:2])
    assert one.shape == (18, 32, 3) and len(np.unique(one.reshape(-1, 3), axis=0)) == 1
    assert not np.array_equal(one, two)
    with pytest.raises(ChoiceError):
        fake.paint(film.scenes[0], film, 4, 4)
    chosen = get_picture_provider(" Diffusion ", model=diffusion_folder, steps=3)
    assert isinstance(chosen, DiffusionPictureProvider) and chosen.steps == 3
    assert isinstance(get_picture_provider("fake"), FakePictures)
    with pytest.raises(ChoiceError, match="Unknown picture engine 'sdxl'"):
        get_picture_provider("sdxl")
    with pytest.raises(ChoiceError, match="does not take"):
        get_picture_provider("fake", model="x")
