"""The Helm chart, rendered per environment: what the issue asks of every object (non-root,
read-only root, resources, secrets by reference, the migration hook, KEDA per worker pool),
and the Kubernetes 1.33 schemas. Needs helm (``scripts/check-deploy.sh`` installs it in
``.venv-deploy/tools``); skipped without it."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml  # type: ignore[import-untyped]

ROOT = Path(__file__).resolve().parents[2]
CHART = ROOT / "deploy" / "helm" / "filmstudio"
VALUES = ROOT / "deploy" / "helm" / "values"
TOOLS = ROOT / ".venv-deploy"
HELM = shutil.which("helm") or next(iter(TOOLS.glob("tools/**/helm/helm")), None)
VALIDATE = TOOLS / "bin" / "kubernetes-validate"
ENVIRONMENTS = ("dev", "sandbox", "prod")
SECRET_NAME = re.compile(r"(PASSWORD|SECRET|TOKEN|DATABASE_URL|QUEUE_URL|CACHE_URL)")
WORKLOADS = ("Deployment", "Job")

needs_helm = pytest.mark.skipif(HELM is None, reason="helm not installed (scripts/check-deploy.sh)")


def render(environment: str, *sets: str, to: Path | None = None) -> list[dict[str, Any]]:
    assert HELM
    args = [
        str(HELM),
        "template",
        "filmstudio",
        str(CHART),
        "-f",
        str(VALUES / f"{environment}.yaml"),
    ]
    for item in sets:
        args += ["--set", item]
    out = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    if to is not None:
        to.write_text(out)
    return [doc for doc in yaml.safe_load_all(out) if doc]


def _pods(objects: list[dict[str, Any]]) -> list[tuple[str, dict[str, Any]]]:
    return [
        (o["metadata"]["name"], o["spec"]["template"]["spec"])
        for o in objects
        if o["kind"] in WORKLOADS
    ]


def test_the_charts_alerts_are_the_monitoring_alerts() -> None:
    copy = (CHART / "files" / "alerts.yml").read_text()
    assert copy == (ROOT / "deploy" / "monitoring" / "alerts.yml").read_text()


@needs_helm
@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_every_pod_is_locked_down_and_sized(environment: str) -> None:
    pods = _pods(render(environment))
    assert pods
    for name, pod in pods:
        assert pod["securityContext"]["runAsNonRoot"] is True, name
        assert pod["automountServiceAccountToken"] is False, name
        for container in pod["containers"]:
            security = container["securityContext"]
            assert security["readOnlyRootFilesystem"] is True, name
            assert security["allowPrivilegeEscalation"] is False, name
            assert security["capabilities"]["drop"] == ["ALL"], name
            assert {"cpu", "memory"} <= set(container["resources"]["requests"]), name
            assert {"cpu", "memory"} <= set(container["resources"]["limits"]), name


@needs_helm
@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_secrets_are_referenced_never_inlined(environment: str) -> None:
    objects = render(environment)
    assert not [o for o in objects if o["kind"] == "Secret"]
    for name, pod in _pods(objects):
        env = {e["name"]: e for c in pod["containers"] for e in c["env"]}
        assert "FILMSTUDIO_DATABASE_URL" in env and "FILMSTUDIO_SECRET_KEY" in env
        for key, entry in env.items():
            if SECRET_NAME.search(key):
                assert "value" not in entry and entry["valueFrom"]["secretKeyRef"], (name, key)


@needs_helm
def test_migration_runs_as_a_pre_install_and_pre_upgrade_hook() -> None:
    (job,) = [o for o in render("prod") if o["kind"] == "Job"]
    assert job["metadata"]["annotations"]["helm.sh/hook"] == "pre-install,pre-upgrade"
    assert job["spec"]["template"]["spec"]["containers"][0]["args"] == ["db", "upgrade"]


@needs_helm
def test_workers_scale_with_keda_per_pool_and_fall_back_to_an_hpa() -> None:
    objects = render("prod")
    scaled = {o["spec"]["scaleTargetRef"]["name"] for o in objects if o["kind"] == "ScaledObject"}
    workers = {o["metadata"]["name"] for o in objects if "worker" in o["metadata"]["name"]}
    assert scaled == {"filmstudio-worker-cpu", "filmstudio-worker-gpu"} <= workers
    (gpu,) = [
        o for o in objects if o["kind"] == "Deployment" and o["metadata"]["name"].endswith("gpu")
    ]
    spec = gpu["spec"]["template"]["spec"]
    assert spec["containers"][0]["resources"]["limits"]["nvidia.com/gpu"] == 1
    assert spec["containers"][0]["image"].endswith("-gpu")
    assert spec["tolerations"][0]["key"] == "nvidia.com/gpu"
    fallback = render("prod", "workers.keda.enabled=false")
    hpas = {o["metadata"]["name"] for o in fallback if o["kind"] == "HorizontalPodAutoscaler"}
    assert {"filmstudio-api", "filmstudio-worker-cpu", "filmstudio-worker-gpu"} == hpas
    assert not [o for o in fallback if o["kind"] == "ScaledObject"]
    assert not [o for o in render("dev") if o["metadata"]["name"].endswith("gpu")]


@needs_helm
@pytest.mark.skipif(not VALIDATE.exists(), reason="kubernetes-validate not installed")
@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_rendered_manifests_match_the_kubernetes_1_33_schemas(
    environment: str, tmp_path: Path
) -> None:
    manifest = tmp_path / f"{environment}.yaml"
    render(environment, to=manifest)
    check = [str(VALIDATE), "-k", "1.33.0", "--strict", "--quiet", str(manifest)]
    run = subprocess.run(check, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
    # The validator is not a rubber stamp: an unknown field fails it.
    manifest.write_text(
        manifest.read_text().replace("revisionHistoryLimit:", "revisionHistory:", 1)
    )
    assert subprocess.run(check, capture_output=True, text=True).returncode != 0
