import type * as vscode from 'vscode';

/** Runs `work` with an AbortSignal that aborts (saying `reason`) when the editor cancels `token`. */
export async function untilCancelled<T>(token: vscode.CancellationToken, reason: string, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const stop = new AbortController();
  const listening = token.onCancellationRequested(() => stop.abort(new Error(reason)));
  try {
    return await work(stop.signal);
  } finally {
    listening.dispose();
  }
}
