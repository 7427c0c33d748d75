/// <reference lib="dom" />
// The timeline strip as a test sees it, in any editor (code-server's e2e, Theia's suite): the page
// both use, the entries the strip lists, and where things are on the workbench page.
// Functions passed to evaluate run in the canvas webview.
import type { CanvasView } from './workbench';

const WIDTH_REPORTED = 'document.title = String(innerWidth)';

/** A green page whose Red and Blue buttons paint it; its title is its width, to turn page points into screen points. */
export const PAINT_PAGE = `<!doctype html><title>paint</title>
<style>html,body{margin:0;height:100%;background:#00b000}button{position:absolute;width:220px;height:80px;font-size:20px}</style>
<button id="red" style="left:40px;top:40px" onclick="document.body.style.background='#c00000'">Red</button>
<button id="blue" style="left:320px;top:200px" onclick="document.body.style.background='#0000c0'">Blue</button>
<script>${WIDTH_REPORTED}; onresize = () => { ${WIDTH_REPORTED}; };</script>`;

/** Where Blue's left edge is on the paint page (CSS px). */
export const BLUE_LEFT = 320;

export interface ShownStripEntry {
  readonly seq: number;
  readonly actor: 'agent' | 'developer';
  readonly who: string;
  readonly line: string;
  /** Its picture has decoded. */
  readonly picture: boolean;
}

/** The entries the open strips list, as shown. */
export function stripEntries(canvas: CanvasView): Promise<ShownStripEntry[]> {
  return canvas.frame.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('.timeline-strip .strip-entry')].map((item) => ({
      seq: Number(item.dataset.seq),
      actor: item.classList.contains('strip-agent') ? ('agent' as const) : ('developer' as const),
      who: item.querySelector('.strip-who')?.textContent ?? '',
      line: item.querySelector('.strip-line')?.textContent ?? '',
      picture: (item.querySelector<HTMLImageElement>('.strip-picture img')?.naturalWidth ?? 0) > 0,
    })),
  );
}

/** The selector of a strip's entry. */
export const entrySelector = (seq: number): string => `.strip-entry[data-seq="${seq}"]`;

/** The centre of an element of the canvas webview, in workbench page coordinates (for page.mouse). */
export async function centreOf(canvas: CanvasView, selector: string): Promise<[number, number]> {
  const box = await canvas.frame.$eval(selector, (element) => {
    const rect = element.getBoundingClientRect();
    return { x: rect.x + rect.width / 2, y: rect.y + rect.height / 2 };
  });
  return [canvas.origin.x + box.x, canvas.origin.y + box.y];
}

/** The colour of an <img> of the canvas webview at a fraction of its size, as decoded. */
export function imageColour(canvas: CanvasView, selector: string, fx: number, fy: number): Promise<number[]> {
  return canvas.frame.$eval(
    selector,
    (image, x, y) => {
      const picture = image as HTMLImageElement;
      const probe = new OffscreenCanvas(1, 1).getContext('2d')!;
      probe.drawImage(picture, Math.floor(picture.naturalWidth * x), Math.floor(picture.naturalHeight * y), 1, 1, 0, 0, 1, 1);
      return [...probe.getImageData(0, 0, 1, 1).data.slice(0, 3)];
    },
    fx,
    fy,
  );
}

/** Where an entry's target box sits over its picture, as fractions of the picture, once hovering shows it. */
export function shownTarget(canvas: CanvasView, seq: number): Promise<{ x: number; y: number; width: number } | false> {
  return canvas.frame.$eval(`${entrySelector(seq)} .strip-target`, (mark) => {
    const box = mark.getBoundingClientRect();
    const picture = mark.parentElement!.getBoundingClientRect();
    return mark.isConnected && picture.width > 0 && getComputedStyle(mark).display !== 'none' && { x: (box.x - picture.x) / picture.width, y: (box.y - picture.y) / picture.height, width: box.width / picture.width };
  });
}
