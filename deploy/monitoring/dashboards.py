"""Generate the Grafana dashboards in ``deploy/monitoring/dashboards/`` from the metric names in
:mod:`filmstudio.studio.telemetry.metrics`, so a renamed metric breaks a test, not a panel.

Run ``python deploy/monitoring/dashboards.py`` after changing a metric or a panel;
``tests/deploy/test_monitoring.py`` regenerates them and fails if the files differ.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from filmstudio.studio.telemetry import metrics as m

HERE = Path(__file__).resolve().parent
OUT = HERE / "dashboards"
DATASOURCE = {"type": "prometheus", "uid": "${datasource}"}
SUBMIT_ROUTE = "/api/v1/jobs/submit"
LOGIN_ROUTE = "/api/v1/auth/login"
REGISTER_ROUTE = "/api/v1/auth/register"


@dataclass(frozen=True)
class Panel:
    """One time series (or stat) panel: a title, its queries and their legends, a unit."""

    title: str
    queries: tuple[tuple[str, str], ...]
    unit: str = "short"
    kind: str = "timeseries"


def _rate(name: str, window: str = "5m", where: str = "") -> str:
    selector = f"{name}{{{where}}}" if where else name
    return f"rate({selector}[{window}])"


def _share(name: str, where: str, window: str) -> str:
    """The share of `name`'s rate that matches `where` (5xx of requests, hits of lookups)."""
    return f"sum({_rate(name, window, where)}) / sum({_rate(name, window)})"


def system_health() -> list[Panel]:
    """Is the service up and fast: the P1/P2 alerts' inputs, one panel each."""
    return [
        Panel("Targets up", (('up{job=~"filmstudio.*"}', "{{instance}}"),), kind="stat"),
        Panel("Database up", ((f"min({m.DATABASE_UP})", "database"),), kind="stat"),
        Panel(
            "Requests per second by status",
            ((f"sum by (status) ({_rate(m.HTTP_REQUESTS)})", "{{status}}"),),
            "reqps",
        ),
        Panel(
            "5xx share",
            ((_share(m.HTTP_REQUESTS, 'status=~"5.."', "5m"), "5xx"),),
            "percentunit",
        ),
        Panel(
            "p95 latency by route",
            (
                (
                    "histogram_quantile(0.95, sum by (le, route) "
                    f"({_rate(m.HTTP_LATENCY + '_bucket')}))",
                    "{{route}}",
                ),
            ),
            "s",
        ),
        Panel(
            "Queue depth by priority", ((f"max by (priority) ({m.QUEUE_DEPTH})", "{{priority}}"),)
        ),
        Panel("Stalled jobs", ((f"max({m.JOBS_STALLED})", "stalled"),)),
        Panel(
            "Seconds since each worker's heartbeat",
            ((f"time() - {m.HEARTBEAT}", "{{pool}} {{worker}}"),),
            "s",
        ),
        Panel(
            "Cache hit ratio",
            ((_share(m.CACHE_REQUESTS, 'result="hit"', "15m"), "hits"),),
            "percentunit",
        ),
        Panel("Disk used", ((m.DISK_USED_RATIO, "{{instance}} {{volume}}"),), "percentunit"),
        Panel("GPU busy", ((m.GPU_UTILISATION, "{{instance}} gpu {{gpu}}"),), "percentunit"),
    ]


def business() -> list[Panel]:
    """What the studio sells: films made, credits spent, accounts per tier (database figures:
    every API replica reports them alike, so max, not sum)."""
    return [
        Panel(
            "Films rendered per day by tier",
            ((f"max by (tier) (increase({m.FILMS_COMPLETED}[1d]))", "{{tier}}"),),
        ),
        Panel("Credits spent per day", ((f"max(increase({m.CREDITS_SPENT}[1d]))", "credits"),)),
        Panel("Accounts by tier", ((f"max by (tier) ({m.USERS_BY_TIER})", "{{tier}}"),)),
        Panel("Jobs by state", ((f"max by (status) ({m.JOBS})", "{{status}}"),)),
        Panel(
            "Render attempts per hour by outcome",
            ((f"sum by (outcome) (increase({m.JOB_OUTCOMES}[1h]))", "{{outcome}}"),),
        ),
    ]


def cost() -> list[Panel]:
    """Where the money goes: render minutes, GPU hours, storage, how busy the GPUs are."""
    seconds = f"{m.JOB_DURATION}_sum"
    return [
        Panel(
            "Render minutes per hour by pool",
            ((f"sum by (pool) (increase({seconds}[1h])) / 60", "{{pool}}"),),
        ),
        Panel(
            "GPU hours per day",
            ((f'sum(increase({seconds}{{pool="gpu"}}[1d])) / 3600', "GPU hours"),),
        ),
        Panel(
            "Median render time by pool",
            (
                (
                    "histogram_quantile(0.5, sum by (le, pool) "
                    f"({_rate(m.JOB_DURATION + '_bucket', '1h')}))",
                    "{{pool}}",
                ),
            ),
            "s",
        ),
        Panel(
            "Storage in use", ((f"sum by (volume) ({m.DISK_USED_BYTES})", "{{volume}}"),), "bytes"
        ),
        Panel("GPU memory in use", ((m.GPU_MEMORY, "{{instance}} gpu {{gpu}}"),), "percentunit"),
    ]


def user_activity() -> list[Panel]:
    """What people do: sign-ups, log-ins, film submissions, the busiest routes."""

    def route(path: str) -> str:
        return f'sum(increase({m.HTTP_REQUESTS}{{route="{path}",status=~"2.."}}[1h]))'

    return [
        Panel("Sign-ups per hour", ((route(REGISTER_ROUTE), "sign-ups"),)),
        Panel("Log-ins per hour", ((route(LOGIN_ROUTE), "log-ins"),)),
        Panel("Film submissions per hour", ((route(SUBMIT_ROUTE), "submissions"),)),
        Panel(
            "Busiest routes",
            ((f"topk(10, sum by (route) ({_rate(m.HTTP_REQUESTS, '15m')}))", "{{route}}"),),
            "reqps",
        ),
    ]


DASHBOARDS = {
    "system-health": ("Film Studio: system health", system_health),
    "business": ("Film Studio: business", business),
    "cost": ("Film Studio: cost", cost),
    "user-activity": ("Film Studio: user activity", user_activity),
}


def _panel_json(panel: Panel, index: int) -> dict[str, Any]:
    return {
        "id": index + 1,
        "type": panel.kind,
        "title": panel.title,
        "datasource": DATASOURCE,
        "gridPos": {"h": 8, "w": 12, "x": (index % 2) * 12, "y": (index // 2) * 8},
        "fieldConfig": {"defaults": {"unit": panel.unit}, "overrides": []},
        "targets": [
            {
                "refId": chr(ord("A") + n),
                "datasource": DATASOURCE,
                "expr": expr,
                "legendFormat": legend,
            }
            for n, (expr, legend) in enumerate(panel.queries)
        ],
    }


def dashboard(uid: str) -> dict[str, Any]:
    """One dashboard as Grafana's JSON model (schema 39, Prometheus picked by a variable)."""
    title, panels = DASHBOARDS[uid]
    return {
        "uid": f"filmstudio-{uid}",
        "title": title,
        "tags": ["filmstudio"],
        "schemaVersion": 39,
        "version": 1,
        "editable": False,
        "refresh": "30s",
        "time": {"from": "now-6h", "to": "now"},
        "templating": {
            "list": [
                {
                    "name": "datasource",
                    "type": "datasource",
                    "query": "prometheus",
                    "label": "Prometheus",
                }
            ]
        },
        "panels": [_panel_json(panel, i) for i, panel in enumerate(panels())],
    }


def render(uid: str) -> str:
    """The file text for one dashboard (stable: sorted keys, two-space indent)."""
    return json.dumps(dashboard(uid), indent=2, sort_keys=True) + "\n"


def write_all(folder: Path = OUT) -> list[Path]:
    """Write every dashboard (each through a temp file and a rename)."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for uid in DASHBOARDS:
        target = folder / f"{uid}.json"
        with tempfile.NamedTemporaryFile("w", dir=folder, delete=False, suffix=".tmp") as tmp:
            tmp.write(render(uid))
        os.replace(tmp.name, target)
        written.append(target)
    return written


if __name__ == "__main__":
    for path in write_all(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT):
        print(path)
