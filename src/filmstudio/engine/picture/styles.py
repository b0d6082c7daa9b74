"""The visual styles a user can pick (plan.style) and the numbers behind each.

A style is a fixed set of parameters, not per-scene logic, so the same style looks the same
in every scene of a film: it decides line work and texture while painting (`outline`,
`texture`, `hard_shadows`) and the grade afterwards (`grade.py`). Adding a style means adding
one entry here.
"""

from __future__ import annotations

from dataclasses import dataclass

from filmstudio.engine.errors import ChoiceError
from filmstudio.engine.picture.colour import RGB, hex_rgb


@dataclass(frozen=True)
class Style:
    """How a style paints and grades; see `grade.py` for how each number is used."""

    name: str
    description: str
    outline: float = 0.0  # ink line width in virtual units (picture height = 1000)
    outline_ink: float = 0.7  # how far outlines darken the fill colour (1 = black)
    texture: float = 0.35  # strength of noise texture on surfaces
    hard_shadows: bool = False  # cel shading on figures
    saturation: float = 1.0
    contrast: float = 1.0
    brightness: float = 0.0
    shadow_tint: RGB = (0.0, 0.0, 0.0)  # added to dark tones
    highlight_tint: RGB = (0.0, 0.0, 0.0)  # added to light tones
    warmth: float = 0.0  # >0 warmer, <0 cooler
    bloom: float = 0.0
    vignette: float = 0.0
    vignette_colour: RGB = (0.0, 0.0, 0.0)
    grain: float = 0.0
    monochrome: bool = False
    paper: float = 0.0  # paper/canvas texture strength
    edge_darken: float = 0.0  # watercolour pigment pooling at edges
    bleed: float = 0.0  # softening of edges (watercolour)
    hatch: float = 0.0  # crayon hatching (storybook)
    posterize: int = 0  # quantise tones to this many levels (0: off)
    dof: float = 1.0  # background blur in medium and close shots (relative)
    face_detail: bool = True
    #: how much bolder and darker face features (eyes, brows, nose, mouth) are drawn: a
    #: style whose grade softens and lightens small shapes (watercolour's washes and lifted
    #: blacks) draws them bolder, so a face still reads at 720p in a medium shot
    feature_weight: float = 1.0
    ink_edges: float = 0.0  # line art traced over every contour of the finished picture
    ink_width: float = 1.0  # its width in virtual units (picture height = 1000)
    ink_colour: RGB = (0.05, 0.04, 0.06)


_STYLES: tuple[Style, ...] = (
    Style(
        "cinematic",
        "Filmic teal-and-orange grade, soft bloom, gentle grain and vignette, shallow focus.",
        texture=0.3,
        saturation=1.05,
        contrast=1.12,
        shadow_tint=(-0.05, 0.012, 0.065),
        highlight_tint=(0.065, 0.025, -0.045),
        bloom=0.35,
        vignette=0.42,
        grain=0.022,
        dof=1.0,
    ),
    Style(
        "anime",
        "Clean cel-shaded animation: vivid skies, crisp ink outlines, flat two-tone shadows.",
        outline=2.0,
        outline_ink=0.8,
        texture=0.05,
        hard_shadows=True,
        saturation=1.38,
        contrast=1.08,
        brightness=0.035,
        shadow_tint=(-0.02, 0.0, 0.05),
        highlight_tint=(0.0, 0.015, 0.04),
        bloom=0.3,
        vignette=0.06,
        grain=0.0,
        posterize=0,
        dof=0.6,
        ink_edges=0.75,
        ink_width=1.4,
        ink_colour=(0.1, 0.08, 0.16),
    ),
    Style(
        "watercolor",
        "Soft pigment washes on textured paper, bleeding edges and a light pastel palette.",
        texture=0.15,
        saturation=0.82,
        contrast=0.86,
        brightness=0.06,
        bloom=0.1,
        vignette=0.35,
        vignette_colour=hex_rgb("#f4efe2"),
        grain=0.0,
        paper=0.9,
        edge_darken=0.55,
        bleed=1.0,
        dof=0.5,
        face_detail=False,
        feature_weight=1.6,
    ),
    Style(
        "documentary",
        "Natural, true-to-life colour with neutral contrast and light film grain.",
        texture=0.45,
        saturation=0.74,
        contrast=0.94,
        brightness=0.01,
        shadow_tint=(-0.01, 0.02, 0.015),
        highlight_tint=(0.01, 0.01, 0.0),
        bloom=0.0,
        vignette=0.05,
        grain=0.022,
        dof=0.5,
    ),
    Style(
        "noir",
        "High-contrast black and white with deep shadows, heavy grain and a dark vignette.",
        outline=0.0,
        texture=0.4,
        hard_shadows=True,
        saturation=0.0,
        contrast=1.38,
        brightness=-0.07,
        bloom=0.3,
        vignette=0.7,
        grain=0.05,
        monochrome=True,
        dof=1.0,
    ),
    Style(
        "storybook",
        "Warm picture-book illustration: soft brown ink lines, crayon texture, cosy colours.",
        outline=3.0,
        outline_ink=0.62,
        texture=0.2,
        saturation=1.1,
        contrast=0.9,
        brightness=0.05,
        warmth=0.09,
        shadow_tint=(0.05, 0.02, -0.02),
        highlight_tint=(0.03, 0.02, -0.03),
        bloom=0.1,
        vignette=0.38,
        vignette_colour=hex_rgb("#6b4a2e"),
        paper=0.85,
        hatch=1.0,
        dof=0.3,
        ink_edges=0.72,
        ink_width=2.6,
        ink_colour=hex_rgb("#2e1b0e"),
    ),
    Style(
        "vintage",
        "Faded sepia film print: lifted blacks, warm cast, dust and strong grain.",
        texture=0.3,
        saturation=0.35,
        contrast=0.9,
        brightness=0.02,
        warmth=0.1,
        shadow_tint=(0.06, 0.03, -0.01),
        highlight_tint=(0.03, 0.0, -0.05),
        bloom=0.2,
        vignette=0.55,
        vignette_colour=hex_rgb("#2a1d12"),
        grain=0.04,
        dof=0.8,
    ),
)

_BY_NAME: dict[str, Style] = {style.name: style for style in _STYLES}

#: Style name -> one-line description, in the order the UI should list them.
STYLES: dict[str, str] = {style.name: style.description for style in _STYLES}


def get_style(name: str) -> str:
    """The style's description, or a ChoiceError listing the known styles."""
    key = name.strip().lower()
    if key not in STYLES:
        raise ChoiceError(f"Unknown style '{name}'. Choose one of: {', '.join(STYLES)}.")
    return STYLES[key]


def style_params(name: str) -> Style:
    """The parameters of a style (validated with the same error as `get_style`)."""
    get_style(name)
    return _BY_NAME[name.strip().lower()]
