import type { Target } from 'puppeteer-core';

/**
 * A page's target id, which the canvas and the agent's tools use as its page id. puppeteer keeps it in
 * a private field (stable for years; the unit tests would catch a change); asking Chromium instead
 * would cost a CDP session per page per lookup.
 */
export function targetIdOf(target: Target): string {
  return (target as unknown as { _targetId: string })._targetId;
}
