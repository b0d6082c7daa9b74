"""Water: real reflections of what is drawn above it, and waves in perspective.

The first attempt drew the sea as horizontal scratches. Here the water mirrors the pixels
already painted above it (sky, sun, shore, boats, lit windows), ripples that mirror image with
noise, and adds wave crests sampled on a receding plane, so waves shrink toward the horizon and
the sun lays a glittering path. Pixel work is done at half resolution: water is soft anyway.
"""

from __future__ import annotations

from contextvars import ContextVar

import cv2
import numpy as np
import skia

from filmstudio.engine.picture.canvas import F32, Ctx, Point, poly, premultiply, rect_path
from filmstudio.engine.picture.colour import RGB, lighten, mix, saturate
from filmstudio.engine.picture.noise import fbm1, fbm2, smoothstep

#: While a layered set is painted, the water bodies drawn (virtual x0, y0, x1, y1), so the
#: stage knows where waves roll and glitter without a second list of places kept in sync.
WATER_BOXES: ContextVar[list[tuple[float, float, float, float]] | None] = ContextVar(
    "water_boxes", default=None
)


def _mirror(
    ctx: Ctx, line: float, height: float, x0: float, x1: float, ripple: float, tag: str
) -> tuple[F32, int, int]:
    """The picture above `line` flipped below it, rippled; float RGB at half resolution."""
    k = ctx.k
    r_line = round(line * k)
    rh = max(2, round(height * k))
    c0, c1 = max(0, int(x0 * k)), min(ctx.px_w, int(x1 * k))
    top = max(0, r_line - rh)
    src = ctx.pixels[top:r_line, c0:c1, :3][::-1]
    if src.shape[0] < rh:
        pad = rh - src.shape[0]
        src = (
            np.concatenate([src, np.repeat(src[-1:], pad, axis=0)])
            if src.shape[0]
            else (np.zeros((rh, c1 - c0, 3), np.uint8))
        )
    hw, hh = max(2, (c1 - c0) // 2), max(2, rh // 2)
    small = cv2.resize(np.ascontiguousarray(src), (hw, hh), interpolation=cv2.INTER_AREA)
    rng = ctx.rng(tag)
    n = fbm2(rng, hh, hw, cells=max(2.0, hh / 6), octaves=3, stretch=6.0)
    t = np.linspace(0.15, 1.0, hh, dtype=np.float32)[:, None]
    amp = ripple * k / 2
    map_x = np.arange(hw, dtype=np.float32)[None, :] + (n - 0.5) * amp * 2.0 * t
    map_y = np.arange(hh, dtype=np.float32)[:, None] + (n - 0.5) * amp * 0.6 * t
    out = cv2.remap(
        small,
        map_x.astype(np.float32),
        map_y.astype(np.float32),
        cv2.INTER_LINEAR,
        borderMode=cv2.BORDER_REFLECT,
    )
    out = cv2.blur(out, (1, 3))
    return out.astype(np.float32) / 255.0, c0, c1


def reflect(
    ctx: Ctx,
    line: float,
    height: float,
    strength: float,
    tag: str,
    x0: float = 0.0,
    x1: float | None = None,
    ripple: float = 6.0,
    tint: RGB | None = None,
    clip: skia.Path | None = None,
    fade: float = 1.0,
) -> None:
    """Mirror what is above `line` into the band below it (water, wet stone, polished floor)."""
    x1 = ctx.W if x1 is None else x1
    if line * ctx.k >= ctx.px_h - 2 or strength <= 0:
        return
    height = min(height, ctx.H - line + 2)
    rgb, c0, c1 = _mirror(ctx, line, height, x0, x1, ripple, tag)
    hh = rgb.shape[0]
    if tint is not None:
        rgb = rgb * np.array(tint, np.float32) * 1.15
    alpha = (strength * (1.0 - fade * np.linspace(0.0, 0.85, hh, dtype=np.float32)))[:, None]
    alpha = np.repeat(alpha, rgb.shape[1], axis=1).astype(np.float32)
    canvas = ctx.canvas
    canvas.save()
    if clip is not None:
        canvas.clipPath(clip, doAntiAlias=True)
    ctx.draw_rgba(premultiply(rgb, alpha), c0 / ctx.k, line, (c1 - c0) / ctx.k, height)
    canvas.restore()


def draw_water(
    ctx: Ctx,
    top: float,
    deep: RGB,
    tag: str,
    bottom: float | None = None,
    clip: skia.Path | None = None,
    reflect_strength: float = 0.65,
    waves: float = 1.0,
    horizon: float | None = None,
) -> None:
    """A body of water from `top` down: base colour, mirrored scene, waves, sun glitter.

    `horizon` is the vanishing line of the water plane (the sea's own top edge for open sea,
    the picture's horizon for a river seen from a bank).
    """
    bottom = ctx.H + 5 if bottom is None else bottom
    horizon = top if horizon is None else horizon
    light = ctx.light
    area = clip if clip is not None else rect_path(-5, top, ctx.W + 5, bottom)
    boxes = WATER_BOXES.get()
    if boxes is not None:
        bounds = area.getBounds()
        boxes.append((bounds.left(), max(top, bounds.top()), bounds.right(), bounds.bottom()))
    far = ctx.shade(mix(deep, light.sky_horizon, 0.35), 0.5, lit=0.75)
    near = ctx.shade(saturate(deep, 1.2), 0.0, lit=0.5)
    ctx.fill_shader(area, ctx.vgrad(top, bottom, [far, near]))
    rough = waves * (1.6 if light.storm else 1.0)
    reflect(
        ctx,
        top,
        bottom - top,
        reflect_strength * (0.7 if light.storm else 0.85),
        tag + "r",
        ripple=5.0 + 7.0 * rough,
        clip=area,
        fade=1.0,
    )
    _waves(ctx, top, bottom, horizon, area, rough, tag)


def _waves(
    ctx: Ctx, top: float, bottom: float, horizon: float, area: skia.Path, rough: float, tag: str
) -> None:
    light = ctx.light
    k = ctx.k
    hh = max(4, int((bottom - top) * k / 2))
    hw = max(4, ctx.px_w // 2)
    rng = ctx.rng(tag + "w")
    tex = fbm2(rng, 256, 256, cells=6.0, octaves=4, gain=0.5, tile=True, stretch=3.0)
    tex = (tex - tex.mean()) / max(1e-6, float(tex.std()))
    ys = top + (np.arange(hh, dtype=np.float32) + 0.5) / hh * (bottom - top)
    xs = (np.arange(hw, dtype=np.float32) + 0.5) / hw * ctx.W
    d = np.maximum((ys - horizon) / ctx.H, 0.004)
    z = 0.06 / d
    map_x = ((xs[None, :] - ctx.W / 2) / ctx.H * z[:, None] * 2200.0 + 97.0) % 256.0
    map_y = np.repeat(((z * 700.0 + 31.0) % 256.0)[:, None], hw, axis=1)
    n = cv2.remap(
        tex,
        map_x.astype(np.float32),
        map_y.astype(np.float32),
        cv2.INTER_LINEAR,
        borderMode=cv2.BORDER_WRAP,
    )
    raw = n
    # Aliasing guard: far rows average toward zero instead of sparkling noise.
    calm = np.clip(z / 2.5, 0.0, 1.0)[:, None]
    n = n * (1.0 - calm * 0.8)
    crest = smoothstep(0.3, 1.9, n)
    trough = smoothstep(-0.1, -2.0, n)
    sky_light = np.array(lighten(mix(light.sky_horizon, light.sky_mid, 0.5), 0.25), np.float32)
    dark = np.array(mix(light.sky_top, (0.0, 0.05, 0.1), 0.5), np.float32)
    rgb = np.empty((hh, hw, 3), np.float32)
    rgb[:] = sky_light
    alpha = (crest * 0.55 * min(1.0, rough)).astype(np.float32)
    if light.sun_visible and light.sun_elevation < 0.9:
        sx = light.sun_x * ctx.W
        spread = 40.0 + (ys - top) * 0.6
        column = np.exp(-(((xs[None, :] - sx) / spread[:, None]) ** 2))
        low = 1.0 - min(1.0, light.sun_elevation * 1.4)
        path = column * (0.25 + 0.35 * low) * np.exp(-(ys[:, None] - top) / (bottom - top) * 2.5)
        glint = smoothstep(0.1, 1.0, raw) * column * (0.6 + 0.4 * low)
        glint = np.clip(glint * (1.0 if not light.is_moon else 0.8) + path, 0.0, 1.0)
        sun = np.array(lighten(light.sun_colour, 0.2), np.float32)
        rgb = rgb * (1 - glint[..., None]) + sun * glint[..., None]
        alpha = np.maximum(alpha, (glint * 0.95).astype(np.float32))
    shade_a = (trough * 0.3 * min(1.0, rough)).astype(np.float32)
    rgb = rgb * (1 - shade_a[..., None]) + dark * shade_a[..., None]
    alpha = np.maximum(alpha, shade_a)
    if light.storm or rough > 1.2:
        foam = smoothstep(1.3, 2.0, n) * (0.3 + 0.7 * (1 - calm))
        rgb = (
            rgb * (1 - foam[..., None])
            + np.array(lighten(light.sky_horizon, 0.5), np.float32) * foam[..., None]
        )
        alpha = np.maximum(alpha, foam.astype(np.float32))
    canvas = ctx.canvas
    canvas.save()
    canvas.clipPath(area, doAntiAlias=True)
    ctx.draw_rgba(premultiply(rgb, alpha), 0, top, ctx.W, bottom - top)
    canvas.restore()


def foam_line(ctx: Ctx, points: list[tuple[float, float]], width: float, tag: str) -> None:
    """Surf along a shoreline: a soft continuous band that swells and thins, plus spray."""
    rng = ctx.rng(tag)
    colour = ctx.shade(lighten(ctx.light.sky_horizon, 0.75), 0.1, lit=0.95)
    n = len(points)
    swell = fbm1(rng, n, cells=6, octaves=3)
    top: list[Point] = []
    bottom: list[Point] = []
    for i, (x, y) in enumerate(points):
        w = width * (0.25 + 1.3 * float(swell[i]) ** 2)
        top.append((x, y - w * 0.3))
        bottom.append((x, y + w))
    band = poly([*top, *reversed(bottom)])
    ctx.canvas.drawPath(band, ctx.paint(colour, 0.75, blur=max(0.4, width * 0.15)))
    ctx.canvas.drawPath(
        poly(top, close=False), ctx.paint(lighten(colour, 0.3), 0.8, stroke=max(0.8, width * 0.18))
    )
    dots = skia.Path()
    for _ in range(n * 3):
        i = int(rng.integers(n))
        x, y = points[i]
        dots.addCircle(
            x + rng.random() * 12 - 6,
            y + width * (0.8 + rng.random() * 2.5),
            0.6 + rng.random() * 1.4,
        )
    ctx.fill(dots, colour, 0.45)


def shine(ctx: Ctx, x0: float, x1: float, y: float, colour: RGB, alpha: float) -> None:
    """A thin highlight line (the lit edge of water meeting land or a quay)."""
    ctx.canvas.drawLine(x0, y, x1, y, ctx.paint(colour, alpha, stroke=1.2))


def mirror_ground(
    ctx: Ctx,
    base_rows: F32,
    top: float,
    strength: float,
    tag: str,
    clip: skia.Path | None = None,
    smear: float = 14.0,
) -> None:
    """Wet-ground reflection: each column mirrors the picture about its own base line.

    `base_rows` gives, per pixel column, the row where upright things meet the ground (a
    facade's foot, or the horizon between them). Mirroring per column keeps slanted
    perspective facades upright in their reflection, and a vertical smear turns every lamp and
    lit window into the long streak that says 'wet street at night'.
    """
    h, w = ctx.px_h, ctx.px_w
    r0 = max(0, int(top * ctx.k))
    if r0 >= h - 2:
        return
    f = 2
    sh, sw = max(2, (h - r0) // f), max(2, w // f)
    ys = r0 + (np.arange(sh, dtype=np.float32) + 0.5) * f
    base = cv2.resize(
        base_rows.reshape(1, -1).astype(np.float32), (sw, 1), interpolation=cv2.INTER_LINEAR
    )[0]
    src_y = 2.0 * base[None, :] - ys[:, None]
    valid = (ys[:, None] > base[None, :]).astype(np.float32)
    src_y = np.clip(src_y, 0, h - 1).astype(np.float32)
    rng = ctx.rng(tag)
    n = fbm2(rng, sh, sw, cells=max(2.0, sh / 10), octaves=3, stretch=5.0)
    src_x = (np.arange(sw, dtype=np.float32)[None, :] * f + (n - 0.5) * 10.0 * ctx.k).astype(
        np.float32
    )
    rgb = cv2.remap(
        ctx.pixels[..., :3], src_x, src_y, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REFLECT
    )
    k = max(1, int(smear * ctx.k / f))
    rgb = cv2.blur(rgb, (1, k)).astype(np.float32) / 255.0
    dist = np.clip((ys[:, None] - base[None, :]) / (h * 0.5), 0, 1)
    alpha = (strength * valid * (1.0 - dist * 0.6)).astype(np.float32)
    canvas = ctx.canvas
    canvas.save()
    if clip is not None:
        canvas.clipPath(clip, doAntiAlias=True)
    ctx.draw_rgba(premultiply(rgb * 0.85, alpha), 0, r0 / ctx.k, ctx.W, (h - r0) / ctx.k)
    canvas.restore()
