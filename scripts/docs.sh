#!/usr/bin/env bash
# Builds the DocC documentation of the six library targets with swift-docc-plugin and fails on any
# warning (unresolved ``Symbol`` links, undocumented parameters, topic groups naming missing symbols …).
#
#   bash scripts/docs.sh                      # all six targets
#   bash scripts/docs.sh Forecasting          # some of them
#
# Documentation warnings only: compiler warnings in the rebuilt modules, and SwiftPM's warning about a
# dependency's unhandled file (ZIPFoundation's PrivacyInfo.xcprivacy, third-party), are listed but not counted.
# Environment: DOCS_SCRATCH (build folder, default .build-docs), DOCS_OUT (where the .doccarchive
# folders go, default $DOCS_SCRATCH/docs; never committed). Prints the warning count per target
# and in total; exits 1 if any target has a warning or fails to build.
set -uo pipefail
cd "$(dirname "$0")/.."

targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(LinearAlgebra Indicators Forecasting Scenarios ScenarioFiles Reports)
scratch="${DOCS_SCRATCH:-.build-docs}"
out="${DOCS_OUT:-$scratch/docs}"
mkdir -p "$out"

total=0
failed=0
for target in "${targets[@]}"; do
    log="$out/$target.log"
    swift package --scratch-path "$scratch" --disable-sandbox generate-documentation \
        --target "$target" --output-path "$out/$target.doccarchive" >"$log" 2>&1
    status=$?
    # DocC prints its diagnostics as "warning: …" at the start of a line, followed by " --> file:line";
    # the compiler's own warnings ("/path/File.swift:12:3: warning: …"), printed when the plugin
    # rebuilds a module, are code warnings, not documentation ones: counted and shown apart.
    # SwiftPM's "warning: 'package': found N file(s) which are unhandled" is about a dependency's
    # manifest (the root package cannot change it), not about documentation.
    package='^warning: .[a-z0-9_.-]*.: found [0-9]+ file\(s\) which are unhandled'
    count=$(grep "^warning:" "$log" | grep -cvE "$package")
    compiler=$(grep -cE "^/.*: warning:" "$log")
    total=$((total + count))
    if [ $status -ne 0 ] || [ "$count" -ne 0 ]; then
        failed=1
        grep -A6 -E "^warning:|^error:|error:" "$log" | grep -vE "$package"
    fi
    [ "$compiler" -ne 0 ] && grep -E "^/.*: warning:" "$log" | sort -u | sed 's/^/docs: compiler (not counted): /'
    grep -E "$package" "$log" | sort -u | sed 's/^/docs: third-party package (not counted): /'
    echo "docs: $target: $count warnings (exit $status), archive $out/$target.doccarchive"
done
echo "docs: ${#targets[@]} targets, $total warnings in total"
exit $failed
