#!/usr/bin/env bash
# Smoke test of a deployed studio: /health answers ok (database, queue, cache, storage) and the
# API and its OpenAPI document answer. Usage: smoke.sh BASE_URL [TRIES]
set -euo pipefail
base=${1:?usage: smoke.sh BASE_URL [TRIES]}
tries=${2:-30}
for ((i = 1; i <= tries; i++)); do
  if body=$(curl -fsS --max-time 5 "$base/health") && grep -q '"status":"ok"' <<<"$body"; then
    curl -fsS --max-time 10 -o /dev/null "$base/openapi.json"
    echo "smoke: $base healthy (try $i)"
    exit 0
  fi
  sleep 5
done
echo "smoke: $base not healthy after $tries tries: ${body:-no answer}" >&2
exit 1
