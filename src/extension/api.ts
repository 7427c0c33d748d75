import type { SessionManager } from '../cdp';
import type { SessionsTreeProvider } from './sessionsTree';

/** What `activate` returns: for other extensions, and for the integration tests that drive ours. */
export interface BrowserCanvasApi {
  readonly manager: SessionManager;
  readonly sessionsTree: SessionsTreeProvider;
  /** Settles once the sessions from before this window started have been re-attached or marked dead. */
  readonly ready: Promise<void>;
}
