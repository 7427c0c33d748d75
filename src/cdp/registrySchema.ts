import { BrowserCanvasError } from './errors';
import { SessionRecord } from './types';

export const REGISTRY_SCHEMA_VERSION = 1;

export interface RegistryFile {
  readonly schemaVersion: number;
  readonly sessions: Record<string, SessionRecord>;
}

/** What is wrong with a registry file, said precisely enough to find it by eye. */
export class RegistryFormatError extends Error {}

const KINDS = ['launched', 'attached'];
const CONTROLLERS = ['developer', 'agent'];
const STATUSES = ['starting', 'running', 'attached', 'dead', 'unreachable'];

function check(condition: boolean, where: string, what: string): asserts condition {
  if (!condition) {
    throw new RegistryFormatError(`${where}: ${what}`);
  }
}

const isString = (value: unknown): value is string => typeof value === 'string';
const optional = (value: unknown, test: (v: unknown) => boolean) => value === undefined || test(value);

function isHibernatedPage(value: unknown): boolean {
  const page = value as Record<string, unknown> | null;
  return typeof page === 'object' && page !== null && isString(page.targetId) && isString(page.url) && isString(page.title) && Number.isInteger(page.width) && Number.isInteger(page.height);
}

function checkRecord(id: string, value: unknown): SessionRecord {
  const where = `sessions.${id}`;
  check(typeof value === 'object' && value !== null, where, 'is not an object');
  const record = value as Record<string, unknown>;
  check(record.id === id, `${where}.id`, 'does not match its key');
  check(KINDS.includes(record.kind as string), `${where}.kind`, `must be one of ${KINDS.join(', ')}`);
  check(isString(record.label), `${where}.label`, 'must be a string');
  check(isString(record.created), `${where}.created`, 'must be a string');
  check(CONTROLLERS.includes(record.controller as string), `${where}.controller`, `must be one of ${CONTROLLERS.join(', ')}`);
  check(STATUSES.includes(record.status as string), `${where}.status`, `must be one of ${STATUSES.join(', ')}`);
  check(optional(record.pid, (v) => Number.isInteger(v) && (v as number) > 0), `${where}.pid`, 'must be a positive integer');
  check(optional(record.profileDir, isString), `${where}.profileDir`, 'must be a string');
  check(optional(record.agentClient, isString), `${where}.agentClient`, 'must be a string');
  check(optional(record.attachUrl, isString), `${where}.attachUrl`, 'must be a string');
  check(optional(record.executablePath, isString), `${where}.executablePath`, 'must be a string');
  check(optional(record.headless, (v) => typeof v === 'boolean'), `${where}.headless`, 'must be a boolean');
  check(optional(record.labelPinned, (v) => typeof v === 'boolean'), `${where}.labelPinned`, 'must be a boolean');
  check(optional(record.rebuilt, (v) => typeof v === 'boolean'), `${where}.rebuilt`, 'must be a boolean');
  const hibernated = record.hibernated as Record<string, unknown> | undefined;
  check(optional(hibernated, (v) => typeof v === 'object' && v !== null && isString(hibernated!.since) && Array.isArray(hibernated!.pages) && hibernated!.pages.every(isHibernatedPage)), `${where}.hibernated`, 'must have a since string and pages of targetId, url, title, width and height');
  const endpoint = record.endpoint as Record<string, unknown> | undefined;
  check(
    optional(endpoint, (v) => typeof v === 'object' && v !== null && isString(endpoint!.wsEndpoint) && optional(endpoint!.httpUrl, isString)),
    `${where}.endpoint`,
    'must have a wsEndpoint string',
  );
  return record as unknown as SessionRecord;
}

/**
 * Parses and checks a registry file; throws RegistryFormatError naming the first bad field. The schema
 * version is checked before any other field: a newer Browser Canvas may have changed them, and its file
 * is not ours to judge (or to quarantine) but to leave alone.
 */
export function parseRegistry(text: string, filePath: string): RegistryFile {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new RegistryFormatError(`not JSON (${(error as Error).message})`);
  }
  check(typeof value === 'object' && value !== null && !Array.isArray(value), 'registry', 'is not an object');
  const file = value as Record<string, unknown>;
  check(Number.isInteger(file.schemaVersion), 'schemaVersion', 'must be an integer');
  if ((file.schemaVersion as number) > REGISTRY_SCHEMA_VERSION) {
    throw new BrowserCanvasError(
      'REGISTRY_TOO_NEW',
      `The session registry ${filePath} was written by a newer Browser Canvas (schema ${file.schemaVersion as number}; this one reads ${REGISTRY_SCHEMA_VERSION}).`,
      'Update Browser Canvas in this window; the registry was left exactly as it is.',
    );
  }
  check(typeof file.sessions === 'object' && file.sessions !== null && !Array.isArray(file.sessions), 'sessions', 'must be an object');
  const sessions: Record<string, SessionRecord> = {};
  for (const [id, record] of Object.entries(file.sessions as Record<string, unknown>)) {
    sessions[id] = checkRecord(id, record);
  }
  return { schemaVersion: file.schemaVersion as number, sessions };
}
