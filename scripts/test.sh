#!/usr/bin/env bash
# The whole test run, from a fresh clone: installs what it needs, builds, type-checks, then runs
# the unit suite (src/cdp against real Chromium), the integration suite (a real VS Code extension
# host: code-server from the npm registry) and the end-to-end suite (the canvas webview in that
# editor's workbench, driven in a headless Chromium, one part of it on the packaged .vsix) and the
# Theia suite (that .vsix in a real Theia built from the npm registry).
# Ends with each suite's counts and failed tests, then one line: "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
set -e
bash scripts/ensureChromium.sh
bash scripts/ensureDependencies.sh
npm run --silent typecheck
bash scripts/installEditor.sh
bash scripts/installTheia.sh
set +e

# Every temporary folder of the suites (test storage, session profiles, the editors' own) goes in one
# folder of this run's, removed at the end: repeated runs must not fill /tmp with browser profiles.
run_tmp="$(mktemp -d "${TMPDIR:-/tmp}/bc-test-run.XXXXXX")"
trap 'rm -rf "$run_tmp" 2>/dev/null' EXIT
export TMPDIR="$run_tmp"
summary="$run_tmp/summary.jsonl"
status=0
TEST_SUMMARY_FILE="$summary" TEST_SUITE_NAME=unit npx mocha --config test/unit/.mocharc.json || status=1
TEST_SUMMARY_FILE="$summary" node --enable-source-maps dist/test/integrationRunner.js || status=1
# The e2e suite installs the .vsix a user would install, too.
bash scripts/package.sh >/dev/null || status=1
TEST_SUMMARY_FILE="$summary" TEST_SUITE_NAME=e2e npx mocha --config test/e2e/.mocharc.json || status=1
# The same .vsix in a real Theia (tools/theia), unpacked into its plugins folder.
TEST_SUMMARY_FILE="$summary" TEST_SUITE_NAME=theia npx mocha --config test/theia/.mocharc.json || status=1

node -e '
  const lines = require("fs").readFileSync(process.argv[1], "utf8").split("\n").filter(Boolean).map(JSON.parse);
  const sum = (key) => lines.reduce((total, line) => total + line[key], 0);
  for (const line of lines) {
    console.log(`  ${line.suite}: ${line.passed} passed, ${line.failed} failed`);
    for (const title of line.failedTests ?? []) console.log(`    failed: ${title}`);
  }
  if (lines.length < 4) { console.log("a suite did not report its results"); process.exitCode = 1; }
  console.log(`${sum("passed")} passed, ${sum("failed")} failed`);
' "$summary" || status=1
exit "$status"
