// Pan/zoom math. A camera is the world point shown at the view's top-left corner plus a scale
// (screen CSS px per world unit); 1 world unit is 1 CSS pixel of a page, so scale 1 shows pages at 100%.
import type { Camera } from '../contract/protocol';
import { SCALE_LIMITS, clamp } from '../contract/limits';
import type { Point, Rect, Size } from './rect';
import { unionOf } from './rect';

export const DEFAULT_CAMERA: Camera = { x: 0, y: 0, scale: 1 };

export function clampScale(scale: number): number {
  return clamp(scale, SCALE_LIMITS.min, SCALE_LIMITS.max);
}

export function worldToScreen(camera: Camera, point: Point): Point {
  return { x: (point.x - camera.x) * camera.scale, y: (point.y - camera.y) * camera.scale };
}

export function screenToWorld(camera: Camera, point: Point): Point {
  return { x: point.x / camera.scale + camera.x, y: point.y / camera.scale + camera.y };
}

export function worldRectToScreen(camera: Camera, rect: Rect): Rect {
  const topLeft = worldToScreen(camera, rect);
  return { ...topLeft, width: rect.width * camera.scale, height: rect.height * camera.scale };
}

export function visibleWorldRect(camera: Camera, viewport: Size): Rect {
  return { x: camera.x, y: camera.y, width: viewport.width / camera.scale, height: viewport.height / camera.scale };
}

/** Moves the camera by a screen-pixel delta (the content follows the pointer). */
export function panBy(camera: Camera, screenDelta: Point): Camera {
  return { ...camera, x: camera.x - screenDelta.x / camera.scale, y: camera.y - screenDelta.y / camera.scale };
}

/** Changes the scale while the world point under `screenPoint` stays where it is. */
export function zoomAt(camera: Camera, screenPoint: Point, scale: number): Camera {
  const anchor = screenToWorld(camera, screenPoint);
  const nextScale = clampScale(scale);
  return { x: anchor.x - screenPoint.x / nextScale, y: anchor.y - screenPoint.y / nextScale, scale: nextScale };
}

/**
 * The camera that shows every rect inside the viewport less `insets` (screen px kept clear, e.g. under
 * the toolbar). Never zooms in past 100%: pages look their best at their own size.
 */
export function fitRects(
  rects: readonly Rect[],
  viewport: Size,
  insets: { top: number; side: number },
): Camera | undefined {
  const bounds = unionOf(rects);
  if (!bounds) {
    return undefined;
  }
  const room = { width: Math.max(1, viewport.width - 2 * insets.side), height: Math.max(1, viewport.height - insets.top - insets.side) };
  const scale = clampScale(Math.min(1, room.width / bounds.width, room.height / bounds.height));
  const left = insets.side + (room.width - bounds.width * scale) / 2;
  const top = insets.top + (room.height - bounds.height * scale) / 2;
  return { x: bounds.x - left / scale, y: bounds.y - top / scale, scale };
}

/**
 * The camera that brings `rects` into view (as `fitRects` does), or undefined when they are on screen
 * already, clear of `insets`: the view does not move under the developer for nothing.
 */
export function cameraShowing(rects: readonly Rect[], camera: Camera, viewport: Size, insets: { top: number; side: number }): Camera | undefined {
  const view = visibleWorldRect(camera, viewport);
  const clear = {
    x: view.x + insets.side / camera.scale,
    y: view.y + insets.top / camera.scale,
    width: view.width - (2 * insets.side) / camera.scale,
    height: view.height - (insets.top + insets.side) / camera.scale,
  };
  const inView = rects.every((rect) => rect.x >= clear.x && rect.y >= clear.y && rect.x + rect.width <= clear.x + clear.width && rect.y + rect.height <= clear.y + clear.height);
  return inView ? undefined : fitRects(rects, viewport, insets);
}

/**
 * The camera at 100 % that shows `tile` (the one with the keyboard, or the one nearest the middle of
 * the view) whole where it fits, else from its top-left corner, clear of `insets`; with no tile, 100 %
 * around the middle of the view.
 */
export function cameraAtActualSize(camera: Camera, viewport: Size, insets: { top: number; side: number }, tile: Rect | undefined): Camera {
  if (!tile) {
    return zoomAt(camera, { x: viewport.width / 2, y: viewport.height / 2 }, 1);
  }
  const room = { width: viewport.width - 2 * insets.side, height: viewport.height - insets.top - insets.side };
  const left = tile.width <= room.width ? insets.side + (room.width - tile.width) / 2 : insets.side;
  const top = tile.height <= room.height ? insets.top + (room.height - tile.height) / 2 : insets.top;
  return { x: tile.x - left, y: tile.y - top, scale: 1 };
}

/** The item whose rect's centre is nearest the middle of the view, if any. */
export function nearestToMiddle<T>(items: readonly T[], rectOf: (item: T) => Rect, camera: Camera, viewport: Size): T | undefined {
  const middle = screenToWorld(camera, { x: viewport.width / 2, y: viewport.height / 2 });
  const distance = (rect: Rect) => Math.hypot(rect.x + rect.width / 2 - middle.x, rect.y + rect.height / 2 - middle.y);
  return [...items].sort((a, b) => distance(rectOf(a)) - distance(rectOf(b)))[0];
}

/** One notch of a mouse wheel with Ctrl zooms by this much, as the editor's own zoom steps do. */
const WHEEL_NOTCH_ZOOM = 1.1;
/** Chromium reports a notch as 100 px (120 on some systems); trackpad pinches come in small steps. */
const PIXELS_PER_NOTCH = 100;
/** A pinch's deltas are its scale change in hundredths: zoom follows the fingers. */
const PINCH_ZOOM_PER_PIXEL = 0.01;

/** The scale factor for one Ctrl+wheel event: gentle steps for a wheel's notches, continuous for a pinch. */
export function wheelZoomFactor(deltaY: number, deltaMode: number): number {
  if (deltaMode !== 0) {
    return WHEEL_NOTCH_ZOOM ** -Math.sign(deltaY); // lines or pages: one step per event
  }
  const notched = Math.abs(deltaY) >= PIXELS_PER_NOTCH / 2 && Number.isInteger(deltaY);
  return notched ? WHEEL_NOTCH_ZOOM ** (-deltaY / PIXELS_PER_NOTCH) : Math.exp(-deltaY * PINCH_ZOOM_PER_PIXEL);
}
