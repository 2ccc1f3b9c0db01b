#!/bin/sh
# Run each scripts/NAME.sh through the shell under test (stderr merged into stdout, then a
# final "[exit N]" line) and compare with NAME.exp exactly.
# usage: run_scripts.sh SHELL DIR [--dash]   (--dash: print dash's output instead, to help
# write a new .exp; differences from dash must be checked by hand)
set -u
SHELL_UNDER_TEST=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
DIR=$(cd "$2" && pwd)
MODE=${3:-}
export ASAN_OPTIONS=detect_leaks=0
pass=0
fail=0
failed=""
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for script in "$DIR"/*.sh; do
    name=$(basename "$script" .sh)
    rm -rf "$work/run"
    mkdir "$work/run"
    if [ "$MODE" = "--dash" ]; then
        (cd "$work/run" && HOME="$work/run" dash "$script" 2>&1; echo "[exit $?]")
        continue
    fi
    (cd "$work/run" && HOME="$work/run" SH="$SHELL_UNDER_TEST" \
        timeout 10 "$SHELL_UNDER_TEST" "$script" 2>&1; echo "[exit $?]") > "$work/out"
    if cmp -s "$work/out" "$DIR/$name.exp"; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1))
        failed="$failed $name"
        echo "FAIL: $name"
        diff -u "$DIR/$name.exp" "$work/out" | head -40
    fi
done
echo "sh scripts: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
