import type { CdpClient } from '../target/cdpChannel';

const MAX_NAME_CHARS = 80;
const TEXT_NODE = 3;

/**
 * How an element reads to a person using assistive technology, from the browser's accessibility tree
 * (never the page's script): `button "Save"`. Page text: it goes to a model only as untrusted content.
 */
export async function elementLabel(client: CdpClient, backendNodeId: number): Promise<string> {
  const { nodes } = await client.send('Accessibility.getPartialAXTree', { backendNodeId, fetchRelatives: false });
  const node = nodes.find((candidate) => candidate.backendDOMNodeId === backendNodeId) ?? nodes[0];
  const role = typeof node?.role?.value === 'string' && node.role.value !== 'generic' && node.role.value !== 'none' ? node.role.value : undefined;
  const { node: described } = await client.send('DOM.describeNode', { backendNodeId, depth: 1 });
  // A list item or card has no name of its own: its text names it, as in the snapshot.
  const ownText = (described.children ?? []).filter((child) => child.nodeType === TEXT_NODE).map((child) => child.nodeValue).join(' ');
  const name = (typeof node?.name?.value === 'string' && node.name.value.trim() ? node.name.value : ownText).replace(/\s+/g, ' ').trim().slice(0, MAX_NAME_CHARS);
  const what = role ?? `<${described.localName || described.nodeName.toLowerCase()}>`;
  return name ? `${what} ${JSON.stringify(name)}` : what;
}
