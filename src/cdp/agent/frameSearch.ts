import { presentIn } from '../pageSide/textSearch';
import { isolatedWorld } from '../target/isolatedWorld';
import { abortable } from '../action/abort';
import { AgentError } from '../action/agentError';
import type { CdpClient } from '../target/cdpChannel';
import type { FrameSessions } from './frameSessions';

/** What wait_for looks for: text a person can read, or a CSS selector's match. */
export interface Sought {
  readonly text?: string;
  readonly selector?: string;
}

/** Whether the frame shows it; `undefined` when its document cannot be read now (detached, between loads). */
async function presentInFrame(client: CdpClient, frameId: string, sought: Sought): Promise<boolean | undefined> {
  try {
    const executionContextId = await isolatedWorld(client, frameId);
    const { result, exceptionDetails } = await client.send('Runtime.callFunctionOn', {
      executionContextId,
      functionDeclaration: presentIn.toString(),
      arguments: [{ value: sought.text ?? null }, { value: sought.selector ?? null }],
      returnByValue: true,
    });
    if (exceptionDetails) {
      throw new AgentError('INVALID_INPUT', `"${sought.selector}" is not a valid CSS selector.`);
    }
    return result.value as boolean;
  } catch (error) {
    if (error instanceof AgentError) {
      throw error;
    }
    return undefined; // the next poll asks again
  }
}

/**
 * Whether any frame of the page (same-site or cross-site, each in our isolated world) shows the text
 * or matches the selector; `undefined` when no document could be read (between loads).
 */
export async function presentInAnyFrame(frames: FrameSessions, sought: Sought, signal: AbortSignal): Promise<boolean | undefined> {
  let read = false;
  for (const frame of await abortable(frames.list(), signal)) {
    const found = await abortable(presentInFrame(frames.clientFor(frame.frameId), frame.frameId, sought), signal);
    if (found) {
      return true;
    }
    read ||= found === false;
  }
  return read ? false : undefined;
}
