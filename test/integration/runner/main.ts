// Runs the integration suites inside a real editor: code-server here (VS Code's server from the npm
// registry), or VS Code desktop with BROWSER_CANVAS_TEST_EDITOR=vscode where it can be downloaded.
// Prints mocha's output from inside the editor and ends with the counts of every phase.
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { PhaseResult } from '../hostRunner/extension';
import { FORM_PAGE, startFixtureServer } from '../../support/fixtureServer';
import { killSessionBrowsers } from '../../support/sessionBrowsers';
import { startCodeServerEditor } from './codeServer';
import { RunningEditor } from './editor';
import { prepareDirs, repoRoot } from '../../../scripts/editor/profile';
import { DONE_PAGE, SIGNUP_PAGE } from '../../support/agentFixtures';
import { LOGIN_PAGE, POPUP_DONE_PAGE, POPUP_FORM_PAGE, PREFERENCES_PAGE, SAVED_PAGE } from '../../support/recorderFixtures';
import { startVSCodeDesktop } from './vscodeDesktop';

const PHASE_TIMEOUT_MS = 5 * 60_000;

async function main(): Promise<number> {
  // The tests answer no confirmation: actions run unasked (prepareInvocation's confirmation has its own test).
  const dirs = prepareDirs(path.join(repoRoot, '.test-runs', `integration-${Date.now()}`), { 'browserCanvas.agent.confirmActions': false });
  const devtoolsRecording = { type: 'application/json', body: readFileSync(path.join(repoRoot, 'test/fixtures/devtools-recording.json')) };
  const fixtures = await startFixtureServer({
    '/form': FORM_PAGE,
    '/signup': SIGNUP_PAGE,
    '/done': DONE_PAGE,
    '/devtools-recording.json': devtoolsRecording,
    '/login': LOGIN_PAGE,
    '/preferences': PREFERENCES_PAGE,
    '/saved': SAVED_PAGE,
    '/popup-form': POPUP_FORM_PAGE,
    '/popup-done': POPUP_DONE_PAGE,
  });
  const env = { BROWSER_CANVAS_TEST_DIR: dirs.results, BROWSER_CANVAS_TEST_FIXTURES: fixtures.url };
  const kind = process.env.BROWSER_CANVAS_TEST_EDITOR ?? 'code-server';
  let editor: RunningEditor | undefined;
  const results: PhaseResult[] = [];
  let problem: string | undefined;
  try {
    editor = kind === 'vscode' ? await startVSCodeDesktop(dirs, env) : await startCodeServerEditor(dirs, env);
    console.log(`[integration] ${editor.description}; run folder ${dirs.root}`);
    for (let phase = 0; ; phase++) {
      const result = await waitForPhase(dirs.results, phase);
      results.push(result);
      if (result.last) {
        break;
      }
      if (result.restartByRunner) {
        if (!editor.restartExtensionHost) {
          throw new Error(`${editor.description} cannot restart its extension host`);
        }
        await editor.restartExtensionHost();
      }
    }
  } catch (error) {
    problem = error instanceof Error ? error.message : String(error);
  } finally {
    printOutput(dirs.results);
    await editor?.stop();
    await fixtures.close();
  }
  problem ??= await leftoverBrowsers(dirs.userData);

  const passed = results.reduce((sum, r) => sum + r.passed, 0);
  const failed = results.reduce((sum, r) => sum + r.failed, 0) + (problem ? 1 : 0);
  if (problem) {
    console.log(`\n[integration] FAILED: ${problem}\n  logs: ${dirs.root} (code-server.log, user-data/logs)`);
  }
  if (process.env.TEST_SUMMARY_FILE) {
    const failedTests = [...results.flatMap((r) => r.failures.map((f) => f.split('\n')[0])), ...(problem ? [problem] : [])];
    appendFileSync(process.env.TEST_SUMMARY_FILE, JSON.stringify({ suite: `integration (${kind})`, passed, failed, pending: 0, failedTests }) + '\n');
  }
  console.log(`[integration] ${results.length} phase(s): ${passed} passed, ${failed} failed`);
  return failed ? 1 : 0;
}

async function waitForPhase(dir: string, phase: number): Promise<PhaseResult> {
  const file = path.join(dir, `phase-${phase}.json`);
  const deadline = Date.now() + PHASE_TIMEOUT_MS;
  while (!existsSync(file)) {
    if (Date.now() > deadline) {
      throw new Error(`phase ${phase} reported nothing within ${PHASE_TIMEOUT_MS / 60_000} minutes (did the extension host start?)`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return JSON.parse(readFileSync(file, 'utf8')) as PhaseResult;
}

function printOutput(dir: string): void {
  const output = path.join(dir, 'output.log');
  if (existsSync(output)) {
    process.stdout.write(readFileSync(output, 'utf8'));
  }
}

/** Every browser a test launched must have been ended by the tests themselves. */
async function leftoverBrowsers(userData: string): Promise<string | undefined> {
  const left = await killSessionBrowsers(userData);
  return left.length ? `session(s) ${left.join(', ')} were left running` : undefined;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
