import { AgentError } from './agentError';

/** The reason a signal carries when the developer takes a session back. */
export function cancelledBy(signal: AbortSignal): AgentError {
  return signal.reason instanceof AgentError ? signal.reason : new AgentError('CANCELLED', String(signal.reason ?? 'The action was cancelled.'));
}

export function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) {
    throw cancelledBy(signal);
  }
}

/**
 * Settles with `work`, or rejects the moment `signal` aborts: a CDP call or a wait in flight stops
 * mattering at once (its late result is dropped), which is what makes Take Back instant.
 */
export function abortable<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    work.catch(() => undefined); // its end no longer matters, and must not go unhandled
    throw cancelledBy(signal);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(cancelledBy(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  return abortable(new Promise<void>((resolve) => (timer = setTimeout(resolve, ms))), signal).finally(() => clearTimeout(timer));
}
