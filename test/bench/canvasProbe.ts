/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// Measurements taken inside the canvas webview (one clock for the input and the drawn frame).
import type { Frame } from 'puppeteer-core';
import { canvasPixelReader } from '../e2e/workbench';

/**
 * Presses `times` times at a client point of the canvas with real DOM mouse events (the path a click
 * takes), and after each press waits for the colour on screen at that point to change: the moment
 * the webview drew the frame showing the page's reaction.
 */
export async function pressToPixelLatencies(frame: Frame, point: { x: number; y: number }, times: number): Promise<number[]> {
  const read = await canvasPixelReader(frame);
  return frame.evaluate(
    async (readPixel, { x, y }, count) => {
      const pixel = () => readPixel(x, y).join(',');
      const nextFrame = () => new Promise<number>((resolve) => requestAnimationFrame(resolve));
      const latencies: number[] = [];
      for (let i = 0; i < count; i++) {
        const before = pixel();
        const target = document.elementFromPoint(x, y)!;
        const init = { clientX: x, clientY: y, button: 0, detail: 1, bubbles: true };
        const start = performance.now();
        target.dispatchEvent(new MouseEvent('mousedown', { ...init, buttons: 1 }));
        window.dispatchEvent(new MouseEvent('mouseup', { ...init, buttons: 0 }));
        while (pixel() === before) {
          if (performance.now() - start > 5000) {
            throw new Error(`the tile did not change within 5 s (press ${i})`);
          }
          await nextFrame();
        }
        latencies.push(performance.now() - start);
        await new Promise((resolve) => setTimeout(resolve, 150));
      }
      return latencies;
    },
    read,
    point,
    times,
  ).finally(() => read.dispose());
}
