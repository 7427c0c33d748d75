import { holderName, LivePage, SessionRecord } from '../../cdp';
import type { TileInfo } from '../../webview/protocol';

// Distinct hues that read on dark and light themes; one per session, so its tiles share it.
const SESSION_COLORS = ['#3794ff', '#89d185', '#d18616', '#b180d7', '#4ec9b0', '#cca700', '#f14c4c', '#e27ba5'];

export function sessionColor(sessionId: string): string {
  let hash = 0;
  for (const char of sessionId) {
    hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  }
  return SESSION_COLORS[hash % SESSION_COLORS.length];
}

export function tileInfo(page: LivePage, session: SessionRecord | undefined, recording: boolean): TileInfo {
  const { url, title, canGoBack, canGoForward, width, height, openerId, crashed } = page.info;
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
  };
}
