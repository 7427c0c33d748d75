// The CDP modifier bit field (Alt=1, Ctrl=2, Meta=4, Shift=8) from a DOM event.

export function modifierBits(event: MouseEvent | KeyboardEvent): number {
  return (event.altKey ? 1 : 0) | (event.ctrlKey ? 2 : 0) | (event.metaKey ? 4 : 0) | (event.shiftKey ? 8 : 0);
}
