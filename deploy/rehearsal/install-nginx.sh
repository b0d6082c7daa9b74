#!/usr/bin/env bash
# Installs Debian's nginx-light for the cluster rehearsal (bench/cluster.py) when nginx is
# missing, without starting its service: the rehearsal runs nginx itself, on a free port and
# with deploy/rehearsal/nginx.conf. While apt runs, a policy-rc.d refuses every service start
# (the Debian way; Docker images ship one already, and an existing one is left as it is);
# on a systemd machine the unit is also disabled, so nothing listens on port 80 after a reboot.
set -euo pipefail

if command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ]; then
  exit 0
fi
if [ "$(id -u)" -eq 0 ]; then
  sudo=""
elif command -v sudo >/dev/null 2>&1; then
  sudo="sudo"
else
  echo "nginx is missing and I am not root: apt-get install --no-install-recommends nginx-light" >&2
  exit 1
fi

policy=/usr/sbin/policy-rc.d
added=""
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\n# added by deploy/rehearsal/install-nginx.sh while apt runs\nexit 101\n' |
    $sudo tee "$policy" >/dev/null
  $sudo chmod 755 "$policy"
  added=1
fi
cleanup() {
  if [ -n "$added" ]; then
    $sudo rm -f "$policy"
  fi
}
trap cleanup EXIT

echo "Installing nginx-light (its service is not started)"
$sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
  nginx-light >/dev/null
if [ -d /run/systemd/system ]; then
  $sudo systemctl disable --quiet nginx 2>/dev/null || true
fi
