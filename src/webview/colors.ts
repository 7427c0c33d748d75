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

const DARK_INK = '#1e1e1e';
const LIGHT_INK = '#ffffff';

/** WCAG relative luminance of an sRGB colour (0..255 channels). */
export function relativeLuminance([r, g, b]: readonly number[]): number {
  const linear = (channel: number) => {
    const c = channel / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}

/** WCAG contrast ratio between two colours (1..21); 4.5 is AA for text. */
export function contrastRatio(a: readonly number[], b: readonly number[]): number {
  const [light, dark] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x);
  return (light + 0.05) / (dark + 0.05);
}

/** The dark or the light ink, whichever has the higher contrast on `background` ([r, g, b]). */
export function readableInk(background: readonly number[]): string {
  return contrastRatio(background, [30, 30, 30]) >= contrastRatio(background, [255, 255, 255]) ? DARK_INK : LIGHT_INK;
}

/** Black or white, whichever reads better on `background` (WCAG contrast). */
export function readableTextOn(background: string): string {
  return readableInk(parseColor(background));
}
