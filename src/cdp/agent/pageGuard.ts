import type { PageTarget } from '../target/pageTarget';
import { abortable } from '../action/abort';
import { AgentError } from '../action/agentError';
import { pageIdOf } from './pageIds';

/** When the first probe of the page's main thread goes out, and how long it may stay unanswered: a stuck page is named within 5 s. */
export const PROBE_AFTER_MS = 1_500;
export const PROBE_TIMEOUT_MS = 3_500;
/** While our own slow call (a huge accessibility tree) keeps the main thread busy, silence is expected for longer. */
export const SLOW_PROBE_TIMEOUT_MS = 30_000;

/** What an action may still do on a blocked page: answer its dialog, or reload it (after a crash, or when it does not answer). */
export interface GuardOptions {
  readonly whileDialog?: boolean;
  /** The action reloads the page: the way out of a crash, or of a page that does not answer. */
  readonly reloads?: boolean;
}

/**
 * Runs one agent action on a page that may be blocked, so the tool answers fast and says why instead
 * of hanging behind it: refused at once while a JavaScript dialog waits or the renderer has crashed;
 * stopped the moment a dialog opens or the page crashes during it; and stopped when the page's main
 * thread leaves a probe unanswered (a script that never yields), about five seconds in.
 */
export async function guarded<T>(page: PageTarget, options: GuardOptions, signal: AbortSignal, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const now = blockage(page, options, 'before');
  if (now) {
    throw now;
  }
  const stop = new AbortController();
  const listener = page.health.onDidChange(() => {
    const error = blockage(page, options, 'during');
    if (error) {
      stop.abort(error);
    }
  });
  // A page that has not answered yet would leave the probe unanswered too: the reload it allows is what frees it.
  const probe = page.health.unanswered ? { dispose: () => undefined } : watchMainThread(page, stop);
  const both = AbortSignal.any([signal, stop.signal]);
  try {
    return await abortable(work(both), both);
  } finally {
    listener.dispose();
    probe.dispose();
  }
}

/** Why an action cannot go on; `when`: found before it began (nothing was done) or during it. */
function blockage(page: PageTarget, options: GuardOptions, when: 'before' | 'during'): AgentError | undefined {
  const { dialog, crashed, unanswered } = page.health;
  if (unanswered && !options.reloads) {
    // No dialog event came: Chromium reports a dialog left open before we connected to nobody.
    return new AgentError('NOT_RESPONDING', `The page ${pageIdOf(page.target)} has not answered since this window connected to it: a dialog may have been left open while no editor was connected (then nobody can answer it), or a script holds it. Nothing was done. Reload it with navigate_history (reload); what was typed on it is lost, so ask the developer first if it may matter.`);
  }
  if (crashed && !options.reloads) {
    const done = when === 'before' ? 'Nothing was done.' : 'The action may have taken effect up to that point.';
    return new AgentError('PAGE_CRASHED', `The page ${pageIdOf(page.target)} ${when === 'before' ? 'has crashed' : 'crashed during the action'}. ${done} Reload it with navigate_history (reload), or open another page.`);
  }
  if (dialog && !options.whileDialog) {
    const opened = when === 'before' ? `A ${dialog.kind} dialog is open on page ${pageIdOf(page.target)}. Nothing was done.` : `Page ${pageIdOf(page.target)} opened a ${dialog.kind} dialog.`;
    // Its text is the page's, on the page the call named: fenced, no origin needed. handle_dialog's own inputs say how to answer.
    return new AgentError('DIALOG_OPEN', `${opened} Answer it with handle_dialog${dialog.kind === 'prompt' ? ' (its promptText is typed in)' : ''}. It says:`, { content: dialog.message });
  }
  return undefined;
}

/** Probes the page's main thread while an action runs; aborts `stop` when a probe goes unanswered. */
function watchMainThread(page: PageTarget, stop: AbortController): { dispose(): void } {
  let timer: NodeJS.Timeout | undefined;
  let done = false;
  const probeOnce = async () => {
    const silent = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), page.busyWithSlowWork ? SLOW_PROBE_TIMEOUT_MS : PROBE_TIMEOUT_MS)));
    // An error is an answer too (the page closed, a document went): only silence means a stuck page.
    const answered = page.send('Runtime.evaluate', { expression: '0' }).then(() => true, () => true);
    const alive = await Promise.race([answered, silent]);
    clearTimeout(timer);
    if (done) {
      return;
    }
    if (alive) {
      timer = setTimeout(() => void probeOnce(), PROBE_AFTER_MS);
    } else {
      stop.abort(new AgentError('NOT_RESPONDING', `The page ${pageIdOf(page.target)} is not responding: its script has kept it busy for seconds. Take a screenshot to see it, wait and try again, or reload it with navigate_history.`));
    }
  };
  timer = setTimeout(() => void probeOnce(), PROBE_AFTER_MS);
  return {
    dispose: () => {
      done = true;
      clearTimeout(timer);
    },
  };
}
