#!/usr/bin/env bash
# npm run package: the extension as a .vsix (VS Code, code-server, Theia), built for production
# (minified, no source maps; vscode:prepublish), then the development build put back for the tests.
# Expects the npm packages installed (npm run package and npm test see to it first).
set -euo pipefail
cd "$(dirname "$0")/.."
# Bundled: the .vsix needs none of node_modules. No repository (nor absolute README links) until the
# project has a public one.
npx vsce package --no-dependencies --allow-missing-repository --no-rewrite-relative-links --out browser-canvas.vsix
node esbuild.mjs
ls -l browser-canvas.vsix
