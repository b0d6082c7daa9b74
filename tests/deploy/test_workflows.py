"""CI/CD: the workflows are valid GitHub workflows (check-jsonschema's vendored schema) and do
what the issue asks: test runs `make test` and the deployment checks; security audits Python,
npm, the code and the image; deploy goes dev -> sandbox (approval) -> prod blue-green."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml  # type: ignore[import-untyped]

ROOT = Path(__file__).resolve().parents[2]
WORKFLOWS = ROOT / ".github" / "workflows"
CHECK = ROOT / ".venv-deploy" / "bin" / "check-jsonschema"


def _load(name: str) -> dict[str, Any]:
    return dict(yaml.safe_load((WORKFLOWS / name).read_text()))


def _runs(workflow: dict[str, Any]) -> str:
    return "\n".join(
        str(step.get("run", "")) + str(step.get("uses", ""))
        for job in workflow["jobs"].values()
        for step in job["steps"]
    )


@pytest.mark.skipif(not CHECK.exists(), reason="check-jsonschema not installed (check-deploy.sh)")
def test_workflows_match_the_github_workflow_schema(tmp_path: Path) -> None:
    files = sorted(str(p) for p in WORKFLOWS.glob("*.yml"))
    assert len(files) == 4
    schema = ["--builtin-schema", "vendor.github-workflows"]
    run = subprocess.run([str(CHECK), *schema, *files], capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs:\n  x:\n    runs-on: ubuntu-24.04\n    stepz: []\n")
    assert subprocess.run([str(CHECK), *schema, str(broken)], capture_output=True).returncode


def test_the_test_workflow_runs_make_test_and_the_deploy_checks() -> None:
    runs = _runs(_load("test.yml"))
    assert "make test" in runs and "scripts/check-deploy.sh" in runs


def test_security_audits_python_npm_code_and_image() -> None:
    runs = _runs(_load("security.yml"))
    for tool in ("pip-audit", "bandit", "npm audit", "trivy-action"):
        assert tool in runs, tool


def test_deploy_goes_dev_then_approved_sandbox_then_blue_green_prod() -> None:
    jobs = _load("deploy.yml")["jobs"]
    assert [jobs[j]["environment"] for j in ("dev", "sandbox", "prod")] == [
        "dev",
        "sandbox",
        "production",
    ]
    assert jobs["sandbox"]["needs"] == "dev" and jobs["prod"]["needs"] == "sandbox"
    prod = "\n".join(str(step.get("run", "")) for step in jobs["prod"]["steps"])
    assert "deploy/scripts/blue-green.sh" in prod
    for script in ("blue-green.sh", "smoke.sh"):
        assert os.access(ROOT / "deploy" / "scripts" / script, os.X_OK), script
    image = _runs(_load("image.yml"))
    assert "docker/build-push-action" in image
