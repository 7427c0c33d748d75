import { IDisposable, toDisposable } from './disposable';

/** A subscribable event, shaped like vscode.Event so the extension can pass it straight on. */
export type Event<T> = (listener: (value: T) => void) => IDisposable;

export class Emitter<T> implements IDisposable {
  private listeners = new Set<(value: T) => void>();

  readonly event: Event<T> = (listener) => {
    this.listeners.add(listener);
    return toDisposable(() => this.listeners.delete(listener));
  };

  fire(value: T): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(value);
      } catch {
        // One listener's failure must not stop the others from hearing the event.
      }
    }
  }

  dispose(): void {
    this.listeners.clear();
  }
}
