"""The finishing pass: style and mood grading, bloom, paper, vignette and grain.

Grading is where a style becomes recognisable (noir's contrast, watercolour's paper and
pooled pigment, cinematic teal-and-orange) and where mood tilts the palette; doing it on the
finished picture keeps every drawing module style-agnostic. Costly textures (grain, paper,
vignette masks) are cached per size and style, so a film's scenes share them and a style
looks identical in every scene.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import cv2
import numpy as np
from numpy.typing import NDArray

from filmstudio.engine.picture.noise import fbm2
from filmstudio.engine.picture.styles import Style

F32 = NDArray[np.float32]
U8 = NDArray[np.uint8]


@dataclass(frozen=True)
class MoodGrade:
    saturation: float = 1.0
    contrast: float = 1.0
    brightness: float = 0.0
    warmth: float = 0.0
    tint: tuple[float, float, float] = (0.0, 0.0, 0.0)
    bloom: float = 0.0
    vignette: float = 0.0


MOOD_GRADES: dict[str, MoodGrade] = {
    "calm": MoodGrade(0.92, 0.96, 0.01, 0.0, (0.0, 0.005, 0.012)),
    "hopeful": MoodGrade(1.05, 1.0, 0.03, 0.035, (0.01, 0.008, 0.0), 0.08),
    "tense": MoodGrade(0.78, 1.16, -0.03, -0.02, (-0.01, 0.012, 0.004), 0.0, 0.15),
    "sad": MoodGrade(0.62, 0.9, -0.03, -0.05, (0.0, 0.004, 0.02), 0.0, 0.1),
    "joyful": MoodGrade(1.2, 1.05, 0.04, 0.04, (0.012, 0.006, 0.0), 0.06),
    "epic": MoodGrade(1.06, 1.2, 0.0, 0.02, (0.0, 0.0, 0.0), 0.1, 0.12),
    "devotional": MoodGrade(1.05, 1.0, 0.02, 0.08, (0.02, 0.008, -0.01), 0.18, 0.05),
    "mysterious": MoodGrade(0.85, 1.08, -0.05, -0.04, (0.012, -0.006, 0.03), 0.05, 0.18),
    "romantic": MoodGrade(1.06, 0.95, 0.02, 0.03, (0.03, 0.0, 0.012), 0.15, 0.05),
}


@lru_cache(maxsize=4)
def _vignette(height: int, width: int) -> F32:
    ys = np.linspace(-1.0, 1.0, height, dtype=np.float32)[:, None]
    xs = np.linspace(-1.0, 1.0, width, dtype=np.float32)[None, :]
    d = np.sqrt(xs**2 * 0.85 + ys**2 * 1.1)
    mask = np.clip((d - 0.55) / 0.75, 0.0, 1.0) ** 1.6
    mask.setflags(write=False)
    return mask.astype(np.float32)


@lru_cache(maxsize=4)
def _grain(height: int, width: int, seed: int) -> F32:
    """Film grain: fine noise with a touch of clumping, centred on zero."""
    rng = np.random.default_rng(seed)
    tile_h, tile_w = min(height, 256), min(width, 256)
    fine = rng.standard_normal((tile_h, tile_w), dtype=np.float32)
    clump = cv2.GaussianBlur(fine, (0, 0), 1.0) * 1.6
    tile = (fine * 0.6 + clump * 0.4).astype(np.float32)
    reps = (height // tile_h + 1, width // tile_w + 1)
    out = np.tile(tile, reps)[:height, :width]
    out = np.ascontiguousarray(out)
    out.setflags(write=False)
    return out


@lru_cache(maxsize=4)
def _paper(height: int, width: int, seed: int) -> F32:
    """Paper: fibres (fine anisotropic noise) over gentle blotches, centred on zero."""
    rng = np.random.default_rng(seed)
    ph, pw = max(8, height // 2), max(8, width // 2)
    blotch = fbm2(rng, ph, pw, cells=6.0, octaves=5) - 0.5
    fibre = cv2.GaussianBlur(rng.standard_normal((ph, pw), dtype=np.float32), (0, 0), 0.8)
    paper = blotch * 0.9 + fibre * 0.12
    out: F32 = np.asarray(
        cv2.resize(paper.astype(np.float32), (width, height), interpolation=cv2.INTER_LINEAR),
        np.float32,
    )
    out.setflags(write=False)
    return out


@lru_cache(maxsize=4)
def _hatch(height: int, width: int, seed: int) -> F32:
    """Crayon texture: short diagonal strokes (noise smeared along a line kernel)."""
    rng = np.random.default_rng(seed)
    hh, hw = max(4, height // 2), max(4, width // 2)
    n = rng.standard_normal((hh, hw), dtype=np.float32)
    length = max(2, round(hh / 160))
    kernel = np.zeros((length * 2 + 1, length * 2 + 1), np.float32)
    cv2.line(kernel, (0, length * 2), (length * 2, 0), 1.0, 1)
    kernel /= kernel.sum()
    strokes: F32 = np.asarray(
        cv2.filter2D(n, -1, kernel, borderType=cv2.BORDER_REFLECT), np.float32
    )
    strokes = strokes / max(1e-6, float(strokes.std()))
    out: F32 = np.asarray(
        cv2.resize(strokes, (width, height), interpolation=cv2.INTER_LINEAR) * 0.5, np.float32
    )
    out.setflags(write=False)
    return out


def _blur_small(img: F32, sigma: float, factor: int = 4) -> F32:
    """Gaussian blur done at reduced size (cheap for large sigmas)."""
    h, w = img.shape[:2]
    small = cv2.resize(
        img, (max(1, w // factor), max(1, h // factor)), interpolation=cv2.INTER_AREA
    )
    small = cv2.GaussianBlur(small, (0, 0), max(0.5, sigma / factor))
    return cv2.resize(small, (w, h), interpolation=cv2.INTER_LINEAR).astype(np.float32)


def _watercolour(img: F32, style: Style, scale: float) -> F32:
    """Flat washes (edge-preserving smoothing), pigment pooled at wash edges, soft bleed."""
    h, w = img.shape[:2]
    f = 2 if h >= 540 else 1  # small pictures keep full resolution, or they just look blurred
    small = cv2.resize(img, (max(2, w // f), max(2, h // f)), interpolation=cv2.INTER_AREA)
    wash = cv2.bilateralFilter(small, 7, 0.14, max(1.0, 3.0 * scale * 2 / f))
    wash = cv2.bilateralFilter(wash, 7, 0.1, max(1.0, 2.0 * scale * 2 / f))
    soft = cv2.GaussianBlur(wash, (0, 0), max(0.6, 2.5 * scale * 2 / f))
    edges = np.abs(wash - soft).sum(axis=2)
    pooled = wash * (1.0 - np.clip(edges * style.edge_darken * 2.2, 0.0, 0.4))[..., None]
    bled = cv2.addWeighted(pooled, 0.88, soft, 0.12, 0.0)
    out: F32 = np.asarray(cv2.resize(bled, (w, h), interpolation=cv2.INTER_LINEAR), np.float32)
    out = 1.0 - (1.0 - out) * 0.9
    return out


def blur_background(pixels: U8, radius_px: float) -> None:
    """Depth of field: soften the already painted background in place (medium/close shots)."""
    if radius_px < 0.8:
        return
    rgb = pixels[..., :3]
    h, w = rgb.shape[:2]
    factor = 4 if radius_px > 6 else 2
    small = cv2.resize(
        rgb, (max(1, w // factor), max(1, h // factor)), interpolation=cv2.INTER_AREA
    )
    small = cv2.GaussianBlur(small, (0, 0), max(0.5, radius_px / factor))
    rgb[...] = cv2.resize(small, (w, h), interpolation=cv2.INTER_LINEAR)


def _ink(img: F32, style: Style, scale: float) -> None:
    """Trace line art over every contour (in place): the drawn look of anime and picture books.

    Edges are found on a slightly blurred copy so surface texture and grain do not ink, and
    the line width follows the picture height so a thumbnail and a 4K frame match.
    """
    grey = cv2.cvtColor(np.clip(img, 0.0, 1.0), cv2.COLOR_RGB2GRAY)
    grey8 = (cv2.GaussianBlur(grey, (0, 0), 0.8 + 0.6 * scale) * 255.0).astype(np.uint8)
    edges = cv2.Canny(grey8, 26, 70)
    width = max(1, round(style.ink_width * scale))
    if width > 1:
        edges = cv2.dilate(edges, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (width, width)))
    alpha: F32 = np.asarray(
        cv2.GaussianBlur(edges.astype(np.float32), (0, 0), 0.35 + 0.3 * scale), np.float32
    )
    alpha *= np.float32(style.ink_edges / 255.0)
    ink = np.array(style.ink_colour, np.float32)
    img -= (img - ink) * alpha[..., None]


def _colour_matrix(style: Style, mg: MoodGrade) -> NDArray[np.float32]:
    """Saturation, warmth, tint, contrast and brightness fused into one 3x4 affine matrix.

    They are all linear in RGB, so one cv2.transform pass replaces five full-frame passes.
    """
    weights = np.array([0.299, 0.587, 0.114], np.float32)
    eye = np.eye(3, dtype=np.float32)
    if style.monochrome:
        m = np.outer(np.ones(3, np.float32), np.array([0.42, 0.46, 0.12], np.float32))
        offset = np.zeros(3, np.float32)
    else:
        sat = style.saturation * mg.saturation
        m = np.outer(np.ones(3, np.float32), weights) * (1.0 - sat) + eye * sat
        warmth = style.warmth + mg.warmth
        m = np.diag(np.array([1.0 + warmth, 1.0, 1.0 - warmth], np.float32)) @ m
        offset = np.array(mg.tint, np.float32)
    contrast = style.contrast * mg.contrast
    pivot = 0.45
    m = m * contrast
    offset = (offset - pivot) * contrast + pivot + style.brightness + mg.brightness
    return np.hstack([m, offset[:, None]]).astype(np.float32)


def vignette_strength(style: Style, mood: str) -> float:
    """How much a style and a mood darken the corners of the frame (0..1)."""
    return min(1.0, style.vignette + MOOD_GRADES.get(mood, MoodGrade()).vignette)


def vignette_mask(width: int, height: int, strength: float) -> U8:
    """The frame's vignette as a luma multiplier (255: untouched), applied after compositing."""
    return np.asarray(255.0 * (1.0 - _vignette(height, width) * strength) + 0.5, np.float32).astype(
        np.uint8
    )


def finish(pixels: U8, style: Style, mood: str, seed: int, *, vignette: bool = True) -> U8:
    """Grade a painted RGBA picture into the final RGB uint8 array.

    `vignette=False` leaves the corners alone: a layer of a set or a character drawn apart is
    darkened by the frame it lands in (`vignette_mask`), not by its own edges.
    """
    h, w = pixels.shape[:2]
    img: F32 = pixels[..., :3].astype(np.float32)
    img *= 1.0 / 255.0
    mg = MOOD_GRADES.get(mood, MoodGrade())
    scale = h / 1000.0

    bloom = style.bloom + mg.bloom
    if bloom > 0.01:
        small = cv2.resize(img, (max(1, w // 4), max(1, h // 4)), interpolation=cv2.INTER_AREA)
        bright = np.maximum(small - 0.74, 0.0)
        glow = cv2.GaussianBlur(bright, (0, 0), 7.0 * scale + 1.0)
        glow += cv2.GaussianBlur(bright, (0, 0), 2.0 * scale + 0.5)
        glow *= bloom * 1.3
        img += cv2.resize(glow, (w, h), interpolation=cv2.INTER_LINEAR)

    if style.bleed > 0:
        img = _watercolour(img, style, scale)
    if style.ink_edges > 0:
        _ink(img, style, scale)

    luma: F32 = np.asarray(
        cv2.transform(img, np.array([[0.299, 0.587, 0.114]], np.float32)), np.float32
    )
    np.clip(luma, 0.0, 1.0, out=luma)
    if style.paper > 0:
        texture = _paper(h, w, 7) * (0.22 * style.paper)
        texture *= 1.0 - luma * 0.7
        img += texture[..., None]
    if style.hatch > 0:
        strokes = _hatch(h, w, 11) * (0.06 * style.hatch)
        strokes *= (1.0 - luma) ** 1.5
        img += strokes[..., None]
    img = np.asarray(cv2.transform(img, _colour_matrix(style, mg)), np.float32)
    if not style.monochrome and (any(style.shadow_tint) or any(style.highlight_tint)):
        lows = (1.0 - luma) ** 2
        highs = luma**2
        for c in range(3):
            img[..., c] += lows * style.shadow_tint[c] + highs * style.highlight_tint[c]
    vig = vignette_strength(style, mood) if vignette else 0.0
    if vig > 0.01:
        mask = _vignette(h, w) * vig
        img *= (1.0 - mask)[..., None]
        if any(style.vignette_colour):
            for c in range(3):
                img[..., c] += mask * style.vignette_colour[c]
    if style.grain > 0:
        img += (_grain(h, w, 5) * style.grain)[..., None]
    np.clip(img, 0.0, 1.0, out=img)
    img *= 255.0
    img += 0.5
    return img.astype(np.uint8)
