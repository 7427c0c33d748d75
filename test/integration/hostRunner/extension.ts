// Runs the integration suites inside a real extension host, one phase per extension-host lifetime.
// The outer runner (test/integration/runner) starts the editor with BROWSER_CANVAS_TEST_DIR set; each
// phase writes its result there, then restarts the host or reloads the window for the next phase.
import { appendFileSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { format } from 'node:util';
import Mocha from 'mocha';
import * as vscode from 'vscode';
import { FRAME_TRANSPORTS } from '../../../src/contract/protocol';
import { phases } from '../suites/phases';
import { registerE2eAgent } from './e2eAgent';
import { registerScriptedModel } from './scriptedModel';

export interface PhaseResult {
  readonly phase: number;
  readonly name: string;
  readonly passed: number;
  readonly failed: number;
  readonly pending: number;
  readonly failures: string[];
  readonly last: boolean;
  /** Set when this host cannot restart itself: the outer runner starts the next host (see runner/main.ts). */
  readonly restartByRunner?: boolean;
}

export function activate(context: vscode.ExtensionContext): void {
  for (const transport of FRAME_TRANSPORTS) {
    context.subscriptions.push(
      vscode.commands.registerCommand(`browserCanvasTests.frameTransport.${transport}`, () =>
        vscode.workspace.getConfiguration('browserCanvas').update('frameTransport', transport, vscode.ConfigurationTarget.Global),
      ),
    );
  }
  for (const state of ['on', 'off']) {
    context.subscriptions.push(
      vscode.commands.registerCommand(`browserCanvasTests.resourcePolicy.${state}`, () =>
        vscode.workspace.getConfiguration('browserCanvas').update('resourcePolicy', state === 'on', vscode.ConfigurationTarget.Global),
      ),
    );
  }
  if (process.env.BROWSER_CANVAS_E2E_AGENT) {
    context.subscriptions.push(registerScriptedModel(), registerE2eAgent());
  }
  const dir = process.env.BROWSER_CANVAS_TEST_DIR;
  if (dir) {
    context.subscriptions.push(registerScriptedModel());
    runPhase(dir).catch((error: unknown) =>
      appendFileSync(path.join(dir, 'output.log'), `\n[host runner] ${error instanceof Error ? error.stack : String(error)}\n`),
    );
  }
}

async function runPhase(dir: string): Promise<void> {
  const statePath = path.join(dir, 'state.json');
  const index = existsSync(statePath) ? (JSON.parse(readFileSync(statePath, 'utf8')) as { phase: number }).phase : 0;
  const phase = phases[index];
  const output = path.join(dir, 'output.log');
  // Mocha's reporters print through Base.consoleLog; the extension host's stdout is not ours to read.
  Mocha.reporters.Base.consoleLog = (...args: unknown[]) => appendFileSync(output, `${format(...args)}\n`);
  Mocha.reporters.Base.useColors = false;

  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, reporter: 'spec', color: false });
  mocha.suite.emit('pre-require', globalThis, `phase-${index}`, mocha);
  phase.define({ dir, share: sharedState(dir) });
  const failures: string[] = [];
  const stats = await new Promise<Mocha.Stats>((resolve) => {
    const runner = mocha.run(() => resolve(runner.stats!));
    runner.on('fail', (test, error: Error) => failures.push(`${test.fullTitle()}: ${error.stack ?? error.message}`));
  });

  const last = index === phases.length - 1;
  // The web workbench has no "Restart Extension Host": there this host ends itself abruptly (as in a
  // crash: no deactivate) and the runner reloads the workbench, which starts a new host.
  const restartCommand = 'workbench.action.restartExtensionHost';
  const restartByRunner = phase.then === 'restartExtensionHost' && !(await vscode.commands.getCommands(true)).includes(restartCommand);
  const result: PhaseResult = { phase: index, name: phase.name, passed: stats.passes, failed: stats.failures, pending: stats.pending, failures, last, restartByRunner };
  if (!last) {
    writeFileSync(statePath, JSON.stringify({ phase: index + 1 }));
  }
  // Written aside, then renamed: the runner polls for this file and must never read it half-written.
  const resultFile = path.join(dir, `phase-${index}.json`);
  writeFileSync(`${resultFile}.tmp`, JSON.stringify(result, null, 2));
  renameSync(`${resultFile}.tmp`, resultFile);
  if (last) {
    return;
  }
  if (restartByRunner) {
    process.kill(process.pid, 'SIGKILL');
  }
  try {
    await vscode.commands.executeCommand(phase.then === 'reloadWindow' ? 'workbench.action.reloadWindow' : restartCommand);
  } catch (error) {
    // The host that asked for its own reload is shut down before the answer comes: that is success.
    if (!(error instanceof Error && error.message === 'Canceled')) {
      throw error;
    }
  }
}

/** Values one phase leaves for the next (session ids, pids): a JSON file beside the results. */
function sharedState(dir: string) {
  const file = path.join(dir, 'shared.json');
  const read = (): Record<string, unknown> => (existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : {});
  return {
    get: <T>(key: string) => read()[key] as T,
    set: (key: string, value: unknown) => writeFileSync(file, JSON.stringify({ ...read(), [key]: value }, null, 2)),
  };
}
