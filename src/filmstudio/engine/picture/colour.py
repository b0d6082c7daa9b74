"""Colour arithmetic on plain RGB float triples.

Every drawing module mixes, lightens and tints colours; doing it on small tuples (not skia
objects) keeps the maths readable and lets one lighting model (`light.py`) colour everything.
Values are linear-ish sRGB in 0..1; exactness matters less than consistency between modules.
"""

from __future__ import annotations

import colorsys
import zlib

import skia

RGB = tuple[float, float, float]


def hex_rgb(code: str) -> RGB:
    """'#rrggbb' to an RGB triple; palettes are written in hex because designers think in hex."""
    code = code.lstrip("#")
    return (int(code[0:2], 16) / 255.0, int(code[2:4], 16) / 255.0, int(code[4:6], 16) / 255.0)


def clamp(value: float, lo: float = 0.0, hi: float = 1.0) -> float:
    return lo if value < lo else hi if value > hi else value


def mix(a: RGB, b: RGB, t: float) -> RGB:
    """Linear blend from a (t=0) to b (t=1)."""
    t = clamp(t)
    return (a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t)


def mul(a: RGB, b: RGB) -> RGB:
    """Multiply two colours: how a surface of colour a looks under light of colour b."""
    return (a[0] * b[0], a[1] * b[1], a[2] * b[2])


def scale(a: RGB, k: float) -> RGB:
    return (clamp(a[0] * k), clamp(a[1] * k), clamp(a[2] * k))


def add(a: RGB, b: RGB) -> RGB:
    return (clamp(a[0] + b[0]), clamp(a[1] + b[1]), clamp(a[2] + b[2]))


def lighten(a: RGB, t: float) -> RGB:
    return mix(a, (1.0, 1.0, 1.0), t)


def darken(a: RGB, t: float) -> RGB:
    return mix(a, (0.0, 0.0, 0.0), t)


def luma(a: RGB) -> float:
    return 0.299 * a[0] + 0.587 * a[1] + 0.114 * a[2]


def saturate(a: RGB, k: float) -> RGB:
    """Scale saturation by k (0 gives grey, >1 more vivid)."""
    y = luma(a)
    return (clamp(y + (a[0] - y) * k), clamp(y + (a[1] - y) * k), clamp(y + (a[2] - y) * k))


def hsv(h: float, s: float, v: float) -> RGB:
    r, g, b = colorsys.hsv_to_rgb(h % 1.0, clamp(s), clamp(v))
    return (r, g, b)


def to_color4f(a: RGB, alpha: float = 1.0) -> skia.Color4f:
    return skia.Color4f(clamp(a[0]), clamp(a[1]), clamp(a[2]), clamp(alpha))


def to_color(a: RGB, alpha: float = 1.0) -> int:
    """Packed skia colour (what gradient shaders take)."""
    return int(
        skia.Color(
            round(clamp(a[0]) * 255),
            round(clamp(a[1]) * 255),
            round(clamp(a[2]) * 255),
            round(clamp(alpha) * 255),
        )
    )


def stable_hash(text: str) -> int:
    """A hash that is the same in every process (Python's hash() is salted per run)."""
    return zlib.crc32(text.encode("utf-8")) & 0xFFFFFFFF
