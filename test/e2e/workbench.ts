/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// Functions passed to evaluate run in the workbench or the webview, hence the DOM types.
import type { Frame, JSHandle, Page } from 'puppeteer-core';
import { waitFor } from '../support/waitFor';

/**
 * Runs a command from the palette, as a person would (F1, type its title, Enter). Commands of remote
 * extensions appear a little after the workbench, so the palette is opened again until it lists it.
 */
export async function runFromPalette(page: Page, title: string): Promise<void> {
  const rows = () => page.evaluate(() => [...document.querySelectorAll('.quick-input-list .monaco-list-row')].map((row) => row.textContent ?? ''));
  await waitFor(async () => {
    await page.keyboard.press('F1');
    const input = await page.waitForSelector('.quick-input-widget input', { visible: true });
    await input!.type(title);
    const listed = await waitFor(async () => (await rows()).some((row) => row.startsWith(title)), `"${title}" in the command palette`, 3_000).catch(() => false);
    if (!listed) {
      await page.keyboard.press('Escape');
    }
    return listed;
  }, `"${title}" in the command palette`, 60_000);
  await page.keyboard.press('Enter');
}

/** Presses a button of the editor's modal dialog once it asks `question`. */
export async function answerDialog(page: Page, question: RegExp, button: string): Promise<void> {
  const dialog = await waitFor(async () => {
    const found = await page.$('.monaco-dialog-box');
    return found && question.test(await found.evaluate((box) => box.textContent ?? '')) ? found : undefined;
  }, `the dialog ${question}`);
  const buttons = await dialog.$$('.monaco-button');
  for (const candidate of buttons) {
    if ((await candidate.evaluate((element) => element.textContent?.trim())) === button) {
      await candidate.click();
      return;
    }
  }
  throw new Error(`the dialog has no button "${button}"`);
}

/** Waits for the editor's quick input to ask `question` (its title, text or placeholder), then presses `keys`. */
export async function answerQuickInput(page: Page, question: RegExp, keys: string[]): Promise<void> {
  const asked = () => page.$eval('.quick-input-widget', (widget) => `${widget.textContent} ${widget.querySelector('input')?.placeholder}`).catch(() => '');
  await waitFor(async () => question.test(await asked()), `${question}`);
  // Shown is not yet focused: keys typed before its box has the keyboard go elsewhere. When a webview
  // had the keyboard, the workbench sometimes hands it back to the webview after the picker opened; a
  // person then clicks the picker's box, and so do we.
  const focused = () => page.$eval('.quick-input-widget', (widget) => widget.contains(document.activeElement)).catch(() => false);
  const settled = await waitFor(focused, `the keyboard in ${question}`, 5_000).catch(() => false);
  if (!settled) {
    await page.click('.quick-input-widget input');
    await waitFor(focused, `the keyboard in ${question}, after a click on its box`);
  }
  for (const key of keys) {
    await page.keyboard.press(key as never);
  }
}

export interface TileDiagnostics {
  readonly tileId: string;
  readonly sessionId: string;
  readonly title: string;
  readonly url: string;
  readonly controller: string;
  /** The agent client the badge names, while one holds the session. */
  readonly holder?: string;
  readonly focused: boolean;
  /** The header shows the site's icon. */
  readonly favicon: boolean;
  readonly framesDrawn: number;
  /** How many frames the page had sent by the newest one drawn. */
  readonly frameSequence: number;
  /** The last frame's own pixel size. */
  readonly frameWidth: number;
  readonly frameHeight: number;
  /** How the last frame came: 'socket', 'binary' or 'base64' (browserCanvas.frameTransport). */
  readonly frameTransport?: string;
  readonly pageRect: { x: number; y: number; width: number; height: number };
  readonly headerRect: { x: number; y: number; width: number; height: number };
  readonly badgeRect: { x: number; y: number; width: number; height: number };
  readonly titleRect: { x: number; y: number; width: number; height: number };
  /** The title as the header draws it, the resource policy's mark first. */
  readonly headerTitle: string;
  readonly pinRect: { x: number; y: number; width: number; height: number };
  readonly recordRect: { x: number; y: number; width: number; height: number };
  readonly recording: boolean;
  readonly closeRect: { x: number; y: number; width: number; height: number };
  readonly sessionLabel: string;
  readonly pageless: boolean;
  /** The text in the page area while it shows no picture. */
  readonly placeholder?: string;
}

export interface CanvasView {
  readonly frame: Frame;
  /**
   * Where the canvas document's (0, 0) is on the workbench page, as of the last `tiles()` read: a side
   * bar opened or closed since moves the webview (seen in Theia, where the click then missed the tile).
   */
  readonly origin: { x: number; y: number };
  tiles(): Promise<TileDiagnostics[]>;
  overlays(): Promise<{ select?: { tileId: string; options: string[] }; dialog?: { tileId: string; kind: string; message: string } }>;
  /** The agent's highlights, ripples and labels drawn so far (the last 50). */
  agentSteps(): Promise<Array<{ tileId: string; kind: string; rect: { x: number; y: number; width: number; height: number }; text?: string }>>;
  /** The colour on screen at a point of a tile's page, in that page's CSS pixels. */
  pixelAt(tile: TileDiagnostics, pageWidth: number, x: number, y: number): Promise<[number, number, number]>;
  /** The camera's zoom: screen px per page CSS px. */
  scale(): Promise<number>;
  /** Workbench-page coordinates of a point of the canvas no tile covers (nor the toolbar), if there is one. */
  emptyPoint(): Promise<{ x: number; y: number } | undefined>;
  /** Workbench-page coordinates of a point of a tile's page. */
  screenPoint(tile: TileDiagnostics, pageWidth: number, x: number, y: number): { x: number; y: number };
  /**
   * What a press at a workbench-page point would land on, if not the webview: the editor may lay
   * something over it, or take pointer events from webviews while its layout changes.
   */
  obstacleAt(point: { x: number; y: number }): Promise<string | undefined>;
}

interface DiagnosticsWindow {
  browserCanvasDiagnostics?: {
    tiles(): TileDiagnostics[];
    camera(): { x: number; y: number; scale: number };
    overlays(): Awaited<ReturnType<CanvasView['overlays']>>;
    agentSteps(): Awaited<ReturnType<CanvasView['agentSteps']>>;
  };
}

/**
 * A function inside the canvas webview giving the colour on screen at a client point: the topmost
 * opaque pixel of its canvas layers, which is what the developer sees there.
 */
export function canvasPixelReader(frame: Frame): Promise<JSHandle<(x: number, y: number) => [number, number, number]>> {
  return frame.evaluateHandle(() => {
    // Canvases in document order are bottom to top (Konva's layers, and the page images between them);
    // any kind of canvas is read by copying one pixel of it into this one.
    const probe = new OffscreenCanvas(1, 1).getContext('2d', { willReadFrequently: true })!;
    return (x: number, y: number): [number, number, number] => {
      for (const canvas of [...document.querySelectorAll('canvas')].reverse()) {
        const box = canvas.getBoundingClientRect();
        if (x < box.left || y < box.top || x >= box.right || y >= box.bottom || canvas.width === 0) {
          continue;
        }
        const px = Math.floor(((x - box.left) * canvas.width) / box.width);
        const py = Math.floor(((y - box.top) * canvas.height) / box.height);
        probe.clearRect(0, 0, 1, 1);
        probe.drawImage(canvas, px, py, 1, 1, 0, 0, 1, 1);
        const [r, g, b, a] = probe.getImageData(0, 0, 1, 1).data;
        if (a === 255) {
          return [r, g, b];
        }
      }
      return [0, 0, 0];
    };
  });
}

/** Finds the canvas webview among the workbench's frames (a webview is an iframe inside an iframe). */
export async function findCanvas(page: Page, timeoutMs = 60_000): Promise<CanvasView> {
  const frame = await waitFor(async () => {
    for (const candidate of page.frames()) {
      // A frame can go while the workbench reloads; puppeteer then throws at once, not in the promise.
      const found = await (async () => candidate.evaluate(() => !!(window as DiagnosticsWindow).browserCanvasDiagnostics))().catch(() => false);
      if (found && !candidate.detached) {
        return candidate;
      }
    }
    return undefined;
  }, 'the canvas webview', timeoutMs);
  // One handle on the webview's frame element for the frame's life: its box moves with the editor's layout.
  const element = (await frame.frameElement())!;
  const box = await element.boundingBox();
  const origin = { x: box!.x, y: box!.y };
  const followFrame = async () => {
    const moved = await element.boundingBox();
    if (moved) {
      origin.x = moved.x;
      origin.y = moved.y;
    }
  };
  const screenPoint = (tile: TileDiagnostics, pageWidth: number, x: number, y: number) => {
    const scale = tile.pageRect.width / pageWidth;
    return { x: origin.x + tile.pageRect.x + x * scale, y: origin.y + tile.pageRect.y + y * scale };
  };
  return {
    frame,
    origin,
    tiles: async () => {
      await followFrame();
      return frame.evaluate(() => (window as DiagnosticsWindow).browserCanvasDiagnostics!.tiles());
    },
    overlays: () => frame.evaluate(() => (window as DiagnosticsWindow).browserCanvasDiagnostics!.overlays()),
    agentSteps: () => frame.evaluate(() => (window as DiagnosticsWindow).browserCanvasDiagnostics!.agentSteps()),
    scale: () => frame.evaluate(() => (window as DiagnosticsWindow).browserCanvasDiagnostics!.camera().scale),
    emptyPoint: async () => {
      await followFrame();
      const point = await frame.evaluate(() => {
        const tiles = (window as DiagnosticsWindow).browserCanvasDiagnostics!.tiles();
        const margin = 8;
        const covered = (x: number, y: number) =>
          tiles.some((tile) => [tile.pageRect, tile.headerRect].some((r) => x >= r.x - margin && x <= r.x + r.width + margin && y >= r.y - margin && y <= r.y + r.height + margin));
        // From the top right down: the toolbar is top left, notifications come up bottom right.
        for (let y = 70; y < innerHeight - 20; y += 20) {
          for (let x = innerWidth - 20; x > 20; x -= 20) {
            if (!covered(x, y)) {
              return { x, y };
            }
          }
        }
        return undefined;
      });
      return point && { x: origin.x + point.x, y: origin.y + point.y };
    },
    screenPoint,
    obstacleAt: ({ x, y }) =>
      frame.page().evaluate((atX, atY) => {
        const hit = document.elementFromPoint(atX, atY);
        return hit?.tagName === 'IFRAME' ? undefined : hit ? `${hit.tagName.toLowerCase()}.${[...hit.classList].join('.')}` : 'nothing';
      }, x, y),
    pixelAt: async (tile, pageWidth, x, y) => {
      const scale = tile.pageRect.width / pageWidth;
      const read = await canvasPixelReader(frame);
      try {
        return await frame.evaluate((readPixel, px, py) => readPixel(px, py), read, tile.pageRect.x + x * scale, tile.pageRect.y + y * scale);
      } finally {
        await read.dispose();
      }
    },
  };
}
