#!/usr/bin/env bash
# Makes sure a Chromium-based browser is installed; on Debian/Ubuntu as root it installs `chromium`.
set -euo pipefail
for candidate in "${CHROME_PATH:-}" chromium chromium-browser google-chrome google-chrome-stable microsoft-edge; do
  if [ -n "$candidate" ] && command -v "$candidate" >/dev/null 2>&1; then
    exit 0
  fi
done
if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  echo "[chromium] installing Debian's chromium"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  exit 0
fi
echo "No Chrome, Edge or Chromium found. Install one (Debian/Ubuntu: sudo apt-get install chromium)," >&2
echo "or set CHROME_PATH to its executable." >&2
exit 1
