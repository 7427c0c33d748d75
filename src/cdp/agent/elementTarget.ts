/// <reference lib="dom" />
// The functions passed to Runtime.callFunctionOn run in the page, hence the DOM types.
import type { CdpClient } from '../target/cdpChannel';
import { abortable } from './abort';
import { AgentError } from './agentError';
import type { FrameSessions } from './frameSessions';
import type { ElementRef, RefTable } from './refTable';
import { releaseObject } from '../target/remoteObjects';

/** What a tool acts on: a ref from snapshot_page, a CSS selector, or a point in the viewport (CSS px). */
export interface ElementTarget {
  readonly ref?: string;
  readonly selector?: string;
  readonly x?: number;
  readonly y?: number;
}

export interface ResolvedTarget {
  /** The session of the element's frame (the page's own, or a cross-site iframe's). */
  readonly client: CdpClient;
  /** The element, when the target names one (released by the caller with `release`). */
  readonly objectId?: string;
  /** Where a click lands, in the page's viewport CSS px. */
  readonly point: { readonly x: number; readonly y: number };
  /** The element's box in viewport CSS px (a point target: a 1x1 box). */
  readonly box: { readonly x: number; readonly y: number; readonly width: number; readonly height: number };
  /** How the target reads in a log line or a progress message. */
  readonly description: string;
  /** A password field: what is typed into it is never shown. */
  readonly secret?: boolean;
}

// Runs on the element: brought into view the way a person would scroll to it, then its box.
function revealAndMeasure(this: Element) {
  if (!this.isConnected) {
    return { connected: false };
  }
  this.scrollIntoView({ block: 'center', inline: 'center', behavior: 'instant' });
  const box = this.getBoundingClientRect();
  const style = getComputedStyle(this);
  const visible = box.width > 0 && box.height > 0 && style.visibility !== 'hidden' && style.display !== 'none';
  const secret = this instanceof HTMLInputElement && this.type === 'password';
  return { connected: true, visible, secret, x: box.x, y: box.y, width: box.width, height: box.height, label: (this.getAttribute('aria-label') || (this as HTMLElement).innerText || this.tagName).slice(0, 60) };
}

export async function resolveTarget(frames: FrameSessions, page: CdpClient, refs: RefTable, target: ElementTarget, signal: AbortSignal): Promise<ResolvedTarget> {
  if (target.ref === undefined && target.selector === undefined) {
    if (typeof target.x !== 'number' || typeof target.y !== 'number') {
      throw new AgentError('INVALID_INPUT', 'Say what to act on: a ref from snapshot_page, a CSS selector, or x and y in the viewport.');
    }
    return { client: page, point: { x: target.x, y: target.y }, box: { x: target.x, y: target.y, width: 1, height: 1 }, description: `(${target.x}, ${target.y})` };
  }
  const element = target.ref !== undefined ? elementOf(refs, target.ref) : undefined;
  // Selectors are looked up in the main frame; a ref knows its frame.
  const client = element ? frames.clientFor(element.frameId) : page;
  const objectId = element ? await objectForNode(client, element.backendNodeId, target.ref!, signal) : await objectForSelector(client, target.selector!, signal);
  const described = target.ref ?? target.selector!;
  const { result } = await abortable(client.send('Runtime.callFunctionOn', { objectId, functionDeclaration: revealAndMeasure.toString(), returnByValue: true }), signal);
  const measured = result.value as { connected: boolean; visible?: boolean; secret?: boolean; x: number; y: number; width: number; height: number; label: string };
  if (!measured.connected) {
    throw new AgentError('STALE_REF', `${described} is no longer in the page (it was removed). Take a new snapshot_page.`);
  }
  if (!measured.visible) {
    throw new AgentError('NOT_ACTIONABLE', `${described} is not visible (zero size, hidden or display: none). Pick a visible element from a new snapshot_page.`);
  }
  // revealAndMeasure scrolled it into view first, so the frame offsets read after it hold.
  const { offset: shown } = element ? await abortable(frames.access(element.frameId), signal).catch((error: unknown) => (error instanceof AgentError ? Promise.reject(error) : staleRef(target.ref!))) : { offset: { x: 0, y: 0 } };
  const box = { x: measured.x + shown.x, y: measured.y + shown.y, width: measured.width, height: measured.height };
  const label = measured.label.replace(/\s+/g, ' ').trim();
  return { client, objectId, box, secret: measured.secret, point: { x: box.x + box.width / 2, y: box.y + box.height / 2 }, description: `${described} "${label}"` };
}

function elementOf(refs: RefTable, ref: string): ElementRef {
  const { element, problem } = refs.lookup(ref);
  if (!element) {
    throw new AgentError('STALE_REF', problem!);
  }
  return element;
}

function staleRef(ref: string): never {
  throw new AgentError('STALE_REF', `ref ${ref} is no longer in the page (its frame went away). Take a new snapshot_page.`);
}

async function objectForNode(client: CdpClient, backendNodeId: number, ref: string, signal: AbortSignal): Promise<string> {
  const resolved = await abortable(client.send('DOM.resolveNode', { backendNodeId }), signal).catch((error: unknown) => {
    if (error instanceof AgentError) {
      throw error;
    }
    return staleRef(ref);
  });
  return resolved.object.objectId!;
}

async function objectForSelector(client: CdpClient, selector: string, signal: AbortSignal): Promise<string> {
  // The selector travels as an argument, never spliced into code.
  const global = await abortable(client.send('Runtime.evaluate', { expression: 'globalThis' }), signal);
  const { result, exceptionDetails } = await abortable(
    client.send('Runtime.callFunctionOn', {
      objectId: global.result.objectId,
      functionDeclaration: 'function (selector) { return document.querySelector(selector); }',
      arguments: [{ value: selector }],
    }),
    signal,
  );
  if (exceptionDetails) {
    throw new AgentError('INVALID_INPUT', `"${selector}" is not a valid CSS selector.`);
  }
  if (!result.objectId) {
    throw new AgentError('NOT_FOUND', `No element matches "${selector}". Take a snapshot_page and use a ref instead.`);
  }
  return result.objectId;
}

export async function release(target: ResolvedTarget): Promise<void> {
  await releaseObject(target.client, target.objectId);
}
