#!/usr/bin/env bash
# `npm start [-- --editor theia] [URL]`: installs what it needs, builds, and opens a real editor with a
# live session.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensureChromium.sh
bash scripts/ensureDependencies.sh
if [[ " $* " == *" --editor theia "* ]]; then
  # Theia (tools/theia, built once) with the extension from its .vsix, as a user installs it.
  bash scripts/installTheia.sh
  bash scripts/package.sh
else
  command -v code >/dev/null 2>&1 && [ "${BROWSER_CANVAS_EDITOR:-}" != code-server ] || bash scripts/installEditor.sh
fi
exec node --enable-source-maps dist/scripts/start.js "$@"
