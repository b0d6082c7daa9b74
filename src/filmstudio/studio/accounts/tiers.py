"""Subscription tiers: monthly credits, the best quality, watermark and queue priority.

free: 3 films a month, watermarked, at most 720p, low priority;
pro: 30 films a month, 1080p, no watermark, normal priority;
enterprise: unlimited films, 4K, no watermark, high priority.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import datetime

from filmstudio.engine.plan import RESOLUTIONS

#: Qualities from worst to best (the engine's own list: 2160p is 4K).
QUALITIES: tuple[str, ...] = tuple(RESOLUTIONS)


@dataclass(frozen=True)
class Tier:
    name: str
    monthly_credits: int | None  # None: unlimited (jobs cost nothing)
    max_quality: str
    watermark: bool
    priority: str


TIERS: dict[str, Tier] = {
    "free": Tier("free", 3, "720p", True, "low"),
    "pro": Tier("pro", 30, "1080p", False, "normal"),
    "enterprise": Tier("enterprise", None, "2160p", False, "high"),
}


def render_quality(requested: str, tier: Tier) -> str:
    """The quality a film is rendered at: what was asked, capped by the tier."""
    return QUALITIES[min(QUALITIES.index(requested), QUALITIES.index(tier.max_quality))]


def add_month(moment: datetime) -> datetime:
    """The same day and time next month (the 31st becomes the month's last day)."""
    year, month = (moment.year + 1, 1) if moment.month == 12 else (moment.year, moment.month + 1)
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)
