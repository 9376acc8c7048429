#!/usr/bin/env bash
# Smoke run of the desktop app under Xvfb through its main flows, for a person to look at:
# builds a case with a real scan of the committed tiny diffusers model (2 prompts x 8 seeds)
# and a reference set, then lets the app tour itself (`replicascope --smoke-tour`): every tab,
# a scan run from the Scan tab on the preselected default model, a result and a review
# candidate selected, the Settings, Case Details, Export and Verify dialogs, a screenshot of
# each. Exits non-zero when a step fails. Not part of the test run.
#   tests/ui/smoke_screenshots.sh [BUILD_DIR] [OUT_DIR]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BUILD="${1:-$ROOT/build}"
OUT="${2:-$ROOT/out/screenshots}"
CLI="$BUILD/app/replicascope-cli"
GUI="$BUILD/app/gui/replicascope"
MODEL="$ROOT/tests/fixtures/parity/tiny/model"
mkdir -p "$OUT"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
export HOME="$WORK/home" QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-xcb}"
mkdir -p "$HOME" "$WORK/refs"

CASE="$WORK/smoke.rscase"
"$CLI" case new "$CASE" --number SMOKE-1 --title "Smoke test" --examiner "Smoke" > /dev/null
"$CLI" generate --model "$MODEL" --prompt "a red square" --seeds 4 --steps 4 --out "$WORK/refs" > /dev/null
"$CLI" import --case "$CASE" --folder "$WORK/refs" --set smoke-references --quiet > /dev/null
printf 'a red square\na blue circle\n' > "$WORK/prompts.txt"
"$CLI" scan --case "$CASE" --model "$MODEL" --prompts "$WORK/prompts.txt" --seeds 8 --steps 4 --batch 4 > /dev/null

export LC_ALL=C.UTF-8  # the tour finds menu actions by their English text
if command -v xvfb-run > /dev/null && [ "$QT_QPA_PLATFORM" = xcb ]; then
  xvfb-run -a -s "-screen 0 1400x900x24" "$GUI" "$CASE" --smoke-tour "$OUT"
else
  QT_QPA_PLATFORM=offscreen "$GUI" "$CASE" --smoke-tour "$OUT"
fi
ls -1 "$OUT"
