// Runs in the page with the recorder script (sent as source text, so self-contained): scrolls and
// viewport resizes, each reported once it settles, so one gesture or one drag of a tile's edge is one step.

import type { RecordedEvent } from './recorderScript';

/** Starts watching; the function it returns reports at once whatever is still settling. */
export function watchScrollsAndResizes(send: (event: RecordedEvent) => void, keep: (element: Element) => number): () => void {
  /** Quiet this long, a scroll or resize has ended. */
  const SETTLED_MS = 400;
  /** A scroll starting this soon after a focus, typing or a resize is their doing, not a gesture of its own. */
  const CAUSED_MS = 150;
  const settling = new Map<unknown, { timer: ReturnType<typeof setTimeout>; report: () => void; quiet: boolean }>();
  let causedAt = -Infinity;

  const end = (key: unknown) => {
    const gesture = settling.get(key);
    settling.delete(key);
    clearTimeout(gesture?.timer);
    if (gesture && !gesture.quiet) {
      gesture.report();
    }
  };
  /** `report` runs once `key` has been quiet a while, unless what started it was `caused` by something else. */
  const settle = (key: unknown, report: () => void, caused: boolean) => {
    const gesture = settling.get(key);
    clearTimeout(gesture?.timer);
    settling.set(key, { timer: setTimeout(() => end(key), SETTLED_MS), report, quiet: gesture ? gesture.quiet : caused });
  };

  for (const type of ['focusin', 'input'] as const) {
    addEventListener(type, () => (causedAt = performance.now()), true);
  }
  // A wheel or a swipe is the person scrolling, whatever came just before.
  for (const type of ['wheel', 'touchmove'] as const) {
    addEventListener(type, () => (causedAt = -Infinity), { capture: true, passive: true });
  }
  addEventListener(
    'scroll',
    (event) => {
      const caused = performance.now() - causedAt < CAUSED_MS;
      if (event.target === document) {
        settle(event.target, () => send({ kind: 'scroll', x: Math.round(scrollX), y: Math.round(scrollY) }), caused);
      } else if (event.target instanceof Element && !(event.target instanceof HTMLInputElement)) {
        // (An input scrolls only to show its caret.)
        const element = event.target;
        settle(element, () => send({ kind: 'scroll', id: keep(element), x: Math.round(element.scrollLeft), y: Math.round(element.scrollTop) }), caused);
      }
    },
    true,
  );
  if (window === window.top) {
    addEventListener('resize', () => {
      causedAt = performance.now();
      settle(window, () => send({ kind: 'viewport', width: innerWidth, height: innerHeight }), false);
    });
  }
  return () => [...settling.keys()].forEach(end);
}
