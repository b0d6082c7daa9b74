#!/usr/bin/env bash
# Blue-green release of prod. Two Helm releases, filmstudio-blue and filmstudio-green, share
# the database, the queue and the bucket (so migrations must be backward compatible: expand
# first, contract one release later). The Service "filmstudio-live" (behind the ingress)
# selects the live colour's API pods; the Ingress "filmstudio-live" routes the public host to it.
# Steps:
#   1. install the image in the idle colour (its migration hook runs first) and wait;
#   2. health-check the idle colour directly (port-forward) - abort, nothing switched, on failure;
#   3. point filmstudio-live at it;
#   4. bake: health-check through the public URL for BAKE_SECONDS; on failure switch back
#      (automatic rollback) and exit 1. The old colour stays installed for a manual rollback.
# Usage: blue-green.sh IMAGE_TAG
#   (env: NAMESPACE, CHART, VALUES, PUBLIC_URL, BAKE_SECONDS, TLS_SECRET)
set -euo pipefail
tag=${1:?usage: blue-green.sh IMAGE_TAG}
namespace=${NAMESPACE:-filmstudio}
chart=${CHART:-deploy/helm/filmstudio}
values=${VALUES:-deploy/helm/values/prod.yaml}
public_url=${PUBLIC_URL:?set PUBLIC_URL}
bake=${BAKE_SECONDS:-600}
host=${public_url#https://}
tls_secret=${TLS_SECRET:-filmstudio-prod-tls}
here=$(dirname "$0")

live=$(kubectl -n "$namespace" get service filmstudio-live \
  -o jsonpath='{.spec.selector.app\.kubernetes\.io/instance}' 2>/dev/null || true)
case "$live" in
  filmstudio-blue) idle=filmstudio-green ;;
  *) idle=filmstudio-blue ;;
esac
echo "live: ${live:-none}; installing $tag as $idle"

helm upgrade --install "$idle" "$chart" --namespace "$namespace" --create-namespace \
  -f "$values" --set image.tag="$tag" --set ingress.enabled=false --wait --timeout 20m

kubectl -n "$namespace" port-forward "service/$idle-api" 18080:80 >/dev/null 2>&1 &
forward=$!
trap 'kill "$forward" 2>/dev/null || true' EXIT
sleep 3
if ! "$here/smoke.sh" http://127.0.0.1:18080 20; then
  echo "$idle failed its health checks; traffic stays on ${live:-nothing}" >&2
  exit 1
fi

switch() {
  kubectl -n "$namespace" apply -f - <<YAML
apiVersion: v1
kind: Service
metadata:
  name: filmstudio-live
  labels: {app.kubernetes.io/part-of: filmstudio}
spec:
  selector:
    app.kubernetes.io/name: filmstudio
    app.kubernetes.io/component: api
    app.kubernetes.io/instance: $1
  ports:
    - {name: http, port: 80, targetPort: http}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: filmstudio-live
  labels: {app.kubernetes.io/part-of: filmstudio}
spec:
  ingressClassName: nginx
  tls:
    - {hosts: ["$host"], secretName: $tls_secret}
  rules:
    - host: "$host"
      http:
        paths:
          - {path: /, pathType: Prefix, backend: {service: {name: filmstudio-live, port: {name: http}}}}
YAML
}

switch "$idle"
echo "traffic on $idle; baking ${bake}s"
deadline=$((SECONDS + bake))
while ((SECONDS < deadline)); do
  if ! "$here/smoke.sh" "$public_url" 3; then
    if [ -n "$live" ]; then
      switch "$live"
      echo "rolled back: traffic on $live again" >&2
    fi
    exit 1
  fi
  sleep 30
done
echo "release $tag live on $idle"
