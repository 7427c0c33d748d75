#!/usr/bin/env bash
# Installs what npm run bench compares against: Playwright MCP (tools/playwrightMcp). Idempotent.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
for name in $(compgen -e | grep -i '^npm_'); do unset "$name"; done
if [ ! -f "$root/tools/playwrightMcp/node_modules/@playwright/mcp/cli.js" ]; then
  echo "[bench] installing Playwright MCP from the npm registry"
  (cd "$root/tools/playwrightMcp" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
fi
