import type { ProtocolMapping } from 'devtools-protocol/types/protocol-mapping';
import type { Browser, BrowserEvent, BrowserEvents, EventType, Handler, Page, PageEvent, PageEvents } from 'puppeteer-core';
import { IDisposable, toDisposable } from './disposable';
import type { CdpClient } from './target/cdpChannel';

/** Subscribes to a puppeteer event, typed by the emitter's own event map; dispose to unsubscribe. */
export function onEvent<K extends keyof PageEvents>(emitter: Page, type: K, handler: Handler<PageEvents[K]>): IDisposable;
export function onEvent<K extends keyof BrowserEvents>(emitter: Browser, type: K, handler: Handler<BrowserEvents[K]>): IDisposable;
export function onEvent(emitter: Page | Browser, type: EventType, handler: Handler<never>): IDisposable {
  const untyped = emitter as unknown as { on(type: EventType, handler: Handler<never>): void; off(type: EventType, handler: Handler<never>): void };
  untyped.on(type, handler);
  return toDisposable(() => untyped.off(type, handler));
}

/** Subscribes to a raw CDP event on one of our own CDP sessions or page models; dispose to unsubscribe. */
export function onCdpEvent<E extends keyof ProtocolMapping.Events>(client: CdpClient, event: E, handler: (...args: ProtocolMapping.Events[E]) => void): IDisposable {
  const untyped = client as unknown as { on(type: string, handler: (...args: unknown[]) => void): void; off(type: string, handler: (...args: unknown[]) => void): void };
  const listener = handler as (...args: unknown[]) => void;
  untyped.on(event, listener);
  return toDisposable(() => untyped.off(event, listener));
}

/**
 * The event names we listen to. puppeteer declares them as `const enum`s, which a bundler cannot inline
 * from .d.ts files; these literals carry the same types and exist at run time.
 */
export const PageEventName = {
  console: 'console' as PageEvent.Console,
  pageError: 'pageerror' as PageEvent.PageError,
  dialog: 'dialog' as PageEvent.Dialog,
  error: 'error' as PageEvent.Error,
  request: 'request' as PageEvent.Request,
  response: 'response' as PageEvent.Response,
  requestFailed: 'requestfailed' as PageEvent.RequestFailed,
} as const;

export const BrowserEventName = {
  disconnected: 'disconnected' as BrowserEvent.Disconnected,
  targetCreated: 'targetcreated' as BrowserEvent.TargetCreated,
  targetDestroyed: 'targetdestroyed' as BrowserEvent.TargetDestroyed,
  targetChanged: 'targetchanged' as BrowserEvent.TargetChanged,
} as const;
