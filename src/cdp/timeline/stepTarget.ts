import type { FrameSessions } from '../agent/frameSessions';
import { firstMatchBox } from '../pageSide/documentQueries';
import type { CdpClient } from '../target/cdpChannel';
import { isolatedWorld } from '../target/isolatedWorld';
import { unlessGone } from '../target/targetClosedError';
import type { FlowStep } from '../recorder/flowSchema';
import { timelineTarget, TimelineTarget } from './timelineEntry';

/** Selectors the Recorder writes with a prefix (aria/, xpath/, pierce/, text/) are not CSS. */
const PREFIXED = /^[a-z]+\//;

/**
 * Where a recorded step of the developer's acted, measured right after it was recorded, in the page's
 * viewport (a step in a child frame moved by the offsets of the frames above it), for the timeline to
 * draw over its thumbnail; undefined for a step on no element, with no CSS selector, or whose element,
 * frame or document is gone (a click that loaded another page). Any other failure throws.
 */
export async function stepTarget(frames: FrameSessions, mainFrameId: string, step: FlowStep): Promise<TimelineTarget | undefined> {
  const { selectors, frame = [] } = step as { selectors?: readonly (string | readonly string[])[]; frame?: readonly number[] };
  const paths = (selectors ?? []).map((selector) => (typeof selector === 'string' ? [selector] : selector));
  const css = paths.find((path) => path.length === 1 && !PREFIXED.test(path[0]))?.[0];
  if (!css) {
    return undefined;
  }
  return unlessGone(measureInPage(frames, mainFrameId, frame, css));
}

/** The first match of `css` in the frame at `frame` (child indexes), moved into the page's viewport. */
async function measureInPage(frames: FrameSessions, mainFrameId: string, frame: readonly number[], css: string): Promise<TimelineTarget | undefined> {
  if (frame.length) {
    await frames.list(); // the frame's place among its siblings, as the recorder counted it
  }
  const frameId = frames.frameAt(mainFrameId, frame);
  if (!frameId) {
    return undefined;
  }
  const { client, offset } = await frames.access(frameId);
  const inFrame = await measure(client, frameId, css);
  if (!inFrame || !frame.length) {
    return inFrame;
  }
  const { client: page } = await frames.access(mainFrameId);
  const { viewport } = (await measure(page, mainFrameId, ':root')) ?? inFrame;
  return { box: { ...inFrame.box, x: inFrame.box.x + offset.x, y: inFrame.box.y + offset.y }, viewport };
}

async function measure(client: CdpClient, frameId: string, css: string): Promise<TimelineTarget | undefined> {
  const world = await isolatedWorld(client, frameId);
  const { result: document } = await client.send('Runtime.evaluate', { expression: 'document', contextId: world });
  // The selector travels as an argument, never spliced into code.
  const { result } = await client.send('Runtime.callFunctionOn', { objectId: document.objectId, functionDeclaration: firstMatchBox.toString(), arguments: [{ value: css }], returnByValue: true });
  const parsed = timelineTarget.safeParse(result.value);
  return parsed.success ? parsed.data : undefined;
}
