import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { BrowserCanvasApi } from '../../../src/extension/api';
import type { PageItem, SessionItem } from '../../../src/extension/sessionsTree';

export interface PhaseContext {
  readonly dir: string;
  readonly share: { get<T>(key: string): T; set(key: string, value: unknown): void };
}

export interface Phase {
  readonly name: string;
  /** Declares the phase's mocha suites (describe / it are globals here). */
  readonly define: (context: PhaseContext) => void;
  /** How the next phase begins: a fresh extension host, or a whole window reload. */
  readonly then?: 'restartExtensionHost' | 'reloadWindow';
}

export const EXTENSION_ID = 'browser-canvas.browser-canvas';

/** Our extension as the editor activated it, once its re-attach pass has finished. */
export async function extensionApi(): Promise<BrowserCanvasApi> {
  const extension = vscode.extensions.getExtension<BrowserCanvasApi>(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is not installed in this editor`);
  const api = extension.isActive ? extension.exports : await extension.activate();
  await api.ready;
  return api;
}

/** The rows the Sessions view shows, as the tree provider hands them to the editor. */
export async function treeRows(api: BrowserCanvasApi): Promise<{ session: SessionItem; pages: PageItem[] }[]> {
  const sessions = (await api.sessionsTree.getChildren()) as SessionItem[];
  return Promise.all(sessions.map(async (session) => ({ session, pages: (await api.sessionsTree.getChildren(session)) as PageItem[] })));
}

export function fixtureUrl(path: string): string {
  const base = process.env.BROWSER_CANVAS_TEST_FIXTURES;
  assert.ok(base, 'BROWSER_CANVAS_TEST_FIXTURES is not set by the runner');
  return `${base}${path}`;
}
