"""Picture providers: who paints a scene, chosen by configuration.

The procedural painter is the offline default; a diffusion model is a plug-in for machines with
a GPU and a model folder; the fake paints flat colours so other stages' tests run instantly.
Third-party packages add providers under the ``filmstudio.picture`` entry-point group without
touching this file.
"""

from __future__ import annotations

from importlib.metadata import entry_points
from typing import Any, Protocol

import numpy as np
from numpy.typing import NDArray

from filmstudio.engine.errors import ChoiceError
from filmstudio.engine.picture.diffusion import DiffusionPictureProvider
from filmstudio.engine.picture.scene import check_size, paint_scene
from filmstudio.engine.plan import FilmPlan, Scene
from filmstudio.engine.plugins import build

ENTRY_POINT_GROUP = "filmstudio.picture"


class PictureProvider(Protocol):
    """Anything that can illustrate a scene: RGB uint8 pixels of shape (height, width, 3)."""

    name: str

    def paint(self, scene: Scene, plan: FilmPlan, width: int, height: int) -> NDArray[np.uint8]: ...


class ProceduralPictures:
    """The offline default: scenes drawn with skia, deterministic for a plan and size."""

    name = "procedural"

    def paint(self, scene: Scene, plan: FilmPlan, width: int, height: int) -> NDArray[np.uint8]:
        return paint_scene(scene, plan, width, height)


#: Colours for the fake painter, picked by scene number so neighbouring scenes differ.
_FAKE_COLOURS: tuple[tuple[int, int, int], ...] = (
    (200, 80, 60),
    (60, 140, 200),
    (90, 170, 90),
    (220, 190, 70),
    (150, 90, 170),
    (70, 170, 170),
)


class FakePictures:
    """A flat colour per scene number: instant pictures with the real provider's contract."""

    name = "fake"

    def paint(self, scene: Scene, plan: FilmPlan, width: int, height: int) -> NDArray[np.uint8]:
        check_size(width, height)
        colour = _FAKE_COLOURS[(scene.scene_number - 1) % len(_FAKE_COLOURS)]
        return np.full((height, width, 3), colour, dtype=np.uint8)


#: Our picture providers by name; configuration picks one.
PICTURE_PROVIDERS: dict[str, type[PictureProvider]] = {
    ProceduralPictures.name: ProceduralPictures,
    FakePictures.name: FakePictures,
    DiffusionPictureProvider.name: DiffusionPictureProvider,
}
DEFAULT_PICTURE_PROVIDER = ProceduralPictures.name


def picture_provider_classes() -> dict[str, type[PictureProvider]]:
    """Ours plus those installed packages declare; ours win a name clash."""
    classes = dict(PICTURE_PROVIDERS)
    for point in entry_points(group=ENTRY_POINT_GROUP):
        classes.setdefault(point.name, point.load())
    return classes


def get_picture_provider(name: str, **options: Any) -> PictureProvider:
    """A new provider called `name`, built with `options`; ChoiceError if there is none."""
    key = name.strip().lower()
    classes = PICTURE_PROVIDERS if key in PICTURE_PROVIDERS else picture_provider_classes()
    if key not in classes:
        raise ChoiceError(
            f"Unknown picture engine '{name}'. Choose one of: {', '.join(sorted(classes))}."
        )
    return build(classes[key], options, f"picture engine '{key}'")
