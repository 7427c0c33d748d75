import { stringify } from '@puppeteer/replay';
import { placeholdersOf } from './flowPlaceholders';
import type { UserFlow } from './flowSchema';

/**
 * The flow as a standalone Puppeteer script, written by @puppeteer/replay's own stringifier (what
 * Chrome DevTools exports). Placeholders stay as they are, and the script says which to fill in:
 * a secret's value is never exported.
 */
export async function puppeteerScript(flow: UserFlow): Promise<string> {
  const { variables, secrets } = placeholdersOf(flow);
  const names = [...variables.map((name) => `{{${name}}}`), ...secrets.map((name) => `{{secret:${name}}}`)];
  const note = names.length ? `// Exported from Browser Canvas. Replace ${names.join(', ')} before running.\n` : '';
  return note + (await stringify(flow as never));
}
