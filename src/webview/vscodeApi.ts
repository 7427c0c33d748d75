// The webview's one channel to the extension host, typed with the protocol.
import type { WebviewMessage } from '../contract/protocol';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

export type Post = (message: WebviewMessage) => void;

/** What the webview keeps across its own reloads (the editor's webview state: a window reload, the panel hidden and shown). */
export interface WebviewState<T> {
  get(): T | undefined;
  set(state: T): void;
}

/** VS Code allows acquireVsCodeApi() once per page, so this is called once, at boot. */
export function connectToHost(): { readonly post: Post; readonly state: WebviewState<Record<string, unknown>> } {
  const api = acquireVsCodeApi();
  return {
    post: (message) => api.postMessage(message),
    state: { get: () => (api.getState() ?? undefined) as Record<string, unknown> | undefined, set: (state) => api.setState(state) },
  };
}
