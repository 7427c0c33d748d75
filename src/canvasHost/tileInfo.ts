import { HibernatedPage, holderName, LivePage, SessionRecord } from '../cdp';
import type { TileInfo } from '../contract/protocol';

/**
 * Distinct hues that read on dark and light themes; one per session, so its tiles share it. None is
 * the agent's orange or the keyboard focus blue, which mark who holds a tile and which has the keys;
 * each takes dark header text at 4.5:1 or more (WCAG AA).
 */
export const SESSION_COLORS = ['#89d185', '#b180d7', '#4ec9b0', '#f14c4c', '#e27ba5', '#9aa5b1', '#d7ba7d'];

export function sessionColor(sessionId: string): string {
  let hash = 0;
  for (const char of sessionId) {
    hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  }
  return SESSION_COLORS[hash % SESSION_COLORS.length];
}

export function tileInfo(page: LivePage, session: SessionRecord | undefined, recording: boolean): TileInfo {
  const { url, title, canGoBack, canGoForward, width, height, openerId, crashed, unanswered } = page.info;
  return {
    tileId: page.targetId,
    sessionId: page.sessionId,
    sessionLabel: session?.label ?? page.sessionId,
    color: sessionColor(page.sessionId),
    controller: session?.controller ?? 'developer',
    ...(session?.controller === 'agent' && session.agentClient ? { holder: holderName(session) } : {}),
    url,
    title: title || url,
    canGoBack,
    canGoForward,
    width: width || 1280,
    height: height || 800,
    ...(openerId ? { openerId } : {}),
    ...(recording ? { recording } : {}),
    ...(crashed ? { crashed } : {}),
    ...(unanswered ? { unanswered } : {}),
  };
}

const SESSION_TILE_PREFIX = 'session-';

/** The tile of a session with no page open (its session id is 8 hex; a page's tile id is its 32-hex target id). */
export function sessionTileId(sessionId: string): string {
  return `${SESSION_TILE_PREFIX}${sessionId}`;
}

export function sessionOfTile(tileId: string): string | undefined {
  return tileId.startsWith(SESSION_TILE_PREFIX) ? tileId.slice(SESSION_TILE_PREFIX.length) : undefined;
}

/** A running browser with no page keeps a tile, which offers a new page or Terminate. */
export function pagelessTileInfo(session: SessionRecord): TileInfo {
  return {
    tileId: sessionTileId(session.id),
    sessionId: session.id,
    sessionLabel: session.label,
    color: sessionColor(session.id),
    controller: session.controller,
    ...(session.controller === 'agent' && session.agentClient ? { holder: holderName(session) } : {}),
    url: '',
    title: session.label,
    canGoBack: false,
    canGoForward: false,
    width: 480,
    height: 270,
    pageless: true,
  };
}

/**
 * A page of a hibernated session (its browser closed): the tile keeps its id and so the canvas keeps
 * its last picture, marked, until the session wakes and the reopened page takes its place.
 */
export function hibernatedTileInfo(session: SessionRecord, page: HibernatedPage): TileInfo {
  return {
    tileId: page.targetId,
    sessionId: session.id,
    sessionLabel: session.label,
    color: sessionColor(session.id),
    controller: session.controller,
    ...(session.controller === 'agent' && session.agentClient ? { holder: holderName(session) } : {}),
    url: page.url,
    title: page.title || page.url,
    canGoBack: false,
    canGoForward: false,
    width: page.width,
    height: page.height,
    pace: 'hibernated',
  };
}
