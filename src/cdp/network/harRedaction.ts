import type { Protocol } from 'devtools-protocol';
import { isCredentialHeader, isSecretField } from './credentials';

export const REDACTED = '(redacted)';

/**
 * Learned values shorter than these are not looked for elsewhere: they would match noise. A cookie
 * may hold a setting ("theme=dark"); a session cookie or token is long.
 */
const MIN_FIELD_SECRET = 4;
const MIN_CREDENTIAL_SECRET = 8;

/**
 * Takes credentials out of what a HAR holds: credential headers' values, secret fields of query
 * strings, form, multipart and JSON bodies. The values of those fields are learned, and `scrub` then
 * takes them out wherever else they appear (a password echoed in a URL, a token in a response), as
 * a typed password reaches the network only in such a field.
 */
export class Redactor {
  private readonly secrets = new Set<string>();

  headers(headers: Protocol.Network.Headers | undefined): Array<{ name: string; value: string }> {
    return Object.entries(headers ?? {}).flatMap(([name, value]) =>
      // Chromium joins repeated headers with newlines (Set-Cookie): HAR lists them one by one.
      String(value)
        .split('\n')
        .map((line) => ({ name, value: isCredentialHeader(name) ? this.credential(name, line) : line })),
    );
  }

  /** A credential header's value is learned (a cookie's or token's value echoed elsewhere goes too), then redacted. */
  private credential(name: string, value: string): string {
    const lower = name.toLowerCase();
    const parts = lower === 'cookie' ? value.split(/;\s*/) : lower === 'set-cookie' ? [value.split(';')[0]] : [value.replace(/^\w+\s+/, '')];
    for (const part of parts) {
      this.learn(part.includes('=') && lower.endsWith('cookie') ? part.slice(part.indexOf('=') + 1) : part, MIN_CREDENTIAL_SECRET);
    }
    return REDACTED;
  }

  /** The address with its secret query parameters redacted. */
  url(address: string): string {
    try {
      const url = new URL(address);
      if (!url.search) {
        return address;
      }
      url.search = this.form(url.search.slice(1));
      return url.toString();
    } catch {
      return address;
    }
  }

  queryString(address: string): Array<{ name: string; value: string }> {
    try {
      return [...new URL(address).searchParams].map(([name, value]) => ({ name, value: this.field(name, value) }));
    } catch {
      return [];
    }
  }

  /** A request or response body, its secret fields redacted by its type. */
  body(text: string, mimeType: string): string {
    if (/x-www-form-urlencoded/i.test(mimeType)) {
      return this.form(text);
    }
    if (/multipart\/form-data/i.test(mimeType)) {
      return text.replace(/(name="([^"]*)"[^\r\n]*\r\n(?:[^\r\n]+\r\n)*\r\n)([\s\S]*?)(?=\r\n--)/g, (_part, head: string, name: string, value: string) => head + this.field(name, value));
    }
    if (/json/i.test(mimeType) || /^\s*[[{]/.test(text)) {
      try {
        return JSON.stringify(this.json(JSON.parse(text)));
      } catch {
        return text; // not JSON after all
      }
    }
    return text;
  }

  /** Every learned secret value taken out of every string of `value` (a whole HAR, at the end). */
  scrub<T>(value: T): T {
    const secrets = [...this.secrets];
    if (!secrets.length) {
      return value;
    }
    const forms = secrets.flatMap((secret) => [...new Set([secret, encodeURIComponent(secret), new URLSearchParams({ s: secret }).toString().slice(2)])]);
    const walk = (item: unknown): unknown => {
      if (typeof item === 'string') {
        return forms.reduce((text, secret) => text.split(secret).join(REDACTED), item);
      }
      if (Array.isArray(item)) {
        return item.map(walk);
      }
      if (item && typeof item === 'object') {
        return Object.fromEntries(Object.entries(item).map(([key, inner]) => [key, walk(inner)]));
      }
      return item;
    };
    return walk(value) as T;
  }

  private form(text: string): string {
    return new URLSearchParams([...new URLSearchParams(text)].map(([name, value]): [string, string] => [name, this.field(name, value)])).toString();
  }

  private json(value: unknown): unknown {
    if (Array.isArray(value)) {
      return value.map((item) => this.json(item));
    }
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, isSecretField(key) && (inner === null || typeof inner !== 'object') ? this.field(key, String(inner)) : this.json(inner)]));
    }
    return value;
  }

  private field(name: string, value: string): string {
    if (!isSecretField(name) || !value) {
      return value;
    }
    this.learn(value, MIN_FIELD_SECRET);
    return REDACTED;
  }

  private learn(value: string, minLength: number): void {
    if (value.length >= minLength) {
      this.secrets.add(value);
    }
  }
}
