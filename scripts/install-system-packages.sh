#!/usr/bin/env bash
# Installs the Debian packages sunan needs (OpenBLAS, LAPACKE, pkg-config) when they are missing.
# Uses sudo only when not running as root. Safe to run repeatedly.
set -euo pipefail
packages=(libopenblas-dev liblapacke-dev pkg-config python3)
missing=()
for package in "${packages[@]}"; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
echo "Installing ${missing[*]} …" >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
