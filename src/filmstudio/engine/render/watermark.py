"""The free tier's watermark: a small translucent mark in the lower-right corner.

It is an ASS event beside the subtitles, so libass draws it in the same pass that burns the
subtitles: no per-frame work in Python, and it cannot be cropped out of a thumbnail by accident
because thumbnails are drawn from the pictures, not the encoded frames.
"""

from __future__ import annotations

WATERMARK_TEXT = "Made with AI Film Studio"


def ass_style(width: int, height: int) -> str:
    """The ASS style line of the watermark for a film of `width` x `height` pixels: sized from
    the short side, so a vertical film's mark is as discreet as a landscape one's."""
    short = min(width, height)
    size = max(10, round(short * 0.032))
    margin = round(short * 0.03)
    return (
        f"Style: Watermark,Noto Sans,{size},&H50FFFFFF,&H50FFFFFF,&H90000000,&HA0000000,"
        f"1,0,0,0,100,100,0,0,1,1,0,3,{margin},{margin},{margin},1"
    )


def ass_event(until: str) -> str:
    """The ASS event that shows the watermark from the start to `until` (ASS time)."""
    return f"Dialogue: 1,0:00:00.00,{until},Watermark,,0,0,0,,{WATERMARK_TEXT}"
