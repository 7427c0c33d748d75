// The webview's one channel to the extension host, typed with the protocol.
import type { WebviewMessage } from '../contract/protocol';

interface VsCodeApi {
  postMessage(message: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

export type Post = (message: WebviewMessage) => void;

/** VS Code allows acquireVsCodeApi() once per page, so this is called once, at boot. */
export function connectToHost(): Post {
  const api = acquireVsCodeApi();
  return (message) => api.postMessage(message);
}
