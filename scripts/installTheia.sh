#!/usr/bin/env bash
# Installs a real Theia for tests: a browser application built with @theia/cli from the @theia/*
# packages pinned in tools/theia (npm registry only; Debian packages for what native modules need).
# Idempotent: does nothing while the build matches tools/theia's package.json and lock file.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
app="$root/tools/theia"
# Under `npm test` / `npm start` the outer npm exports its config (npm_config_*): drop it, the install
# below is a project of its own.
for name in $(compgen -e | grep -i '^npm_'); do unset "$name"; done
stamp="$app/.installed"
wanted="$(cat "$app/package.json" "$app/package-lock.json" | sha256sum | cut -d' ' -f1)"

if [ -f "$app/lib/backend/main.js" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$wanted" ]; then
  echo "[theia] ready: $app"
  exit 0
fi
# libsecret: headers for keytar (Theia's secret storage), built here as no prebuilt binary can be
# downloaded; unzip: the tests unpack the .vsix into Theia's plugins folder.
missing=""
for package in libsecret-1-dev unzip; do
  dpkg -s "$package" >/dev/null 2>&1 || missing="$missing $package"
done
if [ -n "$missing" ] && command -v apt-get >/dev/null; then
  echo "[theia] installing$missing"
  apt-get update -qq
  apt-get install -y -qq $missing >/dev/null
fi
echo "[theia] installing Theia (about 4 minutes on 2 cores: npm ci, native modules)"
# Puppeteer comes with @theia/cli (for Theia's own tests) and would download a browser.
(cd "$app" && PUPPETEER_SKIP_DOWNLOAD=true nice -n 15 npm ci --no-audit --no-fund --loglevel=error)
echo "[theia] building the browser application (about 1 minute)"
(cd "$app" && nice -n 15 npx --no-install theia build --mode production >/dev/null)
echo "$wanted" > "$stamp"
echo "[theia] ready: $app"
