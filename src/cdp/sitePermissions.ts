import type { CDPSession } from 'puppeteer-core';
import { z } from 'zod';
import { errorMessage } from './errors';

/**
 * What a page may use, per origin. A session's headless browser shows no permission prompt: it
 * denies every request at once, and CDP reports none. So the developer decides ahead, per origin,
 * and each connection applies the decisions again (Chromium forgets them when the connection ends).
 */
export const PERMISSION_SETTINGS = ['granted', 'denied', 'prompt'] as const;
export type PermissionSetting = (typeof PERMISSION_SETTINGS)[number];

/** The permissions people meet on ordinary sites, by their web names (Permissions API). */
export const COMMON_PERMISSIONS = [
  'geolocation',
  'notifications',
  'camera',
  'microphone',
  'clipboard-read',
  'clipboard-write',
  'midi',
  'screen-wake-lock',
  'storage-access',
  'local-fonts',
] as const;

/** An http(s) origin exactly as the web writes it: scheme, host and port, nothing more. */
export function isOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return /^https?:$/.test(url.protocol) && url.origin === value;
  } catch {
    return false;
  }
}

/** One origin's decisions: permission name -> setting. */
export const originPermissions = z.record(z.string().regex(/^[a-z-]{1,64}$/, 'a permission name such as geolocation'), z.enum(PERMISSION_SETTINGS));
export type SitePermissions = Readonly<Record<string, z.infer<typeof originPermissions>>>;

/** Whatever came from a setting or a command: the valid origins' decisions, and a line per problem. */
export function parseSitePermissions(raw: unknown): { rules: SitePermissions; problems: string[] } {
  const rules: Record<string, z.infer<typeof originPermissions>> = {};
  const problems: string[] = [];
  for (const [origin, permissions] of Object.entries(typeof raw === 'object' && raw !== null ? raw : {})) {
    const parsed = originPermissions.safeParse(permissions);
    if (!isOrigin(origin)) {
      problems.push(`"${origin}" is not an origin (scheme, host and port, such as https://example.com)`);
    } else if (!parsed.success) {
      const issue = parsed.error.issues[0];
      problems.push(`"${origin}"${issue.path.map((key) => `.${String(key)}`).join('')}: ${issue.message}`);
    } else {
      rules[origin] = parsed.data;
    }
  }
  return { rules, problems };
}

/** Applies every decision; returns one line per decision Chromium refused (an unknown name, say). */
export async function applySitePermissions(client: CDPSession, rules: SitePermissions): Promise<string[]> {
  const problems: string[] = [];
  for (const [site, permissions] of Object.entries(rules)) {
    for (const [name, setting] of Object.entries(permissions)) {
      await client.send('Browser.setPermission', { origin: site, permission: { name }, setting }).catch((error: unknown) => {
        problems.push(`${name} for ${site}: ${errorMessage(error)}`);
      });
    }
  }
  return problems;
}
