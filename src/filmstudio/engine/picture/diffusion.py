"""A diffusion-model picture provider: any `diffusers` pipeline folder (SDXL, SD 1.x/2.x).

Nothing is downloaded: the user points us at a model folder (option ``model`` or the
``FILMSTUDIO_DIFFUSION_MODEL`` environment variable). Prompts are written from the plan, so a
storyboard edit changes the picture the way it changes the procedural one. Characters keep
their look across scenes twice over: the prompt describes each with the same words the
procedural painter uses for their hair and clothes, and the starting noise where a character
stands comes from a seed derived from their name. Without torch/diffusers or a loadable folder
the provider paints procedurally and logs why, so a film always renders.
"""

from __future__ import annotations

import inspect
import logging
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import cv2
import numpy as np
from numpy.typing import NDArray

from filmstudio.engine.errors import ChoiceError, RenderError
from filmstudio.engine.picture.colour import RGB, hex_rgb, stable_hash
from filmstudio.engine.picture.figures import COLOUR_WORDS, Look, cast_looks
from filmstudio.engine.picture.scene import MAX_SIZE, MIN_SIZE, paint_scene, scene_seed
from filmstudio.engine.picture.staging import film_cast
from filmstudio.engine.plan import FilmPlan, Scene
from filmstudio.engine.plugins import (
    ModelUnavailable,
    OptionalModel,
    model_folder,
    require_folder,
)

logger = logging.getLogger(__name__)

MODEL_ENV = "FILMSTUDIO_DIFFUSION_MODEL"
#: At most this many characters are described and seeded (the painter stages five too).
MAX_CHARACTERS = 5
_DESCRIPTION_WORDS = 30

_STYLE_PROMPTS: dict[str, str] = {
    "cinematic": "cinematic film still, dramatic lighting",
    "anime": "anime key visual, cel shading",
    "watercolor": "watercolor painting on textured paper",
    "documentary": "documentary photograph, natural light",
    "noir": "film noir, black and white, high contrast",
    "storybook": "storybook illustration, warm colours",
    "vintage": "vintage sepia photograph, film grain",
}
_STYLE_NEGATIVES: dict[str, str] = {
    "cinematic": "cartoon, anime, drawing",
    "anime": "photograph, photorealistic, 3d render",
    "watercolor": "photograph, 3d render, hard edges",
    "documentary": "cartoon, illustration, painting, oversaturated",
    "noir": "colour, color, saturated",
    "storybook": "photograph, photorealistic, gritty",
    "vintage": "modern, digital, oversaturated",
}
BASE_NEGATIVE = (
    "blurry, low quality, lowres, jpeg artifacts, deformed, disfigured, bad anatomy, "
    "extra limbs, extra fingers, text, watermark, signature, logo"
)
#: Kept short: CLIP reads 77 tokens, and the characters come late in the prompt.
_SHOTS: dict[str, str] = {
    "establishing": "establishing shot, wide landscape",
    "wide": "wide shot",
    "medium": "medium shot",
    "close-up": "close-up",
    "over-the-shoulder": "over-the-shoulder shot",
}
_TIMES: dict[str, str] = {
    "dawn": "at dawn",
    "day": "in daylight",
    "golden_hour": "at golden hour",
    "dusk": "at dusk",
    "night": "at night",
}
_WEATHERS: dict[str, str] = {
    "clear": "clear sky",
    "clouds": "overcast sky",
    "rain": "in the rain",
    "storm": "in a thunderstorm, lightning",
    "fog": "in thick fog",
    "snow": "in falling snow",
}
_MOODS: dict[str, str] = {
    "calm": "calm serene mood",
    "hopeful": "hopeful mood",
    "tense": "tense suspenseful mood",
    "sad": "sad melancholic mood",
    "joyful": "joyful cheerful mood",
    "epic": "epic grand mood",
    "devotional": "devotional sacred mood",
    "mysterious": "mysterious mood",
    "romantic": "romantic tender mood",
}
_HAIR_NAMES: dict[str, RGB] = {
    "black": hex_rgb("#161514"),
    "dark brown": hex_rgb("#2e1e15"),
    "brown": hex_rgb("#5a3b25"),
    "auburn": hex_rgb("#8a4a25"),
    "blonde": hex_rgb("#c9a25a"),
    "grey": hex_rgb("#a7a39b"),
    "white": hex_rgb("#e4e2dc"),
}
_HAIR_STYLES: dict[str, str] = {
    "long": "long",
    "bob": "bobbed",
    "bun": "tied-up",
    "ponytail": "ponytailed",
    "curly": "curly",
    "short": "short",
    "swept": "swept-back",
    "pigtails": "pigtailed",
}


@dataclass(frozen=True)
class Prompt:
    """What the model is asked for, and what it is asked to avoid."""

    positive: str
    negative: str


def _nearest(colour: RGB, names: dict[str, RGB]) -> str:
    return min(
        names, key=lambda n: sum((a - b) ** 2 for a, b in zip(colour, names[n], strict=True))
    )


def _a(noun: str) -> str:
    return f"{'an' if noun[0] in 'aeiou' else 'a'} {noun}"


def describe_look(look: Look) -> str:
    """A character in words, from the same look the procedural painter draws."""
    female = look.gender == "female"
    person = {
        "child": "girl" if female else "boy",
        "elder": "elderly woman" if female else "elderly man",
    }.get(look.age, "woman" if female else "man")
    if look.hair_style == "bald":
        hair = "bald"
    else:
        style = _HAIR_STYLES.get(look.hair_style, look.hair_style)
        hair = f"{style} {_nearest(look.hair, _HAIR_NAMES)} hair"
    clothes = _nearest(look.top, {k: v for k, v in COLOUR_WORDS.items() if k != "gray"})
    garment = "dress" if look.dress else "jacket" if look.jacket else "top"
    extras = "".join([", glasses" if look.glasses else "", ", a beard" if look.beard else ""])
    return f"{_a(person)} with {hair}, {_a(clothes)} {garment}{extras}"


def _scene_names(scene: Scene) -> list[str]:
    return list(dict.fromkeys(scene.characters))[:MAX_CHARACTERS]


def build_prompt(scene: Scene, plan: FilmPlan) -> Prompt:
    """The prompt pair for a scene.

    Style and shot come first because CLIP reads only 77 tokens and they must hold in every
    scene; then what happens, where and when, who is there, and the mood.
    """
    style = plan.style
    setting = scene.setting
    place = setting.place.replace("_", " ")
    where = f"inside a {place}" if setting.interior else f"{place}"
    description = " ".join(scene.description.split()[:_DESCRIPTION_WORDS]).rstrip(".")
    looks = cast_looks(film_cast(plan) + [(n, plan.character(n)) for n in scene.characters])
    people = [describe_look(looks[name]) for name in _scene_names(scene)]
    parts = [
        _STYLE_PROMPTS.get(style, f"{style} style"),
        _SHOTS.get(scene.shot_type, scene.shot_type),
        description,
        f"{where} {_TIMES[setting.time_of_day]}, {_WEATHERS[setting.weather]}",
        "; ".join(people),
        _MOODS.get(scene.mood, scene.mood),
    ]
    negative = [BASE_NEGATIVE, _STYLE_NEGATIVES.get(style, "")]
    if not people:
        negative.append("people, person, crowd")
    return Prompt(
        positive=", ".join(p for p in parts if p),
        negative=", ".join(n for n in negative if n),
    )


def character_seed(name: str, plan_seed: int) -> int:
    """A character's seed: the same in every scene and process, different per character."""
    return stable_hash(f"{plan_seed}|{name.strip().upper()}")


def cover(image: NDArray[np.uint8], width: int, height: int) -> NDArray[np.uint8]:
    """Scale `image` to cover width × height without stretching, then crop the middle."""
    h, w = image.shape[:2]
    k = max(width / w, height / h)
    sw, sh = max(width, round(w * k)), max(height, round(h * k))
    interpolation = cv2.INTER_AREA if k < 1 else cv2.INTER_CUBIC
    scaled = cv2.resize(image, (sw, sh), interpolation=interpolation)
    x, y = (sw - width) // 2, (sh - height) // 2
    return np.ascontiguousarray(scaled[y : y + height, x : x + width])


class DiffusionPictureProvider(OptionalModel[Any]):
    """Pictures from a local diffusion pipeline folder; procedural when none can be loaded."""

    name = "diffusion"

    def __init__(
        self,
        model: str | Path | None = None,
        steps: int = 30,
        guidance: float = 7.0,
        device: str | None = None,
        generate_size: tuple[int, int] | None = None,
        negative_prompt: str = "",
    ) -> None:
        super().__init__()
        self.model = model_folder(model, MODEL_ENV)
        if steps < 1:
            raise ChoiceError(f"Diffusion needs at least one step (asked for {steps}).")
        self.steps = steps
        self.guidance = guidance
        self.device = device
        self.generate_size = generate_size
        self.negative_prompt = negative_prompt

    def cache_key(self) -> dict[str, Any]:
        """What pictures depend on besides the plan, for the stage cache: the folder and the
        sampler settings, and the folder's timestamp so a replaced model repaints."""
        index = self.model / "model_index.json" if self.model else None
        return {
            "provider": self.name,
            "model": str(self.model) if self.model else None,
            "model_time": index.stat().st_mtime if index and index.is_file() else None,
            "steps": self.steps,
            "guidance": self.guidance,
            "generate_size": list(self.generate_size) if self.generate_size else None,
            "negative_prompt": self.negative_prompt,
        }

    def paint(self, scene: Scene, plan: FilmPlan, width: int, height: int) -> NDArray[np.uint8]:
        if not (MIN_SIZE <= width <= MAX_SIZE and MIN_SIZE <= height <= MAX_SIZE):
            raise ChoiceError(
                f"A picture must be between {MIN_SIZE} and {MAX_SIZE} pixels on each side "
                f"(asked for {width}x{height})."
            )
        pipe = self.pipeline()
        if pipe is None:
            return paint_scene(scene, plan, width, height)
        with self._lock:
            image = self._generate(pipe, scene, plan, width, height)
        return cover(image, width, height)

    def pipeline(self) -> Any:
        """The loaded pipeline, or None (with `unavailable` saying why, logged once)."""
        return self._load_once()

    def _warn_unavailable(self, reason: str) -> None:
        logger.warning("Diffusion pictures are unavailable (%s); painting procedurally.", reason)

    def _load(self) -> Any:
        require_folder(self.model, MODEL_ENV)
        try:
            import torch
            from diffusers import DiffusionPipeline

            loader: Any = DiffusionPipeline  # untyped at the boundary
        except ImportError as exc:
            raise ModelUnavailable(
                f"{exc.name or 'torch/diffusers'} is not installed (pip install filmstudio[gpu])"
            ) from exc
        device = self.device or ("cuda" if torch.cuda.is_available() else "cpu")
        half = {"torch_dtype": torch.float16} if device.startswith("cuda") else {}
        try:
            pipe = loader.from_pretrained(str(self.model), local_files_only=True, **half)
            pipe = pipe.to(device)
        except Exception as exc:  # diffusers raises many kinds for a bad folder
            raise ModelUnavailable(f"the model in {self.model} cannot be loaded: {exc}") from exc
        pipe.set_progress_bar_config(disable=True)
        return pipe

    def generation_size(self, pipe: Any, width: int, height: int) -> tuple[int, int]:
        """The size the model paints at: its native area in the film's shape, model-aligned.

        Pipelines want sides divisible by 8 and by the UNet's total downsampling.
        """
        unet = getattr(pipe, "unet", None)
        factor = int(getattr(pipe, "vae_scale_factor", 8))
        if unet is not None:
            multiple = math.lcm(8, factor * 2 ** (len(unet.config.block_out_channels) - 1))
            native = int(unet.config.sample_size) * factor
        else:
            multiple = 16
            native = int(getattr(pipe, "default_sample_size", 128)) * factor
        gw: float
        gh: float
        if self.generate_size is not None:
            gw, gh = self.generate_size
        else:
            gh = math.sqrt(native * native * height / width)
            gw = gh * width / height
        return (
            max(multiple, round(gw / multiple) * multiple),
            max(multiple, round(gh / multiple) * multiple),
        )

    def _generate(
        self, pipe: Any, scene: Scene, plan: FilmPlan, width: int, height: int
    ) -> NDArray[np.uint8]:
        import torch

        prompt = build_prompt(scene, plan)
        negative = ", ".join(p for p in (prompt.negative, self.negative_prompt) if p)
        gw, gh = self.generation_size(pipe, width, height)
        seed = scene_seed(plan, scene)
        accepted = inspect.signature(pipe.__call__).parameters
        kwargs: dict[str, Any] = {
            "prompt": prompt.positive,
            "num_inference_steps": self.steps,
            "guidance_scale": self.guidance,
            "generator": torch.Generator(device="cpu").manual_seed(seed),
            "output_type": "np",
        }
        optional = {
            "negative_prompt": negative,
            "width": gw,
            "height": gh,
            "latents": self.initial_latents(pipe, scene, plan, gw, gh),
        }
        kwargs.update({k: v for k, v in optional.items() if k in accepted and v is not None})
        try:
            with torch.inference_mode():
                result = pipe(**kwargs)
        except Exception as exc:  # out of memory, a broken model: say which scene
            raise RenderError(
                f"The diffusion model failed on scene {scene.scene_number}: {exc}"
            ) from exc
        image = np.asarray(result.images[0])
        if image.dtype != np.uint8:
            image = (np.clip(image, 0.0, 1.0) * 255 + 0.5).astype(np.uint8)
        return np.ascontiguousarray(image[..., :3])

    def initial_latents(self, pipe: Any, scene: Scene, plan: FilmPlan, gw: int, gh: int) -> Any:
        """Starting noise: the scene's seed, with each character's own noise where they stand.

        Same-seeded noise in a character's place nudges the model towards the same figure in
        every scene; plain Gaussian noise stays Gaussian, so the image is no worse for it.
        """
        unet = getattr(pipe, "unet", None)
        if unet is None:
            return None
        import torch

        factor = int(getattr(pipe, "vae_scale_factor", 8))
        shape = (1, int(unet.config.in_channels), gh // factor, gw // factor)
        generator = torch.Generator(device="cpu").manual_seed(scene_seed(plan, scene))
        latents = torch.randn(shape, generator=generator, dtype=torch.float32)
        names = _scene_names(scene)
        _, _, lh, lw = shape
        slot = lw / max(1, len(names))
        top = int(lh * 0.2)
        for i, name in enumerate(names):
            x0 = int(i * slot + slot * 0.2)
            x1 = max(x0 + 1, int((i + 1) * slot - slot * 0.2))
            own = torch.Generator(device="cpu").manual_seed(character_seed(name, plan.seed))
            noise = torch.randn(shape, generator=own, dtype=torch.float32)
            latents[:, :, top:, x0:x1] = noise[:, :, : lh - top, : x1 - x0]
        dtype = getattr(unet, "dtype", torch.float32)
        return latents.to(dtype=dtype)
