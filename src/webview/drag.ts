// Follows one mouse drag from its mousedown until that button is released, wherever the pointer goes.
import type { Point } from './rect';

export function followDrag(
  start: MouseEvent,
  onMove: (delta: Point, event: MouseEvent) => void,
  onEnd?: (event: MouseEvent) => void,
): void {
  const move = (event: MouseEvent) => onMove({ x: event.clientX - start.clientX, y: event.clientY - start.clientY }, event);
  const end = (event: MouseEvent) => {
    if (event.button !== start.button) {
      return;
    }
    window.removeEventListener('mousemove', move);
    window.removeEventListener('mouseup', end);
    onEnd?.(event);
  };
  window.addEventListener('mousemove', move);
  window.addEventListener('mouseup', end);
}
