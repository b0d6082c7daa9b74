"""User reference images: load one as a scene picture, and match images to scenes by name.

A user's photo replaces the painted picture for its scene, so it must fill the frame without
distortion (cover-crop, like CSS `object-fit: cover`) and sit in the film's look (a light pass
of the style's grade). Matching uses only file names, because names are what users control:
"beach_sunset.jpg" goes to the beach scene, "maya.png" to the scene Maya is in.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from filmstudio.engine.errors import ImageError
from filmstudio.engine.picture.canvas import U8
from filmstudio.engine.picture.colour import RGB
from filmstudio.engine.picture.grade import finish
from filmstudio.engine.picture.looks import Look
from filmstudio.engine.picture.styles import style_params
from filmstudio.engine.plan import FilmPlan, Scene

#: How strongly the style grade is applied to a user's image (they chose it; keep it theirs).
REFERENCE_GRADE = 0.6

_STOP = frozenset(
    {
        "a",
        "an",
        "the",
        "and",
        "or",
        "of",
        "in",
        "on",
        "at",
        "to",
        "with",
        "for",
        "from",
        "by",
        "is",
        "are",
        "was",
        "were",
        "img",
        "image",
        "photo",
        "pic",
        "picture",
        "dsc",
        "dscn",
        "scan",
        "copy",
        "final",
        "edit",
        "new",
        "jpg",
        "jpeg",
        "png",
        "webp",
        "scene",
        "shot",
    }
)

#: Words in file names that point to a place even when the place name is not used.
PLACE_WORDS: dict[str, tuple[str, ...]] = {
    "beach": ("beach", "seaside", "shore", "coast", "sand", "surf"),
    "sea": ("sea", "ocean", "ship", "ferry", "deck", "sailing", "boat"),
    "harbour": ("harbour", "harbor", "port", "dock", "docks", "pier", "marina", "boats", "boat"),
    "cliffs": ("cliff", "cliffs", "lighthouse", "headland"),
    "mountains": ("mountain", "mountains", "peak", "peaks", "alps", "summit", "hill", "hills"),
    "forest": ("forest", "woods", "wood", "jungle", "trees"),
    "fields": ("field", "fields", "farm", "meadow", "countryside"),
    "river": ("river", "stream", "creek", "bridge", "lake"),
    "desert": ("desert", "dunes", "dune", "sahara", "camel"),
    "village": ("village", "cottage", "hamlet", "town"),
    "city": ("city", "skyline", "downtown", "skyscraper", "skyscrapers"),
    "street": ("street", "road", "alley", "avenue", "lane"),
    "cafe": ("cafe", "coffee", "restaurant", "bar", "diner"),
    "living_room": ("living", "lounge", "sofa", "home", "house"),
    "kitchen": ("kitchen", "cooking", "dinner", "breakfast"),
    "bedroom": ("bedroom", "bed", "sleep"),
    "office": ("office", "work", "desk", "meeting"),
    "classroom": ("classroom", "school", "class", "lesson", "teacher"),
    "temple": ("temple", "shrine", "mandir", "church", "prayer"),
    "palace": ("palace", "castle", "fort", "king", "queen"),
    "market": ("market", "bazaar", "shop", "shops", "stall"),
    "space": ("space", "galaxy", "planet", "moon", "cosmos", "spaceship", "astronaut"),
    "night_sky": ("stars", "starry", "sky", "night", "milky", "constellation", "stargazing"),
}
_TIME_WORDS: dict[str, tuple[str, ...]] = {
    "dawn": ("dawn", "sunrise", "morning"),
    "day": ("day", "noon", "afternoon", "daylight"),
    "golden_hour": ("golden", "sunset", "evening"),
    "dusk": ("dusk", "twilight", "sunset"),
    "night": ("night", "midnight", "moon", "stars"),
}


def _read(path: Path) -> U8:
    if not path.exists():
        raise ImageError(f"The reference image {path} does not exist.")
    if not path.is_file():
        raise ImageError(f"The reference image {path} is not a file.")
    try:
        with Image.open(path) as opened:
            image = ImageOps.exif_transpose(opened)
            rgb = np.asarray(image.convert("RGB"), dtype=np.uint8)
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as exc:
        raise ImageError(
            f"The reference image {path} cannot be read as an image ({type(exc).__name__})."
        ) from exc
    if rgb.ndim != 3 or rgb.shape[0] < 2 or rgb.shape[1] < 2:
        raise ImageError(f"The reference image {path} is empty.")
    return np.ascontiguousarray(rgb)


def cover_crop(rgb: U8, width: int, height: int) -> U8:
    """Scale to cover width x height keeping the aspect ratio, then crop the centre."""
    h, w = rgb.shape[:2]
    scale = max(width / w, height / h)
    new_w, new_h = max(width, round(w * scale)), max(height, round(h * scale))
    interp = cv2.INTER_AREA if scale < 1.0 else cv2.INTER_CUBIC
    resized = cv2.resize(rgb, (new_w, new_h), interpolation=interp)
    x0 = (new_w - width) // 2
    y0 = (new_h - height) // 2
    out: U8 = np.ascontiguousarray(resized[y0 : y0 + height, x0 : x0 + width])
    return out


def load_reference(path: Path, width: int, height: int, style: str = "cinematic") -> U8:
    """A user's image, cover-cropped to width x height and lightly graded to the style."""
    params = style_params(style)
    rgb = cover_crop(_read(Path(path)), width, height)
    rgba = np.empty((height, width, 4), np.uint8)
    rgba[..., :3] = rgb
    rgba[..., 3] = 255
    graded = finish(rgba, params, "calm", 0)
    if params.monochrome:  # a black-and-white film shows the photo in black and white too
        rgb = np.repeat(cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)[..., None], 3, axis=2)
    mixed = cv2.addWeighted(graded, REFERENCE_GRADE, rgb, 1.0 - REFERENCE_GRADE, 0.0)
    out: U8 = np.ascontiguousarray(mixed)
    return out


def _tokens(text: str) -> set[str]:
    text = re.sub(r"([a-z])([A-Z])", r"\1 \2", text)
    return {t for t in re.findall(r"[a-z]+", text.lower()) if t not in _STOP and len(t) > 1}


def _scene_words(scene: Scene) -> tuple[set[str], set[str]]:
    """(strong, weak) words of a scene: names and place words weigh more than description."""
    strong = {scene.setting.place.replace("_", " ")} | set(scene.setting.place.split("_"))
    strong |= set(PLACE_WORDS.get(scene.setting.place, ()))
    for name in scene.characters:
        strong |= _tokens(name)
    weak = _tokens(scene.description) | _tokens(scene.heading)
    weak |= set(_TIME_WORDS.get(scene.setting.time_of_day, ()))
    weak.add(scene.setting.weather)
    return strong, weak


def _score(stem_words: set[str], scene: Scene) -> float:
    strong, weak = _scene_words(scene)
    return 3.0 * len(stem_words & strong) + 1.0 * len(stem_words & (weak - strong))


def match_references(plan: FilmPlan, images: Sequence[Path]) -> FilmPlan:
    """Assign each image to the scene whose place, words and characters its name fits best.

    Best matches are taken first, one image per scene; images that match nothing fill the
    scenes still without an image, in order. Returns a new plan (plans are values).
    """
    scenes = list(plan.scenes)
    taken = {i for i, s in enumerate(scenes) if s.image}
    assigned: dict[int, str] = {}
    candidates: list[tuple[float, int, int]] = []
    for j, image in enumerate(images):
        words = _tokens(Path(image).stem)
        for i, scene in enumerate(scenes):
            score = _score(words, scene)
            if score > 0:
                candidates.append((score, j, i))
    candidates.sort(key=lambda c: (-c[0], c[1], c[2]))
    used: set[int] = set()
    for _score_value, j, i in candidates:
        if j in used or i in taken or i in assigned:
            continue
        assigned[i] = os.fspath(images[j])
        used.add(j)
    free = [i for i in range(len(scenes)) if i not in taken and i not in assigned]
    for j, image in enumerate(images):
        if j in used or not free:
            continue
        assigned[free.pop(0)] = os.fspath(image)
        used.add(j)
    new_scenes = [
        s.model_copy(update={"image": assigned[i]}) if i in assigned else s
        for i, s in enumerate(scenes)
    ]
    return plan.model_copy(update={"scenes": new_scenes})


@dataclass(frozen=True)
class PhotoColours:
    """A person's colours read from their photo (None where the photo does not show it)."""

    skin: RGB | None
    hair: RGB | None
    clothes: RGB | None


def _median(pixels: U8) -> RGB | None:
    if pixels.size < 3 * 12:
        return None
    m = np.median(pixels.reshape(-1, 3), axis=0) / 255.0
    return (float(m[0]), float(m[1]), float(m[2]))


def photo_colours(rgb: U8) -> PhotoColours:
    """Skin, hair and clothes colours of the person in a portrait photo.

    The face is the largest skin-toned region in the upper part of the picture (skin tones
    of every shade sit in a narrow YCrCb band); the hair is what lies just above it that is
    not skin, the clothes what lies below the chin.
    """
    h, w = rgb.shape[:2]
    ycc = cv2.cvtColor(np.ascontiguousarray(rgb), cv2.COLOR_RGB2YCrCb)
    skin_mask = cv2.inRange(ycc, np.array([40, 135, 80]), np.array([250, 175, 125]))
    skin_mask[int(h * 0.7) :] = 0
    count, labels, stats, _ = cv2.connectedComponentsWithStats(skin_mask)
    if count < 2:
        clothes = _median(rgb[int(h * 0.75) :, int(w * 0.3) : int(w * 0.7)])
        return PhotoColours(None, None, clothes)
    face = 1 + int(np.argmax(stats[1:, cv2.CC_STAT_AREA]))
    x, y, fw, fh = (int(v) for v in stats[face, :4])
    skin = _median(rgb[labels == face])
    above = rgb[max(0, y - fh // 3) : y + fh // 6, x : x + fw]
    not_skin = skin_mask[max(0, y - fh // 3) : y + fh // 6, x : x + fw] == 0
    hair = _median(above[not_skin]) if not_skin.any() else None
    chest = rgb[min(h - 1, y + int(fh * 1.3)) : min(h, y + int(fh * 2.5)), x : x + fw]
    return PhotoColours(skin, hair, _median(chest))


def look_from_photo(look: Look, colours: PhotoColours) -> Look:
    """The character's look in the photo's colours (skin, hair, clothes), shapes unchanged."""
    return replace(
        look,
        skin=colours.skin or look.skin,
        hair=colours.hair or look.hair,
        top=colours.clothes or look.top,
    )


def character_photos(plan: FilmPlan, images: Sequence[Path]) -> dict[str, Path]:
    """Images named after a character ("maya.jpg", "Don_Pedro.png"): that character's photo."""
    names = {frozenset(_tokens(c.name)): c.name for c in plan.characters}
    found: dict[str, Path] = {}
    for image in images:
        key = frozenset(_tokens(Path(image).stem))
        if key in names and names[key] not in found:
            found[names[key]] = Path(image)
    return found


def read_photo(path: Path) -> U8:
    """A photo as RGB (the same reader as scene references: clear errors for bad files)."""
    return _read(path)
