import type { CdpClient } from '../target/cdpChannel';
import type { FlowStep } from './flowSchema';
import { recordedElement, RecordedEvent } from '../pageSide/recorderScript';
import type { DomCandidates } from '../pageSide/selectorCandidates';
import { orderSelectors, Selector, selectorsFor } from './selectorGenerator';
import { releaseObject } from '../target/remoteObjects';
import { unlessGone } from '../target/targetClosedError';

/** Where a step happened, as a replay finds the place again. */
export interface StepPlace {
  /** The recorded page's target id. */
  readonly page: string;
  /** A popup's URL when the step happened (a replay waits for the page with that URL); none in the page the recording began on. */
  readonly target?: string;
  /** Child frame indexes from the page's main frame down to the step's document. */
  readonly frame: readonly number[];
}

/** A step's `target` field: a popup's URL, or none on the page the recording began on. */
export function targetField(target: string | undefined): { target?: string } {
  return target === undefined ? {} : { target };
}

export function viewportStep(width: number, height: number, target?: string): FlowStep {
  return { type: 'setViewport', ...targetField(target), width, height, deviceScaleFactor: 1, isMobile: false, hasTouch: false, isLandscape: false };
}

/**
 * The Recorder step for what the page reported, `client` being the session of the page context it came
 * from; undefined when its element can be found by no selector. `global` is the recorder script's
 * name in the page; `leftAria` is an element's aria/ selector as the page named it when its document went.
 */
export async function stepFor(client: CdpClient, event: Exclude<RecordedEvent, { kind: 'aria' }>, contextId: number, place: StepPlace, global: string, leftAria: (id: number) => string | undefined): Promise<FlowStep | undefined> {
  const target = targetField(place.target);
  const where = { ...target, ...(place.frame.length > 0 ? { frame: [...place.frame] } : {}) };
  const find = ({ id, dom }: { id: number; dom?: DomCandidates }) => selectorsOf(client, id, dom, contextId, global, leftAria);
  switch (event.kind) {
    case 'keyDown':
    case 'keyUp':
      return { type: event.kind, ...target, key: event.key };
    case 'viewport':
      return viewportStep(event.width, event.height, place.target);
    case 'scroll': {
      if (event.id === undefined) {
        return { type: 'scroll', ...where, x: event.x, y: event.y }; // the window's
      }
      const selectors = await find({ id: event.id, dom: event.dom });
      return selectors && { type: 'scroll', ...where, selectors, x: event.x, y: event.y };
    }
    case 'change': {
      const selectors = await find(event);
      return selectors && { type: 'change', ...where, selectors, value: event.secret ? `{{secret:${event.secretName}}}` : (event.value ?? '') };
    }
    default: {
      const selectors = await find(event);
      return selectors && { type: event.kind, ...where, selectors, offsetX: event.offsetX, offsetY: event.offsetY };
    }
  }
}

/**
 * All selectors while the element is still there, else the ones the page took at once, with the aria/
 * one it named as its document went (a load can take the document before the host has asked); undefined if there are none.
 */
async function selectorsOf(client: CdpClient, id: number, dom: DomCandidates | undefined, contextId: number, global: string, leftAria: (id: number) => string | undefined): Promise<string[][] | undefined> {
  const found = await unlessGone(client.send('Runtime.callFunctionOn', { executionContextId: contextId, functionDeclaration: recordedElement.toString(), arguments: [{ value: global }, { value: id }] }));
  const objectId = found?.result.objectId;
  const taken = (): readonly Selector[] => (dom ? orderSelectors(dom, leftAria(id)) : []);
  let selectors: readonly Selector[];
  try {
    selectors = (objectId && (await unlessGone(selectorsFor(client, objectId)))) || taken();
  } finally {
    await releaseObject(client, objectId);
  }
  return selectors.length > 0 ? selectors.map((selector) => [...selector]) : undefined;
}
