import { AgentError } from '../action/agentError';

/**
 * Where the agent may take a page: `allowed` empty means anywhere not denied. Entries are origins
 * ("https://shop.example") or host patterns ("*.example.com", "localhost"); a deny entry wins.
 */
export interface OriginRules {
  readonly allowed: readonly string[];
  readonly denied: readonly string[];
  /** `file:` pages (the machine's own files): refused unless the developer allows them. */
  readonly allowFiles?: boolean;
}

/** Schemes a page the agent drives may show besides the web's; everything else (file:, chrome:, ...) is local. */
const ALWAYS_ALLOWED = new Set(['about:', 'data:', 'blob:']);
const WEB = new Set(['http:', 'https:']);

function matches(url: URL, entry: string): boolean {
  const pattern = entry.trim().toLowerCase();
  if (pattern.includes('://')) {
    return url.origin === pattern.replace(/\/+$/, '');
  }
  const host = url.hostname.toLowerCase();
  return pattern.startsWith('*.') ? host === pattern.slice(2) || host.endsWith(pattern.slice(1)) : host === pattern;
}

/** Throws when the agent may not be on `address`; about:, data: and blob: pages are always allowed. */
export function checkOrigin(address: string, rules: OriginRules): void {
  const url = new URL(address);
  if (ALWAYS_ALLOWED.has(url.protocol)) {
    return;
  }
  if (!WEB.has(url.protocol) && !(url.protocol === 'file:' && rules.allowFiles)) {
    throw new AgentError('ORIGIN_BLOCKED', `${url.protocol} pages are local to the developer's machine, and not for the agent${url.protocol === 'file:' ? ' unless the developer allows them (browserCanvas.agent.allowFileUrls)' : ''}. Stay on web pages.`);
  }
  if (rules.denied.some((entry) => matches(url, entry))) {
    throw new AgentError('ORIGIN_BLOCKED', `${url.origin} is on the developer's deny list (browserCanvas.agent.deniedOrigins). Do not go there; tell the developer what you needed from it.`);
  }
  if (rules.allowed.length > 0 && !rules.allowed.some((entry) => matches(url, entry))) {
    throw new AgentError('ORIGIN_BLOCKED', `${url.origin} is not on the developer's allow list (browserCanvas.agent.allowedOrigins). Ask the developer to allow it, or stay on the allowed sites.`);
  }
}
