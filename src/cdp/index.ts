export { BrowserSession } from './browserSession';
export { findBrowser } from './discovery';
export { DisposableStore, IDisposable, toDisposable } from './disposable';
export { BrowserCanvasError, errorMessage } from './errors';
export { Emitter, Event } from './events';
export { LogHub, LogLineSink } from './logging';
export { checkStartUrl } from './urls';
export { CreateSessionOptions, SessionChange, SessionManager, SessionManagerOptions } from './sessionManager';
export { Controller, SessionKind, SessionRecord, SessionStatus } from './types';
