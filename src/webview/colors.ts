// Colour helpers for Konva, which needs concrete colours where CSS would use variables.

let probe: CanvasRenderingContext2D | null | undefined;

/** Any CSS colour as [r, g, b, a] (0..255, alpha 0..1), using the canvas's own parser. */
export function parseColor(color: string): [number, number, number, number] {
  probe ??= document.createElement('canvas').getContext('2d');
  if (!probe) {
    return [128, 128, 128, 1];
  }
  probe.fillStyle = '#808080';
  probe.fillStyle = color;
  const normalized = String(probe.fillStyle);
  if (normalized.startsWith('#')) {
    const value = Number.parseInt(normalized.slice(1), 16);
    return [(value >> 16) & 255, (value >> 8) & 255, value & 255, 1];
  }
  const parts = normalized.match(/[\d.]+/g)?.map(Number) ?? [128, 128, 128, 1];
  return [parts[0] ?? 128, parts[1] ?? 128, parts[2] ?? 128, parts[3] ?? 1];
}

export function withAlpha(color: string, alpha: number): string {
  const [r, g, b] = parseColor(color);
  return `rgba(${r}, ${g}, ${b}, ${alpha})`;
}

/** Black or white, whichever reads better on `background` (WCAG relative luminance). */
export function readableTextOn(background: string): string {
  const [r, g, b] = parseColor(background).map((channel, index) => {
    if (index === 3) {
      return channel;
    }
    const c = channel / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  const luminance = 0.2126 * (r ?? 0) + 0.7152 * (g ?? 0) + 0.0722 * (b ?? 0);
  return luminance > 0.4 ? '#1e1e1e' : '#ffffff';
}
