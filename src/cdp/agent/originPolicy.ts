import { AgentError } from './agentError';

/**
 * Where the agent may take a page: `allowed` empty means anywhere not denied. Entries are origins
 * ("https://shop.example") or host patterns ("*.example.com", "localhost"); a deny entry wins.
 */
export interface OriginRules {
  readonly allowed: readonly string[];
  readonly denied: readonly string[];
}

function matches(url: URL, entry: string): boolean {
  const pattern = entry.trim().toLowerCase();
  if (pattern.includes('://')) {
    return url.origin === pattern.replace(/\/+$/, '');
  }
  const host = url.hostname.toLowerCase();
  return pattern.startsWith('*.') ? host === pattern.slice(2) || host.endsWith(pattern.slice(1)) : host === pattern;
}

/** Throws when the agent may not be on `address`; about: and data: pages are always allowed. */
export function checkOrigin(address: string, rules: OriginRules): void {
  const url = new URL(address);
  if (url.protocol === 'about:' || url.protocol === 'data:') {
    return;
  }
  if (rules.denied.some((entry) => matches(url, entry))) {
    throw new AgentError('ORIGIN_BLOCKED', `${url.origin} is on the developer's deny list (browserCanvas.agent.deniedOrigins). Do not go there; tell the developer what you needed from it.`);
  }
  if (rules.allowed.length > 0 && !rules.allowed.some((entry) => matches(url, entry))) {
    throw new AgentError('ORIGIN_BLOCKED', `${url.origin} is not on the developer's allow list (browserCanvas.agent.allowedOrigins). Ask the developer to allow it, or stay on the allowed sites.`);
  }
}
