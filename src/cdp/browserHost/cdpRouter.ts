import { IDisposable } from '../disposable';
import { editMembers, JsonMembers, memberValue, messageMembers } from './jsonMembers';

/** A command from a client, or a small message from the browser read whole. */
interface CdpMessage {
  id?: number;
  method?: string;
  params?: { sessionId?: unknown };
  result?: { sessionId?: unknown };
  error?: unknown;
  sessionId?: string;
}

/** Where a client's messages go back: its WebSocket. */
export interface RouterPeer {
  send(text: string): void;
  /** Ends the connection, for a client that spoke something other than CDP. */
  close(reason: string): void;
}

/** An answer from the browser as it came, with where its members are (it may be megabytes). */
type Answer = (text: string, members: JsonMembers) => void;

/** Commands whose answer names a session the caller now holds (also announced by Target.attachedToTarget). */
const ATTACHING = new Set(['Target.attachToTarget', 'Target.attachToBrowserTarget']);
const TARGET_EVENTS = new Set(['Target.attachedToTarget', 'Target.detachedFromTarget']);

/**
 * Shares one browser (one pipe) between several CDP clients, each as if it had the browser to itself.
 * Every client gets its own browser-level session (`Target.attachToBrowserTarget`): what it sends
 * without a session goes there, and what comes back on it loses the session id again. Sessions it
 * attaches below that are its own: their events reach it alone, and it may not use anyone else's.
 * Command ids are the host's, mapped back per client, so two clients' ids never collide. A client
 * that leaves has its browser session detached, and Chromium ends everything attached through it
 * (request interception, paused targets, overrides), as when a debugging socket closes.
 */
export class CdpRouter {
  private nextId = 1;
  private readonly answers = new Map<number, Answer>();
  private readonly owners = new Map<string, RouterClient>();

  constructor(private readonly toBrowser: (text: string) => void) {}

  /** Sends a command as the host itself (on the browser's root session). */
  call(method: string, params: object = {}): Promise<CdpMessage> {
    return new Promise((resolve) => this.send({ method, params }, (text) => resolve(JSON.parse(text) as CdpMessage)));
  }

  /** Attaches a browser session for a new client. */
  async addClient(peer: RouterPeer): Promise<RouterClient> {
    const answer = await this.call('Target.attachToBrowserTarget');
    const sessionId = answer.result?.sessionId;
    if (typeof sessionId !== 'string') {
      throw new Error(`the browser refused a session for a new client: ${JSON.stringify(answer.error)}`);
    }
    const client = new RouterClient(this, peer, sessionId);
    this.owners.set(sessionId, client);
    return client;
  }

  /** Routes one message from the browser to the client it belongs to. */
  fromBrowser(text: string): void {
    const members = messageMembers(text);
    const id = memberValue(text, members.get('id')) as number | undefined;
    if (id !== undefined) {
      const answer = this.answers.get(id);
      this.answers.delete(id);
      answer?.(text, members);
      return;
    }
    const sessionId = memberValue(text, members.get('sessionId')) as string | undefined;
    const owner = sessionId === undefined ? undefined : this.owners.get(sessionId);
    if (!owner) {
      return; // the host's own root session, or a client that has left
    }
    const method = memberValue(text, members.get('method')) as string;
    if (TARGET_EVENTS.has(method)) {
      const child = (JSON.parse(text) as CdpMessage).params?.sessionId;
      if (typeof child === 'string' && method === 'Target.attachedToTarget') {
        this.owners.set(child, owner);
      } else if (typeof child === 'string' && this.owners.get(child) === owner) {
        this.owners.delete(child);
      }
    }
    owner.deliver(text, members, sessionId);
  }

  /** Forgets every session of a client that left, and detaches its browser session (the rest follow). */
  removeClient(client: RouterClient, browserSessionId: string): void {
    for (const [sessionId, owner] of this.owners) {
      if (owner === client) {
        this.owners.delete(sessionId);
      }
    }
    this.send({ method: 'Target.detachFromTarget', params: { sessionId: browserSessionId } }, () => undefined);
  }

  /** @internal a client's command, with its session already checked. */
  forward(client: RouterClient, message: CdpMessage, answer: Answer): void {
    const attaching = ATTACHING.has(message.method!);
    this.send(message, (text, members) => {
      const attached = attaching ? (JSON.parse(text) as CdpMessage).result?.sessionId : undefined;
      if (typeof attached === 'string') {
        this.owners.set(attached, client);
      }
      answer(text, members);
    });
  }

  owns(client: RouterClient, sessionId: string): boolean {
    return this.owners.get(sessionId) === client;
  }

  private send(message: CdpMessage, answer: Answer): void {
    const id = this.nextId++;
    this.answers.set(id, answer);
    this.toBrowser(JSON.stringify({ ...message, id }));
  }
}

/** One connected client, with its own browser session. */
export class RouterClient implements IDisposable {
  private disposed = false;

  constructor(
    private readonly router: CdpRouter,
    private readonly peer: RouterPeer,
    private readonly browserSessionId: string,
  ) {}

  /** A message from the client's WebSocket. */
  receive(text: string): void {
    if (this.disposed) {
      return;
    }
    let message: CdpMessage;
    try {
      message = JSON.parse(text) as CdpMessage;
    } catch {
      return this.peer.close('not JSON');
    }
    if (typeof message !== 'object' || message === null || !Number.isInteger(message.id) || typeof message.method !== 'string') {
      return this.peer.close('not a CDP command');
    }
    const clientId = message.id!;
    if (message.sessionId !== undefined && !this.router.owns(this, message.sessionId)) {
      // Chromium's own answer to an unknown session: another client's sessions are not this one's.
      this.peer.send(JSON.stringify({ id: clientId, error: { code: -32001, message: 'Session with given id not found.' }, sessionId: message.sessionId }));
      return;
    }
    const sessionId = message.sessionId ?? this.browserSessionId;
    this.router.forward(this, { ...message, sessionId }, (text, members) => this.deliver(text, members, sessionId, clientId));
  }

  /**
   * @internal a message for this client, as the browser wrote it: on its browser session it loses the
   * session id, an answer gets the client's own id back, and anything else goes as it came.
   */
  deliver(text: string, members: JsonMembers, sessionId: string | undefined, clientId?: number): void {
    if (this.disposed) {
      return;
    }
    const edits: Record<string, string | undefined> = {};
    if (clientId !== undefined) {
      edits.id = String(clientId);
    }
    if (sessionId === this.browserSessionId) {
      edits.sessionId = undefined;
    }
    this.peer.send(Object.keys(edits).length ? editMembers(text, members, edits) : text);
  }

  dispose(): void {
    if (!this.disposed) {
      this.disposed = true;
      this.router.removeClient(this, this.browserSessionId);
    }
  }
}
