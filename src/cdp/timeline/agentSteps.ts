import type { KeyAction } from '../pageInput';
import { fieldValue, secretName } from '../pageSide/fields';
import { selectorsFor } from '../recorder/selectorGenerator';
import type { CdpClient } from '../target/cdpChannel';
import { unlessGone } from '../target/targetClosedError';
import type { TimelineStep } from './timelineEntry';

/**
 * The recorder's selectors for the element the agent is about to act on (selectorGenerator.ts), taken
 * before the action, as a click may take the element away; undefined when none is unique.
 */
export async function agentSelectors(client: CdpClient, objectId: string): Promise<string[][] | undefined> {
  const selectors = (await unlessGone(selectorsFor(client, objectId))) ?? [];
  return selectors.length > 0 ? selectors.map((selector) => [...selector]) : undefined;
}

/** A change step's value for what the agent typed: a password field's stays `{{secret:NAME}}`, as when recording. */
export async function typedValue(client: CdpClient, objectId: string, secret: boolean | undefined): Promise<string> {
  const declaration = (secret ? secretName : fieldValue).toString();
  const { result } = await client.send('Runtime.callFunctionOn', { objectId, functionDeclaration: declaration, returnByValue: true });
  return secret ? `{{secret:${String(result.value)}}}` : String(result.value ?? '');
}

/** A chord's key events as the Recorder's keyDown / keyUp steps. */
export function keySteps(events: readonly KeyAction[]): TimelineStep[] {
  return events.map((event) => ({ type: event.action, key: event.key }));
}
