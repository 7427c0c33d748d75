import type { CdpClient } from '../target/cdpChannel';
import { isolatedWorld } from '../target/isolatedWorld';
import type { FlowStep } from '../recorder/flowSchema';
import { timelineTarget, TimelineTarget } from './timelineEntry';

/** Selectors the Recorder writes with a prefix (aria/, xpath/, pierce/, text/) are not CSS. */
const PREFIXED = /^[a-z]+\//;

/** Runs in our world on the document: the box of the first match, in viewport CSS px, with the viewport. */
const MEASURE = `function (selector) {
  const found = this.querySelector(selector);
  if (!found) return null;
  const box = found.getBoundingClientRect();
  return { box: { x: box.x, y: box.y, width: box.width, height: box.height }, viewport: { width: innerWidth, height: innerHeight } };
}`;

/**
 * Where a recorded step of the developer's acted, measured in the page's main frame right after it was
 * recorded, for the timeline to draw over its thumbnail; undefined for a step on no element, in a child
 * frame, with no CSS selector, or whose element is gone (a click that loaded another page).
 */
export async function stepTarget(client: CdpClient, frameId: string, step: FlowStep): Promise<TimelineTarget | undefined> {
  const { selectors, frame } = step as { selectors?: readonly (string | readonly string[])[]; frame?: readonly number[] };
  const paths = selectors && !frame?.length ? selectors.map((selector) => (typeof selector === 'string' ? [selector] : selector)) : [];
  const css = paths.find((path) => path.length === 1 && !PREFIXED.test(path[0]))?.[0];
  if (!css) {
    return undefined;
  }
  try {
    const world = await isolatedWorld(client, frameId);
    const { result: document } = await client.send('Runtime.evaluate', { expression: 'document', contextId: world });
    // The selector travels as an argument, never spliced into code.
    const { result } = await client.send('Runtime.callFunctionOn', { objectId: document.objectId, functionDeclaration: MEASURE, arguments: [{ value: css }], returnByValue: true });
    const parsed = timelineTarget.safeParse(result.value);
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined; // the document went, or the selector no longer parses there
  }
}
