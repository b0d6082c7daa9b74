"""Terraform: every file parses (python-hcl2) and holds the blueprint's facts, a broken fact
is caught, and checkov finds no failed check. The checkers live in ``.venv-deploy``
(``scripts/check-deploy.sh`` installs them); skipped without them."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TERRAFORM = ROOT / "deploy" / "terraform"
PYTHON = ROOT / ".venv-deploy" / "bin" / "python"
CHECKOV = ROOT / ".venv-deploy" / "checkov" / "bin" / "checkov"

needs_hcl2 = pytest.mark.skipif(
    not PYTHON.exists()
    or subprocess.run([str(PYTHON), "-c", "import hcl2"], capture_output=True).returncode != 0,
    reason="python-hcl2 not installed in .venv-deploy (scripts/check-deploy.sh)",
)


def _check(folder: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(PYTHON), str(folder / "check.py")], capture_output=True, text=True, timeout=120
    )


@needs_hcl2
def test_every_file_parses_and_holds_the_blueprints_facts() -> None:
    run = _check(TERRAFORM)
    assert run.returncode == 0, run.stderr
    for name in ("network", "cluster", "database", "cache", "storage", "cdn", "monitoring", "iam"):
        assert f"parsed modules/{name}:" in run.stdout
    for env in ("dev", "sandbox", "prod"):
        assert f"parsed environments/{env}:" in run.stdout


@needs_hcl2
def test_a_broken_fact_or_a_silent_skip_is_reported(tmp_path: Path) -> None:
    copy = tmp_path / "terraform"
    shutil.copytree(TERRAFORM, copy)
    cache = copy / "modules" / "cache" / "main.tf"
    cache.write_text(cache.read_text().replace("noeviction", "allkeys-lru"))
    storage = copy / "modules" / "storage" / "main.tf"
    storage.write_text(
        storage.read_text().replace(
            "#checkov:skip=CKV_AWS_18:This is the access-log bucket; logging it into itself "
            "would loop.",
            "#checkov:skip=CKV_AWS_18",
        )
    )
    run = _check(copy)
    assert run.returncode == 1
    assert "noeviction" in run.stderr
    assert "skips CKV_AWS_18 without a reason" in run.stderr


@pytest.mark.slow
@pytest.mark.skipif(not CHECKOV.exists(), reason="checkov not installed (scripts/check-deploy.sh)")
def test_checkov_finds_no_failed_check() -> None:
    run = subprocess.run(
        [
            str(CHECKOV),
            "-d",
            str(TERRAFORM),
            "--framework",
            "terraform",
            "--quiet",
            "--compact",
            "--skip-download",
            "-o",
            "cli",
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stdout[-4000:]
    assert "Failed checks: 0" in run.stdout
