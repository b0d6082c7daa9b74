"""One lighting model per scene: time of day x weather x mood.

Every module colours its shapes through this model (`Ctx.shade`), which is what makes a dusk
scene read as dusk everywhere at once: sky, buildings, figures and water all take the same key
light, ambient light and haze. Writing the numbers once here, rather than per place, keeps 21
places x 5 times x 6 weathers consistent.
"""

from __future__ import annotations

from dataclasses import dataclass

from filmstudio.engine.picture.colour import RGB, hex_rgb, luma, mix, saturate, scale


@dataclass(frozen=True)
class Light:
    """Colours and light sources shared by everything drawn in one scene."""

    time: str
    weather: str
    sky_top: RGB
    sky_mid: RGB
    sky_horizon: RGB
    glow: RGB  # horizon glow around the sun at dawn/golden hour/dusk
    glow_strength: float
    sun_visible: bool
    sun_x: float  # fraction of the picture width
    sun_elevation: float  # fraction of the way from the horizon to the top of the picture
    sun_colour: RGB
    sun_radius: float  # virtual units (picture height = 1000)
    is_moon: bool
    key: RGB  # colour x strength of direct light (sun, moon)
    ambient: RGB  # colour x strength of the light in shadow
    haze: RGB  # what distant things fade into
    haze_strength: float
    night: float  # 0 day .. 1 night: how much windows, lamps and stars show
    stars: float
    light_side: float  # -1: light comes from the left, +1: from the right
    cloud_cover: float
    cloud_dark: float
    rain: float
    snow: float
    fog: float
    storm: bool
    wet: bool

    @property
    def brightness(self) -> float:
        return luma(self.key) * 0.6 + luma(self.ambient) * 0.4


@dataclass(frozen=True)
class _TimeSpec:
    sky: tuple[str, str, str]  # top, middle, horizon
    glow: str
    glow_strength: float
    sun: tuple[float, float, str, float]  # x, elevation, colour, radius
    key: str
    ambient: str
    night: float
    stars: float


_CLEAR: dict[str, _TimeSpec] = {
    "dawn": _TimeSpec(
        ("#3a4272", "#c4909a", "#ffc48f"),
        "#ffb07a",
        0.85,
        (0.24, 0.06, "#ffd7a8", 26.0),
        "#f2c7a4",
        "#7d7897",
        0.25,
        0.12,
    ),
    "day": _TimeSpec(
        ("#3f7fd0", "#7fb4e8", "#d4e8f6"),
        "#fff6dc",
        0.25,
        (0.76, 0.78, "#fffbe8", 22.0),
        "#fff6e6",
        "#a9b9cf",
        0.0,
        0.0,
    ),
    "golden_hour": _TimeSpec(
        ("#5674a8", "#e6ad78", "#ffcf7e"),
        "#ffb347",
        0.9,
        (0.7, 0.16, "#fff0b8", 30.0),
        "#ffcb85",
        "#8f7f8c",
        0.05,
        0.0,
    ),
    "dusk": _TimeSpec(
        ("#1c1c45", "#7a4a78", "#f08a5a"),
        "#ff7a45",
        0.85,
        (0.62, -0.01, "#ffb27a", 30.0),
        "#d98a74",
        "#4d4868",
        0.6,
        0.35,
    ),
    "night": _TimeSpec(
        ("#050816", "#0d1530", "#1f2c4f"),
        "#3a4d7a",
        0.35,
        (0.78, 0.72, "#f4f1e0", 20.0),
        "#51638f",
        "#1f2942",
        1.0,
        1.0,
    ),
}

_MOOD_TINT: dict[str, tuple[RGB, float]] = {
    "calm": (hex_rgb("#bcd4e6"), 0.05),
    "hopeful": (hex_rgb("#ffe2a8"), 0.10),
    "tense": (hex_rgb("#7f9a8c"), 0.12),
    "sad": (hex_rgb("#7d8fa8"), 0.18),
    "joyful": (hex_rgb("#ffd27a"), 0.10),
    "epic": (hex_rgb("#ffb066"), 0.08),
    "devotional": (hex_rgb("#ffbf5e"), 0.14),
    "mysterious": (hex_rgb("#6d5f9e"), 0.16),
    "romantic": (hex_rgb("#ff9fb4"), 0.14),
}


def compute_light(time: str, weather: str, mood: str, space: bool = False) -> Light:
    """The lighting for a time of day, weather and mood (deterministic: no randomness)."""
    spec = _CLEAR.get(time, _CLEAR["day"])
    top, mid, hor = (hex_rgb(c) for c in spec.sky)
    sun_x, sun_el, sun_col, sun_r = spec.sun
    glow = hex_rgb(spec.glow)
    glow_strength = spec.glow_strength
    key = hex_rgb(spec.key)
    ambient = hex_rgb(spec.ambient)
    night = spec.night
    stars = spec.stars
    is_moon = time == "night"
    sun_visible = time != "dusk"

    cover = {"clear": 0.12, "clouds": 0.55, "rain": 0.9, "storm": 1.0, "fog": 0.22, "snow": 0.85}[
        weather if weather in ("clear", "clouds", "rain", "storm", "fog", "snow") else "clear"
    ]
    cloud_dark = {"rain": 0.55, "storm": 0.8, "snow": 0.25, "fog": 0.2}.get(weather, 0.0)
    rain = {"rain": 1.0, "storm": 1.4}.get(weather, 0.0)
    snow = 1.0 if weather == "snow" else 0.0
    fog = 1.0 if weather == "fog" else 0.0
    haze_strength = 0.55

    if weather in ("rain", "storm", "snow", "fog"):
        grey = {
            "rain": hex_rgb("#8d97a3"),
            "storm": hex_rgb("#4d5563"),
            "snow": hex_rgb("#c9d0da"),
            "fog": hex_rgb("#c3c8cc"),
        }[weather]
        darkness = 0.22 + 0.78 * (1.0 - night)
        grey = scale(grey, darkness)
        amount = 0.8 if weather != "fog" else 0.9
        top, mid, hor = mix(top, grey, amount), mix(mid, grey, amount), mix(hor, grey, amount * 0.9)
        glow_strength *= 0.25
        sun_visible = False
        key = scale(mix(key, grey, 0.5), 0.45)
        ambient = scale(mix(ambient, grey, 0.4), 1.08)
        stars = 0.0
        haze_strength = {"fog": 0.92, "snow": 0.75, "rain": 0.7, "storm": 0.62}[weather]
        if weather == "storm":
            ambient = scale(ambient, 0.8)
    elif weather == "clouds":
        glow_strength *= 0.8
        key = scale(key, 0.85)
        stars *= 0.4

    tint, amount = _MOOD_TINT.get(mood, (hex_rgb("#ffffff"), 0.0))
    top, mid, hor = mix(top, tint, amount * 0.5), mix(mid, tint, amount), mix(hor, tint, amount)
    ambient = mix(ambient, scale(tint, luma(ambient) / max(0.05, luma(tint))), amount)
    if mood in ("sad", "tense", "mysterious"):
        key, hor = saturate(key, 0.8), saturate(hor, 0.85)

    if space:
        top, mid, hor = hex_rgb("#020309"), hex_rgb("#060a1a"), hex_rgb("#0e1430")
        sun_visible, is_moon, stars, night = False, False, 1.0, 1.0
        key, ambient = hex_rgb("#c7cde0"), hex_rgb("#1c2236")
        cover, cloud_dark, rain, snow, fog, haze_strength = 0.0, 0.0, 0.0, 0.0, 0.0, 0.15
        glow_strength = 0.0

    return Light(
        time=time,
        weather=weather,
        sky_top=top,
        sky_mid=mid,
        sky_horizon=hor,
        glow=glow,
        glow_strength=glow_strength,
        sun_visible=sun_visible,
        sun_x=sun_x,
        sun_elevation=sun_el,
        sun_colour=hex_rgb(sun_col),
        sun_radius=sun_r,
        is_moon=is_moon,
        key=key,
        ambient=ambient,
        haze=mix(hor, mid, 0.25),
        haze_strength=haze_strength,
        night=night,
        stars=stars,
        light_side=1.0 if sun_x >= 0.5 else -1.0,
        cloud_cover=cover,
        cloud_dark=cloud_dark,
        rain=rain,
        snow=snow,
        fog=fog,
        storm=weather == "storm" and not space,
        wet=weather in ("rain", "storm") and not space,
    )
