#!/usr/bin/env bash
# `npm start [URL]`: installs what it needs, builds, and opens a real editor with a live session.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensureChromium.sh
bash scripts/ensureDependencies.sh
command -v code >/dev/null 2>&1 && [ "${BROWSER_CANVAS_EDITOR:-}" != code-server ] || bash scripts/installEditor.sh
exec node --enable-source-maps dist/scripts/start.js "$@"
