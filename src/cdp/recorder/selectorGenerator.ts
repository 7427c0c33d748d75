import { setTimeout as delay } from 'node:timers/promises';
import type { CdpClient } from '../target/cdpChannel';
import { ownerDocument } from '../pageSide/elements';
import { domCandidates, DomCandidates } from '../pageSide/selectorCandidates';
import { releaseObject } from '../target/remoteObjects';

/**
 * One selector in Chrome DevTools Recorder's form: its parts, each one piercing a shadow root into
 * the next (a single part for the document). `aria/` and `text/` parts pierce shadow roots by themselves.
 */
export type Selector = readonly string[];

/**
 * How long the accessibility tree may take. A page behind another (an opener once its popup is in
 * front) answers accessibility queries only after about 30 s; its selectors then go without aria/.
 */
const ARIA_WAIT_MS = 1000;

/** Roles whose name says nothing a person would point at. */
const UNNAMED_ROLES = new Set(['generic', 'none', 'presentation', 'StaticText', 'InlineTextBox', 'RootWebArea']);

/**
 * The selectors a replay will try, best first, each unique on the page right now: test id, role +
 * accessible name, label / placeholder / name attribute, text, id (never one that looks generated),
 * then a short CSS path. `objectId` is the element, in `client`'s frame.
 */
export async function selectorsFor(client: CdpClient, objectId: string): Promise<Selector[]> {
  const [{ result }, aria] = await Promise.all([
    client.send('Runtime.callFunctionOn', { objectId, functionDeclaration: domCandidates.toString(), returnByValue: true }),
    Promise.race([ariaSelector(client, objectId), delay(ARIA_WAIT_MS, undefined, { ref: false })]),
  ]);
  return orderSelectors(result.value as DomCandidates, aria);
}

/** The candidates in the order a replay should try them; `aria` is left out when not known unique. */
export function orderSelectors({ levels, uniqueText }: DomCandidates, aria?: string): Selector[] {
  const own = levels.at(-1) ?? [];
  // Through shadow roots each host is reached by its own best selector; a host without one leaves only aria / text.
  const hosts = levels.slice(0, -1).map((candidates) => candidates[0]);
  const reachable = hosts.every((host) => host !== undefined);
  const pierced = (css: string | undefined): Selector[] => (css && reachable ? [[...hosts, css]] : []);
  const testId = own.find((css) => css.startsWith('[data-'));
  const labelled = own.find((css) => !css.startsWith('[data-') && css.includes('['));
  const id = own.find((css) => css.startsWith('#'));
  const path = own.find((css) => css !== testId && css !== labelled && css !== id);
  return [
    ...pierced(testId),
    ...(aria ? [[aria]] : []),
    ...pierced(labelled),
    ...(uniqueText ? [[`text/${uniqueText}`]] : []),
    ...pierced(id),
    ...pierced(path),
  ];
}

/** `aria/Name[role="button"]` when the element's role and name pick it out alone on the page. */
async function ariaSelector(client: CdpClient, objectId: string): Promise<string | undefined> {
  const { nodes } = await client.send('Accessibility.getPartialAXTree', { objectId, fetchRelatives: false });
  const node = nodes.find((candidate) => !candidate.ignored);
  const role = typeof node?.role?.value === 'string' ? node.role.value : '';
  const name = typeof node?.name?.value === 'string' ? node.name.value.trim() : '';
  if (!node || !name || UNNAMED_ROLES.has(role)) {
    return undefined;
  }
  const { result } = await client.send('Runtime.callFunctionOn', { objectId, functionDeclaration: ownerDocument.toString() });
  try {
    const { nodes: matches } = await client.send('Accessibility.queryAXTree', { objectId: result.objectId, accessibleName: name, role });
    return matches.filter((match) => !match.ignored).length === 1 ? `aria/${name}[role="${role}"]` : undefined;
  } finally {
    await releaseObject(client, result.objectId);
  }
}
