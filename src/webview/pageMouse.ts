// Mouse input for a page, at page CSS coordinates. Hover moves are coalesced to one per animation
// frame; moves with a button held, presses and releases are sent at once and in order.
import { COORDINATE_LIMIT, clamp } from '../contract/limits';
import { modifierBits } from './modifiers';
import type { MouseInput } from '../contract/protocol';
import type { Point } from './rect';
import type { Post } from './vscodeApi';

type MouseButton = MouseInput['button'];
const BUTTON_BY_INDEX: readonly MouseButton[] = ['left', 'middle', 'right', 'back', 'forward'];
/** MouseEvent.buttons bits, in the order CDP prefers when several are held. */
const BUTTON_BY_BIT: ReadonlyArray<readonly [number, MouseButton]> = [[1, 'left'], [4, 'middle'], [2, 'right'], [8, 'back'], [16, 'forward']];
const DELTA_LIMIT = 10_000;
const LINE_HEIGHT = 16; // CSS px per wheel "line", as browsers count it

/** Where an event lands on a tile's page (page CSS px). */
export type PageLocator = (tileId: string, event: MouseEvent) => Point;

export class PageMouse {
  private pendingMove: MouseInput | undefined;
  private animationFrame: number | undefined;

  constructor(
    private readonly post: Post,
    private readonly locate: PageLocator,
  ) {}

  press(tileId: string, event: MouseEvent): void {
    this.send(this.input(tileId, 'mousePressed', event, BUTTON_BY_INDEX[event.button] ?? 'none'));
  }

  release(tileId: string, event: MouseEvent): void {
    this.send(this.input(tileId, 'mouseReleased', event, BUTTON_BY_INDEX[event.button] ?? 'none'));
  }

  move(tileId: string, event: MouseEvent): void {
    const held = BUTTON_BY_BIT.find(([bit]) => event.buttons & bit)?.[1] ?? 'none';
    const input = this.input(tileId, 'mouseMoved', event, held);
    if (event.buttons !== 0) {
      this.send(input);
      return;
    }
    this.pendingMove = input;
    this.animationFrame ??= requestAnimationFrame(() => this.flush());
  }

  wheel(tileId: string, event: WheelEvent): void {
    const unit = event.deltaMode === WheelEvent.DOM_DELTA_LINE ? LINE_HEIGHT : event.deltaMode === WheelEvent.DOM_DELTA_PAGE ? window.innerHeight : 1;
    this.send({
      ...this.input(tileId, 'mouseWheel', event, 'none'),
      deltaX: clamp(event.deltaX * unit, -DELTA_LIMIT, DELTA_LIMIT),
      deltaY: clamp(event.deltaY * unit, -DELTA_LIMIT, DELTA_LIMIT),
    });
  }

  dispose(): void {
    if (this.animationFrame !== undefined) {
      cancelAnimationFrame(this.animationFrame);
    }
  }

  /** Sends whatever hover move is waiting first, so the page sees events in the order they happened. */
  private send(input: MouseInput): void {
    this.flush();
    this.post(input);
  }

  private flush(): void {
    if (this.animationFrame !== undefined) {
      cancelAnimationFrame(this.animationFrame);
      this.animationFrame = undefined;
    }
    const move = this.pendingMove;
    this.pendingMove = undefined;
    if (move) {
      this.post(move);
    }
  }

  private input(tileId: string, action: MouseInput['action'], event: MouseEvent, button: MouseButton): MouseInput {
    const point = this.locate(tileId, event);
    const clicks = action === 'mousePressed' || action === 'mouseReleased' ? clamp(event.detail, 1, 3) : 0;
    return {
      type: 'mouse',
      tileId,
      action,
      x: clamp(point.x, -COORDINATE_LIMIT, COORDINATE_LIMIT),
      y: clamp(point.y, -COORDINATE_LIMIT, COORDINATE_LIMIT),
      button,
      buttons: event.buttons & 31,
      clickCount: clicks,
      deltaX: 0,
      deltaY: 0,
      modifiers: modifierBits(event),
    };
  }
}
