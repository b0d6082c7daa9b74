"""Reference images: cover-crop without distortion, clear errors, matching by file name."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image

from filmstudio.engine.errors import ImageError
from filmstudio.engine.picture import load_reference, match_references
from filmstudio.engine.plan import FilmPlan, Scene, Setting


def _circle_image(path: Path, width: int, height: int) -> None:
    img = np.zeros((height, width, 3), np.uint8)
    cv2.circle(img, (width // 2, height // 2), min(width, height) // 8, (255, 255, 255), -1)
    Image.fromarray(img).save(path)


@pytest.mark.parametrize(
    ("src", "dst"), [((400, 200), (96, 96)), ((200, 400), (160, 90)), ((300, 300), (64, 128))]
)
def test_cover_crop_keeps_the_aspect_ratio(
    tmp_path: Path, src: tuple[int, int], dst: tuple[int, int]
) -> None:
    path = tmp_path / "circle.png"
    _circle_image(path, *src)
    out = load_reference(path, dst[0], dst[1], "documentary")
    assert out.shape == (dst[1], dst[0], 3) and out.dtype == np.uint8
    mask = out.mean(axis=2) > 128
    ys, xs = np.nonzero(mask)
    w, h = xs.max() - xs.min() + 1, ys.max() - ys.min() + 1
    assert abs(w - h) <= max(2, 0.06 * max(w, h)), f"circle became {w}x{h}"
    assert abs((xs.min() + xs.max()) / 2 - dst[0] / 2) < 3, "crop must be centred"


def test_reference_is_graded_toward_the_style(tmp_path: Path) -> None:
    path = tmp_path / "colour.png"
    img = np.zeros((90, 160, 3), np.uint8)
    img[:, :80] = (200, 40, 40)
    img[:, 80:] = (40, 90, 200)
    Image.fromarray(img).save(path)
    noir = load_reference(path, 160, 90, "noir")
    colour = load_reference(path, 160, 90, "documentary")
    assert (
        np.abs(noir[..., 0].astype(int) - noir[..., 2]).mean()
        < np.abs(colour[..., 0].astype(int) - colour[..., 2]).mean()
    )


def test_missing_file_is_an_image_error(tmp_path: Path) -> None:
    missing = tmp_path / "nope.jpg"
    with pytest.raises(ImageError, match=r"nope\.jpg"):
        load_reference(missing, 64, 36)


def test_folder_is_an_image_error(tmp_path: Path) -> None:
    with pytest.raises(ImageError, match="not a file"):
        load_reference(tmp_path, 64, 36)


def test_broken_file_is_an_image_error(tmp_path: Path) -> None:
    broken = tmp_path / "broken.jpg"
    broken.write_bytes(b"\xff\xd8\xff\xe0 this is not really a jpeg")
    with pytest.raises(ImageError, match=r"broken\.jpg"):
        load_reference(broken, 64, 36)


def _plan() -> FilmPlan:
    def scene(n: int, place: str, desc: str, chars: list[str]) -> Scene:
        return Scene(
            scene_number=n, description=desc, setting=Setting(place=place), characters=chars
        )

    return FilmPlan(
        scenes=[
            scene(1, "beach", "Maya walks by the sea.", ["Maya"]),
            scene(2, "cafe", "Arun orders coffee.", ["Arun"]),
            scene(3, "forest", "They get lost among the trees.", ["Maya", "Arun"]),
            scene(4, "temple", "An old priest lights a lamp.", []),
        ]
    )


def test_match_references_by_filename_keywords() -> None:
    plan = _plan()
    images = [
        Path("/refs/holiday_001.jpg"),
        Path("/refs/Coffee-Shop.png"),
        Path("/refs/sunset_beach.jpg"),
        Path("/refs/lamp.jpg"),
    ]
    matched = match_references(plan, images)
    got = [s.image for s in matched.scenes]
    assert got[0] == "/refs/sunset_beach.jpg"
    assert got[1] == "/refs/Coffee-Shop.png"
    assert got[3] == "/refs/lamp.jpg"
    assert got[2] == "/refs/holiday_001.jpg", "unmatched images fill the remaining scenes"
    assert [s.image for s in plan.scenes] == [None] * 4, "the input plan is not changed"


def test_match_references_by_character_name() -> None:
    matched = match_references(_plan(), [Path("arun.jpg")])
    assert [s.image for s in matched.scenes] == [None, "arun.jpg", None, None]


def test_more_images_than_scenes_and_none_at_all() -> None:
    plan = _plan()
    many = [Path(f"x{i}.png") for i in range(6)]
    assert [s.image for s in match_references(plan, many).scenes] == [
        "x0.png",
        "x1.png",
        "x2.png",
        "x3.png",
    ]
    assert match_references(plan, []) == plan


def test_noir_reference_is_black_and_white(tmp_path: Path) -> None:
    rng = np.random.default_rng(1)
    colourful = rng.integers(0, 255, size=(60, 100, 3), dtype=np.uint8)
    path = tmp_path / "colourful.png"
    Image.fromarray(colourful).save(path)
    out = load_reference(path, 64, 36, "noir").astype(np.int16)
    assert np.abs(out[..., 0] - out[..., 2]).max() <= 2


def _portrait_photo(skin: tuple[int, int, int], hair: tuple[int, int, int]) -> np.ndarray:
    """A plain synthetic portrait: a face, hair on top, a green shirt, a grey wall."""
    photo = np.full((400, 300, 3), 128, np.uint8)
    cv2.ellipse(photo, (150, 95), (75, 60), 0, 180, 360, hair, -1)  # hair crown
    cv2.ellipse(photo, (150, 130), (55, 70), 0, 0, 360, skin, -1)  # face
    cv2.rectangle(photo, (60, 260), (240, 400), (40, 150, 60), -1)  # shirt
    return photo


def test_a_characters_photo_gives_the_look_its_colours(tmp_path: Path) -> None:
    from filmstudio.engine.picture.looks import look_for
    from filmstudio.engine.picture.reference import (
        character_photos,
        look_from_photo,
        photo_colours,
        read_photo,
    )
    from filmstudio.engine.plan import Character, FilmPlan

    path = tmp_path / "don_pedro.png"
    Image.fromarray(_portrait_photo((205, 150, 120), (30, 25, 20))).save(path)
    plan = FilmPlan(
        scenes=[Scene(scene_number=1)],
        characters=[Character(name="Don Pedro"), Character(name="Rosa")],
    )
    photos = character_photos(plan, [path, tmp_path / "beach.png"])
    assert photos == {"Don Pedro": path}
    colours = photo_colours(read_photo(path))
    look = look_from_photo(look_for("Don Pedro", plan.characters[0]), colours)
    assert np.allclose(look.skin, (205 / 255, 150 / 255, 120 / 255), atol=0.03)
    assert np.allclose(look.hair, (30 / 255, 25 / 255, 20 / 255), atol=0.05)
    assert np.allclose(look.top, (40 / 255, 150 / 255, 60 / 255), atol=0.05)
    dark = photo_colours(_portrait_photo((110, 70, 50), (15, 12, 10)))
    assert dark.skin is not None and dark.skin[0] < 0.5, "darker skin is found too"


def test_a_plan_characters_photo_reaches_every_look_of_the_cast(tmp_path: Path) -> None:
    """`Character.image` (set from a photo named after the character) colours the cast's look."""
    from filmstudio.engine.picture.looks import cast_looks
    from filmstudio.engine.plan import Character

    path = tmp_path / "rosa.png"
    Image.fromarray(_portrait_photo((205, 150, 120), (30, 25, 20))).save(path)
    plain = cast_looks([("Rosa", Character(name="Rosa"))])["Rosa"]
    photographed = cast_looks([("Rosa", Character(name="Rosa", image=str(path)))])["Rosa"]
    assert np.allclose(photographed.top, (40 / 255, 150 / 255, 60 / 255), atol=0.05)
    assert not np.allclose(plain.top, photographed.top, atol=0.05)
