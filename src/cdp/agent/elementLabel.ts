import type { CdpClient } from '../target/cdpChannel';

const MAX_NAME_CHARS = 80;

/**
 * How an element reads to a person using assistive technology, from the browser's accessibility tree
 * (never the page's script): `button "Save"`. Page text: it goes to a model only as untrusted content.
 */
export async function elementLabel(client: CdpClient, backendNodeId: number): Promise<string> {
  const { nodes } = await client.send('Accessibility.getPartialAXTree', { backendNodeId, fetchRelatives: false });
  const node = nodes.find((candidate) => candidate.backendDOMNodeId === backendNodeId) ?? nodes[0];
  const role = typeof node?.role?.value === 'string' && node.role.value !== 'generic' && node.role.value !== 'none' ? node.role.value : undefined;
  const name = typeof node?.name?.value === 'string' ? node.name.value.replace(/\s+/g, ' ').trim().slice(0, MAX_NAME_CHARS) : '';
  const { node: described } = await client.send('DOM.describeNode', { backendNodeId });
  const what = role ?? `<${described.localName || described.nodeName.toLowerCase()}>`;
  return name ? `${what} ${JSON.stringify(name)}` : what;
}
