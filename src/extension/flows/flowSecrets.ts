import * as vscode from 'vscode';
import { BrowserCanvasError } from '../../cdp';
import { inputBox } from '../prompts';

const KEY_PREFIX = 'browserCanvas.flowSecret.';
const INDEX_KEY = 'browserCanvas.flowSecrets';

/** A secret is kept per site: a flow can type it only into pages of the origin it was given for. */
export interface FlowSecretKey {
  readonly origin: string;
  readonly name: string;
}

const storageKey = ({ origin, name }: FlowSecretKey) => KEY_PREFIX + JSON.stringify([origin, name]);
const same = (a: FlowSecretKey) => (b: FlowSecretKey) => a.origin === b.origin && a.name === b.name;

/**
 * Whether the editor keeps secrets only in memory, where we know it: Theia's backend falls back to
 * memory (until it stops) when it cannot reach an OS keychain, which on Linux is a secret service on
 * the D-Bus session bus, so none without one. Nothing tells an extension so.
 */
export function secretsKeptInMemory(uriScheme = vscode.env.uriScheme, platform = process.platform, env = process.env): boolean {
  return uriScheme === 'theia' && platform === 'linux' && !env.DBUS_SESSION_BUS_ADDRESS;
}

const KEPT_IN_MEMORY =
  'Browser Canvas: Theia keeps flow secrets in memory here (it finds no OS keychain: no D-Bus secret service), so they are gone when Theia stops and a replay asks for them again. None is written to a file.';

/**
 * The values of flows' {{secret:NAME}}, in the editor's secret storage (the OS keychain where there
 * is one), per origin: asked for once in a password box, never shown, logged or written to a file.
 * Which ones exist (origin and name, no value) is kept in global state, to list and forget them.
 */
export class FlowSecrets {
  private saidKeptInMemory = false;

  constructor(
    private readonly storage: vscode.SecretStorage,
    private readonly state: vscode.Memento,
    private readonly keptInMemory = secretsKeptInMemory(),
  ) {}

  /** The stored value for `origin`, else asks the developer (and stores the answer); refuses if they back out. */
  async get(name: string, origin: string): Promise<string> {
    const stored = await this.storage.get(storageKey({ origin, name }));
    if (stored !== undefined) {
      return stored;
    }
    // Listed but gone: the storage lost it (Theia's memory, when Theia stopped; a keychain reset).
    // Theia may also have lost the list, written after the value: the notice does not depend on it.
    const lost = this.list().some(same({ origin, name }));
    this.sayIfKeptInMemory();
    const typed = await inputBox({
      title: `Browser Canvas: ${name} for ${origin}`,
      prompt: `${lost ? "The editor's secret storage no longer has it: type it again. " : ''}A flow types {{secret:${name}}} into ${origin}. It is kept in the editor's secret storage for that site only, never in the flow or a log.`,
      password: true,
    });
    if (typed === undefined) {
      throw new BrowserCanvasError('INVALID_ARGUMENT', `The replay needs the secret ${name} for ${origin}, and none was given.`, 'Replay again and type it when asked.');
    }
    await this.set({ origin, name }, typed);
    return typed;
  }

  async set(key: FlowSecretKey, value: string): Promise<void> {
    await this.storage.store(storageKey(key), value);
    await this.state.update(INDEX_KEY, [...this.list().filter((known) => !same(key)(known)), { origin: key.origin, name: key.name }]);
    this.sayIfKeptInMemory();
  }

  list(): FlowSecretKey[] {
    return this.state.get<FlowSecretKey[]>(INDEX_KEY, []);
  }

  /** Once per window: the developer learns before relying on it that a secret will not last. */
  private sayIfKeptInMemory(): void {
    if (this.keptInMemory && !this.saidKeptInMemory) {
      this.saidKeptInMemory = true;
      void vscode.window.showWarningMessage(KEPT_IN_MEMORY);
    }
  }

  async forget(key: FlowSecretKey): Promise<void> {
    await this.storage.delete(storageKey(key));
    await this.state.update(INDEX_KEY, this.list().filter((known) => !same(key)(known)));
  }
}
