"""Monitoring stays in step with the code: the dashboards are what the generator makes, and
every metric the alerts and dashboards read is one the studio exports."""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest
import yaml  # type: ignore[import-untyped]
from prometheus_client import generate_latest

from filmstudio.studio.accounts import api as accounts_api
from filmstudio.studio.app import API_PREFIX
from filmstudio.studio.jobs import api as jobs_api
from filmstudio.studio.observe import Metrics
from filmstudio.studio.telemetry import metrics as m

ROOT = Path(__file__).resolve().parents[2]
MONITORING = ROOT / "deploy" / "monitoring"
NAME = re.compile(r"\bfilmstudio_[a-z_]+\b")
SUFFIXES = ("", "_bucket", "_sum", "_count")


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("dashboards", MONITORING / "dashboards.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["dashboards"] = module
    spec.loader.exec_module(module)
    return module


def _exported() -> set[str]:
    names = {v for k, v in vars(m).items() if k.isupper() and str(v).startswith("filmstudio_")}
    return {name + suffix for name in names for suffix in SUFFIXES}


def _dashboard_queries() -> list[str]:
    return [
        target["expr"]
        for path in sorted((MONITORING / "dashboards").glob("*.json"))
        for panel in json.loads(path.read_text())["panels"]
        for target in panel["targets"]
    ]


def _alert_queries() -> list[str]:
    rules = yaml.safe_load((MONITORING / "alerts.yml").read_text())
    return [rule["expr"] for group in rules["groups"] for rule in group["rules"]]


def test_dashboards_on_disk_are_what_the_generator_makes(tmp_path: Path) -> None:
    generator = _generator()
    written = generator.write_all(tmp_path)
    assert {p.name for p in written} == {p.name for p in (MONITORING / "dashboards").glob("*.json")}
    for path in written:
        committed = (MONITORING / "dashboards" / path.name).read_text()
        assert path.read_text() == committed, (
            f"run python deploy/monitoring/dashboards.py ({path.name})"
        )
    assert {d["title"] for d in map(generator.dashboard, generator.DASHBOARDS)} == {
        "Film Studio: system health",
        "Film Studio: business",
        "Film Studio: cost",
        "Film Studio: user activity",
    }


def test_http_metric_names_are_the_ones_observe_exports() -> None:
    metrics = Metrics()
    metrics.requests.labels("GET", "/health", "200").inc()
    metrics.latency.labels("GET", "/health").observe(0.01)
    text = generate_latest(metrics.registry).decode()
    assert f"{m.HTTP_REQUESTS}{{" in text
    assert f"{m.HTTP_LATENCY}_bucket{{" in text


@pytest.mark.parametrize("source", ["alerts", "dashboards"])
def test_every_metric_read_is_exported(source: str) -> None:
    queries = _alert_queries() if source == "alerts" else _dashboard_queries()
    used = {name for query in queries for name in NAME.findall(query)}
    assert used, "no metric found: the pattern or the files are wrong"
    assert used <= _exported(), f"not exported: {sorted(used - _exported())}"


def test_the_routes_the_activity_dashboard_counts_exist() -> None:
    generator = _generator()
    paths = {
        API_PREFIX + route.path  # type: ignore[attr-defined]
        for router in (accounts_api.auth, jobs_api.router)
        for route in router.routes
    }
    for path in (generator.LOGIN_ROUTE, generator.REGISTER_ROUTE, generator.SUBMIT_ROUTE):
        assert path in paths


PROMTOOL = shutil.which("promtool")


@pytest.mark.skipif(PROMTOOL is None, reason="promtool (Debian prometheus) is not installed")
def test_alert_unit_tests_pass_and_dashboard_queries_parse(tmp_path: Path) -> None:
    assert PROMTOOL
    run = subprocess.run(
        [PROMTOOL, "test", "rules", str(MONITORING / "alerts_test.yml")],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    rules = [
        {"record": f"dashboard:query_{i}", "expr": expr}
        for i, expr in enumerate(_dashboard_queries())
    ]
    path = tmp_path / "dashboard_queries.yml"
    path.write_text(yaml.safe_dump({"groups": [{"name": "dashboards", "rules": rules}]}))
    run = subprocess.run([PROMTOOL, "check", "rules", str(path)], capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
