import * as vscode from 'vscode';
import { BrowserCanvasError } from '../../cdp';

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
 * The values of flows' {{secret:NAME}}, in the editor's secret storage (the OS keychain where there
 * is one), per origin: asked for once in a password box, never shown, logged or written to a file.
 * Which ones exist (origin and name, no value) is kept in global state, to list and forget them.
 */
export class FlowSecrets {
  constructor(
    private readonly storage: vscode.SecretStorage,
    private readonly state: vscode.Memento,
  ) {}

  /** The stored value for `origin`, else asks the developer (and stores the answer); refuses if they back out. */
  async get(name: string, origin: string): Promise<string> {
    const stored = await this.storage.get(storageKey({ origin, name }));
    if (stored !== undefined) {
      return stored;
    }
    const typed = await vscode.window.showInputBox({
      title: `Browser Canvas: ${name} for ${origin}`,
      prompt: `A flow types {{secret:${name}}} into ${origin}. It is kept in the editor's secret storage for that site only, never in the flow or a log.`,
      password: true,
      ignoreFocusOut: true,
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
  }

  list(): FlowSecretKey[] {
    return this.state.get<FlowSecretKey[]>(INDEX_KEY, []);
  }

  async forget(key: FlowSecretKey): Promise<void> {
    await this.storage.delete(storageKey(key));
    await this.state.update(INDEX_KEY, this.list().filter((known) => !same(key)(known)));
  }
}
