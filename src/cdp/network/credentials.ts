// What counts as a credential in what the network carried: shared by the agent's network reading
// (networkText.ts) and the HAR file (harRedaction.ts).

/** Headers whose values are credentials. */
export const CREDENTIAL_HEADERS = new Set(['cookie', 'set-cookie', 'authorization', 'proxy-authorization', 'x-csrf-token', 'x-xsrf-token', 'x-api-key']);

export function isCredentialHeader(name: string): boolean {
  return CREDENTIAL_HEADERS.has(name.toLowerCase());
}

/**
 * Fields (form, JSON, query string) whose values are secrets by their name: passwords, tokens, keys,
 * session ids, one-time codes, card codes. Erring towards redaction: an "author" field goes too.
 */
const SECRET_FIELD = /pass|pwd|^pw$|secret|token|api[-_]?key|auth|credential|session|^otp$|^pin$|^cvc$|^cvv$/i;

export function isSecretField(name: string): boolean {
  return SECRET_FIELD.test(name);
}
