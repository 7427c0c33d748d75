import type { Controller } from '../contract/shapes';

/** `launched`: we started the process and own it. `attached`: someone else runs it; we never kill it. */
export type SessionKind = 'launched' | 'attached';

/** Who may drive the session right now. */
export type { Controller };

/**
 * `running`: our browser is alive. `attached`: a foreign endpoint answers. `dead`: our browser is gone
 * (restartable on the same profile). `unreachable`: a foreign endpoint stopped answering.
 * `starting`: launch in progress.
 */
export type SessionStatus = 'starting' | 'running' | 'attached' | 'dead' | 'unreachable';

/** A session whose browser answers: ours running, or a foreign one attached. */
export const isLive = (record: { readonly status: SessionStatus }) => record.status === 'running' || record.status === 'attached';

/** Who holds the session, as people read it: "developer", "agent", or the agent client's own name ("claude-code"). */
export function holderName(record: Pick<SessionRecord, 'controller' | 'agentClient'>): string {
  return record.controller === 'agent' ? (record.agentClient?.replace(/^mcp:/, '') ?? 'agent') : 'developer';
}

export interface SessionEndpoint {
  /**
   * ws://127.0.0.1:PORT/devtools/browser/ID: what puppeteer connects to. For a launched session the
   * browser host's address, whose path is the session's secret: never log or show it whole.
   */
  readonly wsEndpoint: string;
  /** http://HOST:PORT, when known: where /json/version answers. */
  readonly httpUrl?: string;
}

/** A page of a hibernated session, as it was when its browser was closed: what its tile shows, and where it reopens. */
export interface HibernatedPage {
  /** Its target id then: its tile's id until the browser reopens it. */
  readonly targetId: string;
  readonly url: string;
  readonly title: string;
  /** Its CSS viewport. */
  readonly width: number;
  readonly height: number;
}

export interface SessionRecord {
  readonly id: string;
  readonly kind: SessionKind;
  readonly label: string;
  /** The developer named the session (New Session, Attach or Rename): its label no longer follows its page's title. */
  readonly labelPinned?: boolean;
  readonly created: string;
  readonly controller: Controller;
  /**
   * While the agent holds the session: the agent client that opened it or last acted on it
   * ("mcp:claude-code"), so the tile can name it. Unset for the in-editor agent and the developer.
   */
  readonly agentClient?: string;
  readonly status: SessionStatus;
  readonly endpoint?: SessionEndpoint;
  /** Launched sessions: the browser host, which leads the process group of the browser's whole tree on POSIX. */
  readonly pid?: number;
  readonly profileDir?: string;
  readonly headless?: boolean;
  readonly executablePath?: string;
  /** For attached sessions: the address the developer gave, to reconnect by. */
  readonly attachUrl?: string;
  /**
   * Set on records rebuilt from the session folders after the registry was lost: their status and
   * controller are guesses until a window that holds the session, or adoption, says otherwise.
   */
  readonly rebuilt?: boolean;
  /**
   * Set while the session is hibernated: its browser closed to free memory (status `dead`), its pages
   * kept here until Restart, a focused tile or an agent action reopens it on its profile.
   */
  readonly hibernated?: { readonly since: string; readonly pages: readonly HibernatedPage[] };
}
