#!/usr/bin/env bash
# Renders a sunan report.html to a PNG with headless Chromium from Debian's packages.
#
#   scripts/screenshot-report.sh REPORT.html OUTPUT.png [WIDTH] [HEIGHT]
#
# Installs chromium and fonts-noto-cjk with apt-get when they are missing (with sudo only when not
# running as root), so Chinese text renders with a CJK font instead of boxes. The page is
# self-contained, so no network access is needed to render it.
set -euo pipefail

if [ "$#" -lt 2 ]; then
    echo "usage: $0 REPORT.html OUTPUT.png [WIDTH (default 1280)] [HEIGHT (default 4000)]" >&2
    exit 2
fi
report=$1
output=$2
width=${3:-1280}
height=${4:-4000}

if [ ! -f "$report" ]; then
    echo "$0: $report: no such file" >&2
    exit 1
fi

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
if ! fc-list 2>/dev/null | grep -i "Noto Sans CJK" >/dev/null; then missing+=(fonts-noto-cjk); fi
if [ "${#missing[@]}" -gt 0 ]; then
    echo "installing ${missing[*]} …" >&2
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

absolute=$(cd "$(dirname "$report")" && pwd)/$(basename "$report")
mkdir -p "$(dirname "$output")"
output_absolute=$(cd "$(dirname "$output")" && pwd)/$(basename "$output")
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT

chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --user-data-dir="$profile" \
    --window-size="$width,$height" --screenshot="$output_absolute" "file://$absolute" 2>/dev/null
echo "$output_absolute"
