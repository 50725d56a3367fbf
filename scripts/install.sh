#!/usr/bin/env bash
# Installs sunan under a prefix: the release binary as PREFIX/bin/sunan, and the shipped scenarios and
# data as PREFIX/share/sunan/{scenarios,notebooks-data}, where `sunan run`, `sunan targets` and
# `sunan compare` find them when given no path, from any folder (see DefaultInputs in SunanCLI).
# Usage: scripts/install.sh PREFIX [SUNAN_BINARY]   (e.g. scripts/install.sh "$HOME/.local")
set -euo pipefail
prefix=${1:?usage: install.sh PREFIX [SUNAN_BINARY]}
cd "$(dirname "$0")/.."
sunan=${2:-}
if [ -z "$sunan" ]; then
  swift build -c release --product sunan >/dev/null
  sunan="$(swift build -c release --show-bin-path)/sunan"
fi
mkdir -p "$prefix/bin" "$prefix/share/sunan"
install -m 755 "$sunan" "$prefix/bin/sunan"
rm -rf "$prefix/share/sunan/scenarios" "$prefix/share/sunan/notebooks-data"
cp -R scenarios notebooks-data "$prefix/share/sunan/"
echo "installed $prefix/bin/sunan and $prefix/share/sunan/{scenarios,notebooks-data}"
