#!/usr/bin/env bash
# Installs every Debian package Facet needs to build, test and run. Idempotent: when all are
# present it does nothing (unless FACET_FORCE_APT=1 or CI=true, which always refresh).
set -euo pipefail

PACKAGES=(
  build-essential cmake ninja-build pkg-config ccache git
  libopencv-dev libopencv-contrib-dev
  libraw-dev libtiff-dev libtiff-tools libdeflate-dev zlib1g-dev
  libgphoto2-dev gphoto2
  libglfw3-dev libimgui-dev libstb-dev libgl-dev libopengl-dev libgl1-mesa-dri mesa-utils xvfb xauth
  nlohmann-json3-dev libtomlplusplus-dev libsqlite3-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  imagemagick
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [[ ${#missing[@]} -eq 0 && "${FACET_FORCE_APT:-0}" != 1 && "${CI:-false}" != true ]]; then
  exit 0
fi

SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
echo "Installing Debian packages: ${missing[*]:-(refreshing all)}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${PACKAGES[@]}" >/dev/null
