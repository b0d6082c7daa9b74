#!/usr/bin/env bash
# Installs the Debian packages the engine needs (ffmpeg, espeak-ng, FluidSynth + General MIDI
# soundfont, Noto fonts, openclipart, apertium for subtitle translation, Chromium for the
# browser tests) when any is missing. Needs root (or sudo) only then.
set -euo pipefail

packages=(ffmpeg espeak-ng libespeak-ng1 fluidsynth fluid-soundfont-gm fonts-noto-core
          fonts-noto-color-emoji openclipart-svg sox chromium apertium apertium-eng-spa
          apertium-fr-es)
missing=()
for pkg in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "Installing system packages: ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then
  sudo=""
elif command -v sudo >/dev/null 2>&1; then
  sudo="sudo"
else
  echo "These Debian packages are missing and I am not root: ${missing[*]}." >&2
  echo "Install them with: apt-get install --no-install-recommends ${missing[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
