"""Weather drawn over a finished scene: rain, snow, fog, lightning.

Rain and snow are layered at three depths (far: fine and faint, near: big and soft) because a
single layer of identical streaks is what made the first attempts look scratched. Fog is a
noise-broken veil thickest near the ground and the horizon, which is also what lowers contrast.
"""

from __future__ import annotations

import math

import numpy as np
import skia

from filmstudio.engine.picture.canvas import Ctx, premultiply, rect_path
from filmstudio.engine.picture.colour import hex_rgb, lighten, mix
from filmstudio.engine.picture.noise import fbm2, smoothstep


def draw_rain(
    ctx: Ctx,
    amount: float,
    ground: float | None = None,
    x0: float = 0.0,
    y0: float = 0.0,
    x1: float | None = None,
    y1: float | None = None,
) -> None:
    """Slanted streaks in three depth layers, splashes on the ground, a wet haze."""
    x1 = ctx.W if x1 is None else x1
    y1 = ctx.H if y1 is None else y1
    rng = ctx.rng("rain")
    light = ctx.light
    wind = (rng.random() - 0.5) * 0.25 + (0.3 if light.storm else 0.1)
    colour = lighten(mix(light.sky_horizon, light.haze, 0.5), 0.45)
    area = (x1 - x0) * (y1 - y0) / (ctx.W * ctx.H)
    veil = rect_path(x0, y0, x1, y1)
    ctx.fill_shader(veil, ctx.vgrad(y0, y1, [colour, colour], [0.0, 0.12 * amount]))
    layers = [(0.9, 10.0, 0.7, 0.3), (0.4, 24.0, 1.1, 0.38), (0.09, 64.0, 2.0, 0.3)]
    min_width = 0.9 / ctx.k
    for density, length, width, alpha in layers:
        n = int(2600 * density * amount * area)
        path = skia.Path()
        xs = x0 + rng.random(n) * (x1 - x0 + 200) - 100
        ys = y0 + rng.random(n) * (y1 - y0)
        lens = length * (0.6 + rng.random(n) * 0.8)
        for x, y, ln in zip(xs, ys, lens, strict=True):
            path.moveTo(float(x), float(y))
            path.lineTo(float(x + wind * ln), float(y + ln))
        ctx.canvas.drawPath(
            path, ctx.paint(colour, alpha * min(1.0, amount), stroke=max(width, min_width))
        )
    if ground is not None and ground < y1:
        splash = skia.Path()
        for _ in range(int(260 * amount * (x1 - x0) / ctx.W)):
            t = rng.random() ** 0.8
            y = ground + (y1 - ground) * t
            x = x0 + rng.random() * (x1 - x0)
            w = 2.0 + 7.0 * t
            splash.addOval(skia.Rect(x - w, y - w * 0.22, x + w, y + w * 0.22))
        ctx.canvas.drawPath(splash, ctx.paint(colour, 0.3, stroke=0.8))


def draw_snow(
    ctx: Ctx,
    amount: float,
    x0: float = 0.0,
    y0: float = 0.0,
    x1: float | None = None,
    y1: float | None = None,
) -> None:
    """Falling snow: fine far flakes, mid flakes, a few large soft near ones."""
    x1 = ctx.W if x1 is None else x1
    y1 = ctx.H if y1 is None else y1
    rng = ctx.rng("snow")
    area = (x1 - x0) * (y1 - y0) / (ctx.W * ctx.H)
    colour = hex_rgb("#f4f7fb") if ctx.light.night < 0.6 else hex_rgb("#c9d3e6")
    veil = rect_path(x0, y0, x1, y1)
    ctx.fill_shader(veil, ctx.vgrad(y0, y1, [colour, colour], [0.05 * amount, 0.14 * amount]))
    for count, size, alpha, blur in (
        (1500, 1.3, 0.7, 0.0),
        (450, 2.8, 0.85, 0.5),
        (70, 7.5, 0.6, 3.0),
    ):
        path = skia.Path()
        n = int(count * amount * area)
        for _ in range(n):
            r = max(size * (0.6 + rng.random() * 0.8), 0.7 / ctx.k)
            path.addCircle(
                float(x0 + rng.random() * (x1 - x0)), float(y0 + rng.random() * (y1 - y0)), r
            )
        ctx.canvas.drawPath(path, ctx.paint(colour, alpha, blur=blur))


def fog_band(ctx: Ctx, y: float, height: float, strength: float, tag: str) -> None:
    """A drifting, noise-broken band of mist centred on y (between landscape layers)."""
    if strength <= 0:
        return
    gh, gw = 48, 160
    n = fbm2(ctx.rng(tag), gh, gw, cells=2.0, octaves=4, stretch=4.0)
    rows = np.linspace(-1.0, 1.0, gh, dtype=np.float32)[:, None]
    profile = np.exp(-(rows**2) * 3.0)
    alpha = np.clip(profile * (0.45 + 0.9 * (n - 0.5) + 0.4) * strength, 0, 1).astype(np.float32)
    colour = np.array(lighten(ctx.light.haze, 0.12), np.float32)
    rgb = np.empty((gh, gw, 3), np.float32)
    rgb[:] = colour
    ctx.draw_rgba(premultiply(rgb, alpha), -20, y - height / 2, ctx.W + 40, height)


def fog_veil(ctx: Ctx, strength: float) -> None:
    """An overall veil (thicker low down and toward the horizon): lowers contrast like fog."""
    if strength <= 0:
        return
    colour = lighten(ctx.light.haze, 0.08)
    full = rect_path(-5, -5, ctx.W + 5, ctx.H + 5)
    ctx.fill_shader(
        full,
        ctx.vgrad(
            0, ctx.H, [colour, colour, colour], [0.35 * strength, 0.6 * strength, 0.42 * strength]
        ),
    )
    gh, gw = 60, 160
    n = fbm2(ctx.rng("veil"), gh, gw, cells=2.5, octaves=4, stretch=3.0)
    alpha = (smoothstep(0.35, 0.8, n) * 0.35 * strength).astype(np.float32)
    rgb = np.empty((gh, gw, 3), np.float32)
    rgb[:] = np.array(colour, np.float32)
    ctx.draw_rgba(premultiply(rgb, alpha), -20, 0, ctx.W + 40, ctx.H)


def draw_lightning(ctx: Ctx, bottom: float) -> None:
    """A branching bolt with a glow, and the flash it throws on the clouds."""
    rng = ctx.rng("lightning")
    x = ctx.W * (0.2 + rng.random() * 0.6)
    ctx.glow(x, bottom * 0.3, ctx.W * 0.45, hex_rgb("#c9d6ff"), 0.35, ry=bottom * 0.6)

    def bolt(
        x0: float, y0: float, angle: float, length: float, depth: int, path: skia.Path
    ) -> None:
        path.moveTo(x0, y0)
        steps = 10
        for _ in range(steps):
            angle += (rng.random() - 0.5) * 0.9
            angle = max(math.radians(50), min(math.radians(130), angle))
            x1 = x0 + math.cos(angle) * length / steps
            y1 = y0 + math.sin(angle) * length / steps
            path.lineTo(x1, y1)
            if depth < 2 and rng.random() < 0.25:
                bolt(x1, y1, angle + (rng.random() - 0.5) * 1.4, length * 0.35, depth + 1, path)
                path.moveTo(x1, y1)
            x0, y0 = x1, y1

    path = skia.Path()
    bolt(x, 0, math.radians(90), bottom * 1.05, 0, path)
    canvas = ctx.canvas
    px = 1.0 / ctx.k
    glow = ctx.paint(
        hex_rgb("#9fb4ff"), 0.45, stroke=max(10.0, 5 * px), blur=6, blend=skia.BlendMode.kScreen
    )
    canvas.drawPath(path, glow)
    canvas.drawPath(path, ctx.paint(hex_rgb("#e8eeff"), 0.95, stroke=max(2.6, 1.6 * px)))
    canvas.drawPath(path, ctx.paint(hex_rgb("#ffffff"), 1.0, stroke=max(1.1, 0.9 * px)))
