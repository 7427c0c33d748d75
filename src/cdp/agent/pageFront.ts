import type { PageTarget } from '../target/pageTarget';
import { abortable } from '../action/abort';
import { AgentError } from '../action/agentError';

/**
 * Brings a page to the front when it is hidden behind another, as a person switches to a tab before
 * using it: a popup opened as a tab hides its opener, and Chromium then passes a hidden page about one
 * input event every five seconds and paints nothing for a screenshot. A page whose script is stopped (a
 * dialog, a crash, a page that has not answered yet) is left alone: it could not answer.
 */
export async function bringToFrontIfHidden(page: PageTarget, signal: AbortSignal): Promise<void> {
  if (page.health.blocked || page.health.crashed) {
    return;
  }
  // A document between loads has no context to ask: the action then goes on as it would have.
  const visibility = await abortable(page.send('Runtime.evaluate', { expression: 'document.visibilityState', returnByValue: true }), signal).catch((error: unknown) => {
    if (error instanceof AgentError) {
      throw error; // cancelled
    }
    return undefined;
  });
  if (visibility?.result.value === 'hidden') {
    await abortable(page.send('Page.bringToFront'), signal);
  }
}
