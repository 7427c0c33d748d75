import * as vscode from 'vscode';
import { BrowserCanvasError } from '../../cdp';

const KEY_PREFIX = 'browserCanvas.flowSecret.';
const NAMES_KEY = 'browserCanvas.flowSecretNames';

/**
 * The values of flows' {{secret:NAME}}, kept in the editor's secret storage (the OS keychain where
 * there is one): asked for once in a password box, never shown, logged or written to a file. The
 * names alone are kept in global state, so they can be listed and forgotten.
 */
export class FlowSecrets {
  constructor(
    private readonly storage: vscode.SecretStorage,
    private readonly state: vscode.Memento,
  ) {}

  /** The stored value, else asks the developer (and stores the answer); refuses if they back out. */
  async get(name: string): Promise<string> {
    const stored = await this.storage.get(KEY_PREFIX + name);
    if (stored !== undefined) {
      return stored;
    }
    const typed = await vscode.window.showInputBox({
      title: `Browser Canvas: the secret ${name}`,
      prompt: `A flow needs {{secret:${name}}}. It is kept in the editor's secret storage, never in the flow or a log.`,
      password: true,
      ignoreFocusOut: true,
    });
    if (typed === undefined) {
      throw new BrowserCanvasError('INVALID_ARGUMENT', `The replay needs the secret ${name}, and none was given.`, 'Replay again and type it when asked.');
    }
    await this.set(name, typed);
    return typed;
  }

  async set(name: string, value: string): Promise<void> {
    await this.storage.store(KEY_PREFIX + name, value);
    await this.state.update(NAMES_KEY, [...new Set([...this.names(), name])].sort());
  }

  names(): string[] {
    return this.state.get<string[]>(NAMES_KEY, []);
  }

  async forget(name: string): Promise<void> {
    await this.storage.delete(KEY_PREFIX + name);
    await this.state.update(NAMES_KEY, this.names().filter((known) => known !== name));
  }
}
