#!/usr/bin/env bash
# Quick start, command 1: install what is missing, build, and launch ReplicaScope on the
# embedded default model and reference set. Extra arguments go to the app (e.g. a case file).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
"$ROOT/packaging/bootstrap.sh"
APP="${RS_BUILD_DIR:-$ROOT/build}/app/gui/replicascope"
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "==> No display found: starting ReplicaScope inside a virtual X server (xvfb-run)."
  exec xvfb-run -a -s "-screen 0 1600x1000x24" "$APP" "$@"
fi
exec "$APP" "$@"
