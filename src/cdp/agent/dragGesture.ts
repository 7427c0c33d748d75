import type { Protocol } from 'devtools-protocol';
import type { PageInput } from '../pageInput';
import { onCdpEvent } from '../puppeteerEvents';
import type { PageTarget } from '../target/pageTarget';
import { abortable } from '../action/abort';

type Point = { readonly x: number; readonly y: number };

/** Moves between press and release: a sortable list or a slider follows each one, as it would a hand. */
const DRAG_MOVES = 8;
/** The first move, past the few pixels a browser waits for before it calls a press a drag. */
const DRAG_START_PX = 8;

/**
 * Drags with the left button held, as a person does: press on `from`, move a little (the page starts
 * its drag), find the destination (`to` may scroll it into view), move there in steps, release.
 * Pages that drag with pointer events (sliders, most sortable lists) see exactly that. An HTML5 drag
 * and drop the page starts is intercepted meanwhile (Input.setInterceptDrags, as puppeteer does): the
 * browser hands us the drag's data, which we drop at the destination, so it works headless and never
 * starts the operating system's own drag loop on a visible window. Says which kind of drag it was.
 */
export async function dragWithMouse(page: PageTarget, input: PageInput, from: Point, to: () => Promise<Point>, signal: AbortSignal): Promise<'html5' | 'pointer'> {
  let data: Protocol.Input.DragData | undefined;
  const intercepted = onCdpEvent(page, 'Input.dragIntercepted', (event) => (data = event.data));
  let pressed = false;
  const mouse = (type: 'mouseMoved' | 'mousePressed' | 'mouseReleased', at: Point, held: boolean) =>
    abortable(input.mouse({ action: type, x: at.x, y: at.y, button: held || type !== 'mouseMoved' ? 'left' : 'none', buttons: held ? 1 : 0, clickCount: type === 'mouseMoved' ? 0 : 1, deltaX: 0, deltaY: 0, modifiers: 0 }), signal);
  try {
    await abortable(page.send('Input.setInterceptDrags', { enabled: true }), signal);
    await mouse('mouseMoved', from, false);
    await mouse('mousePressed', from, true);
    pressed = true;
    const started = { x: from.x + DRAG_START_PX, y: from.y + DRAG_START_PX };
    await mouse('mouseMoved', started, true);
    const end = await to();
    for (let step = 1; step <= DRAG_MOVES; step++) {
      await mouse('mouseMoved', { x: started.x + ((end.x - started.x) * step) / DRAG_MOVES, y: started.y + ((end.y - started.y) * step) / DRAG_MOVES }, true);
    }
    // The browser reports an intercepted drag just after the move that started it: one round trip to the renderer lets that report arrive.
    await abortable(page.send('Runtime.evaluate', { expression: '0' }), signal);
    if (data) {
      for (const type of ['dragEnter', 'dragOver', 'drop'] as const) {
        await abortable(page.send('Input.dispatchDragEvent', { type, x: end.x, y: end.y, data, modifiers: 0 }), signal);
      }
    }
    await mouse('mouseReleased', end, false);
    pressed = false;
    return data ? 'html5' : 'pointer';
  } finally {
    intercepted.dispose();
    // Never leave the button held or a drag hanging for the developer's next input. Best effort: what
    // the model reads is how the drag itself went.
    const cleanUp = (work: Promise<unknown>) => work.catch(() => undefined);
    if (pressed) {
      await cleanUp(data ? page.send('Input.cancelDragging') : Promise.resolve());
      await cleanUp(input.mouse({ action: 'mouseReleased', x: from.x, y: from.y, button: 'left', buttons: 0, clickCount: 1, deltaX: 0, deltaY: 0, modifiers: 0 }));
    }
    await cleanUp(page.send('Input.setInterceptDrags', { enabled: false }));
  }
}
