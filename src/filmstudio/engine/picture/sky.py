"""Sky: gradient, sun or moon, stars and perspective clouds.

The sky sets the time of day more than anything else, so it gets the most care per pixel:
clouds are sampled on a receding cloud plane (they shrink and flatten toward the horizon, as
real ones do) and lit from the sun's side, so sunsets get glowing undersides for free.
"""

from __future__ import annotations

import math

import cv2
import numpy as np
import skia

from filmstudio.engine.picture.canvas import F32, Ctx, oval_path, premultiply, rect_path
from filmstudio.engine.picture.colour import RGB, hex_rgb, lighten, mix, scale, to_color
from filmstudio.engine.picture.noise import fbm2, smoothstep


def sun_position(ctx: Ctx) -> tuple[float, float]:
    """Where the sun (or moon) sits, in virtual units."""
    light = ctx.light
    return light.sun_x * ctx.W, ctx.horizon - light.sun_elevation * ctx.horizon


def draw_sky(ctx: Ctx, bottom: float | None = None) -> None:
    """Gradient, horizon glow, stars, sun/moon and clouds above `bottom` (default horizon)."""
    light = ctx.light
    bottom = ctx.horizon if bottom is None else bottom
    canvas = ctx.canvas
    sky = rect_path(-5, -5, ctx.W + 5, ctx.H + 5)
    ctx.fill_shader(
        sky,
        ctx.vgrad(
            0,
            ctx.horizon,
            [
                light.sky_top,
                mix(light.sky_top, light.sky_mid, 0.6),
                light.sky_mid,
                light.sky_horizon,
            ],
        ),
    )
    sx, sy = sun_position(ctx)
    if light.glow_strength > 0:
        canvas.save()
        canvas.clipPath(sky)
        ctx.glow(
            sx,
            ctx.horizon,
            ctx.W * 0.75,
            light.glow,
            light.glow_strength * 0.8,
            ry=ctx.horizon * 0.75,
        )
        ctx.glow(
            sx,
            ctx.horizon,
            ctx.W * 0.3,
            lighten(light.glow, 0.3),
            light.glow_strength * 0.55,
            ry=ctx.horizon * 0.28,
        )
        canvas.restore()
    if light.stars > 0:
        draw_stars(ctx, light.stars, bottom)
    if light.sun_visible:
        if light.is_moon:
            draw_moon(ctx, sx, sy, light.sun_radius)
        else:
            draw_sun(ctx, sx, sy, light.sun_radius)
    if light.cloud_cover > 0:
        draw_clouds(ctx, bottom)


def draw_sun(ctx: Ctx, x: float, y: float, radius: float) -> None:
    light = ctx.light
    canvas = ctx.canvas
    canvas.save()
    canvas.clipRect(skia.Rect(0, 0, ctx.W, ctx.horizon))
    ctx.glow(x, y, radius * 9, light.sun_colour, 0.45)
    ctx.glow(x, y, radius * 3.2, lighten(light.sun_colour, 0.4), 0.7)
    low = light.sun_elevation < 0.3
    core = mix(light.sun_colour, hex_rgb("#ffffff"), 0.25 if low else 0.75)
    canvas.drawCircle(x, y, radius, ctx.paint(core, 1.0))
    canvas.restore()


def draw_moon(ctx: Ctx, x: float, y: float, radius: float) -> None:
    light = ctx.light
    canvas = ctx.canvas
    ctx.glow(x, y, radius * 7, hex_rgb("#8fa6d6"), 0.28)
    disc = oval_path(x, y, radius, radius)
    rng = ctx.rng("moon")
    if rng.random() < 0.5:
        bite = oval_path(x - radius * 0.45, y - radius * 0.2, radius * 0.95, radius * 0.95)
        disc = skia.Op(disc, bite, skia.PathOp.kDifference_PathOp)
        canvas.drawPath(disc, ctx.paint(light.sun_colour))
        return
    canvas.drawPath(disc, ctx.paint(light.sun_colour))
    canvas.save()
    canvas.clipPath(disc, doAntiAlias=True)
    for _ in range(6):
        mx = x + (rng.random() - 0.5) * radius * 1.3
        my = y + (rng.random() - 0.5) * radius * 1.3
        mr = radius * (0.15 + rng.random() * 0.3)
        canvas.drawCircle(mx, my, mr, ctx.paint(hex_rgb("#b9b8ab"), 0.35))
    canvas.restore()


def draw_stars(ctx: Ctx, amount: float, bottom: float) -> None:
    rng = ctx.rng("stars")
    n = int(ctx.W * 0.5 * amount)
    xs = rng.random(n) * ctx.W
    ys = (rng.random(n) ** 1.6) * bottom * 0.95
    sizes = 0.5 + rng.random(n) ** 6 * 2.2
    bright = 0.35 + rng.random(n) * 0.65
    fade = 1.0 - np.clip(ys / max(1.0, ctx.horizon), 0, 1) ** 2
    canvas = ctx.canvas
    for i in range(n):
        a = float(bright[i] * fade[i] * amount)
        if a < 0.05:
            continue
        tint = (1.0, 0.95, 0.85) if i % 7 == 0 else (0.85, 0.9, 1.0)
        canvas.drawCircle(float(xs[i]), float(ys[i]), float(sizes[i]), ctx.paint(tint, a))
        if sizes[i] > 2.0:
            ctx.glow(float(xs[i]), float(ys[i]), float(sizes[i]) * 6, tint, a * 0.4)


def _cloud_colours(ctx: Ctx) -> tuple[RGB, RGB]:
    light = ctx.light
    lit, dark = {
        "dawn": ("#ffd1c2", "#6d6a8c"),
        "day": ("#fbfcff", "#a9b5c8"),
        "golden_hour": ("#ffd9a0", "#8c7483"),
        "dusk": ("#ff9e78", "#3f3556"),
        "night": ("#46536f", "#11172a"),
    }.get(light.time, ("#ffffff", "#a0a8b8"))
    lit_c, dark_c = hex_rgb(lit), hex_rgb(dark)
    if light.cloud_dark > 0:
        grey = mix(light.sky_top, light.sky_mid, 0.5)
        lit_c = mix(lit_c, lighten(grey, 0.25), light.cloud_dark)
        dark_c = mix(dark_c, scale(grey, 0.55), light.cloud_dark)
    return lit_c, dark_c


def draw_clouds(ctx: Ctx, bottom: float) -> None:
    """Clouds on a plane receding to the horizon, lit from the sun's side."""
    light = ctx.light
    horizon = max(bottom, ctx.horizon)
    gh = max(24, int(horizon * ctx.k / 4))
    gw = max(32, int(ctx.px_w / 4))
    rng = ctx.rng("clouds")
    src_h, src_w = gh * 2, int(gw * 1.6)
    tex = fbm2(rng, src_h, src_w, cells=3.0, octaves=6, gain=0.55, stretch=3.0)
    tex = (tex - tex.mean()) / max(1e-6, float(tex.std()))
    ys = (np.arange(gh, dtype=np.float32) + 0.5) / gh * horizon
    xs = (np.arange(gw, dtype=np.float32) + 0.5) / gw * ctx.W
    u = np.clip(ys / ctx.horizon, 0.0, 1.0)
    # Rows crowd together and features shrink toward the horizon: a cheap cloud-plane look.
    src_rows = (0.55 * u + 0.45 * u**3) * (src_h - 1)
    squeeze = 1.0 + 1.4 * u**2
    cx = (src_w - 1) / 2.0
    map_x = (cx + (xs[None, :] / ctx.W - 0.5) * (gw - 1) * squeeze[:, None]).astype(np.float32)
    map_y = np.repeat(src_rows[:, None], gw, axis=1).astype(np.float32)
    n = cv2.remap(tex, map_x, map_y, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REFLECT)
    sun_x, sun_y = (light.sun_x * 2 - 1) * 0.5, -1.0 if light.sun_elevation > 0.35 else 0.8
    shift_x, shift_y = int(-sun_x * 6), int(sun_y * 5)
    pad = max(abs(shift_x), abs(shift_y)) + 1
    padded = np.pad(n, pad, mode="edge")
    lit_n = padded[pad - shift_y : pad - shift_y + gh, pad - shift_x : pad - shift_x + gw]

    cover = light.cloud_cover
    threshold = 1.3 - 2.5 * cover
    density = smoothstep(threshold, threshold + 0.9 + cover * 0.6, n)
    shade_src = smoothstep(threshold - 0.2, threshold + 1.4, lit_n)
    lightness = np.clip(1.0 - shade_src * 0.9 + (density - shade_src) * 0.8, 0, 1)
    near_h = smoothstep(0.0, 0.18, (ctx.horizon - ys) / ctx.H)[:, None]
    alpha: F32 = (density * (0.25 + 0.75 * near_h) * min(1.0, 0.55 + cover)).astype(np.float32)

    lit_c, dark_c = _cloud_colours(ctx)
    lit_a = np.array(lit_c, np.float32)
    dark_a = np.array(dark_c, np.float32)
    rgb = dark_a + (lit_a - dark_a) * lightness[..., None]
    haze = np.array(light.sky_horizon, np.float32)
    far = (1.0 - near_h)[..., None] * 0.6
    rgb = rgb * (1 - far) + haze * far
    if light.sun_visible and not light.is_moon:
        sx = light.sun_x * ctx.W
        sy = ctx.horizon - light.sun_elevation * ctx.horizon
        d = np.sqrt(((xs[None, :] - sx) / 260.0) ** 2 + ((ys[:, None] - sy) / 200.0) ** 2)
        rim = np.clip(1.0 - d, 0, 1) ** 2
        rgb = rgb + (np.array(light.sun_colour, np.float32) * 0.6) * (rim * alpha)[..., None]
    ctx.draw_rgba(premultiply(rgb.astype(np.float32), alpha), 0, 0, ctx.W, horizon)


def draw_milky_way(ctx: Ctx, strength: float = 1.0) -> None:
    """A diagonal band of faint light and dust for clear nights and space."""
    rng = ctx.rng("milky")
    gh, gw = 135, 240
    n = fbm2(rng, gh, gw, cells=3.0, octaves=6)
    yy, xx = np.mgrid[0:gh, 0:gw].astype(np.float32)
    u = (xx / gw - 0.5) * ctx.W / ctx.H
    v = yy / gh - 0.5
    band = np.exp(-(((v + u * 0.45) / 0.16) ** 2)).astype(np.float32)
    dust = smoothstep(0.45, 0.7, fbm2(rng, gh, gw, cells=6.0, octaves=4))
    alpha = np.clip(band * (0.25 + 0.75 * n) * (1 - dust * 0.7) * 0.45 * strength, 0, 1)
    rgb = np.empty((gh, gw, 3), np.float32)
    rgb[..., 0], rgb[..., 1], rgb[..., 2] = 0.75 + 0.2 * n, 0.72 + 0.1 * n, 0.95
    ctx.draw_rgba(
        premultiply(rgb, alpha.astype(np.float32)),
        0,
        0,
        ctx.W,
        ctx.horizon,
        blend=skia.BlendMode.kScreen,
    )


def draw_god_rays(ctx: Ctx, x: float, y: float, colour: RGB, strength: float) -> None:
    """Soft beams fanning down from a light source (forest canopies, temple doors)."""
    rng = ctx.rng("rays")
    for _ in range(9):
        angle = math.radians(65 + rng.random() * 50)
        spread = math.radians(1.5 + rng.random() * 3.0)
        length = ctx.H * 1.4
        p = skia.Path()
        p.moveTo(x, y)
        p.lineTo(x + math.cos(angle - spread) * length, y + math.sin(angle - spread) * length)
        p.lineTo(x + math.cos(angle + spread) * length, y + math.sin(angle + spread) * length)
        p.close()
        shader = skia.GradientShader.MakeRadial(
            skia.Point(x, y),
            length,
            [to_color(colour, strength * (0.3 + 0.4 * rng.random())), to_color(colour, 0.0)],
            [0.0, 1.0],
        )
        paint = skia.Paint(AntiAlias=True, Shader=shader, BlendMode=skia.BlendMode.kScreen)
        paint.setMaskFilter(skia.MaskFilter.MakeBlur(skia.kNormal_BlurStyle, 14.0))
        ctx.canvas.drawPath(p, paint)
